/**
 * Hostile files and terminal text through the `alicloud-vpn` command, run as a child process against the
 * emulator: baselines and expectation files read only from regular files of bounded size, `snapshot
 * --out` checked before any call, baseline file modes, `--ignore` checked like `expect`, and no control
 * character from the API or the user printed in text or Markdown (JSON exact).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { FIXTURE_IDS, FIXTURE_REGIONS } from "../emulator";
import { MAX_INPUT_FILE_BYTES } from "../cli/files";
import { COMMAND, useCommand } from "./support/command";
import { useEmulator } from "./support/emulator";
import { type Run, runNode } from "./support/process";

jest.setTimeout(60_000);

const ID = FIXTURE_IDS.singleTunnel;
const HZ = FIXTURE_REGIONS.singleTunnel;
/** Every control character a hostile name would carry but tab and newline. */
// eslint-disable-next-line no-control-regex -- the point of the test
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const vpc = useEmulator({ scope: "each" });
const command = useCommand(vpc, {
    prefix: "hostile",
    extraArgs: ["--region", HZ],
    // A hang (a FIFO read) fails the test with what was printed, instead of the suite's timeout.
    timeoutMs: 20_000,
});
const cli = (args: string[]): Promise<Run> => command.run(args);
const file = command.file;

/** Asserts exit status 2 with one line on stderr, naming the argument, and no request made. */
function expectRefused(run: Run, argument: string): string {
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`invalid ${argument}:`);
    expect(vpc.emulator.requests).toHaveLength(0);
    return lines[0]!;
}

async function snapshot(name: string): Promise<string> {
    const run = await cli(["snapshot", ID, "--out", file(name)]);
    expect(run.code).toBe(0);
    vpc.emulator.clearRequests();
    return file(name);
}

describe("files read: regular files of bounded size only", () => {
    it.each(["--baseline", "--expect"])("a FIFO as %s is refused at once, not waited on", async (flag) => {
        const fifo = file("pipe");
        execFileSync("mkfifo", [fifo]);
        const args = flag === "--baseline" ? ["drift", "--baseline", fifo] : ["drift", "--expect", fifo];
        const line = expectRefused(await cli(args), flag);
        expect(line).toContain(`cannot read ${fifo}: a named pipe (FIFO); expected a regular file`);
    });

    it.each(["--baseline", "--expect"])("/dev/zero as %s is refused without reading it", async (flag) => {
        const args =
            flag === "--baseline" ? ["drift", "--baseline", "/dev/zero"] : ["drift", "--expect", "/dev/zero"];
        const run = await cli(args);
        expect(expectRefused(run, flag)).toContain("cannot read /dev/zero: a character device");
        expect(run.stderr).not.toMatch(/bad_alloc|heap/i);
    });

    it("a directory is refused", async () => {
        expect(expectRefused(await cli(["drift", "--baseline", command.work]), "--baseline")).toContain(
            "a directory",
        );
    });

    it.each(["--baseline", "--expect"])(
        "a %s file over the size limit is refused before it is read",
        async (flag) => {
            const big = file("big.json");
            // Sparse: the size is what is checked, nothing is written to disk.
            fs.writeFileSync(big, "");
            fs.truncateSync(big, MAX_INPUT_FILE_BYTES + 1);
            const args = flag === "--baseline" ? ["drift", "--baseline", big] : ["drift", "--expect", big];
            expect(expectRefused(await cli(args), flag)).toContain(
                `${MAX_INPUT_FILE_BYTES + 1} bytes, more than the limit of ${MAX_INPUT_FILE_BYTES} bytes (32 MiB)`,
            );
        },
    );

    it("a file at the limit's side of it is read (the limit is not off by one in the other direction)", async () => {
        const baseline = await snapshot("ok.json");
        expect(fs.statSync(baseline).size).toBeLessThan(MAX_INPUT_FILE_BYTES);
        const run = await cli(["drift", "--baseline", baseline]);
        expect(run.code).toBe(0);
    });
});

describe("snapshot --out: checked before any call, modes kept", () => {
    it("a folder that does not exist is named, with the user's path, before any call", async () => {
        const target = file("missing-folder/baseline.json");
        const line = expectRefused(await cli(["snapshot", ID, "--out", target]), "--out");
        expect(line).toContain(`cannot write ${target}: its folder does not exist`);
        expect(line).not.toMatch(/\.tmp/);
    });

    it("a path whose folder is a file is refused before any call", async () => {
        fs.writeFileSync(file("plain"), "x");
        const line = expectRefused(
            await cli(["snapshot", ID, "--out", file("plain/baseline.json")]),
            "--out",
        );
        expect(line).toContain("is not a directory");
    });

    it("a directory as --out is refused before any call", async () => {
        fs.mkdirSync(file("dir"));
        expect(expectRefused(await cli(["snapshot", ID, "--out", file("dir")]), "--out")).toContain(
            "a directory",
        );
        expect(expectRefused(await cli(["snapshot", ID, "--out", `${command.work}/`]), "--out")).toContain(
            "a directory",
        );
    });

    it("creates a new baseline readable by its owner only", async () => {
        const baseline = await snapshot("new.json");
        expect(fs.statSync(baseline).mode & 0o777).toBe(0o600);
        expect(fs.readdirSync(command.work)).toEqual(["new.json"]);
    });

    it.each([0o600, 0o640, 0o644])("keeps the mode %o of a baseline it replaces", async (mode) => {
        const target = file("kept.json");
        fs.writeFileSync(target, "{}");
        fs.chmodSync(target, mode);
        await snapshot("kept.json");
        expect(fs.statSync(target).mode & 0o777).toBe(mode);
        expect(JSON.parse(fs.readFileSync(target, "utf8")).kind).toBe("alicloud-vpn/baseline");
    });
});

