/**
 * `alicloud-vpn snapshot <id>... | --all --out baseline.json`: records a baseline of connections (every
 * non-secret output except runtime status, and a salted fingerprint of each secret) for `drift`.
 *
 * @packageDocumentation
 */
import type { VpnConnectionRecord } from "../../sdk/types";
import { VpcInvalidInputError, VpcNotFoundError } from "../../provider/errors";
import { buildBaseline, type BaselineScope, serializeBaseline } from "../baseline";
import {
    type CommandContext,
    type ListFilters,
    checkSelection,
    commandRegion,
    listAllConnections,
    readConnections,
} from "../context";
import { EXIT } from "../exit";
import { FULL_READ_FLAG, fleetRead } from "../fleet-read";
import { checkOutputFile, writeFileAtomic } from "../files";
import { markdownCode } from "../report";
import { write } from "../terminal";
import { terminalSafe } from "../terminal-safe";
import { packageVersion } from "../version";
import { type Views, show } from "../views";

/** The flags of `snapshot`. */
export interface SnapshotOptions extends ListFilters {
    /** Every connection of the region (matching the filters). */
    all?: boolean;
    /** With `all`: read each listed connection by id too, for the outputs the list API leaves out. */
    fullRead?: boolean;
    /** The baseline file to write; `-` for stdout. */
    out: string;
}

/** What `snapshot` wrote, when it wrote a file. */
export interface SnapshotSummary {
    /** The baseline file. */
    out: string;
    /** The region. */
    regionId: string;
    /** How many connections the baseline holds. */
    connections: number;
    /** How many secret fingerprints it holds. */
    secretFingerprints: number;
}

function connectionCount(summary: SnapshotSummary): string {
    return `${summary.connections} connection${summary.connections === 1 ? "" : "s"}`;
}

/** The views of `snapshot`'s summary, by `--output` format (with `--out -` the baseline itself is written). */
export const SNAPSHOT_VIEWS: Views<SnapshotSummary> = {
    text: (summary) =>
        `Wrote ${terminalSafe(summary.out)}: ${connectionCount(summary)} in ${summary.regionId}, ${summary.secretFingerprints} secret fingerprints (no key).\n`,
    json: (summary) => `${JSON.stringify({ schemaVersion: 1, ...summary }, null, 2)}\n`,
    markdown: (summary) =>
        `Wrote ${markdownCode(summary.out)}: ${connectionCount(summary)} in ${summary.regionId}, ${summary.secretFingerprints} secret fingerprints.\n`,
};

/**
 * Takes the snapshot and writes the baseline.
 *
 * @param ids - connection ids (or none, with `--all`).
 * @param options - the flags.
 * @param ctx - the common flags and streams.
 * @returns the exit status: {@link EXIT}.ok.
 * @throws VpcError when the arguments are wrong or a read fails (a connection named that does not
 *   exist included: a baseline cannot record it).
 */
export async function snapshotCommand(
    ids: string[],
    options: SnapshotOptions,
    ctx: CommandContext,
): Promise<number> {
    const { ids: unique, filters: checked } = checkSelection(ids, options);
    if (!options.all && options.fullRead) {
        throw new VpcInvalidInputError(
            FULL_READ_FLAG,
            "applies to --all only: connections named by id are read by id",
        );
    }
    const read = fleetRead(options.fullRead);
    const regionId = commandRegion(ctx);
    // The destination is checked before any API call: a run that cannot write its baseline reads nothing.
    if (options.out !== "-") checkOutputFile(options.out, "--out");
    let targetIds = unique;
    let listed: VpnConnectionRecord[] | undefined;
    if (options.all) {
        listed = await listAllConnections(ctx.client, regionId, checked);
        targetIds = listed.map((r) => r.connection.vpnConnectionId);
    }
    // --all reads the region from the list's pages alone unless --full-read asks for every field.
    const records: Array<VpnConnectionRecord | undefined> =
        listed !== undefined && read === "list"
            ? listed
            : await readConnections(
                  ctx,
                  targetIds.map((vpnConnectionId) => ({ vpnConnectionId, regionId })),
                  async (t) => {
                      try {
                          return await ctx.client.describeVpnConnection(t.vpnConnectionId, {
                              regionId: t.regionId,
                          });
                      } catch (e) {
                          // Listed, then deleted before it was read: it is no longer part of the region.
                          if (options.all && e instanceof VpcNotFoundError) return undefined;
                          throw e;
                      }
                  },
              );
    const scope: BaselineScope = options.all
        ? { all: true, regionId, filters: checked, read }
        : { all: false };
    const baseline = buildBaseline(
        records.filter((r): r is VpnConnectionRecord => r !== undefined),
        scope,
        { createdAt: new Date(), version: packageVersion() },
    );
    const text = serializeBaseline(baseline);
    if (options.out === "-") {
        await write(ctx.terminal.stdout, text);
        return EXIT.ok;
    }
    writeFileAtomic(options.out, text);
    const secrets = baseline.connections.reduce(
        (n, c) =>
            n +
            (c.secrets.psk ? 1 : 0) +
            (c.secrets.bgpAuthKey ? 1 : 0) +
            Object.keys(c.secrets.tunnelPsks ?? {}).length,
        0,
    );
    const summary: SnapshotSummary = {
        out: options.out,
        regionId,
        connections: baseline.connections.length,
        secretFingerprints: secrets,
    };
    await show(SNAPSHOT_VIEWS, ctx.options.output, summary, ctx.terminal);
    return EXIT.ok;
}
