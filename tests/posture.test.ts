/**
 * Posture rules and policies: each built-in rule flags the weak setting it names, on a single-tunnel
 * connection and on each tunnel of a dual-tunnel one, with its severity; a strong connection passes;
 * policy documents change severities and bounds, turn rules off, ignore paths and add rules of their
 * own, and are refused (with a suggestion) when a key, rule id or path is misspelt or names a secret.
 */
import Ajv from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    FIXTURE_SECRETS,
    dualTunnelConnection,
    minimalConnection,
    singleTunnelConnection,
    weakConnection,
} from "../emulator/fixtures";
import { VpcInvalidInputError } from "../provider/errors";
import { mapVpnConnection } from "../provider/mapping";
import {
    BUILT_IN_RULES,
    BUILT_IN_RULE_IDS,
    type PostureFinding,
    auditConnection,
    recommendedPolicy,
    severityAtLeast,
    validatePosturePolicy,
} from "../provider/posture";
import type { WireVpnConnection } from "../provider/wire";
import type { VpnConnectionInfo } from "../sdk/types";

function model(wire: WireVpnConnection, regionId = "cn-hangzhou"): VpnConnectionInfo {
    return mapVpnConnection(wire, { operation: "DescribeVpnConnection", regionId }).connection;
}

const strong = model(singleTunnelConnection());
const weak = model(weakConnection());
const dual = model(dualTunnelConnection());

function summary(findings: PostureFinding[]): string[] {
    return findings.map((f) => `${f.ruleId} ${f.severity} ${f.path}=${String(f.actual)}`);
}

function refusal(f: () => unknown): VpcInvalidInputError {
    try {
        f();
    } catch (e) {
        expect(e).toBeInstanceOf(VpcInvalidInputError);
        return e as VpcInvalidInputError;
    }
    throw new Error("expected the policy to be refused");
}

describe("the built-in rules", () => {
    it("each have an id, a severity, a one-line rationale and a source", () => {
        for (const rule of BUILT_IN_RULES) {
            expect(rule.id).toMatch(/^[a-z0-9-]+$/);
            expect(["low", "medium", "high", "critical"]).toContain(rule.severity);
            expect(rule.rationale).not.toMatch(/\n/);
            expect(rule.rationale.length).toBeGreaterThan(20);
            expect(rule.source).toMatch(/NIST SP 800-77 Rev\. 1|DISA/);
            expect(rule.source).toMatch(/Alibaba Cloud/);
        }
        expect(new Set(BUILT_IN_RULE_IDS).size).toBe(BUILT_IN_RULES.length);
    });

    it("pass a connection with IKEv2, AES-256, SHA-256, group 14, PFS, DPD and lifetimes of a day and 8 hours", () => {
        expect(auditConnection(strong, recommendedPolicy())).toEqual([]);
    });

    it("flag each weak setting of a single-tunnel connection with the rule's severity", () => {
        expect(summary(auditConnection(weak, recommendedPolicy()))).toEqual([
            "ike-aggressive-mode high ikeConfig.ikeMode=aggressive",
            "ike-version medium ikeConfig.ikeVersion=ikev1",
            "weak-encryption high ikeConfig.ikeEncAlg=des",
            "weak-encryption high ipsecConfig.ipsecEncAlg=3des",
            "weak-integrity high ikeConfig.ikeAuthAlg=md5",
            "weak-integrity high ipsecConfig.ipsecAuthAlg=sha1",
            "weak-dh-group high ikeConfig.ikePfs=group1",
            "pfs-disabled medium ipsecConfig.ipsecPfs=disabled",
            "dpd-disabled low enableDpd=false",
            "ike-lifetime medium ikeConfig.ikeLifetime=60",
            "ipsec-lifetime medium ipsecConfig.ipsecLifetime=86400",
        ]);
    });

    it("judge each tunnel of a dual-tunnel connection on its own", () => {
        const wire = dualTunnelConnection();
        const [master, slave] = wire.TunnelOptionsSpecification!.TunnelOptions!;
        slave!.TunnelIkeConfig = { ...slave!.TunnelIkeConfig, IkeAuthAlg: "sha1", IkePfs: "group5" };
        slave!.EnableDpd = "false";
        master!.TunnelIpsecConfig = {
            ...master!.TunnelIpsecConfig,
            IpsecEncAlg: "3des",
            IpsecLifetime: "3600",
        };
        expect(summary(auditConnection(model(wire), recommendedPolicy()))).toEqual([
            "weak-encryption high tunnelOptions[0].ipsecConfig.ipsecEncAlg=3des",
            "weak-integrity high tunnelOptions[1].ikeConfig.ikeAuthAlg=sha1",
            "weak-dh-group high tunnelOptions[1].ikeConfig.ikePfs=group5",
            "dpd-disabled low tunnelOptions[1].enableDpd=false",
            "ipsec-lifetime medium tunnelOptions[1].ipsecConfig.ipsecLifetime=86400",
        ]);
    });

    it("leave IKEv2 in aggressive mode to the version rule alone (IKEv2 has no aggressive mode)", () => {
        const wire = singleTunnelConnection();
        wire.IkeConfig = { ...wire.IkeConfig, IkeMode: "aggressive" };
        expect(auditConnection(model(wire), recommendedPolicy())).toEqual([]);
    });

    it("accept the ShangMi algorithms SM3 and SM4", () => {
        const wire = singleTunnelConnection();
        wire.IkeConfig = { ...wire.IkeConfig, IkeAuthAlg: "sm3", IkeEncAlg: "sm4" };
        wire.IpsecConfig = { ...wire.IpsecConfig, IpsecAuthAlg: "sm3", IpsecEncAlg: "sm4" };
        expect(auditConnection(model(wire), recommendedPolicy())).toEqual([]);
    });

    it("read a resource's outputs, where absent blocks are null", () => {
        const outputs = {
            ...strong,
            vcoHealthCheck: null,
            ikeConfig: { ...strong.ikeConfig, ikeAuthAlg: "md5" },
        };
        expect(summary(auditConnection(outputs, recommendedPolicy()))).toEqual([
            "weak-integrity high ikeConfig.ikeAuthAlg=md5",
        ]);
    });

    it("never put a key in a finding, whatever the connection holds", () => {
        const record = mapVpnConnection(weakConnection(), {
            operation: "DescribeVpnConnection",
            regionId: "cn-hangzhou",
        });
        const text = JSON.stringify(
            auditConnection({ ...record.connection, ...record.secrets }, recommendedPolicy()),
        );
        expect(text).not.toContain(FIXTURE_SECRETS.weakPsk);
    });

    it("name the path, the expected and the actual value in each message", () => {
        const [first] = auditConnection(model(minimalConnection(), "cn-shanghai"), recommendedPolicy());
        expect(first!.message).toBe(
            'ikeConfig.ikeVersion: IKEv2 rather than IKEv1: expected ikev2, got "ikev1"',
        );
    });
});

