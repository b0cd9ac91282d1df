/**
 * The list functions: every connection of a region, filtered, in the program's process with the
 * settings the resource uses.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import {
    type DriftOutput,
    type VpnConnectionExpectation,
    compareValidatedExpectation,
    driftForOutput,
    stripRuntimeStatus,
} from "../provider/drift";
import { VpcInvalidInputError } from "../provider/errors";
import type { VpnConnectionInfo, VpnConnectionRecord } from "../provider/model";
import { quoteValue } from "../provider/redact";
import { type ConfigReader, clientOptions, settingsFromConfig } from "../provider/settings";
import { shapingArguments } from "../provider/arguments";
import { VALIDATORS } from "../provider/validate";
import { invokeOutput } from "./invoke";

/** Arguments of {@link getVpnConnections}. Every filter is optional; together they must all match. */
export interface GetVpnConnectionsArgs {
    /** The region to list. @default the stack config `alicloud:region`, then the region environment variables */
    regionId?: string;
    /** Only the connections of this VPN gateway, `vpn-…` (filtered by the API). */
    vpnGatewayId?: string;
    /** Only the connections to this customer gateway, `cgw-…` (filtered by the API). */
    customerGatewayId?: string;
    /**
     * Only these connections, `vco-…`. One id is filtered by the API, several in this process, as
     * Terraform's `alicloud_vpn_connections` does. Ids that do not exist are left out, not an error.
     * @default every connection; an empty list also means every connection, as in Terraform
     */
    ids?: string[];
    /**
     * Only the connections whose name matches this JavaScript regular expression, anywhere in the name
     * (anchor it with `^…$` to match the whole name). Filtered in this process: the API has no such
     * filter. A connection without a name is matched as `""`.
     */
    nameRegex?: string;
    /** The VPC API endpoint. @default `ALIBABA_CLOUD_ENDPOINT_VPC`, then the region's public endpoint */
    endpoint?: string;
    /**
     * Whether each connection carries `psk`, `bgpAuthKey` and `tunnelPsks`. With
     * {@link getVpnConnectionsOutput} the whole result is then a secret; {@link getVpnConnections}
     * returns a plain Promise, so prefer the Output form.
     * @default false: keys are left out unless asked for
     */
    includeSecrets?: boolean;
    /**
     * What every listed connection is expected to be, as `VpnConnectionArgs.expect`: each connection
     * of the result gets `drift` and `inSync`, and the result `inSync`. It cannot name
     * `vpnBgpConfig.enableBgp` or `zoneNo`, which the list API leaves out: expect those of a connection
     * read by id.
     * @default no expectation
     */
    expect?: VpnConnectionExpectation;
    /** Whether to leave the runtime-status outputs out of each connection, as `VpnConnectionArgs.omitRuntimeStatus`. @default false */
    omitRuntimeStatus?: boolean;
}

/** Arguments of {@link getVpnConnectionsOutput}: the same, each an Input. */
export interface GetVpnConnectionsOutputArgs {
    /** The region to list. */
    regionId?: pulumi.Input<string>;
    /** Only the connections of this VPN gateway. */
    vpnGatewayId?: pulumi.Input<string>;
    /** Only the connections to this customer gateway. */
    customerGatewayId?: pulumi.Input<string>;
    /** Only these connections. */
    ids?: pulumi.Input<pulumi.Input<string>[]>;
    /** Only the connections whose name matches this regular expression. */
    nameRegex?: pulumi.Input<string>;
    /** The VPC API endpoint. */
    endpoint?: pulumi.Input<string>;
    /** Whether to return the keys (the result is then a secret). */
    includeSecrets?: pulumi.Input<boolean>;
    /** What every listed connection is expected to be. */
    expect?: pulumi.Input<VpnConnectionExpectation>;
    /** Whether to leave the runtime-status outputs out. */
    omitRuntimeStatus?: pulumi.Input<boolean>;
}

/**
 * One connection of {@link GetVpnConnectionsResult}: the fields `DescribeVpnConnections` returns.
 *
 * The list API returns less than the API that reads one connection by id: `vpnBgpConfig.enableBgp` and
 * the top-level `zoneNo` are always `undefined` here (the API leaves them out of list items), and the
 * tags come from the item's `Tag.Tag` rather than `Tags.Tag` (already mapped to `tags`). To have those
 * fields, read the connection by id with `getVpnConnection` or a `VpnConnection` resource, e.g. for each
 * id in `ids`.
 */
