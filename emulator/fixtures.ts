/**
 * Realistic VPN connections for the emulator, in the wire shapes and wire types Alibaba Cloud sends
 * (the DescribeVpnConnection API reference and the generated model `DescribeVpnConnectionResponseBody`
 * of aliyun/alibabacloud-typescript-sdk, `vpc-20160428`): top-level booleans as booleans, `CreateTime` in milliseconds, `VcoHealthCheck.Enable`
 * and `VpnBgpConfig.EnableBgp` as strings, every scalar inside a tunnel as a string. Pre-shared keys and
 * BGP keys are distinctive strings so leak tests can search logs, errors and state for them. Generated
 * fleets for benchmarks and paging tests are in `fleet.ts`.
 *
 * @packageDocumentation
 */

import type { WireTunnelOptions, WireVpnConnection } from "../provider/wire";

/**
 * Region ids the emulator accepts, with the three-character prefix real instance ids carry in each
 * (`vco-bp1…` in cn-hangzhou, `vco-uf6…` in cn-shanghai).
 */
export const REGION_ID_PREFIXES: Readonly<Record<string, string>> = {
    "cn-qingdao": "m5e",
    "cn-beijing": "2ze",
    "cn-zhangjiakou": "8vb",
    "cn-huhehaote": "hp3",
    "cn-wulanchabu": "0jl",
    "cn-hangzhou": "bp1",
    "cn-shanghai": "uf6",
    "cn-nanjing": "gc7",
    "cn-fuzhou": "gw0",
    "cn-shenzhen": "wz9",
    "cn-heyuan": "f8z",
    "cn-guangzhou": "7xv",
    "cn-chengdu": "2vc",
    "cn-hongkong": "j6c",
    "ap-southeast-1": "t4n",
    "ap-southeast-3": "8ps",
    "ap-southeast-5": "k1a",
    "ap-southeast-6": "5ts",
    "ap-southeast-7": "0jo",
    "ap-northeast-1": "6we",
    "ap-northeast-2": "mj7",
    "us-east-1": "0xi",
    "us-west-1": "rj9",
    "eu-central-1": "gw8",
    "eu-west-1": "d7o",
    "me-east-1": "eb3",
    "me-central-1": "l4v",
};

/** Every region id the emulator accepts by default; any other `RegionId` gets `InvalidRegionId`. */
export const VALID_REGION_IDS: readonly string[] = Object.freeze(Object.keys(REGION_ID_PREFIXES));

/** Ids of the seeded fixture connections. */
export const FIXTURE_IDS = {
    /** Single-tunnel connection in cn-hangzhou with every block filled. */
    singleTunnel: "vco-bp1bbi27hojx80nck0001",
    /** Dual-tunnel connection in cn-hangzhou (master and slave tunnels, tunnel BGP). */
    dualTunnel: "vco-bp17pzl3k5qpfb2xn0002",
    /** Minimal connection in cn-shanghai: no health check, no BGP, no tags, no tunnels. */
    minimal: "vco-uf6mhy4pqxkq2n9d80003",
} as const;

/** Regions of the seeded fixture connections. */
export const FIXTURE_REGIONS = {
    singleTunnel: "cn-hangzhou",
    dualTunnel: "cn-hangzhou",
    minimal: "cn-shanghai",
} as const;

/** The secrets inside the fixtures (pre-shared keys, BGP keys), for leak tests to search for. */
export const FIXTURE_SECRETS = {
    /** `IkeConfig.Psk` of the single-tunnel connection. */
    singleTunnelPsk: "psk-FIXTURE-office-7f3a9c",
    /** `VpnBgpConfig.AuthKey` of the single-tunnel connection. */
    singleTunnelBgpAuthKey: "bgpkey-FIXTURE-office-41d2e8",
    /** `TunnelIkeConfig.Psk` of the dual-tunnel connection's master tunnel. */
    dualTunnelMasterPsk: "psk-FIXTURE-dc-master-9b1e55",
    /** `TunnelIkeConfig.Psk` of the dual-tunnel connection's slave tunnel. */
    dualTunnelSlavePsk: "psk-FIXTURE-dc-slave-c4a7d0",
    /** `IkeConfig.Psk` of the minimal connection. */
    minimalPsk: "psk-FIXTURE-branch-sh-2e6f1b",
    /** `IkeConfig.Psk` of the weak connection (not seeded). */
    weakPsk: "psk-FIXTURE-weak-partner-5d0c3e",
} as const;

