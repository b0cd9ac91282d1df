/**
 * The checks the SDK's entry points make on the argument object itself, before any argument in it is
 * checked (see `provider/validate.ts`): a JavaScript caller, or a TypeScript caller through `any`, can
 * pass `null`, nothing, a string or an array where an object is expected, and must get an error naming
 * the call and the argument rather than a `TypeError` from inside the package. No arguments at all
 * count as an empty object: a required argument is then named as missing.
 *
 * @packageDocumentation
 */
import { VpcInvalidInputError } from "../provider/errors";
import { quoteValue } from "../provider/redact";

/**
 * Checks that a call's arguments are an object, or none at all.
 *
 * @param args - what the caller passed.
 * @param operation - the call, e.g. `getVpnConnection`, named in the message.
 * @param example - an example of the object expected, for the message.
 * @returns the arguments; an empty object for `undefined` or `null`, so that a required argument is then
 *   reported as "none given" by name, as when it is left out of an object.
 * @throws VpcInvalidInputError (argument `args`) when they are something else than an object (a
 *   string, a number, an array…).
 */
export function argumentsObject<T extends object>(
    args: T | null | undefined,
    operation: string,
    example: string,
): Partial<T> {
    if (args === undefined || args === null) return {};
    if (typeof args !== "object" || Array.isArray(args)) {
        throw new VpcInvalidInputError(
            "args",
            `expected an object of arguments such as ${example}, got ${quoteValue(args)}`,
            { operation },
        );
    }
    return args;
}

/**
 * Checks `includeSecrets`: `true`, `false` or absent. Anything else is refused rather than read as
 * true or false: `"false"` is a non-empty string, and treating it as truthy would return the keys to a
 * caller who asked for none.
 *
 * @param value - the argument.
 * @param operation - the call, named in the message.
 * @returns whether the keys are returned.
 * @throws VpcInvalidInputError (argument `includeSecrets`) for any other value, `null` included.
 */
export function includeSecretsArgument(value: unknown, operation: string): boolean {
    if (value === undefined) return false;
    if (typeof value !== "boolean") {
        throw new VpcInvalidInputError(
            "includeSecrets",
            `expected true or false, got ${typeof value === "string" ? `the string ${quoteValue(value)}` : quoteValue(value)}`,
            { operation },
        );
    }
    return value;
}
