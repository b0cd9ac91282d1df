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
import * as fs from "node:fs";
import type { VpnConnectionRecord } from "../../sdk/types";
import {
    RUNTIME_STATUS_PATHS,
    compareExpectation,
    compareFingerprints,
    compareSnapshot,
    filterDrift,
    fingerprintSecrets,
    validatePathPattern,
    type VpnConnectionExpectation,
} from "../../provider/drift";
import { VpcInvalidInputError, VpcNotFoundError } from "../../provider/errors";
import { type Baseline, type BaselineConnection, readBaseline } from "../baseline";
import {
    type CommandContext,
    type ListFilters,
    commandRegion,
    listAllConnections,
    packageVersion,
    readConnections,
    styles,
    useColour,
    write,
} from "../context";
import { driftSarif } from "../drift-sarif";
import { type ExpectationFile, expectationFor, readExpectations } from "../expectations";
import {
    type ConnectionReport,
    type ReportDrift,
    buildReport,
    reportJson,
    reportMarkdown,
    reportText,
} from "../report";
import { sarifJson } from "../sarif";
import { sourceFile } from "../source-location";

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
}

interface Target {
    vpnConnectionId: string;
    regionId: string;
    base?: BaselineConnection;
}

/**
 * Compares one live connection with its baseline entry and expectation.
 *
 * @param live - the connection read now.
 * @param base - its baseline entry, if any.
 * @param baseline - the baseline (for the salt).
 * @param expectation - its expectation, if any.
 * @param ignore - paths to leave out.
 * @returns the differences: baseline values, then secrets, then the expectation.
 */
export function driftOf(
    live: VpnConnectionRecord,
    base: BaselineConnection | undefined,
    baseline: Baseline | undefined,
    expectation: VpnConnectionExpectation | undefined,
    ignore: readonly string[],
): ReportDrift[] {
    const out: ReportDrift[] = [];
    if (base !== undefined && baseline !== undefined) {
        for (const e of compareSnapshot(base.connection, live.connection, [
            ...RUNTIME_STATUS_PATHS,
            ...ignore,
        ])) {
            out.push({ kind: "value", source: "baseline", ...e });
        }
        const now = fingerprintSecrets(
            baseline.fingerprint.salt,
            live.connection.vpnConnectionId,
            live.secrets,
        );
        for (const c of filterDrift(compareFingerprints(base.secrets, now), ignore)) {
            out.push({ kind: "secret", source: "baseline", ...c });
        }
    }
    if (expectation !== undefined) {
        for (const e of filterDrift(compareExpectation(expectation, live.connection), ignore)) {
            out.push({ kind: "value", source: "expectation", ...e });
        }
    }
    return out;
}

/**
 * Runs the comparison and prints the report.
 *
 * @param options - the flags.
 * @param ctx - the common flags and streams.
 * @returns 0 when every connection is in sync, 1 on drift.
 * @throws VpcError when a file or flag is not valid or a read fails (exit status 2).
 */
