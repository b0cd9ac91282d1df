/**
 * `pulumi-alicloud-vpn/client`: the VPC API client the provider reads through, for programs and scripts
 * that read VPN connections without Pulumi: the client, its options and results, the retry policy and
 * budget it takes, the rate limiters it draws on, the credential chain it uses, the typed model and the
 * error classes.
 *
 * @example
 * ```ts
 * import { VpcClient, closeIdleConnections } from "pulumi-alicloud-vpn/client";
 *
 * const client = new VpcClient({ regionId: "cn-hangzhou" });
 * const { connection } = await client.describeVpnConnection("vco-bp1bbi27hojx80nck0001");
 * console.log(connection.status);
 * closeIdleConnections();
 * ```
 *
 * @packageDocumentation
 */
export { DEFAULT_TIMEOUT_MS, VpcClient } from "./provider/client";
export type {
    DescribeVpnConnectionResult,
    DescribeVpnConnectionsQuery,
    DescribeVpnConnectionsResult,
    VpcClientOptions,
} from "./provider/client";
export { closeIdleConnections } from "./provider/transport";
export { DEFAULT_RETRY_BUDGET_OPTIONS, DEFAULT_RETRY_OPTIONS, RetryBudget } from "./provider/retry";
export {
    AdaptiveRateLimiter,
    DEFAULT_MAX_REQUESTS_PER_SECOND,
    MAX_RPS_ENV,
    RateLimiterRegistry,
} from "./provider/limiter";
export type { RateLimiterKey, RateLimiterOptions } from "./provider/limiter";
export type { RetryBudgetOptions, RetryOptions } from "./provider/retry";
export { credentialChain } from "./provider/credentials";
export type { CredentialSettings, CredentialSource, ResolvedCredentials } from "./provider/credentials";
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
export type { VpcErrorDetails, VpcFault } from "./provider/errors";
