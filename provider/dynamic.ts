/**
 * The dynamic provider's implementation, loaded by path inside Pulumi's dynamic-provider host. The object
 * Pulumi serializes into state (`sdk/provider.ts`) only holds this module's path and forwards each call
 * here, so the serialized provider stays small, holds no credential, and picks up fixes of this module
 * when the package is upgraded. Every stack's state `require`s this module as
 * `pulumi-alicloud-vpn/dist/provider/dynamic.js`: that path and the names exported here must stay.
 *
 * How the engine drives it (pulumi/pulumi `pkg/resource/deploy/step.go`, `step_generator.go` and
 * `sdk/nodejs/cmd/dynamic-provider/index.ts`): a resource constructed with `{ id }` is read with
 * ReadResource, which runs during `pulumi preview`; on such a first read an empty id is silently accepted
 * by CLIs since 3.188 (pulumi/pulumi #20202), so a missing connection must throw; during `pulumi refresh`
 * the props hold the outputs of the earlier read and an empty id records the deletion.
 *
 * @packageDocumentation
 */
import { VpcClient } from "./client";
import { VpcError, VpcNotFoundError } from "./errors";
import { type ReadProps, toOutputs, toReadProps } from "./outputs";
import { redactUnexpected } from "./redact";
import { clientOptions, type ProviderSettings } from "./settings";
import { checkConnectionArguments, shapingArguments } from "./arguments";
import { VALIDATORS } from "./validate";

// The serialized provider calls `settingsFromConfig`, `checkInputs` and `read` by name; providers stored
// in state by every version so far do too, so these three names stay exported here.
export { settingsFromConfig } from "./settings";
export type { ConfigReader, ProviderSettings } from "./settings";

/** One failed check, as Pulumi reports it. */
export interface CheckFailure {
    /** The input at fault. */
    property: string;
    /** What is wrong. */
    reason: string;
}

/**
 * Validates the inputs of a VpnConnection before any API call.
 *
 * @param news - the inputs.
 * @returns the failures, each naming its input; empty when all is well.
 */
export function checkInputs(news: Record<string, unknown>): CheckFailure[] {
    return checkConnectionArguments(news).map((e) => ({ property: e.argument, reason: e.message }));
}

/**
 * Whether the props are the outputs of an earlier read (a refresh) rather than the inputs of a first read.
 * `localSubnets` is an output only, present after every successful read.
 *
 * @param props - what the engine passed to `read`.
 * @returns true on a refresh.
 */
export function isRefresh(props: Record<string, unknown>): boolean {
    return Array.isArray(props.localSubnets);
}

/**
 * Reads the connection for the engine.
 *
 * @param id - the connection id the resource was declared with.
 * @param props - inputs, or earlier outputs on a refresh.
 * @param settings - from `configure`.
 * @returns the id and outputs; an empty id on a refresh when the connection is gone.
 * @throws VpcError on a first read of a missing connection and on every other failure; VpcDriftError
 *   when `failOnDrift` is set and the connection differs from `expect`.
 */
export async function read(
    id: string,
    props: Record<string, unknown>,
    settings: ProviderSettings = {},
): Promise<{ id: string; props: ReadProps }> {
    VALIDATORS.vpnConnectionId(id);
    const shaping = shapingArguments(props);
    const options = clientOptions(props, settings);
    try {
        const result = await new VpcClient(options).describeVpnConnection(id);
        return { id, props: toReadProps(toOutputs(result, { ...shaping, endpoint: options.endpoint })) };
    } catch (e) {
        if (e instanceof VpcNotFoundError && isRefresh(props)) return { id: "", props: {} };
        // A plain Error with the full message: the host sends only the message over gRPC.
        if (e instanceof VpcError) throw e;
        throw new Error(
            `DescribeVpnConnection (VPN connection ${id}): unexpected failure: ${redactUnexpected(e)}`,
            { cause: e },
        );
    }
}
