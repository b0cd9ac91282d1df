/**
 * The README's main job end to end, as a user runs it: `npm start`'s script (the emulator, an example
 * program through the real Pulumi CLI: preview, up, a change in the emulator, the refresh drift check),
 * as a child process, asserting what it prints. Uses the compiled package (`npm test` builds first).
 */
import { DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { FIXTURE_SECRETS } from "../emulator/fixtures";
import { ENGINE_TIMEOUT_MS } from "./support/engine";
import { runNode } from "./support/process";

jest.setTimeout(ENGINE_TIMEOUT_MS);

/** `npm start`'s script, killed a little before the test's timeout so that a hang shows its output. */
function start(...args: string[]) {
    return runNode(["dist/demo/start.js", ...args], process.env, ENGINE_TIMEOUT_MS - 15_000);
}

function expectNoSecret(text: string): void {
    for (const secret of [...Object.values(FIXTURE_SECRETS), DEFAULT_TEST_CREDENTIALS.accessKeySecret]) {
        expect(text).not.toContain(secret);
    }
}

describe("npm start", () => {
    it("previews and updates examples/basic, then catches a change made in the emulator", async () => {
        const { code, stdout, stderr } = await start();
        expect(code).toBe(0);
        expect(stdout).toMatch(/VPC API emulator listening at http:\/\/127\.0\.0\.1:\d+/);
        expect(stdout).toContain("$ pulumi preview --show-reads");
        expect(stdout).toMatch(/>\s+pulumi-nodejs:dynamic\/alicloud-vpn:VpnConnection office read/);
        expect(stdout).toMatch(/\+\s+alicloud:oos:Parameter office-vpn-facts create/);
        expect(stdout).toMatch(/status\s+: "ipsec_sa_established"/);
        expect(stdout).toMatch(/presharedKey\s*: \[secret\]/);
        expect(stdout).toContain("$ pulumi up --yes --skip-preview");
        expect(stdout).toContain("adds 192.168.99.0/24 to the remote subnets of vco-bp1bbi27hojx80nck0001");
        expect(stdout).toMatch(
            /~ remoteSubnet\s*: "192\.168\.10\.0\/24,192\.168\.20\.0\/24" => "192\.168\.10\.0\/24,192\.168\.20\.0\/24,192\.168\.99\.0\/24"/,
        );
        expect(stdout).toContain("`pulumi refresh --preview-only --expect-no-changes` exited 7.");
        expect(stdout).toContain("$ alicloud-vpn snapshot vco-bp1bbi27hojx80nck0001");
        expect(stdout).toContain("vco-bp1bbi27hojx80nck0001 hq-office-ipsec (cn-hangzhou): drifted");
        expect(stdout).toMatch(
            /remoteSubnets: expected \[.*\], got \[.*"192\.168\.99\.0\/24"\] \[baseline\]/,
        );
        expect(stdout).toContain("`alicloud-vpn drift` exited 1.");
        expectNoSecret(stdout + stderr);
    });

    it("runs examples/route-to-vpn: one route entry per remote subnet of the dual-tunnel connection", async () => {
        const { code, stdout, stderr } = await start("route-to-vpn");
        expect(code).toBe(0);
        expect(stdout).toMatch(/\+\s+alicloud:vpc:RouteEntry to-datacenter-0 create/);
        expect(stdout).toMatch(/\+\s+alicloud:vpc:RouteEntry to-datacenter-1 create/);
        expect(stdout).toContain("master tun-bp1a2p4m6r8t0v2x4z601 ipsec_sa_established");
        expect(stdout).toContain("exited 7.");
        expectNoSecret(stdout + stderr);
    });

    it("names the examples when asked for one that does not exist", async () => {
        const { code, stderr } = await start("nope");
        expect(code).toBe(2);
        expect(stderr).toContain(
            'no example named "nope"; choose one of: basic, drift-pipeline, route-to-vpn',
        );
    });
});