describe("--ignore is checked like expect", () => {
    it.each([
        "__proto__",
        "constructor",
        "toString",
        "hasOwnProperty",
        "ikeConfig.__proto__",
        "tunnelOptions[*].constructor",
    ])("--ignore %s is refused as an unknown output, before any call", async (pattern) => {
        const baseline = await snapshot("b.json");
        const line = expectRefused(
            await cli(["drift", "--baseline", baseline, "--ignore", pattern]),
            "--ignore",
        );
        expect(line).toContain("is not an output of a VPN connection");
    });

    it("an expectation file naming prototype-like keys is refused as unknown outputs, not secrets", async () => {
        for (const key of ["constructor", "toString", "__proto__"]) {
            fs.writeFileSync(file("e.json"), `{"connections": {"*": {${JSON.stringify(key)}: "x"}}}`);
            const line = expectRefused(await cli(["drift", "--expect", file("e.json")]), "--expect");
            expect(line).toContain(`connections.*.${key}: not an output of a VPN connection`);
            expect(line).not.toContain("secret");
        }
    });
});

describe("echoed values are cut", () => {
    it("a 10 KB region id is quoted in 48 characters", async () => {
        const run = await runNode(
            [COMMAND, "describe", ID, "--region", "x".repeat(10_000), "--endpoint", vpc.endpoint],
            { PATH: process.env.PATH, HOME: command.work, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" },
        );
        const line = expectRefused(run, "--region");
        expect(line.length).toBeLessThan(400);
        expect(line).not.toContain("x".repeat(49));
    });

    it("a 10 KB path is shown shortened", async () => {
        const long = file(`${"d".repeat(200)}/${"f".repeat(200)}/${"g".repeat(200)}.json`);
        const line = expectRefused(await cli(["drift", "--baseline", long]), "--baseline");
        expect(line.length).toBeLessThan(400);
    });
});

describe("terminal output: no control character from the API or the user", () => {
    const HOSTILE = "office\x1b[2J\x1b]0;pwned\x07\rIN SYNC\u009b31m";

    beforeEach(() => {
        const live = vpc.emulator.getConnection(HZ, ID)!;
        vpc.emulator.putConnection(HZ, {
            ...live,
            Name: HOSTILE,
            Tag: undefined,
            Tags: { Tag: [{ Key: "o\x1bwner", Value: "a\rb" }] },
        } as never);
    });

    it.each([
        ["describe", "text"],
        ["describe", "markdown"],
        ["list", "text"],
        ["list", "markdown"],
    ])("%s as %s strips them", async (command, output) => {
        const args = command === "describe" ? ["describe", ID] : ["list"];
        const run = await cli([...args, "--output", output]);
        expect(run.code).toBe(0);
        expect(run.stdout).toContain("office");
        expect(run.stdout).not.toMatch(CONTROL);
    });

    it("JSON keeps the name exactly", async () => {
        const run = await cli(["describe", ID, "--output", "json"]);
        expect(run.code).toBe(0);
        expect(JSON.stringify(JSON.parse(run.stdout))).toContain(JSON.stringify(HOSTILE).slice(1, -1));
    });

    it.each(["text", "markdown"])("a drift report as %s strips them", async (output) => {
        fs.writeFileSync(file("e.json"), JSON.stringify({ connections: { [ID]: { name: "office" } } }));
        const run = await cli(["drift", "--expect", file("e.json"), "--output", output]);
        expect(run.code).toBe(1);
        expect(run.stdout).toContain("office");
        expect(run.stdout).not.toMatch(CONTROL);
    });

    it("Alibaba's error message and the user's argument reach stderr without them", async () => {
        vpc.emulator.injectFault({
            kind: "error",
            code: "Forbidden.RAM",
            message: "denied\x1b[2J\x07\rall good",
        });
        const run = await cli(["describe", ID]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("denied");
        expect(run.stderr.trimEnd()).not.toMatch(CONTROL);
        const typed = await cli(["describe", ID, "--output", "te\x1b[31mxt"]);
        expect(typed.code).toBe(2);
        expect(typed.stderr.trimEnd()).not.toMatch(CONTROL);
    });
});
