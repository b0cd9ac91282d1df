import { spawn } from "node:child_process";
import { once } from "node:events";
import * as fs from "node:fs";
import * as os from "node:os";
import { createInterface } from "node:readline";
import { join } from "node:path";

import { DEFAULT_CLI_PORT, credentialsLine, main, parseCliArgs, UsageError } from "../emulator/cli";
import { DEFAULT_TEST_CREDENTIALS, FIXTURE_IDS, minimalConnection } from "../emulator";
import { popClient } from "./support/emulator-client";
import { rejectionOf } from "./support/rejection";

const tempDirs: string[] = [];
afterAll(() => {
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes `content` (JSON unless a string) to a file in a fresh temporary folder, removed after the suite. */
function tempFile(name: string, content: unknown): string {
    const dir = fs.mkdtempSync(join(os.tmpdir(), "alicloud-vpn-emulator-cli-"));
    tempDirs.push(dir);
    const file = join(dir, name);
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
}

const CUSTOM_ID = "vco-2zecliFixtureFile00001";
const customFixtures = (): unknown => [
    { regionId: "cn-beijing", connection: { ...minimalConnection(), VpnConnectionId: CUSTOM_ID } },
];

// Some tests of this suite start the emulator's CLI as a child process.
jest.setTimeout(30_000);

const ROOT = join(__dirname, "..");

describe("emulator CLI arguments", () => {
    it("defaults to port 8787, the test credentials, the documented quota and the fixtures", () => {
        expect(parseCliArgs([])).toEqual({
            options: {
                port: DEFAULT_CLI_PORT,
                quota: { limit: 600, windowMs: 60_000 },
                latencyMs: 0,
                seed: true,
                credentials: [DEFAULT_TEST_CREDENTIALS],
            },
            defaultCredentials: true,
        });
        expect(DEFAULT_CLI_PORT).toBe(8787);
    });

    it("reads every flag", () => {
        const config = parseCliArgs([
            "--port",
            "0",
            "--access-key-id",
            "AKID",
            "--access-key-secret",
            "S3cret",
            "--security-token",
            "tok",
            "--quota",
            "3",
            "--quota-window-ms",
            "1000",
            "--latency-ms",
            "20",
            "--no-seed",
        ]);
        expect(config).toEqual({
            options: {
                port: 0,
                quota: { limit: 3, windowMs: 1000 },
                latencyMs: 20,
                seed: false,
                credentials: [{ accessKeyId: "AKID", accessKeySecret: "S3cret", securityToken: "tok" }],
            },
            defaultCredentials: false,
        });
    });

    it.each([
        [["--port", "abc"], /--port must be an integer between 0 and 65535, got "abc"/],
        [["--port", "70000"], /--port/],
        [["--quota", "0"], /--quota must be an integer/],
        [["--quota-window-ms", "-5"], /--quota-window-ms/],
        [["--latency-ms", "fast"], /--latency-ms must be an integer between 0 and 60000/],
        [["--access-key-id", "AKID"], /--access-key-secret is required with --access-key-id/],
        [["--access-key-secret", "S"], /--access-key-id is required with --access-key-secret/],
        [["--access-key-id", "", "--access-key-secret", "S"], /--access-key-id must not be empty/],
        [["--bogus"], /--bogus/],
        [["stray"], /stray/],
    ])("refuses %j, naming the flag", (argv, message) => {
        expect(() => parseCliArgs(argv)).toThrow(UsageError);
        expect(() => parseCliArgs(argv)).toThrow(message);
    });

    it("prints the secret only when it is the documented test secret", () => {
        expect(credentialsLine(DEFAULT_TEST_CREDENTIALS, true)).toContain(
            DEFAULT_TEST_CREDENTIALS.accessKeySecret,
        );
        const line = credentialsLine(
            { accessKeyId: "AKID", accessKeySecret: "S3cret", securityToken: "CAIS-sts-token-value" },
            false,
        );
        expect(line).toContain("AKID");
        expect(line).not.toContain("S3cret");
        expect(line).not.toContain("CAIS-sts-token-value");
    });

    it("exits with 2 and a message naming the flag for bad flags", async () => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(["--port", "x"], { out: (l) => out.push(l), err: (l) => err.push(l) });
        expect(code).toBe(2);
        expect(out).toEqual([]);
        expect(err[0]).toMatch(/^alicloud-vpn-emulator: --port must be an integer/);
        expect(err.join("\n")).toContain("Usage:");
    });

    it("reads a fixtures file, a fault spec file and an admin token", () => {
        const config = parseCliArgs([
            "--fixtures",
            tempFile("fixtures.json", customFixtures()),
            "--faults",
            tempFile("faults.json", [{ kind: "throttling", times: 2, retryAfterMs: 500 }]),
            "--admin-token",
            "pipeline-admin-token",
        ]);
        expect(config.options).toMatchObject({ seed: false, adminToken: "pipeline-admin-token" });
        expect(config.connections).toEqual([
            { regionId: "cn-beijing", connection: expect.objectContaining({ VpnConnectionId: CUSTOM_ID }) },
        ]);
        expect(config.faults).toEqual([{ kind: "throttling", times: 2, retryAfterMs: 500 }]);
        expect(parseCliArgs(["--no-admin"]).options).toMatchObject({ admin: false });
    });

    it.each([
        [() => ["--fixtures", "/nonexistent/fixtures.json"], /--fixtures: cannot read the fixtures file/],
        [
            () => ["--fixtures", tempFile("f.json", "{not json")],
            /--fixtures: the fixtures file .* is not JSON/,
        ],
        [() => ["--fixtures", tempFile("f.json", { not: "an array" })], /must hold a JSON array/],
        [
            () => ["--fixtures", tempFile("f.json", [{ regionId: "mars-1", connection: {} }])],
            /f\.json\[0\]\.regionId must be a region id the emulator knows/,
        ],
        [
            () => ["--fixtures", tempFile("f.json", [{ regionId: "cn-beijing", connection: { Name: "x" } }])],
            /f\.json\[0\]\.connection\.VpnConnectionId must be a non-empty string/,
        ],
        [
            () => ["--faults", tempFile("x.json", [{ kind: "reset" }, { kind: "nope" }])],
            /x\.json\[1\]\.kind must be one of/,
        ],
        [() => ["--admin-token", "short"], /--admin-token must have at least 8 characters/],
        [() => ["--admin-token", "long-enough", "--no-admin"], /cannot be used together/],
        [() => ["--fixtures", tempFile("f.json", []), "--no-seed"], /cannot be used together/],
    ])("refuses bad files and admin flags, naming the flag (%#)", (argv, message) => {
        const args = argv();
        expect(() => parseCliArgs(args)).toThrow(UsageError);
        expect(() => parseCliArgs(args)).toThrow(message);
    });

    it("prints usage for --help and exits with 0", async () => {
        const out: string[] = [];
        expect(await main(["--help"], { out: (l) => out.push(l), err: () => undefined })).toBe(0);
        expect(out.join("\n")).toContain("--access-key-id");
    });
});

describe("emulator CLI process", () => {
    it("prints its endpoint first, serves pop-core, hides a custom secret and stops on SIGTERM", async () => {
        const secret = "CliSecretThatMustNotBePrinted";
        const child = spawn(
            process.execPath,
            [
                "-r",
                "ts-node/register/transpile-only",
                "emulator/cli.ts",
                "--port",
                "0",
                "--access-key-id",
                "LTAI5tCliTestKey",
                "--access-key-secret",
                secret,
                "--quota",
                "5",
            ],
            { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
        );
        const printed: string[] = [];
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const lines = createInterface({ input: child.stdout });
        const iterator = lines[Symbol.asyncIterator]();
        try {
            const first = await iterator.next();
            const second = await iterator.next();
            printed.push(String(first.value), String(second.value));
            const endpoint = String(first.value);
            expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
            expect(String(second.value)).toContain("LTAI5tCliTestKey");

            const body = await popClient(endpoint, {
                accessKeyId: "LTAI5tCliTestKey",
                accessKeySecret: secret,
            }).request<{ VpnConnectionId: string }>("DescribeVpnConnection", {
                RegionId: "cn-hangzhou",
                VpnConnectionId: FIXTURE_IDS.singleTunnel,
            });
            expect(body.VpnConnectionId).toBe(FIXTURE_IDS.singleTunnel);
        } finally {
            child.kill("SIGTERM");
        }
        const [code] = (await once(child, "exit")) as [number | null];
        for await (const line of lines) printed.push(line);
        expect(code).toBe(0);
        expect(printed.join("\n")).not.toContain(secret);
        expect(stderr).not.toContain(secret);
    });
});

describe("emulator CLI process with files and the admin interface", () => {
    it("serves the fixtures file, applies the fault spec file, and prints an admin token that works", async () => {
        const child = spawn(
            process.execPath,
            [
                "-r",
                "ts-node/register/transpile-only",
                "emulator/cli.ts",
                "--port",
                "0",
                "--fixtures",
                tempFile("fixtures.json", customFixtures()),
                "--faults",
                tempFile("faults.json", [{ kind: "throttling", times: 1, retryAfterMs: 250 }]),
            ],
            { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
        );
        const lines = createInterface({ input: child.stdout });
        const iterator = lines[Symbol.asyncIterator]();
        try {
            const endpoint = String((await iterator.next()).value);
            await iterator.next();
            const adminLine = String((await iterator.next()).value);
            const m = /^admin interface (http:\/\/127\.0\.0\.1:\d+\/_emulator) token ([0-9a-f]{32})$/.exec(
                adminLine,
            );
            expect(m).not.toBeNull();
            const [, adminUrl = "", token = ""] = m ?? [];
            expect(adminUrl).toBe(`${endpoint}/_emulator`);

            const client = popClient(endpoint);
            const read = (id: string) =>
                client.request<{ VpnConnectionId: string }>("DescribeVpnConnection", {
                    RegionId: "cn-beijing",
                    VpnConnectionId: id,
                });
            const throttled = (await rejectionOf(read(CUSTOM_ID))) as { code?: string };
            expect(throttled.code).toBe("Throttling.User");
            expect((await read(CUSTOM_ID)).VpnConnectionId).toBe(CUSTOM_ID);
            const builtIn = (await rejectionOf(
                client.request("DescribeVpnConnection", {
                    RegionId: "cn-hangzhou",
                    VpnConnectionId: FIXTURE_IDS.singleTunnel,
                }),
            )) as { code?: string };
            expect(builtIn.code).toBe("InvalidVpnConnectionInstanceId.NotFound");

            const deleted = await fetch(`${adminUrl}/connections/cn-beijing/${CUSTOM_ID}`, {
                method: "DELETE",
                headers: { authorization: `Bearer ${token}` },
            });
            expect(deleted.status).toBe(204);
            const gone = (await rejectionOf(read(CUSTOM_ID))) as { code?: string };
            expect(gone.code).toBe("InvalidVpnConnectionInstanceId.NotFound");
        } finally {
            child.kill("SIGTERM");
        }
        const [code] = (await once(child, "exit")) as [number | null];
        expect(code).toBe(0);
    });
});
