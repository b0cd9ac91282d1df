/**
 * The parts of the `alicloud-vpn` command that need no process: terminal decisions (colour, progress),
 * report renderings, expectation files, atomic writes, bounded concurrency, error lines.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFileAtomic } from "../cli/files";
import { mapLimit } from "../cli/context";
import { PROGRESS_THRESHOLD, type Terminal, progress, styles, useColour } from "../cli/terminal";
import { expectationFor, parseExpectations } from "../cli/expectations";
import { main, errorLine } from "../cli/main";
import {
    type DriftReport,
    buildReport,
    markdownCell,
    markdownCode,
    reportMarkdown,
    reportText,
} from "../cli/report";
import { VpcInvalidInputError } from "../provider/errors";
import { thrownBy } from "./support/rejection";

/** A stream that records what is written; a terminal when `isTTY`. */
function stream(isTTY: boolean): NodeJS.WritableStream & { isTTY: boolean; text: string } {
    const s = {
        isTTY,
        text: "",
        write(chunk: string, cb?: (e?: Error | null) => void): boolean {
            s.text += chunk;
            cb?.();
            return true;
        },
    };
    return s as unknown as NodeJS.WritableStream & { isTTY: boolean; text: string };
}

function terminal(
    tty: boolean,
    env: NodeJS.ProcessEnv = {},
): Terminal & { stdout: { text: string }; stderr: { text: string } } {
    return { stdout: stream(tty), stderr: stream(tty), env } as Terminal & {
        stdout: { text: string };
        stderr: { text: string };
    };
}

const sample: DriftReport = buildReport(
    [
        {
            vpnConnectionId: "vco-bp1bbi27hojx80nck0001",
            regionId: "cn-hangzhou",
            name: "a|b *name*",
            result: "drifted",
            drift: [
                { kind: "value", source: "baseline", path: "tags.k", expected: "x|y", actual: "z`w" },
                { kind: "secret", source: "baseline", path: "psk", change: "changed" },
            ],
        },
        {
            vpnConnectionId: "vco-bp17pzl3k5qpfb2xn0002",
            regionId: "cn-hangzhou",
            result: "in-sync",
            drift: [],
        },
    ],
    {
        checkedAt: "2026-01-01T00:00:00.000Z",
        toolVersion: "0.1.0",
        baseline: null,
        expectations: true,
        all: false,
        ignored: [],
        read: "by-id",
        notCompared: [],
    },
);

