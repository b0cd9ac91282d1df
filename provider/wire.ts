/**
 * Wire shapes of the VPC API (version 2016-04-28), exactly as Alibaba Cloud sends them: PascalCase keys,
 * and for every boolean and number field either wire type, because the service is not consistent about
 * them (the same field is a boolean at one level and a string at another, and older documentation shows
 * numbers as strings). This module is the single source of truth for those shapes; the camelCase model a
 * Pulumi program sees lives in `model.ts`, and `mapping.ts` is the one mapping between them.
 *
 * Every field is optional at the type level: the mapping checks presence itself and turns a missing
 * required field into a typed error instead of trusting the declaration.
 *
 * @packageDocumentation
 */

/** The API version every request is signed for. */
export const VPC_API_VERSION = "2016-04-28";

/** A wire boolean: Alibaba sends `true` at some levels and `"true"` at others. */
export type WireBool = boolean | string;

/** A wire number: Alibaba sends `86400` at some levels and `"86400"` at others. */
export type WireNumber = number | string;

/** `IkeConfig` of a connection (numbers may come as strings; `Psk` is a secret in clear text). */
export interface WireIkeConfig {
    IkeAuthAlg?: string;
    IkeEncAlg?: string;
    IkeLifetime?: WireNumber;
    IkeMode?: string;
    IkePfs?: string;
    IkeVersion?: string;
    LocalId?: string;
    RemoteId?: string;
    /** The IKE pre-shared key, sent in clear text. Secret. */
    Psk?: string;
}

/** `IpsecConfig` of a connection. */
export interface WireIpsecConfig {
    IpsecAuthAlg?: string;
    IpsecEncAlg?: string;
    IpsecLifetime?: WireNumber;
    IpsecPfs?: string;
}

/** `VcoHealthCheck` of a connection; `Enable` is documented as the string `"true"`/`"false"`. */
export interface WireVcoHealthCheck {
    Dip?: string;
    Sip?: string;
    Enable?: WireBool;
    Interval?: WireNumber;
    Retry?: WireNumber;
    Policy?: string;
    Status?: string;
}

/** `VpnBgpConfig` of a connection; `EnableBgp` is a string on the wire. */
export interface WireVpnBgpConfig {
    EnableBgp?: WireBool;
    LocalAsn?: WireNumber;
    PeerAsn?: WireNumber;
    LocalBgpIp?: string;
    PeerBgpIp?: string;
    TunnelCidr?: string;
    /** The BGP authentication key, sent in clear text. Secret. */
    AuthKey?: string;
    Status?: string;
}

/** One tag. */
export interface WireTag {
    Key?: string;
    Value?: string;
}

/** `Tags` (singular API) or `Tag` (list API) container. */
export interface WireTags {
    Tag?: WireTag[];
}

/** `TunnelBgpConfig` of one tunnel: ASNs are strings on the wire. */
export interface WireTunnelBgpConfig {
    BgpStatus?: string;
    LocalAsn?: WireNumber;
    PeerAsn?: WireNumber;
    LocalBgpIp?: string;
    PeerBgpIp?: string;
    TunnelCidr?: string;
    /** Some regions return a per-tunnel BGP key too. Secret. */
    AuthKey?: string;
}

/** One tunnel of a dual-tunnel connection: every scalar in its blocks is a string on the wire. */
export interface WireTunnelOptions {
    TunnelId?: string;
    TunnelIndex?: WireNumber;
    Role?: string;
    State?: string;
    Status?: string;
    CustomerGatewayId?: string;
    InternetIp?: string;
    ZoneNo?: string;
    EnableDpd?: WireBool;
    EnableNatTraversal?: WireBool;
    RemoteCaCertificate?: string;
    TunnelIkeConfig?: WireIkeConfig;
    TunnelIpsecConfig?: WireIpsecConfig;
    TunnelBgpConfig?: WireTunnelBgpConfig;
}

/** `TunnelOptionsSpecification` container, present only on dual-tunnel connections. */
export interface WireTunnelOptionsSpecification {
    TunnelOptions?: WireTunnelOptions[];
}

/** The fields of one connection shared by the singular and the list API. */
export interface WireVpnConnection {
    VpnConnectionId?: string;
    Name?: string;
    VpnGatewayId?: string;
    CustomerGatewayId?: string;
    /** Comma-separated CIDR list. */
    LocalSubnet?: string;
    /** Comma-separated CIDR list. */
    RemoteSubnet?: string;
    /** Unix milliseconds. */
    CreateTime?: WireNumber;
    EffectImmediately?: WireBool;
    Status?: string;
    State?: string;
    InternetIp?: string;
    NetworkType?: string;
    AttachType?: string;
    AttachInstanceId?: string;
    TransitRouterId?: string;
    TransitRouterName?: string;
    Spec?: string;
    TunnelBandwidth?: string;
    ResourceGroupId?: string;
    RemoteCaCertificate?: string;
    ZoneNo?: string;
    EnableDpd?: WireBool;
    EnableNatTraversal?: WireBool;
    EnableTunnelsBgp?: WireBool;
    CrossAccountAuthorized?: WireBool;
    IkeConfig?: WireIkeConfig;
    IpsecConfig?: WireIpsecConfig;
    VcoHealthCheck?: WireVcoHealthCheck;
    VpnBgpConfig?: WireVpnBgpConfig;
    /** Singular API: `Tags.Tag`. */
    Tags?: WireTags;
    /** List API: `Tag.Tag`. */
    Tag?: WireTags;
    TunnelOptionsSpecification?: WireTunnelOptionsSpecification;
}

/** Body of a successful `DescribeVpnConnection` response. */
export interface WireDescribeVpnConnectionResponse extends WireVpnConnection {
    RequestId?: string;
}

/** Body of a successful `DescribeVpnConnections` response. */
export interface WireDescribeVpnConnectionsResponse {
    RequestId?: string;
    TotalCount?: WireNumber;
    PageNumber?: WireNumber;
    PageSize?: WireNumber;
    VpnConnections?: { VpnConnection?: WireVpnConnection[] };
}

/** Body of an error response. Every response, error or not, carries `RequestId`. */
export interface WireErrorResponse {
    RequestId?: string;
    HostId?: string;
    Code?: string;
    Message?: string;
    Recommend?: string;
    AccessDeniedDetail?: string;
}
