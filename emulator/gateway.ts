/**
 * The checks Alibaba Cloud's API gateway makes before a request reaches the VPC service, in its order:
 * method and path, the common parameters, the access key and its STS token, the signature, the
 * timestamp, the nonce, the API version, the action, the quota, then the region. Each refusal is an
 * {@link EmulatorApiError} with the gateway's code and wording.
 *
 * @packageDocumentation
 */

import { VPC_API_VERSION } from "../provider/wire";
import { EmulatorApiError, missingParameterMessage } from "./errors";
import { param } from "./http";
import { type QuotaOptions, SlidingWindowQuota } from "./quota";
import { computeSignature, signaturesEqual, stringToSign } from "../provider/signature";
import {
    ACS3_HMAC_SHA256,
    canonicalRequestV3,
    computeSignatureV3,
    type HeaderMap,
    isV3Authorization,
    parseAuthorizationV3,
    sha256Hex,
    stringToSignV3,
} from "./signature-v3";

/** How far a request's `Timestamp` may be from the emulator's clock: the real gateway's 15 minutes. */
export const TIMESTAMP_TOLERANCE_MS = 15 * 60_000;

/** How long a `SignatureNonce` stays used: as long as a timestamp stays valid. */
export const NONCE_TTL_MS = 15 * 60_000;

/** The common parameters every request must carry, in the order the gateway checks them. */
export const REQUIRED_COMMON_PARAMETERS: readonly string[] = Object.freeze([
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "Version",
    "Action",
]);

/**
 * The headers a signature V3 request must carry (besides `host` and `authorization`), in the order
 * they are checked.
 */
export const REQUIRED_V3_HEADERS: readonly string[] = Object.freeze([
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
]);

/** What signature V3 covers besides the RPC parameters: the headers, the query pairs and the body. */
export interface SignedRequestParts {
    /** Request headers, lowercase names (as Node gives them). */
    readonly headers: HeaderMap;
    /** The query string's pairs, decoded, in order. */
    readonly query: Iterable<readonly [string, string]>;
    /** The body's bytes. */
    readonly body: Uint8Array;
}

/** Who signed a request and what it asks for. */
interface Authenticated {
    accessKeyId: string;
    version: string;
    action: string;
}

/** A header's value, or `undefined` when absent or empty (a repeated header: its first value). */
function headerOf(headers: HeaderMap, name: string): string | undefined {
    const v = headers[name];
    const first = typeof v === "string" ? v : v?.[0];
    return first === undefined || first === "" ? undefined : first;
}

/** An STS key needs its token; a permanent key must not carry one. */
function checkToken(credential: EmulatorCredential, token: string | undefined): void {
    if (credential.securityToken !== undefined && token === undefined) {
        throw new EmulatorApiError("InvalidSecurityToken.Malformed");
    }
    if (token !== undefined && token !== credential.securityToken) {
        throw new EmulatorApiError("InvalidSecurityToken.MismatchWithAccessKey");
    }
}

/** One access key the emulator accepts. */
export interface EmulatorCredential {
    /** The AccessKey ID. */
    accessKeyId: string;
    /** The AccessKey secret the signature is checked with. */
    accessKeySecret: string;
    /**
     * Makes this an STS credential: every request with this key must then carry this `SecurityToken`.
     * @default undefined (a permanent key: a request carrying a `SecurityToken` is refused)
     */
    securityToken?: string;
}

const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;

/**
 * Parses an RPC `Timestamp` (`YYYY-MM-DDThh:mm:ssZ`, UTC, optional milliseconds) to epoch ms, or
 * `undefined` if it is not one (including impossible dates such as February 30).
 */
export function parseTimestamp(value: string): number | undefined {
    const m = TIMESTAMP_PATTERN.exec(value);
    if (!m) return undefined;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
        number,
        number,
        number,
        number,
        number,
        number,
    ];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(ms);
    const valid =
        back.getUTCFullYear() === y &&
        back.getUTCMonth() === mo - 1 &&
        back.getUTCDate() === d &&
        back.getUTCHours() === h &&
        back.getUTCMinutes() === mi &&
        back.getUTCSeconds() === s;
    return valid ? ms : undefined;
}

/** What the gateway is configured with. */
export interface GatewayOptions {
    /** Access keys accepted. */
    credentials: readonly EmulatorCredential[];
    /** Region ids that exist. */
    regions: readonly string[];
    /** The actions that exist. */
    actions: readonly string[];
    /** Flow control per access key id, region and action. */
    quota: QuotaOptions;
    /** The clock of timestamp checks, nonce expiry and the quota window. */
    now: () => number;
}

/** A request the gateway let through, and the quota slot it took. */
export interface AdmittedRequest {
    /** The access key that signed it. */
    readonly accessKeyId: string;
    /** The action, one of {@link GatewayOptions.actions}. */
    readonly action: string;
    /** The region, one of {@link GatewayOptions.regions}. */
    readonly regionId: string;
    /** The quota window the request counted in. */
    readonly quotaKey: string;
}

