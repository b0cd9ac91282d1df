/**
 * The client set-up every `alicloud-vpn` command shares: the common flags, the VPC client they configure
 * (the same credential, region, endpoint and retry behaviour as the provider), paging through every
 * connection, reading many connections at once. Streams, colour and progress are `terminal.ts`; output
 * formats are `views.ts`.
 *
 * @packageDocumentation
 */
import type { VpnConnectionRecord } from "../sdk/types";
import { VpcClient } from "../provider/client";
import { resolveRegion } from "../provider/region";
import { normalizeEndpoint } from "../provider/endpoint";
import { VpcInvalidInputError } from "../provider/errors";
import { listAllVpnConnections } from "../provider/list";
import { quoteValue } from "../provider/redact";
import { VALIDATORS } from "../provider/validate";
import { type Terminal, progress } from "./terminal";

/** The flags every command takes. */
export interface CommonOptions {
    /** `--region`: else `ALIBABA_CLOUD_REGION_ID`, `ALIBABA_CLOUD_REGION`, `ALICLOUD_REGION`. */
    region?: string;
    /** `--endpoint`: else `ALIBABA_CLOUD_ENDPOINT_VPC`, then the region's public endpoint. */
    endpoint?: string;
    /** `--profile`: a profile of `~/.aliyun/config.json` or `~/.alibabacloud/credentials`. */
    profile?: string;
    /** `--output`: a format of the command's table of views (see `views.ts`). @default "text" */
    output: string;
}

/** The filters of `list` and of `snapshot --all`/`drift --all`. */
export interface ListFilters {
    /** Only connections of this VPN gateway (filtered by the API). */
    vpnGatewayId?: string;
    /** Only connections to this customer gateway (filtered by the API). */
    customerGatewayId?: string;
    /** Only connections whose name matches this regular expression (filtered here; the API has no such filter). */
    nameRegex?: string;
}

/**
 * Connections read at once when a command reads many by id. Each read is one call; four keep a command
 * well under the API's quota of 600 calls a minute per region even at loopback latency, and the retry
 * policy absorbs throttling caused by other users of the account.
 */
export const READ_CONCURRENCY = 4;

/** A command's resolved setting: the client and the region its reads default to. */
export interface CommandContext {
    /** The client, configured from the common flags and the environment. */
    client: VpcClient;
    /** The common flags. */
    options: CommonOptions;
    /** The streams and environment. */
    terminal: Terminal;
}

/**
 * Checks the common flags and builds the client: `--region` first, then the region variables;
 * `--endpoint` first, then `ALIBABA_CLOUD_ENDPOINT_VPC`, then the region's endpoint; `--profile` as the
 * provider's `alicloud:profile`, with the rest of the credential chain as the provider has it.
 *
 * @param options - the common flags.
 * @param terminal - the streams and environment.
 * @returns the context.
 * @throws VpcInvalidInputError naming the flag when one is malformed.
 */
export function commandContext(options: CommonOptions, terminal: Terminal): CommandContext {
    const endpoint =
        options.endpoint === undefined ? undefined : normalizeEndpoint(options.endpoint, "--endpoint");
    if (options.profile !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(options.profile)) {
        throw new VpcInvalidInputError(
            "--profile",
            `expected a profile name of letters, digits, '.', '_' or '-', got ${quoteValue(options.profile)}`,
        );
    }
    const client = new VpcClient({
        regionId: options.region,
        regionSource: "--region",
        endpoint,
        credentials: options.profile === undefined ? {} : { profile: options.profile },
        env: terminal.env,
    });
    return { client, options, terminal };
}

/**
 * The region of a command: `--region`, else the region variables.
 *
 * @param ctx - the context.
 * @returns the region id.
 * @throws VpcInvalidInputError listing every source when none is set.
 */
export function commandRegion(ctx: CommandContext): string {
    return resolveRegion([{ value: ctx.options.region, source: "--region" }], ctx.terminal.env).regionId;
}

/** The flags that pick the connections of a command that takes ids or `--all` with the list filters. */
export interface SelectionFlags extends ListFilters {
    /** `--all`: every connection of the region that passes the filters. */
    all?: boolean;
}

/**
 * Checks which connections a command is asked for, before any call: ids or `--all`, never both and
 * never neither; the list filters with `--all` only; every id well formed.
 *
 * @param ids - the ids given.
 * @param flags - `--all` and the list filters.
 * @returns the ids without repeats, and the filters checked.
 * @throws VpcInvalidInputError naming the argument or flag.
 */
