/**
 * `pulumi preview` through the real CLI: a VpnConnection is read during preview, every output it has is
 * known and shown with its value, its keys are secrets, and a connection that does not exist fails the
 * preview with the id and Alibaba's code.
 */
import { FIXTURE_IDS, FIXTURE_SECRETS } from "../../emulator/fixtures";
import { engineSuite, program } from "../support/engine";

/** The stack outputs block of a preview: `name : value` lines under "Outputs:". */
function outputsOf(stdout: string): Map<string, string> {
    const block = stdout.split(/^Outputs:$/m)[1]?.split(/^Resources:$/m)[0] ?? "";
    const outputs = new Map<string, string>();
    for (const match of block.matchAll(/^ {4}(\w+)\s*: (.*)$/gm)) {
        outputs.set(match[1] as string, match[2] as string);
    }
    return outputs;
}

describe("pulumi preview of a VpnConnection", () => {
    const suite = engineSuite();

    async function preview(vpnConnectionId: string, regionId?: string) {
        const stack = await suite.stack(program("read"), {
            config: { vpnConnectionId, ...(regionId ? { regionId } : {}) },
        });
        return stack.run(["preview", "--show-reads"]);
    }

    it("reads the connection during preview and shows every output known, with its keys as secrets", async () => {
        const result = await preview(FIXTURE_IDS.singleTunnel);
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(
            />\s+pulumi-nodejs:dynamic\/alicloud-vpn:VpnConnection connection read/,
        );
        const outputs = outputsOf(result.stdout);
        expect(outputs.get("vpnConnectionId")).toBe(`"${FIXTURE_IDS.singleTunnel}"`);
        expect(outputs.get("status")).toBe('"ipsec_sa_established"');
        expect(outputs.get("name")).toBe('"hq-office-ipsec"');
        expect(outputs.get("createTime")).toBe("1697091234000");
        expect(outputs.get("ikeConfig")).toBe("{");
        expect(result.stdout).toMatch(/ikeEncAlg\s*: "aes256"/);
        expect(outputs.get("psk")).toBe("[secret]");
        expect(outputs.get("bgpAuthKey")).toBe("[secret]");
        // A single-tunnel connection has no tunnel keys: the only output left unknown (see the README).
        expect([...outputs].filter(([, v]) => v === "[unknown]").map(([k]) => k)).toEqual(["tunnelPsks"]);
        expect(result.stdout + result.stderr).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
        expect(result.stdout + result.stderr).not.toContain(FIXTURE_SECRETS.singleTunnelBgpAuthKey);
        expect(suite.emulator.requests.some((r) => r.action === "DescribeVpnConnection")).toBe(true);
    });

    it("shows the blocks the API leaves out as known nulls (left out of the outputs), not unknowns", async () => {
        const result = await preview(FIXTURE_IDS.minimal, "cn-shanghai");
        expect(result.code).toBe(0);
        const outputs = outputsOf(result.stdout);
        expect(outputs.get("name")).toBe('"branch-shanghai"');
        for (const absent of [
            "vcoHealthCheck",
            "vpnBgpConfig",
            "tunnelOptions",
            "transitRouterId",
            "endpoint",
        ]) {
            expect(outputs.has(absent)).toBe(false);
        }
        // Secret keys the connection does not have stay unknown in preview (documented).
        expect(
            [...outputs]
                .filter(([, v]) => v === "[unknown]")
                .map(([k]) => k)
                .sort(),
        ).toEqual(["bgpAuthKey", "tunnelPsks"]);
        expect(result.stdout).not.toContain(FIXTURE_SECRETS.minimalPsk);
    });

    it("shows a dual-tunnel connection's tunnel keys as one secret", async () => {
        const result = await preview(FIXTURE_IDS.dualTunnel);
        expect(result.code).toBe(0);
        const outputs = outputsOf(result.stdout);
        expect(outputs.get("tunnelPsks")).toBe("[secret]");
        expect(outputs.get("tunnelOptions")).toBe("[");
        expect(result.stdout).not.toContain(FIXTURE_SECRETS.dualTunnelMasterPsk);
        expect(result.stdout).not.toContain(FIXTURE_SECRETS.dualTunnelSlavePsk);
    });

    it("fails the preview naming the id and InvalidVpnConnectionInstanceId.NotFound when the connection does not exist", async () => {
        const missing = "vco-bp1nosuchconnection0009";
        const result = await preview(missing);
        expect(result.code).not.toBe(0);
        const text = result.stdout + result.stderr;
        expect(text).toContain(missing);
        expect(text).toContain("InvalidVpnConnectionInstanceId.NotFound");
        expect(text).toMatch(/RequestId/);
    });
});
