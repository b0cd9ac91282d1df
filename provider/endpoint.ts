/**
 * Which URL the VPC API is called at: an explicit endpoint, else `ALIBABA_CLOUD_ENDPOINT_VPC` (the name
 * Terraform's alicloud provider uses), else the region's public endpoint. HTTPS everywhere; plain HTTP
 * only for loopback hosts, which is what the local emulator needs and nothing else does.
 *
 * @packageDocumentation
 */
import { isIP } from "node:net";
import { VpcInvalidInputError } from "./errors";
import { quoteValue } from "./redact";

/** The environment variable that overrides the VPC endpoint, as in Terraform's alicloud provider. */
export const ENDPOINT_ENV_VAR = "ALIBABA_CLOUD_ENDPOINT_VPC";

/**
 * Regions still served by the central endpoint `vpc.aliyuncs.com`; every other region is served at
 * `vpc.<region>.aliyuncs.com`.
 */
export const CENTRAL_ENDPOINT_REGIONS: ReadonlySet<string> = new Set([
    "cn-qingdao",
    "cn-beijing",
    "cn-hangzhou",
    "cn-shanghai",
    "cn-shenzhen",
    "cn-hongkong",
    "ap-southeast-1",
    "us-east-1",
    "us-west-1",
]);

/** The endpoint a call goes to, and where it came from (for messages). */
export interface ResolvedEndpoint {
    /** `https://host[:port]` or, for loopback only, `http://…`; no path, no trailing slash. */
    url: string;
    /** `endpoint`, `ALIBABA_CLOUD_ENDPOINT_VPC` or `region default`. */
    source: string;
}

/**
 * Whether a host name is a loopback address: `localhost`, `127.0.0.0/8` or `::1`.
 *
 * @param host - a host name as `URL.hostname` gives it (IPv6 in brackets).
 * @returns true for loopback.
 */
export function isLoopbackHost(host: string): boolean {
    const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
    if (bare === "localhost" || bare === "::1") return true;
    return isIP(bare) === 4 && bare.startsWith("127.");
}

/** The longest host name DNS allows (RFC 1035), in characters. */
const MAX_HOST_NAME_CHARS = 253;

/**
 * Parses and checks an endpoint. A bare host (`vpc.cn-hangzhou.aliyuncs.com`, as Terraform's variable
 * takes it) means HTTPS.
 *
 * @param value - what the user gave.
 * @param source - where it came from, to name in the error.
 * @returns the normalized URL (scheme, host and port only).
 * @throws VpcInvalidInputError for anything that is not an HTTPS URL or a loopback HTTP URL.
 */
export function normalizeEndpoint(value: unknown, source: string): string {
    if (typeof value !== "string" || value.trim() === "") {
        throw new VpcInvalidInputError(
            source,
            `expected an endpoint URL like "https://vpc.cn-hangzhou.aliyuncs.com", got ${quoteValue(value)}`,
        );
    }
    const text = value.trim();
    let url: URL;
    try {
        url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    } catch {
        throw new VpcInvalidInputError(
            source,
            `expected an endpoint URL like "https://vpc.cn-hangzhou.aliyuncs.com", got ${quoteValue(text)}`,
        );
    }
    if (url.username || url.password) {
        throw new VpcInvalidInputError(
            source,
            "an endpoint must not carry credentials; use the credential settings instead",
        );
    }
    if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
        throw new VpcInvalidInputError(
            source,
            // Not quoted: a path or query could carry a token.
            "expected scheme, host and port only, without a path or query",
        );
    }
    const host = url.hostname.replace(/^\[|\]$/g, "");
    // DNS limits (RFC 1035): no resolver will find a longer name, so refuse it before any lookup.
    if (host.length > MAX_HOST_NAME_CHARS || host.split(".").some((label) => label.length > 63)) {
        throw new VpcInvalidInputError(
            source,
            `expected a host name of at most ${MAX_HOST_NAME_CHARS} characters and labels of at most 63, got ${quoteValue(host)}`,
        );
    }
    if (url.protocol === "http:") {
        if (!isLoopbackHost(url.hostname)) {
            throw new VpcInvalidInputError(
                source,
                `plain http:// is accepted only for loopback hosts (the local emulator); use https:// for ${quoteValue(url.hostname)}`,
            );
        }
    } else if (url.protocol !== "https:") {
        throw new VpcInvalidInputError(
            source,
            `expected an https:// URL, got the scheme ${quoteValue(url.protocol)}`,
        );
    }
    return `${url.protocol}//${url.host}`;
}

/**
 * The default public endpoint of a region.
 *
 * @param regionId - a valid region id.
 * @returns `https://vpc.aliyuncs.com` for the central regions, else `https://vpc.<region>.aliyuncs.com`.
 */
export function defaultEndpoint(regionId: string): string {
    return CENTRAL_ENDPOINT_REGIONS.has(regionId)
        ? "https://vpc.aliyuncs.com"
        : `https://vpc.${regionId}.aliyuncs.com`;
}

/**
 * Resolves the endpoint of a call, at call time.
 *
 * @param explicit - the `endpoint` argument, if any.
 * @param regionId - the resolved region.
 * @param env - the environment to read (defaults to `process.env`, read now, not at import).
 * @returns the URL and its source.
 */
export function resolveEndpoint(
    explicit: string | undefined,
    regionId: string,
    env: NodeJS.ProcessEnv = process.env,
): ResolvedEndpoint {
    if (explicit !== undefined && explicit !== "") {
        return { url: normalizeEndpoint(explicit, "endpoint"), source: "endpoint" };
    }
    const fromEnv = env[ENDPOINT_ENV_VAR];
    if (fromEnv !== undefined && fromEnv !== "") {
        return { url: normalizeEndpoint(fromEnv, ENDPOINT_ENV_VAR), source: ENDPOINT_ENV_VAR };
    }
    return { url: defaultEndpoint(regionId), source: "region default" };
}