/** The gateway: what a request must get past before any action sees it. */
export class Gateway {
    private readonly credentials = new Map<string, EmulatorCredential>();
    private readonly nonces = new Map<string, number>();
    private readonly regions: ReadonlySet<string>;
    private readonly actions: ReadonlySet<string>;
    private readonly quota: SlidingWindowQuota;
    private readonly now: () => number;

    /** @param options - keys, regions, actions, quota and clock. */
    constructor(options: GatewayOptions) {
        this.regions = new Set(options.regions);
        this.actions = new Set(options.actions);
        this.now = options.now;
        this.quota = new SlidingWindowQuota(options.quota, this.now);
        for (const c of options.credentials) this.addCredential(c);
    }

    /** Accepts another access key (replacing one with the same id). */
    addCredential(c: EmulatorCredential): void {
        if (!c.accessKeyId || !c.accessKeySecret) {
            throw new TypeError("credential needs a non-empty accessKeyId and accessKeySecret");
        }
        this.credentials.set(c.accessKeyId, { ...c });
    }

    /** Whether a region exists. */
    hasRegion(regionId: string | undefined): regionId is string {
        return regionId !== undefined && this.regions.has(regionId);
    }

    /** Gives back the quota slot of an admitted request (an injected fault answered in its place). */
    refund(request: AdmittedRequest): void {
        this.quota.refund(request.quotaKey);
    }

    /** Empties every quota window. */
    resetQuota(): void {
        this.quota.reset();
    }

    /**
     * Checks a request as the gateway does, in its order, and takes its slot in the quota. A request
     * whose `Authorization` header claims `ACS3-…` is checked as signature V3 (see
     * {@link Gateway.authenticateV3}); any other as signature V1 (the RPC parameters).
     *
     * @param method - the HTTP method.
     * @param path - the URL path.
     * @param params - the RPC parameters (query and form body).
     * @param signed - the headers, query and body, needed for signature V3. Without them only V1 is checked.
     * @returns what was admitted.
     * @throws EmulatorApiError with the gateway's code for the first check that fails.
     */
    admit(
        method: string,
        path: string,
        params: Readonly<Record<string, string>>,
        signed?: SignedRequestParts,
    ): AdmittedRequest {
        if (method !== "GET" && method !== "POST") throw new EmulatorApiError("UnsupportedHTTPMethod");
        if (path !== "/") throw new EmulatorApiError("InvalidAction.NotFound");

        const authorization = signed === undefined ? undefined : headerOf(signed.headers, "authorization");
        const { accessKeyId, version, action } =
            signed !== undefined && isV3Authorization(authorization)
                ? this.authenticateV3(method, authorization, signed)
                : this.authenticateV1(method, params);

        if (version !== VPC_API_VERSION) throw new EmulatorApiError("InvalidVersion");
        if (!this.actions.has(action)) throw new EmulatorApiError("InvalidAction.NotFound");

        const regionParam = param(params, "RegionId");
        const quotaKey = `${accessKeyId}\n${regionParam ?? ""}\n${action}`;
        if (!this.quota.take(quotaKey)) throw new EmulatorApiError("Throttling.User");

        if (regionParam === undefined) {
            throw new EmulatorApiError("MissingParameter", missingParameterMessage("RegionId"));
        }
        if (!this.regions.has(regionParam)) throw new EmulatorApiError("InvalidRegionId");
        return { accessKeyId, action, regionId: regionParam, quotaKey };
    }

    /** Signature V1: common parameters, key, STS token, signature, timestamp, nonce. */
    private authenticateV1(method: string, params: Readonly<Record<string, string>>): Authenticated {
        for (const name of REQUIRED_COMMON_PARAMETERS) {
            if (param(params, name) === undefined) {
                throw new EmulatorApiError("MissingParameter", missingParameterMessage(name));
            }
        }
        const accessKeyId = params["AccessKeyId"] ?? "";
        const credential = this.credentials.get(accessKeyId);
        if (!credential) throw new EmulatorApiError("InvalidAccessKeyId.NotFound");
        checkToken(credential, param(params, "SecurityToken"));

        if (params["SignatureMethod"] !== "HMAC-SHA1") throw new EmulatorApiError("InvalidSignatureMethod");
        if (params["SignatureVersion"] !== "1.0") throw new EmulatorApiError("IncompleteSignature");
        const serverStringToSign = stringToSign(method, params);
        const expected = computeSignature(serverStringToSign, credential.accessKeySecret);
        if (!signaturesEqual(expected, params["Signature"] ?? "")) {
            throw new EmulatorApiError(
                "SignatureDoesNotMatch",
                `Specified signature is not matched with our calculation. server string to sign is:${serverStringToSign}`,
            );
        }
        this.checkTimeAndNonce(accessKeyId, params["Timestamp"] ?? "", params["SignatureNonce"] ?? "");
        return { accessKeyId, version: params["Version"] ?? "", action: params["Action"] ?? "" };
    }

