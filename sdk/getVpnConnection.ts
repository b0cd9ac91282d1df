/**
 * The get functions: a connection's values without a resource in state. They run in the program's
 * process (a dynamic provider cannot serve invokes), with the settings the resource uses.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import type { DriftOutput, VpnConnectionExpectation } from "../provider/drift";
import type { IkeConfig, IpsecConfig, TunnelOption, VcoHealthCheck, VpnBgpConfig } from "../provider/model";
import { completeOutputs, toOutputs } from "../provider/outputs";
import { type ConfigReader, clientOptions, settingsFromConfig } from "../provider/settings";
import { checkConnectionArguments, shapingArguments } from "../provider/arguments";
import { invokeOutput } from "./invoke";

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
    /**
     * What the connection is expected to be, as `VpnConnectionArgs.expect`: compared with the connection
     * read, the result in `drift` and `inSync`.
     * @default no expectation
     */
    expect?: VpnConnectionExpectation;
    /** Whether the call fails when the connection differs from `expect`. @default false */
    failOnDrift?: boolean;
    /** Whether to leave the runtime-status outputs out, as `VpnConnectionArgs.omitRuntimeStatus`. @default false */
    omitRuntimeStatus?: boolean;
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
    /** What the connection is expected to be. */
    expect?: pulumi.Input<VpnConnectionExpectation>;
    /** Whether the call fails on drift. */
    failOnDrift?: pulumi.Input<boolean>;
    /** Whether to leave the runtime-status outputs out. */
    omitRuntimeStatus?: pulumi.Input<boolean>;
}

/**
 * What {@link getVpnConnection} returns: the connection id and every output of a `VpnConnection`.
 * Every key is present, `undefined` when the connection has no value for it, so that each property of
 * `getVpnConnectionOutput(...)` is an `Output` (Pulumi lifts an optional property to `Output | undefined`).
 */
export interface GetVpnConnectionResult {
    /** The connection id (the same as `vpnConnectionId`). */
    readonly id: string;
    /** The connection id, `vco-…`. */
    readonly vpnConnectionId: string;
    /** The region the connection was read from. */
    readonly regionId: string;
    /** The endpoint argument, when one was given. */
    readonly endpoint: string | undefined;
    /** The expectation, when one was given. */
    readonly expect: VpnConnectionExpectation | undefined;
    /** The `failOnDrift` argument, when given. */
    readonly failOnDrift: boolean | undefined;
    /** The `omitRuntimeStatus` argument, when given. */
    readonly omitRuntimeStatus: boolean | undefined;
    /** Each path where the connection differs from `expect`; empty without an expectation. */
    readonly drift: DriftOutput[];
    /** Whether `drift` is empty. */
    readonly inSync: boolean;
    /** Display name. */
    readonly name: string | undefined;
    /** VPN gateway, `vpn-…`. */
    readonly vpnGatewayId: string | undefined;
    /** Customer gateway, `cgw-…` (single-tunnel connections). */
    readonly customerGatewayId: string | undefined;
    /** Local CIDR blocks, comma-separated as the API sends them. */
    readonly localSubnet: string | undefined;
    /** Remote CIDR blocks, comma-separated as the API sends them. */
    readonly remoteSubnet: string | undefined;
    /** Local CIDR blocks (empty when none). */
    readonly localSubnets: string[];
    /** Remote CIDR blocks (empty when none). */
    readonly remoteSubnets: string[];
    /** Creation time, Unix milliseconds. */
    readonly createTime: number | undefined;
    /** Negotiation status, e.g. `ipsec_sa_established`. */
    readonly status: string | undefined;
    /** Lifecycle state, e.g. `active`. */
    readonly state: string | undefined;
    /** Whether negotiation starts at once after a change. */
    readonly effectImmediately: boolean | undefined;
    /** Dead peer detection. */
    readonly enableDpd: boolean | undefined;
    /** NAT traversal. */
    readonly enableNatTraversal: boolean | undefined;
    /** BGP on both tunnels of a dual-tunnel connection. */
    readonly enableTunnelsBgp: boolean | undefined;
    /** `public` or `private`. */
    readonly networkType: string | undefined;
    /** `CEN`, `NO_ASSOCIATED` or `VPNGW`. */
    readonly attachType: string | undefined;
    /** The instance the connection is attached to. */
    readonly attachInstanceId: string | undefined;
    /** Transit router id. */
    readonly transitRouterId: string | undefined;
    /** Transit router name. */
    readonly transitRouterName: string | undefined;
    /** Whether another account may attach the connection. */
    readonly crossAccountAuthorized: boolean | undefined;
    /** Bandwidth specification, e.g. `1000M`. */
    readonly spec: string | undefined;
    /** `Standard` or `Large`. */
    readonly tunnelBandwidth: string | undefined;
    /** Public address of the gateway side. */
    readonly internetIp: string | undefined;
    /** Resource group, `rg-…`. */
    readonly resourceGroupId: string | undefined;
    /** Peer CA certificate (SM-type gateways). */
    readonly remoteCaCertificate: string | undefined;
    /** Zone. */
    readonly zoneNo: string | undefined;
    /** Tags, key to value (empty when none). */
    readonly tags: Record<string, string>;
    /** IKE settings (without the key). */
    readonly ikeConfig: IkeConfig | undefined;
    /** IPsec settings. */
    readonly ipsecConfig: IpsecConfig | undefined;
    /** Health check. */
    readonly vcoHealthCheck: VcoHealthCheck | undefined;
    /** BGP settings (without the key). */
    readonly vpnBgpConfig: VpnBgpConfig | undefined;
    /** Tunnels of a dual-tunnel connection (without their keys). */
    readonly tunnelOptions: TunnelOption[] | undefined;
    /** The IKE pre-shared key; only with `includeSecrets`. */
    readonly psk: string | undefined;
    /** The BGP authentication key; only with `includeSecrets`. */
    readonly bgpAuthKey: string | undefined;
    /** The tunnels' pre-shared keys by tunnel id; only with `includeSecrets`. */
    readonly tunnelPsks: Record<string, string> | undefined;
}

/** Reads a stack config value of the program, without the warning `Config.get` gives for secrets. */
const programConfig: ConfigReader = {
    get(key) {
        return pulumi.runtime.getConfig(key);
    },
};

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
 * @throws VpcInvalidInputError before any call when an argument is not valid; VpcDriftError with
 *   `failOnDrift` when the connection differs from `expect`; another VpcError subclass otherwise, e.g.
 *   VpcNotFoundError for a missing connection.
 */
export async function getVpnConnection(
    args: GetVpnConnectionArgs,
    _opts?: pulumi.InvokeOptions,
): Promise<GetVpnConnectionResult> {
    const [invalid] = checkConnectionArguments(args, { operation: "getVpnConnection" });
    if (invalid) throw invalid;
    const shaping = shapingArguments(args);
    // Loaded here, not at the top: a program that only declares resources never loads the client.
    const { VpcClient } = await import("../provider/client");
    const options = clientOptions(args, settingsFromConfig(programConfig));
    const result = await new VpcClient(options).describeVpnConnection(args.vpnConnectionId);
    const record = args.includeSecrets ? result : { ...result, secrets: {} };
    const outputs = toOutputs(record, { ...shaping, endpoint: options.endpoint });
    return { id: result.connection.vpnConnectionId, ...completeOutputs(outputs) };
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
    // The resolved Inputs are the plain arguments (an Input expectation resolves to an expectation).
    return invokeOutput(args, (a) => getVpnConnection(a as GetVpnConnectionArgs, opts));
}
