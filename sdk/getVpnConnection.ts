import * as pulumi from "@pulumi/pulumi";
import { VpcClient } from "../provider/client";
import { CONFIG_KEYS, toOutputs } from "../provider/dynamic";
import { validateVpnConnectionId } from "../provider/validate";
import type { VpnConnectionInfo } from "./types";

/** Arguments of {@link getVpnConnection}. */
export interface GetVpnConnectionArgs {
    /** The id of the connection, `vco-…`. */
    vpnConnectionId: string;
    /** The region. @default the stack config `alicloud:region`, then the region environment variables */
    regionId?: string;
    /** The VPC API endpoint. @default `ALIBABA_CLOUD_ENDPOINT_VPC`, then the region's public endpoint */
    endpoint?: string;
    /**
     * Whether to return `psk`, `bgpAuthKey` and `tunnelPsks`. With {@link getVpnConnectionOutput} the whole
     * result is then a secret; {@link getVpnConnection} returns a plain Promise, so prefer the Output form.
     * @default false: keys are left out unless asked for
     */
    includeSecrets?: boolean;
}

/** Arguments of {@link getVpnConnectionOutput}: the same, each an Input. */
export interface GetVpnConnectionOutputArgs {
    /** The id of the connection, `vco-…`. */
    vpnConnectionId: pulumi.Input<string>;
    /** The region. */
    regionId?: pulumi.Input<string>;
    /** The VPC API endpoint. */
    endpoint?: pulumi.Input<string>;
    /** Whether to return the keys (the result is then a secret). */
    includeSecrets?: pulumi.Input<boolean>;
}

/** The fields the get functions add to {@link VpnConnectionInfo}. */
export interface GetVpnConnectionExtras {
    /** The connection id (the same as `vpnConnectionId`). */
    id: string;
    /** The endpoint argument, when one was given. */
    endpoint?: string;
    /** The IKE pre-shared key; only with `includeSecrets`. */
    psk?: string;
    /** The BGP authentication key; only with `includeSecrets`. */
    bgpAuthKey?: string;
    /** The tunnels' pre-shared keys by tunnel id; only with `includeSecrets`. */
    tunnelPsks?: Record<string, string>;
}

/**
 * Every key of `T`, each one present, optional ones typed `X | undefined`: so that a property of
 * `getVpnConnectionOutput(...)` lifts to an `Output` (Pulumi lifts optional properties to
 * `Output | undefined`).
 */
export type AllKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? T[K] | undefined : T[K] };

/** What {@link getVpnConnection} returns: every field of the resource's outputs. */
export type GetVpnConnectionResult = AllKeys<VpnConnectionInfo & GetVpnConnectionExtras>;

/** Reads a stack config value without the warning `Config.get` gives for secrets. */
function stackConfig(key: string): string | undefined {
    const value = pulumi.runtime.getConfig(key);
    return value === undefined || value === "" ? undefined : value;
}

/**
 * Reads a connection by id, for programs that want its values without a resource in state. Runs in the
 * program's process with the same settings as the resource: the stack config `alicloud:*`, then the
 * environment.
 *
 * @example
 * ```ts
 * const office = await getVpnConnection({ vpnConnectionId: "vco-bp1bbi27hojx80nck0001", regionId: "cn-hangzhou" });
 * console.log(office.remoteSubnets);
 * ```
 *
 * @param args - which connection, and whether to include the keys.
 * @param _opts - invoke options (accepted for the familiar signature; the read does not use a provider resource).
 * @returns the connection.
 * @throws VpcError subclasses, e.g. VpcNotFoundError for a missing connection.
 */
export async function getVpnConnection(
    args: GetVpnConnectionArgs,
    _opts?: pulumi.InvokeOptions,
): Promise<GetVpnConnectionResult> {
    validateVpnConnectionId(args?.vpnConnectionId);
    const regionArg = args.regionId !== undefined && args.regionId !== "" ? args.regionId : undefined;
    const client = new VpcClient({
        regionId: regionArg ?? stackConfig(CONFIG_KEYS.regionId),
        regionSource: regionArg !== undefined ? "regionId" : CONFIG_KEYS.regionId,
        endpoint: args.endpoint,
        credentials: {
            accessKeyId: stackConfig(CONFIG_KEYS.accessKeyId),
            accessKeySecret: stackConfig(CONFIG_KEYS.accessKeySecret),
            securityToken: stackConfig(CONFIG_KEYS.securityToken),
            profile: stackConfig(CONFIG_KEYS.profile),
        },
    });
    const result = await client.describeVpnConnection(args.vpnConnectionId);
    const record = args.includeSecrets ? result : { connection: result.connection, secrets: {} };
    return {
        id: result.connection.vpnConnectionId,
        ...(toOutputs(record, args.endpoint) as unknown as VpnConnectionInfo),
    } as unknown as GetVpnConnectionResult;
}

/**
 * {@link getVpnConnection} as an Output, taking Inputs. With `includeSecrets: true` the whole result is a
 * secret, so the keys stay encrypted wherever the result flows.
 *
 * @example
 * ```ts
 * const office = getVpnConnectionOutput({ vpnConnectionId: connectionId, regionId: "cn-hangzhou" });
 * export const peer = office.remoteSubnets;
 * ```
 *
 * @param args - which connection, and whether to include the keys.
 * @param opts - invoke options.
 * @returns the connection, as an Output.
 */
export function getVpnConnectionOutput(
    args: GetVpnConnectionOutputArgs,
    opts?: pulumi.InvokeOptions,
): pulumi.Output<GetVpnConnectionResult> {
    const result = pulumi.output(args).apply((a) =>
        getVpnConnection(
            {
                vpnConnectionId: a.vpnConnectionId,
                regionId: a.regionId,
                endpoint: a.endpoint,
                includeSecrets: a.includeSecrets,
            },
            opts,
        ),
    );
    return pulumi
        .output(args.includeSecrets)
        .apply((secret) =>
            secret ? pulumi.secret(result) : result,
        ) as pulumi.Output<GetVpnConnectionResult>;
}
