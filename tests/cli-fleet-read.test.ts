/**
 * `snapshot --all` and `drift --all` at the list's price: the built command, run as a pipeline runs it,
 * against the emulator on a loopback port, counting the calls the emulator answered. By default a region
 * is read from the pages of DescribeVpnConnections alone; `--full-read` reads each connection by id too.
 */
import Ajv from "ajv";
import {
    DescribeVpnConnectionResponseBody,
    DescribeVpnConnectionsResponseBodyVpnConnectionsVpnConnection,
} from "@alicloud/vpc20160428";
import * as fs from "node:fs";
import * as path from "node:path";
import { FIXTURE_IDS, FIXTURE_REGIONS, FIXTURE_SECRETS, makeFleet } from "../emulator";
import type { WireVpnConnection } from "../provider/wire";
import { LIST_OMITTED_PATHS } from "../provider/list";
import { checkExpectationsComparable, liveRecords, notComparedPaths } from "../cli/fleet-read";
import type { VpnConnectionRecord } from "../sdk/types";
import { useCommand } from "./support/command";
import { useEmulator } from "./support/emulator";
import { type ModelClass, modelPaths } from "./support/model-conformance";
import { ROOT, type Run } from "./support/process";

const SCHEMA = JSON.parse(
    fs.readFileSync(path.join(ROOT, "cli", "drift-report.schema.json"), "utf8"),
) as object;
const validateReport = new Ajv({ strict: true, allErrors: true }).compile(SCHEMA);
const HZ = FIXTURE_REGIONS.singleTunnel;

// Each test runs the command as a child process up to four times: seconds on a loaded machine.
jest.setTimeout(30_000);
const FLEET_REGION = "cn-shenzhen";
const FLEET_SIZE = 120;

const vpc = useEmulator({ scope: "each" });
const command = useCommand(vpc, {
    prefix: "fleet-read",
    // The emulator's quota is the real one; the test's few calls stay far below it.
    env: { ALIBABA_CLOUD_VPC_MAX_RPS: "10000" },
});
const cli = (args: string[]): Promise<Run> => command.run(args);

/** The calls the emulator answered since `from`, by action. */
function calls(from = 0): { list: number; byId: number } {
    const made = vpc.emulator.requests.slice(from);
    return {
        list: made.filter((r) => r.action === "DescribeVpnConnections").length,
        byId: made.filter((r) => r.action === "DescribeVpnConnection").length,
    };
}

interface Report {
    inSync: boolean;
    read: string;
    notCompared: string[];
    connections: Array<{ vpnConnectionId: string; result: string; drift: Array<Record<string, unknown>> }>;
}

function report(run: Run): Report {
    const parsed = JSON.parse(run.stdout) as Report;
    if (!validateReport(parsed)) {
        throw new Error(`report does not match the schema: ${JSON.stringify(validateReport.errors)}`);
    }
    return parsed;
}

function patch(regionId: string, id: string, change: (c: WireVpnConnection) => void): void {
    const c = vpc.emulator.getConnection(regionId, id)!;
    change(c);
    vpc.emulator.putConnection(regionId, c);
}

function baselineScope(name: string): Record<string, unknown> {
    return (JSON.parse(fs.readFileSync(command.file(name), "utf8")) as { scope: Record<string, unknown> })
        .scope;
}

