/**
 * Properties of the drift comparison over arbitrary connection models (every block present or absent,
 * tunnels, odd tag keys): a connection always matches an expectation derived from itself, however its
 * numbers, booleans and subnet lists are written, and any single changed leaf is reported at exactly
 * its path, by both the expectation and the snapshot comparison.
 */
import fc from "fast-check";
import {
    RUNTIME_STATUS_PATHS,
    compareExpectation,
    compareSnapshot,
    isRuntimeStatusPath,
    mapKeyPath,
    stripRuntimeStatus,
} from "../provider/drift";
import type { VpnConnectionInfo } from "../sdk/types";

const text = fc.string({ maxLength: 10 });
const num = fc.integer({ min: 0, max: 4_000_000_000 });
const cidr = fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
    .map(([a, b]) => `10.${a}.${b}.0/24`);
const subnets = fc.uniqueArray(cidr, { maxLength: 4 });

const ike = fc.record(
    {
        ikeAuthAlg: text,
        ikeEncAlg: text,
        ikeLifetime: num,
        ikeMode: text,
        ikePfs: text,
        ikeVersion: text,
        localId: text,
        remoteId: text,
    },
    { requiredKeys: [] },
);
const ipsec = fc.record(
    { ipsecAuthAlg: text, ipsecEncAlg: text, ipsecLifetime: num, ipsecPfs: text },
    { requiredKeys: [] },
);
const tunnel = fc.record(
    {
        tunnelId: text,
        tunnelIndex: num,
        role: text,
        state: text,
        status: text,
        customerGatewayId: text,
        enableDpd: fc.boolean(),
        enableNatTraversal: fc.boolean(),
        ikeConfig: ike,
        ipsecConfig: ipsec,
        bgpConfig: fc.record(
            { bgpStatus: text, localAsn: num, peerAsn: num, localBgpIp: text, tunnelCidr: text },
            { requiredKeys: [] },
        ),
    },
    { requiredKeys: [] },
);

const connection: fc.Arbitrary<VpnConnectionInfo> = fc
    .record(
        {
            vpnConnectionId: fc.constant("vco-bp1bbi27hojx80nck0001"),
            regionId: fc.constant("cn-hangzhou"),
            name: text,
            status: text,
            state: text,
            createTime: num,
            enableDpd: fc.boolean(),
            crossAccountAuthorized: fc.boolean(),
            spec: text,
            local: subnets,
            remote: subnets,
            tags: fc.dictionary(fc.string({ maxLength: 8 }), text, { maxKeys: 4 }),
            ikeConfig: ike,
            ipsecConfig: ipsec,
            vcoHealthCheck: fc.record(
                { dip: text, enable: fc.boolean(), interval: num, retry: num, status: text },
                { requiredKeys: [] },
            ),
            vpnBgpConfig: fc.record(
                { enableBgp: fc.boolean(), localAsn: num, peerAsn: num, status: text },
                { requiredKeys: [] },
            ),
            tunnelOptions: fc.array(tunnel, { maxLength: 3 }),
        },
        { requiredKeys: ["vpnConnectionId", "regionId", "local", "remote", "tags"] },
    )
    .map(({ local, remote, ...rest }) => ({
        ...rest,
        localSubnets: local,
        remoteSubnets: remote,
        localSubnet: local.join(","),
        remoteSubnet: remote.join(","),
    }));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * An expectation derived from a model: keys dropped at random (a deep partial), numbers and booleans
 * written as strings at random, subnet lists and comma lists in reverse order.
 */
function deriveExpectation(value: unknown, path: string, coin: () => boolean): unknown {
    if (typeof value === "number") return coin() ? String(value) : value;
    if (typeof value === "boolean") return coin() ? String(value) : value;
    if (typeof value === "string" && (path === "localSubnet" || path === "remoteSubnet")) {
        return value.split(",").reverse().join(",");
    }
    if (Array.isArray(value)) {
        if (path === "localSubnets" || path === "remoteSubnets") return [...value].reverse();
        return value.map((v, i) => deriveExpectation(v, `${path}[${i}]`, coin));
    }
    if (typeof value === "object" && value !== null) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            if (coin() && !(path === "" && k === "tunnelOptions")) continue; // lists are compared whole
            Object.defineProperty(out, k, {
                value: deriveExpectation(v, path === "" ? k : `${path}.${k}`, coin),
                enumerable: true,
            });
        }
        return out;
    }
    return value;
}