export async function driftCommand(options: DriftOptions, ctx: CommandContext): Promise<number> {
    if (options.baseline === undefined && options.expect === undefined) {
        throw new VpcInvalidInputError("--baseline", "give --baseline, --expect, or both");
    }
    const ignore = (options.ignore ?? []).map((p) => validatePathPattern(p, "--ignore"));
    const baseline = options.baseline === undefined ? undefined : readBaseline(options.baseline);
    const expectations: ExpectationFile | undefined =
        options.expect === undefined ? undefined : readExpectations(options.expect);
    const checkedAt = new Date().toISOString();

    // Where connections without a region of their own are: --region, else the baseline's one region,
    // else the region variables.
    const baselineRegions = new Set(baseline?.connections.map((c) => c.regionId) ?? []);
    if (baseline?.scope.all && baseline.scope.regionId) baselineRegions.add(baseline.scope.regionId);
    const defaultRegion = (): string =>
        ctx.options.region === undefined && baselineRegions.size === 1
            ? [...baselineRegions][0]!
            : commandRegion(ctx);

    const targets = new Map<string, Target>();
    for (const c of baseline?.connections ?? []) {
        targets.set(c.vpnConnectionId, { vpnConnectionId: c.vpnConnectionId, regionId: c.regionId, base: c });
    }
    for (const id of expectations?.byId.keys() ?? []) {
        if (!targets.has(id)) targets.set(id, { vpnConnectionId: id, regionId: defaultRegion() });
    }

    const results: ConnectionReport[] = [];
    const gone = new Set<string>();
    if (options.all) {
        let regionId: string;
        let filters: ListFilters = {};
        if (baseline?.scope.all && baseline.scope.regionId !== undefined) {
            regionId = baseline.scope.regionId;
            filters = baseline.scope.filters ?? {};
            if (ctx.options.region !== undefined && ctx.options.region !== regionId) {
                throw new VpcInvalidInputError(
                    "--region",
                    `the baseline covers every connection of ${regionId}; --region ${ctx.options.region} disagrees`,
                );
            }
        } else {
            regionId = defaultRegion();
        }
        const listed = await listAllConnections(ctx.client, regionId, filters);
        const listedIds = new Set(listed.map((r) => r.connection.vpnConnectionId));
        for (const t of targets.values()) {
            if (t.regionId === regionId && !listedIds.has(t.vpnConnectionId)) gone.add(t.vpnConnectionId);
        }
        for (const r of listed) {
            const id = r.connection.vpnConnectionId;
            if (targets.has(id)) continue;
            if (baseline !== undefined) {
                results.push({
                    vpnConnectionId: id,
                    regionId,
                    name: r.connection.name,
                    result: "new",
                    drift: [],
                });
            } else {
                targets.set(id, { vpnConnectionId: id, regionId });
            }
        }
    } else if (targets.size === 0) {
        throw new VpcInvalidInputError(
            "--expect",
            'the expectation file names no connection, only "*": add --all to check every connection of the region',
        );
    }

    const toRead = [...targets.values()].filter((t) => !gone.has(t.vpnConnectionId));
    const records = await readConnections(ctx, toRead, async (t) => {
        try {
            return await ctx.client.describeVpnConnection(t.vpnConnectionId, { regionId: t.regionId });
        } catch (e) {
            if (e instanceof VpcNotFoundError) return undefined;
            throw e;
        }
    });
    const deleted = (t: Target): ConnectionReport => ({
        vpnConnectionId: t.vpnConnectionId,
        regionId: t.regionId,
        name: t.base?.connection.name,
        result: "deleted",
        drift: [],
    });
    for (const t of targets.values()) if (gone.has(t.vpnConnectionId)) results.push(deleted(t));
    toRead.forEach((t, i) => {
        const live = records[i];
        if (live === undefined) {
            results.push(deleted(t));
            return;
        }
        const expectation = expectations && expectationFor(expectations, t.vpnConnectionId);
        const drift = driftOf(live, t.base, baseline, expectation, ignore);
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
    });
    const { stdout, env } = ctx.terminal;
    switch (ctx.options.output) {
        case "json":
            await write(stdout, reportJson(report));
            break;
        case "markdown":
            await write(stdout, reportMarkdown(report));
            break;
        case "sarif":
            // The files were read and checked above; read again for the lines of their values.
            await write(
                stdout,
                sarifJson(
                    driftSarif(report, {
                        baseline:
                            baseline && options.baseline !== undefined
                                ? {
                                      file: sourceFile(
                                          options.baseline,
                                          fs.readFileSync(options.baseline, "utf8"),
                                      ),
                                      content: baseline,
                                  }
                                : undefined,
                        expectations:
                            options.expect === undefined
                                ? undefined
                                : sourceFile(options.expect, fs.readFileSync(options.expect, "utf8")),
                    }),
                ),
            );
            break;
        default:
            await write(stdout, reportText(report, styles(useColour(stdout, env))));
    }
    return report.inSync ? 0 : 1;
}
