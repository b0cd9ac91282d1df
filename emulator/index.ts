/**
 * The local Alibaba Cloud VPC API emulator: a strict, offline stand-in for DescribeVpnConnection and
 * DescribeVpnConnections that unchanged `@alicloud/pop-core` clients can call, with fixtures, fault
 * injection and flow control for tests and benchmarks.
 *
 * @packageDocumentation
 */

export {
    DEFAULT_TEST_CREDENTIALS,
    VpcEmulator,
    newRequestId,
    type EmulatorOptions,
    type EmulatorRequestRecord,
} from "./server";
export {
    ACTIONS,
    SUPPORTED_ACTIONS,
    describeVpnConnection,
    describeVpnConnections,
    type Action,
} from "./actions";
export {
    Gateway,
    NONCE_TTL_MS,
    REQUIRED_COMMON_PARAMETERS,
    TIMESTAMP_TOLERANCE_MS,
    parseTimestamp,
    type AdmittedRequest,
    type EmulatorCredential,
    type GatewayOptions,
} from "./gateway";
export { MAX_BODY_BYTES, type Outcome } from "./http";
export {
    FaultRegistry,
    applyFault,
    validateFault,
    type EmptyFault,
    type ErrorFault,
    type Fault,
    type FaultKind,
    type FaultMatch,
    type FaultTarget,
    type HangFault,
    type HtmlFault,
    type LatencyFault,
    type ResetFault,
    type StatusWithoutCodeFault,
} from "./faults";
export {
    ERROR_CODES,
    EmulatorApiError,
    errorBody,
    hostIdFor,
    httpStatusForCode,
    messageForCode,
    missingParameterMessage,
    type ErrorCodeInfo,
} from "./errors";
export { DEFAULT_QUOTA, SlidingWindowQuota, validateQuotaOptions, type QuotaOptions } from "./quota";
export {
    canonicalQuery,
    computeSignature,
    formatTimestamp,
    percentEncode,
    signParams,
    signaturesEqual,
    stringToSign,
} from "./signature";
export {
    FIXTURE_IDS,
    FIXTURE_REGIONS,
    FIXTURE_SECRETS,
    REGION_ID_PREFIXES,
    VALID_REGION_IDS,
    WEAK_FIXTURE_ID,
    dualTunnelConnection,
    fixtureConnections,
    minimalConnection,
    singleTunnelConnection,
    weakConnection,
    wireTunnel,
} from "./fixtures";
export { FLEET_SECRET_PREFIX, makeFleet } from "./fleet";
export {
    ConnectionStore,
    compareConnections,
    toListItemShape,
    toSingularShape,
    type ConnectionFilter,
} from "./store";