/** Every leaf of a model with its path: scalars, subnet lists as a whole, each tag. */
function leaves(value: unknown, path = ""): string[] {
    if (Array.isArray(value)) {
        if (path === "localSubnets" || path === "remoteSubnets") return [path];
        return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
    }
    if (typeof value === "object" && value !== null) {
        if (path === "tags") return Object.keys(value).map((k) => mapKeyPath("tags", k));
        return Object.entries(value).flatMap(([k, v]) => leaves(v, path === "" ? k : `${path}.${k}`));
    }
    return [path];
}

/** A copy of the model with the leaf at `path` changed (walking the same way {@link leaves} does). */
function changeLeaf(model: VpnConnectionInfo, target: string): VpnConnectionInfo {
    const change = (v: unknown, path: string): unknown => {
        if (path === target) {
            if (typeof v === "number") return v + 1;
            if (typeof v === "boolean") return !v;
            if (Array.isArray(v)) return [...v, "198.18.0.0/15"];
            return `${String(v)}-changed,198.18.0.0/15`; // also changes a comma list as a set
        }
        if (Array.isArray(v)) return v.map((x, i) => change(x, `${path}[${i}]`));
        if (typeof v === "object" && v !== null) {
            const out: Record<string, unknown> = {};
            for (const [k, x] of Object.entries(v)) {
                const at = path === "tags" ? mapKeyPath("tags", k) : path === "" ? k : `${path}.${k}`;
                Object.defineProperty(out, k, { value: change(x, at), enumerable: true });
            }
            return out;
        }
        return v;
    };
    return change(model, "") as VpnConnectionInfo;
}

function coinFrom(seed: number): () => boolean {
    let s = seed >>> 0 || 1;
    return () => {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        return (s >>> 0) % 2 === 0;
    };
}

describe("drift properties", () => {
    it("a connection always matches an expectation derived from itself", () => {
        fc.assert(
            fc.property(connection, fc.integer(), (model, seed) => {
                const expectation = deriveExpectation(
                    JSON.parse(JSON.stringify(model)) as Json,
                    "",
                    coinFrom(seed),
                );
                expect(compareExpectation(expectation, model)).toEqual([]);
                expect(compareSnapshot(model, structuredClone(model))).toEqual([]);
            }),
            { numRuns: 300 },
        );
    });

    it("any single changed leaf is reported at exactly its path", () => {
        fc.assert(
            fc.property(
                connection.chain((model) =>
                    fc.tuple(fc.constant(model), fc.constantFrom(...leaves(model)), fc.integer()),
                ),
                ([model, path, seed]) => {
                    const changed = changeLeaf(model, path);
                    const full = JSON.parse(JSON.stringify(model)) as Json;
                    expect(compareExpectation(full, changed).map((e) => e.path)).toEqual([path]);
                    // Also through a partial expectation that keeps the changed leaf.
                    const partial = deriveExpectation(full, "", coinFrom(seed));
                    const found = compareExpectation(partial, changed).map((e) => e.path);
                    expect(found.length <= 1 && found.every((p) => p === path)).toBe(true);
                    const snapshot = compareSnapshot(model, changed);
                    expect(snapshot.map((e) => e.path)).toEqual([path]);
                    expect(snapshot[0]!.actual).not.toEqual(snapshot[0]!.expected);
                },
            ),
            { numRuns: 300 },
        );
    });

    it("stripping runtime status leaves a model whose configuration still compares equal", () => {
        fc.assert(
            fc.property(connection, (model) => {
                const stripped = stripRuntimeStatus(model);
                expect(stripped.status).toBeUndefined();
                expect(compareSnapshot(stripped, model, RUNTIME_STATUS_PATHS)).toEqual([]);
                expect(leaves(stripped).filter(isRuntimeStatusPath)).toEqual([]);
            }),
        );
    });
});
