/**
 * The dynamic provider's implementation, loaded by path inside Pulumi's dynamic-provider host. The object
 * Pulumi serializes into state (`sdk/provider.ts`) only holds this module's path and forwards each call
 * here, so the serialized provider stays small, holds no credential, and picks up fixes of this module
 * when the package is upgraded.
 *
 * Engine facts this relies on (see the project's reference notes): a resource constructed with `{ id }`
 * is read with ReadResource, which runs during `pulumi preview`; on such a first read an empty id would
 * be silently ignored, so a missing connection must throw; during `pulumi refresh` the props hold the
 * outputs of the earlier read and an empty id records the deletion.
 *
 * @packageDocumentation
 */
import type { VpnConnectionRecord } from "../sdk/types";
import { VpcClient, VpcClientOptions } from "./client";
import { normalizeEndpoint } from "./endpoint";
import { VpcError, VpcInvalidInputError, VpcNotFoundError } from "./errors";
import { validateRegionId, validateVpnConnectionId } from "./validate";

/** Settings taken from the stack config by `configure`. Held in the host's memory only. */
export interface ProviderSettings {
    /** `alicloud:region`. */
    regionId?: string;
    /** `alicloud:accessKey`. */
    accessKeyId?: string;
    /** `alicloud:secretKey`. */
    accessKeySecret?: string;
    /** `alicloud:securityToken`. */
    securityToken?: string;
    /** `alicloud:profile`. */
    profile?: string;
}

/** The stack config keys `configure` reads, the same keys `@pulumi/alicloud` uses. */
export const CONFIG_KEYS = {
    regionId: "alicloud:region",
    accessKeyId: "alicloud:accessKey",
    accessKeySecret: "alicloud:secretKey",
    securityToken: "alicloud:securityToken",
    profile: "alicloud:profile",
} as const;

/** The part of Pulumi's dynamic `Config` that `configure` uses. */
export interface ConfigReader {
    /** Returns the value of a fully qualified key (`alicloud:region`), or undefined. */
    get(key: string): string | undefined;
}

/**
 * Reads the provider settings from the stack config.
 *
 * @param config - the config `configure` received.
 * @returns the settings (missing keys left out).
 */
export function settingsFromConfig(config: ConfigReader): ProviderSettings {
    const settings: ProviderSettings = {};
    for (const [field, key] of Object.entries(CONFIG_KEYS) as [keyof ProviderSettings, string][]) {
        const value = config.get(key);
        if (value !== undefined && value !== "") settings[field] = value;
    }
    return settings;
}

/** One failed check, as Pulumi reports it. */
export interface CheckFailure {
    /** The input at fault. */
    property: string;
    /** What is wrong. */
    reason: string;
}

/**
 * The names of the secret outputs, the ones {@link toOutputs} fills from the record's secrets;
 * the SDK marks exactly these secret with `additionalSecretOutputs`.
 */
export const SECRET_OUTPUTS = ["psk", "bgpAuthKey", "tunnelPsks"] as const;

/** The outputs that are not secret: each is `null` when the connection has no value for it. */
const NON_SECRET_OUTPUTS = [
    "endpoint",
    "name",
    "vpnGatewayId",
    "customerGatewayId",
    "localSubnet",
    "remoteSubnet",
    "createTime",
    "status",
    "state",
    "effectImmediately",
    "enableDpd",
    "enableNatTraversal",
    "enableTunnelsBgp",
    "networkType",
    "attachType",
    "attachInstanceId",
    "transitRouterId",
    "transitRouterName",
    "crossAccountAuthorized",
    "spec",
    "tunnelBandwidth",
    "internetIp",
    "resourceGroupId",
    "remoteCaCertificate",
    "zoneNo",
    "ikeConfig",
    "ipsecConfig",
    "vcoHealthCheck",
    "vpnBgpConfig",
    "tunnelOptions",
] as const;

function checkInput(
    failures: CheckFailure[],
    property: string,
    value: unknown,
    validate: (v: unknown) => unknown,
): void {
    if (value === undefined || value === null) return;
    try {
        validate(value);
    } catch (e) {
        if (!(e instanceof VpcInvalidInputError)) throw e;
        failures.push({ property, reason: e.message });
    }
}