    /**
     * Signature V3 (`ACS3-HMAC-SHA256`), in the same order as V1: the `Authorization` header's form
     * and algorithm, the required `x-acs-*` headers and that they are signed, the key, the STS token
     * (`x-acs-security-token`), the body against `x-acs-content-sha256`, the signature, `x-acs-date`,
     * `x-acs-signature-nonce`. The action and version come from `x-acs-action` and `x-acs-version`.
     *
     * Codes: Alibaba's V3 page documents `SignatureDoesNotMatch` ("Specified signature does not match
     * our calculation.") and `IncompleteSignature` ("The request signature does not conform to Aliyun
     * standards."); the time-stamp, nonce, key and token codes are the V1 ones, which the page does not
     * contradict. The gateway's code for a body that does not match `x-acs-content-sha256`, for a
     * missing `x-acs-*` header and for an unsigned one is not documented: the emulator answers
     * `SignatureDoesNotMatch`, `MissingParameter` and `IncompleteSignature`.
     */
    private authenticateV3(method: string, authorization: string, signed: SignedRequestParts): Authenticated {
        const auth = parseAuthorizationV3(authorization);
        if (!auth) throw new EmulatorApiError("IncompleteSignature");
        if (auth.algorithm !== ACS3_HMAC_SHA256) throw new EmulatorApiError("InvalidSignatureMethod");
        const headers = signed.headers;
        for (const name of REQUIRED_V3_HEADERS) {
            if (headerOf(headers, name) === undefined) {
                throw new EmulatorApiError("MissingParameter", missingParameterMessage(name));
            }
        }
        const mustSign = [
            "host",
            ...Object.keys(headers).filter((n) => n === "content-type" || n.startsWith("x-acs-")),
        ];
        const unsigned = mustSign.filter((n) => !auth.signedHeaders.includes(n));
        if (unsigned.length > 0) {
            throw new EmulatorApiError(
                "IncompleteSignature",
                `The request signature does not conform to Aliyun standards. Headers not signed: ${unsigned.sort().join(";")}`,
            );
        }

        const credential = this.credentials.get(auth.accessKeyId);
        if (!credential) throw new EmulatorApiError("InvalidAccessKeyId.NotFound");
        checkToken(credential, headerOf(headers, "x-acs-security-token"));

        const claimed = (headerOf(headers, "x-acs-content-sha256") ?? "").toLowerCase();
        if (claimed !== sha256Hex(signed.body)) {
            throw new EmulatorApiError(
                "SignatureDoesNotMatch",
                "Specified signature does not match our calculation. The x-acs-content-sha256 header is not the SHA-256 of the request body.",
            );
        }
        const canonicalRequest = canonicalRequestV3({
            method,
            query: signed.query,
            headers,
            signedHeaders: auth.signedHeaders,
            payloadHash: claimed,
        });
        const serverStringToSign = stringToSignV3(canonicalRequest);
        const expected = computeSignatureV3(serverStringToSign, credential.accessKeySecret);
        if (!signaturesEqual(expected, auth.signature.toLowerCase())) {
            // Worded as the real gateway's V3 answers are quoted publicly: both strings echoed in brackets.
            throw new EmulatorApiError(
                "SignatureDoesNotMatch",
                `Specified signature does not match our calculation. server StringToSign is [${serverStringToSign}] server CanonicalRequest is [${canonicalRequest}]`,
            );
        }
        this.checkTimeAndNonce(
            auth.accessKeyId,
            headerOf(headers, "x-acs-date") ?? "",
            headerOf(headers, "x-acs-signature-nonce") ?? "",
        );
        return {
            accessKeyId: auth.accessKeyId,
            version: headerOf(headers, "x-acs-version") ?? "",
            action: headerOf(headers, "x-acs-action") ?? "",
        };
    }

    /** The timestamp window, then the nonce (recorded once the request passed every earlier check). */
    private checkTimeAndNonce(accessKeyId: string, timestampValue: string, nonce: string): void {
        const at = this.now();
        const timestamp = parseTimestamp(timestampValue);
        if (timestamp === undefined) throw new EmulatorApiError("InvalidTimeStamp.Format");
        if (Math.abs(at - timestamp) > TIMESTAMP_TOLERANCE_MS) {
            throw new EmulatorApiError("InvalidTimeStamp.Expired");
        }
        this.pruneNonces(at);
        const nonceKey = `${accessKeyId}\n${nonce}`;
        if (this.nonces.has(nonceKey)) throw new EmulatorApiError("SignatureNonceUsed");
        this.nonces.set(nonceKey, at);
    }

    /** Forgets nonces older than the TTL. The map is in insertion order, so this stops at the first fresh one. */
    private pruneNonces(at: number): void {
        for (const [key, seenAt] of this.nonces) {
            if (at - seenAt <= NONCE_TTL_MS) break;
            this.nonces.delete(key);
        }
    }
}
