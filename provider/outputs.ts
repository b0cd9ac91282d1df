/**
 * The outputs of a VpnConnection read, defined once: their type, the list of their keys (checked by the
 * compiler against the type), which of them are secret, and the one function that fills them from a
 * connection read, where the expectation is compared and runtime status left out. Loads no client, so
 * the SDK can use it without loading one.
 *
 * @packageDocumentation
 */
import {
    type DriftOutput,
    type VpnConnectionExpectation,
    compareValidatedExpectation,
    driftForOutput,
    formatDrift,
    stripRuntimeStatus,
} from "./drift";
import { VpcDriftError } from "./errors";
import type { VpnConnectionInfo, VpnConnectionRecord, VpnConnectionSecrets } from "./model";
import { SECRET_OUTPUT_NAMES } from "./secret-outputs";

/**
 * The arguments of a read besides the connection's id and region: where to call, and how the outputs are
 * shaped. Echoed back as outputs, because a refresh gets the earlier outputs, not the inputs, and must
 * read the same way.
 */
export interface ReadArguments {
    /** The endpoint argument, when one was given. */
    endpoint?: string;
    /**
     * What the connection is expected to be: a deep partial of its non-secret outputs, compared with the
     * live connection (runtime status included) at every read. See `drift.ts` for the rules.
     */
    expect?: VpnConnectionExpectation;
    /** Whether the read fails when the connection differs from {@link ReadArguments.expect}. */
    failOnDrift?: boolean;
    /**
     * Whether the runtime-status outputs (negotiation `status`, `state`, the health-check, BGP session and
     * tunnel status) are left out, so that a refresh reports configuration changes only.
     */
    omitRuntimeStatus?: boolean;
}

/**
 * Every output of a read: every non-secret field, the secrets under their own top-level names (which the
 * resource marks secret: Pulumi encrypts top-level secret outputs only), the arguments that shape the
 * read, so that a refresh reads the same way, and the result of comparing the expectation.
 */
export interface VpnConnectionOutputs extends VpnConnectionInfo, VpnConnectionSecrets, ReadArguments {
    /** Each path where the connection differs from `expect`; empty without an expectation. */
    drift: DriftOutput[];
    /** Whether {@link VpnConnectionOutputs.drift} is empty. */
    inSync: boolean;
}

/** The name of one output. */
export type OutputKey = keyof VpnConnectionOutputs;

// Annotated with every key of the type, so that a key missing here or one the type lacks fails to compile.
const OUTPUT_KEY_TABLE: { readonly [K in OutputKey]-?: true } = {
    vpnConnectionId: true,
    regionId: true,
    endpoint: true,
    expect: true,
    failOnDrift: true,
    omitRuntimeStatus: true,
    drift: true,
    inSync: true,
    name: true,
    vpnGatewayId: true,
    customerGatewayId: true,
    localSubnet: true,
    remoteSubnet: true,
    localSubnets: true,
    remoteSubnets: true,
    createTime: true,
    status: true,
    state: true,
    effectImmediately: true,
    enableDpd: true,
    enableNatTraversal: true,
    enableTunnelsBgp: true,
    networkType: true,
    attachType: true,
    attachInstanceId: true,
    transitRouterId: true,
    transitRouterName: true,
    crossAccountAuthorized: true,
    spec: true,
    tunnelBandwidth: true,
    internetIp: true,
    resourceGroupId: true,
    remoteCaCertificate: true,
    zoneNo: true,
    tags: true,
    ikeConfig: true,
    ipsecConfig: true,
    vcoHealthCheck: true,
    vpnBgpConfig: true,
    tunnelOptions: true,
    psk: true,
    bgpAuthKey: true,
    tunnelPsks: true,
};

/**
 * Every output key, exactly the keys of {@link VpnConnectionOutputs}. The resource passes each to Pulumi,
 * because only keys present in the props given to the resource's constructor become outputs.
 */
export const OUTPUT_KEYS: readonly OutputKey[] = Object.freeze(Object.keys(OUTPUT_KEY_TABLE) as OutputKey[]);

/**
 * The secret outputs, exactly the keys of {@link VpnConnectionSecrets} (the one list is
 * `secret-outputs.ts`): the resource marks these secret with `additionalSecretOutputs`, and
 * {@link toOutputs} fills them from the record's secrets only.
 */
export const SECRET_OUTPUTS: readonly (keyof VpnConnectionSecrets)[] = SECRET_OUTPUT_NAMES;

