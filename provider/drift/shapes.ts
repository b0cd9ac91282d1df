/**
 * The shape of a connection's outputs, one entry per key, which the validator and the comparer walk;
 * and the runtime-status paths ({@link RUNTIME_STATUS_PATHS}), the outputs that follow tunnel
 * negotiation rather than configuration. `ShapeOf<T>` requires exactly T's keys, so the compiler fails
 * here when a field is added to or removed from the model.
 *
 * @packageDocumentation
 */
import type {
    IkeConfig,
    IpsecConfig,
    TunnelBgpConfig,
    TunnelOption,
    VcoHealthCheck,
    VpnBgpConfig,
} from "../model";
import type { ComparableConnection } from "./expectation";

/** A scalar output. */
export type Leaf = "string" | "number" | "boolean";
/** A comma-separated CIDR list (`localSubnet`): compared as a set. */
export type SubnetText = "subnetText";
/** A list of CIDR blocks (`localSubnets`): compared as a set. */
export type SubnetList = "subnetList";
/** A string-to-string map (`tags`): an expectation names some keys; a snapshot names all. */
export type StringMap = "stringMap";
/** A block of outputs: its fields by key. */
export interface ObjectShape {
    /** Which kind of shape. */
    readonly kind: "object";
    /** Each field's shape, by key. */
    readonly fields: Readonly<Record<string, Shape>>;
}
/** A list of blocks (`tunnelOptions`). */
export interface ListShape {
    /** Which kind of shape. */
    readonly kind: "list";
    /** The shape of each element. */
    readonly element: ObjectShape;
}
/** The shape of one output or part of one. */
export type Shape = Leaf | SubnetText | SubnetList | StringMap | ObjectShape | ListShape;
type ShapeOf<T> = { readonly [K in keyof Required<T>]: Shape };

function object<T>(fields: ShapeOf<T>): ObjectShape {
    return { kind: "object", fields };
}

const IKE = object<IkeConfig>({
    ikeAuthAlg: "string",
    ikeEncAlg: "string",
    ikeLifetime: "number",
    ikeMode: "string",
    ikePfs: "string",
    ikeVersion: "string",
    localId: "string",
    remoteId: "string",
});
const IPSEC = object<IpsecConfig>({
    ipsecAuthAlg: "string",
    ipsecEncAlg: "string",
    ipsecLifetime: "number",
    ipsecPfs: "string",
});
const TUNNEL = object<TunnelOption>({
    tunnelId: "string",
    tunnelIndex: "number",
    role: "string",
    state: "string",
    status: "string",
    customerGatewayId: "string",
    internetIp: "string",
    zoneNo: "string",
    enableDpd: "boolean",
    enableNatTraversal: "boolean",
    remoteCaCertificate: "string",
    ikeConfig: IKE,
    ipsecConfig: IPSEC,
    bgpConfig: object<TunnelBgpConfig>({
        bgpStatus: "string",
        localAsn: "number",
        peerAsn: "number",
        localBgpIp: "string",
        peerBgpIp: "string",
        tunnelCidr: "string",
    }),
});
/** The shape of a connection's non-secret outputs ({@link ComparableConnection}). */
export const CONNECTION = object<ComparableConnection>({
    vpnConnectionId: "string",
    regionId: "string",
    endpoint: "string",
    name: "string",
    vpnGatewayId: "string",
    customerGatewayId: "string",
    localSubnet: "subnetText",
    remoteSubnet: "subnetText",
    localSubnets: "subnetList",
    remoteSubnets: "subnetList",
    createTime: "number",
    status: "string",
    state: "string",
    effectImmediately: "boolean",
    enableDpd: "boolean",
    enableNatTraversal: "boolean",
    enableTunnelsBgp: "boolean",
    networkType: "string",
    attachType: "string",
    attachInstanceId: "string",
    transitRouterId: "string",
    transitRouterName: "string",
    crossAccountAuthorized: "boolean",
    spec: "string",
    tunnelBandwidth: "string",
    internetIp: "string",
    resourceGroupId: "string",
    remoteCaCertificate: "string",
    zoneNo: "string",
    tags: "stringMap",
    ikeConfig: IKE,
    ipsecConfig: IPSEC,
    vcoHealthCheck: object<VcoHealthCheck>({
        dip: "string",
        sip: "string",
        enable: "boolean",
        interval: "number",
        retry: "number",
        policy: "string",
        status: "string",
    }),
    vpnBgpConfig: object<VpnBgpConfig>({
        enableBgp: "boolean",
        localAsn: "number",
        peerAsn: "number",
        localBgpIp: "string",
        peerBgpIp: "string",
        tunnelCidr: "string",
        status: "string",
    }),
    tunnelOptions: { kind: "list", element: TUNNEL },
});

/**
 * The outputs that follow tunnel negotiation and health rather than configuration: the negotiation
 * `status`, the lifecycle `state`, the health-check and BGP session status, and each tunnel's `status`,
 * `state` and BGP status. A renegotiating tunnel changes them without anyone changing the connection, so
 * configuration-drift checks leave them out. `[*]` stands for every index.
 */
export const RUNTIME_STATUS_PATHS = Object.freeze([
    "status",
    "state",
    "vcoHealthCheck.status",
    "vpnBgpConfig.status",
    "tunnelOptions[*].status",
    "tunnelOptions[*].state",
    "tunnelOptions[*].bgpConfig.bgpStatus",
] as const);
