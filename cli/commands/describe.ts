/**
 * `alicloud-vpn describe <id>`: one connection, every non-secret output, secrets named but never shown.
 *
 * @packageDocumentation
 */
import type { VpnConnectionRecord } from "../../sdk/types";
import { VALIDATORS } from "../../provider/validate";
import type { CommandContext } from "../context";
import { EXIT } from "../exit";
import { describeMarkdown, describeText } from "../render";
import { type Views, show } from "../views";

/** The version of the `--output json` shape of `describe` and `list`. */
export const CONNECTION_JSON_SCHEMA_VERSION = 1;

/** The views of `describe`, by `--output` format. */
export const DESCRIBE_VIEWS: Views<VpnConnectionRecord> = {
    text: (record, s) => describeText(record, s),
    json: (record) => {
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
        return `${JSON.stringify(body, null, 2)}\n`;
    },
    markdown: (record) => describeMarkdown(record),
};

/**
 * Reads one connection and prints it.
 *
 * @param id - the connection id.
 * @param ctx - the common flags and streams.
 * @returns the exit status: {@link EXIT}.ok.
 * @throws VpcError when the id is malformed, the connection does not exist or the read fails.
 */
export async function describeCommand(id: string, ctx: CommandContext): Promise<number> {
    VALIDATORS.vpnConnectionId(id, "<id>");
    const record = await ctx.client.describeVpnConnection(id);
    await show(DESCRIBE_VIEWS, ctx.options.output, record, ctx.terminal);
    return EXIT.ok;
}
