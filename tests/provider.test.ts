/**
 * The dynamic provider as the Pulumi engine drives it: serialized by Pulumi's own closure serializer,
 * deserialized and called by the real `@pulumi/pulumi/cmd/dynamic-provider` host process over gRPC,
 * reading from the emulator over loopback HTTP. Uses the compiled provider (`npm test` builds first).
 */
import * as path from "node:path";
import { DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { FIXTURE_IDS, FIXTURE_SECRETS, singleTunnelConnection } from "../emulator/fixtures";
import { ProviderHost } from "../engine/provider-host";
import { useEmulator } from "./support/emulator";
import { runNode } from "./support/process";

const requireFromString = require("require-from-string") as (code: string) => {
    handler(): unknown;
};

// This suite starts real provider host processes (about half a second each, more on a busy machine).
jest.setTimeout(30_000);

const root = path.resolve(__dirname, "..");
const TYPE = "pulumi-nodejs:dynamic/alicloud-vpn:VpnConnection";
const urn = (name: string): string => `urn:pulumi:dev::provider-test::${TYPE}::${name}`;

/** The provider text exactly as `new VpnConnection(...)` puts it into `__provider`. */
async function serializedProvider(): Promise<string> {
    const { vpnConnectionProvider } = require(path.join(root, "dist/sdk/provider.js"));
    const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
    const sf = await serializeFunction(() => vpnConnectionProvider, { allowSecrets: true });
    return sf.text as string;
}

const stackConfig = {
    "alicloud:region": "cn-hangzhou",
    "alicloud:accessKey": DEFAULT_TEST_CREDENTIALS.accessKeyId,
    "alicloud:secretKey": DEFAULT_TEST_CREDENTIALS.accessKeySecret,
};

let host: ProviderHost;
let providerText: string;

function inputs(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { __provider: providerText, ...extra };
}

const vpc = useEmulator();

beforeAll(async () => {
    providerText = await serializedProvider();
    host = await ProviderHost.start({
        cwd: root,
        env: { ...process.env, ALIBABA_CLOUD_ENDPOINT_VPC: vpc.endpoint },
    });
    await host.configure(stackConfig, { secretKeys: ["alicloud:secretKey"] });
});

afterAll(async () => {
    await host?.stop();
});

afterEach(() => {
    vpc.emulator.clearFaults();
});

describe("the serialized provider", () => {
    it("stays under 4 KB and holds only the implementation's path", async () => {
        expect(Buffer.byteLength(providerText)).toBeLessThan(4096);
        expect(providerText).toContain("dist/provider/dynamic.js");
        expect(providerText).not.toMatch(/pop-core|RPCClient|Agent/);
    });

    it("captures exactly the implementation path, even with settings in the environment before it loads", async () => {
        // Everything a careless provider could pick up at load time, set before the module is loaded,
        // in a fresh process, as a program's environment would be.
        const planted = {
            ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5tCapturedKeyId0001",
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: "CapturedSecretValue0001",
            ALIBABA_CLOUD_SECURITY_TOKEN: "CapturedSecurityToken0001",
            ALIBABA_CLOUD_REGION_ID: "ap-southeast-5",
            ALIBABA_CLOUD_ENDPOINT_VPC: "https://captured-endpoint.example",
            ALIBABA_CLOUD_PROFILE: "captured-profile",
        };
        const script = `
            const { vpnConnectionProvider } = require("./dist/sdk/provider.js");
            const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
            serializeFunction(() => vpnConnectionProvider, { allowSecrets: true }).then((sf) => process.stdout.write(sf.text));
        `;
        const run = await runNode(["-e", script], { ...process.env, ...planted });
        expect(run.code).toBe(0);
        const text = run.stdout;
        for (const value of Object.values(planted)) expect(text).not.toContain(value);

        // The one value the provider object holds is the implementation's path; the rest are its methods.
        const provider = requireFromString(text).handler() as Record<string, unknown>;
        const values = Object.entries(provider).filter(([, v]) => typeof v !== "function");
        expect(values).toEqual([["impl", path.join(root, "dist", "provider", "dynamic.js")]]);
        expect(Object.keys(provider).sort()).toEqual([
            "check",
            "configure",
            "create",
            "diff",
            "impl",
            "read",
        ]);
        // No method closes over anything: the serializer lists each function's captured variables in a
        // with({...}) block, and only the test's own lambda captures something (the provider itself).
        const captured = [...text.matchAll(/with\(\{([^}]*)\}\)/g)].flatMap((m) =>
            (m[1] ?? "")
                .split(",")
                .map((entry) => entry.split(":")[0]?.trim())
                .filter((name): name is string => !!name && name !== "this" && name !== "arguments"),
        );
        expect(captured).toEqual(["vpnConnectionProvider"]);
    });
});

