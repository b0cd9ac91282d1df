/**
 * Typed errors of the VPC client. Every message names the operation, the connection id, the region, the
 * Alibaba code and the RequestId where they are known, and never a URL, access key id, signature,
 * security token or secret: messages are built from fields we choose, and Alibaba's own message text is
 * scrubbed before it is quoted (see `redact.ts`).
 *
 * @packageDocumentation
 */

/** Whether a failure is the caller's (`client`) or the service's or network's (`server`). */
export type VpcFault = "client" | "server";

/** What is known about a failed call; every field is optional because failures happen at every stage. */
export interface VpcErrorDetails {
    /** The API operation, e.g. `DescribeVpnConnection`. */
    operation?: string;
    /** The region of the call. */
    regionId?: string;
    /** The connection the call was about. */
    vpnConnectionId?: string;
    /** Alibaba's error code, e.g. `Throttling.User`. */
    code?: string;
    /** Alibaba's RequestId of the last response. */
    requestId?: string;
    /** HTTP status of the last response, when one was received. */
    httpStatus?: number;
    /** Whether the failure is worth retrying. */
    retryable?: boolean;
    /** Calls made, retries included. */
    attempts?: number;
    /** Alibaba's message, already scrubbed of credentials. */
    serviceMessage?: string;
    /** The underlying failure, scrubbed. */
    cause?: unknown;
}

/**
 * Base class of every error the client throws. Catch this to handle any failure; check the subclass
 * or {@link VpcError.code} to tell them apart.
 */
export class VpcError extends Error {
    override name = "VpcError";
    /** The API operation. */
    readonly operation?: string;
    /** The region of the call. */
    readonly regionId?: string;
    /** The connection the call was about. */
    readonly vpnConnectionId?: string;
    /** Alibaba's error code, or one of this library's (`InvalidInput`, `Timeout`, `NetworkError`, `InvalidResponse`). */
    readonly code: string;
    /** Alibaba's RequestId, when a response was received. */
    readonly requestId?: string;
    /** HTTP status, when a response was received. */
    readonly httpStatus?: number;
    /** Whether retrying could succeed. */
    readonly retryable: boolean;
    /** Calls made, retries included (0 when the error came before any call). */
    readonly attempts: number;
    /** Alibaba's message, scrubbed. */
    readonly serviceMessage?: string;
    /** Whose fault it is. */
    readonly fault: VpcFault;

    /**
     * @param summary - what went wrong, in words; context is appended from `details`.
     * @param defaultCode - the code when Alibaba gave none.
     * @param details - the context of the failure.
     */
    constructor(summary: string, defaultCode: string, details: VpcErrorDetails = {}) {
        super(
            composeMessage(summary, defaultCode, details),
            details.cause === undefined ? undefined : { cause: details.cause },
        );
        this.operation = details.operation;
        this.regionId = details.regionId;
        this.vpnConnectionId = details.vpnConnectionId;
        this.code = details.code ?? defaultCode;
        this.requestId = details.requestId;
        this.httpStatus = details.httpStatus;
        this.retryable = details.retryable ?? false;
        this.attempts = details.attempts ?? 0;
        this.serviceMessage = details.serviceMessage;
        this.fault =
            this.retryable || (details.httpStatus !== undefined && details.httpStatus >= 500)
                ? "server"
                : "client";
    }
}

/** The connection (or another addressed resource) does not exist: HTTP 404 `InvalidVpnConnectionInstanceId.NotFound`. */
export class VpcNotFoundError extends VpcError {
    override name = "VpcNotFoundError";
}

/** Flow control: `Throttling`, `Throttling.User`, `Throttling.Api`, after the retries allowed. */
export class VpcThrottledError extends VpcError {
    override name = "VpcThrottledError";
}

/** The credentials were refused, or are not allowed to call the operation (signature, access key, RAM). */
export class VpcAuthError extends VpcError {
    override name = "VpcAuthError";
}

/** No credentials could be found; {@link VpcCredentialsNotFoundError.sourcesTried} lists every source looked at. */
export class VpcCredentialsNotFoundError extends VpcAuthError {
    override name = "VpcCredentialsNotFoundError";
    /** Each source of the chain, in order, with why it gave nothing. */
    readonly sourcesTried: string[];

    /**
     * @param sourcesTried - each source of the chain, with why it gave nothing.
     * @param details - the context of the failure.
     */
    constructor(sourcesTried: string[], details: VpcErrorDetails = {}) {
        super(
            `no Alibaba Cloud credentials found; tried, in order: ${sourcesTried.join("; ")}`,
            "CredentialsNotFound",
            details,
        );
        this.sourcesTried = sourcesTried;
    }
}

/** The call did not complete within the timeout. */
export class VpcTimeoutError extends VpcError {
    override name = "VpcTimeoutError";
}

/** The connection to the endpoint failed (refused, reset, DNS). */
export class VpcNetworkError extends VpcError {
    override name = "VpcNetworkError";
}

/** The service answered with something that is not a valid response of the operation. */
export class VpcInvalidResponseError extends VpcError {
    override name = "VpcInvalidResponseError";
}

/** An argument is not valid; thrown before any call is made. {@link VpcInvalidInputError.argument} names it. */
export class VpcInvalidInputError extends VpcError {
    override name = "VpcInvalidInputError";
    /** The argument at fault, e.g. `vpnConnectionId`. */
    readonly argument: string;
    /** What is wrong with it: what was expected and, unless it could be a credential, what was given. */
    readonly problem: string;

    /**
     * @param argument - the argument at fault.
     * @param problem - what was expected and what was given.
     * @param details - the context.
     */
    constructor(argument: string, problem: string, details: VpcErrorDetails = {}) {
        super(`invalid ${argument}: ${problem}`, "InvalidInput", details);
        this.argument = argument;
        this.problem = problem;
    }
}

/** Any other error answer of the service (e.g. `InvalidParameter`, `InternalError` after retries). */
export class VpcServiceError extends VpcError {
    override name = "VpcServiceError";
}

function composeMessage(summary: string, defaultCode: string, d: VpcErrorDetails): string {
    const where: string[] = [];
    if (d.vpnConnectionId !== undefined) where.push(`VPN connection ${d.vpnConnectionId}`);
    if (d.regionId !== undefined) where.push(`region ${d.regionId}`);
    // The summary may already name the connection ("VPN connection vco-… was not found in region …").
    const named = d.vpnConnectionId !== undefined && summary.includes(d.vpnConnectionId);
    const head =
        d.operation !== undefined
            ? `${d.operation}${where.length && !named ? ` (${where.join(", ")})` : ""}: `
            : "";
    const facts: string[] = [];
    const code = d.code ?? defaultCode;
    if (code !== "InvalidInput" && code !== "CredentialsNotFound") facts.push(code);
    if (d.requestId !== undefined) facts.push(`RequestId ${d.requestId}`);
    if (d.httpStatus !== undefined) facts.push(`HTTP ${d.httpStatus}`);
    if (d.attempts !== undefined && d.attempts > 1) facts.push(`${d.attempts} attempts`);
    const said = d.serviceMessage ? `: ${d.serviceMessage}` : "";
    return `${head}${summary}${said}${facts.length ? ` (${facts.join(", ")})` : ""}`;
}
