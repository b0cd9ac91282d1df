/**
 * The typed, camelCase model of a VPN connection: what the client returns and what a Pulumi program sees.
 * The wire shapes (PascalCase, as Alibaba Cloud sends them) live in `wire.ts`; `mapping.ts` is the one
 * mapping between the two. This module has no runtime code and imports nothing, so the provider, the
 * client and the SDK all import it without a folder cycle and without loading anything.
 *
 * Absent values are `undefined` (the key is left out), never empty objects: a block the API does not
 * return for a connection is `undefined`.
 *
 * @packageDocumentation
 */

/** Phase-one (IKE) settings of a connection or tunnel. The pre-shared key is not here: see {@link VpnConnectionSecrets}. */
export interface IkeConfig {
    /** Authentication algorithm, e.g. `sha1`, `md5`, `sha256`. */
    ikeAuthAlg?: string;
    /** Encryption algorithm, e.g. `aes`, `aes192`, `aes256`, `des`, `3des`. */
    ikeEncAlg?: string;
    /** SA lifetime in seconds. */
    ikeLifetime?: number;
    /** Negotiation mode: `main` or `aggressive`. */
    ikeMode?: string;
    /** Diffie-Hellman group, e.g. `group2`. */
    ikePfs?: string;
    /** `ikev1` or `ikev2`. */
    ikeVersion?: string;
    /** Identifier of the VPN gateway side. */
    localId?: string;
    /** Identifier of the customer gateway side. */
    remoteId?: string;
}

/** Phase-two (IPsec) settings of a connection or tunnel. */
export interface IpsecConfig {
    /** Authentication algorithm, e.g. `sha1`. */
    ipsecAuthAlg?: string;
    /** Encryption algorithm, e.g. `aes`. */
    ipsecEncAlg?: string;
    /** SA lifetime in seconds. */
    ipsecLifetime?: number;
    /** Diffie-Hellman group or `disabled`. */
    ipsecPfs?: string;
}

/** Health check of a connection. */
export interface VcoHealthCheck {
    /** Destination IP of the probe. */
    dip?: string;
    /** Source IP of the probe. */
    sip?: string;
    /** Whether the health check is on (the API sends the string `"true"`/`"false"`). */
    enable?: boolean;
    /** Seconds between probes. */
    interval?: number;
    /** Probes before the connection is declared down. */
    retry?: number;
    /** `revoke_route` or `reserve_route`. */
    policy?: string;
    /** `success` or `failed`. */
    status?: string;
}

/** BGP settings of a single-tunnel connection. The BGP key is not here: see {@link VpnConnectionSecrets}. */
export interface VpnBgpConfig {
    /** Whether BGP is on (a string on the wire). */
    enableBgp?: boolean;
    /** ASN of the VPN gateway side. */
    localAsn?: number;
    /** ASN of the customer side. */
    peerAsn?: number;
    /** BGP address of the VPN gateway side. */
    localBgpIp?: string;
    /** BGP address of the customer side. */
    peerBgpIp?: string;
    /** The tunnel's CIDR block. */
    tunnelCidr?: string;
    /** Session status, e.g. `success`, `false`. */
    status?: string;
}

/** BGP settings of one tunnel of a dual-tunnel connection. */
export interface TunnelBgpConfig {
    /** Session status of the tunnel. */
    bgpStatus?: string;
    /** ASN of the VPN gateway side. */
    localAsn?: number;
    /** ASN of the customer side. */
    peerAsn?: number;
    /** BGP address of the VPN gateway side. */
    localBgpIp?: string;
    /** BGP address of the customer side. */
    peerBgpIp?: string;
    /** The tunnel's CIDR block. */
    tunnelCidr?: string;
}

/** One tunnel of a dual-tunnel connection (every value is typed here, though the API sends strings). */
export interface TunnelOption {
    /** Tunnel id, `tun-…`. */
    tunnelId?: string;
    /** 1 or 2. */
    tunnelIndex?: number;
    /** `master` or `slave`. */
    role?: string;
    /** Tunnel state, e.g. `active`. */
    state?: string;
    /** Negotiation status, e.g. `ipsec_sa_established`. */
    status?: string;
    /** Customer gateway of this tunnel. */
    customerGatewayId?: string;
    /** Public address of this tunnel. */
    internetIp?: string;
    /** Zone of this tunnel. */
    zoneNo?: string;
    /** Dead peer detection. */
    enableDpd?: boolean;
    /** NAT traversal. */
    enableNatTraversal?: boolean;
    /** CA certificate of the peer, for SM-type gateways. */
    remoteCaCertificate?: string;
    /** IKE settings of the tunnel (its pre-shared key is in {@link VpnConnectionSecrets.tunnelPsks}). */
    ikeConfig?: IkeConfig;
    /** IPsec settings of the tunnel. */
    ipsecConfig?: IpsecConfig;
    /** BGP settings of the tunnel. */
    bgpConfig?: TunnelBgpConfig;
}

