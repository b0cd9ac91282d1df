/**
 * The error codes the emulator answers with, their HTTP statuses and their messages, worded as Alibaba
 * Cloud's API gateway and the VPC service word them (collected from real error bodies quoted in public
 * issues and SDK tests, and the error tables of the DescribeVpnConnection API reference).
 *
 * @packageDocumentation
 */

import type { WireErrorResponse } from "../provider/wire";

/** HTTP status and default message of one error code. */
export interface ErrorCodeInfo {
    /** The HTTP status the real service sends with this code. */
    readonly httpStatus: number;
    /** The message the real service sends (parameterised errors build theirs at the call site). */
    readonly message: string;
}

/**
 * Known error codes. A fault may inject any code; codes not listed here get a status from
 * {@link httpStatusForCode}'s rules.
 */
export const ERROR_CODES: Readonly<Record<string, ErrorCodeInfo>> = {
    MissingParameter: { httpStatus: 400, message: "The input parameter that is mandatory is not supplied." },
    InvalidParameter: { httpStatus: 400, message: "The specified parameter is invalid." },
    "InvalidAccessKeyId.NotFound": { httpStatus: 404, message: "Specified access key is not found." },
    "InvalidAccessKeyId.Inactive": { httpStatus: 400, message: "Specified access key is disabled." },
    "InvalidSecurityToken.Malformed": { httpStatus: 400, message: "Specified SecurityToken is malformed." },
    "InvalidSecurityToken.MismatchWithAccessKey": {
        httpStatus: 400,
        message: "Specified SecurityToken mismatch with the AccessKey.",
    },
    "InvalidSecurityToken.Expired": { httpStatus: 400, message: "Specified SecurityToken is expired." },
    InvalidSignatureMethod: { httpStatus: 400, message: "Specified signature method is not supported." },
    IncompleteSignature: {
        httpStatus: 400,
        message: "The request signature does not conform to Aliyun standards.",
    },
    SignatureDoesNotMatch: {
        httpStatus: 400,
        message: "Specified signature is not matched with our calculation.",
    },
    "InvalidTimeStamp.Format": {
        httpStatus: 400,
        message: "Specified time stamp or date value is not well formatted.",
    },
    "InvalidTimeStamp.Expired": {
        httpStatus: 400,
        message: "Specified time stamp or date value is expired.",
    },
    SignatureNonceUsed: { httpStatus: 400, message: "Specified signature nonce was used already." },
    InvalidVersion: { httpStatus: 400, message: "Specified parameter Version is not valid." },
    "InvalidAction.NotFound": {
        httpStatus: 404,
        message: "Specified api is not found, please check your url and method.",
    },
    UnsupportedHTTPMethod: { httpStatus: 400, message: "Specified HTTP method is not supported." },
    Throttling: { httpStatus: 400, message: "Request was denied due to flow control." },
    "Throttling.User": { httpStatus: 400, message: "Request was denied due to user flow control." },
    "Throttling.Api": { httpStatus: 400, message: "Request was denied due to api flow control." },
    InvalidRegionId: { httpStatus: 404, message: "The specified region does not exist." },
    "InvalidVpnConnectionInstanceId.NotFound": {
        httpStatus: 404,
        message: "The specified vpn connection instance id does not exist.",
    },
    "Forbbiden.SubUser": { httpStatus: 403, message: "The specified action is not available for you." },
    Forbidden: { httpStatus: 403, message: "User not authorized to operate on the specified resource." },
    "Forbidden.RAM": {
        httpStatus: 403,
        message: "User not authorized to operate on the specified resource.",
    },
    ServiceUnavailable: {
        httpStatus: 503,
        message: "The request has failed due to a temporary failure of the server.",
    },
    InternalError: {
        httpStatus: 500,
        message: "The request processing has failed due to some unknown error, exception or failure.",
    },
};

/**
 * The HTTP status for an error code: from {@link ERROR_CODES}, else by the families the real service
 * uses (`Throttling*` 400, `Forbidden*` 403, `*.NotFound` 404, `ServiceUnavailable*` 503, `Internal*` 500),
 * else 400.
 */
export function httpStatusForCode(code: string): number {
    const known = ERROR_CODES[code];
    if (known) return known.httpStatus;
    if (code.startsWith("Throttling")) return 400;
    if (code.startsWith("Forbidden") || code.startsWith("Forbbiden")) return 403;
    if (code.endsWith(".NotFound")) return 404;
    if (code.startsWith("ServiceUnavailable")) return 503;
    if (code.startsWith("Internal")) return 500;
    return 400;
}

/** The default message for an error code, or a generic one naming the code. */
export function messageForCode(code: string): string {
    return ERROR_CODES[code]?.message ?? `The request failed with error code ${code}.`;
}

/** The real gateway's wording for a missing mandatory parameter. */
export function missingParameterMessage(name: string): string {
    return `The input parameter "${name}" that is mandatory for processing this request is not supplied.`;
}

/** An error the emulator answers with: a code, an HTTP status and a message. Thrown inside the pipeline. */
export class EmulatorApiError extends Error {
    override readonly name = "EmulatorApiError";

    constructor(
        /** The Alibaba error code, e.g. `Throttling.User`. */
        readonly code: string,
        /** The message sent in the body. @default the code's message from {@link ERROR_CODES} */
        message: string = messageForCode(code),
        /** The HTTP status. @default the code's status from {@link httpStatusForCode} */
        readonly httpStatus: number = httpStatusForCode(code),
        /** Extra response headers, e.g. `x-acs-retry-after`. */
        readonly headers: Readonly<Record<string, string>> = {},
    ) {
        super(message);
    }
}

/** The host id the emulator reports in error bodies, as the service reports its endpoint's host. */
export function hostIdFor(regionId: string | undefined): string {
    return regionId ? `vpc.${regionId}.aliyuncs.com` : "vpc.aliyuncs.com";
}

/** Builds an error body `{RequestId, HostId, Code, Message, Recommend}` like the real gateway's. */
export function errorBody(
    requestId: string,
    code: string,
    message: string,
    regionId?: string,
): Required<Pick<WireErrorResponse, "RequestId" | "HostId" | "Code" | "Message" | "Recommend">> {
    return {
        RequestId: requestId,
        HostId: hostIdFor(regionId),
        Code: code,
        Message: message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=Vpc&requestId=${requestId}`,
    };
}
