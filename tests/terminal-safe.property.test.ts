/**
 * Property tests of the terminal-safe text module and of the renderers that use it: whatever a
 * connection's name, tags, ids or paths hold, no control character but tab and newline reaches a text or
 * Markdown output, and JSON output keeps every character.
 */
import fc from "fast-check";
import { styles } from "../cli/terminal";
import { describeMarkdown, describeText, listMarkdown, listText } from "../cli/render";
import {
    buildReport,
    markdownCell,
    markdownCode,
    reportJson,
    reportMarkdown,
    reportText,
} from "../cli/report";
import { hasControlCharacters, terminalSafe } from "../cli/terminal-safe";
import { auditMarkdown, auditText, buildAuditReport } from "../cli/audit-report";
import { recommendedPolicy } from "../provider/posture";
import type { VpnConnectionInfo, VpnConnectionRecord } from "../sdk/types";

/** Characters a hostile name would carry: every control character, and ordinary text around them. */
const controlChar = fc
    .integer({ min: 0, max: 0x9f })
    .filter((c) => c < 0x20 || c >= 0x7f)
    .map((c) => String.fromCharCode(c));
const hostileText = fc
    .array(
        fc.oneof(
            controlChar,
            fc.string({ maxLength: 4 }),
            fc.constantFrom("\x1b[2J", "\x1b]0;title\x07", "\r", "\u009b31m"),
        ),
        {
            maxLength: 12,
        },
    )
    .map((parts) => parts.join(""));

/** The characters that may be printed: tab, newline, and everything outside C0, DEL and C1. */
function printable(text: string): boolean {
    for (const ch of text) {
        const c = ch.codePointAt(0)!;
        if (c === 0x09 || c === 0x0a) continue;
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
    }
    return true;
}

describe("terminalSafe", () => {
    it("leaves no control character but tab and newline", () => {
        fc.assert(
            fc.property(fc.string({ unit: "binary" }), hostileText, (a, b) => printable(terminalSafe(a + b))),
        );
    });

    it("removes only control characters: the rest stays, in order", () => {
        fc.assert(
            fc.property(fc.string({ unit: "binary" }), (s) => {
                expect(terminalSafe(s)).toBe([...s].filter((ch) => printable(ch)).join(""));
            }),
        );
    });

    it("changes nothing in text without control characters, and is idempotent", () => {
        fc.assert(
            fc.property(fc.string({ unit: "binary" }), (s) => {
                const once = terminalSafe(s);
                expect(terminalSafe(once)).toBe(once);
                if (!hasControlCharacters(s)) expect(once).toBe(s);
            }),
        );
    });

    it("removes ESC, BEL, CR and CSI, and keeps tab and newline", () => {
        expect(terminalSafe("a\x1b[31mb\x07c\rd\u009be\tf\ng\u007f")).toBe("a[31mbcde\tf\ng");
        expect(hasControlCharacters("plain\ttext\n")).toBe(false);
        expect(hasControlCharacters("bell\x07")).toBe(true);
    });
});

/** The run a report of these tests describes: expectations only, read by id, `ignored` as given. */
function reportMeta(ignored: string[]): Parameters<typeof buildReport>[1] {
    return {
        checkedAt: new Date(0).toISOString(),
        toolVersion: "0",
        baseline: null,
        expectations: true,
        all: false,
        read: "by-id",
        notCompared: [],
        ignored,
    };
}

function connection(name: string, tag: string): VpnConnectionInfo {
    return {
        vpnConnectionId: "vco-bp1bbi27hojx80nck0001",
        regionId: "cn-hangzhou",
        name,
        status: "ipsec_sa_established",
        localSubnets: [`10.0.0.0/16${tag}`],
        remoteSubnets: ["192.168.0.0/24"],
        tags: { [tag || "k"]: tag },
        remoteCaCertificate: `-----BEGIN CERTIFICATE-----${tag}\n-----END CERTIFICATE-----`,
    } as VpnConnectionInfo;
}

describe("every text and Markdown rendering", () => {
    const plain = styles(false);

    it("prints no control character of a name, tag or value, and JSON keeps them exactly", () => {
        fc.assert(
            fc.property(hostileText, hostileText, (name, tag) => {
                const c = connection(name, tag);
                const record: VpnConnectionRecord = { connection: c, secrets: {} } as VpnConnectionRecord;
                for (const out of [
                    describeText(record, plain),
                    describeMarkdown(record),
                    listText([c], plain),
                    listMarkdown([c]),
                ]) {
                    expect(printable(out)).toBe(true);
                }
                const report = buildReport(
                    [
                        {
                            vpnConnectionId: c.vpnConnectionId,
                            regionId: c.regionId,
                            name,
                            result: "drifted",
                            drift: [
                                {
                                    kind: "value",
                                    source: "expectation",
                                    path: `tags[${JSON.stringify(tag)}]`,
                                    expected: tag,
                                    actual: name,
                                },
                            ],
                        },
                    ],
                    reportMeta([tag]),
                );
                expect(printable(reportText(report, plain))).toBe(true);
                expect(printable(reportMarkdown(report))).toBe(true);
                expect(printable(markdownCell(name) + markdownCode(tag))).toBe(true);
                expect(JSON.parse(reportJson(report)).connections[0].name).toBe(name);
            }),
        );
    });

    it("audit text and Markdown print no control character from a name, a region or a finding", () => {
        fc.assert(
            fc.property(hostileText, hostileText, (name, value) => {
                const report = buildAuditReport(
                    [
                        {
                            vpnConnectionId: "vco-bp1bbi27hojx80nck0001",
                            regionId: `cn-${value}`,
                            name,
                            findings: [
                                {
                                    ruleId: `custom-${value}`,
                                    severity: "high",
                                    title: value,
                                    path: "ikeConfig.ikeEncAlg",
                                    actual: value,
                                    expected: "not des",
                                    message: `ikeConfig.ikeEncAlg is ${value}`,
                                },
                            ],
                        },
                    ],
                    {
                        policy: recommendedPolicy(),
                        policyFile: null,
                        failOn: "low",
                        checkedAt: new Date(0).toISOString(),
                        toolVersion: "0",
                    },
                );
                expect(printable(auditText(report, plain))).toBe(true);
                expect(printable(auditMarkdown(report))).toBe(true);
            }),
        );
    });

    it("keeps its own colours on a terminal while stripping those in the data", () => {
        const out = reportText(
            buildReport(
                [
                    {
                        vpnConnectionId: "vco-bp1bbi27hojx80nck0001",
                        regionId: "cn-hangzhou",
                        name: "\x1b[32mok\x1b[0m",
                        result: "drifted",
                        drift: [],
                    },
                ],
                reportMeta([]),
            ),
            styles(true),
        );
        expect(out).toContain("\x1b[1m"); // bold id, from the renderer
        expect(out).not.toContain("\x1b[32mok");
        expect(out).toContain("[32mok[0m");
    });
});
