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
import { computeSignature, signaturesEqual, stringToSign } from "./signature";

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
     * Checks a request as the gateway does, in its order, and takes its slot in the quota.
     *
     * @param method - the HTTP method.
     * @param path - the URL path.
     * @param params - the RPC parameters.
     * @returns what was admitted.
     * @throws EmulatorApiError with the gateway's code for the first check that fails.
     */
    admit(method: string, path: string, params: Readonly<Record<string, string>>): AdmittedRequest {
        if (method !== "GET" && method !== "POST") throw new EmulatorApiError("UnsupportedHTTPMethod");
        if (path !== "/") throw new EmulatorApiError("InvalidAction.NotFound");

        for (const name of REQUIRED_COMMON_PARAMETERS) {
            if (param(params, name) === undefined) {
                throw new EmulatorApiError("MissingParameter", missingParameterMessage(name));
            }
        }
        const accessKeyId = params["AccessKeyId"] ?? "";
        const credential = this.credentials.get(accessKeyId);
        if (!credential) throw new EmulatorApiError("InvalidAccessKeyId.NotFound");

        const token = param(params, "SecurityToken");
        if (credential.securityToken !== undefined && token === undefined) {
            throw new EmulatorApiError("InvalidSecurityToken.Malformed");
        }
        if (token !== undefined && token !== credential.securityToken) {
            throw new EmulatorApiError("InvalidSecurityToken.MismatchWithAccessKey");
        }

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

        const at = this.now();
        const timestamp = parseTimestamp(params["Timestamp"] ?? "");
        if (timestamp === undefined) throw new EmulatorApiError("InvalidTimeStamp.Format");
        if (Math.abs(at - timestamp) > TIMESTAMP_TOLERANCE_MS) {
            throw new EmulatorApiError("InvalidTimeStamp.Expired");
        }

        this.pruneNonces(at);
        const nonceKey = `${accessKeyId}\n${params["SignatureNonce"] ?? ""}`;
        if (this.nonces.has(nonceKey)) throw new EmulatorApiError("SignatureNonceUsed");
        this.nonces.set(nonceKey, at);

        if (params["Version"] !== VPC_API_VERSION) throw new EmulatorApiError("InvalidVersion");
        const action = params["Action"] ?? "";
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

    /** Forgets nonces older than the TTL. The map is in insertion order, so this stops at the first fresh one. */
    private pruneNonces(at: number): void {
        for (const [key, seenAt] of this.nonces) {
            if (at - seenAt <= NONCE_TTL_MS) break;
            this.nonces.delete(key);
        }
    }
}
