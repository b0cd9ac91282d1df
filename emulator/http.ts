/**
 * The emulator's HTTP plumbing: reading a request's body and parameters the way the API gateway reads
 * them, and writing an answer. Knows nothing of the API itself.
 *
 * @packageDocumentation
 */

import type { IncomingMessage, ServerResponse } from "node:http";

/** Largest request body read; a bigger one is refused with `InvalidParameter`. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request body over {@link MAX_BODY_BYTES}. */
export class BodyTooLargeError extends Error {
    override readonly name = "BodyTooLargeError";
}

/**
 * Reads a request's body, refusing one larger than `limit` bytes. The rest of a refused body is
 * drained, so that the refusal can still be sent.
 *
 * @param req - the request.
 * @param limit - the largest body accepted, in bytes.
 * @returns the body's bytes (signature V3 hashes them as sent).
 * @throws BodyTooLargeError for a larger body; the request's own error when it is aborted.
 */
export function readRawBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) {
                // Stop keeping the body but drain it, so the 413 can still be sent.
                req.removeAllListeners("data");
                req.resume();
                reject(new BodyTooLargeError(`The request body is larger than ${limit} bytes.`));
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () => resolve(Buffer.concat(chunks)));
        req.on("error", reject);
    });
}

/**
 * Reads a request's body as UTF-8 text; see {@link readRawBody}.
 *
 * @param req - the request.
 * @param limit - the largest body accepted, in bytes.
 * @returns the body.
 * @throws BodyTooLargeError for a larger body; the request's own error when it is aborted.
 */
export async function readBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<string> {
    return (await readRawBody(req, limit)).toString("utf8");
}

/**
 * The RPC parameters of a request: query parameters, then form-body parameters (the body wins on a
 * repeated key; within each, the first occurrence of a key wins).
 *
 * @param url - the request URL.
 * @param req - the request, for its content type.
 * @param body - the body read.
 * @returns the parameters.
 */
export function collectParams(url: URL, req: IncomingMessage, body: string): Record<string, string> {
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) if (!(k in params)) params[k] = v;
    const type = (req.headers["content-type"] ?? "").toLowerCase();
    if (body.length > 0 && type.startsWith("application/x-www-form-urlencoded")) {
        const seen = new Set<string>();
        for (const [k, v] of new URLSearchParams(body)) {
            if (seen.has(k)) continue;
            seen.add(k);
            params[k] = v;
        }
    }
    return params;
}

/**
 * A parameter, treating an empty value as absent (as the gateway does).
 *
 * @param params - the request's parameters.
 * @param name - the parameter's name.
 * @returns its value, or `undefined` when absent or empty.
 */
export function param(params: Readonly<Record<string, string>>, name: string): string | undefined {
    const v = params[name];
    return v === undefined || v === "" ? undefined : v;
}

/** How a request is answered. */
export type Outcome =
    /** A JSON body; `code` is the Alibaba error code it carries, if any, for the request record. */
    | { kind: "json"; status: number; body: object; headers?: Record<string, string>; code?: string }
    /** A body sent as is (an HTML page, an empty body). */
    | { kind: "raw"; status: number; body: string; contentType?: string; headers?: Record<string, string> }
    /** No answer: the connection stays open. */
    | { kind: "hang" }
    /** No answer: the connection is destroyed. */
    | { kind: "reset" };

/**
 * Sends a JSON body with the RequestId header every answer of the real API carries.
 *
 * @param res - the response.
 * @param requestId - the request's RequestId.
 * @param status - the HTTP status.
 * @param body - the body.
 * @param headers - extra headers.
 */
export function writeJson(
    res: ServerResponse,
    requestId: string,
    status: number,
    body: object,
    headers: Record<string, string> = {},
): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        "content-type": "application/json;charset=utf-8",
        "content-length": Buffer.byteLength(text),
        "x-acs-request-id": requestId,
        ...headers,
    });
    res.end(text);
}

/**
 * Carries out an outcome.
 *
 * @param req - the request (its socket is destroyed for a reset).
 * @param res - the response.
 * @param requestId - the request's RequestId.
 * @param outcome - how to answer.
 * @returns the HTTP status sent, 0 when none was.
 */
export function writeOutcome(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    outcome: Outcome,
): number {
    switch (outcome.kind) {
        case "hang":
            return 0;
        case "reset":
            req.socket.destroy();
            return 0;
        case "raw":
            res.writeHead(outcome.status, {
                ...outcome.headers,
                ...(outcome.contentType ? { "content-type": outcome.contentType } : {}),
                "content-length": Buffer.byteLength(outcome.body),
            });
            res.end(outcome.body);
            return outcome.status;
        case "json":
            writeJson(res, requestId, outcome.status, outcome.body, outcome.headers);
            return outcome.status;
    }
}
