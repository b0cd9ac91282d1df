/**
 * The SDK under Pulumi's mocks: what a program declares (type token, id, inputs, output keys) and what
 * it gets back (typed outputs). The mock runs the real serialized provider against the emulator, as the
 * provider host would; secrets marking is engine behaviour and is tested through the real engine (tests/engine) instead.
 */
import * as pulumi from "@pulumi/pulumi";
import { VpcEmulator, DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { FIXTURE_IDS } from "../emulator/fixtures";
import { closeIdleConnections } from "../provider/transport";
import { VpcInvalidInputError } from "../provider/errors";

const requireFromString = require("require-from-string") as (code: string) => {
    handler(): pulumi.dynamic.ResourceProvider;
};

let emulator: VpcEmulator;
const seen: pulumi.runtime.MockResourceArgs[] = [];

beforeAll(async () => {
    emulator = await VpcEmulator.start();
    await pulumi.runtime.setMocks(
        {
            async newResource(args) {
                seen.push(args);
                if (args.inputs.__provider && args.id) {
                    const provider = requireFromString(args.inputs.__provider).handler();
                    await provider.configure?.({
                        config: {
                            get: (key: string) =>
                                ({
                                    "alicloud:region": "cn-hangzhou",
                                    "alicloud:accessKey": DEFAULT_TEST_CREDENTIALS.accessKeyId,
                                    "alicloud:secretKey": DEFAULT_TEST_CREDENTIALS.accessKeySecret,
                                })[key],
                        } as never,
                    });
                    const result = await provider.read!(args.id, args.inputs);
                    // The provider runs outside Jest's sandbox; a JSON round trip brings its values into the
                    // test's realm, as the gRPC boundary does for the real engine.
                    return { id: result.id, state: JSON.parse(JSON.stringify(result.props ?? {})) };
                }
                throw new Error(`Mock not implemented: ${args.type}`);
            },
            call(args) {
                throw new Error(`Mock not implemented: ${args.token}`);
            },
        },
        "sdk-test",
        "dev",
        true,
    );
    // Stack config for getVpnConnection, which reads in the program's process.
    pulumi.runtime.setConfig("alicloud:accessKey", DEFAULT_TEST_CREDENTIALS.accessKeyId);
    pulumi.runtime.setConfig("alicloud:secretKey", DEFAULT_TEST_CREDENTIALS.accessKeySecret);
});

afterAll(async () => {
    await emulator.stop();
    closeIdleConnections();
});

function value<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

// Imported after setMocks is defined above, as Pulumi's testing guide advises.
const sdk = require("../sdk") as typeof import("../sdk");

describe("VpnConnection", () => {
    it("is read by id with the dynamic type token, its inputs and every output key", async () => {
        const office = new sdk.VpnConnection("office", {
            vpnConnectionId: FIXTURE_IDS.singleTunnel,
            endpoint: emulator.endpoint,
        });
        expect(await value(office.id)).toBe(FIXTURE_IDS.singleTunnel);
        const args = seen.find((s) => s.name === "office");
        expect(args?.type).toBe("pulumi-nodejs:dynamic/alicloud-vpn:VpnConnection");
        expect(args?.id).toBe(FIXTURE_IDS.singleTunnel);
        expect(args?.inputs.vpnConnectionId).toBe(FIXTURE_IDS.singleTunnel);
        expect(args?.inputs.endpoint).toBe(emulator.endpoint);
        expect(typeof args?.inputs.__provider).toBe("string");
        expect(VpnConnectionKeys.every((k) => k in office)).toBe(true);
    });

    it("gives typed outputs usable as inputs", async () => {
        const office = new sdk.VpnConnection("typed", {
            vpnConnectionId: FIXTURE_IDS.singleTunnel,
            endpoint: emulator.endpoint,
        });
        expect(await value(office.regionId)).toBe("cn-hangzhou");
        expect(await value(office.createTime)).toBe(1_697_091_234_000);
        expect(await value(office.enableDpd)).toBe(true);
        expect(await value(office.remoteSubnets)).toEqual(["192.168.10.0/24", "192.168.20.0/24"]);
        expect(await value(office.ikeConfig)).toMatchObject({ ikeLifetime: 86400, ikeVersion: "ikev2" });
        expect(await value(office.vpnBgpConfig)).toMatchObject({ enableBgp: true, localAsn: 45104 });
        // During a preview Pulumi treats an undefined output as unknown and skips applies, so read the
        // raw value: an absent block is null (known in preview), not an empty object.
        const raw = (office.tunnelOptions as unknown as { promise(): Promise<unknown> }).promise();
        expect(await raw).toBeNull();
        const route = pulumi.interpolate`${office.remoteSubnets.apply((s) => s[0])} via ${office.vpnGatewayId}`;
        expect(await value(route)).toBe("192.168.10.0/24 via vpn-bp1q8bgx4xnkm2ogj1234");
    });

    it("reads the same connection with VpnConnection.get and recognises instances", async () => {
        const again = sdk.VpnConnection.get("again", FIXTURE_IDS.minimal, {
            regionId: "cn-shanghai",
            endpoint: emulator.endpoint,
        });
        expect(await value(again.name)).toBe("branch-shanghai");
        expect(sdk.VpnConnection.isInstance(again)).toBe(true);
        expect(sdk.VpnConnection.isInstance({ __pulumiType: "something:else" })).toBe(false);
    });

    it("rejects a malformed id at once, naming the argument", () => {
        expect(() => new sdk.VpnConnection("bad", { vpnConnectionId: "connection-1" })).toThrow(
            VpcInvalidInputError,
        );
        expect(() => new sdk.VpnConnection("bad2", { vpnConnectionId: "connection-1" })).toThrow(
            /vpnConnectionId/,
        );
        expect(
            () =>
                new sdk.VpnConnection("bad3", { vpnConnectionId: FIXTURE_IDS.minimal, regionId: "shanghai" }),
        ).toThrow(/invalid regionId/);
        expect(
            () =>
                new sdk.VpnConnection("bad4", { vpnConnectionId: FIXTURE_IDS.minimal, endpoint: "ftp://x" }),
        ).toThrow(/invalid endpoint/);
    });
});

describe("getVpnConnection", () => {
    it("returns the typed fields without the keys unless asked", async () => {
        const result = await sdk.getVpnConnection({
            vpnConnectionId: FIXTURE_IDS.singleTunnel,
            regionId: "cn-hangzhou",
            endpoint: emulator.endpoint,
        });
        expect(result.id).toBe(FIXTURE_IDS.singleTunnel);
        expect(result.vcoHealthCheck?.enable).toBe(true);
        expect(result.psk).toBeUndefined();
        expect("bgpAuthKey" in result).toBe(false);
    });

    it("makes the whole Output result secret when the keys are included", async () => {
        const plain = sdk.getVpnConnectionOutput({
            vpnConnectionId: FIXTURE_IDS.dualTunnel,
            regionId: "cn-hangzhou",
            endpoint: emulator.endpoint,
        });
        const secret = sdk.getVpnConnectionOutput({
            vpnConnectionId: pulumi.output(FIXTURE_IDS.dualTunnel),
            regionId: "cn-hangzhou",
            endpoint: emulator.endpoint,
            includeSecrets: true,
        });
        expect(await pulumi.isSecret(plain)).toBe(false);
        expect(await pulumi.isSecret(secret)).toBe(true);
        const value2 = await value(secret);
        expect(Object.keys(value2.tunnelPsks ?? {})).toHaveLength(2);
        expect((await value(plain)).tunnelPsks).toBeUndefined();
    });
});

const VpnConnectionKeys = [
    "vpnConnectionId",
    "regionId",
    "name",
    "vpnGatewayId",
    "customerGatewayId",
    "localSubnet",
    "remoteSubnet",
    "localSubnets",
    "remoteSubnets",
    "createTime",
    "status",
    "state",
    "effectImmediately",
    "enableDpd",
    "enableNatTraversal",
    "enableTunnelsBgp",
    "networkType",
    "attachType",
    "attachInstanceId",
    "transitRouterId",
    "transitRouterName",
    "crossAccountAuthorized",
    "spec",
    "tunnelBandwidth",
    "internetIp",
    "resourceGroupId",
    "zoneNo",
    "tags",
    "ikeConfig",
    "ipsecConfig",
    "vcoHealthCheck",
    "vpnBgpConfig",
    "tunnelOptions",
    "psk",
    "bgpAuthKey",
    "tunnelPsks",
];
