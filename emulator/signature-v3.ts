/**
 * Alibaba Cloud's signature V3 (`ACS3-HMAC-SHA256`), the default of the official SDKs
 * (`@alicloud/openapi-core`, the Go SDK), as the API gateway checks it. The emulator verifies
 * requests with these functions; tests use {@link signRequestV3} to craft raw requests.
 *
 * The algorithm, from Alibaba Cloud's "Request syntax and signature method V3" page and
 * `@alicloud/openapi-core`'s `getAuthorization`:
 *
 * 1. `CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
 *    SignedHeaders \n HashedRequestPayload`, where the URI of an RPC call is `/`; the query is
 *    sorted by name, names and values percent-encoded per RFC 3986 (space `%20`, `*` `%2A`, `~` kept);
 *    each signed header is `lowercase-name:trimmed-value\n`; `SignedHeaders` are the lowercase
 *    names sorted and joined with `;`; the payload hash is the hex SHA-256 of the body (of `""`
 *    when there is none), also sent as `x-acs-content-sha256`.
 * 2. `StringToSign = "ACS3-HMAC-SHA256\n" + hex(SHA-256(CanonicalRequest))`.
 * 3. `Signature = hex(HMAC-SHA256(AccessKeySecret, StringToSign))` (the raw secret: no `&` as in V1).
 * 4. `Authorization: ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>`.
 *
 * The SDK signs `host`, `content-type` when present, and every `x-acs-*` header.
 *
 * @packageDocumentation
 */

import { createHash, createHmac } from "node:crypto";

import { percentEncode } from "../provider/signature";

/** The only V3 algorithm the emulator verifies (the SDKs' default). */
export const ACS3_HMAC_SHA256 = "ACS3-HMAC-SHA256";

/** Request headers as Node gives them: lowercase names; a repeated header may be an array. */
export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The parts of an `Authorization: ACS3-…` header. */
export interface AuthorizationV3 {
    /** The algorithm, e.g. `ACS3-HMAC-SHA256`. */
    readonly algorithm: string;
    /** The AccessKey ID (`Credential=`). */
    readonly accessKeyId: string;
    /** The signed header names, lowercase, in the order given. */
    readonly signedHeaders: readonly string[];
    /** The hex signature. */
    readonly signature: string;
}

/** Hex SHA-256 of a body (the `x-acs-content-sha256` value and `HashedRequestPayload`). */
export function sha256Hex(data: string | Uint8Array): string {
    return createHash("sha256").update(data).digest("hex");
}

/** Whether an `Authorization` header value claims signature V3 (any `ACS3-` algorithm). */
export function isV3Authorization(value: string | undefined): value is string {
    return value !== undefined && /^ACS3-/i.test(value.trim());
}

/**
 * Parses `ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b,Signature=hex`. Returns `undefined` when
 * the value does not have that structure (the gateway's `IncompleteSignature`).
 */
