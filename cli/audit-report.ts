/**
 * The report of `alicloud-vpn audit`: its data (version 1 of the schema committed as
 * `cli/audit-report.schema.json`) and its renderings: readable text, JSON, Markdown for a CI job
 * summary, and SARIF for code scanning. A report holds non-secret output values only: posture rules
 * never read keys.
 *
 * @packageDocumentation
 */
import {
    type PostureFinding,
    type PosturePolicy,
    type PostureSeverity,
    POSTURE_SEVERITIES,
} from "../provider/posture";
import type { Styles } from "./terminal";
import { markdownCell, markdownCode } from "./report";
import { terminalSafe } from "./terminal-safe";
import { type SarifFindingInput, type SarifLog, buildSarifLog } from "./sarif";
import { type SourceFile, lineOf, pointerToken } from "./source-location";

/** The report format this version writes. */
export const AUDIT_REPORT_SCHEMA_VERSION = 1;

/** `--fail-on`: the least severity that fails the audit, or `none` to never fail on findings. */
export type FailOn = PostureSeverity | "none";

/** The choices of `--fail-on`. */
export const FAIL_ON_CHOICES: readonly FailOn[] = [...POSTURE_SEVERITIES, "none"];

/** One connection audited. */
export interface AuditConnectionReport {
    /** The connection id. */
    vpnConnectionId: string;
    /** Its region. */
    regionId: string;
    /** Its name, when it has one. */
    name?: string;
    /** What it breaks, most severe first. */
    findings: PostureFinding[];
}

/** The whole report. */
export interface AuditReport {
    /** {@link AUDIT_REPORT_SCHEMA_VERSION}. */
    schemaVersion: typeof AUDIT_REPORT_SCHEMA_VERSION;
    /** `alicloud-vpn/audit-report`. */
    kind: "alicloud-vpn/audit-report";
    /** `true` when no finding is at or above `failOn` (exit status 0). */
    passed: boolean;
    /** When the connections were read, ISO 8601. */
    checkedAt: string;
    /** The version of alicloud-vpn that wrote it. */
    toolVersion: string;
    /** The policy applied. */
    policy: {
        name: string;
        file: string | null;
        rules: { id: string; title: string; severity: PostureSeverity; builtIn: boolean; source: string }[];
    };
    /** The least severity that fails the audit. */
    failOn: FailOn;
    /** Counts. */
    summary: {
        connections: number;
        withFindings: number;
        findings: number;
        critical: number;
        high: number;
        medium: number;
        low: number;
    };
    /** Every connection audited, by id. */
    connections: AuditConnectionReport[];
}

function rank(s: PostureSeverity): number {
    return POSTURE_SEVERITIES.indexOf(s);
}

/**
 * Assembles a report.
 *
 * @param connections - the connections and their findings.
 * @param meta - the policy, its file, `--fail-on`, the time and the version.
 * @returns the report: connections by id, findings most severe first, `passed` and counts computed.
 */
export function buildAuditReport(
    connections: AuditConnectionReport[],
    meta: {
        policy: PosturePolicy;
        policyFile: string | null;
        failOn: FailOn;
        checkedAt: string;
        toolVersion: string;
    },
): AuditReport {
    const sorted = connections
        .map((c) => ({
            ...c,
            findings: c.findings
                .map((f, i) => ({ f, i }))
                .sort((a, b) => rank(b.f.severity) - rank(a.f.severity) || a.i - b.i)
                .map(({ f }) => f),
        }))
        .sort((a, b) =>
            a.vpnConnectionId < b.vpnConnectionId ? -1 : a.vpnConnectionId > b.vpnConnectionId ? 1 : 0,
        );
    const all = sorted.flatMap((c) => c.findings);
    const count = (s: PostureSeverity): number => all.filter((f) => f.severity === s).length;
    const failing =
        meta.failOn === "none"
            ? []
            : all.filter((f) => rank(f.severity) >= rank(meta.failOn as PostureSeverity));
    return {
        schemaVersion: AUDIT_REPORT_SCHEMA_VERSION,
        kind: "alicloud-vpn/audit-report",
        passed: failing.length === 0,
        checkedAt: meta.checkedAt,
        toolVersion: meta.toolVersion,
        policy: {
            name: meta.policy.name,
            file: meta.policyFile,
            rules: meta.policy.rules.map((r) => ({
                id: r.id,
                title: r.title,
                severity: r.severity,
                builtIn: r.builtIn,
                source: r.source,
            })),
        },
        failOn: meta.failOn,
        summary: {
            connections: sorted.length,
            withFindings: sorted.filter((c) => c.findings.length > 0).length,
            findings: all.length,
            critical: count("critical"),
            high: count("high"),
            medium: count("medium"),
            low: count("low"),
        },
        connections: sorted,
    };
}

/**
 * The report as JSON.
 *
 * @param report - the report.
 * @returns 2-space JSON with a final newline.
 */
export function auditJson(report: AuditReport): string {
    return `${JSON.stringify(report, (_key, value: unknown) => (value === undefined ? null : value), 2)}\n`;
}

function headline(report: AuditReport): string {
    const { summary } = report;
    const n = (k: number, word: string): string => `${k} ${word}${k === 1 ? "" : "s"}`;
    const bySeverity = (["critical", "high", "medium", "low"] as const)
        .filter((s) => summary[s] > 0)
        .map((s) => `${summary[s]} ${s}`)
        .join(", ");
    const found =
        summary.findings === 0
            ? "no finding"
            : `${n(summary.findings, "finding")} (${bySeverity}) on ${n(summary.withFindings, "connection")}`;
    const gate = report.failOn === "none" ? "findings never fail" : `failing at ${report.failOn} or above`;
    return `${report.passed ? "Passed" : "Failed"}: ${n(summary.connections, "connection")} audited with policy ${report.policy.name}: ${found}; ${gate}.`;
}

