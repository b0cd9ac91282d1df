/**
 * `getVpnConnections` / `getVpnConnectionsOutput` against the emulator over loopback HTTP: paging at 50,
 * which filters the API applies and which this process applies (told apart by the number of calls),
 * the fields the list API leaves out, secrets, and the errors of bad arguments before any call.
 */
import * as pulumi from "@pulumi/pulumi";
import { FLEET_SECRET_PREFIX, makeFleet } from "../emulator/fleet";
import { VpcInvalidInputError } from "../provider/errors";
import type { WireVpnConnection } from "../provider/wire";
import { useEmulator, useMockedProgram } from "./support/emulator";
import { rejectionOf } from "./support/rejection";

const REGION = "cn-beijing";
const FLEET_SIZE = 120; // three pages of 50
let fleet: WireVpnConnection[];

const vpc = useEmulator({
    seed: (emulator) => {
        fleet = makeFleet(REGION, FLEET_SIZE);
        for (const c of fleet) emulator.putConnection(REGION, c);
    },
});
// The process-wide limiter would pace these suites at the documented 10 calls/s: this sets 1000.
useMockedProgram("get-connections-test", { region: REGION });

const sdk = require("../sdk") as typeof import("../sdk");

function value<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

function listCalls(): number {
    return vpc.emulator.requests.filter((r) => r.action === "DescribeVpnConnections").length;
}

const idsOf = (connections: WireVpnConnection[]): string[] => connections.map((c) => c.VpnConnectionId ?? "");

