/**
 * Drift through the real CLI: a VpnConnection's expectation is compared during `pulumi preview`;
 * `failOnDrift` fails the preview listing every drifted path; and `pulumi refresh --preview-only
 * --expect-no-changes` (exit 7 on changed outputs) flags a renegotiating tunnel only when the runtime
 * status is kept in the outputs, while configuration changes and rotated keys are flagged either way,
 * without a key in what the CLI prints.
 */
import { FIXTURE_IDS, FIXTURE_SECRETS, singleTunnelConnection } from "../../emulator/fixtures";
import type { VpcEmulator } from "../../emulator/server";
import type { LocalStack } from "../../engine/stack";
import { engineSuite, expectExit, program } from "../support/engine";

const ID = FIXTURE_IDS.singleTunnel;
const REGION = "cn-hangzhou";
/** What was agreed with the remote site; the fixture connection matches it. */
const AGREED = {
    ikeConfig: { ikeEncAlg: "aes256", ikeVersion: "ikev2" },
    vpnBgpConfig: { enableBgp: true },
    remoteSubnets: ["192.168.10.0/24", "192.168.20.0/24"],
};
const DRIFT_CHECK = ["refresh", "--preview-only", "--expect-no-changes", "--diff"];

describe("drift of a VpnConnection through the real CLI", () => {
    const suite = engineSuite();
    let emulator: VpcEmulator;
    /** Reads with omitRuntimeStatus. */
    let quiet: LocalStack;
    /** Reads every output. */
    let full: LocalStack;

    beforeAll(async () => {
        emulator = suite.emulator;
        const agreed = JSON.stringify(AGREED);
        [quiet, full] = await Promise.all([
            suite.stack(program("drift"), {
                config: { vpnConnectionId: ID, expect: agreed, omitRuntimeStatus: "true" },
            }),
            suite.stack(program("drift"), { config: { vpnConnectionId: ID, expect: agreed } }),
        ]);
    });

    suite.stage(
        "preview: the expectation is compared on the live connection, drift and inSync known",
        async () => {
            const result = await quiet.run(["preview", "--show-reads"]);
            expectExit(result, 0);
            expect(result.stdout).toMatch(/^ {4}inSync\s*: true$/m);
            // The CLI leaves empty lists and nulls out of the outputs it shows (the empty drift list and the
            // status left out); an unknown would show as "[unknown]".
            expect(result.stdout).not.toMatch(/^ {4}(drift|status)\s*:/m);
            expect(result.stdout).not.toContain("[unknown]");
        },
    );

    suite.stage("up stores both stacks; nothing changed, the drift check passes", async () => {
        expectExit(await quiet.run(["up", "--yes", "--skip-preview"]), 0);
        expectExit(await full.run(["up", "--yes", "--skip-preview"]), 0);
        expect(await full.outputs()).toMatchObject({ status: "ipsec_sa_established", inSync: true });
        expect(await quiet.outputs()).toMatchObject({ status: null, drift: [], inSync: true });
        expectExit(await quiet.run(DRIFT_CHECK), 0);
        expectExit(await full.run(DRIFT_CHECK), 0);
    });

    suite.stage("a renegotiating tunnel alone: exit 0 with omitRuntimeStatus, 7 without it", async () => {
        const wire = singleTunnelConnection();
        emulator.updateConnection(REGION, ID, {
            Status: "ike_sa_not_established",
            VcoHealthCheck: { ...wire.VcoHealthCheck, Status: "failed" },
            VpnBgpConfig: { ...wire.VpnBgpConfig, Status: "false" },
        });
        expectExit(await quiet.run(DRIFT_CHECK), 0);
        const flagged = await full.run(DRIFT_CHECK);
        expectExit(flagged, 7);
        expect(flagged.stdout).toMatch(/status\s*: "ipsec_sa_established" => "ike_sa_not_established"/);
    });

    suite.stage("an IKE algorithm changed by hand: exit 7 either way, with the drift named", async () => {
        emulator.updateConnection(REGION, ID, {
            IkeConfig: { ...singleTunnelConnection().IkeConfig, IkeEncAlg: "aes" },
        });
        for (const stack of [quiet, full]) {
            const result = await stack.run(DRIFT_CHECK);
            expectExit(result, 7);
            expect(result.stdout).toMatch(/ikeEncAlg\s*: "aes256" => "aes"/);
            expect(result.stdout).toMatch(/inSync\s*: true => false/);
            expect(result.stdout).toContain("ikeConfig.ikeEncAlg");
        }
    });

    suite.stage(
        "failOnDrift: the preview fails listing every drifted path with expected and actual values",
        async () => {
            emulator.updateConnection(REGION, ID, { RemoteSubnet: "192.168.10.0/24,192.168.99.0/24" });
            await quiet.must(["config", "set", "failOnDrift", "true"]);
            const result = await quiet.run(["preview"]);
            expectExit(result, 1);
            const text = result.stdout + result.stderr;
            expect(text).toContain(
                `VPN connection ${ID} in region ${REGION} drifted from its expectation at 2 paths`,
            );
            expect(text).toContain('ikeConfig.ikeEncAlg: expected "aes256", got "aes"');
            expect(text).toContain(
                'remoteSubnets: expected ["192.168.10.0/24","192.168.20.0/24"], got ["192.168.10.0/24","192.168.99.0/24"]',
            );
            expect(text).toMatch(/RequestId [0-9A-F-]{36}/);
            expect(text).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
            await quiet.must(["config", "rm", "failOnDrift"]);
        },
    );

    suite.stage("a rotated pre-shared key is drift, and the key never shows", async () => {
        // Bring the stored state up to date first, so that only the key differs.
        expectExit(await quiet.run(["refresh", "--yes", "--skip-preview"]), 0);
        expectExit(await quiet.run(DRIFT_CHECK), 0);
        const rotated = "psk-ROTATED-never-printed-7Qx";
        emulator.updateConnection(REGION, ID, {
            IkeConfig: { ...singleTunnelConnection().IkeConfig, IkeEncAlg: "aes", Psk: rotated },
        });
        const result = await quiet.run(DRIFT_CHECK);
        expectExit(result, 7);
        expect(result.stdout).toMatch(/psk\s*: \[secret\]/);
        const text = result.stdout + result.stderr;
        expect(text).not.toContain(rotated);
        expect(text).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
        const { text: state } = await quiet.exportState();
        expect(state).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
    });

    suite.stage(
        "preview and up with --expect-no-changes do not flag drift of a read resource; refresh does",
        async () => {
            // The IKE change of the earlier tests is live and not in full's state.
            expectExit(await full.run(DRIFT_CHECK), 7);
            expectExit(await full.run(["preview", "--expect-no-changes"]), 0);
            expectExit(await full.run(["up", "--yes", "--expect-no-changes"]), 0);
        },
    );

    suite.stage("a deleted connection is drift: the refresh would remove it from the state", async () => {
        expectExit(await full.run(["refresh", "--yes", "--skip-preview"]), 0);
        emulator.deleteConnection(REGION, ID);
        const result = await full.run(DRIFT_CHECK);
        expectExit(result, 7);
        expect(result.stdout).toMatch(/- pulumi-nodejs:dynamic\/alicloud-vpn:VpnConnection: \(delete\)/);
    });
});