const READ_ARGUMENT_TABLE: { readonly [K in keyof ReadArguments]-?: true } = {
    endpoint: true,
    expect: true,
    failOnDrift: true,
    omitRuntimeStatus: true,
};

/** The keys of {@link ReadArguments}, exactly (checked by the compiler): inputs that are also outputs. */
export const READ_ARGUMENT_KEYS: readonly (keyof ReadArguments)[] = Object.freeze(
    Object.keys(READ_ARGUMENT_TABLE) as (keyof ReadArguments)[],
);

/** A connection as the client reads it, with the RequestId of the read when known. */
export type ReadRecord = VpnConnectionRecord & { requestId?: string };

/**
 * The outputs of a read: the connection compared with the expectation, its runtime status left out when
 * asked, the arguments echoed. Keys without a value are left out rather than set to `undefined`: an
 * `undefined` anywhere in the props of a read fails the provider host's encoding of the whole answer.
 *
 * @param record - the connection read.
 * @param args - the read's arguments; `expect` must have been validated (see `validate.ts`).
 * @returns the outputs, with no `undefined` values.
 * @throws VpcDriftError when `failOnDrift` is set and the connection differs from `expect`, listing
 *   every drifted path (never a secret: an expectation cannot name one).
 */
export function toOutputs(record: ReadRecord, args: ReadArguments = {}): VpnConnectionOutputs {
    const { connection, secrets } = record;
    const entries =
        args.expect === undefined
            ? []
            : compareValidatedExpectation(args.expect, { ...connection, endpoint: args.endpoint });
    const drift = driftForOutput(entries);
    if (args.failOnDrift === true && drift.length > 0) {
        throw new VpcDriftError(drift, formatDrift(entries), {
            operation: "DescribeVpnConnection",
            vpnConnectionId: connection.vpnConnectionId,
            regionId: connection.regionId,
            requestId: record.requestId,
        });
    }
    const outputs: VpnConnectionOutputs = {
        ...(args.omitRuntimeStatus === true ? stripRuntimeStatus(connection) : connection),
        ...secrets,
        drift,
        inSync: drift.length === 0,
    };
    for (const key of READ_ARGUMENT_KEYS) {
        if (args[key] !== undefined) Object.assign(outputs, { [key]: args[key] });
    }
    for (const key of SECRET_OUTPUTS) if (outputs[key] === undefined) delete outputs[key];
    return outputs;
}

const SECRET_KEYS: ReadonlySet<OutputKey> = new Set(SECRET_OUTPUTS);

/**
 * The props of a read as the provider returns them to the engine: a value the read did not give is
 * `null`, except for the secret outputs, which are left out.
 */
export type ReadProps = { [K in OutputKey]?: VpnConnectionOutputs[K] | null };

/**
 * The outputs as the provider returns them to the engine. An output key left out of a read resolves as
 * unknown in `pulumi preview` (pulumi/pulumi `sdk/nodejs/runtime/rpc.ts`); `null` is a known value that
 * survives every hop. Secret keys are left out instead: the engine would wrap a `null` into a secret
 * `null` and report a change on the next refresh.
 *
 * @param outputs - the outputs of a read.
 * @returns every non-secret key present, `null` where the read gave no value; the secrets the read gave.
 */
export function toReadProps(outputs: VpnConnectionOutputs): ReadProps {
    const props: ReadProps = {};
    for (const key of OUTPUT_KEYS) if (!SECRET_KEYS.has(key)) props[key] = null;
    return Object.assign(props, outputs);
}

/** {@link VpnConnectionOutputs} with every key present, `undefined` where the read gave no value. */
export type CompleteOutputs = { [K in OutputKey]-?: VpnConnectionOutputs[K] };

/**
 * The outputs with every key present, as the get functions return them, so that the result has exactly
 * the keys its type lists (the type lists every key so that `getVpnConnectionOutput(...).key` is an
 * `Output`, not `Output | undefined`).
 *
 * @param outputs - the outputs of a read.
 * @returns a copy with every key of {@link OUTPUT_KEYS}.
 */
export function completeOutputs(outputs: VpnConnectionOutputs): CompleteOutputs {
    // OUTPUT_KEYS is exactly the keys of the type (checked above), so every key of the result is set.
    return Object.fromEntries(OUTPUT_KEYS.map((key) => [key, outputs[key]])) as CompleteOutputs;
}
