/**
 * Typed errors of the VPC client. Every message names the operation, the connection id, the region, the
 * Alibaba code and the RequestId where they are known, and never a URL, access key id, signature,
 * security token or secret: messages are built from fields we choose, and Alibaba's own message text is
 * scrubbed before it is quoted (see `redact.ts`).
 *
 * Each class declares its own default code, summary and fault, so a failure becomes an error by naming
 * its class and passing what is known. Imports nothing at run time, so programs can use the classes
 * without loading the client.
 *
 * @packageDocumentation
 */
import type { FailureKind, VpcFault } from "./classify";

// Defined beside the classification, which decides it; named here too, where the errors carry it.
export type { VpcFault } from "./classify";

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
    /** Whose fault it is, as the failure's classification says. @default the class's {@link VpcError.defaultFault} */
    fault?: VpcFault;
    /** Calls made, retries included. */
    attempts?: number;
    /** Milliseconds spent waiting between retries. */
    totalRetryDelayMs?: number;
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
    /** The code of an error of this class when Alibaba gave none. */
    static readonly defaultCode: string = "ServiceError";
    /**
     * Whose fault an error of this class is when its classification does not say; `undefined` means:
     * the server's when the error is retryable or the HTTP status is 5xx, else the client's.
     */
    static readonly defaultFault: VpcFault | undefined = undefined;
    /** Whether messages quote the code (not when the code only restates the class, as `InvalidInput`). */
    static readonly codeInMessage: boolean = true;

    /**
     * The words of an error of this class when the failure is best told by its class rather than by what
     * was observed, e.g. "throttled by the API's flow control".
     *
     * @param _details - the context of the failure.
     * @returns the summary, or `undefined` to use what was observed.
     */
    static defaultSummary(_details: VpcErrorDetails): string | undefined {
        return undefined;
    }

    override name = "VpcError";
    /** The API operation. */
    readonly operation?: string;
    /** The region of the call. */
    readonly regionId?: string;
    /** The connection the call was about. */
    readonly vpnConnectionId?: string;
    /** Alibaba's error code, or one of this library's (`InvalidInput`, `Timeout`, `NetworkError`, `InvalidResponse`…). */
    readonly code: string;
    /** Alibaba's RequestId, when a response was received. */
    readonly requestId?: string;
    /** HTTP status, when a response was received. */
    readonly httpStatus?: number;
    /** Whether retrying could succeed. */
    readonly retryable: boolean;
    /** Calls made, retries included (0 when the error came before any call). */
    readonly attempts: number;
    /** Milliseconds spent waiting between retries (0 without retries). */
    readonly totalRetryDelayMs: number;
    /** Alibaba's message, scrubbed. */
    readonly serviceMessage?: string;
    /** Whose fault it is. */
    readonly fault: VpcFault;

    /**
     * @param summary - what went wrong, in words; context is appended from `details`.
     *   @default the class's {@link VpcError.defaultSummary}
     * @param details - the context of the failure.
     */
    constructor(summary?: string, details: VpcErrorDetails = {}) {
        const kind = new.target;
        const code = details.code ?? kind.defaultCode;
        super(
            composeMessage(
                summary ?? kind.defaultSummary(details) ?? "the call failed",
                kind.codeInMessage || details.code !== undefined ? code : undefined,
                details,
            ),
            details.cause === undefined ? undefined : { cause: details.cause },
        );
        this.operation = details.operation;
        this.regionId = details.regionId;
        this.vpnConnectionId = details.vpnConnectionId;
        this.code = code;
        this.requestId = details.requestId;
        this.httpStatus = details.httpStatus;
        this.retryable = details.retryable ?? false;
        this.attempts = details.attempts ?? 0;
        this.totalRetryDelayMs = details.totalRetryDelayMs ?? 0;
        this.serviceMessage = details.serviceMessage;
        this.fault =
            details.fault ??
            kind.defaultFault ??
            (this.retryable || (details.httpStatus !== undefined && details.httpStatus >= 500)
                ? "server"
                : "client");
    }
}

/** The connection (or another addressed resource) does not exist: HTTP 404 `InvalidVpnConnectionInstanceId.NotFound`. */
export class VpcNotFoundError extends VpcError {
    static override readonly defaultCode: string = "NotFound";
    static override readonly defaultFault: VpcFault | undefined = "client";
    /** @inheritDoc */
    static override defaultSummary(details: VpcErrorDetails): string | undefined {
        return details.vpnConnectionId === undefined
            ? undefined
            : `VPN connection ${details.vpnConnectionId} was not found in region ${details.regionId ?? "(unknown)"}`;
    }
    override name = "VpcNotFoundError";
}

/** Flow control: `Throttling`, `Throttling.User`, `Throttling.Api`, after the retries allowed. */
export class VpcThrottledError extends VpcError {
    static override readonly defaultCode: string = "Throttling";
    static override readonly defaultFault: VpcFault | undefined = "server";
    /** @inheritDoc */
    static override defaultSummary(): string | undefined {
        return "throttled by the API's flow control";
    }
    override name = "VpcThrottledError";
}

/** The credentials were refused, or are not allowed to call the operation (signature, access key, RAM). */
export class VpcAuthError extends VpcError {
    static override readonly defaultCode: string = "Forbidden";
    static override readonly defaultFault: VpcFault | undefined = "client";
    /** @inheritDoc */
    static override defaultSummary(): string | undefined {
        return "the credentials were refused or lack permission";
    }
    override name = "VpcAuthError";
}

