/**
 * `alicloud-vpn audit <id>... | --all [--policy recommended|<file>] [--fail-on <severity>]`: reads
 * connections and checks their crypto against a posture policy (see `provider/posture`). Exit status 0
 * when no finding is at or above `--fail-on`, 1 when one is, 2 on error (a connection named that does
 * not exist included).
 *
 * @packageDocumentation
 */
import type { VpnConnectionRecord } from "../../sdk/types";
import { FileReadRefusedError, readRegularFile } from "../../provider/bounded-file";
import { VpcInvalidInputError, VpcNotFoundError } from "../../provider/errors";
import {
    POSTURE_SEVERITIES,
    type PosturePolicy,
    RECOMMENDED_POLICY,
    auditConnection,
    recommendedPolicy,
    validatePosturePolicy,
} from "../../provider/posture";
import { quoteValue } from "../../provider/redact";
import {
    type AuditReport,
    FAIL_ON_CHOICES,
    type FailOn,
    auditJson,
    auditMarkdown,
    auditSarif,
    auditText,
    buildAuditReport,
} from "../audit-report";
import {
    type CommandContext,
    type ListFilters,
    checkSelection,
    commandRegion,
    listAllConnections,
    readConnections,
} from "../context";
import { EXIT } from "../exit";
import { jsonProblem, shownPath } from "../files";
import { sarifJson } from "../sarif";
import { type SourceFile, sourceFile } from "../source-location";
import { packageVersion } from "../version";
import { type Views, show } from "../views";

/** Largest policy file read: a policy is a few kilobytes; anything near this is not one. */
export const MAX_POLICY_BYTES = 1024 * 1024;

/** What `audit` found: the report, the policy applied, and its file (for SARIF locations). */
export interface AuditOutcome {
    /** The report. */
    report: AuditReport;
    /** The policy and its file. */
    loaded: LoadedPolicy;
}

/** The views of `audit`'s report, by `--output` format. */
export const AUDIT_VIEWS: Views<AuditOutcome> = {
    text: ({ report }, s) => auditText(report, s),
    json: ({ report }) => auditJson(report),
    markdown: ({ report }) => auditMarkdown(report),
    sarif: ({ report, loaded }) =>
        sarifJson(
            auditSarif(report, loaded.policy, {
                policy: loaded.source && { file: loaded.source.file, document: loaded.source.document },
            }),
        ),
};

/** The flags of `audit`. */
export interface AuditOptions extends ListFilters {
    /** Every connection of the region (matching the filters). */
    all?: boolean;
    /** `recommended` or a policy file. @default "recommended" */
    policy?: string;
    /** The least severity that fails the audit. @default "low" */
    failOn?: string;
}

/** A policy read for a run: the policy, and its file when it came from one. */
export interface LoadedPolicy {
    /** The checked policy. */
    policy: PosturePolicy;
    /** The file, its text and its parsed document, for reports and SARIF locations. */
    source?: { path: string; file: SourceFile; document: unknown };
}

/**
 * Reads `--policy`: the built-in `recommended`, or a policy file, checked before any connection is read.
 *
 * @param given - the flag's value.
 * @returns the policy.
 * @throws VpcInvalidInputError (argument `--policy`) when the file cannot be read or is not a valid policy.
 */
export function loadPolicy(given: string | undefined): LoadedPolicy {
    if (given === undefined || given === RECOMMENDED_POLICY) return { policy: recommendedPolicy() };
    let text: string;
    try {
        text = readRegularFile(given, MAX_POLICY_BYTES);
    } catch (e) {
        if (!(e instanceof FileReadRefusedError)) throw e;
        throw new VpcInvalidInputError(
            "--policy",
            `cannot read ${shownPath(given)}: ${e.reason} (give a policy file, or "${RECOMMENDED_POLICY}" for the built-in policy)`,
        );
    }
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (e) {
        throw new VpcInvalidInputError("--policy", `${shownPath(given)}: ${jsonProblem(e)}`);
    }
    let policy: PosturePolicy;
    try {
        policy = validatePosturePolicy(document, given, "");
    } catch (e) {
        if (!(e instanceof VpcInvalidInputError)) throw e;
        throw new VpcInvalidInputError("--policy", `${shownPath(given)}: ${e.argument}: ${e.problem}`);
    }
    return { policy, source: { path: given, file: sourceFile(given, text), document } };
}

/**
 * Checks `--fail-on`.
 *
 * @param given - the flag's value.
 * @returns the threshold. @default "low": any finding fails
 * @throws VpcInvalidInputError naming the choices.
 */
export function checkFailOn(given: string | undefined): FailOn {
    if (given === undefined) return "low";
    if ((FAIL_ON_CHOICES as readonly string[]).includes(given)) return given as FailOn;
    throw new VpcInvalidInputError(
        "--fail-on",
        `expected ${POSTURE_SEVERITIES.join(", ")} or none, got ${quoteValue(given)}`,
    );
}

/**
 * Runs the audit and prints the report.
 *
 * @param ids - connection ids (or none, with `--all`).
 * @param options - the flags.
 * @param ctx - the common flags and streams.
 * @returns {@link EXIT}.ok when no finding is at or above `--fail-on`, exit status 1 when one is.
 * @throws VpcError when a flag or the policy is not valid or a read fails (exit status 2).
 */
export async function auditCommand(
    ids: string[],
    options: AuditOptions,
    ctx: CommandContext,
): Promise<number> {
    const { ids: unique, filters: checked } = checkSelection(ids, options);
    const failOn = checkFailOn(options.failOn);
    const loaded = loadPolicy(options.policy);
    const regionId = commandRegion(ctx);
    const checkedAt = new Date().toISOString();

    let records: VpnConnectionRecord[];
    if (options.all) {
        // The list API leaves out a few fields, none of which a crypto rule reads; read each by id
        // anyway so that the audit sees what describe shows.
        const listed = await listAllConnections(ctx.client, regionId, checked);
        const read = await readConnections(
            ctx,
            listed.map((r) => ({ vpnConnectionId: r.connection.vpnConnectionId, regionId })),
            async (t) => {
                try {
                    return await ctx.client.describeVpnConnection(t.vpnConnectionId, {
                        regionId: t.regionId,
                    });
                } catch (e) {
                    // Listed, then deleted before it was read: no longer part of the region.
                    if (e instanceof VpcNotFoundError) return undefined;
                    throw e;
                }
            },
        );
        records = read.filter((r): r is VpnConnectionRecord => r !== undefined);
    } else {
        const read = await readConnections(
            ctx,
            unique.map((vpnConnectionId) => ({ vpnConnectionId, regionId })),
        );
        records = read.filter((r): r is VpnConnectionRecord => r !== undefined);
    }

    const report: AuditReport = buildAuditReport(
        records.map((r) => ({
            vpnConnectionId: r.connection.vpnConnectionId,
            regionId: r.connection.regionId,
            name: r.connection.name,
            // The rules see the non-secret model only.
            findings: auditConnection(r.connection, loaded.policy),
        })),
        {
            policy: loaded.policy,
            policyFile: loaded.source?.file.uri ?? null,
            failOn,
            checkedAt,
            toolVersion: packageVersion(),
        },
    );
    await show(AUDIT_VIEWS, ctx.options.output, { report, loaded }, ctx.terminal);
    return report.passed ? EXIT.ok : EXIT.drift;
}
