/**
 * The life of a stack through the real CLI, on `examples/basic` unchanged: `up` stores the outputs with
 * the keys encrypted and feeds them to another resource (an `@pulumi/alicloud` OOS parameter, served by
 * the stand-in alicloud plugin), `refresh` notices configuration changes, key rotations and deletions,
 * `destroy` empties the stack, and nothing but the Describe actions ever reaches the API.
 */
import * as path from "node:path";
import { FIXTURE_IDS, FIXTURE_SECRETS } from "../../emulator/fixtures";
import { DEFAULT_TEST_CREDENTIALS, type VpcEmulator } from "../../emulator/server";
import type { LocalStack, StackResource } from "../../engine/stack";
import { engineSuite } from "../support/engine";
import { ROOT } from "../support/process";

const ID = FIXTURE_IDS.singleTunnel;
const REGION = "cn-hangzhou";
const VPN_TYPE = "pulumi-nodejs:dynamic/alicloud-vpn:VpnConnection";

describe("examples/basic through up, refresh and destroy", () => {
    const suite = engineSuite();
    let emulator: VpcEmulator;
    let stack: LocalStack;

    const resource = async (type: string): Promise<StackResource | undefined> =>
        ((await stack.exportState()).deployment.resources ?? []).find((r) => r.type === type);

    beforeAll(async () => {
        emulator = suite.emulator;
        emulator.addCredential({
            accessKeyId: "LTAI5tSecondTestKeyId",
            accessKeySecret: "SecondSecretForTests",
        });
        stack = await suite.stack(path.join(ROOT, "examples", "basic"));
    });

    suite.stage(
        "up: stores the outputs, with the keys only as ciphertext and no credential anywhere",
        async () => {
            const result = await stack.run(["up", "--yes"]);
            expect(result.code).toBe(0);
            const outputs = await stack.outputs();
            expect(outputs).toMatchObject({
                status: "ipsec_sa_established",
                state: "active",
                remoteSubnets: ["192.168.10.0/24", "192.168.20.0/24"],
                ike: expect.objectContaining({ ikeEncAlg: "aes256", ikeVersion: "ikev2" }),
                presharedKey: "[secret]",
            });
            expect((await stack.outputs(true)).presharedKey).toBe(FIXTURE_SECRETS.singleTunnelPsk);

            const { text } = await stack.exportState();
            expect(text).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
            expect(text).not.toContain(FIXTURE_SECRETS.singleTunnelBgpAuthKey);
            expect(text).not.toContain(DEFAULT_TEST_CREDENTIALS.accessKeyId);
            expect(text).not.toContain(DEFAULT_TEST_CREDENTIALS.accessKeySecret);
            const connection = await resource(VPN_TYPE);
            expect(connection?.external).toBe(true);
            expect(connection?.id).toBe(ID);
            for (const key of ["psk", "bgpAuthKey"]) {
                expect(connection?.outputs?.[key]).toEqual(
                    expect.objectContaining({
                        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                    }),
                );
                expect(JSON.stringify(connection?.outputs?.[key])).toContain("ciphertext");
            }
            // The serialized provider holds the implementation's path and nothing of the configuration.
            const provider = String(connection?.inputs?.__provider);
            expect(provider).toContain("provider/dynamic.js");
            expect(provider).not.toContain(DEFAULT_TEST_CREDENTIALS.accessKeyId);
        },
    );

    suite.stage("up: feeds the connection's outputs into another resource of the stack", async () => {
        const parameter = await resource("alicloud:oos/parameter:Parameter");
        expect(parameter?.inputs?.parameterName).toBe(`vpn/${ID}/facts`);
        expect(JSON.parse(String(parameter?.inputs?.value))).toEqual({
            gateway: "vpn-bp1q8bgx4xnkm2ogj1234",
            remoteSubnets: ["192.168.10.0/24", "192.168.20.0/24"],
            ikeVersion: "ikev2",
        });
        expect(parameter?.inputs?.tags).toEqual({ "cost-center": "cc-1042", env: "prod", team: "network" });
    });

    suite.stage(
        "the stack config reaches the provider: every call used alicloud:accessKey in alicloud:region",
        async () => {
            const reads = emulator.requests.filter((r) => r.action === "DescribeVpnConnection");
            expect(reads.length).toBeGreaterThan(0);
            for (const read of reads) {
                expect([read.accessKeyId, read.regionId, read.code]).toEqual([
                    DEFAULT_TEST_CREDENTIALS.accessKeyId,
                    REGION,
                    undefined,
                ]);
            }
        },
    );

    suite.stage("refresh --preview-only --expect-no-changes exits 0 when nothing changed", async () => {
        const result = await stack.run(["refresh", "--preview-only", "--expect-no-changes"]);
        expect(result.code).toBe(0);
    });

    suite.stage(
        "plain refresh reads with the config stored at the last up, not config changed since",
        async () => {
            await stack.must(["config", "set", "--secret", "alicloud:accessKey", "LTAI5tSecondTestKeyId"]);
            await stack.must(["config", "set", "--secret", "alicloud:secretKey", "SecondSecretForTests"]);
            emulator.clearRequests();
            expect((await stack.run(["refresh", "--preview-only"])).code).toBe(0);
            expect(emulator.requests.map((r) => r.accessKeyId)).toEqual([
                DEFAULT_TEST_CREDENTIALS.accessKeyId,
            ]);
            // `up` stores the new config; refreshes use it from then on.
            expect((await stack.run(["up", "--yes"])).code).toBe(0);
            emulator.clearRequests();
            expect((await stack.run(["refresh", "--preview-only"])).code).toBe(0);
            expect(emulator.requests.map((r) => r.accessKeyId)).toEqual(["LTAI5tSecondTestKeyId"]);
        },
    );

    suite.stage(
        "refresh --expect-no-changes exits 7 on a changed IKE algorithm and --diff names the field",
        async () => {
            const original = emulator.getConnection(REGION, ID);
            emulator.updateConnection(REGION, ID, {
                IkeConfig: { ...original?.IkeConfig, IkeEncAlg: "aes128" },
            });
            try {
                const result = await stack.run([
                    "refresh",
                    "--preview-only",
                    "--expect-no-changes",
                    "--diff",
                ]);
                expect(result.code).toBe(7);
                expect(result.stdout).toMatch(/~ ikeEncAlg\s*: "aes256" => "aes128"/);
                expect(result.stdout + result.stderr).toContain("no changes were expected");
            } finally {
                emulator.putConnection(REGION, original as NonNullable<typeof original>);
            }
        },
    );

    suite.stage("refresh flags a rotated pre-shared key without ever printing a key", async () => {
        const original = emulator.getConnection(REGION, ID);
        const rotated = "psk-ROTATED-office-000111";
        emulator.updateConnection(REGION, ID, { IkeConfig: { ...original?.IkeConfig, Psk: rotated } });
        try {
            const result = await stack.run(["refresh", "--preview-only", "--expect-no-changes", "--diff"]);
            expect(result.code).toBe(7);
            // The engine cannot show how a secret changed: the resource is an update, the keys `[secret]`.
            expect(result.stdout).toMatch(/~ pulumi-nodejs:dynamic\/alicloud-vpn:VpnConnection: \(update\)/);
            expect(result.stdout).toMatch(/psk\s*: \[secret\]/);
            const text = result.stdout + result.stderr;
            expect(text).not.toContain(rotated);
            expect(text).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
        } finally {
            emulator.putConnection(REGION, original as NonNullable<typeof original>);
        }
    });

    suite.stage("refresh --yes removes a deleted connection from the state", async () => {
        const original = emulator.getConnection(REGION, ID);
        emulator.deleteConnection(REGION, ID);
        try {
            const result = await stack.run(["refresh", "--yes"]);
            expect(result.code).toBe(0);
            expect(result.stdout).toMatch(/VpnConnection office\s+deleted/);
            expect(await resource(VPN_TYPE)).toBeUndefined();
        } finally {
            emulator.putConnection(REGION, original as NonNullable<typeof original>);
        }
    });

    suite.stage("destroy empties the stack, and the API only ever saw Describe calls", async () => {
        const result = await stack.run(["destroy", "--yes"]);
        expect(result.code).toBe(0);
        expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
        const actions = new Set(emulator.requests.map((r) => r.action));
        expect(
            [...actions].every((a) => a === "DescribeVpnConnection" || a === "DescribeVpnConnections"),
        ).toBe(true);
    });
});
