/**
 * SARIF logs, built from drift and audit reports without a network: every log validates against the
 * OASIS SARIF 2.1.0 schema; levels follow severities; each result sits on the line of the committed
 * file that holds the agreement; fingerprints depend on the rule, the connection and the path only;
 * no key reaches a log.
 */
import { FIXTURE_SECRETS, singleTunnelConnection, weakConnection } from "../emulator/fixtures";
import { mapVpnConnection } from "../provider/mapping";
import { auditConnection, recommendedPolicy, validatePosturePolicy } from "../provider/posture";
import type { WireVpnConnection } from "../provider/wire";
import { buildAuditReport, auditSarif } from "../cli/audit-report";
import { buildBaseline, serializeBaseline } from "../cli/baseline";
import { driftSarif } from "../cli/drift-sarif";
import { buildReport } from "../cli/report";
import { FINGERPRINT_KEY, buildSarifLog, findingFingerprint, sarifLevel } from "../cli/sarif";
import { jsonLineIndex, pointersOf, sourceFile } from "../cli/source-location";
import { sarifErrors } from "./support/sarif";

function record(wire: WireVpnConnection) {
    return mapVpnConnection(wire, { operation: "DescribeVpnConnection", regionId: "cn-hangzhou" });
}

const baseline = buildBaseline(
    [record(singleTunnelConnection()), record(weakConnection())],
    { all: false },
    {
        createdAt: new Date("2026-12-01T00:00:00Z"),
        version: "0.1.0",
    },
);
const baselineText = serializeBaseline(baseline);
const expectText = `{
  "connections": {
    "*": { "ikeConfig": { "ikeVersion": "ikev2" } },
    "vco-bp1bbi27hojx80nck0001": {
      "ikeConfig": { "ikeEncAlg": "aes256" }
    }
  }
}
`;

function driftReport(encAlg: string) {
    return buildReport(
        [
            {
                vpnConnectionId: "vco-bp1bbi27hojx80nck0001",
                regionId: "cn-hangzhou",
                name: "hq-office-ipsec",
                result: "drifted",
                drift: [
                    {
                        kind: "value",
                        source: "baseline",
                        path: "ikeConfig.ikeEncAlg",
                        expected: "aes256",
                        actual: encAlg,
                    },
                    { kind: "secret", source: "baseline", path: "psk", change: "changed" },
                    {
                        kind: "value",
                        source: "expectation",
                        path: "ikeConfig.ikeEncAlg",
                        expected: "aes256",
                        actual: encAlg,
                    },
                ],
            },
            {
                vpnConnectionId: "vco-bp1weak0cr7pto9x0k0004",
                regionId: "cn-hangzhou",
                result: "deleted",
                drift: [],
            },
            {
                vpnConnectionId: "vco-bp1new00000000000009",
                regionId: "cn-hangzhou",
                result: "new",
                drift: [],
            },
        ],
        {
            checkedAt: "2026-12-06T02:00:00.000Z",
            toolVersion: "0.1.0",
            baseline: { createdAt: baseline.createdAt, connections: 2 },
            expectations: true,
            all: true,
            read: "list",
            notCompared: ["zoneNo", "vpnBgpConfig.enableBgp"],
            ignored: [],
        },
    );
}

const sources = {
    baseline: { file: sourceFile("vpn-baseline.json", baselineText), content: baseline },
    expectations: sourceFile("vpn-expect.json", expectText),
};

function lineOfText(text: string, needle: string, after = 0): number {
    const lines = text.split("\n");
    const i = lines.findIndex((l, n) => n >= after && l.includes(needle));
    if (i < 0) throw new Error(`no line holds ${needle}`);
    return i + 1;
}

