/**
 * The planning of `alicloud-vpn drift` as pure functions, without an emulator or a client: which region,
 * which connections to read, which to list, which are new or deleted, and the differences of one
 * connection read.
 */
import { type Baseline, buildBaseline } from "../cli/baseline";
import { type DriftTarget, driftOf, planDrift, reconcileListing } from "../cli/drift-plan";
import { parseExpectations } from "../cli/expectations";
import { VpcInvalidInputError } from "../provider/errors";
import type { VpnConnectionRecord } from "../sdk/types";
import { thrownBy } from "./support/rejection";

const A = "vco-aaaaaaaaaaaa0001";
const B = "vco-bbbbbbbbbbbb0002";
const C = "vco-cccccccccccc0003";

function record(
    id: string,
    regionId = "cn-hangzhou",
    extra: Partial<VpnConnectionRecord["connection"]> = {},
) {
    return {
        connection: {
            vpnConnectionId: id,
            regionId,
            name: `name-${id.slice(-4)}`,
            localSubnets: ["10.0.0.0/24"],
            remoteSubnets: ["192.168.0.0/24"],
            tags: {},
            status: "ipsec_sa_established",
            ikeConfig: { ikeEncAlg: "aes256", ikeVersion: "ikev2" },
            ...extra,
        },
        secrets: { psk: `psk-of-${id}` },
    } as VpnConnectionRecord;
}

function baselineOf(records: VpnConnectionRecord[], scope: Baseline["scope"] = { all: false }): Baseline {
    return buildBaseline(records, scope, { createdAt: new Date(0), version: "test" });
}

/** A command region that must not be asked for. */
const NOT_ASKED = (): string => {
    throw new Error("the command region was asked for");
};

const ids = (targets: readonly DriftTarget[]): string[] => targets.map((t) => t.vpnConnectionId);

describe("planDrift", () => {
    it("reads the baseline's connections in their own regions, and lists nothing without --all", () => {
        const baseline = baselineOf([record(A, "cn-hangzhou"), record(B, "cn-shanghai")]);
        const plan = planDrift({ baseline, all: false, commandRegion: NOT_ASKED });
        expect(plan.targets.map((t) => [t.vpnConnectionId, t.regionId, t.base?.vpnConnectionId])).toEqual([
            [A, "cn-hangzhou", A],
            [B, "cn-shanghai", B],
        ]);
        expect(plan.list).toBeUndefined();
    });

    it("puts a connection named only by the expectations in the baseline's one region", () => {
        const baseline = baselineOf([record(A, "cn-shanghai")]);
        const expectations = parseExpectations(JSON.stringify({ connections: { [C]: {} } }), "e.json");
        const plan = planDrift({ baseline, expectations, all: false, commandRegion: NOT_ASKED });
        expect(plan.targets.map((t) => [t.vpnConnectionId, t.regionId])).toEqual([
            [A, "cn-shanghai"],
            [C, "cn-shanghai"],
        ]);
    });

    it("takes --region (through the command region) over the baseline's region", () => {
        const baseline = baselineOf([record(A, "cn-shanghai")]);
        const expectations = parseExpectations(JSON.stringify({ connections: { [C]: {} } }), "e.json");
        const plan = planDrift({
            baseline,
            expectations,
            all: false,
            region: "cn-beijing",
            commandRegion: () => "cn-beijing",
        });
        expect(plan.targets.find((t) => t.vpnConnectionId === C)?.regionId).toBe("cn-beijing");
    });

    it("asks for the command region when the baseline spans several regions", () => {
        const baseline = baselineOf([record(A, "cn-hangzhou"), record(B, "cn-shanghai")]);
        const expectations = parseExpectations(JSON.stringify({ connections: { [C]: {} } }), "e.json");
        const plan = planDrift({ baseline, expectations, all: false, commandRegion: () => "ap-southeast-1" });
        expect(plan.targets.find((t) => t.vpnConnectionId === C)?.regionId).toBe("ap-southeast-1");
    });

    it("checks each connection once, with its baseline entry, when both files name it", () => {
        const baseline = baselineOf([record(A)]);
        const expectations = parseExpectations(JSON.stringify({ connections: { [A]: {} } }), "e.json");
        const plan = planDrift({ baseline, expectations, all: false, commandRegion: NOT_ASKED });
        expect(ids(plan.targets)).toEqual([A]);
        expect(plan.targets[0]!.base).toBeDefined();
    });

    it('refuses an expectation file with only "*" without --all, naming --expect', () => {
        const expectations = parseExpectations(JSON.stringify({ connections: { "*": {} } }), "e.json");
        const e = thrownBy(() => planDrift({ expectations, all: false, commandRegion: () => "cn-hangzhou" }));
        expect(e).toBeInstanceOf(VpcInvalidInputError);
        expect((e as VpcInvalidInputError).argument).toBe("--expect");
        expect((e as Error).message).toMatch(/add --all/);
    });

    it("with --all lists the region and filters of a baseline taken with --all", () => {
        const baseline = baselineOf([record(A, "cn-shanghai")], {
            all: true,
            regionId: "cn-shanghai",
            filters: { vpnGatewayId: "vpn-abcd1234" },
        });
        const plan = planDrift({ baseline, all: true, commandRegion: NOT_ASKED });
        expect(plan.list).toEqual({ regionId: "cn-shanghai", filters: { vpnGatewayId: "vpn-abcd1234" } });
    });

    it("with --all refuses a --region that contradicts the baseline's scope", () => {
        const baseline = baselineOf([record(A, "cn-shanghai")], { all: true, regionId: "cn-shanghai" });
        const e = thrownBy(() =>
            planDrift({ baseline, all: true, region: "cn-beijing", commandRegion: () => "cn-beijing" }),
        );
        expect((e as VpcInvalidInputError).argument).toBe("--region");
        expect((e as Error).message).toMatch(/cn-shanghai.*cn-beijing/);
    });

    it("with --all and no --all baseline lists the default region without filters", () => {
        const expectations = parseExpectations(JSON.stringify({ connections: { "*": {} } }), "e.json");
        const plan = planDrift({ expectations, all: true, commandRegion: () => "cn-hangzhou" });
        expect(plan.targets).toEqual([]);
        expect(plan.list).toEqual({ regionId: "cn-hangzhou", filters: {} });
    });
});