/** No credentials could be found; {@link VpcCredentialsNotFoundError.sourcesTried} lists every source looked at. */
export class VpcCredentialsNotFoundError extends VpcAuthError {
    static override readonly defaultCode: string = "CredentialsNotFound";
    static override readonly codeInMessage: boolean = false;
    override name = "VpcCredentialsNotFoundError";
    /** Each source of the chain, in order, with why it gave nothing. */
    readonly sourcesTried: string[];

    /**
     * @param sourcesTried - each source of the chain, with why it gave nothing.
     * @param details - the context of the failure.
     */
    constructor(sourcesTried: string[], details: VpcErrorDetails = {}) {
        super(`no Alibaba Cloud credentials found; tried, in order: ${sourcesTried.join("; ")}`, details);
        this.sourcesTried = sourcesTried;
    }
}

/** The call did not complete within the timeout. */
export class VpcTimeoutError extends VpcError {
    static override readonly defaultCode: string = "Timeout";
    static override readonly defaultFault: VpcFault | undefined = "server";
    override name = "VpcTimeoutError";
}

/** The connection to the endpoint failed (refused, reset, DNS). */
export class VpcNetworkError extends VpcError {
    static override readonly defaultCode: string = "NetworkError";
    static override readonly defaultFault: VpcFault | undefined = "server";
    override name = "VpcNetworkError";
}

/** The service answered with something that is not a valid response of the operation. */
export class VpcInvalidResponseError extends VpcError {
    static override readonly defaultCode: string = "InvalidResponse";
    static override readonly defaultFault: VpcFault | undefined = "server";
    override name = "VpcInvalidResponseError";
}

/**
 * The response body was larger than the client reads (`MAX_BODY_BYTES`, counted after decompression):
 * not an answer of the API. Not retried.
 */
export class VpcResponseTooLargeError extends VpcInvalidResponseError {
    static override readonly defaultCode: string = "ResponseTooLarge";
    override name = "VpcResponseTooLargeError";
}

/** An argument is not valid; thrown before any call is made. {@link VpcInvalidInputError.argument} names it. */
export class VpcInvalidInputError extends VpcError {
    static override readonly defaultCode: string = "InvalidInput";
    static override readonly defaultFault: VpcFault | undefined = "client";
    static override readonly codeInMessage: boolean = false;
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
        super(`invalid ${argument}: ${problem}`, details);
        this.argument = argument;
        this.problem = problem;
    }
}

/** Any other error answer of the service (e.g. `InvalidParameter`, `InternalError` after retries). */
export class VpcServiceError extends VpcError {
    override name = "VpcServiceError";
    /** @inheritDoc */
    static override defaultSummary(): string | undefined {
        return "the service returned an error";
    }
}

function composeMessage(summary: string, code: string | undefined, d: VpcErrorDetails): string {
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
    if (code !== undefined) facts.push(code);
    if (d.requestId !== undefined) facts.push(`RequestId ${d.requestId}`);
    if (d.httpStatus !== undefined) facts.push(`HTTP ${d.httpStatus}`);
    if (d.attempts !== undefined && d.attempts > 1) facts.push(`${d.attempts} attempts`);
    const said = d.serviceMessage ? `: ${d.serviceMessage}` : "";
    return `${head}${summary}${said}${facts.length ? ` (${facts.join(", ")})` : ""}`;
}

const ERROR_CLASSES: Readonly<Record<FailureKind, typeof VpcError>> = {
    NotFound: VpcNotFoundError,
    Throttled: VpcThrottledError,
    Auth: VpcAuthError,
    Timeout: VpcTimeoutError,
    Network: VpcNetworkError,
    InvalidResponse: VpcInvalidResponseError,
    ResponseTooLarge: VpcResponseTooLargeError,
    Service: VpcServiceError,
};

/**
 * The error class of a kind of failure.
 *
 * @param kind - the kind, as `classifyFailure` says.
 * @returns the class.
 */
export function errorClassOf(kind: FailureKind): typeof VpcError {
    return ERROR_CLASSES[kind];
}

/** One path where a connection differs from its expectation, as {@link VpcDriftError.drift} holds it. */
export interface VpcDriftEntry {
    /** Where, e.g. `ikeConfig.ikeEncAlg`. */
    readonly path: string;
    /** What the expectation gives; `null` for absent. */
    readonly expected: unknown;
    /** What the connection has; `null` for absent. */
    readonly actual: unknown;
}

/**
 * A connection read with `failOnDrift: true` differs from its expectation. The message lists every
 * drifted path with the expected and the actual value, one per line; expectations can never name a
 * secret, so neither can the message. {@link VpcDriftError.drift} holds the same entries.
 */
export class VpcDriftError extends VpcError {
    static override readonly defaultCode: string = "Drift";
    static override readonly defaultFault: VpcFault | undefined = "client";
    static override readonly codeInMessage: boolean = false;
    override name = "VpcDriftError";
    /** Every drifted path, with what was expected and what the connection has. */
    readonly drift: readonly VpcDriftEntry[];

    /**
     * @param drift - the drifted paths.
     * @param listing - the same paths rendered one per line, appended to the message.
     * @param details - the context: the operation, the connection, its region, the read's RequestId.
     */
    constructor(drift: readonly VpcDriftEntry[], listing: string, details: VpcErrorDetails = {}) {
        const n = drift.length;
        super(
            `VPN connection ${details.vpnConnectionId ?? "(unknown)"} in region ${details.regionId ?? "(unknown)"} drifted from its expectation at ${n} path${n === 1 ? "" : "s"}`,
            details,
        );
        this.message = `${this.message}:\n${listing}`;
        this.drift = drift;
    }
}