describe("terminal decisions", () => {
    it("colours only a terminal, and never with NO_COLOR set or TERM=dumb", () => {
        expect(useColour({ isTTY: true }, {})).toBe(true);
        expect(useColour({ isTTY: false }, {})).toBe(false);
        expect(useColour({}, {})).toBe(false);
        expect(useColour({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
        expect(useColour({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
        expect(useColour({ isTTY: true }, { TERM: "dumb" })).toBe(false);
        expect(reportText(sample, styles(true))).toContain("\x1b[31mdrifted\x1b[39m");
        expect(reportText(sample, styles(false))).not.toContain("\x1b[");
    });

    it("shows progress on a terminal only, and only for many connections", () => {
        const many = PROGRESS_THRESHOLD;
        const pipe = terminal(false);
        const p1 = progress(pipe, "reading", many);
        p1.tick();
        p1.done();
        expect(pipe.stderr.text).toBe("");
        const few = terminal(true);
        progress(few, "reading", many - 1).tick();
        expect(few.stderr.text).toBe("");
        const tty = terminal(true);
        const p2 = progress(tty, "reading connections", many);
        p2.tick();
        p2.done();
        expect(tty.stderr.text).toBe(
            `\rreading connections: 0/${many}\rreading connections: 1/${many}\r\x1b[2K`,
        );
        expect(tty.stdout.text).toBe("");
    });
});

describe("report renderings", () => {
    it("counts results and says whether all is in sync", () => {
        expect(sample.inSync).toBe(false);
        expect(sample.summary).toEqual({ checked: 2, inSync: 1, drifted: 1, deleted: 0, new: 0 });
        expect(sample.connections[0]!.vpnConnectionId).toBe("vco-bp17pzl3k5qpfb2xn0002"); // sorted by id
    });

    it("renders text with one line per difference and a summary", () => {
        expect(reportText(sample, styles(false))).toBe(
            [
                "vco-bp17pzl3k5qpfb2xn0002 (cn-hangzhou): in sync",
                "vco-bp1bbi27hojx80nck0001 a|b *name* (cn-hangzhou): drifted",
                '  tags.k: expected "x|y", got "z`w" [baseline]',
                "  psk: fingerprint changed [baseline]",
                "",
                "Drift: 1 of 2 connections (1 drifted).",
                "",
            ].join("\n"),
        );
    });

    it("renders Markdown tables whose cells cannot break the table", () => {
        const md = reportMarkdown(sample);
        expect(md).toContain("| `vco-bp1bbi27hojx80nck0001` | a\\|b \\*name\\* | cn-hangzhou | drifted |");
        expect(md).toContain('| `tags.k` | `"x\\|y"` | `` "z`w" `` | baseline |');
        expect(md).toContain("| `psk` | (secret) | fingerprint changed | baseline |");
        // Every table row has exactly the columns of its header.
        for (const line of md.split("\n").filter((l) => l.startsWith("|"))) {
            const columns = line.replace(/\\\|/g, "").split("|").length - 2;
            expect([4]).toContain(columns);
        }
        expect(markdownCell("<b>&")).toBe("&lt;b&gt;&amp;");
        expect(markdownCode("a\nb")).toBe("`a b`");
    });
});

describe("expectation files", () => {
    it("merges a connection's expectation over the shared one, block by block", () => {
        const file = parseExpectations(
            JSON.stringify({
                connections: {
                    "*": { ikeConfig: { ikeVersion: "ikev2", ikeEncAlg: "aes256" }, tags: { env: "prod" } },
                    "vco-bp1bbi27hojx80nck0001": {
                        ikeConfig: { ikeEncAlg: "aes128" },
                        tags: { team: "net" },
                    },
                },
            }),
            "expect.json",
        );
        expect(expectationFor(file, "vco-bp1bbi27hojx80nck0001")).toEqual({
            ikeConfig: { ikeVersion: "ikev2", ikeEncAlg: "aes128" },
            tags: { env: "prod", team: "net" },
        });
        expect(expectationFor(file, "vco-bp17pzl3k5qpfb2xn0002")).toEqual(file.shared);
        expect(expectationFor({ byId: new Map() }, "vco-bp1bbi27hojx80nck0001")).toBeUndefined();
    });

    it.each([
        ["[]", "expected a JSON object"],
        ['{"connection": {}}', 'unknown key "connection"'],
        ['{"schemaVersion": 2, "connections": {"*": {}}}', "schemaVersion must be 1"],
        ['{"connections": {}}', '"connections" is empty'],
        ['{"connections": {"vco-X": {}}}', "expected a VPN connection id"],
        ['{"connections": {"*": {"name": 3}}}', "connections.*.name: expected a string"],
        ["{", "not valid JSON"],
    ])("refuses %s", (text, message) => {
        const error = thrownBy(() => parseExpectations(text, "expect.json"));
        expect(error).toBeInstanceOf(VpcInvalidInputError);
        expect((error as VpcInvalidInputError).argument).toBe("--expect");
        expect((error as Error).message).toContain("expect.json");
        expect((error as Error).message).toContain(message);
    });
});

describe("atomic writes", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-atomic-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("replaces the file whole and leaves no temporary file", () => {
        const target = path.join(dir, "baseline.json");
        fs.writeFileSync(target, "old");
        writeFileAtomic(target, "new content");
        expect(fs.readFileSync(target, "utf8")).toBe("new content");
        expect(fs.readdirSync(dir)).toEqual(["baseline.json"]);
    });

    it("leaves the old file and no temporary file when the rename fails", () => {
        const target = path.join(dir, "taken");
        fs.mkdirSync(target);
        fs.writeFileSync(path.join(target, "inside"), "x");
        expect(() => writeFileAtomic(target, "new")).toThrow();
        expect(fs.readdirSync(dir)).toEqual(["taken"]);
    });
});

describe("bounded concurrency", () => {
    it("runs at most `limit` at once and keeps the order of the results", async () => {
        let active = 0;
        let most = 0;
        let done = 0;
        const results = await mapLimit(
            [5, 1, 4, 2, 3, 0, 6],
            3,
            async (n) => {
                active += 1;
                most = Math.max(most, active);
                for (let i = 0; i < n; i++) await Promise.resolve();
                active -= 1;
                return n * 10;
            },
            () => (done += 1),
        );
        expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
        expect(most).toBe(3);
        expect(done).toBe(7);
        expect(await mapLimit([], 4, async () => 1)).toEqual([]);
    });
});

describe("main", () => {
    it("writes help to stdout and returns 0; an unknown command returns 2 with commander's line", async () => {
        const t = terminal(false);
        expect(await main(["--help"], t)).toBe(0);
        expect(t.stdout.text).toContain("Usage: alicloud-vpn");
        const u = terminal(false);
        expect(await main(["frobnicate"], u)).toBe(2);
        expect(u.stderr.text).toBe("error: unknown command 'frobnicate'\n");
    });

    it("keeps an error to one line", () => {
        expect(errorLine(new Error("first\n   second"))).toBe("first second");
        expect(errorLine("plain")).toBe("plain");
    });
});