/**
 * Single-tunnel connection with every block DescribeVpnConnection documents, each field in the wire type of its
 * level. `TransitRouterId`/`TransitRouterName` are empty strings, as the API sends them for a
 * connection bound to a VPN gateway.
 */
export function singleTunnelConnection(): WireVpnConnection {
    return {
        VpnConnectionId: FIXTURE_IDS.singleTunnel,
        Name: "hq-office-ipsec",
        VpnGatewayId: "vpn-bp1q8bgx4xnkm2ogj1234",
        CustomerGatewayId: "cgw-bp1pvpl9r9adju6l5e7ad",
        LocalSubnet: "10.10.0.0/16,10.20.0.0/16",
        RemoteSubnet: "192.168.10.0/24,192.168.20.0/24",
        CreateTime: 1_697_091_234_000,
        EffectImmediately: false,
        Status: "ipsec_sa_established",
        State: "active",
        InternetIp: "47.98.121.17",
        NetworkType: "public",
        AttachType: "VPNGW",
        AttachInstanceId: "vpn-bp1q8bgx4xnkm2ogj1234",
        TransitRouterId: "",
        TransitRouterName: "",
        Spec: "1000M",
        TunnelBandwidth: "Standard",
        ResourceGroupId: "rg-acfmzw2jz2z6xsa",
        RemoteCaCertificate:
            "-----BEGIN CERTIFICATE-----\nMIIB0jCCAXigAwIBAgIJAKfixture0001\n-----END CERTIFICATE-----",
        ZoneNo: "cn-hangzhou-h",
        EnableDpd: true,
        EnableNatTraversal: true,
        EnableTunnelsBgp: false,
        CrossAccountAuthorized: false,
        IkeConfig: {
            IkeAuthAlg: "sha256",
            IkeEncAlg: "aes256",
            IkeLifetime: 86400,
            IkeMode: "main",
            IkePfs: "group14",
            IkeVersion: "ikev2",
            LocalId: "47.98.121.17",
            RemoteId: "203.0.113.10",
            Psk: FIXTURE_SECRETS.singleTunnelPsk,
        },
        IpsecConfig: {
            IpsecAuthAlg: "sha256",
            IpsecEncAlg: "aes256",
            IpsecLifetime: 28800,
            IpsecPfs: "group14",
        },
        VcoHealthCheck: {
            Dip: "192.168.10.1",
            Sip: "10.10.0.1",
            Enable: "true",
            Interval: 3,
            Retry: 3,
            Policy: "revoke_route",
            Status: "success",
        },
        VpnBgpConfig: {
            EnableBgp: "true",
            LocalAsn: 45104,
            PeerAsn: 65010,
            LocalBgpIp: "169.254.10.1",
            PeerBgpIp: "169.254.10.2",
            TunnelCidr: "169.254.10.0/30",
            AuthKey: FIXTURE_SECRETS.singleTunnelBgpAuthKey,
            Status: "success",
        },
        Tags: {
            Tag: [
                { Key: "env", Value: "prod" },
                { Key: "team", Value: "network" },
                { Key: "cost-center", Value: "cc-1042" },
            ],
        },
    };
}

/**
 * One tunnel of a dual-tunnel connection in the wire types the API sends: every scalar a string except
 * `TunnelIndex`. Shared by the fixtures and the generated fleets.
 *
 * @param index - 1 or 2.
 * @param role - `master` or `slave`.
 * @param id - the tunnel id, `tun-…`.
 * @param cgw - the tunnel's customer gateway.
 * @param ip - the tunnel's public address.
 * @param zone - the tunnel's zone.
 * @param psk - the tunnel's pre-shared key.
 * @param bgp - the tunnel's BGP addresses and peer ASN.
 * @returns the tunnel.
 */
