/**
 * Drift comparison: expectations (deep partials with numbers and booleans as strings, sets of subnets,
 * partial tags, whole tunnel lists, missing blocks), snapshots (whole models), runtime status, ignore
 * patterns and messages.
 */
import { dualTunnelConnection, minimalConnection, singleTunnelConnection } from "../emulator/fixtures";
import { VpcInvalidInputError } from "../provider/errors";
import {
    RUNTIME_STATUS_PATHS,
    SECRET_OUTPUT_NAMES,
    compareExpectation,
    compareSnapshot,
    driftForOutput,
    filterDrift,
    formatDrift,
    formatDriftEntry,
    isRuntimeStatusPath,
    mapKeyPath,
    pathMatches,
    stripRuntimeStatus,
    validateExpectation,
    validatePathPattern,
} from "../provider/drift";
import { mapVpnConnection } from "../provider/mapping";
import type { WireVpnConnection } from "../provider/wire";
import type { VpnConnectionInfo } from "../sdk/types";
import { thrownBy } from "./support/rejection";

function model(wire: WireVpnConnection, regionId = "cn-hangzhou"): VpnConnectionInfo {
    return mapVpnConnection(wire, { operation: "DescribeVpnConnection", regionId }).connection;
}

const single = model(singleTunnelConnection());
const dual = model(dualTunnelConnection());
const minimal = model(minimalConnection(), "cn-shanghai");

function invalidInput(f: () => unknown): VpcInvalidInputError {
    const e = thrownBy(f);
    expect(e).toBeInstanceOf(VpcInvalidInputError);
    return e as VpcInvalidInputError;
}