function severityStyle(s: PostureSeverity, st: Styles): string {
    const label = s.padEnd(8);
    return s === "critical" || s === "high" ? st.bad(label) : s === "medium" ? st.warn(label) : st.dim(label);
}

/**
 * The readable report: a line per connection, an indented line per finding, then a summary.
 *
 * @param report - the report.
 * @param s - styles.
 * @returns the text.
 */
export function auditText(report: AuditReport, s: Styles): string {
    const lines: string[] = [];
    for (const c of report.connections) {
        const name = c.name ? ` ${terminalSafe(c.name)}` : "";
        const verdict =
            c.findings.length === 0
                ? s.good("passes")
                : `${c.findings.length} finding${c.findings.length === 1 ? "" : "s"}`;
        // Names, messages (which quote the API's values) and ids are data: no control character reaches
        // the terminal, as in every other text view.
        lines.push(
            `${s.bold(terminalSafe(c.vpnConnectionId))}${name} (${terminalSafe(c.regionId)}): ${verdict}`,
        );
        for (const f of c.findings) {
            const rule = terminalSafe(f.ruleId);
            lines.push(`  ${severityStyle(f.severity, s)}${terminalSafe(f.message)} ${s.dim(`[${rule}]`)}`);
        }
    }
    if (lines.length > 0) lines.push("");
    lines.push(report.passed ? s.good(headline(report)) : s.bad(headline(report)));
    return `${lines.join("\n")}\n`;
}

/**
 * The report in Markdown, for a CI job summary.
 *
 * @param report - the report.
 * @returns the Markdown.
 */
export function auditMarkdown(report: AuditReport): string {
    const out: string[] = [
        `## VPN crypto posture: ${report.passed ? "passed" : "failed"}`,
        "",
        headline(report),
        "",
    ];
    if (report.connections.length > 0) {
        out.push("| Connection | Name | Region | Findings |", "| --- | --- | --- | --- |");
        for (const c of report.connections) {
            out.push(
                `| ${markdownCode(c.vpnConnectionId)} | ${markdownCell(c.name ?? "")} | ${markdownCell(c.regionId)} | ${c.findings.length} |`,
            );
        }
    }
    for (const c of report.connections) {
        if (c.findings.length === 0) continue;
        out.push("", `### ${markdownCode(c.vpnConnectionId)} ${markdownCell(c.name ?? "")}`.trimEnd(), "");
        out.push("| Severity | Rule | Path | Expected | Actual |", "| --- | --- | --- | --- | --- |");
        for (const f of c.findings) {
            out.push(
                `| ${f.severity} | ${markdownCell(f.title)} (${markdownCode(f.ruleId)}) | ${markdownCode(f.path)} | ${markdownCell(f.expected)} | ${markdownCode(JSON.stringify(f.actual))} |`,
            );
        }
    }
    return `${out.join("\n")}\n`;
}

/** The policy file of an audit, for SARIF locations. */
export interface AuditSources {
    /** The policy file and its document (to find each rule's entry); absent for the built-in policy. */
    policy?: { file: SourceFile; document: unknown };
}

/**
 * The report as a SARIF log: one rule per rule of the policy (id `posture/<id>`), one result per
 * finding, placed in the policy file at the rule's entry (or at the top when the file leaves the rule
 * as `recommended` has it). With the built-in policy there is no committed file: results carry only
 * their logical location (commit a policy file, even one line extending `recommended`, for code
 * scanning to place them).
 *
 * @param report - the report.
 * @param policy - the policy applied.
 * @param sources - the policy file.
 * @returns the log, category `alicloud-vpn/audit/`.
 */
export function auditSarif(report: AuditReport, policy: PosturePolicy, sources: AuditSources): SarifLog {
    const doc = sources.policy?.document as { custom?: unknown } | undefined;
    const customIndex = new Map<string, number>();
    if (doc && Array.isArray(doc.custom)) {
        doc.custom.forEach((c: unknown, i) => {
            const id = (c as { id?: unknown } | null)?.id;
            if (typeof id === "string") customIndex.set(id, i);
        });
    }
    const locate = (ruleId: string): SarifFindingInput["location"] => {
        const p = sources.policy;
        if (p === undefined) return undefined;
        const i = customIndex.get(ruleId);
        const pointers = i !== undefined ? [`/custom/${i}`] : [`/rules/${pointerToken(ruleId)}`, "/extends"];
        return { uri: p.file.uri, line: lineOf(p.file, pointers) };
    };
    const findings: SarifFindingInput[] = report.connections.flatMap((c) =>
        c.findings.map((f) => ({
            ruleId: `posture/${f.ruleId}`,
            vpnConnectionId: c.vpnConnectionId,
            regionId: c.regionId,
            path: f.path,
            message: `${c.vpnConnectionId}${c.name ? ` (${c.name}, ${c.regionId})` : ` (${c.regionId})`}: ${f.message} [policy ${report.policy.name}]`,
            location: locate(f.ruleId),
        })),
    );
    return buildSarifLog({
        toolVersion: report.toolVersion,
        category: "alicloud-vpn/audit/",
        rules: policy.rules.map((r) => ({
            id: `posture/${r.id}`,
            title: r.title,
            severity: r.severity,
            rationale: r.rationale,
            source: r.source,
            helpUri: r.sourceUri,
        })),
        findings,
        endTimeUtc: report.checkedAt,
    });
}
