/**
 * The drift report of `alicloud-vpn drift`: its data (version 1 of the schema committed as
 * `cli/drift-report.schema.json`) and its three renderings: readable text, JSON, and Markdown for a CI
 * job summary. A report holds output values and secret *names*, never a secret value: secrets appear
 * only as "fingerprint changed", "added" or "removed".
 *
 * @packageDocumentation
 */
import { type SecretChangeKind, formatDriftValue } from "../provider/drift";
import type { Styles } from "./terminal";

/** The report format this version writes. */
export const REPORT_SCHEMA_VERSION = 1;

/** A changed non-secret output. `expected`/`actual` are `null` for "absent" (or "not expected"). */
export interface ValueDrift {
    /** Discriminator. */
    kind: "value";
    /** What it was compared with. */
    source: "baseline" | "expectation";
    /** The output's path, e.g. `ikeConfig.ikeEncAlg`. */
    path: string;
    /** The value expected; `null` when absent from the baseline, or expected absent. */
    expected: unknown;
    /** The live value; `null` when absent. */
    actual: unknown;
}

/** A changed secret, by name only. */
export interface SecretDrift {
    /** Discriminator. */
    kind: "secret";
    /** Secrets are compared with a baseline only. */
    source: "baseline";
    /** `psk`, `bgpAuthKey` or `tunnelPsks.<tunnelId>`. */
    path: string;
    /** `changed` (rotated: the fingerprint differs), `added`, `removed`. */
    change: SecretChangeKind;
}

/** One difference. */
export type ReportDrift = ValueDrift | SecretDrift;

/** The result for one connection. */
export type ConnectionResult = "in-sync" | "drifted" | "deleted" | "new";

/** One connection of the report. */
export interface ConnectionReport {
    /** The connection id. */
    vpnConnectionId: string;
    /** Its region. */
    regionId: string;
    /** Its name, when known. */
    name?: string;
    /**
     * `in-sync`; `drifted` (see `drift`); `deleted` (in the baseline or expectations, not found);
     * `new` (found by `--all`, not in the baseline).
     */
    result: ConnectionResult;
    /** The differences, empty unless `drifted`. */
    drift: ReportDrift[];
}

/** The whole report. */
export interface DriftReport {
    /** {@link REPORT_SCHEMA_VERSION}. */
    schemaVersion: typeof REPORT_SCHEMA_VERSION;
    /** `true` when every connection is in sync (exit status 0). */
    inSync: boolean;
    /** When the live state was read, ISO 8601. */
    checkedAt: string;
    /** The version of alicloud-vpn that wrote it. */
    toolVersion: string;
    /** The baseline compared with, if any. */
    baseline: { createdAt: string; connections: number } | null;
    /** Whether an expectation file was used. */
    expectations: boolean;
    /** Whether new and deleted connections were looked for (`--all`). */
    all: boolean;
    /** The paths left out (`--ignore`). */
    ignored: string[];
    /** Counts by result. */
    summary: { checked: number; inSync: number; drifted: number; deleted: number; new: number };
    /** Every connection checked, by id. */
    connections: ConnectionReport[];
}

/**
 * Assembles a report from per-connection results.
 *
 * @param connections - the results.
 * @param meta - the rest of the report.
 * @returns the report, connections sorted by id, `inSync` and `summary` computed.
 */
export function buildReport(
    connections: ConnectionReport[],
    meta: Omit<DriftReport, "schemaVersion" | "inSync" | "summary" | "connections">,
): DriftReport {
    const sorted = [...connections].sort((a, b) =>
        a.vpnConnectionId < b.vpnConnectionId ? -1 : a.vpnConnectionId > b.vpnConnectionId ? 1 : 0,
    );
    const count = (r: ConnectionResult): number => sorted.filter((c) => c.result === r).length;
    const summary = {
        checked: sorted.length,
        inSync: count("in-sync"),
        drifted: count("drifted"),
        deleted: count("deleted"),
        new: count("new"),
    };
    return {
        schemaVersion: REPORT_SCHEMA_VERSION,
        inSync: summary.inSync === summary.checked,
        checkedAt: meta.checkedAt,
        toolVersion: meta.toolVersion,
        baseline: meta.baseline,
        expectations: meta.expectations,
        all: meta.all,
        ignored: meta.ignored,
        summary,
        connections: sorted,
    };
}

/**
 * The report as JSON: `undefined` values (absent outputs) become `null`.
 *
 * @param report - the report.
 * @returns 2-space JSON with a final newline.
 */
export function reportJson(report: DriftReport): string {
    return `${JSON.stringify(report, (_key, value: unknown) => (value === undefined ? null : value), 2)}\n`;
}

