/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) logs of `alicloud-vpn drift` and
 * `alicloud-vpn audit`, for GitHub code scanning (`github/codeql-action/upload-sarif`) and other tools
 * that read SARIF. A pure function from findings to a log: the commands say which rules exist, what
 * each finding is, and where the agreement it contradicts is written.
 *
 * - One `result` per finding, with the rule's id and a `level` from the rule's severity
 *   (critical and high: `error`, medium: `warning`, low: `note`); rules also carry GitHub's
 *   `security-severity` so code scanning ranks them.
 * - A message with the connection, the path and the expected and actual values. Findings are made from
 *   non-secret outputs and secret *names* only, so no key reaches a log.
 * - A location in the committed file holding the agreement (baseline, expectation file, policy), at the
 *   line of the value when it can be found, and a logical location naming the connection and path.
 * - `partialFingerprints` from the rule, the connection id and the path only, so a rerun that finds the
 *   same thing updates the same alert, whatever the values or the line.
 *
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import type { PostureSeverity } from "../provider/posture";

/** The schema a log names: the OASIS Standard's, with Errata 01. */
export const SARIF_SCHEMA_URI =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** The key of the one partial fingerprint each result carries; bump the version if its inputs change. */
export const FINGERPRINT_KEY = "alicloudVpnFinding/v1";

/** A rule of a SARIF log. */
export interface SarifRuleInput {
    /** Its id, e.g. `drift/changed-value` or `posture/weak-encryption`. */
    id: string;
    /** A short title. */
    title: string;
    /** Its severity. */
    severity: PostureSeverity;
    /** Why it matters, in one line. */
    rationale: string;
    /** The source it follows, if any. */
    source?: string;
    /** Where to read more. */
    helpUri?: string;
}

/** One finding, before it becomes a result. */
export interface SarifFindingInput {
    /** The rule's id (one of the log's rules). */
    ruleId: string;
    /** The connection. */
    vpnConnectionId: string;
    /** Its region. */
    regionId: string;
    /** The output path; `""` for the whole connection. */
    path: string;
    /** One line naming the connection, the path and the values; never a key. */
    message: string;
    /** The committed file holding the agreement, and the line, when known. */
    location?: { uri: string; line?: number };
}

/** What a log is built from. */
export interface SarifLogInput {
    /** The tool's version. */
    toolVersion: string;
    /**
     * The run's category (`automationDetails.id`), distinct per command, so that code scanning keeps
     * the drift and the audit alerts apart, e.g. `alicloud-vpn/drift/`.
     */
    category: string;
    /** Every rule the run checks, in the order to list them. */
    rules: readonly SarifRuleInput[];
    /** The findings. */
    findings: readonly SarifFindingInput[];
    /** When the run ended, ISO 8601. */
    endTimeUtc?: string;
}

/** A SARIF 2.1.0 log, as far as this tool writes one. */
export interface SarifLog {
    /** {@link SARIF_SCHEMA_URI}. */
    $schema: string;
    /** `2.1.0`. */
    version: "2.1.0";
    /** One run. */
    runs: SarifRun[];
}

/** The run of a log. */
export interface SarifRun {
    /** The tool and its rules. */
    tool: {
        driver: {
            name: string;
            version: string;
            semanticVersion?: string;
            rules: SarifReportingDescriptor[];
        };
    };
    /** The category. */
    automationDetails: { id: string };
    /** How the run went. */
    invocations: { executionSuccessful: boolean; endTimeUtc?: string }[];
    /** The results. */
    results: SarifResult[];
}

/** A rule, as SARIF describes it. */
export interface SarifReportingDescriptor {
    id: string;
    name: string;
    shortDescription: { text: string };
    fullDescription: { text: string };
    help: { text: string; markdown: string };
    helpUri?: string;
    defaultConfiguration: { level: SarifLevel };
    properties: { tags: string[]; precision: string; "security-severity": string; severity: PostureSeverity };
}

/** A SARIF result level. */
export type SarifLevel = "error" | "warning" | "note";

/** One result. */
export interface SarifResult {
    ruleId: string;
    ruleIndex: number;
    level: SarifLevel;
    message: { text: string };
    locations: {
        physicalLocation?: {
            artifactLocation: { uri: string; uriBaseId: string };
            region?: { startLine: number };
        };
        logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
    }[];
    partialFingerprints: Record<string, string>;
    properties: { vpnConnectionId: string; regionId: string; path: string };
}

const LEVEL: Readonly<Record<PostureSeverity, SarifLevel>> = {
    critical: "error",
    high: "error",
    medium: "warning",
    low: "note",
};

