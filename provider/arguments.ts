/**
 * The arguments of VpnConnection and the get functions beyond where to read: the expectation a read is
 * compared with and the flags that shape its outputs, with the one check of a connection's arguments
 * ({@link checkConnectionArguments}) and of the shaping arguments of a read ({@link shapingArguments}).
 * Apart from `validate.ts` because checking an expectation loads the drift code, which the client does
 * not need.
 *
 * @packageDocumentation
 */
import { type VpnConnectionExpectation, validateExpectation } from "./drift";
import { VpcInvalidInputError } from "./errors";
import type { ReadArguments } from "./outputs";
import { VALIDATORS, invalid } from "./validate";

function flag(value: unknown, argument: string): boolean {
    if (typeof value !== "boolean") throw invalid(argument, "true or false", value);
    return value;
}

/**
 * The checks of the arguments that shape a read, by name, as in {@link VALIDATORS}: each returns the
 * value (an expectation normalized) or throws a {@link VpcInvalidInputError}.
 */
export const SHAPING_VALIDATORS = {
    /**
     * An expectation: a deep partial of a connection's non-secret outputs (see `drift/`); returned
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
} as const;

/** Every check of {@link CONNECTION_ARGUMENTS}, by name. */
const ARGUMENT_VALIDATORS = { ...VALIDATORS, ...SHAPING_VALIDATORS };

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
            ARGUMENT_VALIDATORS[name](value);
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
        if (value !== undefined && value !== null) {
            Object.assign(out, { [key]: SHAPING_VALIDATORS[key](value) });
        }
    }
    return out;
}
