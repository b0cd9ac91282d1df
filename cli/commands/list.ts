/**
 * `alicloud-vpn list`: the connections of a region, every page, optionally filtered.
 *
 * @packageDocumentation
 */
import {
    type CommandContext,
    type ListFilters,
    checkFilters,
    commandRegion,
    listAllConnections,
    styles,
    useColour,
    write,
} from "../context";
import { listMarkdown, listText } from "../render";
import { CONNECTION_JSON_SCHEMA_VERSION } from "./describe";

/**
 * Lists the connections of the region and prints them.
 *
 * @param filters - `--vpn-gateway-id`, `--customer-gateway-id`, `--name-regex`.
 * @param ctx - the common flags and streams.
 * @returns the exit status: 0.
 * @throws VpcError when a filter is malformed or a read fails.
 */
export async function listCommand(filters: ListFilters, ctx: CommandContext): Promise<number> {
    checkFilters(filters);
    const regionId = commandRegion(ctx);
    const records = await listAllConnections(ctx.client, regionId, filters);
    const connections = records.map((r) => r.connection);
    const { stdout, env } = ctx.terminal;
    switch (ctx.options.output) {
        case "json":
            await write(
                stdout,
                `${JSON.stringify({ schemaVersion: CONNECTION_JSON_SCHEMA_VERSION, regionId, connections }, null, 2)}\n`,
            );
            break;
        case "markdown":
            await write(stdout, listMarkdown(connections));
            break;
        default:
            await write(stdout, listText(connections, styles(useColour(stdout, env))));
    }
    return 0;
}