describe("reconcileListing", () => {
    const targets: DriftTarget[] = [
        { vpnConnectionId: A, regionId: "cn-hangzhou" },
        { vpnConnectionId: B, regionId: "cn-hangzhou" },
        { vpnConnectionId: C, regionId: "cn-shanghai" },
    ];

    it("with a baseline: a target of the listed region that is not listed is deleted, one listed and not a target is new", () => {
        const D = "vco-dddddddddddd0004";
        const outcome = reconcileListing(targets, "cn-hangzhou", [record(A), record(D)], true);
        // C is in another region: the listing says nothing about it.
        expect(ids(outcome.deleted)).toEqual([B]);
        expect(outcome.added.map((r) => r.connection.vpnConnectionId)).toEqual([D]);
        expect(outcome.more).toEqual([]);
    });

    it("without a baseline: a connection listed and not a target is checked, not new", () => {
        const D = "vco-dddddddddddd0004";
        const outcome = reconcileListing(targets, "cn-hangzhou", [record(A), record(B), record(D)], false);
        expect(outcome.deleted).toEqual([]);
        expect(outcome.added).toEqual([]);
        expect(outcome.more).toEqual([{ vpnConnectionId: D, regionId: "cn-hangzhou" }]);
    });
});

describe("driftOf", () => {
    it("reports baseline values, then secrets, then the expectation, leaving runtime status and --ignore out", () => {
        const before = record(A);
        const baseline = baselineOf([before]);
        const live = record(A, "cn-hangzhou", {
            name: "renamed",
            status: "ike_sa_not_established",
            ikeConfig: { ikeEncAlg: "aes", ikeVersion: "ikev2" },
        });
        live.secrets = { psk: "rotated" };
        const drift = driftOf(
            live,
            baseline.connections[0],
            baseline,
            { ikeConfig: { ikeVersion: "ikev1" } },
            ["name"],
        );
        expect(drift).toEqual([
            {
                kind: "value",
                source: "baseline",
                path: "ikeConfig.ikeEncAlg",
                expected: "aes256",
                actual: "aes",
            },
            { kind: "secret", source: "baseline", path: "psk", change: "changed" },
            {
                kind: "value",
                source: "expectation",
                path: "ikeConfig.ikeVersion",
                expected: "ikev1",
                actual: "ikev2",
            },
        ]);
    });

    it("finds nothing for an unchanged connection", () => {
        const baseline = baselineOf([record(A)]);
        expect(driftOf(record(A), baseline.connections[0], baseline, undefined, [])).toEqual([]);
    });
});
