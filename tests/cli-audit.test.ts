/**
 * `alicloud-vpn audit` and the SARIF output of `drift` and `audit`, end to end: the built command run
 * as a child process against the emulator. A weak connection is flagged setting by setting with each
 * rule's severity, `--fail-on` sets the exit status, policy files are checked before any call, and a
 * drifted and a weak connection give SARIF logs that validate against the OASIS SARIF 2.1.0 schema,
 * with the same fingerprints when the same change is found again.
 */
import Ajv from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_TEST_CREDENTIALS, FIXTURE_IDS, FIXTURE_SECRETS } from "../emulator";
import { WEAK_FIXTURE_ID, weakConnection } from "../emulator/fixtures";
import type { SarifLog } from "../cli/sarif";
import { useCommand } from "./support/command";
import { useEmulator } from "./support/emulator";
import { ROOT, type Run } from "./support/process";
import { sarifErrors } from "./support/sarif";

// Each test runs the command as child processes, several in a row on a loaded machine.
jest.setTimeout(60_000);

const HZ = "cn-hangzhou";
const validateReport = new Ajv({ strict: true, allErrors: true }).compile(
    JSON.parse(fs.readFileSync(path.join(ROOT, "cli", "audit-report.schema.json"), "utf8")) as object,
);
const validatePolicy = new Ajv({ strict: true, allErrors: true }).compile(
    JSON.parse(fs.readFileSync(path.join(ROOT, "cli", "posture-policy.schema.json"), "utf8")) as object,
);

const vpc = useEmulator({
    scope: "each",
    seed: (emulator) => emulator.putConnection(HZ, weakConnection()),
});
const command = useCommand(vpc, { prefix: "audit", env: { ALIBABA_CLOUD_REGION_ID: HZ } });
const cli = (args: string[]): Promise<Run> => command.run(args);
const file = command.file;

interface Report {
    passed: boolean;
    summary: Record<string, number>;
    connections: {
        vpnConnectionId: string;
        findings: { ruleId: string; severity: string; path: string; actual: unknown }[];
    }[];
}

function report(run: Run): Report {
    const parsed = JSON.parse(run.stdout) as Report;
    if (!validateReport(parsed)) {
        throw new Error(`not a valid audit report: ${JSON.stringify(validateReport.errors)}`);
    }
    return parsed;
}

function sarif(run: Run): SarifLog {
    const log = JSON.parse(run.stdout) as SarifLog;
    const errors = sarifErrors(log);
    if (errors.length > 0) throw new Error(`not a valid SARIF 2.1.0 log:\n${errors.join("\n")}`);
    return log;
}

