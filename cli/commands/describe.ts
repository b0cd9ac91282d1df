/**
 * `alicloud-vpn describe <id>`: one connection, every non-secret output, secrets named but never shown.
 *
 * @packageDocumentation
 */
import { VALIDATORS } from "../../provider/validate";
import { type CommandContext, styles, useColour, write } from "../context";
import { describeMarkdown, describeText } from "../render";

/** The version of the `--output json` shape of `describe` and `list`. */
export const CONNECTION_JSON_SCHEMA_VERSION = 1;

/**
 * Reads one connection and prints it.
 *
 * @param id - the connection id.
 * @param ctx - the common flags and streams.
 * @returns the exit status: 0.
 * @throws VpcError when the id is malformed, the connection does not exist or the read fails.
 */
export async function describeCommand(id: string, ctx: CommandContext): Promise<number> {
    VALIDATORS.vpnConnectionId(id, "<id>");
    const record = await ctx.client.describeVpnConnection(id);
    const { stdout, env } = ctx.terminal;
    switch (ctx.options.output) {
        case "json": {
            const secretsPresent = [
                ...(record.secrets.psk !== undefined ? ["psk"] : []),
                ...(record.secrets.bgpAuthKey !== undefined ? ["bgpAuthKey"] : []),
                ...Object.keys(record.secrets.tunnelPsks ?? {}).map((t) => `tunnelPsks.${t}`),
            ];
            const body = {
                schemaVersion: CONNECTION_JSON_SCHEMA_VERSION,
                connection: record.connection,
                secretsPresent,
            };
            await write(stdout, `${JSON.stringify(body, null, 2)}\n`);
            break;
        }
        case "markdown":
            await write(stdout, describeMarkdown(record));
            break;
        default:
            await write(stdout, describeText(record, styles(useColour(stdout, env))));
    }
    return 0;
}
