/**
 * `alicloud-vpn snapshot <id>... | --all --out baseline.json`: records a baseline of connections (every
 * non-secret output except runtime status, and a salted fingerprint of each secret) for `drift`.
 *
 * @packageDocumentation
 */
import type { VpnConnectionRecord } from "../../sdk/types";
import { VpcInvalidInputError, VpcNotFoundError } from "../../provider/errors";
import { VALIDATORS } from "../../provider/validate";
import { buildBaseline, type BaselineScope, serializeBaseline, writeFileAtomic } from "../baseline";
import {
    type CommandContext,
    type ListFilters,
    checkFilters,
    commandRegion,
    listAllConnections,
    packageVersion,
    readConnections,
    write,
} from "../context";
import { FULL_READ_FLAG, fleetRead } from "../fleet-read";
import { markdownCode } from "../report";

/** The flags of `snapshot`. */
export interface SnapshotOptions extends ListFilters {
    /** Every connection of the region (matching the filters). */
    all?: boolean;
    /** With `all`: read each listed connection by id too, for the outputs the list API leaves out. */
    fullRead?: boolean;
    /** The baseline file to write; `-` for stdout. */
    out: string;
}

/**
 * Takes the snapshot and writes the baseline.
 *
 * @param ids - connection ids (or none, with `--all`).
 * @param options - the flags.
 * @param ctx - the common flags and streams.
 * @returns the exit status: 0.
 * @throws VpcError when the arguments are wrong or a read fails (a connection named that does not
 *   exist included: a baseline cannot record it).
 */
export async function snapshotCommand(
    ids: string[],
    options: SnapshotOptions,
    ctx: CommandContext,
): Promise<number> {
    if (ids.length > 0 && options.all) {
        throw new VpcInvalidInputError("<id>", "give connection ids or --all, not both");
    }
    if (ids.length === 0 && !options.all) {
        throw new VpcInvalidInputError(
            "<id>",
            "give at least one connection id, or --all for every connection of the region",
        );
    }
    const filters: ListFilters = {
        vpnGatewayId: options.vpnGatewayId,
        customerGatewayId: options.customerGatewayId,
        nameRegex: options.nameRegex,
    };
    if (!options.all && Object.values(filters).some((v) => v !== undefined)) {
        throw new VpcInvalidInputError("--vpn-gateway-id", "the filters apply to --all only");
    }
    if (!options.all && options.fullRead) {
        throw new VpcInvalidInputError(
            FULL_READ_FLAG,
            "applies to --all only: connections named by id are read by id",
        );
    }
    const read = fleetRead(options.fullRead);
    const { filters: checked } = checkFilters(filters);
    ids.forEach((id) => VALIDATORS.vpnConnectionId(id, "<id>"));
    const unique = [...new Set(ids)];
    const regionId = commandRegion(ctx);
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
        return 0;
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
    const summary = {
        out: options.out,
        regionId,
        connections: baseline.connections.length,
        secretFingerprints: secrets,
    };
    const { stdout } = ctx.terminal;
    const n = `${summary.connections} connection${summary.connections === 1 ? "" : "s"}`;
    switch (ctx.options.output) {
        case "json":
            await write(stdout, `${JSON.stringify({ schemaVersion: 1, ...summary }, null, 2)}\n`);
            break;
        case "markdown":
            await write(
                stdout,
                `Wrote ${markdownCode(options.out)}: ${n} in ${regionId}, ${secrets} secret fingerprints.\n`,
            );
            break;
        default:
            await write(
                stdout,
                `Wrote ${options.out}: ${n} in ${regionId}, ${secrets} secret fingerprints (no key).\n`,
            );
    }
    return 0;
}
