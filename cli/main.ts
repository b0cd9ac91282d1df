#!/usr/bin/env node
/**
 * The `alicloud-vpn` command: describe, list, snapshot and check for drift the IPsec VPN connections of
 * Alibaba Cloud, in pipelines with or without Pulumi. It reads through the same client as the Pulumi
 * provider: the same credential chain, region and endpoint variables, timeouts and retries.
 *
 * Exit status: 0 success (in sync, audit passed), 1 drift or failing audit findings, 2 error (a
 * one-line message on stderr).
 *
 * @packageDocumentation
 */
import { Command, CommanderError, Option } from "commander";
import { VpcError } from "../provider/errors";
import { terminalSafe } from "./terminal-safe";
import { closeIdleConnections } from "../provider/transport";
import { type CommandContext, type CommonOptions, type ListFilters, commandContext } from "./context";
import { FAIL_ON_CHOICES } from "./audit-report";
import { AUDIT_VIEWS, type AuditOptions, auditCommand } from "./commands/audit";
import { DESCRIBE_VIEWS, describeCommand } from "./commands/describe";
import { DRIFT_VIEWS, type DriftOptions, driftCommand } from "./commands/drift";
import { LIST_VIEWS, listCommand } from "./commands/list";
import { SNAPSHOT_VIEWS, type SnapshotOptions, snapshotCommand } from "./commands/snapshot";
import { EXIT } from "./exit";
import { type Terminal, write } from "./terminal";
import { packageVersion } from "./version";
import { DEFAULT_OUTPUT_FORMAT, type Views, outputFormats } from "./views";

export { EXIT } from "./exit";

const MAIN_HELP = `
Exit status: 0 success (drift: in sync; audit: passed), 1 drift found or audit failed, 2 error.

Credentials, region and endpoint are found as the Pulumi provider finds them: ALIBABA_CLOUD_ACCESS_KEY_ID
and ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN), the legacy ALICLOUD_* variables,
--profile or ALIBABA_CLOUD_PROFILE, then OIDC/RRSA, ~/.aliyun/config.json, ~/.alibabacloud/credentials,
the ECS RAM role, ALIBABA_CLOUD_CREDENTIALS_URI. Region: --region, ALIBABA_CLOUD_REGION_ID,
ALIBABA_CLOUD_REGION, ALICLOUD_REGION. Endpoint: --endpoint, ALIBABA_CLOUD_ENDPOINT_VPC, the region's.

Examples:
  alicloud-vpn describe vco-bp1bbi27hojx80nck0001 --region cn-hangzhou
  alicloud-vpn list --region cn-hangzhou --name-regex '^prod-'
  alicloud-vpn snapshot --all --region cn-hangzhou --out baseline.json
  alicloud-vpn drift --baseline baseline.json --all --output markdown >> "$GITHUB_STEP_SUMMARY"
  alicloud-vpn audit --all --region cn-hangzhou --policy recommended --fail-on high
  alicloud-vpn audit --all --policy vpn-policy.json --output sarif > audit.sarif`;

const DRIFT_HELP = `
Compares the live connections with a baseline of \`alicloud-vpn snapshot\` (every non-secret output
except runtime status, and a fingerprint of each key: a rotated key is "fingerprint changed") and/or
an expectation file ({"connections": {"<id>" or "*": <deep partial of the outputs>}}).

--ignore takes output paths: ikeConfig.ikeEncAlg, tags.owner, tags (every tag), tunnelOptions[*].status,
psk. Runtime status (status, state, health-check and BGP status) is never compared with a baseline;
name it in an expectation to check it.

With --all the region is read from the pages of DescribeVpnConnections: ceil(M/50) calls for M
connections, pre-shared keys and BGP keys included; zoneNo and vpnBgpConfig.enableBgp are not in
those pages and are not compared (the report says so). --full-read reads each connection by id too:
M more calls of the quota, every output compared.

Exit status: 0 in sync, 1 drift (changed, deleted, or with --all new connections), 2 error.
--output json follows cli/drift-report.schema.json (schemaVersion 1). --output sarif writes a SARIF
2.1.0 log for code scanning: one result per finding, placed on the line of the baseline or expectation
file that holds the agreed value.`;