function describeDrift(d: ReportDrift): string {
    if (d.kind === "secret") {
        const what = d.change === "changed" ? "fingerprint changed" : d.change;
        return `${d.path}: ${what}`;
    }
    return `${d.path}: expected ${formatDriftValue(d.expected)}, got ${formatDriftValue(d.actual)}`;
}

function resultWord(result: ConnectionResult, s: Styles): string {
    switch (result) {
        case "in-sync":
            return s.good("in sync");
        case "drifted":
            return s.bad("drifted");
        case "deleted":
            return s.bad("deleted (not found)");
        case "new":
            return s.warn("new (not in the baseline)");
    }
}

function headline(report: DriftReport): string {
    const { summary } = report;
    if (report.inSync) {
        return `In sync: ${summary.checked} connection${summary.checked === 1 ? "" : "s"} checked.`;
    }
    const parts = [
        summary.drifted ? `${summary.drifted} drifted` : "",
        summary.deleted ? `${summary.deleted} deleted` : "",
        summary.new ? `${summary.new} new` : "",
    ].filter((p) => p !== "");
    const off = summary.checked - summary.inSync;
    return `Drift: ${off} of ${summary.checked} connection${summary.checked === 1 ? "" : "s"} (${parts.join(", ")}).`;
}

/**
 * The readable report: one line per connection, one indented line per difference, then a summary.
 *
 * @param report - the report.
 * @param s - styles (colour on a terminal).
 * @returns the text.
 */
export function reportText(report: DriftReport, s: Styles): string {
    const lines: string[] = [];
    for (const c of report.connections) {
        const name = c.name ? ` ${c.name}` : "";
        lines.push(`${s.bold(c.vpnConnectionId)}${name} (${c.regionId}): ${resultWord(c.result, s)}`);
        for (const d of c.drift) lines.push(`  ${describeDrift(d)} ${s.dim(`[${d.source}]`)}`);
    }
    if (lines.length > 0) lines.push("");
    lines.push(report.inSync ? s.good(headline(report)) : s.bad(headline(report)));
    return `${lines.join("\n")}\n`;
}

/** Escapes text for a Markdown table cell. */
export function markdownCell(text: string): string {
    return text
        .replace(/\r?\n/g, " ")
        .replace(/[\\`*_[\]<>|#&]/g, (c) =>
            c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : `\\${c}`,
        );
}

/** Text as inline code in a Markdown table cell. */
export function markdownCode(text: string): string {
    const flat = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
    return flat.includes("`") ? `\`\` ${flat} \`\`` : `\`${flat}\``;
}

/**
 * The report in Markdown, for a CI job summary (e.g. `>> "$GITHUB_STEP_SUMMARY"`): a headline, a table
 * of connections, and a table of differences for each connection that drifted.
 *
 * @param report - the report.
 * @returns the Markdown.
 */
export function reportMarkdown(report: DriftReport): string {
    const out: string[] = [
        `## VPN connection drift: ${report.inSync ? "in sync" : "drift found"}`,
        "",
        headline(report),
        "",
    ];
    if (report.connections.length > 0) {
        out.push("| Connection | Name | Region | Result |", "| --- | --- | --- | --- |");
        for (const c of report.connections) {
            out.push(
                `| ${markdownCode(c.vpnConnectionId)} | ${markdownCell(c.name ?? "")} | ${c.regionId} | ${resultWord(c.result, plainStyles)} |`,
            );
        }
    }
    for (const c of report.connections) {
        if (c.drift.length === 0) continue;
        out.push("", `### ${markdownCode(c.vpnConnectionId)} ${markdownCell(c.name ?? "")}`.trimEnd(), "");
        out.push("| Path | Expected | Actual | Compared with |", "| --- | --- | --- | --- |");
        for (const d of c.drift) {
            if (d.kind === "secret") {
                const what = d.change === "changed" ? "fingerprint changed" : d.change;
                out.push(`| ${markdownCode(d.path)} | (secret) | ${what} | ${d.source} |`);
            } else {
                const cell = (v: unknown): string =>
                    v === undefined || v === null ? "absent" : markdownCode(formatDriftValue(v));
                out.push(
                    `| ${markdownCode(d.path)} | ${cell(d.expected)} | ${cell(d.actual)} | ${d.source} |`,
                );
            }
        }
    }
    if (report.ignored.length > 0) out.push("", `Ignored: ${report.ignored.map(markdownCode).join(", ")}`);
    return `${out.join("\n")}\n`;
}

const plainStyles: Styles = {
    bad: (t) => t,
    good: (t) => t,
    warn: (t) => t,
    dim: (t) => t,
    bold: (t) => t,
};