describe("policy documents", () => {
    it("change a severity, turn a rule off and change lifetime bounds", () => {
        const policy = validatePosturePolicy(
            {
                schemaVersion: 1,
                kind: "alicloud-vpn/posture-policy",
                rules: {
                    "dpd-disabled": "critical",
                    "ike-version": "off",
                    "ipsec-lifetime": { max: 90_000 },
                    "ike-lifetime": { severity: "low", min: 30 },
                },
            },
            "vpn-policy.json",
        );
        const found = summary(auditConnection(weak, policy));
        expect(found).toContain("dpd-disabled critical enableDpd=false");
        expect(found.some((f) => f.startsWith("ike-version"))).toBe(false);
        expect(found.some((f) => f.startsWith("ipsec-lifetime"))).toBe(false);
        expect(found.some((f) => f.startsWith("ike-lifetime"))).toBe(false);
        expect(policy.name).toBe("vpn-policy.json");
    });

    it("start from no rule with extends none, running only the rules named", () => {
        const policy = validatePosturePolicy({ extends: "none", rules: { "weak-encryption": {} } });
        expect(policy.rules.map((r) => r.id)).toEqual(["weak-encryption"]);
    });

    it("leave out findings at ignored paths, [*] covering every tunnel", () => {
        const policy = validatePosturePolicy({ ignore: ["tunnelOptions[*].ipsecConfig.ipsecLifetime"] });
        expect(auditConnection(dual, policy)).toEqual([]);
        expect(auditConnection(dual, recommendedPolicy()).map((f) => f.path)).toEqual([
            "tunnelOptions[0].ipsecConfig.ipsecLifetime",
            "tunnelOptions[1].ipsecConfig.ipsecLifetime",
        ]);
    });

    it("add custom rules with allow, deny and numeric bounds", () => {
        const policy = validatePosturePolicy({
            extends: "none",
            custom: [
                {
                    id: "aes256-only",
                    severity: "high",
                    path: "tunnelOptions[*].ikeConfig.ikeEncAlg",
                    allow: ["aes256"],
                    rationale: "Our peers all do AES-256.",
                    source: "Network standard NS-4",
                },
                {
                    id: "no-nat-t",
                    severity: "low",
                    path: "enableNatTraversal",
                    deny: [true],
                    rationale: "Our peers have public addresses.",
                    source: "Network standard NS-4",
                },
                {
                    id: "bgp-asn",
                    severity: "medium",
                    path: "tunnelOptions[*].bgpConfig.peerAsn",
                    min: 64512,
                    max: 65534,
                    rationale: "Private ASNs only.",
                    source: "RFC 6996",
                },
            ],
        });
        const wire = dualTunnelConnection();
        wire.TunnelOptionsSpecification!.TunnelOptions![1]!.TunnelIkeConfig!.IkeEncAlg = "aes";
        wire.TunnelOptionsSpecification!.TunnelOptions![0]!.TunnelBgpConfig!.PeerAsn = "4200000000";
        expect(summary(auditConnection(model(wire), policy))).toEqual([
            "aes256-only high tunnelOptions[1].ikeConfig.ikeEncAlg=aes",
            "no-nat-t low enableNatTraversal=true",
            "bgp-asn medium tunnelOptions[0].bgpConfig.peerAsn=4200000000",
        ]);
    });

    it("refuse a misspelt rule id, with the nearest", () => {
        const e = refusal(() => validatePosturePolicy({ rules: { "dpd-disbled": "off" } }));
        expect(e.message).toContain("policy.rules.dpd-disbled");
        expect(e.message).toContain("did you mean dpd-disabled?");
    });

    it("refuse a misspelt output path, with the nearest, as expectation files do", () => {
        const e = refusal(() =>
            validatePosturePolicy({ ignore: ["ikeConfig.ikeEncAlgo"] }, "p.json", "--policy"),
        );
        expect(e.message).toContain("--policy.ignore[0]");
        expect(e.message).toContain("did you mean ikeEncAlg?");
        const c = refusal(() =>
            validatePosturePolicy({
                custom: [
                    {
                        id: "x",
                        severity: "low",
                        path: "tunnelOption[*].role",
                        allow: ["master"],
                        rationale: "r",
                        source: "s",
                    },
                ],
            }),
        );
        expect(c.message).toContain("did you mean tunnelOptions?");
    });

    it("refuse a misspelt top-level key and severity, with the nearest", () => {
        expect(refusal(() => validatePosturePolicy({ rulez: {} })).message).toContain("did you mean rules?");
        expect(refusal(() => validatePosturePolicy({ rules: { "dpd-disabled": "hihg" } })).message).toContain(
            "did you mean high?",
        );
    });

    it("refuse rules over secret outputs: rules never read keys", () => {
        for (const path of ["psk", "bgpAuthKey", "tunnelPsks", "tunnelPsks.tun-1"]) {
            const e = refusal(() =>
                validatePosturePolicy({
                    custom: [{ id: "k", severity: "low", path, deny: ["x"], rationale: "r", source: "s" }],
                }),
            );
            expect(e.message).toMatch(/secret output|not an output/);
        }
        expect(refusal(() => validatePosturePolicy({ ignore: ["psk"] })).message).toContain(
            "never read keys",
        );
    });

    it("refuse bounds that cross, custom rules that check nothing, and a custom id a built-in rule has", () => {
        expect(
            refusal(() => validatePosturePolicy({ rules: { "ike-lifetime": { min: 9, max: 8 } } })).message,
        ).toContain("more than max");
        expect(
            refusal(() =>
                validatePosturePolicy({
                    custom: [{ id: "x", severity: "low", path: "name", rationale: "r", source: "s" }],
                }),
            ).message,
        ).toContain("at least one of allow, deny, min, max");
        expect(
            refusal(() =>
                validatePosturePolicy({
                    custom: [
                        {
                            id: "weak-encryption",
                            severity: "low",
                            path: "name",
                            deny: ["x"],
                            rationale: "r",
                            source: "s",
                        },
                    ],
                }),
            ).message,
        ).toContain("already a rule's id");
        expect(
            refusal(() => validatePosturePolicy({ rules: { "dpd-disabled": { max: 3 } } })).message,
        ).toContain("unknown key");
        expect(refusal(() => validatePosturePolicy({ schemaVersion: 2 })).message).toContain(
            "reads version 1",
        );
    });
});

