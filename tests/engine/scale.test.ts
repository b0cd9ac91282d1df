/**
 * A stack of 50 VpnConnections through the real CLI at the engine's default parallelism: every read
 * succeeds in preview and in up.
 */
import { makeFleet } from "../../emulator/fleet";
import type { VpcEmulator } from "../../emulator/server";
import type { LocalStack } from "../../engine/stack";
import { engineSuite, program } from "../support/engine";

const COUNT = 50;

describe("a stack of 50 VpnConnections", () => {
    const suite = engineSuite({ seed: false });
    let emulator: VpcEmulator;
    let stack: LocalStack;
    let ids: string[];

    beforeAll(async () => {
        emulator = suite.emulator;
        const fleet = makeFleet("cn-hangzhou", COUNT);
        for (const connection of fleet) emulator.putConnection("cn-hangzhou", connection);
        ids = fleet.map((c) => c.VpnConnectionId as string);
        stack = await suite.stack(program("fleet"), { config: { vpnConnectionIds: JSON.stringify(ids) } });
    });

    const readsOf = () =>
        new Set(
            emulator.requests
                .filter((r) => r.action === "DescribeVpnConnection" && r.status === 200)
                .map((r) => r.vpnConnectionId),
        );

    suite.stage("previews with every connection read", async () => {
        const result = await stack.run(["preview"]);
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/count\s*: 50/);
        expect(readsOf()).toEqual(new Set(ids));
        expect(emulator.requests.filter((r) => r.status !== 200)).toEqual([]);
    });

    suite.stage("updates with every connection in state", async () => {
        emulator.clearRequests();
        const result = await stack.run(["up", "--yes"]);
        expect(result.code).toBe(0);
        const resources = (await stack.exportState()).deployment.resources ?? [];
        expect(
            resources
                .filter((r) => r.type.endsWith(":VpnConnection"))
                .map((r) => r.id)
                .sort(),
        ).toEqual([...ids].sort());
        expect(readsOf()).toEqual(new Set(ids));
        const established = makeFleet("cn-hangzhou", COUNT).filter(
            (c) => c.Status === "ipsec_sa_established",
        ).length;
        expect((await stack.outputs()).established).toBe(established);
    });
});