export function wireTunnel(
    index: number,
    role: "master" | "slave",
    id: string,
    cgw: string,
    ip: string,
    zone: string,
    psk: string,
    bgp: { local: string; peer: string; cidr: string; peerAsn: string },
): WireTunnelOptions {
    return {
        TunnelId: id,
        TunnelIndex: index,
        Role: role,
        State: "active",
        Status: "ipsec_sa_established",
        CustomerGatewayId: cgw,
        InternetIp: ip,
        ZoneNo: zone,
        EnableDpd: "true",
        EnableNatTraversal: "true",
        RemoteCaCertificate: "",
        TunnelIkeConfig: {
            IkeAuthAlg: "sha256",
            IkeEncAlg: "aes256",
            IkeLifetime: "86400",
            IkeMode: "main",
            IkePfs: "group14",
            IkeVersion: "ikev2",
            LocalId: ip,
            RemoteId: role === "master" ? "198.51.100.21" : "198.51.100.22",
            Psk: psk,
        },
        TunnelIpsecConfig: {
            IpsecAuthAlg: "sha256",
            IpsecEncAlg: "aes256",
            IpsecLifetime: "86400",
            IpsecPfs: "group14",
        },
        TunnelBgpConfig: {
            BgpStatus: "success",
            LocalAsn: "45104",
            PeerAsn: bgp.peerAsn,
            LocalBgpIp: bgp.local,
            PeerBgpIp: bgp.peer,
            TunnelCidr: bgp.cidr,
        },
    };
}

/**
 * Dual-tunnel connection (master and slave tunnels). As the API documents, the single-tunnel blocks
 * (`IkeConfig`, `IpsecConfig`, `VcoHealthCheck`, `VpnBgpConfig`) are absent and each tunnel carries its
 * own, with every scalar a string except `TunnelIndex`.
 */
export function dualTunnelConnection(): WireVpnConnection {
    return {
        VpnConnectionId: FIXTURE_IDS.dualTunnel,
        Name: "dc-dual-tunnel",
        VpnGatewayId: "vpn-bp1d7rq4kwc8n3tzm5678",
        CustomerGatewayId: "",
        LocalSubnet: "10.30.0.0/16,10.31.0.0/16",
        RemoteSubnet: "172.16.0.0/16,172.17.0.0/16",
        CreateTime: 1_704_067_200_000,
        EffectImmediately: true,
        Status: "ipsec_sa_established",
        State: "attached",
        InternetIp: "",
        NetworkType: "public",
        AttachType: "VPNGW",
        AttachInstanceId: "vpn-bp1d7rq4kwc8n3tzm5678",
        TransitRouterId: "",
        TransitRouterName: "",
        Spec: "1000M",
        TunnelBandwidth: "Large",
        ResourceGroupId: "rg-acfmzw2jz2z6xsa",
        RemoteCaCertificate: "",
        ZoneNo: "",
        EnableDpd: true,
        EnableNatTraversal: true,
        EnableTunnelsBgp: true,
        CrossAccountAuthorized: false,
        Tags: { Tag: [{ Key: "env", Value: "prod" }] },
        TunnelOptionsSpecification: {
            TunnelOptions: [
                wireTunnel(
                    1,
                    "master",
                    "tun-bp1a2p4m6r8t0v2x4z601",
                    "cgw-bp1mastr4e0h3wcoy9ad1",
                    "47.98.200.11",
                    "cn-hangzhou-i",
                    FIXTURE_SECRETS.dualTunnelMasterPsk,
                    {
                        local: "169.254.20.1",
                        peer: "169.254.20.2",
                        cidr: "169.254.20.0/30",
                        peerAsn: "65020",
                    },
                ),
                wireTunnel(
                    2,
                    "slave",
                    "tun-bp1b3q5n7s9u1w3y5a702",
                    "cgw-bp1slave5f1i4xdpz0be2",
                    "47.98.200.12",
                    "cn-hangzhou-j",
                    FIXTURE_SECRETS.dualTunnelSlavePsk,
                    {
                        local: "169.254.21.1",
                        peer: "169.254.21.2",
                        cidr: "169.254.21.0/30",
                        peerAsn: "65020",
                    },
                ),
            ],
        },
    };
}

