/**
 * The `alicloud-vpn` command end to end: the built command run as a child process, as a pipeline runs
 * it, against the emulator on a loopback port, with credentials from the environment. Exit statuses,
 * reports checked against the committed JSON Schema, baselines that hold no key, and every kind of
 * drift the emulator can be made to show.
 */
import Ajv from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    DEFAULT_TEST_CREDENTIALS,
    FIXTURE_IDS,
    FIXTURE_REGIONS,
    FIXTURE_SECRETS,
    makeFleet,
    singleTunnelConnection,
} from "../emulator";
import type { WireVpnConnection } from "../provider/wire";
import { COMMAND_RUN_TIMEOUT_MS, useCommand } from "./support/command";
import { useEmulator } from "./support/emulator";
import { ROOT, type Run } from "./support/process";

const SCHEMA = JSON.parse(
    fs.readFileSync(path.join(ROOT, "cli", "drift-report.schema.json"), "utf8"),
) as object;
const validateReport = new Ajv({ strict: true, allErrors: true }).compile(SCHEMA);
const HZ = FIXTURE_REGIONS.singleTunnel;

// A test runs up to four commands one after the other (and a few more in the hand-edited baseline
// cases), each bounded by COMMAND_RUN_TIMEOUT_MS; Jest's default of 5 s is too short on a loaded machine.
jest.setTimeout(4 * COMMAND_RUN_TIMEOUT_MS);

const vpc = useEmulator({ scope: "each" });
const command = useCommand(vpc, { prefix: "cli" });
const file = command.file;

/** Runs `alicloud-vpn <args> --endpoint <emulator>` in the work folder. */
function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}, withEndpoint = true): Promise<Run> {
    return command.run(args, { env: extraEnv, endpoint: withEndpoint });
}

/** Asserts the one-line error of exit status 2 and returns it. */
function expectError(run: Run): string {
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(run.stderr).not.toMatch(/^\s+at /m); // no stack trace
    return lines[0]!;
}

function report(run: Run): {
    inSync: boolean;
    summary: Record<string, number>;
    connections: Array<{ vpnConnectionId: string; result: string; drift: Array<Record<string, unknown>> }>;
} {
    const parsed = JSON.parse(run.stdout) as ReturnType<typeof report>;
    const valid = validateReport(parsed);
    if (!valid) throw new Error(`report does not match the schema: ${JSON.stringify(validateReport.errors)}`);
    return parsed;
}

function patch(regionId: string, id: string, change: (c: WireVpnConnection) => void): void {
    const c = vpc.emulator.getConnection(regionId, id)!;
    change(c);
    vpc.emulator.putConnection(regionId, c);
}

