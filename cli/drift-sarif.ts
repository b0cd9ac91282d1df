/**
 * `alicloud-vpn drift --output sarif`: the drift report as a SARIF 2.1.0 log (see `sarif.ts`), each
 * result placed on the line of the baseline or expectation file that holds the value it contradicts.
 *
 * @packageDocumentation
 */
import { formatDriftValue } from "../provider/drift";
import type { Baseline } from "./baseline";
import type { DriftReport, ReportDrift } from "./report";
import { type SarifFindingInput, type SarifLog, type SarifRuleInput, buildSarifLog } from "./sarif";
import { type SourceFile, lineOf, pointerToken, pointersOf } from "./source-location";

/** The rules of a drift run: one per kind of finding. */
export const DRIFT_SARIF_RULES: readonly SarifRuleInput[] = Object.freeze([
    {
        id: "drift/changed-value",
        title: "Output changed since the baseline",
        severity: "medium",
        rationale:
            "A non-secret output differs from the baseline recorded with alicloud-vpn snapshot: the connection was changed outside the agreed process.",
        source: "the committed baseline",
    },
    {
        id: "drift/expectation-mismatch",
        title: "Output differs from the expectation",
        severity: "medium",
        rationale: "A non-secret output differs from what the committed expectation file says it must be.",
        source: "the committed expectation file",
    },
    {
        id: "drift/rotated-key",
        title: "Key rotated, added or removed",
        severity: "medium",
        rationale:
            "The salted fingerprint of a pre-shared or BGP key differs from the baseline's: the key was rotated, added or removed. Only the key's name is reported, never the key.",
        source: "the committed baseline",
    },
    {
        id: "drift/deleted-connection",
        title: "Connection deleted",
        severity: "high",
        rationale: "A connection of the baseline or the expectation file no longer exists.",
        source: "the committed baseline or expectation file",
    },
    {
        id: "drift/new-connection",
        title: "Connection not in the baseline",
        severity: "low",
        rationale:
            "A connection of the region (drift --all) is not in the baseline: it was created outside the agreed process.",
        source: "the committed baseline",
    },
] satisfies SarifRuleInput[]);

/** The committed files a drift run compared with. */
export interface DriftSources {
    /** The baseline, its file and its parsed content (for each connection's index). */
    baseline?: { file: SourceFile; content: Baseline };
    /** The expectation file. */
    expectations?: SourceFile;
}

function describe(d: ReportDrift): string {
    if (d.kind === "secret") {
        const what = d.change === "changed" ? "fingerprint changed (key rotated)" : `key ${d.change}`;
        return `${d.path}: ${what}`;
    }
    return `${d.path}: expected ${formatDriftValue(d.expected)}, got ${formatDriftValue(d.actual)}`;
}

/**
 * The drift report as a SARIF log.
 *
 * @param report - the report of the run.
 * @param sources - the files it compared with.
 * @returns the log, category `alicloud-vpn/drift/`.
 */
export function driftSarif(report: DriftReport, sources: DriftSources): SarifLog {
    const baselineIndex = new Map(
        sources.baseline?.content.connections.map((c, i) => [c.vpnConnectionId, i]) ?? [],
    );
    const findings: SarifFindingInput[] = [];
    const inBaseline = (id: string, pointers: (base: string) => string[]): SarifFindingInput["location"] => {
        const b = sources.baseline;
        const i = baselineIndex.get(id);
        if (b === undefined) return undefined;
        return {
            uri: b.file.uri,
            line: lineOf(b.file, i === undefined ? ["/connections"] : pointers(`/connections/${i}`)),
        };
    };
    const inExpectations = (id: string, outputPath: string): SarifFindingInput["location"] => {
        const e = sources.expectations;
        if (e === undefined) return undefined;
        const own = `/connections/${pointerToken(id)}`;
        const shared = "/connections/*";
        const pointers = [
            ...pointersOf(own, outputPath).slice(0, -1),
            ...pointersOf(shared, outputPath).slice(0, -1),
            own,
            shared,
            "/connections",
        ];
        return { uri: e.uri, line: lineOf(e, pointers) };
    };
    for (const c of report.connections) {
        const who = `${c.vpnConnectionId}${c.name ? ` (${c.name}, ${c.regionId})` : ` (${c.regionId})`}`;
        const base = { vpnConnectionId: c.vpnConnectionId, regionId: c.regionId };
        if (c.result === "deleted") {
            findings.push({
                ...base,
                ruleId: "drift/deleted-connection",
                path: "",
                message: `${who}: deleted: in the ${baselineIndex.has(c.vpnConnectionId) ? "baseline" : "expectation file"}, not found`,
                location: baselineIndex.has(c.vpnConnectionId)
                    ? inBaseline(c.vpnConnectionId, (p) => [p])
                    : inExpectations(c.vpnConnectionId, ""),
            });
            continue;
        }
        if (c.result === "new") {
            findings.push({
                ...base,
                ruleId: "drift/new-connection",
                path: "",
                message: `${who}: new: found in the region, not in the baseline`,
                location: inBaseline(c.vpnConnectionId, () => ["/connections"]),
            });
            continue;
        }
        for (const d of c.drift) {
            if (d.kind === "secret") {
                findings.push({
                    ...base,
                    ruleId: "drift/rotated-key",
                    path: d.path,
                    message: `${who}: ${describe(d)} [baseline]`,
                    location: inBaseline(c.vpnConnectionId, (p) =>
                        pointersOf(`${p}/secrets`, d.path).concat(p),
                    ),
                });
            } else if (d.source === "baseline") {
                findings.push({
                    ...base,
                    ruleId: "drift/changed-value",
                    path: d.path,
                    message: `${who}: ${describe(d)} [baseline]`,
                    location: inBaseline(c.vpnConnectionId, (p) =>
                        pointersOf(`${p}/connection`, d.path).concat(p),
                    ),
                });
            } else {
                findings.push({
                    ...base,
                    ruleId: "drift/expectation-mismatch",
                    path: d.path,
                    message: `${who}: ${describe(d)} [expectation]`,
                    location: inExpectations(c.vpnConnectionId, d.path),
                });
            }
        }
    }
    return buildSarifLog({
        toolVersion: report.toolVersion,
        category: "alicloud-vpn/drift/",
        rules: DRIFT_SARIF_RULES,
        findings,
        endTimeUtc: report.checkedAt,
    });
}
