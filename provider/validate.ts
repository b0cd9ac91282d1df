/**
 * The basic checks of arguments and settings, in one table, run before any API call: ids, region,
 * endpoint, access key id, paging, rate and name pattern. Each names the argument and says what was
 * expected; a missing value is worded the same way everywhere; values are quoted truncated (see
 * `redact.ts`), so hostile input cannot flood an error message or a log. Every failure is a
 * {@link VpcInvalidInputError}. Used by the client, the provider's `check`, the SDK and tests. The
 * arguments that shape a read (the expectation and the flags) are checked in `arguments.ts`, so that
 * the client loads no drift code.
 *
 * @packageDocumentation
 */
import { normalizeEndpoint } from "./endpoint";
import { VpcInvalidInputError } from "./errors";
import { quoteValue } from "./redact";

const VPN_CONNECTION_ID = /^vco-[a-z0-9]{8,40}$/;
const REGION_ID = /^[a-z]{2,4}(-[a-z0-9]+){1,3}$/;
const ACCESS_KEY_ID = /^[A-Za-z0-9._-]{8,128}$/;
const RESOURCE_ID = /^[a-z]+-[a-z0-9]{4,40}$/;

/**
 * The lowest `maxRequestsPerSecond` accepted: 0.1, one call every 10 seconds. Every caller sharing the
 * key waits its turn at this pace, so a lower rate (a typo such as `0.0001`, one call in almost three
 * hours) would hold reads for hours rather than protect the quota.
 */
export const MIN_REQUESTS_PER_SECOND = 0.1;

/** The highest `maxRequestsPerSecond` accepted: far above any quota, low enough to catch a typo. */
export const MAX_REQUESTS_PER_SECOND = 10_000;

/**
 * A setting's number: a number as it is, or the text of a non-negative decimal (from a stack config or
 * an environment variable, spaces around it allowed), else `NaN` for the caller to refuse.
 *
 * @param value - the setting's value.
 * @returns the number, or `NaN`.
 */
export function decimalValue(value: unknown): number {
    if (typeof value === "number") return value;
    return typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
}

/**
 * The error for a value that is not what `expected` describes. A missing value (`undefined` or `null`)
 * gets the one wording of a missing argument; any other value is quoted unless `quote` is false.
 *
 * @param argument - the argument's name.
 * @param expected - what was expected, e.g. `true or false`.
 * @param value - the value given.
 * @param quote - whether to quote the value in the message. @default true
 * @returns the error, to throw.
 */
export function invalid(
    argument: string,
    expected: string,
    value: unknown,
    quote = true,
): VpcInvalidInputError {
    if (value === undefined || value === null) {
        return new VpcInvalidInputError(argument, `none given; expected ${expected}`);
    }
    return new VpcInvalidInputError(
        argument,
        quote ? `expected ${expected}, got ${quoteValue(value)}` : `expected ${expected}`,
    );
}

function wholeNumber(value: unknown, argument: string, min: number, max: number): number {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
        const range = max === Number.MAX_SAFE_INTEGER ? `from ${min}` : `from ${min} to ${max}`;
        throw new VpcInvalidInputError(
            argument,
            value === undefined || value === null
                ? `none given; expected a whole number ${range}`
                : `expected a whole number ${range}, got ${String(value).slice(0, 24)}`,
        );
    }
    return value;
}

function resourceId(value: unknown, prefix: string, argument: string): string {
    if (typeof value !== "string" || !value.startsWith(prefix) || !RESOURCE_ID.test(value)) {
        throw invalid(argument, `an id like "${prefix}bp1…"`, value);
    }
    return value;
}

/**
 * Every argument and setting this package checks, by name. Each validator returns the value (an endpoint
 * normalized) or throws a {@link VpcInvalidInputError}; `argument` names the value in the message when it
 * came from somewhere else than the argument of that name (a stack config key, an environment variable).
 */
export const VALIDATORS = {
    /** A VPN connection id: `vco-` and 8 to 40 lowercase letters or digits, as Alibaba issues them. */
    vpnConnectionId(value: unknown, argument = "vpnConnectionId"): string {
        if (typeof value !== "string" || !VPN_CONNECTION_ID.test(value)) {
            throw invalid(
                argument,
                'a VPN connection id like "vco-bp1bbi27hojx80nck0001" ("vco-" and 8 to 40 lowercase letters or digits)',
                value,
            );
        }
        return value;
    },

    /** A region id such as `cn-hangzhou` or `ap-southeast-1`. */
    regionId(value: unknown, argument = "regionId"): string {
        if (typeof value !== "string" || !REGION_ID.test(value)) {
            throw invalid(
                argument,
                'an Alibaba Cloud region id like "cn-hangzhou" or "ap-southeast-1"',
                value,
            );
        }
        return value;
    },

    /** An endpoint: an HTTPS URL, or plain HTTP to a loopback host; returned as scheme, host and port. */
    endpoint(value: unknown, argument = "endpoint"): string {
        return normalizeEndpoint(value, argument);
    },

    /** An access key id. Not secret, but never echoed in full either, so the value is not quoted. */
    accessKeyId(value: unknown, argument = "accessKeyId"): string {
        if (typeof value !== "string" || !ACCESS_KEY_ID.test(value)) {
            throw invalid(
                argument,
                "an access key id of 8 to 128 letters, digits, '.', '_' or '-'",
                value,
                false,
            );
        }
        return value;
    },

    /** A page size of `DescribeVpnConnections`: a whole number from 1 to 50. */
    pageSize(value: unknown, argument = "pageSize"): number {
        return wholeNumber(value, argument, 1, 50);
    },

    /** A page number: a whole number from 1. */
    pageNumber(value: unknown, argument = "pageNumber"): number {
        return wholeNumber(value, argument, 1, Number.MAX_SAFE_INTEGER);
    },

    /** A VPN gateway id filter, `vpn-…`. */
    vpnGatewayId(value: unknown, argument = "vpnGatewayId"): string {
        return resourceId(value, "vpn-", argument);
    },

    /** A customer gateway id filter, `cgw-…`. */
    customerGatewayId(value: unknown, argument = "customerGatewayId"): string {
        return resourceId(value, "cgw-", argument);
    },

    /**
     * A rate of calls per second (a number, or its text from a stack config or environment variable):
     * from {@link MIN_REQUESTS_PER_SECOND} (0.1) to {@link MAX_REQUESTS_PER_SECOND} (10000).
     */
    maxRequestsPerSecond(value: unknown, argument = "maxRequestsPerSecond"): number {
        const n = decimalValue(value);
        if (!Number.isFinite(n) || n < MIN_REQUESTS_PER_SECOND || n > MAX_REQUESTS_PER_SECOND) {
            throw invalid(
                argument,
                `a number of calls per second from ${MIN_REQUESTS_PER_SECOND} (one call every 10 s) to ${MAX_REQUESTS_PER_SECOND}, such as "10" (the documented quota, 600 calls per 60 s)`,
                typeof value === "number" ? String(value) : value,
            );
        }
        return n;
    },

    /** A JavaScript regular expression, given as a string; returned compiled. */
    nameRegex(value: unknown, argument = "nameRegex"): RegExp {
        if (typeof value !== "string") throw invalid(argument, "a regular expression as a string", value);
        try {
            return new RegExp(value);
        } catch (e) {
            const why = (e as Error).message.replace(/^Invalid regular expression: /, "");
            throw new VpcInvalidInputError(
                argument,
                `expected a JavaScript regular expression, got ${quoteValue(value)}: ${why}`,
            );
        }
    },
} as const;