describe("jsonLineIndex and pointersOf", () => {
    it("give the line of each key and element", () => {
        const lines = jsonLineIndex('{\n  "a": [\n    1,\n    {"b": "x\\"y"}\n  ],\n  "c d": null\n}\n');
        expect(lines.get("")).toBe(1);
        expect(lines.get("/a")).toBe(2);
        expect(lines.get("/a/0")).toBe(3);
        expect(lines.get("/a/1/b")).toBe(4);
        expect(lines.get("/c d")).toBe(6);
    });

    it("keep what was indexed before a fault", () => {
        expect(jsonLineIndex('{\n  "a": 1,\n  "b": ').get("/a")).toBe(2);
    });

    it("walk from the precise pointer up to the base, a tag key being one token", () => {
        expect(pointersOf("/c", "tunnelOptions[1].ikeConfig.ikeEncAlg")).toEqual([
            "/c/tunnelOptions/1/ikeConfig/ikeEncAlg",
            "/c/tunnelOptions/1/ikeConfig",
            "/c/tunnelOptions/1",
            "/c/tunnelOptions",
            "/c",
        ]);
        expect(pointersOf("/c", "tags.cost.center")[0]).toBe("/c/tags/cost.center");
        expect(pointersOf("/c", 'tags["a b"]')[0]).toBe("/c/tags/a b");
        expect(pointersOf("/c", "")).toEqual(["/c"]);
    });
});

describe("driftSarif", () => {
    const log = driftSarif(driftReport("aes"), sources);
    const results = log.runs[0]!.results;

    it("validates against the OASIS SARIF 2.1.0 schema", () => {
        expect(sarifErrors(log)).toEqual([]);
        expect(sarifErrors({ version: "2.1.0", runs: [{ tool: {} }] })).not.toEqual([]);
    });

    it("has one result per finding, with a rule per kind and a level from its severity", () => {
        expect(results.map((r) => [r.ruleId, r.level])).toEqual([
            ["drift/changed-value", "warning"],
            ["drift/rotated-key", "warning"],
            ["drift/expectation-mismatch", "warning"],
            ["drift/new-connection", "note"],
            ["drift/deleted-connection", "error"],
        ]);
        for (const r of results) expect(log.runs[0]!.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
        expect(log.runs[0]!.automationDetails.id).toBe("alicloud-vpn/drift/");
    });

    it("names the connection, the path and both values in each message, never a key", () => {
        expect(results[0]!.message.text).toBe(
            'vco-bp1bbi27hojx80nck0001 (hq-office-ipsec, cn-hangzhou): ikeConfig.ikeEncAlg: expected "aes256", got "aes" [baseline]',
        );
        expect(results[1]!.message.text).toContain("psk: fingerprint changed (key rotated)");
        const text = JSON.stringify(log);
        for (const secret of Object.values(FIXTURE_SECRETS)) expect(text).not.toContain(secret);
    });

    it("places each result on the line of the value in the baseline or expectation file", () => {
        const loc = (i: number) => results[i]!.locations[0]!.physicalLocation!;
        const entry = lineOfText(baselineText, '"vpnConnectionId": "vco-bp1bbi27hojx80nck0001"');
        expect(loc(0).artifactLocation.uri).toBe("vpn-baseline.json");
        expect(loc(0).region!.startLine).toBe(lineOfText(baselineText, '"ikeEncAlg"', entry));
        expect(loc(1).region!.startLine).toBe(lineOfText(baselineText, '"psk"', entry));
        expect(loc(2).artifactLocation.uri).toBe("vpn-expect.json");
        expect(loc(2).region!.startLine).toBe(5);
        expect(loc(3).region!.startLine).toBe(lineOfText(baselineText, '"connections"'));
        const weakEntry = lineOfText(baselineText, '"vpnConnectionId": "vco-bp1weak0cr7pto9x0k0004"');
        expect(loc(4).region!.startLine).toBe(weakEntry - 1);
    });

    it("fingerprints a finding by its rule, connection and path only: a rerun updates the same alert", () => {
        const again = driftSarif(driftReport("des"), sources).runs[0]!.results;
        expect(again.map((r) => r.partialFingerprints)).toEqual(results.map((r) => r.partialFingerprints));
        expect(results[0]!.partialFingerprints[FINGERPRINT_KEY]).toBe(
            findingFingerprint("drift/changed-value", "vco-bp1bbi27hojx80nck0001", "ikeConfig.ikeEncAlg"),
        );
        const distinct = new Set(results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]));
        expect(distinct.size).toBe(results.length);
    });
});

