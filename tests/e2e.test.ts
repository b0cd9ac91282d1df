/**
 * The README's main job end to end, as a user runs it: `npm start`'s script (emulator, example program,
 * preview harness, real provider host) and the `alicloud-vpn-preview` CLI, as child processes, asserting
 * what they print. Uses the compiled package (`npm test` builds first).
 */
import { VpcEmulator, DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { FIXTURE_SECRETS } from "../emulator/fixtures";
import { Run, runNode } from "./support/process";

// Each test of this suite runs a command as a child process that starts the emulator and a provider host.
jest.setTimeout(60_000);

const run = (args: string[], env?: NodeJS.ProcessEnv): Promise<Run> => runNode(args, env);

function expectNoSecret(text: string): void {
    for (const secret of [...Object.values(FIXTURE_SECRETS), DEFAULT_TEST_CREDENTIALS.accessKeySecret]) {
        expect(text).not.toContain(secret);
    }
}

describe("npm start", () => {
    it("previews examples/basic against the emulator: the read, its typed outputs, its secrets hidden", async () => {
        const { code, stdout, stderr } = await run(["dist/harness/start.js"]);
        expect(stderr).toBe("");
        expect(code).toBe(0);
        expect(stdout).toMatch(/VPC API emulator listening at http:\/\/127\.0\.0\.1:\d+/);
        expect(stdout).toMatch(/>\s+├─ pulumi-nodejs:dynamic\/alicloud-vpn:VpnConnection\s+office\s+read/);
        expect(stdout).toMatch(/\+\s+└─ alicloud:oos\/parameter:Parameter\s+office-vpn-facts\s+create/);
        expect(stdout).toContain("[id=vco-bp1bbi27hojx80nck0001]");
        expect(stdout).toMatch(/status\s+: "ipsec_sa_established"/);
        expect(stdout).toMatch(/ikeLifetime: 86400/);
        expect(stdout).toMatch(/enable\s+: true/);
        expect(stdout).toMatch(/psk\s+: \[secret\]/);
        expect(stdout).toMatch(/bgpAuthKey\s+: \[secret\]/);
        expect(stdout).toMatch(/presharedKey\s+: \[secret\]/);
        // The OOS parameter's inputs come from the read's outputs.
        expect(stdout).toContain('parameterName: "vpn/vco-bp1bbi27hojx80nck0001/facts"');
        expect(stdout).toContain("1 call reached the emulator.");
        expectNoSecret(stdout);
    });

    it("previews examples/route-to-vpn: one route entry per remote subnet of the dual-tunnel connection", async () => {
        const { code, stdout } = await run(["dist/harness/start.js", "route-to-vpn"]);
        expect(code).toBe(0);
        expect(stdout).toMatch(/alicloud:vpc\/routeEntry:RouteEntry\s+to-datacenter-0\s+create/);
        expect(stdout).toMatch(/alicloud:vpc\/routeEntry:RouteEntry\s+to-datacenter-1\s+create/);
        expect(stdout).toContain('destinationCidrblock: "172.17.0.0/16"');
        expect(stdout).toContain('nexthopId           : "vpn-bp1d7rq4kwc8n3tzm5678"');
        expect(stdout).toMatch(/tunnelPsks\s+: \[secret\]/);
        expect(stdout).toContain("master tun-bp1a2p4m6r8t0v2x4z601 ipsec_sa_established");
        expectNoSecret(stdout);
    });

    it("names the examples when asked for one that does not exist", async () => {
        const { code, stderr } = await run(["dist/harness/start.js", "nope"]);
        expect(code).toBe(2);
        expect(stderr).toContain('no example named "nope"; choose one of: basic, route-to-vpn');
    });
});

describe("alicloud-vpn-preview on examples/basic", () => {
    let emulator: VpcEmulator;
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
        emulator = await VpcEmulator.start();
        env = {
            ...process.env,
            ALIBABA_CLOUD_ENDPOINT_VPC: emulator.endpoint,
            ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_TEST_CREDENTIALS.accessKeyId,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_TEST_CREDENTIALS.accessKeySecret,
        };
    });

    afterAll(async () => {
        await emulator.stop();
    });

    it("fails the preview of a missing connection with the id, region, code and RequestId, exit 1", async () => {
        const { code, stdout, stderr } = await run(
            [
                "dist/harness/cli.js",
                "--cwd",
                "examples/basic",
                "--config",
                "alicloud:region=cn-shanghai",
                "--config",
                "vpnConnectionId=vco-uf6nosuchconnection01",
            ],
            env,
        );
        expect(code).toBe(1);
        expect(stdout + stderr).toMatch(
            /VPN connection vco-uf6nosuchconnection01 was not found in region cn-shanghai \(InvalidVpnConnectionInstanceId\.NotFound, RequestId [0-9A-F-]{36}/,
        );
        expectNoSecret(stdout + stderr);
    });

    it("reads with credentials from the environment and the region from --config", async () => {
        const { code, stdout } = await run(
            [
                "dist/harness/cli.js",
                "--cwd",
                "examples/basic",
                "--config",
                "alicloud:region=cn-shanghai",
                "--config",
                "vpnConnectionId=vco-uf6mhy4pqxkq2n9d80003",
            ],
            env,
        );
        expect(code).toBe(0);
        expect(stdout).toMatch(/name\s+: "branch-shanghai"/);
        expect(stdout).toMatch(/regionId\s+: "cn-shanghai"/);
        // The minimal connection has no health check: a known null, not an unknown value.
        expect(stdout).toMatch(/vcoHealthCheck\s*: null/);
    });
});
