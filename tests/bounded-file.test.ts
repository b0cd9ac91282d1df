/**
 * The one bounded file read (`provider/bounded-file.ts`) and every file it guards that is not a baseline
 * or an expectation file (those are in `hostile-files.test.ts`): a posture policy (`audit --policy`) and
 * the emulator's fixtures and fault files (`--fixtures`, `--faults`). A FIFO, a device, a directory or an
 * oversized file is refused at once with its reason, never waited on or read whole. The command and the
 * emulator run as child processes, so that a blocking read would fail the test at its time limit
 * instead of blocking Jest's worker.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FileReadRefusedError, readRegularFile } from "../provider/bounded-file";
import { FIXTURE_IDS } from "../emulator";
import { MAX_POLICY_BYTES } from "../cli/commands/audit";
import { MAX_FAULTS_FILE_BYTES, MAX_FIXTURES_FILE_BYTES } from "../emulator/spec-files";
import { COMMAND } from "./support/command";
import { commandEnv } from "./support/emulator";
import { ROOT, runNode } from "./support/process";
import { thrownBy } from "./support/rejection";

jest.setTimeout(60_000);

const EMULATOR_CLI = path.join(ROOT, "dist", "emulator", "cli.js");
/** Far longer than a refusal takes; a blocking read ends the child here and fails the test. */
const CHILD_LIMIT_MS = 20_000;

let work: string;

beforeAll(() => {
    for (const built of [COMMAND, EMULATOR_CLI]) {
        if (!fs.existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
    }
});

beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-bounded-"));
});

afterEach(() => {
    fs.rmSync(work, { recursive: true, force: true });
});

const file = (name: string): string => path.join(work, name);

function fifo(name: string): string {
    const p = file(name);
    execFileSync("mkfifo", [p]);
    return p;
}

function reasonOf(p: string, maxBytes = 1024): string {
    const e = thrownBy(() => readRegularFile(p, maxBytes));
    expect(e).toBeInstanceOf(FileReadRefusedError);
    return (e as FileReadRefusedError).reason;
}

describe("readRegularFile", () => {
    it("reads a regular file whole, up to its limit", () => {
        fs.writeFileSync(file("ok.json"), "é".repeat(512)); // 1,024 bytes
        expect(readRegularFile(file("ok.json"), 1024)).toBe("é".repeat(512));
    });

    it.each([
        ["a FIFO without a writer", () => fifo("pipe"), "a named pipe (FIFO); expected a regular file"],
        ["a character device", () => "/dev/zero", "a character device; expected a regular file"],
        ["a directory", () => work, "a directory"],
        ["a missing file", () => file("missing.json"), "no such file"],
        ["an empty path", () => "", "no file named"],
    ])("refuses %s at once", (_what, make, reason) => {
        expect(reasonOf(make())).toContain(reason);
    });

    it("refuses a file larger than its limit, by its size", () => {
        fs.writeFileSync(file("big.json"), "x".repeat(1025));
        expect(reasonOf(file("big.json"))).toBe("1025 bytes, more than the limit of 1024 bytes (0 MiB)");
    });
});

describe("audit --policy", () => {
    const audit = (policy: string) =>
        runNode(
            [
                COMMAND,
                "audit",
                FIXTURE_IDS.singleTunnel,
                "--policy",
                policy,
                "--endpoint",
                "http://127.0.0.1:9",
            ],
            commandEnv(work),
            CHILD_LIMIT_MS,
        );

    it("refuses a FIFO before any call, instead of waiting for a writer", async () => {
        const p = fifo("policy.json");
        const run = await audit(p);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(
            `invalid --policy: cannot read ${p}: a named pipe (FIFO); expected a regular file`,
        );
    });

    it("refuses a policy larger than its limit, without reading it", async () => {
        fs.writeFileSync(file("policy.json"), "");
        fs.truncateSync(file("policy.json"), MAX_POLICY_BYTES + 1);
        const run = await audit(file("policy.json"));
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(
            `${MAX_POLICY_BYTES + 1} bytes, more than the limit of ${MAX_POLICY_BYTES} bytes`,
        );
    });
});

describe("the emulator's --fixtures and --faults", () => {
    const emulator = (args: string[]) => runNode([EMULATOR_CLI, ...args], commandEnv(work), CHILD_LIMIT_MS);

    it.each(["--fixtures", "--faults"])("%s refuses a FIFO instead of waiting for a writer", async (flag) => {
        const p = fifo("spec.json");
        const run = await emulator([flag, p]);
        expect(run.code).not.toBe(0);
        expect(run.stderr).toContain("a named pipe (FIFO); expected a regular file");
    });

    it.each([
        ["--fixtures", MAX_FIXTURES_FILE_BYTES],
        ["--faults", MAX_FAULTS_FILE_BYTES],
    ])("%s refuses a file larger than its limit", async (flag, limit) => {
        fs.writeFileSync(file("spec.json"), "");
        fs.truncateSync(file("spec.json"), limit + 1);
        const run = await emulator([flag, file("spec.json")]);
        expect(run.code).not.toBe(0);
        expect(run.stderr).toContain(`${limit + 1} bytes, more than the limit of ${limit} bytes`);
    });
});