export function parseAuthorizationV3(value: string): AuthorizationV3 | undefined {
    const m = /^(\S+)\s+(.*)$/s.exec(value.trim());
    if (!m) return undefined;
    const fields = new Map<string, string>();
    for (const part of (m[2] ?? "").split(",")) {
        const eq = part.indexOf("=");
        if (eq < 0) return undefined;
        fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const accessKeyId = fields.get("Credential");
    const signed = fields.get("SignedHeaders");
    const signature = fields.get("Signature");
    if (!accessKeyId || !signed || !signature || fields.size !== 3) return undefined;
    const names = signed.split(";").map((n) => n.trim().toLowerCase());
    if (names.some((n) => n === "")) return undefined;
    return { algorithm: m[1] ?? "", accessKeyId, signedHeaders: names, signature };
}

/**
 * The canonical query string: pairs sorted by name (then value), each name and value percent-encoded
 * per RFC 3986, joined `name=value` with `&`; empty for no parameters.
 */
export function canonicalQueryV3(pairs: Iterable<readonly [string, string]>): string {
    return [...pairs]
        .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
        .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
        .map(([k, v]) => `${k}=${v}`)
        .join("&");
}

/** A header's value as signed: trimmed; repeated values sorted and joined with `,` (as the SDK does). */
function headerValue(headers: HeaderMap, name: string): string {
    const v = headers[name];
    if (v === undefined) return "";
    if (typeof v === "string") return v.trim();
    return [...v]
        .map((x) => x.trim())
        .sort()
        .join(",");
}

/** The canonical headers block: `name:value\n` for each of `names` (lowercase), in the given order. */
export function canonicalHeadersV3(headers: HeaderMap, names: readonly string[]): string {
    return names.map((n) => `${n}:${headerValue(headers, n)}\n`).join("");
}

/** The header names the SDK signs: `host`, `content-type` when present, every `x-acs-*`; sorted. */
export function signableHeaderNames(headers: HeaderMap): string[] {
    return Object.keys(headers)
        .map((n) => n.toLowerCase())
        .filter((n) => n === "host" || n === "content-type" || n.startsWith("x-acs-"))
        .sort();
}

/** The pieces of a canonical request. */
export interface CanonicalRequestParts {
    /** HTTP method; upper-cased. */
    method: string;
    /** The query parameters (decoded). */
    query: Iterable<readonly [string, string]>;
    /** The request headers (lowercase names). */
    headers: HeaderMap;
    /** The signed header names, lowercase; signed in sorted order. */
    signedHeaders: readonly string[];
    /** Hex SHA-256 of the body. */
    payloadHash: string;
}

/** The canonical request of an RPC call (canonical URI `/`). */
export function canonicalRequestV3(parts: CanonicalRequestParts): string {
    const names = [...parts.signedHeaders].sort();
    return [
        parts.method.toUpperCase(),
        "/",
        canonicalQueryV3(parts.query),
        canonicalHeadersV3(parts.headers, names),
        names.join(";"),
        parts.payloadHash,
    ].join("\n");
}

/** `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request. */
export function stringToSignV3(canonicalRequest: string): string {
    return `${ACS3_HMAC_SHA256}\n${sha256Hex(canonicalRequest)}`;
}

/** Hex HMAC-SHA256 of the string to sign, keyed with the raw AccessKey secret. */
export function computeSignatureV3(stringToSign: string, accessKeySecret: string): string {
    return createHmac("sha256", accessKeySecret).update(stringToSign, "utf8").digest("hex");
}

/** What {@link signRequestV3} signs. */
export interface SignRequestV3Input {
    method: string;
    /** Query parameters (decoded). */
    query: Readonly<Record<string, string>>;
    /** Headers to send, `host`, `x-acs-action`, `x-acs-version`, `x-acs-date` and `x-acs-signature-nonce` among them. */
    headers: Readonly<Record<string, string>>;
    /** The body. @default "" */
    body?: string | Uint8Array;
    accessKeyId: string;
    accessKeySecret: string;
}

/**
 * Signs a request as the SDK does: sets `x-acs-content-sha256` (unless given) and `authorization`,
 * signing `host`, `content-type` and every `x-acs-*` header.
 *
 * @returns the headers to send (lowercase names), `authorization` included.
 */
export function signRequestV3(input: SignRequestV3Input): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(input.headers)) headers[k.toLowerCase()] = v;
    headers["x-acs-content-sha256"] ??= sha256Hex(input.body ?? "");
    const signedHeaders = signableHeaderNames(headers);
    const canonical = canonicalRequestV3({
        method: input.method,
        query: Object.entries(input.query),
        headers,
        signedHeaders,
        payloadHash: headers["x-acs-content-sha256"],
    });
    const signature = computeSignatureV3(stringToSignV3(canonical), input.accessKeySecret);
    headers["authorization"] =
        `${ACS3_HMAC_SHA256} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders.join(";")},Signature=${signature}`;
    return headers;
}