describe("alicloud-vpn --all at the list's price", () => {
    it("snapshots and checks a region in ceil(M/50) list calls and none by id", async () => {
        for (const c of makeFleet(FLEET_REGION, FLEET_SIZE)) vpc.emulator.putConnection(FLEET_REGION, c);
        const region = ["--all", "--region", FLEET_REGION];
        const snapshot = await cli(["snapshot", ...region, "--out", "@baseline.json"]);
        expect(snapshot.stderr).toBe("");
        expect(snapshot.code).toBe(0);
        expect(calls()).toEqual({ list: Math.ceil(FLEET_SIZE / 50), byId: 0 });
        expect(baselineScope("baseline.json")).toMatchObject({ all: true, read: "list" });
        // Every key the fingerprints need is in the list's pages: the connection's or its tunnels'.
        const baseline = JSON.parse(fs.readFileSync(command.file("baseline.json"), "utf8")) as {
            connections: Array<{ secrets: { psk?: string; tunnelPsks?: Record<string, string> } }>;
        };
        expect(baseline.connections).toHaveLength(FLEET_SIZE);
        const keys = baseline.connections.map((c) => [
            c.secrets.psk,
            ...Object.values(c.secrets.tunnelPsks ?? {}),
        ]);
        expect(keys.every((k) => k.some((f) => f?.startsWith("hmac-sha256:")))).toBe(true);
        expect(keys.flat().filter((f) => f !== undefined).length).toBeGreaterThan(FLEET_SIZE);

        const from = vpc.emulator.requests.length;
        const drift = await cli(["drift", ...region, "--baseline", "@baseline.json", "--output", "json"]);
        expect(drift.code).toBe(0);
        expect(calls(from)).toEqual({ list: Math.ceil(FLEET_SIZE / 50), byId: 0 });
        const r = report(drift);
        expect(r.inSync).toBe(true);
        expect(r.read).toBe("list");
        expect(r.notCompared).toEqual([...LIST_OMITTED_PATHS]);
    });

    it("reads each connection by id too with --full-read", async () => {
        for (const c of makeFleet(FLEET_REGION, FLEET_SIZE)) vpc.emulator.putConnection(FLEET_REGION, c);
        const region = ["--all", "--full-read", "--region", FLEET_REGION];
        expect((await cli(["snapshot", ...region, "--out", "@baseline.json"])).code).toBe(0);
        expect(calls()).toEqual({ list: Math.ceil(FLEET_SIZE / 50), byId: FLEET_SIZE });
        expect(baselineScope("baseline.json")).toMatchObject({ all: true, read: "by-id" });
        const from = vpc.emulator.requests.length;
        const r = report(await cli(["drift", ...region, "--baseline", "@baseline.json", "--output", "json"]));
        expect(calls(from)).toEqual({ list: Math.ceil(FLEET_SIZE / 50), byId: FLEET_SIZE });
        expect(r.read).toBe("by-id");
        expect(r.notCompared).toEqual([]);
    });

    it("detects a rotated pre-shared key, BGP key and tunnel key from the list's pages alone", async () => {
        const region = ["--all", "--region", HZ];
        expect((await cli(["snapshot", ...region, "--out", "@baseline.json"])).code).toBe(0);
        patch(HZ, FIXTURE_IDS.singleTunnel, (c) => {
            c.IkeConfig!.Psk = "rotated-KEY-psk-0001";
            c.VpnBgpConfig!.AuthKey = "rotated-KEY-bgp-0001";
        });
        patch(HZ, FIXTURE_IDS.dualTunnel, (c) => {
            c.TunnelOptionsSpecification!.TunnelOptions![0]!.TunnelIkeConfig!.Psk = "rotated-KEY-tunnel-0001";
        });
        const from = vpc.emulator.requests.length;
        const run = await cli(["drift", ...region, "--baseline", "@baseline.json", "--output", "json"]);
        expect(run.code).toBe(1);
        expect(calls(from).byId).toBe(0);
        const paths = report(run).connections.flatMap((c) =>
            c.drift.map((d) => `${String(d.path)} ${String(d.change)}`),
        );
        expect(paths.sort()).toEqual([
            "bgpAuthKey changed",
            "psk changed",
            "tunnelPsks.tun-bp1a2p4m6r8t0v2x4z601 changed",
        ]);
        for (const secret of Object.values(FIXTURE_SECRETS)) expect(run.stdout).not.toContain(secret);
        expect(run.stdout).not.toContain("rotated-KEY");
    });

    it("leaves zoneNo and enableBgp out on the list path, says so, and compares them with --full-read", async () => {
        expect(
            (await cli(["snapshot", "--all", "--full-read", "--region", HZ, "--out", "@full.json"])).code,
        ).toBe(0);
        patch(HZ, FIXTURE_IDS.singleTunnel, (c) => {
            c.ZoneNo = "cn-hangzhou-k";
            c.VpnBgpConfig!.EnableBgp = "false";
        });
        const listed = await cli(["drift", "--all", "--region", HZ, "--baseline", "@full.json"]);
        expect(listed.code).toBe(0);
        expect(listed.stdout).toContain("Not compared: zoneNo, vpnBgpConfig.enableBgp");
        expect(listed.stdout).toContain("--full-read");
        const md = await cli([
            "drift",
            "--all",
            "--region",
            HZ,
            "--baseline",
            "@full.json",
            "--output",
            "markdown",
        ]);
        expect(md.stdout).toContain("Not compared: `zoneNo`, `vpnBgpConfig.enableBgp`");

        const full = await cli([
            "drift",
            "--all",
            "--full-read",
            "--baseline",
            "@full.json",
            "--output",
            "json",
        ]);
        expect(full.code).toBe(1);
        const drifted = report(full).connections.find((c) => c.vpnConnectionId === FIXTURE_IDS.singleTunnel)!;
        expect(drifted.drift.map((d) => d.path).sort()).toEqual(["vpnBgpConfig.enableBgp", "zoneNo"]);
    });

    it("does not compare what a list baseline lacks, even when the live connections are read by id", async () => {
        expect((await cli(["snapshot", "--all", "--region", HZ, "--out", "@baseline.json"])).code).toBe(0);
        const byId = report(await cli(["drift", "--baseline", "@baseline.json", "--output", "json"]));
        expect(byId.inSync).toBe(true);
        expect(byId.read).toBe("by-id");
        expect(byId.notCompared).toEqual([...LIST_OMITTED_PATHS]);
        const full = report(
            await cli(["drift", "--all", "--full-read", "--baseline", "@baseline.json", "--output", "json"]),
        );
        expect(full.inSync).toBe(true);
        expect(full.notCompared).toEqual([...LIST_OMITTED_PATHS]);
    });

    it("refuses an expectation of what the list lacks before any call, pointing to --full-read", async () => {
        fs.writeFileSync(
            command.file("expect.json"),
            JSON.stringify({ connections: { "*": { vpnBgpConfig: { enableBgp: true } } } }),
        );
        const run = await cli(["drift", "--all", "--region", HZ, "--expect", "@expect.json"]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("--expect");
        expect(run.stderr).toContain("vpnBgpConfig.enableBgp");
        expect(run.stderr).toContain("--full-read");
        expect(vpc.emulator.requests).toHaveLength(0);
        const full = await cli(["drift", "--all", "--full-read", "--region", HZ, "--expect", "@expect.json"]);
        expect([0, 1]).toContain(full.code);
    });

    it("refuses --full-read without --all", async () => {
        const snapshot = await cli([
            "snapshot",
            FIXTURE_IDS.singleTunnel,
            "--full-read",
            "--region",
            HZ,
            "--out",
            "-",
        ]);
        expect(snapshot.code).toBe(2);
        expect(snapshot.stderr).toContain("--full-read");
        fs.writeFileSync(
            command.file("expect.json"),
            JSON.stringify({
                connections: { [FIXTURE_IDS.singleTunnel]: { ikeConfig: { ikeVersion: "ikev2" } } },
            }),
        );
        const drift = await cli(["drift", "--full-read", "--region", HZ, "--expect", "@expect.json"]);
        expect(drift.code).toBe(2);
        expect(drift.stderr).toContain("--full-read");
        expect(vpc.emulator.requests).toHaveLength(0);
    });
});

describe("what the list carries, by the official SDK's models", () => {
    const singular = modelPaths(DescribeVpnConnectionResponseBody as unknown as ModelClass);
    const listItem = new Set(
        modelPaths(DescribeVpnConnectionsResponseBodyVpnConnectionsVpnConnection as unknown as ModelClass),
    );

    it("carries every key the fingerprints need", () => {
        for (const key of [
            "$.IkeConfig.Psk",
            "$.VpnBgpConfig.AuthKey",
            "$.TunnelOptionsSpecification.TunnelOptions[].TunnelIkeConfig.Psk",
        ]) {
            expect(listItem.has(key)).toBe(true);
        }
    });

    it("lacks exactly the fields LIST_OMITTED_PATHS names, besides the RequestId and the tags' container", () => {
        // Tags: the singular shape's Tags.Tag is Tag.Tag in a list item; both map to `tags`.
        const lacking = singular.filter(
            (p) => !listItem.has(p) && p !== "$.RequestId" && !/^\$\.Tags\b/.test(p),
        );
        const outputPath = (wire: string): string =>
            wire
                .slice(2)
                .split(".")
                .map((k) => k.charAt(0).toLowerCase() + k.slice(1))
                .join(".");
        expect(lacking.map(outputPath).sort()).toEqual([...LIST_OMITTED_PATHS].sort());
        expect(listItem.has("$.Tag.Tag[].Key")).toBe(true);
    });
});

describe("fleet-read units", () => {
    const record = (id: string, regionId: string): VpnConnectionRecord => ({
        connection: { vpnConnectionId: id, regionId, tags: {}, localSubnets: [], remoteSubnets: [] },
        secrets: {},
    });

    it("compares every output only when both sides were read by id", () => {
        expect(notComparedPaths("by-id", "by-id")).toEqual([]);
        expect(notComparedPaths("by-id")).toEqual([]);
        expect(notComparedPaths("list")).toEqual(["zoneNo", "vpnBgpConfig.enableBgp"]);
        expect(notComparedPaths("by-id", "list")).toEqual(["zoneNo", "vpnBgpConfig.enableBgp"]);
    });

    it("accepts expectations that do not name what the list lacks, and names the one that does", () => {
        const ok = {
            byId: new Map([["vco-a", { vpnBgpConfig: { localAsn: 65001 } }]]),
            shared: { zoneNo: undefined },
        };
        expect(() => checkExpectationsComparable(ok, [...LIST_OMITTED_PATHS])).not.toThrow();
        const bad = { byId: new Map([["vco-bp1bbi27hojx80nck0001", { zoneNo: "cn-hangzhou-h" }]]) };
        expect(() => checkExpectationsComparable(bad, [...LIST_OMITTED_PATHS])).toThrow(
            /connections\.vco-bp1bbi27hojx80nck0001 expects zoneNo/,
        );
        expect(() => checkExpectationsComparable(bad, [])).not.toThrow();
    });

    it("takes listed connections from the listing and reads the others by id, in order", async () => {
        const listed = new Map([["vco-a", record("vco-a", "cn-hangzhou")]]);
        const asked: string[] = [];
        const targets = [
            { vpnConnectionId: "vco-b", regionId: "cn-beijing" },
            { vpnConnectionId: "vco-a", regionId: "cn-hangzhou" },
            { vpnConnectionId: "vco-c", regionId: "cn-beijing" },
        ];
        const records = await liveRecords(targets, listed, "cn-hangzhou", async (rest) => {
            asked.push(...rest.map((t) => t.vpnConnectionId));
            return rest.map((t) =>
                t.vpnConnectionId === "vco-c" ? undefined : record(t.vpnConnectionId, t.regionId),
            );
        });
        expect(asked).toEqual(["vco-b", "vco-c"]);
        expect(records.map((r) => r?.connection.vpnConnectionId)).toEqual(["vco-b", "vco-a", undefined]);
        expect(
            await liveRecords(targets.slice(1, 2), listed, "cn-hangzhou", () =>
                Promise.reject(new Error("no")),
            ),
        ).toHaveLength(1);
    });
});
