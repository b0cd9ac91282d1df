/**
 * A VpnConnection whose region and endpoint are another resource's outputs, unknown during preview. The
 * engine drops unknown inputs before Read, so without care the connection would be read from the default
 * region and endpoint. Here the default endpoint is a second emulator that must never be asked.
 */
import { FIXTURE_IDS, FIXTURE_REGIONS } from "../../emulator/fixtures";
import type { VpcEmulator } from "../../emulator/server";
import type { LocalStack } from "../../engine/stack";
import { engineSuite, program } from "../support/engine";

describe("a VpnConnection located by outputs unknown in preview", () => {
    const suite = engineSuite();
    let right: VpcEmulator;
    let wrong: VpcEmulator;
    let stack: LocalStack;

    beforeAll(async () => {
        right = suite.emulator;
        wrong = await suite.startEmulator();
        stack = await suite.stack(program("located"), {
            // The default endpoint (the one a dropped input falls back to) is the wrong emulator.
            emulator: wrong,
            config: {
                vpnConnectionId: FIXTURE_IDS.minimal,
                regionId: FIXTURE_REGIONS.minimal,
                endpoint: right.endpoint,
            },
        });
    });

    suite.stage("reads nothing anywhere in preview and leaves the outputs unknown", async () => {
        const result = await stack.run(["preview"]);
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/readRegion\s*: \[unknown\]/);
        expect(result.stdout).toMatch(/status\s*: \[unknown\]/);
        expect(wrong.requests).toHaveLength(0);
        expect(right.requests).toHaveLength(0);
    });

    suite.stage("reads the connection where it lives once the location is known", async () => {
        const result = await stack.run(["up", "--yes"]);
        expect(result.code).toBe(0);
        expect(await stack.outputs()).toEqual({
            readRegion: FIXTURE_REGIONS.minimal,
            name: "branch-shanghai",
            status: "ike_sa_not_established",
        });
        expect(wrong.requests).toHaveLength(0);
        expect(right.requests.map((r) => [r.action, r.regionId, r.vpnConnectionId])).toContainEqual([
            "DescribeVpnConnection",
            FIXTURE_REGIONS.minimal,
            FIXTURE_IDS.minimal,
        ]);
    });

    suite.stage("reads it there again in the next preview, now that the location is in state", async () => {
        right.clearRequests();
        const result = await stack.run(["preview"]);
        expect(result.code).toBe(0);
        expect(wrong.requests).toHaveLength(0);
        expect(right.requests.filter((r) => r.action === "DescribeVpnConnection")).not.toHaveLength(0);
    });
});