describe("check", () => {
    it("accepts valid inputs", async () => {
        const result = await host.check(
            urn("ok"),
            {},
            inputs({ vpnConnectionId: FIXTURE_IDS.singleTunnel, regionId: "cn-hangzhou" }),
        );
        expect(result.failures).toEqual([]);
    });

    it("names each invalid input before any API call", async () => {
        vpc.emulator.clearRequests();
        const result = await host.check(
            urn("bad"),
            {},
            inputs({ vpnConnectionId: "vpn-123", regionId: "Hang Zhou", endpoint: "http://vpc.example.com" }),
        );
        const byProperty = Object.fromEntries(result.failures.map((f) => [f.property, f.reason]));
        expect(Object.keys(byProperty).sort()).toEqual(["endpoint", "regionId", "vpnConnectionId"]);
        expect(byProperty.vpnConnectionId).toContain('got "vpn-123"');
        expect(byProperty.regionId).toContain("region id");
        expect(byProperty.endpoint).toContain("loopback");
        expect(vpc.emulator.requests).toHaveLength(0);
    });

    it("requires vpnConnectionId", async () => {
        const result = await host.check(urn("none"), {}, inputs({}));
        expect(result.failures).toEqual([
            {
                property: "vpnConnectionId",
                reason: 'invalid vpnConnectionId: none given; expected a VPN connection id like "vco-bp1bbi27hojx80nck0001" ("vco-" and 8 to 40 lowercase letters or digits)',
            },
        ]);
    });
});

