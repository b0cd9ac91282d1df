/**
 * `alicloud-vpn list`: the connections of a region, every page, optionally filtered.
 *
 * @packageDocumentation
 */
import type { VpnConnectionInfo } from "../../sdk/types";
import {
    type CommandContext,
    type ListFilters,
    checkFilters,
    commandRegion,
    listAllConnections,
} from "../context";
import { EXIT } from "../exit";
import { listMarkdown, listText } from "../render";
import { type Views, show } from "../views";
import { CONNECTION_JSON_SCHEMA_VERSION } from "./describe";

/** What `list` found: the region and its connections. */
export interface ListResult {
    /** The region listed. */
    regionId: string;
    /** Its connections matching the filters, in the API's order. */
    connections: VpnConnectionInfo[];
}

/** The views of `list`, by `--output` format. */
export const LIST_VIEWS: Views<ListResult> = {
    text: ({ connections }, s) => listText(connections, s),
    json: ({ regionId, connections }) =>
        `${JSON.stringify({ schemaVersion: CONNECTION_JSON_SCHEMA_VERSION, regionId, connections }, null, 2)}\n`,
    markdown: ({ connections }) => listMarkdown(connections),
};

/**
 * Lists the connections of the region and prints them.
 *
 * @param filters - `--vpn-gateway-id`, `--customer-gateway-id`, `--name-regex`.
 * @param ctx - the common flags and streams.
 * @returns the exit status: {@link EXIT}.ok.
 * @throws VpcError when a filter is malformed or a read fails.
 */
export async function listCommand(filters: ListFilters, ctx: CommandContext): Promise<number> {
    checkFilters(filters);
    const regionId = commandRegion(ctx);
    const records = await listAllConnections(ctx.client, regionId, filters);
    const connections = records.map((r) => r.connection);
    await show(LIST_VIEWS, ctx.options.output, { regionId, connections }, ctx.terminal);
    return EXIT.ok;
}