describe("compareExpectation", () => {
    it("finds a connection in sync with the issue's example expectation", () => {
        expect(
            compareExpectation(
                {
                    status: "ipsec_sa_established",
                    ikeConfig: { ikeEncAlg: "aes256", ikeVersion: "ikev2" },
                    vpnBgpConfig: { enableBgp: true },
                },
                single,
            ),
        ).toEqual([]);
    });

    it("reports a changed nested leaf at its path with the expected and actual values", () => {
        expect(
            compareExpectation({ ikeConfig: { ikeEncAlg: "aes128", ikeVersion: "ikev2" } }, single),
        ).toEqual([{ path: "ikeConfig.ikeEncAlg", expected: "aes128", actual: "aes256" }]);
    });

    it("compares numbers given as strings as numbers, and reports them as numbers", () => {
        expect(
            compareExpectation({ ikeConfig: { ikeLifetime: "86400" }, createTime: "1697091234000" }, single),
        ).toEqual([]);
        expect(compareExpectation({ ikeConfig: { ikeLifetime: "3600" } }, single)).toEqual([
            { path: "ikeConfig.ikeLifetime", expected: 3600, actual: 86400 },
        ]);
    });

    it('compares booleans given as "true"/"false" as booleans', () => {
        expect(compareExpectation({ enableDpd: "true", vcoHealthCheck: { enable: "TRUE" } }, single)).toEqual(
            [],
        );
        expect(compareExpectation({ enableNatTraversal: "false" }, single)).toEqual([
            { path: "enableNatTraversal", expected: false, actual: true },
        ]);
    });

    it("compares subnet lists and comma-separated subnets as sets", () => {
        expect(
            compareExpectation(
                {
                    remoteSubnets: ["192.168.20.0/24", "192.168.10.0/24"],
                    localSubnet: "10.20.0.0/16, 10.10.0.0/16",
                },
                single,
            ),
        ).toEqual([]);
        expect(compareExpectation({ remoteSubnets: ["192.168.10.0/24"] }, single)).toEqual([
            {
                path: "remoteSubnets",
                expected: ["192.168.10.0/24"],
                actual: ["192.168.10.0/24", "192.168.20.0/24"],
            },
        ]);
    });

    it("compares tunnel lists whole and in order", () => {
        const [master, slave] = dual.tunnelOptions!;
        expect(compareExpectation({ tunnelOptions: [{ role: "master" }, { role: "slave" }] }, dual)).toEqual(
            [],
        );
        expect(compareExpectation({ tunnelOptions: [{ role: "slave" }, { role: "master" }] }, dual)).toEqual([
            { path: "tunnelOptions[0].role", expected: "slave", actual: "master" },
            { path: "tunnelOptions[1].role", expected: "master", actual: "slave" },
        ]);
        // One tunnel expected, two live: the second is drift at its index.
        expect(compareExpectation({ tunnelOptions: [{ tunnelId: master!.tunnelId }] }, dual)).toEqual([
            { path: "tunnelOptions[1]", expected: undefined, actual: slave },
        ]);
        // A single-tunnel connection has none.
        expect(compareExpectation({ tunnelOptions: [] }, single)).toEqual([]);
        expect(compareExpectation({ tunnelOptions: [{ status: "ipsec_sa_established" }] }, single)).toEqual([
            { path: "tunnelOptions[0]", expected: { status: "ipsec_sa_established" }, actual: undefined },
        ]);
    });

    it("reports a tunnel's nested status at its index", () => {
        const changed = structuredClone(dual);
        changed.tunnelOptions![1]!.bgpConfig!.bgpStatus = "false";
        expect(
            compareExpectation(
                {
                    tunnelOptions: [
                        { bgpConfig: { bgpStatus: "success" } },
                        { bgpConfig: { bgpStatus: "success" } },
                    ],
                },
                changed,
            ),
        ).toEqual([{ path: "tunnelOptions[1].bgpConfig.bgpStatus", expected: "success", actual: "false" }]);
    });

    it("compares tags as a partial map, and null expects a tag absent", () => {
        expect(compareExpectation({ tags: { env: "prod" } }, single)).toEqual([]);
        expect(compareExpectation({ tags: { env: "dev", owner: "ops", team: null } }, single)).toEqual([
            { path: "tags.env", expected: "dev", actual: "prod" },
            { path: "tags.owner", expected: "ops", actual: undefined },
            { path: "tags.team", expected: null, actual: "network" },
        ]);
    });

    it("names odd tag keys in brackets, and keeps a __proto__ tag key", () => {
        const tagged = {
            ...single,
            tags: JSON.parse('{"__proto__":"x","a b":"1"}') as Record<string, string>,
        };
        expect(compareExpectation(JSON.parse('{"tags":{"__proto__":"y","a b":"1"}}'), tagged)).toEqual([
            { path: "tags.__proto__", expected: "y", actual: "x" },
        ]);
        expect(compareExpectation({ tags: { "a b": "2" } }, tagged)).toEqual([
            { path: 'tags["a b"]', expected: "2", actual: "1" },
        ]);
        expect(mapKeyPath("tags", "")).toBe('tags[""]');
    });

    it("reports an expected block the connection lacks once, with actual undefined", () => {
        expect(compareExpectation({ vpnBgpConfig: { enableBgp: true, localAsn: 45104 } }, minimal)).toEqual([
            { path: "vpnBgpConfig", expected: { enableBgp: true, localAsn: 45104 }, actual: undefined },
        ]);
        // An empty block still asks for the block to exist.
        expect(compareExpectation({ vcoHealthCheck: {} }, minimal)).toEqual([
            { path: "vcoHealthCheck", expected: {}, actual: undefined },
        ]);
    });

    it("expects an output or block absent with null", () => {
        expect(compareExpectation({ vpnBgpConfig: null, tunnelOptions: null }, minimal)).toEqual([]);
        expect(compareExpectation({ vpnBgpConfig: null }, single)).toEqual([
            { path: "vpnBgpConfig", expected: null, actual: single.vpnBgpConfig },
        ]);
    });

    it("reports a leaf missing from a present block", () => {
        const withoutMode = structuredClone(single);
        delete withoutMode.ikeConfig!.ikeMode;
        expect(compareExpectation({ ikeConfig: { ikeMode: "main" } }, withoutMode)).toEqual([
            { path: "ikeConfig.ikeMode", expected: "main", actual: undefined },
        ]);
    });

    it("takes null in a resource's outputs for an absent output", () => {
        const outputs = {
            ...minimal,
            vpnBgpConfig: null,
            transitRouterId: null,
        } as unknown as VpnConnectionInfo;
        expect(compareExpectation({ vpnBgpConfig: null, transitRouterId: null }, outputs)).toEqual([]);
        expect(compareExpectation({ vpnBgpConfig: { enableBgp: true } }, outputs)).toEqual([
            { path: "vpnBgpConfig", expected: { enableBgp: true }, actual: undefined },
        ]);
        expect(compareSnapshot(minimal, outputs)).toEqual([]);
        expect(compareSnapshot(outputs, minimal)).toEqual([]);
    });

    it("never reads the secret keys of an outputs object", () => {
        const outputs = { ...single, psk: "psk-FIXTURE-office-7f3a9c" };
        const entries = compareExpectation({ ikeConfig: { ikeEncAlg: "des" }, name: "x" }, outputs);
        expect(JSON.stringify(entries)).not.toContain("psk-FIXTURE");
    });
});