export function checkSelection(
    ids: readonly string[],
    flags: SelectionFlags,
): { ids: string[]; filters: ListFilters } {
    if (ids.length > 0 && flags.all) {
        throw new VpcInvalidInputError("<id>", "give connection ids or --all, not both");
    }
    if (ids.length === 0 && !flags.all) {
        throw new VpcInvalidInputError(
            "<id>",
            "give at least one connection id, or --all for every connection of the region",
        );
    }
    const filters: ListFilters = {
        vpnGatewayId: flags.vpnGatewayId,
        customerGatewayId: flags.customerGatewayId,
        nameRegex: flags.nameRegex,
    };
    if (!flags.all && Object.values(filters).some((v) => v !== undefined)) {
        throw new VpcInvalidInputError("--vpn-gateway-id", "the filters apply to --all only");
    }
    const { filters: checked } = checkFilters(filters);
    ids.forEach((id) => VALIDATORS.vpnConnectionId(id, "<id>"));
    return { ids: [...new Set(ids)], filters: checked };
}

/**
 * Checks list filters before any call.
 *
 * @param filters - the flags given.
 * @returns the filters, with the regular expression compiled.
 * @throws VpcInvalidInputError naming the flag.
 */
export function checkFilters(filters: ListFilters): { filters: ListFilters; nameRegex?: RegExp } {
    const out: ListFilters = {};
    if (filters.vpnGatewayId !== undefined) {
        out.vpnGatewayId = VALIDATORS.vpnGatewayId(filters.vpnGatewayId, "--vpn-gateway-id");
    }
    if (filters.customerGatewayId !== undefined) {
        out.customerGatewayId = VALIDATORS.customerGatewayId(
            filters.customerGatewayId,
            "--customer-gateway-id",
        );
    }
    let nameRegex: RegExp | undefined;
    if (filters.nameRegex !== undefined) {
        try {
            nameRegex = new RegExp(filters.nameRegex);
        } catch (e) {
            throw new VpcInvalidInputError(
                "--name-regex",
                `not a regular expression: ${(e as Error).message}`,
            );
        }
        out.nameRegex = filters.nameRegex;
    }
    return { filters: out, nameRegex };
}

/**
 * Reads every connection of a region matching the filters, at the largest page size (50), so the fewest
 * calls are made (see {@link listAllVpnConnections}).
 *
 * @param client - the client.
 * @param regionId - the region.
 * @param filters - the filters; `nameRegex` is applied here.
 * @returns the connections in the API's order. The plural API leaves out a few fields (`zoneNo`,
 *   `vpnBgpConfig.enableBgp`): read a connection by id for every field.
 */
export async function listAllConnections(
    client: VpcClient,
    regionId: string,
    filters: ListFilters = {},
): Promise<VpnConnectionRecord[]> {
    const { filters: checked, nameRegex } = checkFilters(filters);
    const all = await listAllVpnConnections(client, {
        regionId,
        vpnGatewayId: checked.vpnGatewayId,
        customerGatewayId: checked.customerGatewayId,
    });
    return nameRegex === undefined ? all : all.filter((r) => nameRegex.test(r.connection.name ?? ""));
}

/**
 * Runs `work` over `items`, at most `limit` at a time, keeping the order of the results.
 *
 * @param items - the inputs.
 * @param limit - how many run at once.
 * @param work - what to do with one.
 * @param onDone - called after each item.
 * @returns the results, in the order of `items`.
 */
export async function mapLimit<T, R>(
    items: readonly T[],
    limit: number,
    work: (item: T) => Promise<R>,
    onDone: () => void = () => {},
): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            const i = next++;
            results[i] = await work(items[i]!);
            onDone();
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

/**
 * Reads connections by id, {@link READ_CONCURRENCY} at a time, with progress on a terminal.
 *
 * @param ctx - the context.
 * @param targets - ids and regions.
 * @param read - how to read one; `undefined` stands for a connection that is gone.
 * @returns the records, in the order of `targets`.
 */
export async function readConnections(
    ctx: CommandContext,
    targets: ReadonlyArray<{ vpnConnectionId: string; regionId: string }>,
    read: (t: { vpnConnectionId: string; regionId: string }) => Promise<VpnConnectionRecord | undefined> = (
        t,
    ) => ctx.client.describeVpnConnection(t.vpnConnectionId, { regionId: t.regionId }),
): Promise<Array<VpnConnectionRecord | undefined>> {
    const bar = progress(ctx.terminal, "reading connections", targets.length);
    try {
        return await mapLimit(targets, READ_CONCURRENCY, read, () => bar.tick());
    } finally {
        bar.done();
    }
}