function expectNoSecret(text: string): void {
    for (const secret of Object.values(FIXTURE_SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain("rotated-KEY");
    expect(text).not.toContain(DEFAULT_TEST_CREDENTIALS.accessKeySecret);
}

async function snapshotAll(extra: string[] = []): Promise<void> {
    const run = await cli(["snapshot", "--all", "--region", HZ, "--out", "@baseline.json", ...extra]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
}

describe("alicloud-vpn: common behaviour", () => {
    it("prints help and the version with exit status 0", async () => {
        const help = await cli(["--help"], {}, false);
        expect(help.code).toBe(0);
        expect(help.stdout).toContain("Exit status: 0 success");
        for (const command of ["describe", "list", "snapshot", "drift"]) {
            expect(help.stdout).toContain(command);
        }
        const driftHelp = await cli(["drift", "--help"], {}, false);
        expect(driftHelp.code).toBe(0);
        for (const flag of [
            "--region",
            "--endpoint",
            "--profile",
            "--output",
            "--baseline",
            "--ignore",
            "--all",
        ]) {
            expect(driftHelp.stdout).toContain(flag);
        }
        const version = await cli(["--version"], {}, false);
        expect(version.code).toBe(0);
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
            version: string;
        };
        expect(version.stdout.trim()).toBe(pkg.version);
        expect((await cli(["list", "--version"], {}, false)).stdout.trim()).toBe(pkg.version);
    });

    it("exits 2 with one line on an unknown flag, a bad output format or no command", async () => {
        expect(expectError(await cli(["drift", "--bogus"]))).toContain("unknown option '--bogus'");
        expect(expectError(await cli(["list", "--output", "yaml"]))).toContain("--output");
        expect((await cli([], {}, false)).code).toBe(2);
    });

    it("names the missing region and every place it looked", async () => {
        const line = expectError(await cli(["list"]));
        expect(line).toContain("--region");
        expect(line).toContain("ALIBABA_CLOUD_REGION_ID");
    });

    it("takes the region from the environment, as the provider does", async () => {
        const run = await cli(["list"], { ALIBABA_CLOUD_REGION_ID: HZ });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(FIXTURE_IDS.singleTunnel);
    });

    it("refuses a plain-http endpoint that is not loopback before any call", async () => {
        const line = expectError(
            await cli(["list", "--region", HZ, "--endpoint", "http://example.com"], {}, false),
        );
        expect(line).toContain("--endpoint");
        expect(vpc.emulator.requests).toHaveLength(0);
    });

    it("reports refused credentials in one line that holds no secret", async () => {
        const run = await cli(["describe", FIXTURE_IDS.singleTunnel, "--region", HZ], {
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: "wrong-secret-value-1234",
        });
        const line = expectError(run);
        expect(line).toContain("SignatureDoesNotMatch");
        expect(line).not.toContain("wrong-secret-value-1234");
        expect(line).not.toContain(DEFAULT_TEST_CREDENTIALS.accessKeyId);
    });

    it("reads the credentials of --profile from ~/.aliyun/config.json", async () => {
        fs.mkdirSync(path.join(command.work, ".aliyun"));
        fs.writeFileSync(
            path.join(command.work, ".aliyun", "config.json"),
            JSON.stringify({
                current: "other",
                profiles: [
                    {
                        name: "pipeline",
                        mode: "AK",
                        access_key_id: DEFAULT_TEST_CREDENTIALS.accessKeyId,
                        access_key_secret: DEFAULT_TEST_CREDENTIALS.accessKeySecret,
                    },
                    {
                        name: "other",
                        mode: "AK",
                        access_key_id: "LTAIotherkey000",
                        access_key_secret: "nope",
                    },
                ],
            }),
        );
        const noKeys = { ALIBABA_CLOUD_ACCESS_KEY_ID: "", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "" };
        const run = await cli(
            ["describe", FIXTURE_IDS.minimal, "--region", "cn-shanghai", "--profile", "pipeline"],
            noKeys,
        );
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        expect(run.stdout).toContain("branch-shanghai");
    });
});

describe("alicloud-vpn describe", () => {
    it("shows every output as a table, naming the keys without showing them", async () => {
        const run = await cli(["describe", FIXTURE_IDS.singleTunnel, "--region", HZ]);
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/ikeConfig\.ikeEncAlg\s+aes256/);
        expect(run.stdout).toMatch(/tags\.cost-center\s+cc-1042/);
        expect(run.stdout).toMatch(/secrets\s+psk, bgpAuthKey \(present, not shown\)/);
        expect(run.stdout).not.toContain("\x1b["); // no colour off a terminal
        expectNoSecret(run.stdout + run.stderr);
    });

    it("prints the model as JSON and Markdown", async () => {
        const json = await cli(["describe", FIXTURE_IDS.dualTunnel, "--region", HZ, "--output", "json"]);
        expect(json.code).toBe(0);
        const body = JSON.parse(json.stdout) as {
            schemaVersion: number;
            connection: { tunnelOptions: unknown[] };
            secretsPresent: string[];
        };
        expect(body.schemaVersion).toBe(1);
        expect(body.connection.tunnelOptions).toHaveLength(2);
        expect(body.secretsPresent).toEqual([
            "tunnelPsks.tun-bp1a2p4m6r8t0v2x4z601",
            "tunnelPsks.tun-bp1b3q5n7s9u1w3y5a702",
        ]);
        const md = await cli(["describe", FIXTURE_IDS.dualTunnel, "--region", HZ, "--output", "markdown"]);
        expect(md.stdout).toContain("| `tunnelOptions[1].role` | slave |");
        expectNoSecret(json.stdout + md.stdout);
    });

    it("exits 2 naming the connection, region, code and RequestId when it does not exist", async () => {
        const line = expectError(await cli(["describe", "vco-bp1doesnotexist000001", "--region", HZ]));
        expect(line).toMatch(
            /vco-bp1doesnotexist000001 was not found in region cn-hangzhou \(InvalidVpnConnectionInstanceId\.NotFound, RequestId [0-9A-F-]{36}, HTTP 404\)/,
        );
    });

    it("exits 2 on a malformed id before any call", async () => {
        expect(expectError(await cli(["describe", "vpn-123", "--region", HZ]))).toContain("invalid <id>");
        expect(vpc.emulator.requests).toHaveLength(0);
    });
});

describe("alicloud-vpn list", () => {
    it("reads every page at 50 a page and filters by gateway and name", async () => {
        const fleet = makeFleet("cn-beijing", 120);
        for (const c of fleet) vpc.emulator.putConnection("cn-beijing", c);
        const run = await cli(["list", "--region", "cn-beijing", "--output", "json"]);
        expect(run.code).toBe(0);
        const body = JSON.parse(run.stdout) as { connections: Array<{ vpnConnectionId: string }> };
        expect(body.connections.map((c) => c.vpnConnectionId).sort()).toEqual(
            fleet.map((c) => c.VpnConnectionId).sort(),
        );
        expect(vpc.emulator.requests.filter((r) => r.action === "DescribeVpnConnections")).toHaveLength(3);

        const gateway = fleet[0]!.VpnGatewayId!;
        const byGateway = await cli([
            "list",
            "--region",
            "cn-beijing",
            "--vpn-gateway-id",
            gateway,
            "--output",
            "json",
        ]);
        const filtered = (JSON.parse(byGateway.stdout) as { connections: Array<{ vpnGatewayId: string }> })
            .connections;
        expect(filtered.length).toBeGreaterThan(0);
        expect(filtered.every((c) => c.vpnGatewayId === gateway)).toBe(true);

        const byName = await cli(["list", "--region", HZ, "--name-regex", "^dc-"]);
        expect(byName.stdout).toContain(FIXTURE_IDS.dualTunnel);
        expect(byName.stdout).not.toContain(FIXTURE_IDS.singleTunnel);
        expectNoSecret(run.stdout + byName.stdout);
    });

    it("exits 2 on a malformed filter", async () => {
        expect(expectError(await cli(["list", "--region", HZ, "--name-regex", "("]))).toContain(
            "--name-regex",
        );
        expect(expectError(await cli(["list", "--region", HZ, "--vpn-gateway-id", "gw"]))).toContain(
            "--vpn-gateway-id",
        );
    });
});

describe("alicloud-vpn snapshot", () => {
    it("writes a versioned baseline that holds no key, only salted fingerprints", async () => {
        await snapshotAll();
        const text = fs.readFileSync(file("baseline.json"), "utf8");
        expectNoSecret(text);
        const baseline = JSON.parse(text) as {
            schemaVersion: number;
            fingerprint: { algorithm: string; salt: string };
            connections: Array<{
                vpnConnectionId: string;
                connection: Record<string, unknown>;
                secrets: object;
            }>;
        };
        expect(baseline.schemaVersion).toBe(1);
        expect(baseline.fingerprint.algorithm).toBe("HMAC-SHA256");
        expect(baseline.connections.map((c) => c.vpnConnectionId)).toEqual([
            FIXTURE_IDS.dualTunnel,
            FIXTURE_IDS.singleTunnel,
        ]);
        const single = baseline.connections[1]!;
        expect(single.secrets).toEqual({
            psk: expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/),
            bgpAuthKey: expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/),
        });
        // Runtime status is not configuration: it is left out.
        expect(single.connection.status).toBeUndefined();
        expect(single.connection.name).toBe("hq-office-ipsec");
        // Written by a rename: no temporary file is left behind.
        expect(fs.readdirSync(command.work).filter((f) => f !== ".aliyun")).toEqual(["baseline.json"]);
    });

    it("uses a new salt for every baseline", async () => {
        await snapshotAll();
        const first = fs.readFileSync(file("baseline.json"), "utf8");
        await snapshotAll();
        const second = fs.readFileSync(file("baseline.json"), "utf8");
        const fp = (t: string): string =>
            (JSON.parse(t) as { connections: Array<{ secrets: { psk?: string } }> }).connections[1]!.secrets
                .psk!;
        expect(fp(first)).not.toBe(fp(second));
    });

    it("snapshots connections by id, and writes to stdout with --out -", async () => {
        const run = await cli(["snapshot", FIXTURE_IDS.minimal, "--region", "cn-shanghai", "--out", "-"]);
        expect(run.code).toBe(0);
        const baseline = JSON.parse(run.stdout) as { scope: { all: boolean }; connections: unknown[] };
        expect(baseline.scope).toEqual({ all: false });
        expect(baseline.connections).toHaveLength(1);
        expectNoSecret(run.stdout);
    });

    it("exits 2 on ids with --all, on neither, and on a connection that does not exist", async () => {
        expect(
            expectError(
                await cli([
                    "snapshot",
                    FIXTURE_IDS.singleTunnel,
                    "--all",
                    "--region",
                    HZ,
                    "--out",
                    "@b.json",
                ]),
            ),
        ).toContain("not both");
        expect(expectError(await cli(["snapshot", "--region", HZ, "--out", "@b.json"]))).toContain("--all");
        expect(
            expectError(
                await cli(["snapshot", "vco-bp1doesnotexist000001", "--region", HZ, "--out", "@b.json"]),
            ),
        ).toContain("was not found");
        expect(fs.existsSync(file("b.json"))).toBe(false);
    });
});