describe("getVpnConnections", () => {
    it("reads every page at 50 a page and returns parallel lists in the API's order", async () => {
        const result = await sdk.getVpnConnections({ endpoint: vpc.endpoint });
        expect(listCalls()).toBe(Math.ceil(FLEET_SIZE / 50));
        expect(result.ids).toEqual(idsOf(fleet));
        expect(result.names).toEqual(fleet.map((c) => c.Name));
        expect(result.connections.map((c) => c.vpnConnectionId)).toEqual(result.ids);
        expect(result.connections.every((c) => c.regionId === REGION)).toBe(true);
        expect(vpc.emulator.requests.every((r) => r.regionId === REGION && r.method === "POST")).toBe(true);
    });

    it("filters by VPN gateway in the API: one call for a gateway's few connections", async () => {
        const gateway = fleet[8]?.VpnGatewayId ?? "";
        const result = await sdk.getVpnConnections({ endpoint: vpc.endpoint, vpnGatewayId: gateway });
        expect(listCalls()).toBe(1);
        expect(result.ids).toEqual(idsOf(fleet.filter((c) => c.VpnGatewayId === gateway)));
        expect(result.ids.length).toBeGreaterThan(1);
    });

    it("filters by customer gateway in the API", async () => {
        const target = fleet.find((c) => c.CustomerGatewayId);
        const result = await sdk.getVpnConnections({
            endpoint: vpc.endpoint,
            customerGatewayId: target?.CustomerGatewayId,
        });
        expect(listCalls()).toBe(1);
        expect(result.ids).toEqual([target?.VpnConnectionId]);
    });

    it("filters a single id in the API", async () => {
        const id = fleet[77]?.VpnConnectionId ?? "";
        const result = await sdk.getVpnConnections({ endpoint: vpc.endpoint, ids: [id] });
        expect(vpc.emulator.requests.map((r) => r.vpnConnectionId)).toEqual([id]);
        expect(result.ids).toEqual([id]);
    });

    it("filters several ids in this process, in the API's order, leaving out ids that do not exist", async () => {
        const wanted = [fleet[90], fleet[3], fleet[51]].map((c) => c?.VpnConnectionId ?? "");
        const result = await sdk.getVpnConnections({
            endpoint: vpc.endpoint,
            ids: [...wanted, "vco-bp1doesnotexist00000"],
        });
        expect(listCalls()).toBe(3);
        expect(result.ids).toEqual([fleet[3], fleet[51], fleet[90]].map((c) => c?.VpnConnectionId));
    });

    it("treats an empty id list as no filter, as Terraform does", async () => {
        const result = await sdk.getVpnConnections({ endpoint: vpc.endpoint, ids: [] });
        expect(result.ids).toHaveLength(FLEET_SIZE);
    });

    it("filters names with a regular expression in this process, combined with the API's filters", async () => {
        const gateway = fleet[0]?.VpnGatewayId ?? "";
        const byName = await sdk.getVpnConnections({
            endpoint: vpc.endpoint,
            nameRegex: "-00(1\\d|2[0-3])$",
        });
        expect(listCalls()).toBe(3);
        expect(byName.names).toEqual(fleet.slice(10, 24).map((c) => c.Name));
        const both = await sdk.getVpnConnections({
            endpoint: vpc.endpoint,
            vpnGatewayId: gateway,
            nameRegex: "0002$",
        });
        expect(both.ids).toEqual([fleet[2]?.VpnConnectionId]);
    });

    it("returns what the list API returns: no enableBgp in the BGP block, no zoneNo; read by id for those", async () => {
        const withBgp = fleet[1]; // odd indexes have BGP, single-tunnel ones have a zone
        const [listed] = (
            await sdk.getVpnConnections({
                endpoint: vpc.endpoint,
                ids: [withBgp?.VpnConnectionId ?? ""],
            })
        ).connections;
        const byId = await sdk.getVpnConnection({
            vpnConnectionId: withBgp?.VpnConnectionId ?? "",
            endpoint: vpc.endpoint,
        });
        expect(byId.vpnBgpConfig?.enableBgp).toBe(true);
        expect(byId.zoneNo).toBeDefined();
        expect(listed?.vpnBgpConfig?.enableBgp).toBeUndefined();
        expect(listed?.zoneNo).toBeUndefined();
        // Tags come from Tag.Tag in the list, from Tags.Tag by id: the same values either way.
        expect(listed?.tags).toEqual(byId.tags);
        expect(Object.keys(listed?.tags ?? {})).not.toHaveLength(0);
        // Everything else is the same.
        const { vpnBgpConfig: listedBgp, zoneNo: _z1, ...listedRest } = listed ?? ({} as never);
        const { vpnBgpConfig: byIdBgp, zoneNo: _z2, id: _id, endpoint: _e, ...byIdRest } = byId;
        const defined = (o: object): object =>
            Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
        expect(defined(listedRest)).toEqual(defined(byIdRest));
        expect({ ...byIdBgp, enableBgp: undefined }).toEqual({ ...listedBgp, enableBgp: undefined });
    });

    it("leaves the keys out unless asked for, and includes every connection's keys when asked", async () => {
        const plain = await sdk.getVpnConnections({ endpoint: vpc.endpoint });
        expect(JSON.stringify(plain)).not.toContain(FLEET_SECRET_PREFIX);
        expect(plain.connections.some((c) => "psk" in c || "tunnelPsks" in c)).toBe(false);
        const secret = await sdk.getVpnConnections({ endpoint: vpc.endpoint, includeSecrets: true });
        expect(secret.connections[0]?.psk).toBe(fleet[0]?.IkeConfig?.Psk);
        expect(secret.connections[1]?.bgpAuthKey).toBe(fleet[1]?.VpnBgpConfig?.AuthKey);
        expect(Object.values(secret.connections[4]?.tunnelPsks ?? {})).toHaveLength(2);
    });

    it("compares every listed connection with an expectation, and says whether all are in sync", async () => {
        const expect_ = { ikeConfig: { ikeEncAlg: "aes256" } };
        const result = await sdk.getVpnConnections({ endpoint: vpc.endpoint, expect: expect_ });
        const drifted = fleet
            .filter((c) => c.IkeConfig?.IkeEncAlg !== "aes256")
            .map((c) => c.VpnConnectionId);
        expect(drifted.length).toBeGreaterThan(0);
        expect(result.inSync).toBe(false);
        expect(result.connections.filter((c) => !c.inSync).map((c) => c.vpnConnectionId)).toEqual(drifted);
        const first = result.connections.find((c) => !c.inSync);
        expect(first?.drift).toEqual([{ path: "ikeConfig.ikeEncAlg", expected: "aes256", actual: "aes" }]);
        expect(result.connections.find((c) => c.inSync)?.drift).toEqual([]);
        // Kept in sync by the runtime status being left out, and only one list read either way.
        const quiet = await sdk.getVpnConnections({
            endpoint: vpc.endpoint,
            ids: [fleet[0]?.VpnConnectionId ?? ""],
            omitRuntimeStatus: true,
        });
        expect(quiet.connections[0]?.status).toBeUndefined();
        expect(quiet.inSync).toBe(true);
    });

    it.each([
        [{ zoneNo: "cn-beijing-a" }, "expect.zoneNo"],
        [{ vpnBgpConfig: { enableBgp: true } }, "expect.vpnBgpConfig.enableBgp"],
    ])(
        "refuses an expectation on %j, which the list API leaves out, before any call",
        async (expect_, argument) => {
            const e = await rejectionOf(sdk.getVpnConnections({ endpoint: vpc.endpoint, expect: expect_ }));
            expect(e).toBeInstanceOf(VpcInvalidInputError);
            expect((e as VpcInvalidInputError).argument).toBe(argument);
            expect((e as Error).message).toContain("getVpnConnection");
            expect(vpc.emulator.requests).toHaveLength(0);
        },
    );

    it("returns empty lists for a region without connections", async () => {
        const result = await sdk.getVpnConnections({ endpoint: vpc.endpoint, regionId: "eu-central-1" });
        expect(result).toEqual({ connections: [], ids: [], names: [], inSync: true });
        expect(listCalls()).toBe(1);
    });

    it.each<[string, Record<string, unknown>, string]>([
        ["a name regex that does not compile", { nameRegex: "branch-(" }, "nameRegex"],
        ["a name regex that is not a string", { nameRegex: 42 }, "nameRegex"],
        ["ids that are not a list", { ids: "vco-bp1bbi27hojx80nck0001" }, "ids"],
        ["an id that is not a connection id", { ids: ["vco-bp1bbi27hojx80nck0001", "vpn-123"] }, "ids[1]"],
        ["a malformed VPN gateway id", { vpnGatewayId: "gw-1" }, "vpnGatewayId"],
        ["a malformed customer gateway id", { customerGatewayId: "vpn-bp1abcdefgh" }, "customerGatewayId"],
        ["a malformed region", { regionId: "Hang Zhou" }, "regionId"],
        ["includeSecrets that is not a boolean", { includeSecrets: "yes" }, "includeSecrets"],
        ["omitRuntimeStatus that is not a boolean", { omitRuntimeStatus: 1 }, "omitRuntimeStatus"],
        [
            "an expectation with a typo",
            { expect: { ikeConfig: { ikeEncAlgo: "aes" } } },
            "expect.ikeConfig.ikeEncAlgo",
        ],
    ])("refuses %s before any call, naming the argument", async (_what, args, argument) => {
        const e = await rejectionOf(sdk.getVpnConnections({ endpoint: vpc.endpoint, ...args }));
        expect(e).toBeInstanceOf(VpcInvalidInputError);
        expect((e as VpcInvalidInputError).argument).toBe(argument);
        expect(vpc.emulator.requests).toHaveLength(0);
    });

    it("says what is wrong with a name regex", async () => {
        const e = await rejectionOf(sdk.getVpnConnections({ endpoint: vpc.endpoint, nameRegex: "branch-(" }));
        expect((e as Error).message).toContain(
            'invalid nameRegex: expected a JavaScript regular expression, got "branch-("',
        );
        expect((e as Error).message).toContain("Unterminated group");
    });

    it("refuses a malformed alicloud-vpn:maxRequestsPerSecond before any call, naming it", async () => {
        pulumi.runtime.setConfig("alicloud-vpn:maxRequestsPerSecond", "fast");
        try {
            const e = await rejectionOf(sdk.getVpnConnections({ endpoint: vpc.endpoint }));
            expect(e).toBeInstanceOf(VpcInvalidInputError);
            expect((e as VpcInvalidInputError).argument).toBe("alicloud-vpn:maxRequestsPerSecond");
            const single = await rejectionOf(
                sdk.getVpnConnection({
                    vpnConnectionId: fleet[0]?.VpnConnectionId ?? "",
                    endpoint: vpc.endpoint,
                }),
            );
            expect((single as Error).message).toContain("invalid alicloud-vpn:maxRequestsPerSecond");
            expect(vpc.emulator.requests).toHaveLength(0);
        } finally {
            pulumi.runtime.setConfig("alicloud-vpn:maxRequestsPerSecond", "1000");
        }
    });
});

describe("getVpnConnectionsOutput", () => {
    it("takes Inputs and returns the same lists", async () => {
        const result = sdk.getVpnConnectionsOutput({
            endpoint: pulumi.output(vpc.endpoint),
            ids: [pulumi.output(fleet[5]?.VpnConnectionId ?? ""), fleet[6]?.VpnConnectionId ?? ""],
        });
        expect(await pulumi.isSecret(result)).toBe(false);
        expect(await value(result.ids)).toEqual([fleet[5]?.VpnConnectionId, fleet[6]?.VpnConnectionId]);
        expect(await value(result.names)).toEqual([fleet[5]?.Name, fleet[6]?.Name]);
    });

    it("makes the whole result secret when the keys are included", async () => {
        const result = sdk.getVpnConnectionsOutput({
            endpoint: vpc.endpoint,
            nameRegex: "0000$",
            includeSecrets: true,
        });
        expect(await pulumi.isSecret(result)).toBe(true);
        expect(await pulumi.isSecret(result.connections)).toBe(true);
        const [first] = await value(result.connections);
        expect(first?.psk).toBe(fleet[0]?.IkeConfig?.Psk);
    });
});
