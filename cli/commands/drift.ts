/**
 * `alicloud-vpn drift --baseline baseline.json [--expect expect.json] [--ignore <path>...] [--all]`:
 * compares the live connections with a baseline (every non-secret output but runtime status, and the
 * fingerprints of the secrets) and/or an expectation file, and exits 0 in sync, 1 on drift, 2 on error.
 *
 * Which connections: those of the baseline, and those the expectation file names by id. With `--all`,
 * also every connection of the region (the baseline's, when it was taken with `--all`, with its
 * filters): one missing from the baseline is `new`, and the `"*"` expectation applies to every one
 * listed. A connection of the baseline or the expectations that no longer exists is `deleted`. Each
 * counts as drift.
 *
 * @packageDocumentation
 */
import { validatePathPattern } from "../../provider/drift";
import { VpcInvalidInputError, VpcNotFoundError } from "../../provider/errors";
import { readBaseline } from "../baseline";
import { type CommandContext, commandRegion, listAllConnections, readConnections } from "../context";
import { type DriftTarget, driftOf, planDrift, reconcileListing } from "../drift-plan";
import { type DriftSources, driftSarif } from "../drift-sarif";
import { EXIT } from "../exit";
import { type ExpectationFile, expectationFor, readExpectations } from "../expectations";
import {
    FULL_READ_FLAG,
    checkExpectationsComparable,
    fleetRead,
    liveRecords,
    notComparedPaths,
} from "../fleet-read";
import type { VpnConnectionRecord } from "../../sdk/types";
import {
    type ConnectionReport,
    type DriftReport,
    buildReport,
    reportJson,
    reportMarkdown,
    reportText,
} from "../report";
import { sarifJson } from "../sarif";
import { sourceFile } from "../source-location";
import { packageVersion } from "../version";
import { type Views, show } from "../views";

/** The flags of `drift`. */
export interface DriftOptions {
    /** The baseline file. */
    baseline?: string;
    /** The expectation file. */
    expect?: string;
    /** Paths to leave out. */
    ignore?: string[];
    /** Look for new and deleted connections in the whole region. */
    all?: boolean;
    /** With `all`: read each connection by id, for the outputs the list API leaves out. */
    fullRead?: boolean;
}

/** What `drift` found, and the committed files it compared with (for SARIF locations). */
export interface DriftOutcome {
    /** The report. */
    report: DriftReport;
    /** The baseline and expectation files. */
    sources: DriftSources;
}

/** The views of `drift`'s report, by `--output` format. */
export const DRIFT_VIEWS: Views<DriftOutcome> = {
    text: ({ report }, s) => reportText(report, s),
    json: ({ report }) => reportJson(report),
    markdown: ({ report }) => reportMarkdown(report),
    sarif: ({ report, sources }) => sarifJson(driftSarif(report, sources)),
};

/**
 * Runs the comparison and prints the report.
 *
 * @param options - the flags.
 * @param ctx - the common flags and streams.
 * @returns {@link EXIT}.ok when every connection is in sync, {@link EXIT}.drift on drift.
 * @throws VpcError when a file or flag is not valid or a read fails (exit status 2).
 */
