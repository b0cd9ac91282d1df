/**
 * Alibaba Cloud RPC signature, version 1.0 (HMAC-SHA1), as the VPC API gateway checks it and as
 * `@alicloud/pop-core` computes it. The client signs its calls with these functions (`transport.ts`),
 * the emulator verifies requests with the same ones, and tests use {@link signParams} to craft raw
 * requests byte by byte.
 *
 * The algorithm, from Alibaba Cloud's "Request syntax and signature method V2 for RPC APIs" page
 * (formerly "Sign RPC APIs" / ECS "Request signatures"):
 *
 * 1. percent-encode every key and value per RFC 3986 (only `A-Z a-z 0-9 - _ . ~` stay literal),
 * 2. sort by key and join `key=value` pairs with `&` (the canonicalized query, without `Signature`),
 * 3. `StringToSign = METHOD + "&" + enc("/") + "&" + enc(canonicalized)`,
 * 4. `Signature = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))`.
 *
 * @packageDocumentation
 */

import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Percent-encodes a string the way Alibaba Cloud's RPC signature expects: `encodeURIComponent`, plus
 * the five characters it leaves alone that RFC 3986 reserves (`! ' ( ) *`).
 */
export function percentEncode(s: string): string {
    return encodeURIComponent(s).replace(
        /[!'()*]/g,
        (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"),
    );
}

/**
 * The canonicalized query string: every parameter except `Signature`, sorted by key (code-unit order,
 * as the SDKs sort), each key and value percent-encoded, joined `k=v` with `&`.
 */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
    return Object.keys(params)
        .filter((key) => key !== "Signature")
        .sort()
        .map((key) => `${percentEncode(key)}=${percentEncode(params[key] ?? "")}`)
        .join("&");
}

/**
 * The string the signature is computed over: `METHOD&%2F&<percent-encoded canonical query>`. The method
 * is the HTTP method actually used (a GET signature does not verify a POST request).
 */
export function stringToSign(method: string, params: Readonly<Record<string, string>>): string {
    return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonicalQuery(params))}`;
}

/** `base64(HMAC-SHA1(accessKeySecret + "&", stringToSign))`. */
export function computeSignature(stringToSignValue: string, accessKeySecret: string): string {
    return createHmac("sha1", `${accessKeySecret}&`).update(stringToSignValue, "utf8").digest("base64");
}

/**
 * Returns a copy of `params` with `Signature` set for `method`. Any `Signature` already present is
 * ignored when signing and replaced.
 */
export function signParams(
    method: string,
    params: Readonly<Record<string, string>>,
    accessKeySecret: string,
): Record<string, string> {
    const signature = computeSignature(stringToSign(method, params), accessKeySecret);
    return { ...params, Signature: signature };
}

/** Compares two signatures in constant time (for equal lengths), so timing says nothing about the secret. */
export function signaturesEqual(expected: string, provided: string): boolean {
    const a = Buffer.from(expected, "utf8");
    const b = Buffer.from(provided, "utf8");
    return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Formats a time the way the RPC `Timestamp` parameter wants it: UTC, `YYYY-MM-DDThh:mm:ssZ`, no
 * milliseconds (as `@alicloud/pop-core` sends it).
 */
export function formatTimestamp(ms: number): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