describe("validateExpectation", () => {
    it("refuses a key that is not an output, naming the full path and the likely key", () => {
        const e = invalidInput(() => validateExpectation({ ikeConfig: { ikeEncAlgo: "aes" } }, "expect"));
        expect(e.argument).toBe("expect.ikeConfig.ikeEncAlgo");
        expect(e.message).toContain("not an output of a VPN connection");
        expect(e.message).toContain("did you mean ikeEncAlg?");
        expect(invalidInput(() => validateExpectation({ tunnelOptions: [{}, { rol: "x" }] })).argument).toBe(
            "expect.tunnelOptions[1].rol",
        );
    });

    it.each(SECRET_OUTPUT_NAMES)("refuses the secret output %s without quoting its value", (name) => {
        const e = invalidInput(() => validateExpectation({ [name]: "psk-FIXTURE-office-7f3a9c" }, "expect"));
        expect(e.argument).toBe(`expect.${name}`);
        expect(e.message).toContain("secret");
        expect(e.message).not.toContain("psk-FIXTURE");
    });

    it("refuses a key inside a block, saying keys are secret", () => {
        const e = invalidInput(() => validateExpectation({ ikeConfig: { psk: "k" } }));
        expect(e.argument).toBe("expect.ikeConfig.psk");
        expect(e.message).toContain("secret");
    });

    it("refuses values of the wrong type, naming the path", () => {
        expect(
            invalidInput(() => validateExpectation({ ikeConfig: { ikeLifetime: "a day" } })).message,
        ).toMatch(/expect\.ikeConfig\.ikeLifetime: expected a number/);
        expect(invalidInput(() => validateExpectation({ enableDpd: "yes" })).argument).toBe(
            "expect.enableDpd",
        );
        expect(invalidInput(() => validateExpectation({ ikeConfig: "aes" })).argument).toBe(
            "expect.ikeConfig",
        );
        expect(invalidInput(() => validateExpectation({ remoteSubnets: "10.0.0.0/8" })).argument).toBe(
            "expect.remoteSubnets",
        );
        expect(invalidInput(() => validateExpectation({ tags: { env: 1 } })).argument).toBe(
            "expect.tags.env",
        );
        expect(invalidInput(() => validateExpectation([])).argument).toBe("expect");
        expect(invalidInput(() => validateExpectation("x", "vco-1 in expect.json")).argument).toBe(
            "vco-1 in expect.json",
        );
    });

    it("normalizes numbers and booleans and drops undefined keys", () => {
        expect(
            validateExpectation({ ikeConfig: { ikeLifetime: "86400" }, enableDpd: "false", name: undefined }),
        ).toEqual({
            ikeConfig: { ikeLifetime: 86400 },
            enableDpd: false,
        });
    });

    it("accepts every output of a real connection as an expectation", () => {
        expect(validateExpectation(JSON.parse(JSON.stringify(dual)))).toEqual(
            JSON.parse(JSON.stringify(dual)),
        );
        expect(compareExpectation(JSON.parse(JSON.stringify(single)), single)).toEqual([]);
    });
});

