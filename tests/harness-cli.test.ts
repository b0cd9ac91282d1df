import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseCliArgs } from "../harness/cli";
import { ROOT, Run, runNode } from "./support/process";

// Each test of this suite runs the preview CLI as a child process, which starts a provider host.
jest.setTimeout(60_000);

const PROGRAM_DIR = path.join(__dirname, "fixtures", "harness-program");
const BUILT_CLI = path.join(ROOT, "dist", "harness", "cli.js");

/**
 * The CLI from its TypeScript source (ts-node, transpile-only), so the suite does not depend on a
 * fresh build; the built file is exercised separately below.
 */
function runCli(...args: string[]): Promise<Run> {
    return runNode(["-r", "ts-node/register/transpile-only", path.join(ROOT, "harness", "cli.ts"), ...args]);
}

describe("alicloud-vpn-preview command line parsing", () => {
    it("defaults to the current directory, no stack and no config", () => {
        expect(parseCliArgs([])).toEqual({ cwd: process.cwd(), stack: undefined, config: {}, help: false });
    });

    it("collects repeated --config key=value pairs, keeping '=' in values", () => {
        const args = parseCliArgs([
            "--cwd",
            "x",
            "--stack",
            "prod",
            "--config",
            "a:b=1",
            "--config",
            "c=d=e",
        ]);
        expect(args).toEqual({
            cwd: path.resolve("x"),
            stack: "prod",
            config: { "a:b": "1", c: "d=e" },
            help: false,
        });
    });

    it.each([
        [["--bogus"], "'--bogus'"],
        [["--config", "novalue"], "--config expects key=value, got 'novalue'"],
        [["--stack"], "--stack"],
        [["--stack", "a b"], "--stack: invalid stack name 'a b'"],
        [["extra"], "extra"],
    ])("rejects %j with a message naming the flag", (argv, fragment) => {
        expect(() => parseCliArgs(argv)).toThrow(fragment);
    });
});

describe("alicloud-vpn-preview as a child process", () => {
    it("prints the preview and exits 0", async () => {
        const run = await runCli(
            "--cwd",
            PROGRAM_DIR,
            "--config",
            "test:greeting=hi",
            "--config",
            "alicloud:region=cn-hangzhou",
        );
        expect(run.stderr).not.toContain("error");
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^Previewing update \(dev\):\n/);
        expect(run.stdout).toMatch(/^ > {3}├─ pulumi-nodejs:dynamic:Resource +first +read$/m);
        expect(run.stdout).toContain('        greeting    : "hi"\n');
        expect(run.stdout).toContain("    secretValue        : [secret]\n");
        expect(run.stdout).not.toContain("s3cret");
    });

    it("reads Pulumi.<stack>.yaml, and --config overrides it", async () => {
        const run = await runCli(
            "--cwd",
            PROGRAM_DIR,
            "--stack",
            "ci",
            "--config",
            "alicloud:region=eu-central-1",
        );
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^Previewing update \(ci\):\n/);
        expect(run.stdout).toContain('    greeting           : "from the stack file"\n');
        expect(run.stdout).toContain('    region             : "eu-central-1"\n');
    });

    it("prints the provider's error and exits 1 when a read fails", async () => {
        const run = await runCli("--cwd", PROGRAM_DIR, "--config", "test:firstId=missing");
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(
            "Diagnostics:\n    error: Fake connection missing not found (code FakeNotFound, RequestId req-0001)\n",
        );
        expect(run.stdout).toContain("error: preview failed (1 error)");
    });

    it("exits 1 with a clear message when the directory holds no Pulumi project", async () => {
        const run = await runCli("--cwd", __dirname);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("error: No project name");
    });

    it("exits 2 and names the flag on a bad argument", async () => {
        const run = await runCli("--cwd", PROGRAM_DIR, "--colour");
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("error: Unknown option '--colour'");
        expect(run.stderr).toContain("Usage: alicloud-vpn-preview");
    });

    // `npm test` builds first; a bare `jest` run without a build skips this one.
    (fs.existsSync(BUILT_CLI) ? it : it.skip)(
        "runs from the build, loading the TypeScript program with the project's ts-node",
        async () => {
            expect(fs.readFileSync(BUILT_CLI, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
            const run = await runNode([BUILT_CLI, "--cwd", PROGRAM_DIR, "--config", "test:greeting=built"]);
            expect(run.code).toBe(0);
            expect(run.stdout).toMatch(/^ {4}greeting +: "built"$/m);
        },
    );
});

describe("the provider host process", () => {
    it("exits by itself when the process that started it is killed", async () => {
        const script = `
            const { ProviderHost } = require(${JSON.stringify(path.join(ROOT, "harness", "host.ts"))});
            ProviderHost.start({ cwd: ${JSON.stringify(PROGRAM_DIR)} }).then((h) => console.log("host " + h.pid));
            setInterval(() => undefined, 1000);`;
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
            cwd: ROOT,
        });
        const hostPid = await new Promise<number>((resolve, reject) => {
            child.stdout.on("data", (d: Buffer) => {
                const match = /host (\d+)/.exec(d.toString());
                if (match?.[1]) {
                    resolve(Number(match[1]));
                }
            });
            child.on("exit", () => reject(new Error("the parent exited first")));
        });
        child.kill("SIGKILL");
        const deadline = Date.now() + 10_000;
        let alive = true;
        while (alive && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 100));
            try {
                process.kill(hostPid, 0);
            } catch {
                alive = false;
            }
        }
        if (alive) {
            process.kill(hostPid, "SIGKILL");
        }
        expect(alive).toBe(false);
    });
});
