/**
 * Reading and parsing a response body within bounds: at most {@link MAX_BODY_BYTES} after decompression,
 * nesting at most {@link MAX_JSON_DEPTH} deep, integers too large for a JavaScript number kept exact.
 * Nothing here knows about retries or the API: it says "this is JSON", "this is not", or "this is too
 * large", and the transport decides what that means.
 *
 * @packageDocumentation
 */
import type { IncomingMessage } from "node:http";
import * as zlib from "node:zlib";

/**
 * The largest response body read, in bytes, counted after decompression. A page of 50 connections with
 * two tunnels each is about 200 KB; anything past this cap is not an answer of the API, and reading it
 * would only fill memory (a 0.6 MB gzip body can inflate to gigabytes).
 */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The deepest nesting of objects and arrays accepted in a body. The API's deepest path is five levels
 * (`TunnelOptionsSpecification.TunnelOptions[].TunnelIkeConfig.…`); a body nested deeper is not one of
 * its answers, and parsing one nested thousands deep would exhaust the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** The body went past {@link MAX_BODY_BYTES}. */
export class BodyTooLargeError extends Error {
    override name = "BodyTooLargeError";
    /** @param limit - the cap that was crossed. */
    constructor(readonly limit: number) {
        super(`the response body is larger than ${limit} bytes after decompression`);
    }
}

/**
 * Reads a response body whole, decompressing gzip and deflate, and stops as soon as the decompressed
 * bytes pass `limit`: the stream is destroyed and what was read so far is dropped.
 *
 * @param res - the response.
 * @param limit - the cap, in decompressed bytes.
 * @returns the body as text.
 * @throws BodyTooLargeError past the cap; the stream's error when the body is cut short.
 */
export function readBody(res: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<string> {
    const encoding = String(res.headers["content-encoding"] ?? "identity")
        .toLowerCase()
        .trim();
    const decoder =
        encoding === "gzip" || encoding === "x-gzip"
            ? zlib.createGunzip()
            : encoding === "deflate"
              ? zlib.createInflate()
              : encoding === "br"
                ? zlib.createBrotliDecompress()
                : undefined;
    const stream: NodeJS.ReadableStream & { destroy(error?: Error): void } = decoder ?? res;
    return new Promise<string>((resolve, reject) => {
        let chunks: Buffer[] = [];
        let size = 0;
        let settled = false;
        const fail = (e: Error): void => {
            if (settled) return;
            settled = true;
            chunks = [];
            decoder?.destroy();
            res.destroy();
            reject(e);
        };
        if (decoder) {
            res.on("error", fail);
            res.on("aborted", () => fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" })));
            res.pipe(decoder);
        }
        stream.on("data", (chunk: Buffer) => {
            if (settled) return;
            size += chunk.length;
            if (size > limit) {
                fail(new BodyTooLargeError(limit));
                return;
            }
            chunks.push(chunk);
        });
        stream.on("error", (e: Error) => fail(e));
        stream.on("end", () => {
            if (settled) return;
            // A body shorter than its Content-Length ends without an error on some Node versions.
            if (!res.complete) {
                fail(Object.assign(new Error("the body was cut short"), { code: "ECONNRESET" }));
                return;
            }
            settled = true;
            const text = Buffer.concat(chunks).toString("utf8");
            chunks = [];
            resolve(text);
        });
    });
}

/** Why a body is not the JSON expected. */
export type JsonProblem = "empty" | "html" | "not-json" | "too-deep";

/** The outcome of {@link parseJsonBody}. */
export type ParsedBody = { ok: true; value: unknown } | { ok: false; problem: JsonProblem };

/**
 * Parses a body as JSON, refusing nesting deeper than {@link MAX_JSON_DEPTH} before the parser sees it,
 * and turning integer literals that a number cannot hold exactly (16 digits and more, outside the safe
 * range) into their decimal strings, so that every value is one the Pulumi engine's encoder takes
 * (pop-core's json-bigint parser made `BigNumber` objects of them, which it refuses).
 * `__proto__` keys stay ordinary own keys (`JSON.parse` defines, never assigns).
 *
 * @param text - the body.
 * @returns the value, or why it is not JSON.
 */
export function parseJsonBody(text: string): ParsedBody {
    const trimmed = text.trim();
    if (trimmed === "") return { ok: false, problem: "empty" };
    if (trimmed.startsWith("<")) return { ok: false, problem: "html" };
    let depth = 0;
    let inString = false;
    const bigIntegers: [number, number][] = [];
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 0x5c /* \ */) i++;
            else if (c === 0x22 /* " */) inString = false;
            continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
            if (++depth > MAX_JSON_DEPTH) return { ok: false, problem: "too-deep" };
        } else if (c === 0x7d || c === 0x5d) depth--;
        else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
            let j = i + 1;
            while (j < text.length && /[0-9.eE+-]/.test(text[j] ?? "")) j++;
            const literal = text.slice(i, j);
            if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
                bigIntegers.push([i, j]);
            }
            i = j - 1;
        }
    }
    let source = text;
    for (let k = bigIntegers.length - 1; k >= 0; k--) {
        const [from, to] = bigIntegers[k] as [number, number];
        source = `${source.slice(0, from)}"${source.slice(from, to)}"${source.slice(to)}`;
    }
    try {
        return { ok: true, value: JSON.parse(source) as unknown };
    } catch {
        return { ok: false, problem: "not-json" };
    }
}