/** Minimal connection in cn-shanghai: IKE and IPsec only; no health check, BGP, tags or tunnels. */
export function minimalConnection(): WireVpnConnection {
    return {
        VpnConnectionId: FIXTURE_IDS.minimal,
        Name: "branch-shanghai",
        VpnGatewayId: "vpn-uf6w2g7n3kx9rbt4c9012",
        CustomerGatewayId: "cgw-uf6c1bq0m8xz6fk2w3e4r",
        LocalSubnet: "10.40.0.0/24",
        RemoteSubnet: "192.168.40.0/24",
        CreateTime: 1_709_251_200_000,
        EffectImmediately: false,
        Status: "ike_sa_not_established",
        State: "active",
        InternetIp: "106.14.52.9",
        NetworkType: "public",
        AttachType: "VPNGW",
        Spec: "200M",
        TunnelBandwidth: "Standard",
        ResourceGroupId: "rg-acfmzw2jz2z6xsa",
        ZoneNo: "cn-shanghai-l",
        EnableDpd: true,
        EnableNatTraversal: false,
        EnableTunnelsBgp: false,
        CrossAccountAuthorized: false,
        IkeConfig: {
            IkeAuthAlg: "sha1",
            IkeEncAlg: "aes",
            IkeLifetime: 86400,
            IkeMode: "main",
            IkePfs: "group2",
            IkeVersion: "ikev1",
            LocalId: "106.14.52.9",
            RemoteId: "198.51.100.40",
            Psk: FIXTURE_SECRETS.minimalPsk,
        },
        IpsecConfig: {
            IpsecAuthAlg: "sha1",
            IpsecEncAlg: "aes",
            IpsecLifetime: 86400,
            IpsecPfs: "group2",
        },
    };
}

/** Id of {@link weakConnection}, which is not seeded: tests and demos put it with `putConnection`. */
export const WEAK_FIXTURE_ID = "vco-bp1weak0cr7pto9x0k0004";

/**
 * A connection whose crypto breaks every built-in posture rule, in cn-hangzhou, not seeded: IKEv1 in
 * aggressive mode, DES and 3DES, MD5 and SHA-1, Diffie-Hellman groups 1 and 5, IPsec PFS disabled, DPD
 * off, an IKE lifetime of one minute and an IPsec lifetime of a day. Every value is one Alibaba Cloud
 * accepts (CreateVpnConnection's documented choices).
 */
export function weakConnection(): WireVpnConnection {
    return {
        ...minimalConnection(),
        VpnConnectionId: WEAK_FIXTURE_ID,
        Name: "legacy-partner-ipsec",
        VpnGatewayId: "vpn-bp1q8bgx4xnkm2ogj1234",
        CustomerGatewayId: "cgw-bp1weakgw0cr7pto9xk0d",
        LocalSubnet: "10.50.0.0/24",
        RemoteSubnet: "192.168.50.0/24",
        Status: "ipsec_sa_established",
        InternetIp: "47.98.121.17",
        ZoneNo: "cn-hangzhou-h",
        EnableDpd: false,
        IkeConfig: {
            IkeAuthAlg: "md5",
            IkeEncAlg: "des",
            IkeLifetime: 60,
            IkeMode: "aggressive",
            IkePfs: "group1",
            IkeVersion: "ikev1",
            LocalId: "47.98.121.17",
            RemoteId: "198.51.100.50",
            Psk: FIXTURE_SECRETS.weakPsk,
        },
        IpsecConfig: {
            IpsecAuthAlg: "sha1",
            IpsecEncAlg: "3des",
            IpsecLifetime: 86400,
            IpsecPfs: "disabled",
        },
    };
}

/** The seeded fixtures, by region: fresh copies on every call. */
export function fixtureConnections(): Array<{ regionId: string; connection: WireVpnConnection }> {
    return [
        { regionId: FIXTURE_REGIONS.singleTunnel, connection: singleTunnelConnection() },
        { regionId: FIXTURE_REGIONS.dualTunnel, connection: dualTunnelConnection() },
        { regionId: FIXTURE_REGIONS.minimal, connection: minimalConnection() },
    ];
}