describe("alicloud-vpn drift", () => {
    it("exits 0 when nothing changed, with a report that matches its schema", async () => {
        await snapshotAll();
        const run = await cli(["drift", "--baseline", "@baseline.json", "--all", "--output", "json"]);
        expect(run.code).toBe(0);
        const r = report(run);
        expect(r.inSync).toBe(true);
        expect(r.summary).toEqual({ checked: 2, inSync: 2, drifted: 0, deleted: 0, new: 0 });
        const text = await cli(["drift", "--baseline", "@baseline.json"]);
        expect(text.code).toBe(0);
        expect(text.stdout).toContain("In sync: 2 connections checked.");
    });

    it("exits 1 on a changed IKE algorithm, naming the path with both values", async () => {
        await snapshotAll();
        patch(HZ, FIXTURE_IDS.singleTunnel, (c) => (c.IkeConfig!.IkeEncAlg = "aes128"));
        const run = await cli(["drift", "--baseline", "@baseline.json", "--output", "json"]);
        expect(run.code).toBe(1);
        const r = report(run);
        expect(r.inSync).toBe(false);
        const drifted = r.connections.find((c) => c.vpnConnectionId === FIXTURE_IDS.singleTunnel)!;
        expect(drifted.result).toBe("drifted");
        expect(drifted.drift).toEqual([
            {
                kind: "value",
                source: "baseline",
                path: "ikeConfig.ikeEncAlg",
                expected: "aes256",
                actual: "aes128",
            },
        ]);
        const text = await cli(["drift", "--baseline", "@baseline.json"]);
        expect(text.code).toBe(1);
        expect(text.stdout).toContain('ikeConfig.ikeEncAlg: expected "aes256", got "aes128" [baseline]');
        expect(text.stdout).toContain("Drift: 1 of 2 connections (1 drifted).");
        const md = await cli(["drift", "--baseline", "@baseline.json", "--output", "markdown"]);
        expect(md.code).toBe(1);
        expect(md.stdout).toContain("## VPN connection drift: drift found");
        expect(md.stdout).toContain('| `ikeConfig.ikeEncAlg` | `"aes256"` | `"aes128"` | baseline |');
    });

    it("does not count runtime status: tunnel, negotiation, health-check and BGP status changes pass", async () => {
        await snapshotAll();
        patch(HZ, FIXTURE_IDS.singleTunnel, (c) => {
            c.Status = "ike_sa_not_established";
            c.State = "updating";
            c.VcoHealthCheck!.Status = "failed";
            c.VpnBgpConfig!.Status = "false";
        });
        patch(HZ, FIXTURE_IDS.dualTunnel, (c) => {
            const tunnel = c.TunnelOptionsSpecification!.TunnelOptions![1]!;
            tunnel.Status = "ike_sa_not_established";
            tunnel.State = "updating";
            tunnel.TunnelBgpConfig!.BgpStatus = "false";
        });
        const run = await cli(["drift", "--baseline", "@baseline.json", "--all"]);
        expect(run.stdout).toContain("In sync");
        expect(run.code).toBe(0);
    });

    it("detects a rotated pre-shared key, BGP key and tunnel key by fingerprint, never showing a key", async () => {
        await snapshotAll();
        patch(HZ, FIXTURE_IDS.singleTunnel, (c) => {
            c.IkeConfig!.Psk = "rotated-KEY-psk-0001";
            c.VpnBgpConfig!.AuthKey = "rotated-KEY-bgp-0001";
        });
        patch(HZ, FIXTURE_IDS.dualTunnel, (c) => {
            c.TunnelOptionsSpecification!.TunnelOptions![0]!.TunnelIkeConfig!.Psk = "rotated-KEY-tunnel-0001";
        });
        const run = await cli(["drift", "--baseline", "@baseline.json", "--output", "json"]);
        expect(run.code).toBe(1);
        const r = report(run);
        expect(r.connections.map((c) => c.drift)).toEqual([
            [
                {
                    kind: "secret",
                    source: "baseline",
                    path: "tunnelPsks.tun-bp1a2p4m6r8t0v2x4z601",
                    change: "changed",
                },
            ],
            [
                { kind: "secret", source: "baseline", path: "psk", change: "changed" },
                { kind: "secret", source: "baseline", path: "bgpAuthKey", change: "changed" },
            ],
        ]);
        const text = await cli(["drift", "--baseline", "@baseline.json"]);
        expect(text.stdout).toContain("psk: fingerprint changed");
        const md = await cli(["drift", "--baseline", "@baseline.json", "--output", "markdown"]);
        expectNoSecret(run.stdout + run.stderr + text.stdout + text.stderr + md.stdout);
    });

    it("counts a deleted and a new connection under --all, and a deleted one without it", async () => {
        await snapshotAll();
        vpc.emulator.deleteConnection(HZ, FIXTURE_IDS.dualTunnel);
        vpc.emulator.putConnection(HZ, {
            ...singleTunnelConnection(),
            VpnConnectionId: "vco-bp1newconnection00009",
            Name: "added-by-hand",
        });
        const run = await cli(["drift", "--baseline", "@baseline.json", "--all", "--output", "json"]);
        expect(run.code).toBe(1);
        const r = report(run);
        expect(r.connections.map((c) => [c.vpnConnectionId, c.result])).toEqual([
            [FIXTURE_IDS.dualTunnel, "deleted"],
            [FIXTURE_IDS.singleTunnel, "in-sync"],
            ["vco-bp1newconnection00009", "new"],
        ]);
        expect(r.summary).toEqual({ checked: 3, inSync: 1, drifted: 0, deleted: 1, new: 1 });

        const withoutAll = report(await cli(["drift", "--baseline", "@baseline.json", "--output", "json"]));
        expect(withoutAll.connections.map((c) => [c.vpnConnectionId, c.result])).toEqual([
            [FIXTURE_IDS.dualTunnel, "deleted"],
            [FIXTURE_IDS.singleTunnel, "in-sync"],
        ]);
        const text = await cli(["drift", "--baseline", "@baseline.json", "--all"]);
        expect(text.stdout).toContain("Drift: 2 of 3 connections (1 deleted, 1 new).");
    });

    it("counts subnets, tags and blocks changed by hand, and leaves out --ignore paths", async () => {
        // --full-read: the list's pages, and so a default --all baseline, lack vpnBgpConfig.enableBgp.
        await snapshotAll(["--full-read"]);
        patch(HZ, FIXTURE_IDS.singleTunnel, (c) => {
            c.RemoteSubnet = "192.168.20.0/24,192.168.10.0/24,192.168.30.0/24";
            c.Tags!.Tag!.push({ Key: "owner", Value: "someone" });
            c.VpnBgpConfig!.EnableBgp = "false";
        });
        const run = await cli(["drift", "--baseline", "@baseline.json", "--output", "json"]);
        expect(run.code).toBe(1);
        expect(report(run).connections[1]!.drift.map((d) => d.path)).toEqual([
            "remoteSubnet",
            "remoteSubnets",
            "tags.owner",
            "vpnBgpConfig.enableBgp",
        ]);
        const ignoring = await cli([
            "drift",
            "--baseline",
            "@baseline.json",
            "--ignore",
            "tags",
            "--ignore",
            "remoteSubnet",
            "--ignore",
            "remoteSubnets",
            "--ignore",
            "vpnBgpConfig.enableBgp",
            "--output",
            "json",
        ]);
        expect(ignoring.code).toBe(0);
        expect((JSON.parse(ignoring.stdout) as { ignored: string[] }).ignored).toHaveLength(4);
        expect(
            expectError(
                await cli(["drift", "--baseline", "@baseline.json", "--ignore", "ikeConfig.ikeEncAlgo"]),
            ),
        ).toContain("did you mean ikeEncAlg?");
    });

    it("checks an expectation file, with or without a baseline", async () => {
        fs.writeFileSync(
            file("expect.json"),
            JSON.stringify({
                schemaVersion: 1,
                connections: {
                    "*": { ikeConfig: { ikeVersion: "ikev2", ikeLifetime: "86400" } },
                    [FIXTURE_IDS.singleTunnel]: {
                        status: "ipsec_sa_established",
                        vpnBgpConfig: { enableBgp: "true" },
                    },
                },
            }),
        );
        const ok = await cli(["drift", "--expect", "@expect.json", "--region", HZ, "--output", "json"]);
        expect(ok.stderr).toBe("");
        expect(ok.code).toBe(0);
        expect(report(ok).summary.checked).toBe(1);

        patch(HZ, FIXTURE_IDS.singleTunnel, (c) => (c.Status = "ike_sa_not_established"));
        const statusOff = await cli([
            "drift",
            "--expect",
            "@expect.json",
            "--region",
            HZ,
            "--output",
            "json",
        ]);
        expect(statusOff.code).toBe(1);
        expect(report(statusOff).connections[0]!.drift).toEqual([
            {
                kind: "value",
                source: "expectation",
                path: "status",
                expected: "ipsec_sa_established",
                actual: "ike_sa_not_established",
            },
        ]);

        // "*" applies to every connection listed with --all: the dual-tunnel one has no IKE block.
        // --full-read: an expectation of vpnBgpConfig.enableBgp needs each connection read by id.
        const all = report(
            await cli([
                "drift",
                "--expect",
                "@expect.json",
                "--region",
                HZ,
                "--all",
                "--full-read",
                "--output",
                "json",
            ]),
        );
        expect(all.connections.find((c) => c.vpnConnectionId === FIXTURE_IDS.dualTunnel)!.drift).toEqual([
            {
                kind: "value",
                source: "expectation",
                path: "ikeConfig",
                expected: { ikeVersion: "ikev2", ikeLifetime: 86400 },
                actual: null,
            },
        ]);
    });

    it("finds the fixtures in sync with the README's example expectation file", async () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("### Expectations"));
        const example = /```json\n([\s\S]*?)```/.exec(section)![1]!;
        fs.writeFileSync(file("readme-expect.json"), example);
        const run = await cli(["drift", "--expect", "@readme-expect.json", "--region", HZ]);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
    });

    it("refuses an expectation file with a typo or a secret, naming the path", async () => {
        fs.writeFileSync(
            file("typo.json"),
            JSON.stringify({ connections: { "*": { ikeConfig: { ikeEncAlgo: "aes" } } } }),
        );
        expect(expectError(await cli(["drift", "--expect", "@typo.json", "--region", HZ, "--all"]))).toMatch(
            /typo\.json: connections\.\*\.ikeConfig\.ikeEncAlgo: not an output of a VPN connection \(did you mean ikeEncAlg\?\)/,
        );
        fs.writeFileSync(
            file("secret.json"),
            JSON.stringify({
                connections: { [FIXTURE_IDS.singleTunnel]: { psk: FIXTURE_SECRETS.singleTunnelPsk } },
            }),
        );
        const line = expectError(await cli(["drift", "--expect", "@secret.json", "--region", HZ]));
        expect(line).toContain("psk is a secret output");
        expectNoSecret(line);
        expect(vpc.emulator.requests).toHaveLength(0);
    });

    describe("rejects an unreadable or hand-edited baseline with a clear message", () => {
        const edits: Array<[string, (b: Record<string, unknown>) => unknown, RegExp]> = [
            [
                "a newer schemaVersion",
                (b) => ({ ...b, schemaVersion: 2 }),
                /schemaVersion is 2; this version of alicloud-vpn reads version 1/,
            ],
            ["no schemaVersion", ({ schemaVersion: _v, ...b }) => b, /schemaVersion is missing/],
            [
                "another kind of file",
                (b) => ({ ...b, kind: "something-else" }),
                /not a baseline of alicloud-vpn snapshot/,
            ],
            [
                "a missing salt",
                (b) => ({ ...b, fingerprint: { algorithm: "HMAC-SHA256" } }),
                /at fingerprint\.salt: expected 32 bytes in base64/,
            ],
            [
                "a tampered fingerprint",
                (b) => {
                    const c = structuredClone(b) as { connections: Array<{ secrets: { psk?: string } }> };
                    c.connections[1]!.secrets.psk = "hmac-sha256:1234";
                    return c;
                },
                /at connections\[1\]\.secrets\.psk: expected a fingerprint "hmac-sha256:" and 64 lowercase hex digits/,
            ],
            [
                "a key pasted in place of its fingerprint",
                (b) => {
                    const c = structuredClone(b) as { connections: Array<{ secrets: { psk?: string } }> };
                    c.connections[1]!.secrets.psk = FIXTURE_SECRETS.singleTunnelPsk;
                    return c;
                },
                /at connections\[1\]\.secrets\.psk: expected a fingerprint/,
            ],
            [
                "a missing connection model",
                (b) => {
                    const c = structuredClone(b) as { connections: Array<Record<string, unknown>> };
                    delete c.connections[0]!.connection;
                    return c;
                },
                /at connections\[0\]\.connection: expected an object/,
            ],
            [
                "a connection's secrets left out",
                (b) => {
                    const c = structuredClone(b) as { connections: Array<Record<string, unknown>> };
                    delete c.connections[1]!.secrets;
                    return c;
                },
                /at connections\[1\]\.secrets: expected an object/,
            ],
            [
                "an unknown output",
                (b) => {
                    const c = structuredClone(b) as {
                        connections: Array<{ connection: Record<string, unknown> }>;
                    };
                    c.connections[0]!.connection.ikeConfg = {};
                    return c;
                },
                /connections\[0\]\.connection\.ikeConfg: not an output of a VPN connection \(did you mean ikeConfig\?\)/,
            ],
            ["not an object", () => [], /expected an object/],
        ];

        it.each(edits)("%s", async (_name, edit, message) => {
            await snapshotAll();
            const original = JSON.parse(fs.readFileSync(file("baseline.json"), "utf8")) as Record<
                string,
                unknown
            >;
            fs.writeFileSync(file("edited.json"), JSON.stringify(edit(original)));
            const line = expectError(await cli(["drift", "--baseline", "@edited.json"]));
            expect(line).toContain("invalid --baseline");
            expect(line).toMatch(message);
            expectNoSecret(line);
        });

        it("not JSON, or no such file", async () => {
            fs.writeFileSync(file("broken.json"), '{"schemaVersion": 1, "kind": ');
            expect(expectError(await cli(["drift", "--baseline", "@broken.json"]))).toMatch(
                /invalid --baseline: .*broken\.json: not valid JSON/,
            );
            expect(expectError(await cli(["drift", "--baseline", "@missing.json"]))).toMatch(
                /cannot read .*missing\.json: no such file/,
            );
            expect(expectError(await cli(["drift"]))).toContain("give --baseline, --expect, or both");
            expect(vpc.emulator.requests).toHaveLength(0);
        });
    });
});
