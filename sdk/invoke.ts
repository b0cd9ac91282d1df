/**
 * The Output form of a get function, written once: the arguments, each an Input, resolved; the plain
 * function called; the whole result made a secret when it holds keys.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * Calls a get function with resolved Inputs and returns its result as an Output.
 *
 * @param args - the arguments, each an Input; `includeSecrets` says whether the result holds keys.
 * @param call - the plain get function, given the resolved arguments.
 * @returns the result, a secret when `includeSecrets` is true, so the keys stay encrypted wherever the
 *   result flows.
 */
export function invokeOutput<Args extends { includeSecrets?: pulumi.Input<boolean> }, Result>(
    args: Args,
    call: (resolved: pulumi.Unwrap<Args>) => Promise<Result>,
): pulumi.Output<Result> {
    const result = pulumi.output(args).apply(call);
    // `apply` flattens the Output returned inside it; the compiler cannot follow that for a generic Result.
    return pulumi
        .output(args.includeSecrets)
        .apply((secret) => (secret ? pulumi.secret(result) : result)) as unknown as pulumi.Output<Result>;
}