const AUDIT_HELP = `
Checks the crypto of each connection (and of each tunnel of a dual-tunnel connection) against a posture
policy: the built-in "recommended" (IKEv2 rather than IKEv1 aggressive mode, no DES/3DES, no MD5/SHA-1,
DH group 14 or stronger, PFS, DPD, SA lifetimes within bounds; sources: NIST SP 800-77 Rev. 1, the DISA
VPN SRG, Alibaba Cloud's documented algorithm choices) or a policy file (cli/posture-policy.schema.json)
that changes severities and bounds, turns rules off, ignores paths and adds rules of its own. Rules
never read a key.

Exit status: 0 no finding at or above --fail-on (default: low, any finding), 1 one is, 2 error.
--output json follows cli/audit-report.schema.json (schemaVersion 1); --output sarif writes a SARIF
2.1.0 log placed in the policy file (commit one, even one that only extends "recommended", for code
scanning to show the results).`;

const FULL_READ_HELP =
    "with --all: read each connection by id too (one more call per connection) to compare zoneNo and vpnBgpConfig.enableBgp, which the list API leaves out";

function addCommonOptions(cmd: Command, views: Views<never>): Command {
    return cmd
        .option(
            "--region <id>",
            "region, e.g. cn-hangzhou (default: ALIBABA_CLOUD_REGION_ID, ALIBABA_CLOUD_REGION, ALICLOUD_REGION)",
        )
        .option(
            "--endpoint <url>",
            "VPC API endpoint (default: ALIBABA_CLOUD_ENDPOINT_VPC, then the region's)",
        )
        .option(
            "--profile <name>",
            "credentials profile of ~/.aliyun/config.json or ~/.alibabacloud/credentials",
        )
        .addOption(
            new Option("--output <format>", "output format")
                .choices(outputFormats(views))
                .default(DEFAULT_OUTPUT_FORMAT),
        )
        .version(packageVersion(), "--version", "print the version");
}

function filterOptions(cmd: Command): Command {
    return cmd
        .option("--vpn-gateway-id <id>", "only connections of this VPN gateway")
        .option("--customer-gateway-id <id>", "only connections to this customer gateway")
        .option("--name-regex <regex>", "only connections whose name matches");
}

function collect(value: string, previous: string[] = []): string[] {
    return [...previous, value];
}

/**
 * Builds the command-line program. Exported for testing.
 *
 * @param terminal - streams and environment.
 * @param setExit - receives each command's exit status.
 * @returns the program.
 */
