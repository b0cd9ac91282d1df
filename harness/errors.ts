import type { PreviewResult } from "./result";

/**
 * A call to the dynamic-provider host failed, or the host could not be started.
 *
 * For a failed gRPC call, `message` is exactly what the host sent (the gRPC status details, for a
 * dynamic provider the JS `Error.message` thrown by the provider), without grpc-js's
 * `"2 UNKNOWN: "` prefix, and `code` is the gRPC status code (2 = UNKNOWN for a thrown error).
 */
export class ProviderHostError extends Error {
    /** gRPC status code of the failed call; `undefined` when the host could not be started. */
    readonly code: number | undefined;

    /** The provider RPC that failed (`"Read"`, `"Configure"`…), or `"start"`. */
    readonly method: string;

    /** The host's standard error captured so far, for diagnostics. */
    readonly stderr: string;

    constructor(
        message: string,
        options: { method: string; code?: number; stderr?: string; cause?: unknown },
    ) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = "ProviderHostError";
        this.method = options.method;
        this.code = options.code;
        this.stderr = options.stderr ?? "";
    }
}

/**
 * The preview failed: a read was refused by the provider, the program threw, or it used something
 * the harness does not implement. `errors` lists every failure in the order seen (the provider's
 * own message for a failed read); `result` is what had been previewed until then, so a caller can
 * still print it with `formatPreview`.
 */
export class PreviewError extends Error {
    /** Every failure message, in the order seen. */
    readonly errors: string[];

    /** The partial result, with `errors` filled in. */
    readonly result: PreviewResult;

    constructor(result: PreviewResult) {
        const first = result.errors[0] ?? "unknown error";
        const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : "";
        super(`Preview of ${result.project}/${result.stack} failed: ${first}${more}`);
        this.name = "PreviewError";
        this.errors = [...result.errors];
        this.result = result;
    }
}