/** GitHub code scanning's numeric severity (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low below). */
const SECURITY_SEVERITY: Readonly<Record<PostureSeverity, string>> = {
    critical: "9.5",
    high: "8.0",
    medium: "5.5",
    low: "2.5",
};

/**
 * The SARIF level of a severity.
 *
 * @param severity - a rule's severity.
 * @returns `error`, `warning` or `note`.
 */
export function sarifLevel(severity: PostureSeverity): SarifLevel {
    return LEVEL[severity];
}

/**
 * The partial fingerprint of a finding: SHA-256 over the rule id, the connection id and the path,
 * so that the same finding on a rerun matches the same alert whatever its values or line.
 *
 * @param ruleId - the rule.
 * @param vpnConnectionId - the connection.
 * @param outputPath - the output path.
 * @returns 64 hex digits.
 */
export function findingFingerprint(ruleId: string, vpnConnectionId: string, outputPath: string): string {
    return createHash("sha256").update(`${ruleId}\u0000${vpnConnectionId}\u0000${outputPath}`).digest("hex");
}

function pascal(id: string): string {
    return id
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w !== "")
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join("");
}

/**
 * Builds a SARIF 2.1.0 log with one run. Pure: the same input gives the same log.
 *
 * @param input - the rules, the findings and the run's details.
 * @returns the log.
 * @throws Error when a finding names a rule the input does not list (a bug, not bad input).
 */
export function buildSarifLog(input: SarifLogInput): SarifLog {
    const index = new Map(input.rules.map((r, i) => [r.id, i]));
    const rules: SarifReportingDescriptor[] = input.rules.map((r) => {
        const help = r.source ? `${r.rationale} Source: ${r.source}.` : r.rationale;
        return {
            id: r.id,
            name: pascal(r.id),
            shortDescription: { text: r.title },
            fullDescription: { text: r.rationale },
            help: { text: help, markdown: r.source ? `${r.rationale}\n\nSource: ${r.source}` : r.rationale },
            ...(r.helpUri ? { helpUri: r.helpUri } : {}),
            defaultConfiguration: { level: LEVEL[r.severity] },
            properties: {
                tags: ["security", "vpn", "alibaba-cloud"],
                precision: "very-high",
                "security-severity": SECURITY_SEVERITY[r.severity],
                severity: r.severity,
            },
        };
    });
    const results: SarifResult[] = input.findings.map((f) => {
        const ruleIndex = index.get(f.ruleId);
        if (ruleIndex === undefined) throw new Error(`SARIF: finding of unknown rule ${f.ruleId}`);
        const rule = input.rules[ruleIndex]!;
        const logical = {
            name: f.path === "" ? f.vpnConnectionId : f.path,
            fullyQualifiedName: `${f.regionId}/${f.vpnConnectionId}${f.path === "" ? "" : `/${f.path}`}`,
            kind: "resource",
        };
        return {
            ruleId: f.ruleId,
            ruleIndex,
            level: LEVEL[rule.severity],
            message: { text: f.message },
            locations: [
                {
                    ...(f.location
                        ? {
                              physicalLocation: {
                                  artifactLocation: { uri: f.location.uri, uriBaseId: "%SRCROOT%" },
                                  ...(f.location.line !== undefined
                                      ? { region: { startLine: f.location.line } }
                                      : {}),
                              },
                          }
                        : {}),
                    logicalLocations: [logical],
                },
            ],
            partialFingerprints: {
                [FINGERPRINT_KEY]: findingFingerprint(f.ruleId, f.vpnConnectionId, f.path),
            },
            properties: { vpnConnectionId: f.vpnConnectionId, regionId: f.regionId, path: f.path },
        };
    });
    const semver = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(input.toolVersion);
    return {
        $schema: SARIF_SCHEMA_URI,
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: "alicloud-vpn",
                        version: input.toolVersion,
                        ...(semver ? { semanticVersion: input.toolVersion } : {}),
                        rules,
                    },
                },
                automationDetails: { id: input.category },
                invocations: [
                    {
                        executionSuccessful: true,
                        ...(input.endTimeUtc ? { endTimeUtc: input.endTimeUtc } : {}),
                    },
                ],
                results,
            },
        ],
    };
}

/**
 * A log as the file the command writes: 2-space JSON and a final newline.
 *
 * @param log - the log.
 * @returns the text.
 */
export function sarifJson(log: SarifLog): string {
    return `${JSON.stringify(log, null, 2)}\n`;
}
