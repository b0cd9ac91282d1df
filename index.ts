/**
 * pulumi-alicloud-vpn: read Alibaba Cloud IPsec VPN connections as a typed Pulumi data source.
 *
 * The package root holds what a Pulumi program needs: the `VpnConnection` resource, the get functions,
 * the posture audit (`auditVpnConnection`), the typed model and the error classes. The VPC API client is at `pulumi-alicloud-vpn/client`, the local
 * API emulator at `pulumi-alicloud-vpn/emulator`. Loading the root loads neither.
 *
 * @packageDocumentation
 */
export {
    VpnConnection,
    getVpnConnection,
    getVpnConnectionOutput,
    getVpnConnections,
    getVpnConnectionsOutput,
    auditVpnConnection,
} from "./sdk";
export type {
    GetVpnConnectionArgs,
    GetVpnConnectionOutputArgs,
    GetVpnConnectionResult,
    GetVpnConnectionsArgs,
    GetVpnConnectionsConnection,
    GetVpnConnectionsOutputArgs,
    GetVpnConnectionsResult,
    VpnConnectionArgs,
    VpnConnectionState,
} from "./sdk";
export type {
    IkeConfig,
    IpsecConfig,
    TunnelBgpConfig,
    TunnelOption,
    VcoHealthCheck,
    VpnBgpConfig,
    VpnConnectionInfo,
    VpnConnectionRecord,
    VpnConnectionSecrets,
} from "./provider/model";
export {
    VpcAuthError,
    VpcCredentialsNotFoundError,
    VpcDriftError,
    VpcError,
    VpcInvalidInputError,
    VpcInvalidResponseError,
    VpcResponseTooLargeError,
    VpcNetworkError,
    VpcNotFoundError,
    VpcServiceError,
    VpcThrottledError,
    VpcTimeoutError,
} from "./provider/errors";
export type { VpcDriftEntry, VpcErrorDetails, VpcFault } from "./provider/errors";
export type { DriftOutput, Expectation, ExpectedValue, VpnConnectionExpectation } from "./provider/drift";
export type {
    CustomRuleDocument,
    PolicyRuleSetting,
    PolicyScalar,
    PostureFinding,
    PosturePolicyDocument,
    PostureSeverity,
} from "./provider/posture";