export function buildProgram(terminal: Terminal, setExit: (code: number) => void): Command {
    const program = new Command("alicloud-vpn");
    program
        .description(
            "Describe, list, snapshot, check for drift and audit the IPsec VPN connections of Alibaba Cloud.",
        )
        .version(packageVersion(), "--version", "print the version")
        .helpOption("-h, --help", "show help")
        .exitOverride()
        .configureOutput({
            writeOut: (s) => void terminal.stdout.write(s),
            // Commander's errors quote what the user typed: no control character reaches stderr.
            writeErr: (s) => void terminal.stderr.write(terminalSafe(s)),
        })
        .showSuggestionAfterError()
        .addHelpText("after", MAIN_HELP);

    const run = async (cmd: Command, f: (ctx: CommandContext) => Promise<number>): Promise<void> => {
        setExit(await f(commandContext(cmd.opts<CommonOptions>(), terminal)));
    };

    addCommonOptions(program.command("describe").argument("<id>", "connection id, vco-…"), DESCRIBE_VIEWS)
        .description("show one connection: every output, secrets named but never shown")
        .action((id: string, _opts: unknown, cmd: Command) => run(cmd, (ctx) => describeCommand(id, ctx)));

    filterOptions(addCommonOptions(program.command("list"), LIST_VIEWS))
        .description("list the connections of a region (every page)")
        .action((_opts: unknown, cmd: Command) =>
            run(cmd, (ctx) => listCommand(cmd.opts<ListFilters>(), ctx)),
        );

    filterOptions(
        addCommonOptions(
            program.command("snapshot").argument("[id...]", "connection ids (or --all)"),
            SNAPSHOT_VIEWS,
        ),
    )
        .description("write a baseline: non-secret outputs and salted fingerprints of the keys, never a key")
        .option("--all", "every connection of the region (matching the filters), from the list's pages")
        .option("--full-read", FULL_READ_HELP)
        .requiredOption("--out <file>", "baseline file to write (atomically); - for stdout")
        .action((ids: string[], _opts: unknown, cmd: Command) =>
            run(cmd, (ctx) => snapshotCommand(ids, cmd.opts<SnapshotOptions>(), ctx)),
        );

    addCommonOptions(program.command("drift"), DRIFT_VIEWS)
        .description("compare live connections with a baseline and/or expectations; exit 1 on drift")
        .option("--baseline <file>", "baseline written by snapshot")
        .option("--expect <file>", "expectation file")
        .option("--ignore <path>", "output path to leave out (repeatable)", collect)
        .option("--all", "also every connection of the region: new and deleted ones are drift")
        .option("--full-read", FULL_READ_HELP)
        .addHelpText("after", DRIFT_HELP)
        .action((_opts: unknown, cmd: Command) =>
            run(cmd, (ctx) => driftCommand(cmd.opts<DriftOptions>(), ctx)),
        );

    filterOptions(
        addCommonOptions(
            program.command("audit").argument("[id...]", "connection ids (or --all)"),
            AUDIT_VIEWS,
        ),
    )
        .description(
            "check connections' crypto against a posture policy; exit 1 on findings at or above --fail-on",
        )
        .option("--all", "every connection of the region (matching the filters)")
        .option("--policy <name|file>", 'the built-in policy "recommended", or a policy file', "recommended")
        .addOption(
            new Option("--fail-on <severity>", "least severity that fails the audit (exit 1)")
                .choices(FAIL_ON_CHOICES)
                .default("low"),
        )
        .addHelpText("after", AUDIT_HELP)
        .action((ids: string[], _opts: unknown, cmd: Command) =>
            run(cmd, (ctx) => auditCommand(ids, cmd.opts<AuditOptions>(), ctx)),
        );

    return program;
}

/**
 * The one-line message of an error: a {@link VpcError}'s message (built to hold no secret), else the
 * message of whatever was thrown, never a stack trace.
 *
 * @param e - what was thrown.
 * @returns one line.
 */
export function errorLine(e: unknown): string {
    const message = e instanceof VpcError || e instanceof Error ? e.message : String(e);
    // Alibaba's message and the user's arguments can hold control characters: none reaches stderr.
    return terminalSafe(message.replace(/\s*\n\s*/g, " ").replace(/\t/g, " ")).slice(0, 2000);
}

/**
 * Runs the command; resolves to the exit status. Exported for testing.
 *
 * @param argv - the arguments, without `node` and the script.
 * @param terminal - streams and environment.
 * @returns 0, 1 or 2.
 */
export async function main(argv: readonly string[], terminal: Terminal): Promise<number> {
    let code: number = EXIT.ok;
    const program = buildProgram(terminal, (c) => (code = c));
    try {
        await program.parseAsync([...argv], { from: "user" });
        return code;
    } catch (e) {
        if (e instanceof CommanderError) {
            // Commander has printed the help, the version, or its one-line error already.
            return e.exitCode === 0 ? EXIT.ok : EXIT.error;
        }
        await write(terminal.stderr, `alicloud-vpn: error: ${errorLine(e)}\n`);
        return EXIT.error;
    } finally {
        closeIdleConnections();
    }
}

if (require.main === module) {
    const terminal: Terminal = { stdout: process.stdout, stderr: process.stderr, env: process.env };
    main(process.argv.slice(2), terminal).then(
        (code) => process.exit(code),
        (e: unknown) => {
            process.stderr.write(`alicloud-vpn: error: ${errorLine(e)}\n`);
            process.exit(EXIT.error);
        },
    );
}
