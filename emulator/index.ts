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
    REQUIRED_V3_HEADERS,
    TIMESTAMP_TOLERANCE_MS,
    parseTimestamp,
    type AdmittedRequest,
    type EmulatorCredential,
    type GatewayOptions,
    type SignedRequestParts,
} from "./gateway";
export { MAX_BODY_BYTES, type Outcome } from "./http";
export {
    ADMIN_PATH_PREFIX,
    AdminApi,
    MAX_ADMIN_BODY_BYTES,
    MAX_ADMIN_CONNECTIONS,
    isAdminPath,
    parseWireConnection,
    type AdminTarget,
} from "./admin";
export {
    FAULT_KINDS,
    FaultRegistry,
    MAX_FAULTS,
    MAX_FAULT_BODY_BYTES,
    MAX_FAULT_LATENCY_MS,
    applyFault,
    parseFault,
    validateFault,
    type RegisteredFault,
    type ResponseFault,
    type ThrottlingFault,
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
} from "../provider/signature";
export {
    ACS3_HMAC_SHA256,
    canonicalHeadersV3,
    canonicalQueryV3,
    canonicalRequestV3,
    computeSignatureV3,
    isV3Authorization,
    parseAuthorizationV3,
    sha256Hex,
    signRequestV3,
    signableHeaderNames,
    stringToSignV3,
    type AuthorizationV3,
    type CanonicalRequestParts,
    type HeaderMap,
    type SignRequestV3Input,
} from "./signature-v3";
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
