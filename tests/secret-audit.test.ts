/**
 * The secret audit: every pre-shared key, BGP key, tunnel key, access key secret and STS token carries a
 * unique marker, and every entry point and output format runs, in success and in failure, with
 * `DEBUG=*` and `NODE_DEBUG=http,https,net,tls`, as a CI job that misbehaves would run it. Stdout,
 * stderr, every written file and every error's message, stack and causes are searched: a marker found
 * fails. In failing runs the access key id and `Signature=` count as markers too.
 *
 * The get functions run with `includeSecrets` left off (with it, returning the keys is their purpose);
 * `alicloud-vpn` never prints a key, only fingerprints.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FIXTURE_IDS, FIXTURE_REGIONS, FIXTURE_SECRETS, singleTunnelConnection } from "../emulator/fixtures";
import { ProviderHost } from "../engine/provider-host";
import { useEmulator } from "./support/emulator";
import { type FaultServer, startFaultServer } from "./support/fault-server";
import { rejectionOf } from "./support/rejection";
import { ROOT, runNode } from "./support/process";

jest.setTimeout(300_000);

const KEY_ID = "LTAI5tAuditKeyIdMarker";
const SECRET = "AuditAccessKeySecretMarker7c1";
const TOKEN = "AuditStsSecurityTokenMarker9d3";
const ROTATED_PSK = "psk-AUDIT-rotated-during-drift-5e2";
const SECRET_MARKERS = [...Object.values(FIXTURE_SECRETS), SECRET, TOKEN, ROTATED_PSK];
/** In failing runs nothing of the request may show either. */
const FAILURE_MARKERS = [...SECRET_MARKERS, KEY_ID, "Signature="];
const CLI = path.join(ROOT, "dist", "cli", "main.js");
const RUNNER = path.join(ROOT, "tests", "fixtures", "entry-runner", "run.js");
const REGION = FIXTURE_REGIONS.singleTunnel;

let faults: FaultServer;
let work: string;

/** Everything one run produced, to be searched. */
interface Evidence {
    name: string;
    failing: boolean;
    text: string;
}
const evidence: Evidence[] = [];

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
        PATH: process.env.PATH,
        HOME: work,
        DEBUG: "*",
        NODE_DEBUG: "http,https,net,tls",
        ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
        ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
        ALIBABA_CLOUD_VPC_DEADLINE_SECONDS: "3",
        ALIBABA_CLOUD_VPC_THROTTLE_WINDOW_SECONDS: "3",
        ...extra,
    };
}

const config = {
    "alicloud:accessKey": KEY_ID,
    "alicloud:secretKey": SECRET,
    "alicloud:securityToken": TOKEN,
    "alicloud-vpn:deadlineSeconds": "3",
    "alicloud-vpn:throttleWindowSeconds": "3",
};

function filesUnder(dir: string): string {
    let text = "";
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) text += filesUnder(p);
        else if (entry.isFile()) text += `\n--- ${p}\n${fs.readFileSync(p, "utf8")}`;
    }
    return text;
}

async function cli(name: string, args: string[], failing: boolean, endpoint: string): Promise<void> {
    const run = await runNode([CLI, ...args, "--endpoint", endpoint], env());
    evidence.push({ name, failing, text: `exit ${run.code}\n${run.stdout}\n${run.stderr}` });
    if (!failing && run.code === 2) throw new Error(`${name} failed: ${run.stderr}`);
    if (failing && run.code !== 2) throw new Error(`${name} should have failed: ${run.stdout}`);
}

async function getFunctions(
    name: string,
    entry: "get" | "list",
    failing: boolean,
    endpoint: string,
    regionId: string,
): Promise<void> {
    const cells = [
        { fault: name, regionId, endpoint, vpnConnectionId: FIXTURE_IDS.singleTunnel },
        { fault: `${name}-dual`, regionId, endpoint, vpnConnectionId: FIXTURE_IDS.dualTunnel },
    ];
    const run = await runNode([RUNNER, JSON.stringify({ entry, config, cells })], env());
    evidence.push({ name, failing, text: `exit ${run.code}\n${run.stdout}\n${run.stderr}` });
    for (const line of run.stdout.trim().split("\n")) {
        const r = JSON.parse(line) as { ok: boolean };
        if (r.ok === failing) {
            throw new Error(`${name}: expected ${failing ? "failure" : "success"}: ${line}`);
        }
    }
}

// The emulator accepts the marked key only. The runs get env() above, not commandEnv(): the marked key
// and token, and the debug variables.
const vpc = useEmulator({
    start: { credentials: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN }] },
});

beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "secret-audit-"));
    faults = await startFaultServer();
    const out = path.join(work, "out");
    fs.mkdirSync(out);
    const baseline = path.join(out, "baseline.json");
    const expectFile = path.join(work, "expect.json");
    fs.writeFileSync(
        expectFile,
        JSON.stringify({ connections: { [FIXTURE_IDS.singleTunnel]: { name: "changed" } } }),
    );

    // Successes: every entry point, every output format.
    await getFunctions("get: success", "get", false, vpc.endpoint, REGION);
    await getFunctions("getVpnConnections: success", "list", false, vpc.endpoint, REGION);
    for (const output of ["text", "json", "markdown"]) {
        await cli(
            `describe --output ${output}`,
            ["describe", FIXTURE_IDS.dualTunnel, "--region", REGION, "--output", output],
            false,
            vpc.endpoint,
        );
        await cli(
            `list --output ${output}`,
            ["list", "--region", REGION, "--output", output],
            false,
            vpc.endpoint,
        );
    }
    await cli(
        "snapshot --all --out",
        ["snapshot", "--all", "--region", REGION, "--out", baseline],
        false,
        vpc.endpoint,
    );
    // A key rotated between the snapshot and the drift check: drift reads the new key.
    vpc.emulator.updateConnection(REGION, FIXTURE_IDS.singleTunnel, {
        IkeConfig: { ...singleTunnelConnection().IkeConfig, Psk: ROTATED_PSK } as never,
    });
    for (const output of ["text", "json", "markdown"]) {
        const drift = await runNode(
            [
                CLI,
                "drift",
                "--baseline",
                baseline,
                "--expect",
                expectFile,
                "--all",
                "--region",
                REGION,
                "--output",
                output,
                "--endpoint",
                vpc.endpoint,
            ],
            env(),
        );
        evidence.push({
            name: `drift --output ${output}`,
            failing: false,
            text: `${drift.stdout}\n${drift.stderr}`,
        });
        expect(drift.code).toBe(1);
    }

    // The provider host, success and failure.
    const { vpnConnectionProvider } = require(path.join(ROOT, "dist/sdk/provider.js"));
    const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
    const providerText = (await serializeFunction(() => vpnConnectionProvider, { allowSecrets: true })).text;
    const host = await ProviderHost.start({ cwd: ROOT, env: env() });
    try {
        await host.configure(config, { secretKeys: ["alicloud:secretKey", "alicloud:securityToken"] });
        const urn = (n: string): string =>
            `urn:pulumi:dev::audit::pulumi-nodejs:dynamic/alicloud-vpn:VpnConnection::${n}`;
        const ok = await host.read(FIXTURE_IDS.dualTunnel, urn("ok"), {
            __provider: providerText,
            regionId: REGION,
            endpoint: vpc.endpoint,
        });
        // The outputs carry the keys by design (the engine encrypts them as secret outputs); what is
        // searched here is what the host prints and the errors.
        void ok;
        for (const fault of ["authkey", "json5xxcode", "html5xx", "truncated200"]) {
            // rejectionOf fails the test when the read succeeds: a fault that stops failing is a defect.
            const err = (await rejectionOf(
                host.read(FIXTURE_IDS.singleTunnel, urn(fault), {
                    __provider: providerText,
                    regionId: `cn-${fault}`,
                    endpoint: faults.endpoint,
                }),
            )) as Error;
            evidence.push({ name: `host: ${fault}`, failing: true, text: `${err.message}\n${err.stack}` });
        }
    } finally {
        evidence.push({ name: "host: its stderr", failing: false, text: host.stderr });
        await host.stop();
    }

    // Failures: refused credentials at the emulator, and faults.
    const wrongSecret = await runNode(
        [CLI, "describe", FIXTURE_IDS.singleTunnel, "--region", REGION, "--endpoint", vpc.endpoint],
        env({ ALIBABA_CLOUD_ACCESS_KEY_SECRET: "WrongSecretAuditMarker" }),
    );
    evidence.push({
        name: "describe: signature refused",
        failing: true,
        text: `${wrongSecret.stdout}\n${wrongSecret.stderr}`,
    });
    expect(wrongSecret.code).toBe(2);
    for (const fault of ["authkey", "json5xxcode", "html5xx", "wrongshape200", "hugebody"]) {
        await getFunctions(`get: ${fault}`, "get", true, faults.endpoint, `cn-${fault}`);
        await getFunctions(`getVpnConnections: ${fault}`, "list", true, faults.endpoint, `cn-${fault}`);
        for (const output of ["text", "json"]) {
            await cli(
                `describe ${fault} --output ${output}`,
                ["describe", FIXTURE_IDS.singleTunnel, "--region", `cn-${fault}`, "--output", output],
                true,
                faults.endpoint,
            );
            await cli(
                `drift ${fault} --output ${output}`,
                ["drift", "--expect", expectFile, "--region", `cn-${fault}`, "--output", output],
                true,
                faults.endpoint,
            );
        }
    }
    evidence.push({ name: "every written file", failing: false, text: filesUnder(work) });
});

afterAll(async () => {
    await faults?.stop();
});

describe("the secret audit", () => {
    it("ran every entry point and format, and saw debug output from the libraries it allows", () => {
        expect(evidence.length).toBeGreaterThan(40);
        // DEBUG and NODE_DEBUG were really on: Node's own http lines and our channel are in stderr.
        const all = evidence.map((e) => e.text).join("\n");
        expect(all).toMatch(/^HTTP \d+: /m);
        expect(all).toContain("alicloud-vpn DescribeVpnConnection region=");
    });

    it("finds no key, secret or token in any output, file or error", () => {
        const found = evidence.flatMap((e) =>
            SECRET_MARKERS.filter((m) => e.text.includes(m)).map((m) => `${e.name}: ${m}`),
        );
        expect(found).toEqual([]);
    });

    it("finds neither the access key id nor a signature in any failing run", () => {
        const found = evidence
            .filter((e) => e.failing)
            .flatMap((e) => FAILURE_MARKERS.filter((m) => e.text.includes(m)).map((m) => `${e.name}: ${m}`));
        expect(found).toEqual([]);
    });
});