export async function driftCommand(options: DriftOptions, ctx: CommandContext): Promise<number> {
    if (options.baseline === undefined && options.expect === undefined) {
        throw new VpcInvalidInputError("--baseline", "give --baseline, --expect, or both");
    }
    const ignore = (options.ignore ?? []).map((p) => validatePathPattern(p, "--ignore"));
    // Each file is read once: its text is both what is checked and what SARIF quotes lines of.
    const baselineFile = options.baseline === undefined ? undefined : readBaseline(options.baseline);
    const expectationFile = options.expect === undefined ? undefined : readExpectations(options.expect);
    const baseline = baselineFile?.baseline;
    const expectations: ExpectationFile | undefined = expectationFile?.expectations;
    if (!options.all && options.fullRead) {
        throw new VpcInvalidInputError(
            FULL_READ_FLAG,
            "applies to --all only: without it every connection is read by id",
        );
    }
    // --all reads the region from the list's pages unless --full-read asks for every field; what the
    // list lacks (here or in the baseline) is not compared, and an expectation of it is refused.
    const read = options.all ? fleetRead(options.fullRead) : "by-id";
    const notCompared = notComparedPaths(read, baseline?.scope.all ? baseline.scope.read : undefined);
    if (expectations !== undefined) checkExpectationsComparable(expectations, notCompared);
    const checkedAt = new Date().toISOString();
    const plan = planDrift({
        baseline,
        expectations,
        all: options.all === true,
        region: ctx.options.region,
        commandRegion: () => commandRegion(ctx),
    });

    const results: ConnectionReport[] = [];
    const deleted = (t: DriftTarget): ConnectionReport => ({
        vpnConnectionId: t.vpnConnectionId,
        regionId: t.regionId,
        name: t.base?.connection.name,
        result: "deleted",
        drift: [],
    });
    let targets = plan.targets;
    let gone: readonly DriftTarget[] = [];
    let listedById: Map<string, VpnConnectionRecord> | undefined;
    let listedRegion: string | undefined;
    if (plan.list !== undefined) {
        const { regionId, filters } = plan.list;
        const listed = await listAllConnections(ctx.client, regionId, filters);
        if (read === "list") {
            listedById = new Map(listed.map((r) => [r.connection.vpnConnectionId, r]));
            listedRegion = regionId;
        }
        const outcome = reconcileListing(targets, regionId, listed, baseline !== undefined);
        for (const r of outcome.added) {
            results.push({
                vpnConnectionId: r.connection.vpnConnectionId,
                regionId,
                name: r.connection.name,
                result: "new",
                drift: [],
            });
        }
        gone = outcome.deleted;
        targets = [...targets, ...outcome.more];
    }

    const goneSet = new Set(gone);
    const toRead = targets.filter((t) => !goneSet.has(t));
    const records = await liveRecords(toRead, listedById, listedRegion, (rest) =>
        readConnections(ctx, rest, async (t) => {
            try {
                return await ctx.client.describeVpnConnection(t.vpnConnectionId, { regionId: t.regionId });
            } catch (e) {
                if (e instanceof VpcNotFoundError) return undefined;
                throw e;
            }
        }),
    );
    for (const t of gone) results.push(deleted(t));
    const leaveOut = [...ignore, ...notCompared];
    toRead.forEach((t, i) => {
        const live = records[i];
        if (live === undefined) {
            results.push(deleted(t));
            return;
        }
        const expectation = expectations && expectationFor(expectations, t.vpnConnectionId);
        const drift = driftOf(live, t.base, baseline, expectation, leaveOut);
        results.push({
            vpnConnectionId: t.vpnConnectionId,
            regionId: t.regionId,
            name: live.connection.name,
            result: drift.length === 0 ? "in-sync" : "drifted",
            drift,
        });
    });

    const report = buildReport(results, {
        checkedAt,
        toolVersion: packageVersion(),
        baseline: baseline
            ? { createdAt: baseline.createdAt, connections: baseline.connections.length }
            : null,
        expectations: expectations !== undefined,
        all: options.all === true,
        ignored: ignore,
        read,
        notCompared,
    });
    // SARIF points at the lines of the files read above.
    const sources: DriftSources =
        ctx.options.output !== "sarif"
            ? {}
            : {
                  baseline:
                      baselineFile && options.baseline !== undefined
                          ? {
                                file: sourceFile(options.baseline, baselineFile.text),
                                content: baselineFile.baseline,
                            }
                          : undefined,
                  expectations:
                      expectationFile && options.expect !== undefined
                          ? sourceFile(options.expect, expectationFile.text)
                          : undefined,
              };
    await show(DRIFT_VIEWS, ctx.options.output, { report, sources }, ctx.terminal);
    return report.inSync ? EXIT.ok : EXIT.drift;
}