function expectNoSecret(text: string): void {
    for (const secret of Object.values(FIXTURE_SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain(DEFAULT_TEST_CREDENTIALS.accessKeySecret);
}

describe("alicloud-vpn audit --policy recommended", () => {
    it("flags each weak setting with its rule's severity and exits 1", async () => {
        const run = await cli(["audit", WEAK_FIXTURE_ID, "--policy", "recommended", "--output", "json"]);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
        const r = report(run);
        expect(r.passed).toBe(false);
        const found = r.connections[0]!.findings.map((f) => `${f.severity} ${f.ruleId} ${f.path}`).sort();
        expect(found).toEqual(
            [
                "high ike-aggressive-mode ikeConfig.ikeMode",
                "medium ike-version ikeConfig.ikeVersion",
                "high weak-encryption ikeConfig.ikeEncAlg",
                "high weak-encryption ipsecConfig.ipsecEncAlg",
                "high weak-integrity ikeConfig.ikeAuthAlg",
                "high weak-integrity ipsecConfig.ipsecAuthAlg",
                "high weak-dh-group ikeConfig.ikePfs",
                "medium pfs-disabled ipsecConfig.ipsecPfs",
                "low dpd-disabled enableDpd",
                "medium ike-lifetime ikeConfig.ikeLifetime",
                "medium ipsec-lifetime ipsecConfig.ipsecLifetime",
            ].sort(),
        );
        expect(r.summary).toMatchObject({
            connections: 1,
            findings: 11,
            high: 6,
            medium: 4,
            low: 1,
            critical: 0,
        });
        expectNoSecret(run.stdout);
    });

    it("passes a strong connection with exit 0", async () => {
        const run = await cli(["audit", FIXTURE_IDS.singleTunnel]);
        expect(run.code).toBe(0);
        expect(run.stdout).toContain("passes");
        expect(run.stdout).toMatch(/^Passed: 1 connection audited with policy recommended: no finding/m);
    });

    it("sets the exit status with --fail-on: the least severity that fails", async () => {
        expect((await cli(["audit", WEAK_FIXTURE_ID, "--fail-on", "high"])).code).toBe(1);
        expect((await cli(["audit", WEAK_FIXTURE_ID, "--fail-on", "critical"])).code).toBe(0);
        expect((await cli(["audit", WEAK_FIXTURE_ID, "--fail-on", "none"])).code).toBe(0);
        // The dual-tunnel fixture keeps its IPsec SAs a day: medium findings only.
        expect((await cli(["audit", FIXTURE_IDS.dualTunnel, "--fail-on", "high"])).code).toBe(0);
        expect((await cli(["audit", FIXTURE_IDS.dualTunnel, "--fail-on", "medium"])).code).toBe(1);
        const bad = await cli(["audit", WEAK_FIXTURE_ID, "--fail-on", "severe"]);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain("--fail-on");
    });

    it("audits every connection of the region with --all, each tunnel on its own", async () => {
        const run = await cli(["audit", "--all", "--output", "json"]);
        const r = report(run);
        expect(r.connections.map((c) => c.vpnConnectionId)).toEqual(
            [FIXTURE_IDS.singleTunnel, FIXTURE_IDS.dualTunnel, WEAK_FIXTURE_ID].sort(),
        );
        const dual = r.connections.find((c) => c.vpnConnectionId === FIXTURE_IDS.dualTunnel)!;
        expect(dual.findings.map((f) => f.path)).toEqual([
            "tunnelOptions[0].ipsecConfig.ipsecLifetime",
            "tunnelOptions[1].ipsecConfig.ipsecLifetime",
        ]);
    });

    it("writes Markdown for a job summary", async () => {
        const run = await cli(["audit", WEAK_FIXTURE_ID, "--output", "markdown"]);
        expect(run.stdout).toMatch(/^## VPN crypto posture: failed/);
        expect(run.stdout).toContain("| high | No DES or 3DES (`weak-encryption`) | `ikeConfig.ikeEncAlg` |");
    });

    it("exits 2 naming the connection when one named does not exist", async () => {
        const run = await cli(["audit", "vco-bp1doesnotexist000000"]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("vco-bp1doesnotexist000000");
        expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    });
});

describe("alicloud-vpn audit --policy <file>", () => {
    it("applies the file's severities, bounds and custom rules; the file matches its schema", async () => {
        const policy = {
            schemaVersion: 1,
            kind: "alicloud-vpn/posture-policy",
            rules: { "dpd-disabled": "critical", "ipsec-lifetime": { max: 86_400 }, "ike-version": "off" },
            custom: [
                {
                    id: "prod-tag",
                    severity: "low",
                    path: "tags.env",
                    allow: ["prod"],
                    rationale: "Every connection is tagged.",
                    source: "Tagging standard",
                },
            ],
        };
        expect(validatePolicy(policy)).toBe(true);
        fs.writeFileSync(file("policy.json"), JSON.stringify(policy, null, 2));
        const run = await cli([
            "audit",
            WEAK_FIXTURE_ID,
            "--policy",
            file("policy.json"),
            "--fail-on",
            "critical",
            "--output",
            "json",
        ]);
        expect(run.code).toBe(1);
        const findings = report(run).connections[0]!.findings;
        expect(findings[0]).toMatchObject({ ruleId: "dpd-disabled", severity: "critical" });
        expect(findings.some((f) => f.ruleId === "ike-version" || f.ruleId === "ipsec-lifetime")).toBe(false);
    });

    it("refuses a misspelt path with a suggestion before any call", async () => {
        fs.writeFileSync(file("policy.json"), JSON.stringify({ ignore: ["ikeConfig.ikeEncAlgo"] }));
        const run = await cli(["audit", WEAK_FIXTURE_ID, "--policy", file("policy.json")]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("invalid --policy");
        expect(run.stderr).toContain("ignore[0]");
        expect(run.stderr).toContain("did you mean ikeEncAlg?");
        expect(vpc.emulator.requests).toHaveLength(0);
    });

    it("refuses a rule over a key, and a file that is not there", async () => {
        fs.writeFileSync(
            file("policy.json"),
            JSON.stringify({
                custom: [
                    { id: "k", severity: "high", path: "psk", deny: ["x"], rationale: "r", source: "s" },
                ],
            }),
        );
        const run = await cli(["audit", WEAK_FIXTURE_ID, "--policy", file("policy.json")]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("never read keys");
        const missing = await cli(["audit", WEAK_FIXTURE_ID, "--policy", file("nope.json")]);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain("no such file");
        expect(vpc.emulator.requests).toHaveLength(0);
    });
});

describe("--output sarif", () => {
    it("a drifted and a weak connection give SARIF logs that validate, with the same fingerprints on a rerun", async () => {
        fs.writeFileSync(file("policy.json"), `{\n  "extends": "recommended"\n}\n`);
        const snap = await cli([
            "snapshot",
            FIXTURE_IDS.singleTunnel,
            WEAK_FIXTURE_ID,
            "--out",
            file("baseline.json"),
        ]);
        expect(snap.code).toBe(0);
        const wire = vpc.emulator.getConnection(HZ, FIXTURE_IDS.singleTunnel)!;
        vpc.emulator.updateConnection(HZ, FIXTURE_IDS.singleTunnel, {
            IkeConfig: { ...wire.IkeConfig, IkeEncAlg: "3des", Psk: "rotated-KEY-1" },
        });

        const runs = async () => ({
            drift: await cli(["drift", "--baseline", file("baseline.json"), "--output", "sarif"]),
            audit: await cli(["audit", "--all", "--policy", file("policy.json"), "--output", "sarif"]),
        });
        const first = await runs();
        expect(first.drift.code).toBe(1);
        expect(first.audit.code).toBe(1);
        const drift = sarif(first.drift);
        const audit = sarif(first.audit);

        const driftResults = drift.runs[0]!.results;
        expect(driftResults.map((r) => [r.ruleId, r.properties.path])).toEqual([
            ["drift/changed-value", "ikeConfig.ikeEncAlg"],
            ["drift/rotated-key", "psk"],
        ]);
        const baselineText = fs.readFileSync(file("baseline.json"), "utf8").split("\n");
        const line = driftResults[0]!.locations[0]!.physicalLocation!.region!.startLine;
        expect(baselineText[line - 1]).toContain('"ikeEncAlg": "aes256"');
        expect(driftResults[0]!.locations[0]!.physicalLocation!.artifactLocation.uri).toMatch(
            /baseline\.json$/,
        );

        const auditResults = audit.runs[0]!.results;
        const weakRules = auditResults
            .filter((r) => r.properties.vpnConnectionId === WEAK_FIXTURE_ID)
            .map((r) => r.ruleId);
        expect(new Set(weakRules).size).toBe(9);
        const changed = auditResults.find(
            (r) =>
                r.properties.vpnConnectionId === FIXTURE_IDS.singleTunnel &&
                r.ruleId === "posture/weak-encryption",
        );
        expect(changed?.level).toBe("error");
        expect(changed?.locations[0]!.physicalLocation!.artifactLocation.uri).toMatch(/policy\.json$/);
        for (const text of [first.drift.stdout, first.audit.stdout]) {
            expectNoSecret(text);
            expect(text).not.toContain("rotated-KEY");
        }

        // The same change found again: the same alerts.
        const second = await runs();
        const prints = (log: SarifLog) =>
            log.runs[0]!.results.map((r) => JSON.stringify(r.partialFingerprints));
        expect(prints(sarif(second.drift))).toEqual(prints(drift));
        expect(prints(sarif(second.audit))).toEqual(prints(audit));
    });
});