describe("compareSnapshot", () => {
    it("finds two equal models in sync", () => {
        expect(compareSnapshot(dual, structuredClone(dual))).toEqual([]);
    });

    it("counts outputs, tags and blocks present on one side only", () => {
        const live = structuredClone(single);
        live.tags.owner = "ops";
        delete live.vcoHealthCheck;
        live.transitRouterId = "tr-1";
        const baseline = structuredClone(single);
        delete baseline.transitRouterId;
        expect(compareSnapshot(baseline, live)).toEqual([
            { path: "transitRouterId", expected: undefined, actual: "tr-1" },
            { path: "tags.owner", expected: undefined, actual: "ops" },
            { path: "vcoHealthCheck", expected: single.vcoHealthCheck, actual: undefined },
        ]);
    });

    it("leaves out ignored paths, runtime status among them", () => {
        const live = structuredClone(dual);
        live.status = "ike_sa_not_established";
        live.tunnelOptions![0]!.status = "ike_sa_not_established";
        live.tunnelOptions![1]!.bgpConfig!.bgpStatus = "false";
        live.tags.env = "dev";
        expect(compareSnapshot(dual, live).map((e) => e.path)).toEqual([
            "status",
            "tags.env",
            "tunnelOptions[0].status",
            "tunnelOptions[1].bgpConfig.bgpStatus",
        ]);
        expect(compareSnapshot(dual, live, [...RUNTIME_STATUS_PATHS, "tags"])).toEqual([]);
    });

    it("shows a block gained without its runtime status when status is ignored", () => {
        const live = structuredClone(minimal);
        live.vpnBgpConfig = { enableBgp: true, status: "success" };
        expect(compareSnapshot(minimal, live, RUNTIME_STATUS_PATHS)).toEqual([
            { path: "vpnBgpConfig", expected: undefined, actual: { enableBgp: true } },
        ]);
    });
});

describe("runtime status", () => {
    it("strips every runtime-status output and nothing else, without changing the input", () => {
        const before = JSON.stringify(dual);
        const stripped = stripRuntimeStatus(dual);
        expect(JSON.stringify(dual)).toBe(before);
        expect(stripped.status).toBeUndefined();
        expect(stripped.state).toBeUndefined();
        for (const t of stripped.tunnelOptions!) {
            expect(t.status).toBeUndefined();
            expect(t.state).toBeUndefined();
            expect(t.bgpConfig!.bgpStatus).toBeUndefined();
            expect(t.bgpConfig!.localAsn).toBe(45104);
        }
        const s = stripRuntimeStatus(single);
        expect(s.vcoHealthCheck!.status).toBeUndefined();
        expect(s.vpnBgpConfig!.status).toBeUndefined();
        expect(s.vpnBgpConfig!.peerAsn).toBe(65010);
        expect(compareSnapshot(stripRuntimeStatus(single), single, RUNTIME_STATUS_PATHS)).toEqual([]);
    });

    it("keeps secrets and other keys of a resource's outputs", () => {
        const outputs = { ...single, psk: "k", endpoint: "http://127.0.0.1:1" };
        const stripped = stripRuntimeStatus(outputs);
        expect(stripped.psk).toBe("k");
        expect(stripped.endpoint).toBe("http://127.0.0.1:1");
        expect(stripped.name).toBe(single.name);
    });

    it("recognizes runtime-status paths", () => {
        expect(isRuntimeStatusPath("tunnelOptions[3].bgpConfig.bgpStatus")).toBe(true);
        expect(isRuntimeStatusPath("vpnBgpConfig.status")).toBe(true);
        expect(isRuntimeStatusPath("vpnBgpConfig.enableBgp")).toBe(false);
        expect(isRuntimeStatusPath("tags.status")).toBe(false);
    });
});

