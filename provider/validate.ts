/**
 * The checks of every argument and setting, in one table, run before any API call. Each names the
 * argument and says what was expected; a missing value is worded the same way everywhere; values are
 * quoted truncated (see `redact.ts`), so hostile input cannot flood an error message or a log. Every
 * failure is a {@link VpcInvalidInputError}. Used by the client, the provider's `check`, the SDK and tests.
 *
 * @packageDocumentation
 */
import { type VpnConnectionExpectation, validateExpectation } from "./drift";
import { normalizeEndpoint } from "./endpoint";
import { VpcInvalidInputError } from "./errors";
import type { ReadArguments } from "./outputs";
import { quoteValue } from "./redact";

const VPN_CONNECTION_ID = /^vco-[a-z0-9]{8,40}$/;
const REGION_ID = /^[a-z]{2,4}(-[a-z0-9]+){1,3}$/;
const ACCESS_KEY_ID = /^[A-Za-z0-9._-]{8,128}$/;
const RESOURCE_ID = /^[a-z]+-[a-z0-9]{4,40}$/;

/**
 * The error for a value that is not what `expected` describes. A missing value (`undefined` or `null`)
 * gets the one wording of a missing argument; any other value is quoted unless `quote` is false.
 */
function invalid(argument: string, expected: string, value: unknown, quote = true): VpcInvalidInputError {
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

function flag(value: unknown, argument: string): boolean {
    if (typeof value !== "boolean") throw invalid(argument, "true or false", value);
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

    /**
     * An expectation: a deep partial of a connection's non-secret outputs (see `drift.ts`); returned
     * normalized, numbers and booleans in the outputs' types.
     */
    expect(value: unknown, argument = "expect"): VpnConnectionExpectation {
        return validateExpectation(value, argument);
    },

    /** Whether a read fails when the connection differs from its expectation: a boolean. */
    failOnDrift(value: unknown, argument = "failOnDrift"): boolean {
        return flag(value, argument);
    },

    /** Whether a read leaves the runtime-status outputs out: a boolean. */
    omitRuntimeStatus(value: unknown, argument = "omitRuntimeStatus"): boolean {
        return flag(value, argument);
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
     * above 0 and at most 10000, far above any quota and low enough to catch a typo.
     */
    maxRequestsPerSecond(value: unknown, argument = "maxRequestsPerSecond"): number {
        const n =
            typeof value === "number"
                ? value
                : typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value)
                  ? Number(value)
                  : Number.NaN;
        // The floor is MIN_REQUESTS_PER_SECOND of limiter.ts: below it a call waits past any deadline.
        if (!Number.isFinite(n) || n < 0.1 || n > 10_000) {
            throw invalid(
                argument,
                'a number of calls per second of at least 0.1 and at most 10000, such as "10" (the documented quota, 600 calls per 60 s)',
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

/**
 * The arguments of VpnConnection and getVpnConnection: which connection to read and where, and how its
 * outputs are shaped (the expectation it is compared with, whether drift fails the read, whether the
 * runtime status is left out).
 */
export const CONNECTION_ARGUMENTS = [
    "vpnConnectionId",
    "regionId",
    "endpoint",
    "expect",
    "failOnDrift",
    "omitRuntimeStatus",
] as const;

/** Which arguments of {@link CONNECTION_ARGUMENTS} must be given. */
const REQUIRED: ReadonlySet<string> = new Set(["vpnConnectionId"]);

/** Options of {@link checkConnectionArguments}. */
export interface CheckArgumentsOptions {
    /**
     * Whether a value is only known later (an Output or a Promise in a program); such values count as
     * given and are checked by the provider when they resolve. @default none is
     */
    isPending?: (value: unknown) => boolean;
    /** What is being called, to name in the messages, e.g. `new VpnConnection("office")`. @default none */
    operation?: string;
}

/**
 * Checks the arguments of a VpnConnection or a get function: `vpnConnectionId` is required, the others
 * are optional.
 *
 * @param args - the arguments (absent counts as none given).
 * @param options - which values to leave for later, and what to name in the messages.
 * @returns one error per bad argument, in the order of {@link CONNECTION_ARGUMENTS}; empty when all is well.
 */
export function checkConnectionArguments(
    args: { readonly [K in (typeof CONNECTION_ARGUMENTS)[number]]?: unknown } | undefined | null,
    options: CheckArgumentsOptions = {},
): VpcInvalidInputError[] {
    const isPending = options.isPending ?? (() => false);
    const errors: VpcInvalidInputError[] = [];
    for (const name of CONNECTION_ARGUMENTS) {
        const value = args?.[name];
        if (isPending(value)) continue;
        if ((value === undefined || value === null) && !REQUIRED.has(name)) continue;
        try {
            VALIDATORS[name](value);
        } catch (e) {
            if (!(e instanceof VpcInvalidInputError)) throw e;
            errors.push(
                options.operation === undefined
                    ? e
                    : new VpcInvalidInputError(e.argument, e.problem, { operation: options.operation }),
            );
        }
    }
    return errors;
}

/** The arguments that shape a read's outputs; the endpoint, the other read argument, the client checks. */
const SHAPING_ARGUMENTS = ["expect", "failOnDrift", "omitRuntimeStatus"] as const;

/** The shaping arguments of a read, checked. */
export type ShapingArguments = Pick<ReadArguments, (typeof SHAPING_ARGUMENTS)[number]>;

/**
 * The shaping arguments of a read (`expect`, `failOnDrift`, `omitRuntimeStatus`), checked, from the
 * resource's inputs on a first read, its earlier outputs on a refresh (where an absent one is `null`),
 * or a get function's arguments.
 *
 * @param props - where to take them from.
 * @returns the arguments given, `expect` normalized.
 * @throws VpcInvalidInputError naming the first argument that is not valid.
 */
export function shapingArguments(props: {
    readonly [K in keyof ShapingArguments]?: unknown;
}): ShapingArguments {
    const out: ShapingArguments = {};
    for (const key of SHAPING_ARGUMENTS) {
        const value = props[key];
        if (value !== undefined && value !== null) Object.assign(out, { [key]: VALIDATORS[key](value) });
    }
    return out;
}