describe("auditSarif", () => {
    const weak = record(weakConnection()).connection;
    const policyText = `{
  "schemaVersion": 1,
  "extends": "recommended",
  "rules": {
    "dpd-disabled": "medium"
  },
  "custom": [
    { "id": "name-prefix", "severity": "low", "path": "name", "deny": ["legacy-partner-ipsec"], "rationale": "r", "source": "s" }
  ]
}
`;
    const document = JSON.parse(policyText) as unknown;
    const policy = validatePosturePolicy(document, "vpn-policy.json");
    const report = buildAuditReport(
        [
            {
                vpnConnectionId: weak.vpnConnectionId,
                regionId: "cn-hangzhou",
                name: weak.name,
                findings: auditConnection(weak, policy),
            },
        ],
        {
            policy,
            policyFile: "vpn-policy.json",
            failOn: "high",
            checkedAt: "2026-12-06T02:00:00.000Z",
            toolVersion: "0.1.0",
        },
    );
    const log = auditSarif(report, policy, {
        policy: { file: sourceFile("vpn-policy.json", policyText), document },
    });
    const results = log.runs[0]!.results;

    it("validates against the OASIS SARIF 2.1.0 schema, with a rule for each rule of the policy", () => {
        expect(sarifErrors(log)).toEqual([]);
        expect(log.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(
            policy.rules.map((r) => `posture/${r.id}`),
        );
        expect(log.runs[0]!.automationDetails.id).toBe("alicloud-vpn/audit/");
    });

    it("gives each finding the level of its rule's severity under the policy", () => {
        const level = (ruleId: string) => results.find((r) => r.ruleId === `posture/${ruleId}`)!.level;
        expect(level("weak-encryption")).toBe("error");
        expect(level("dpd-disabled")).toBe("warning");
        expect(level("ike-version")).toBe("warning");
        expect(level("name-prefix")).toBe("note");
        expect(sarifLevel("critical")).toBe("error");
    });

    it("places a finding at its rule's entry in the policy file, else at extends", () => {
        const line = (ruleId: string) =>
            results.find((r) => r.ruleId === `posture/${ruleId}`)!.locations[0]!.physicalLocation!.region!
                .startLine;
        expect(line("dpd-disabled")).toBe(5);
        expect(line("name-prefix")).toBe(8);
        expect(line("weak-encryption")).toBe(3);
    });

    it("has no physical location with the built-in policy, only the connection and path", () => {
        const builtIn = recommendedPolicy();
        const r = buildAuditReport(
            [
                {
                    vpnConnectionId: weak.vpnConnectionId,
                    regionId: "cn-hangzhou",
                    findings: auditConnection(weak, builtIn),
                },
            ],
            {
                policy: builtIn,
                policyFile: null,
                failOn: "low",
                checkedAt: "2026-12-06T02:00:00.000Z",
                toolVersion: "0.1.0",
            },
        );
        const sarif = auditSarif(r, builtIn, {});
        expect(sarifErrors(sarif)).toEqual([]);
        const location = sarif.runs[0]!.results[0]!.locations[0]!;
        expect(location.physicalLocation).toBeUndefined();
        expect(location.logicalLocations[0]!.fullyQualifiedName).toMatch(
            /^cn-hangzhou\/vco-bp1weak0cr7pto9x0k0004\//,
        );
    });
});

describe("buildSarifLog", () => {
    it("refuses a finding of a rule it was not given", () => {
        expect(() =>
            buildSarifLog({
                toolVersion: "0.1.0",
                category: "x/",
                rules: [],
                findings: [
                    {
                        ruleId: "nope",
                        vpnConnectionId: "vco-1",
                        regionId: "cn-hangzhou",
                        path: "",
                        message: "m",
                    },
                ],
            }),
        ).toThrow("unknown rule nope");
    });
});