describe("paths and patterns", () => {
    it("matches a path under a pattern, with [*] for any index", () => {
        expect(pathMatches("ikeConfig.ikeEncAlg", "ikeConfig")).toBe(true);
        expect(pathMatches("ikeConfig", "ikeConfig.ikeEncAlg")).toBe(false);
        expect(pathMatches("tunnelOptions[1].ikeConfig.ikeEncAlg", "tunnelOptions[*].ikeConfig")).toBe(true);
        expect(pathMatches("tunnelOptions[1].role", "tunnelOptions[0]")).toBe(false);
        expect(pathMatches("tags.a.b", "tags.a")).toBe(false);
        expect(pathMatches("tags.a.b", "tags.a.b")).toBe(true);
        expect(pathMatches('tags["a b"]', "tags")).toBe(true);
        expect(pathMatches("ikeConfigX", "ikeConfig")).toBe(false);
        expect(filterDrift([{ path: "tags.env" }, { path: "name" }], ["tags"])).toEqual([{ path: "name" }]);
    });

    it("accepts patterns of outputs, secrets and indexes, and refuses typos", () => {
        for (const ok of [
            "tags",
            "tags.cost-center",
            "tunnelOptions[*].status",
            "tunnelOptions[]",
            "psk",
            "tunnelPsks.tun-1",
        ]) {
            expect(validatePathPattern(ok, "--ignore")).toBe(ok);
        }
        const e = invalidInput(() => validatePathPattern("ikeConfig.ikeEncAlgo", "--ignore"));
        expect(e.argument).toBe("--ignore");
        expect(e.message).toContain("did you mean ikeEncAlg?");
        expect(invalidInput(() => validatePathPattern("name[0]", "--ignore")).message).toContain(
            "not a list",
        );
        expect(invalidInput(() => validatePathPattern("ikeConfig..x", "--ignore")).message).toContain(
            "not a path",
        );
        expect(invalidInput(() => validatePathPattern("psk.x", "--ignore")).message).toContain(
            "not an output",
        );
    });
});

describe("driftForOutput", () => {
    it("turns undefined into null so a read result and JSON keep every entry whole", () => {
        const out = driftForOutput(compareExpectation({ vpnBgpConfig: { enableBgp: true } }, minimal));
        expect(out).toEqual([{ path: "vpnBgpConfig", expected: { enableBgp: true }, actual: null }]);
        expect(JSON.stringify(out)).toContain('"actual":null');
    });
});

describe("formatDrift", () => {
    it("renders one line per entry, absent values as absent, long values cut", () => {
        const text = formatDrift([
            { path: "ikeConfig.ikeEncAlg", expected: "aes256", actual: "aes" },
            { path: "vpnBgpConfig", expected: { enableBgp: true }, actual: undefined },
            { path: "tunnelOptions[1]", expected: undefined, actual: { role: "slave" } },
            { path: "remoteCaCertificate", expected: "x".repeat(500), actual: null },
        ]);
        expect(text.split("\n")).toEqual([
            '  - ikeConfig.ikeEncAlg: expected "aes256", got "aes"',
            '  - vpnBgpConfig: expected {"enableBgp":true}, got absent',
            '  - tunnelOptions[1]: expected nothing, got {"role":"slave"}',
            `  - remoteCaCertificate: expected "${"x".repeat(119)}…, got absent`,
        ]);
        expect(formatDriftEntry({ path: "a", expected: 1, actual: 2 })).toBe("a: expected 1, got 2");
        expect(formatDrift([])).toBe("");
    });
});
