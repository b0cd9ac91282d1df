/**
 * The outputs of a VpnConnection read, defined once: their type, the list of their keys (checked by the
 * compiler against the type), which of them are secret, and the one function that fills them from a
 * connection read. Imports nothing at run time, so the SDK can use it without loading the client.
 *
 * @packageDocumentation
 */
import type { VpnConnectionInfo, VpnConnectionRecord, VpnConnectionSecrets } from "./model";

/**
 * Every output of a read: every non-secret field, the secrets under their own top-level names (which the
 * resource marks secret: Pulumi encrypts top-level secret outputs only), and the inputs that say where
 * the connection lives, so that a refresh reads the same place.
 */
export interface VpnConnectionOutputs extends VpnConnectionInfo, VpnConnectionSecrets {
    /** The endpoint argument, when one was given. */
    endpoint?: string;
}

/** The name of one output. */
export type OutputKey = keyof VpnConnectionOutputs;

// Annotated with every key of the type, so that a key missing here or one the type lacks fails to compile.
const OUTPUT_KEY_TABLE: { readonly [K in OutputKey]-?: true } = {
    vpnConnectionId: true,
    regionId: true,
    endpoint: true,
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

const SECRET_KEY_TABLE: { readonly [K in keyof VpnConnectionSecrets]-?: true } = {
    psk: true,
    bgpAuthKey: true,
    tunnelPsks: true,
};

/**
 * The secret outputs, exactly the keys of {@link VpnConnectionSecrets}: the resource marks these secret
 * with `additionalSecretOutputs`, and {@link toOutputs} fills them from the record's secrets only.
 */
export const SECRET_OUTPUTS: readonly (keyof VpnConnectionSecrets)[] = Object.freeze(
    Object.keys(SECRET_KEY_TABLE) as (keyof VpnConnectionSecrets)[],
);

/**
 * The outputs of a read. Keys without a value are left out rather than set to `undefined`: an
 * `undefined` anywhere in the props of a read fails the provider host's encoding of the whole answer.
 *
 * @param record - the connection read.
 * @param endpoint - the endpoint argument, if one was given.
 * @returns the outputs, with no `undefined` values.
 */
export function toOutputs(record: VpnConnectionRecord, endpoint?: string): VpnConnectionOutputs {
    const outputs: VpnConnectionOutputs = { ...record.connection, ...record.secrets };
    if (endpoint !== undefined) outputs.endpoint = endpoint;
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