export type GetVpnConnectionsConnection = VpnConnectionInfo & {
    /** The IKE pre-shared key; only with `includeSecrets`. */
    psk?: string;
    /** The BGP authentication key; only with `includeSecrets`. */
    bgpAuthKey?: string;
    /** The tunnels' pre-shared keys by tunnel id; only with `includeSecrets`. */
    tunnelPsks?: Record<string, string>;
    /** Each path where the connection differs from `expect`; empty without an expectation. */
    drift: DriftOutput[];
    /** Whether `drift` is empty. */
    inSync: boolean;
};

/** What {@link getVpnConnections} returns: three parallel lists, in the API's order (creation time). */
export interface GetVpnConnectionsResult {
    /** The matching connections. */
    connections: GetVpnConnectionsConnection[];
    /** Their ids. */
    ids: string[];
    /** Their names (`""` for a connection without one). */
    names: string[];
    /** Whether every connection matches `expect` (true without an expectation). */
    inSync: boolean;
}

/**
 * One connection of the result: its fields as mapped (absent ones left out, as the type says: this is a
 * plain value, not a resource's outputs, so it needs no `null` placeholders), its runtime status left out
 * when asked, its drift from `args.expect` (already normalized by {@link checkListArgs}, so it is not
 * validated again for every connection), and its keys when asked.
 */
function listItem(record: VpnConnectionRecord, args: GetVpnConnectionsArgs): GetVpnConnectionsConnection {
    const drift =
        args.expect === undefined
            ? []
            : driftForOutput(compareValidatedExpectation(args.expect, record.connection));
    const connection =
        args.omitRuntimeStatus === true ? stripRuntimeStatus(record.connection) : record.connection;
    const item: GetVpnConnectionsConnection = { ...connection, drift, inSync: drift.length === 0 };
    if (args.includeSecrets === true) {
        const { psk, bgpAuthKey, tunnelPsks } = record.secrets;
        if (psk !== undefined) item.psk = psk;
        if (bgpAuthKey !== undefined) item.bgpAuthKey = bgpAuthKey;
        if (tunnelPsks !== undefined) item.tunnelPsks = tunnelPsks;
    }
    return item;
}

/** Reads a stack config value of the program, without the warning `Config.get` gives for secrets. */
const programConfig: ConfigReader = {
    get(key) {
        return pulumi.runtime.getConfig(key);
    },
};

/**
 * Checks the arguments that only this function reads (the client checks the rest before its first call).
 *
 * @param args - the arguments.
 * @returns the ids to keep (undefined: all), the compiled name filter and the normalized expectation.
 * @throws VpcInvalidInputError naming the argument.
 */
export function checkListArgs(args: GetVpnConnectionsArgs): {
    ids?: string[];
    name?: RegExp;
    expect?: VpnConnectionExpectation;
} {
    let ids: string[] | undefined;
    if (args.ids !== undefined && args.ids !== null) {
        if (!Array.isArray(args.ids)) {
            throw new VpcInvalidInputError(
                "ids",
                `expected a list of VPN connection ids, got ${quoteValue(args.ids)}`,
            );
        }
        ids = args.ids.map((id, i) => VALIDATORS.vpnConnectionId(id, `ids[${i}]`));
    }
    const name =
        args.nameRegex === undefined || args.nameRegex === null
            ? undefined
            : VALIDATORS.nameRegex(args.nameRegex);
    if (args.includeSecrets !== undefined && typeof args.includeSecrets !== "boolean") {
        throw new VpcInvalidInputError(
            "includeSecrets",
            `expected true or false, got ${quoteValue(args.includeSecrets)}`,
        );
    }
    const { expect } = shapingArguments({ expect: args.expect, omitRuntimeStatus: args.omitRuntimeStatus });
    // The list API leaves these out of every item: an expectation on them would always be drift.
    if (expect?.zoneNo !== undefined) {
        throw new VpcInvalidInputError(
            "expect.zoneNo",
            "the list API does not return zoneNo; expect it of a connection read by id (getVpnConnection or VpnConnection)",
        );
    }
    const bgp = expect?.vpnBgpConfig;
    if (bgp !== undefined && bgp !== null && bgp.enableBgp !== undefined) {
        throw new VpcInvalidInputError(
            "expect.vpnBgpConfig.enableBgp",
            "the list API does not return enableBgp; expect it of a connection read by id (getVpnConnection or VpnConnection)",
        );
    }
    return { ids: ids !== undefined && ids.length > 0 ? ids : undefined, name, expect };
}