/**
 * Validates the inputs of a VpnConnection before any API call.
 *
 * @param news - the inputs.
 * @returns the failures, each naming its input; empty when all is well.
 */
export function checkInputs(news: Record<string, unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    if (news.vpnConnectionId === undefined || news.vpnConnectionId === null) {
        failures.push({ property: "vpnConnectionId", reason: "vpnConnectionId is required" });
    }
    checkInput(failures, "vpnConnectionId", news.vpnConnectionId, (v) => validateVpnConnectionId(v));
    checkInput(failures, "regionId", news.regionId, (v) => validateRegionId(v));
    checkInput(failures, "endpoint", news.endpoint, (v) => normalizeEndpoint(v, "endpoint"));
    return failures;
}

/**
 * The outputs of a read: every non-secret field, the secrets under their own top-level names (which the
 * resource marks secret), and the inputs that say where the connection lives, so a later refresh reads
 * the same place.
 *
 * @param record - the connection read.
 * @param endpoint - the endpoint input, if one was given.
 * @returns the outputs, with no `undefined` values.
 */
export function toOutputs(record: VpnConnectionRecord, endpoint?: string): Record<string, unknown> {
    const outputs: Record<string, unknown> = {};
    // An output key left out of a read resolves as unknown in `pulumi preview` (pulumi/pulumi
    // sdk/nodejs/runtime/rpc.ts); null is a known value that survives every hop. Secret keys are left out
    // instead: the engine would wrap a null into a secret null and report a change on the next refresh.
    for (const key of NON_SECRET_OUTPUTS) outputs[key] = null;
    for (const [key, value] of Object.entries(record.connection))
        if (value !== undefined) outputs[key] = value;
    if (endpoint !== undefined) outputs.endpoint = endpoint;
    if (record.secrets.psk !== undefined) outputs.psk = record.secrets.psk;
    if (record.secrets.bgpAuthKey !== undefined) outputs.bgpAuthKey = record.secrets.bgpAuthKey;
    if (record.secrets.tunnelPsks !== undefined) outputs.tunnelPsks = record.secrets.tunnelPsks;
    return outputs;
}

/**
 * Builds the client of a read from the resource's props and the stack config.
 *
 * @param props - the inputs (first read) or earlier outputs (refresh).
 * @param settings - from `configure`.
 * @returns client options.
 */
export function clientOptions(props: Record<string, unknown>, settings: ProviderSettings): VpcClientOptions {
    const regionInput =
        typeof props.regionId === "string" && props.regionId !== "" ? props.regionId : undefined;
    return {
        regionId: regionInput ?? settings.regionId,
        regionSource: regionInput !== undefined ? "regionId" : CONFIG_KEYS.regionId,
        endpoint: typeof props.endpoint === "string" && props.endpoint !== "" ? props.endpoint : undefined,
        credentials: {
            accessKeyId: settings.accessKeyId,
            accessKeySecret: settings.accessKeySecret,
            securityToken: settings.securityToken,
            profile: settings.profile,
        },
    };
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
 * @throws VpcError on a first read of a missing connection and on every other failure.
 */
export async function read(
    id: string,
    props: Record<string, unknown>,
    settings: ProviderSettings = {},
): Promise<{ id: string; props: Record<string, unknown> }> {
    validateVpnConnectionId(id, "vpnConnectionId");
    const options = clientOptions(props, settings);
    try {
        const result = await new VpcClient(options).describeVpnConnection(id);
        return { id, props: toOutputs(result, options.endpoint) };
    } catch (e) {
        if (e instanceof VpcNotFoundError && isRefresh(props)) return { id: "", props: {} };
        // A plain Error with the full message: the host sends only the message over gRPC.
        if (e instanceof VpcError) throw e;
        throw new Error(
            `DescribeVpnConnection (VPN connection ${id}): unexpected failure: ${String((e as Error)?.message ?? e).slice(0, 200)}`,
            { cause: e },
        );
    }
}
