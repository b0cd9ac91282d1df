/**
 * Error classification, as a pure function apart from the retry policy: given what was observed of a
 * failed call, say which kind of failure it is, whether a retry could succeed, and whose fault it is.
 * The retry policy (`decideRetry` in `retry.ts`) decides whether to actually retry, the loop in
 * `VpcClient` follows it, and the kind names the error class (`errorClassOf` in `errors.ts`).
 *
 * @packageDocumentation
 */
/**
 * Whose fault a failure is: the caller's (`client`: a bad argument, refused credentials, a missing
 * connection; retrying the same call cannot help) or the service's or the network's in between
 * (`server`: throttling, 5xx answers, timeouts, failed connections, answers that are not the API's).
 */
export type VpcFault = "client" | "server";

/** What was observed of one failed attempt. */
export type FailureObservation =
    /** The service answered with an error body carrying `Code`. */
    | { kind: "api"; code: string; httpStatus?: number }
    /** The service answered a non-2xx status with a JSON body that has no `Code`. */
    | { kind: "status"; httpStatus: number }
    /** The body was not JSON (HTML, empty, cut short) or lacked what the operation promises. */
    | { kind: "invalid-response"; httpStatus?: number }
    /** The body went past the size cap, whatever the status. */
    | { kind: "too-large"; httpStatus?: number }
    /** No answer within the timeout. */
    | { kind: "timeout" }
    /** The TCP/TLS connection failed; `errno` is Node's code, e.g. `ECONNRESET`. */
    | { kind: "network"; errno?: string };

/** The kinds of failure, one per error class. */
export type FailureKind =
    | "NotFound"
    | "Throttled"
    | "Auth"
    | "Timeout"
    | "Network"
    | "InvalidResponse"
    | "ResponseTooLarge"
    | "Service";

/** The verdict on one failed attempt. */
export interface Classification {
    /** Which error class the failure becomes. */
    kind: FailureKind;
    /** Whether a retry could succeed. */
    retryable: boolean;
    /** Whose fault it is. */
    fault: VpcFault;
}

const RETRYABLE_CODES = new Set([
    "ServiceUnavailable",
    "InternalError",
    "SignatureNonceUsed",
    "UnknownError",
]);
const AUTH_CODE =
    /^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|InvalidTimeStamp|InvalidSecurityToken|Forbidden|Forbbiden|NoPermission|Unauthorized|InvalidAccessKeySecret)/;
const RETRYABLE_ERRNO = new Set([
    "ECONNRESET",
    "EPIPE",
    "ETIMEDOUT",
    "ECONNABORTED",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
]);

/**
 * Classifies one failed attempt.
 *
 * - `Throttling*` codes are throttling, always retryable.
 * - `ServiceUnavailable`, `InternalError`, any 5xx, timeouts and connection resets are retryable.
 * - Signing, access-key, token and permission codes are authentication failures, never retried.
 * - `*.NotFound` codes (other than an unknown access key) are not-found, never retried.
 * - Other 4xx codes are the caller's fault and never retried.
 *
 * Faults: timeouts, failed connections (refused ones included: the endpoint is not serving), answers
 * that are not the API's (a proxy's HTML page, a status without a code), throttling and retryable or 5xx
 * codes are the server's; refused credentials, missing resources and other 4xx codes the client's.
 *
 * @param o - what was observed.
 * @returns the kind and whether to retry.
 */
export function classifyFailure(o: FailureObservation): Classification {
    switch (o.kind) {
        case "timeout":
            return { kind: "Timeout", retryable: true, fault: "server" };
        case "network":
            return {
                kind: "Network",
                retryable: o.errno !== undefined && RETRYABLE_ERRNO.has(o.errno),
                fault: "server",
            };
        case "status":
            return {
                kind: "InvalidResponse",
                retryable: o.httpStatus >= 500 || o.httpStatus === 429,
                fault: "server",
            };
        case "invalid-response":
            return {
                kind: "InvalidResponse",
                retryable: o.httpStatus !== undefined && o.httpStatus >= 500,
                fault: "server",
            };
        case "too-large":
            // The same request would get the same body, whatever its status: not retried.
            return { kind: "ResponseTooLarge", retryable: false, fault: "server" };
        case "api": {
            const { code, httpStatus } = o;
            if (/^Throttling/i.test(code)) return { kind: "Throttled", retryable: true, fault: "server" };
            if (AUTH_CODE.test(code)) return { kind: "Auth", retryable: false, fault: "client" };
            if (
                RETRYABLE_CODES.has(code) ||
                code.startsWith("InternalError") ||
                code.startsWith("ServiceUnavailable")
            ) {
                return { kind: "Service", retryable: true, fault: "server" };
            }
            if (code.endsWith(".NotFound") && code !== "InvalidAction.NotFound") {
                return { kind: "NotFound", retryable: false, fault: "client" };
            }
            const serverSide = httpStatus !== undefined && httpStatus >= 500;
            return { kind: "Service", retryable: serverSide, fault: serverSide ? "server" : "client" };
        }
    }
}