/**
 * Lists the IPsec VPN connections of a region, filtered, for programs that manage many connections:
 * every field `DescribeVpnConnections` returns, typed as {@link getVpnConnection} types them. Runs in the
 * program's process with the same settings as the resource: the stack config `alicloud:*` and
 * `alicloud-vpn:maxRequestsPerSecond`, then the environment. Loads the client on first use.
 *
 * The list API leaves out a few fields; see {@link GetVpnConnectionsConnection}.
 *
 * @example
 * ```ts
 * const branch = await getVpnConnections({ vpnGatewayId: "vpn-bp1q8bgx4xnkm2ogj1234", nameRegex: "^branch-" });
 * for (const c of branch.connections) console.log(c.vpnConnectionId, c.status, c.remoteSubnets);
 * ```
 *
 * @param args - region, filters, and whether to include the keys.
 * @param _opts - invoke options (accepted for the familiar signature; the read does not use a provider resource).
 * @returns the matching connections.
 * @throws VpcInvalidInputError before any call when an argument is not valid; another `VpcError` otherwise.
 */
export async function getVpnConnections(
    args: GetVpnConnectionsArgs = {},
    _opts?: pulumi.InvokeOptions,
): Promise<GetVpnConnectionsResult> {
    const filters = checkListArgs(args ?? {});
    if (args.regionId !== undefined) VALIDATORS.regionId(args.regionId);
    if (args.endpoint !== undefined) VALIDATORS.endpoint(args.endpoint);
    // Loaded here, not at the top: a program that only declares resources never loads the client.
    const [{ VpcClient }, { listAllVpnConnections }] = await Promise.all([
        import("../provider/client"),
        import("../provider/list"),
    ]);
    const client = new VpcClient(clientOptions(args, settingsFromConfig(programConfig)));
    const records = await listAllVpnConnections(client, {
        vpnGatewayId: args.vpnGatewayId,
        customerGatewayId: args.customerGatewayId,
        // One id is a filter of the API; several are kept below.
        vpnConnectionId: filters.ids?.length === 1 ? filters.ids[0] : undefined,
    });
    const wanted = filters.ids === undefined ? undefined : new Set(filters.ids);
    const itemArgs: GetVpnConnectionsArgs = { ...args, expect: filters.expect };
    const connections = records
        .filter((r) => wanted === undefined || wanted.has(r.connection.vpnConnectionId))
        .filter((r) => filters.name === undefined || filters.name.test(r.connection.name ?? ""))
        .map((r) => listItem(r, itemArgs));
    return {
        connections,
        ids: connections.map((c) => c.vpnConnectionId),
        names: connections.map((c) => c.name ?? ""),
        inSync: connections.every((c) => c.inSync),
    };
}

/**
 * {@link getVpnConnections} as an Output, taking Inputs. With `includeSecrets: true` the whole result is
 * a secret, so the keys stay encrypted wherever the result flows.
 *
 * @example
 * ```ts
 * const fleet = getVpnConnectionsOutput({ regionId: "cn-hangzhou", nameRegex: "^branch-" });
 * export const branchIds = fleet.ids;
 * ```
 *
 * @param args - region, filters, and whether to include the keys.
 * @param opts - invoke options.
 * @returns the matching connections, as an Output.
 */
export function getVpnConnectionsOutput(
    args: GetVpnConnectionsOutputArgs = {},
    opts?: pulumi.InvokeOptions,
): pulumi.Output<GetVpnConnectionsResult> {
    // The resolved Inputs are the plain arguments (an Input expectation resolves to an expectation).
    return invokeOutput(args, (a) => getVpnConnections(a as GetVpnConnectionsArgs, opts));
}