describe("read", () => {
    it("reads the connection with the stack config's region and credentials", async () => {
        vpc.emulator.clearRequests();
        const result = await host.read(FIXTURE_IDS.singleTunnel, urn("office"), inputs());
        expect(result.id).toBe(FIXTURE_IDS.singleTunnel);
        const p = result.properties;
        expect(p.regionId).toBe("cn-hangzhou");
        expect(p.status).toBe("ipsec_sa_established");
        expect(p.localSubnets).toEqual(["10.10.0.0/16", "10.20.0.0/16"]);
        expect(p.createTime).toBe(1_697_091_234_000);
        expect(p.vcoHealthCheck).toMatchObject({ enable: true, interval: 3 });
        expect(p.tags).toEqual({ env: "prod", team: "network", "cost-center": "cc-1042" });
        // The keys travel under their own names only; the SDK marks exactly these secret.
        expect(p.psk).toBe(FIXTURE_SECRETS.singleTunnelPsk);
        expect(p.bgpAuthKey).toBe(FIXTURE_SECRETS.singleTunnelBgpAuthKey);
        const { psk: _psk, bgpAuthKey: _bgp, tunnelPsks: _t, ...nonSecret } = p;
        expect(JSON.stringify(nonSecret)).not.toMatch(/FIXTURE/);
        expect(vpc.emulator.requests[0]?.regionId).toBe("cn-hangzhou");
        expect(vpc.emulator.requests[0]?.accessKeyId).toBe(DEFAULT_TEST_CREDENTIALS.accessKeyId);
    });

    it("lets the regionId input override the stack config", async () => {
        const result = await host.read(
            FIXTURE_IDS.minimal,
            urn("branch"),
            inputs({ regionId: "cn-shanghai" }),
        );
        expect(result.properties.regionId).toBe("cn-shanghai");
        // A block the connection lacks is a known null for the engine, never left out (it would be unknown).
        expect(result.properties.vpnBgpConfig).toBeNull();
    });

    it("returns the tunnel keys of a dual-tunnel connection under tunnelPsks", async () => {
        const result = await host.read(FIXTURE_IDS.dualTunnel, urn("dc"), inputs());
        expect(result.properties.tunnelPsks).toEqual({
            "tun-bp1a2p4m6r8t0v2x4z601": FIXTURE_SECRETS.dualTunnelMasterPsk,
            "tun-bp1b3q5n7s9u1w3y5a702": FIXTURE_SECRETS.dualTunnelSlavePsk,
        });
        expect(JSON.stringify(result.properties.tunnelOptions)).not.toMatch(/psk-FIXTURE/);
    });

    it("fails the first read of a missing connection, naming the id, region, code and RequestId", async () => {
        const missing = "vco-bp1missing0000000001";
        const error = await host.read(missing, urn("missing"), inputs()).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(error?.message).toMatch(
            /VPN connection vco-bp1missing0000000001 was not found in region cn-hangzhou \(InvalidVpnConnectionInstanceId\.NotFound, RequestId [0-9A-F-]{36}/,
        );
    });

    it("returns an empty id on a refresh when the connection was deleted", async () => {
        const id = "vco-bp1deletedlater000001";
        vpc.emulator.putConnection("cn-hangzhou", {
            VpnConnectionId: id,
            Name: "short-lived",
            LocalSubnet: "10.9.0.0/16",
        });
        const first = await host.read(id, urn("gone"), inputs());
        expect(first.id).toBe(id);
        vpc.emulator.deleteConnection("cn-hangzhou", id);
        const refreshed = await host.read(id, urn("gone"), first.properties, inputs());
        expect(refreshed.id).toBe("");
    });

    it("picks up changes on a refresh, reading the region recorded by the first read", async () => {
        const id = "vco-uf6refreshregion000001";
        vpc.emulator.putConnection("cn-shanghai", {
            VpnConnectionId: id,
            Name: "before",
            Status: "ike_sa_not_established",
        });
        const first = await host.read(id, urn("changing"), inputs({ regionId: "cn-shanghai" }));
        vpc.emulator.updateConnection("cn-shanghai", id, { Name: "after", Status: "ipsec_sa_established" });
        const refreshed = await host.read(
            id,
            urn("changing"),
            first.properties,
            inputs({ regionId: "cn-shanghai" }),
        );
        expect(refreshed.properties.name).toBe("after");
        expect(refreshed.properties.status).toBe("ipsec_sa_established");
    });

    it("retries throttling inside the host and then succeeds", async () => {
        vpc.emulator.clearRequests();
        vpc.emulator.injectFault({ kind: "error", code: "Throttling.User", times: 2, retryAfterMs: 5 });
        const result = await host.read(FIXTURE_IDS.singleTunnel, urn("busy"), inputs());
        expect(result.id).toBe(FIXTURE_IDS.singleTunnel);
        expect(vpc.emulator.requests.map((r) => r.code ?? "OK")).toEqual([
            "Throttling.User",
            "Throttling.User",
            "OK",
        ]);
    });

    it("puts no secret in any error message or in the host's log", async () => {
        const messages: string[] = [];
        for (const fault of [
            { kind: "error" as const, code: "Forbidden.RAM" },
            { kind: "error" as const, code: "InvalidParameter" },
            // A 200 HTML page fails at once; a 5xx one would be retried (and succeed here).
            { kind: "html" as const, httpStatus: 200 },
        ]) {
            vpc.emulator.injectFault({ ...fault, times: 1 });
            await host.read(FIXTURE_IDS.singleTunnel, urn("leak"), inputs()).then(
                () => messages.push("(resolved)"),
                (e: Error) => messages.push(e.message),
            );
        }
        const text = messages.join("\n") + host.stderr;
        expect(messages.every((m) => m.includes("DescribeVpnConnection"))).toBe(true);
        for (const secret of [
            DEFAULT_TEST_CREDENTIALS.accessKeySecret,
            DEFAULT_TEST_CREDENTIALS.accessKeyId,
            FIXTURE_SECRETS.singleTunnelPsk,
        ]) {
            expect(text).not.toContain(secret);
        }
    });
});

describe("read with an expectation", () => {
    const id = "vco-bp1expectation000001";
    const agreed = {
        ikeConfig: { ikeEncAlg: "aes256", ikeVersion: "ikev2", ikeLifetime: "86400" },
        vpnBgpConfig: { enableBgp: true },
        remoteSubnets: ["192.168.20.0/24", "192.168.10.0/24"],
    };

    beforeEach(() => {
        vpc.emulator.putConnection("cn-hangzhou", { ...singleTunnelConnection(), VpnConnectionId: id });
    });

    afterEach(() => {
        vpc.emulator.deleteConnection("cn-hangzhou", id);
    });

    it("reports no drift when the connection matches, and echoes the arguments for refreshes", async () => {
        const result = await host.read(id, urn("agreed"), inputs({ expect: agreed }));
        expect(result.properties.drift).toEqual([]);
        expect(result.properties.inSync).toBe(true);
        // Normalized: a number given as a string is recorded as the number the output holds.
        expect(result.properties.expect).toEqual({
            ...agreed,
            ikeConfig: { ...agreed.ikeConfig, ikeLifetime: 86400 },
        });
        // Arguments not given are known nulls, as every absent non-secret output.
        expect(result.properties.failOnDrift).toBeNull();
        expect(result.properties.omitRuntimeStatus).toBeNull();
    });

    it("lists each drifted path, and a refresh compares again with the expectation it recorded", async () => {
        const first = await host.read(id, urn("drifting"), inputs({ expect: agreed }));
        vpc.emulator.updateConnection("cn-hangzhou", id, {
            IkeConfig: { ...singleTunnelConnection().IkeConfig, IkeEncAlg: "aes", Psk: "psk-ROTATED-1" },
            VpnBgpConfig: undefined,
        });
        const refreshed = await host.read(id, urn("drifting"), first.properties, inputs());
        expect(refreshed.properties.inSync).toBe(false);
        expect(refreshed.properties.drift).toEqual([
            { path: "ikeConfig.ikeEncAlg", expected: "aes256", actual: "aes" },
            { path: "vpnBgpConfig", expected: { enableBgp: true }, actual: null },
        ]);
        expect(JSON.stringify(refreshed.properties.drift)).not.toContain("ROTATED");
    });

    it("fails the read with failOnDrift, listing every drifted path and no secret", async () => {
        vpc.emulator.updateConnection("cn-hangzhou", id, {
            IkeConfig: { ...singleTunnelConnection().IkeConfig, IkeVersion: "ikev1" },
            RemoteSubnet: "192.168.10.0/24",
        });
        const error = await host.read(id, urn("strict"), inputs({ expect: agreed, failOnDrift: true })).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(error?.message).toMatch(
            /DescribeVpnConnection: VPN connection vco-bp1expectation000001 in region cn-hangzhou drifted from its expectation at 2 paths \(RequestId [0-9A-F-]{36}\):\n {2}- ikeConfig\.ikeVersion: expected "ikev2", got "ikev1"\n {2}- remoteSubnets: expected \["192\.168\.20\.0\/24","192\.168\.10\.0\/24"\], got \["192\.168\.10\.0\/24"\]/,
        );
        expect(error?.message + host.stderr).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
    });

    it("leaves the runtime status out with omitRuntimeStatus, on the first read and on refreshes", async () => {
        const first = await host.read(id, urn("quiet"), inputs({ omitRuntimeStatus: true }));
        const p = first.properties;
        expect([p.status, p.state]).toEqual([null, null]);
        expect(p.vcoHealthCheck).not.toHaveProperty("status");
        expect(p.vpnBgpConfig).not.toHaveProperty("status");
        expect(p.vpnBgpConfig).toMatchObject({ enableBgp: true, peerAsn: 65010 });
        vpc.emulator.updateConnection("cn-hangzhou", id, {
            Status: "ike_sa_not_established",
            VcoHealthCheck: { ...singleTunnelConnection().VcoHealthCheck, Status: "failed" },
        });
        const refreshed = await host.read(id, urn("quiet"), first.properties, inputs());
        expect(refreshed.properties).toEqual(first.properties);
    });

    it("refuses an expectation naming a secret or a key that is not an output, before any call", async () => {
        vpc.emulator.clearRequests();
        const checked = await host.check(
            urn("typo"),
            {},
            inputs({
                vpnConnectionId: id,
                expect: { ikeConfig: { ikeEncAlgo: "aes256" } },
                failOnDrift: "yes",
            }),
        );
        const reasons = Object.fromEntries(checked.failures.map((f) => [f.property, f.reason]));
        expect(Object.keys(reasons)).toEqual(["expect.ikeConfig.ikeEncAlgo", "failOnDrift"]);
        expect(reasons["expect.ikeConfig.ikeEncAlgo"]).toContain("not an output");
        expect(reasons.failOnDrift).toBe('invalid failOnDrift: expected true or false, got "yes"');
        const read = await host.read(id, urn("secret"), inputs({ expect: { psk: "guess" } })).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(read?.message).toContain("expect.psk");
        expect(read?.message).not.toContain("guess");
        expect(vpc.emulator.requests).toHaveLength(0);
    });
});

describe("without a region anywhere", () => {
    let bare: ProviderHost;
    afterAll(async () => {
        await bare?.stop();
    });

    it("fails the read with an error listing every place a region can come from", async () => {
        bare = await ProviderHost.start({
            cwd: root,
            env: { ...process.env, ALIBABA_CLOUD_ENDPOINT_VPC: vpc.endpoint },
        });
        await bare.configure({});
        const error = await bare.read(FIXTURE_IDS.singleTunnel, urn("nowhere"), inputs()).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(error?.message).toContain(
            "invalid regionId: no region given; set one of: alicloud:region, ALIBABA_CLOUD_REGION_ID, ALIBABA_CLOUD_REGION, ALICLOUD_REGION",
        );
    });
});