describe("severityAtLeast", () => {
    it("orders low < medium < high < critical", () => {
        expect(severityAtLeast("high", "medium")).toBe(true);
        expect(severityAtLeast("medium", "medium")).toBe(true);
        expect(severityAtLeast("low", "medium")).toBe(false);
        expect(severityAtLeast("critical", "high")).toBe(true);
    });
});

describe("the policy files the project shows", () => {
    const root = path.join(__dirname, "..");
    const validate = new Ajv({ strict: true, allErrors: true }).compile(
        JSON.parse(fs.readFileSync(path.join(root, "cli", "posture-policy.schema.json"), "utf8")) as object,
    );

    it("the README's example policy and the example pipeline's policy pass the schema and the checker", () => {
        const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("### Policy files"));
        const fromReadme = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!) as unknown;
        const fromExample = JSON.parse(
            fs.readFileSync(path.join(root, "examples", "drift-pipeline", "vpn-policy.json"), "utf8"),
        ) as unknown;
        for (const doc of [fromReadme, fromExample]) {
            expect(validate(doc)).toBe(true);
            expect(() => validatePosturePolicy(doc)).not.toThrow();
        }
    });

    it("the schema refuses what the checker refuses: an unknown rule, a bad severity", () => {
        expect(validate({ rules: { "dpd-disbled": "off" } })).toBe(false);
        expect(validate({ rules: { "dpd-disabled": "hihg" } })).toBe(false);
        expect(validate({ custom: [{ id: "x", severity: "low", rationale: "r", source: "s" }] })).toBe(false);
    });
});