/**
 * Every non-secret field of an IPsec VPN connection, typed and camelCase. Secrets are kept apart in
 * {@link VpnConnectionSecrets} so that everything here can be shown in `pulumi preview`.
 */
export interface VpnConnectionInfo {
    /** The connection id, `vco-…`. */
    vpnConnectionId: string;
    /** The region the connection was read from. */
    regionId: string;
    /** Display name. */
    name?: string;
    /** VPN gateway, `vpn-…`. */
    vpnGatewayId?: string;
    /** Customer gateway, `cgw-…` (single-tunnel connections). */
    customerGatewayId?: string;
    /** Local CIDR blocks as the API sends them: comma-separated. */
    localSubnet?: string;
    /** Remote CIDR blocks as the API sends them: comma-separated. */
    remoteSubnet?: string;
    /** {@link localSubnet} split into CIDR blocks (empty when absent). */
    localSubnets: string[];
    /** {@link remoteSubnet} split into CIDR blocks (empty when absent). */
    remoteSubnets: string[];
    /** Creation time, Unix milliseconds. */
    createTime?: number;
    /** Negotiation status: `ike_sa_not_established`, `ike_sa_established`, `ipsec_sa_not_established`, `ipsec_sa_established`. */
    status?: string;
    /** Lifecycle state, e.g. `active`, `attached`, `updating`. */
    state?: string;
    /** Whether negotiation starts at once after a change. */
    effectImmediately?: boolean;
    /** Dead peer detection. */
    enableDpd?: boolean;
    /** NAT traversal. */
    enableNatTraversal?: boolean;
    /** BGP on both tunnels of a dual-tunnel connection. */
    enableTunnelsBgp?: boolean;
    /** `public` or `private`. */
    networkType?: string;
    /** `CEN`, `NO_ASSOCIATED` or `VPNGW`. */
    attachType?: string;
    /** The instance the connection is attached to. */
    attachInstanceId?: string;
    /** Transit router, when attached to one. */
    transitRouterId?: string;
    /** Transit router name. */
    transitRouterName?: string;
    /** Whether another account may attach the connection. */
    crossAccountAuthorized?: boolean;
    /** Bandwidth specification, e.g. `1000M`. */
    spec?: string;
    /** `Standard` or `Large`. */
    tunnelBandwidth?: string;
    /** Public address of the gateway side. */
    internetIp?: string;
    /** Resource group, `rg-…`. */
    resourceGroupId?: string;
    /** CA certificate of the peer, for SM-type gateways. */
    remoteCaCertificate?: string;
    /** Zone of the connection. */
    zoneNo?: string;
    /** Tags, key to value (empty when none). */
    tags: Record<string, string>;
    /** IKE settings. */
    ikeConfig?: IkeConfig;
    /** IPsec settings. */
    ipsecConfig?: IpsecConfig;
    /** Health check. */
    vcoHealthCheck?: VcoHealthCheck;
    /** BGP settings. */
    vpnBgpConfig?: VpnBgpConfig;
    /** The tunnels of a dual-tunnel connection; `undefined` for single-tunnel connections. */
    tunnelOptions?: TunnelOption[];
}

/** The secret values of a connection, sent in clear text by the API and exposed only as Pulumi secrets. */
export interface VpnConnectionSecrets {
    /** IKE pre-shared key of a single-tunnel connection. */
    psk?: string;
    /** BGP authentication key. */
    bgpAuthKey?: string;
    /** Pre-shared key of each tunnel of a dual-tunnel connection, by tunnel id. */
    tunnelPsks?: Record<string, string>;
}

/** A connection read from the API: the non-secret fields and the secrets, kept apart. */
export interface VpnConnectionRecord {
    /** Every non-secret field. */
    connection: VpnConnectionInfo;
    /** The pre-shared and BGP keys. */
    secrets: VpnConnectionSecrets;
}
