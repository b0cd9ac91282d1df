/**
 * What a Pulumi program imports: the VpnConnection data source, the get functions and their types.
 *
 * @packageDocumentation
 */
export * from "./types";
export { VpnConnection } from "./vpnConnection";
export type { VpnConnectionArgs, VpnConnectionState } from "./vpnConnection";
export { getVpnConnection, getVpnConnectionOutput } from "./getVpnConnection";
export type {
    GetVpnConnectionArgs,
    GetVpnConnectionOutputArgs,
    GetVpnConnectionResult,
} from "./getVpnConnection";
export { getVpnConnections, getVpnConnectionsOutput } from "./getVpnConnections";
export type {
    GetVpnConnectionsArgs,
    GetVpnConnectionsConnection,
    GetVpnConnectionsOutputArgs,
    GetVpnConnectionsResult,
} from "./getVpnConnections";
export { auditVpnConnection } from "./audit";
