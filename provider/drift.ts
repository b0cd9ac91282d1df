/**
 * Drift: how a live VPN connection differs from what was agreed. Pure functions over the typed model
 * (`sdk/types.ts`), with no I/O, shared by the `alicloud-vpn` command, the resource's expectations and
 * the get functions.
 *
 * - {@link validateExpectation} checks an expectation (a deep partial of the non-secret outputs) before
 *   anything is read: unknown keys (typos) and secret keys are refused, values must have the output's
 *   type (numbers and booleans may be given as strings, as YAML and the API write them).
 * - {@link compareExpectation} lists each path where the connection differs from an expectation.
 * - {@link compareSnapshot} compares two whole models (a baseline and the live connection): every
 *   output counts, in both directions.
 * - {@link RUNTIME_STATUS_PATHS} and {@link stripRuntimeStatus}: the outputs that change with tunnel
 *   negotiation rather than configuration, kept out of configuration-drift checks.
 * - {@link formatDrift} renders entries for messages.
 *
 * Paths name outputs as a program reads them: `ikeConfig.ikeEncAlg`, `tunnelOptions[0].status`,
 * `tags.env` (a tag key that is empty or holds spaces, quotes or brackets is written `tags["a b"]`).
 *
 * @packageDocumentation
 */
import type {
    IkeConfig,
    IpsecConfig,
    TunnelBgpConfig,
    TunnelOption,
    VcoHealthCheck,
    VpnBgpConfig,
    VpnConnectionInfo,
    VpnConnectionSecrets,
} from "./model";
import { VpcInvalidInputError } from "./errors";
import { quoteValue } from "./redact";

/** The non-secret outputs of a connection that drift is computed over: the model and the `endpoint` input echoed back. */
export type ComparableConnection = VpnConnectionInfo & { endpoint?: string };

/**
 * What the comparisons accept as a connection: its model, or a resource's outputs (where an absent
 * output is `null`, and secrets sit beside the rest; they are never read).
 */
export type ConnectionLike = Readonly<ComparableConnection> | Readonly<Record<string, unknown>>;

/** One difference between what was expected and what is live. */
export interface DriftEntry {
    /** Where, e.g. `ikeConfig.ikeEncAlg`, `tunnelOptions[0].status`, `tags.env`. */
    path: string;
    /**
     * What was expected, in the output's type (`"86400"` given is `86400` here). `undefined` when nothing
     * was expected there (a tunnel or tag the connection has and the expectation or baseline does not);
     * `null` when the expectation asked for the output to be absent. Render `undefined` as `null` in JSON.
     */
    expected: unknown;
    /** What the connection has; `undefined` when the output or block is absent. */
    actual: unknown;
}

/** The value an expectation may give for a field of type `T`. */
export type ExpectedValue<T> = T extends number
    ? number | string
    : T extends boolean
      ? boolean | "true" | "false"
      : T extends string
        ? string
        : T extends readonly string[]
          ? readonly string[]
          : T extends ReadonlyArray<infer E>
            ? ReadonlyArray<Expectation<E>>
            : T extends Record<string, string>
              ? Readonly<Record<string, string | null>>
              : Expectation<T>;

/**
 * A deep partial of `T`: leave a key out to not care about it, give `null` to expect it absent. Numbers
 * may be given as strings of digits and booleans as `"true"`/`"false"`.
 */
export type Expectation<T> = { readonly [K in keyof T]?: ExpectedValue<NonNullable<T[K]>> | null };

/**
 * An expectation on a VPN connection: a deep partial of its non-secret outputs.
 *
 * @example
 * ```ts
 * const expect: VpnConnectionExpectation = {
 *     status: "ipsec_sa_established",
 *     ikeConfig: { ikeEncAlg: "aes256", ikeVersion: "ikev2", ikeLifetime: "86400" },
 *     vpnBgpConfig: { enableBgp: true },
 *     remoteSubnets: ["192.168.20.0/24", "192.168.10.0/24"], // a set: order does not matter
 *     tags: { env: "prod" },                                   // only the tags named
 * };
 * ```
 */
export type VpnConnectionExpectation = Expectation<ComparableConnection>;

// ---------------------------------------------------------------------------------------------------
// The shape of the outputs, one entry per key. `ShapeOf<T>` requires exactly T's keys, so the compiler
// fails here when a field is added to or removed from the model.

type Leaf = "string" | "number" | "boolean";
/** A comma-separated CIDR list (`localSubnet`): compared as a set. */
type SubnetText = "subnetText";
/** A list of CIDR blocks (`localSubnets`): compared as a set. */
type SubnetList = "subnetList";
/** A string-to-string map (`tags`): an expectation names some keys; a snapshot names all. */
type StringMap = "stringMap";
interface ObjectShape {
    readonly kind: "object";
    readonly fields: Readonly<Record<string, Shape>>;
}
interface ListShape {
    readonly kind: "list";
    readonly element: ObjectShape;
}
type Shape = Leaf | SubnetText | SubnetList | StringMap | ObjectShape | ListShape;
type ShapeOf<T> = { readonly [K in keyof Required<T>]: Shape };

function object<T>(fields: ShapeOf<T>): ObjectShape {
    return { kind: "object", fields };
}

const IKE = object<IkeConfig>({
    ikeAuthAlg: "string",
    ikeEncAlg: "string",
    ikeLifetime: "number",
    ikeMode: "string",
    ikePfs: "string",
    ikeVersion: "string",
    localId: "string",
    remoteId: "string",
});
const IPSEC = object<IpsecConfig>({
    ipsecAuthAlg: "string",
    ipsecEncAlg: "string",
    ipsecLifetime: "number",
    ipsecPfs: "string",
});
const TUNNEL = object<TunnelOption>({
    tunnelId: "string",
    tunnelIndex: "number",
    role: "string",
    state: "string",
    status: "string",
    customerGatewayId: "string",
    internetIp: "string",
    zoneNo: "string",
    enableDpd: "boolean",
    enableNatTraversal: "boolean",
    remoteCaCertificate: "string",
    ikeConfig: IKE,
    ipsecConfig: IPSEC,
    bgpConfig: object<TunnelBgpConfig>({
        bgpStatus: "string",
        localAsn: "number",
        peerAsn: "number",
        localBgpIp: "string",
        peerBgpIp: "string",
        tunnelCidr: "string",
    }),
});
const CONNECTION = object<ComparableConnection>({
    vpnConnectionId: "string",
    regionId: "string",
    endpoint: "string",
    name: "string",
    vpnGatewayId: "string",
    customerGatewayId: "string",
    localSubnet: "subnetText",
    remoteSubnet: "subnetText",
    localSubnets: "subnetList",
    remoteSubnets: "subnetList",
    createTime: "number",
    status: "string",
    state: "string",
    effectImmediately: "boolean",
    enableDpd: "boolean",
    enableNatTraversal: "boolean",
    enableTunnelsBgp: "boolean",
    networkType: "string",
    attachType: "string",
    attachInstanceId: "string",
    transitRouterId: "string",
    transitRouterName: "string",
    crossAccountAuthorized: "boolean",
    spec: "string",
    tunnelBandwidth: "string",
    internetIp: "string",
    resourceGroupId: "string",
    remoteCaCertificate: "string",
    zoneNo: "string",
    tags: "stringMap",
    ikeConfig: IKE,
    ipsecConfig: IPSEC,
    vcoHealthCheck: object<VcoHealthCheck>({
        dip: "string",
        sip: "string",
        enable: "boolean",
        interval: "number",
        retry: "number",
        policy: "string",
        status: "string",
    }),
    vpnBgpConfig: object<VpnBgpConfig>({
        enableBgp: "boolean",
        localAsn: "number",
        peerAsn: "number",
        localBgpIp: "string",
        peerBgpIp: "string",
        tunnelCidr: "string",
        status: "string",
    }),
    tunnelOptions: { kind: "list", element: TUNNEL },
});

const SECRET_KEYS: Readonly<Record<keyof Required<VpnConnectionSecrets>, true>> = {
    psk: true,
    bgpAuthKey: true,
    tunnelPsks: true,
};

/** The secret outputs, which an expectation may never name: comparing them would put them in reports. */
export const SECRET_OUTPUT_NAMES: readonly (keyof VpnConnectionSecrets)[] = Object.freeze(
    Object.keys(SECRET_KEYS) as (keyof VpnConnectionSecrets)[],
);

/**
 * The outputs that follow tunnel negotiation and health rather than configuration: the negotiation
 * `status`, the lifecycle `state`, the health-check and BGP session status, and each tunnel's `status`,
 * `state` and BGP status. A renegotiating tunnel changes them without anyone changing the connection, so
 * configuration-drift checks leave them out. `[*]` stands for every index.
 */
export const RUNTIME_STATUS_PATHS = Object.freeze([
    "status",
    "state",
    "vcoHealthCheck.status",
    "vpnBgpConfig.status",
    "tunnelOptions[*].status",
    "tunnelOptions[*].state",
    "tunnelOptions[*].bgpConfig.bgpStatus",
] as const);

// ---------------------------------------------------------------------------------------------------
// Paths

type Segment = { key: string } | { index: number | "*" };

const PLAIN_MAP_KEY = /^[^\s"'[\]]+$/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*/;

function own(o: object, key: string): unknown {
    return Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

function hasOwn(o: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(o, key);
}

/** Sets an own, enumerable key, whatever its name (even `__proto__`, a legal tag key). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function keyPath(parent: string, key: string): string {
    return parent === "" ? key : `${parent}.${key}`;
}

/**
 * The path of a key of a string map (tags, tunnel keys): `tags.env`, or `tags["a b"]` when the key is
 * empty or holds spaces, quotes or brackets.
 *
 * @param parent - the map's path, e.g. `tags`.
 * @param key - the map key.
 * @returns the path.
 */
export function mapKeyPath(parent: string, key: string): string {
    return PLAIN_MAP_KEY.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Parses a path or pattern into segments. A map key (after `tags.`) runs to the end of the path, since
 * maps hold only strings; `[*]` and `[]` match any index.
 */
function parsePath(path: string, mapRoots: ReadonlySet<string>): Segment[] | undefined {
    const segments: Segment[] = [];
    let rest = path;
    let inMap = false;
    while (rest !== "") {
        if (inMap) {
            if (rest.startsWith(".") && rest.length > 1) {
                segments.push({ key: rest.slice(1) });
                return segments;
            }
            if (rest.startsWith("[")) {
                try {
                    const key: unknown = JSON.parse(rest.slice(1, -1));
                    if (typeof key === "string" && rest.endsWith("]")) {
                        segments.push({ key });
                        return segments;
                    }
                } catch {
                    // not a quoted key: invalid below
                }
            }
            return undefined;
        }
        if (segments.length > 0) {
            const index = /^\[(\d+|\*|)\]/.exec(rest);
            if (index) {
                const i = index[1];
                segments.push({ index: i === "*" || i === "" ? "*" : Number(i) });
                rest = rest.slice(index[0].length);
                continue;
            }
            if (!rest.startsWith(".")) return undefined;
            rest = rest.slice(1);
        }
        const id = IDENTIFIER.exec(rest);
        if (!id) return undefined;
        segments.push({ key: id[0] });
        rest = rest.slice(id[0].length);
        if (segments.length === 1 && mapRoots.has(id[0])) inMap = true;
    }
    return segments;
}

function segmentsMatch(pattern: readonly Segment[], path: readonly Segment[]): boolean {
    if (pattern.length > path.length) return false;
    return pattern.every((p, i) => {
        const s = path[i]!;
        if ("key" in p) return "key" in s && s.key === p.key;
        return "index" in s && (p.index === "*" || p.index === s.index);
    });
}

const MAP_ROOTS: ReadonlySet<string> = new Set(["tags", "tunnelPsks"]);

/**
 * Whether `path` is `pattern` or lies under it: `tags` covers `tags.env`; `tunnelOptions[*].status`
 * covers `tunnelOptions[1].status`; `ikeConfig` covers `ikeConfig.ikeEncAlg`.
 *
 * @param path - a drift path.
 * @param pattern - a path, with `[*]` for any index.
 * @returns true when the pattern covers the path.
 */
export function pathMatches(path: string, pattern: string): boolean {
    const p = parsePath(pattern, MAP_ROOTS);
    const s = parsePath(path, MAP_ROOTS);
    return p !== undefined && s !== undefined && segmentsMatch(p, s);
}

/**
 * Checks a path pattern (for `--ignore` and similar): it must name an output of a VPN connection (or a
 * secret output, whose fingerprint a baseline compares), a part of one, or an index (`[0]`, `[*]`).
 *
 * @param pattern - the pattern given.
 * @param argument - the argument's name for the message, e.g. `--ignore`.
 * @returns the pattern.
 * @throws VpcInvalidInputError naming the argument and the unknown part.
 */
export function validatePathPattern(pattern: unknown, argument: string): string {
    if (typeof pattern !== "string" || pattern === "") {
        throw new VpcInvalidInputError(
            argument,
            `expected a path such as "ikeConfig.ikeEncAlg", got ${quoteValue(pattern)}`,
        );
    }
    const segments = parsePath(pattern, MAP_ROOTS);
    if (!segments) {
        throw new VpcInvalidInputError(
            argument,
            `${quoteValue(pattern)} is not a path; write keys with dots and indexes in brackets, e.g. "tunnelOptions[*].ikeConfig.ikeEncAlg" or "tags.env"`,
        );
    }
    const first = segments[0] as { key: string };
    if (first.key in SECRET_KEYS) {
        if (segments.length === 1 || (first.key === "tunnelPsks" && segments.length === 2)) return pattern;
        throw new VpcInvalidInputError(
            argument,
            `${quoteValue(pattern)} is not an output of a VPN connection`,
        );
    }
    let shape: Shape = CONNECTION;
    let where = "";
    for (const segment of segments) {
        if ("index" in segment) {
            if (typeof shape !== "object" || shape.kind !== "list") {
                throw new VpcInvalidInputError(argument, `${quoteValue(pattern)}: ${where} is not a list`);
            }
            shape = shape.element;
            where += `[${segment.index}]`;
            continue;
        }
        if (shape === "stringMap") return pattern;
        if (typeof shape !== "object" || shape.kind !== "object" || !hasOwn(shape.fields, segment.key)) {
            throw new VpcInvalidInputError(
                argument,
                `${quoteValue(pattern)}: ${keyPath(where, segment.key)} is not an output of a VPN connection${suggest(segment.key, shape)}`,
            );
        }
        shape = shape.fields[segment.key]!;
        where = keyPath(where, segment.key);
    }
    return pattern;
}

// ---------------------------------------------------------------------------------------------------
// Validation

function suggest(key: string, shape: Shape): string {
    if (typeof shape !== "object" || shape.kind !== "object") return "";
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of Object.keys(shape.fields)) {
        const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 3))
        ? ` (did you mean ${best}?)`
        : "";
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(
                previous[j]! + 1,
                current[j - 1]! + 1,
                previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
            );
        }
        previous = current;
    }
    return previous[b.length]!;
}

const NUMBER_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

class Validator {
    constructor(private readonly argument: string) {}

    fail(path: string, problem: string): never {
        throw new VpcInvalidInputError(path === "" ? this.argument : `${this.argument}.${path}`, problem);
    }

    value(shape: Shape, value: unknown, path: string): unknown {
        if (value === undefined || value === null) return value;
        switch (shape) {
            case "string":
            case "subnetText":
                if (typeof value !== "string") this.fail(path, `expected a string, got ${quoteValue(value)}`);
                return value;
            case "number":
                if (typeof value === "number" && Number.isFinite(value)) return value;
                if (typeof value === "string" && NUMBER_TEXT.test(value)) return Number(value);
                return this.fail(path, `expected a number (or a string of digits), got ${quoteValue(value)}`);
            case "boolean":
                if (typeof value === "boolean") return value;
                if (typeof value === "string") {
                    const t = value.trim().toLowerCase();
                    if (t === "true") return true;
                    if (t === "false") return false;
                }
                return this.fail(
                    path,
                    `expected true or false (or "true"/"false"), got ${quoteValue(value)}`,
                );
            case "subnetList":
                if (!Array.isArray(value)) {
                    this.fail(path, `expected a list of CIDR blocks, got ${quoteValue(value)}`);
                }
                return value.map((v: unknown, i) =>
                    typeof v === "string"
                        ? v
                        : this.fail(`${path}[${i}]`, `expected a string, got ${quoteValue(v)}`),
                );
            case "stringMap":
                return this.map(value, path);
            default:
                return shape.kind === "object"
                    ? this.object(shape, value, path)
                    : this.list(shape, value, path);
        }
    }

    map(value: unknown, path: string): Record<string, string | null> {
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            this.fail(path, `expected a map of strings, got ${quoteValue(value)}`);
        }
        const out: Record<string, string | null> = {};
        for (const [k, v] of Object.entries(value)) {
            if (v === undefined) continue;
            if (v !== null && typeof v !== "string") {
                this.fail(mapKeyPath(path, k), `expected a string or null, got ${quoteValue(v)}`);
            }
            define(out, k, v);
        }
        return out;
    }

    object(shape: ObjectShape, value: unknown, path: string): Record<string, unknown> {
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            this.fail(path, `expected an object, got ${quoteValue(value)}`);
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const childPath = keyPath(path, k);
            if (k in SECRET_KEYS && shape === CONNECTION) {
                this.fail(
                    childPath,
                    `${k} is a secret output and cannot be expected: a comparison would put it in reports and messages; a baseline of alicloud-vpn snapshot detects a rotated key by its fingerprint`,
                );
            }
            if (!hasOwn(shape.fields, k)) {
                const secretHint = /^(psk|authKey|bgpAuthKey)$/i.test(k)
                    ? "; keys are secret outputs and cannot be expected"
                    : "";
                this.fail(childPath, `not an output of a VPN connection${suggest(k, shape)}${secretHint}`);
            }
            if (v === undefined) continue;
            define(out, k, this.value(shape.fields[k]!, v, childPath));
        }
        return out;
    }

    list(shape: ListShape, value: unknown, path: string): unknown[] {
        if (!Array.isArray(value)) this.fail(path, `expected a list, got ${quoteValue(value)}`);
        return value.map((v: unknown, i) => {
            if (v === null || v === undefined) this.fail(`${path}[${i}]`, "expected an object, got nothing");
            return this.object(shape.element, v, `${path}[${i}]`);
        });
    }
}

/**
 * Checks an expectation before anything is read, and returns it normalized: numbers given as strings
 * become numbers, `"true"`/`"false"` become booleans, keys whose value is `undefined` are dropped.
 *
 * @param expect - the expectation given.
 * @param argumentName - its name for messages, e.g. `expect` or `expect.json: vco-…`.
 * @returns the normalized expectation.
 * @throws VpcInvalidInputError naming the full path (e.g. `expect.ikeConfig.ikeEncAlgo`) when a key is
 *   not a non-secret output of a VPN connection, names a secret output, or holds a value of the wrong type.
 */
export function validateExpectation(expect: unknown, argumentName = "expect"): VpnConnectionExpectation {
    return new Validator(argumentName).object(CONNECTION, expect, "") as VpnConnectionExpectation;
}

// ---------------------------------------------------------------------------------------------------
// Comparison

function subnetSet(value: unknown): string[] {
    const list = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : [];
    return [...new Set(list.map((s) => String(s).trim()).filter((s) => s !== ""))].sort();
}

function sameSubnets(a: unknown, b: unknown): boolean {
    const x = subnetSet(a);
    const y = subnetSet(b);
    return x.length === y.length && x.every((v, i) => v === y[i]);
}

function asObject(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
}

class Comparer {
    readonly entries: DriftEntry[] = [];

    constructor(private readonly exact: boolean) {}

    private drift(path: string, expected: unknown, actual: unknown): void {
        this.entries.push({ path, expected, actual });
    }

    value(shape: Shape, expected: unknown, present: unknown, path: string): void {
        // A resource's outputs hold null for an absent output (a key left out would be unknown in a
        // preview): absent either way.
        const actual = present === null ? undefined : present;
        if (expected === undefined) {
            // A partial expectation does not care; a snapshot says the output was absent.
            if (this.exact && actual !== undefined && !isEmptyContainer(shape, actual)) {
                this.drift(path, undefined, actual);
            }
            return;
        }
        if (expected === null) {
            if (actual !== undefined) this.drift(path, null, actual);
            return;
        }
        switch (shape) {
            case "string":
            case "number":
            case "boolean":
                if (actual !== expected) this.drift(path, expected, actual);
                return;
            case "subnetText":
            case "subnetList":
                if (actual === undefined || !sameSubnets(expected, actual)) {
                    this.drift(path, expected, actual);
                }
                return;
            case "stringMap":
                this.map(expected as Record<string, string | null>, asObject(actual) ?? {}, path);
                return;
            default:
                if (shape.kind === "object") this.object(shape, expected, actual, path);
                else this.list(shape, expected as unknown[], actual, path);
        }
    }

    private map(
        expected: Record<string, string | null>,
        actual: Record<string, unknown>,
        path: string,
    ): void {
        for (const key of Object.keys(expected)) {
            const want = own(expected, key);
            const have = own(actual, key);
            if (want === null ? have !== undefined : have !== want) {
                this.drift(mapKeyPath(path, key), want, have);
            }
        }
        if (!this.exact) return;
        for (const key of Object.keys(actual)) {
            if (!hasOwn(expected, key)) this.drift(mapKeyPath(path, key), undefined, own(actual, key));
        }
    }

    object(shape: ObjectShape, expected: unknown, actual: unknown, path: string): void {
        const want = asObject(expected) ?? {};
        const have = asObject(actual);
        if (have === undefined) {
            this.drift(path, expected, undefined);
            return;
        }
        const keys = this.exact
            ? Object.keys(shape.fields)
            : Object.keys(want).filter((k) => hasOwn(shape.fields, k));
        for (const key of keys) {
            this.value(shape.fields[key]!, own(want, key), own(have, key), keyPath(path, key));
        }
    }

    private list(shape: ListShape, expected: unknown[], actual: unknown, path: string): void {
        // A single-tunnel connection has no tunnel list: the same as an empty one.
        const have = Array.isArray(actual) ? actual : [];
        const n = Math.max(expected.length, have.length);
        for (let i = 0; i < n; i++) {
            const at = `${path}[${i}]`;
            if (i >= have.length) this.drift(at, expected[i], undefined);
            else if (i >= expected.length) this.drift(at, undefined, have[i]);
            else this.object(shape.element, expected[i], have[i], at);
        }
    }
}

function isEmptyContainer(shape: Shape, value: unknown): boolean {
    if (shape === "stringMap") {
        return asObject(value) !== undefined && Object.keys(value as object).length === 0;
    }
    if (shape === "subnetList" || (typeof shape === "object" && shape.kind === "list")) {
        return Array.isArray(value) && value.length === 0;
    }
    return false;
}

/**
 * Compares a connection with an expectation. Only what the expectation names is compared: a key left
 * out is not cared about, a tag map names only the tags it cares about, and `null` expects absence.
 * Numbers and booleans compare by value whatever type they were given in; `localSubnets`,
 * `remoteSubnets`, `localSubnet` and `remoteSubnet` compare as sets of CIDR blocks; other lists
 * (`tunnelOptions`) compare whole and in order, element by element (a missing or extra tunnel is drift
 * at its index); an expected block the connection lacks is one entry at the block with `actual: undefined`.
 *
 * @param expect - the expectation; validated first (see {@link validateExpectation}).
 * @param connection - the live connection's model (extra keys such as secrets are never read).
 * @param argumentName - the expectation's name for validation messages.
 * @returns the differences, in the order of the expectation; empty when the connection is in sync.
 * @throws VpcInvalidInputError when the expectation is not valid.
 */
export function compareExpectation(
    expect: unknown,
    connection: ConnectionLike,
    argumentName = "expect",
): DriftEntry[] {
    return compareValidatedExpectation(validateExpectation(expect, argumentName), connection);
}

/**
 * {@link compareExpectation} for an expectation {@link validateExpectation} already returned, without
 * validating it again: for reads that checked their arguments first, and for comparing one expectation
 * with every connection of a list.
 *
 * @param expectation - a normalized expectation.
 * @param connection - the live connection's model or a resource's outputs.
 * @returns the differences, in the order of the expectation; empty when the connection is in sync.
 */
export function compareValidatedExpectation(
    expectation: VpnConnectionExpectation,
    connection: ConnectionLike,
): DriftEntry[] {
    const comparer = new Comparer(false);
    comparer.object(CONNECTION, expectation, connection, "");
    return comparer.entries;
}

/**
 * Compares two whole connection models, e.g. a baseline snapshot and the live connection: every output
 * counts, a key or tag present on one side only is drift. Sets and lists compare as in
 * {@link compareExpectation}. Paths covered by `ignore` (see {@link pathMatches}) are left out; pass
 * {@link RUNTIME_STATUS_PATHS} to compare configuration only.
 *
 * @param baseline - the model expected.
 * @param live - the model read now.
 * @param ignore - path patterns to leave out.
 * @returns the differences, in the order of the outputs; empty when the two agree.
 */
export function compareSnapshot(
    baseline: ConnectionLike,
    live: ConnectionLike,
    ignore: readonly string[] = [],
): DriftEntry[] {
    const comparer = new Comparer(true);
    comparer.object(CONNECTION, stripPaths(baseline, ignore), stripPaths(live, ignore), "");
    return filterDrift(comparer.entries, ignore);
}

/**
 * Leaves out the entries whose path lies under one of the patterns.
 *
 * @param entries - drift entries.
 * @param ignore - path patterns (see {@link pathMatches}).
 * @returns the entries kept.
 */
export function filterDrift<T extends { path: string }>(
    entries: readonly T[],
    ignore: readonly string[],
): T[] {
    if (ignore.length === 0) return [...entries];
    return entries.filter((e) => !ignore.some((pattern) => pathMatches(e.path, pattern)));
}

/** A {@link DriftEntry} as a Pulumi output or JSON can hold it: absent is `null`, never `undefined`. */
export interface DriftOutput {
    /** Where. */
    path: string;
    /** What was expected; `null` for nothing or absent. */
    expected: unknown;
    /** What the connection has; `null` when absent. */
    actual: unknown;
}

/**
 * Entries ready to be an output or JSON: `undefined` becomes `null`, since an `undefined` value at
 * any depth of a dynamic provider's read result fails the whole read (the engine's struct encoder
 * rejects it), and JSON drops it. Values inside `expected`/`actual` come from the model and the
 * normalized expectation, which hold no `undefined`.
 *
 * @param entries - from {@link compareExpectation} or {@link compareSnapshot}.
 * @returns new entries.
 */
export function driftForOutput(entries: readonly DriftEntry[]): DriftOutput[] {
    return entries.map((e) => ({ path: e.path, expected: e.expected ?? null, actual: e.actual ?? null }));
}

// ---------------------------------------------------------------------------------------------------
// Stripping paths

function stripSegments(value: unknown, segments: readonly Segment[]): unknown {
    const [head, ...rest] = segments;
    if (head === undefined) return value;
    if ("index" in head) {
        if (!Array.isArray(value)) return value;
        return value.map((item, i) =>
            head.index === "*" || head.index === i
                ? rest.length === 0
                    ? item
                    : stripSegments(item, rest)
                : item,
        );
    }
    const o = asObject(value);
    if (o === undefined || !hasOwn(o, head.key)) return value;
    const copy: Record<string, unknown> = {};
    for (const k of Object.keys(o)) if (k !== head.key || rest.length > 0) define(copy, k, own(o, k));
    if (rest.length > 0) define(copy, head.key, stripSegments(own(o, head.key), rest));
    return copy;
}

function stripPaths<T>(model: T, patterns: readonly string[]): T {
    let out: unknown = model;
    for (const pattern of patterns) {
        const segments = parsePath(pattern, MAP_ROOTS);
        // An index pattern with nothing after it names whole elements: drift on those is filtered instead.
        if (segments !== undefined && !("index" in segments[segments.length - 1]!)) {
            out = stripSegments(out, segments);
        }
    }
    return out as T;
}

/**
 * A copy of a connection's model (or of a resource's outputs) without the runtime-status outputs of
 * {@link RUNTIME_STATUS_PATHS}, so that what is left changes only when the configuration does. The
 * input is not modified; keys other than these, secrets included, are kept as they are.
 *
 * @param model - a model or outputs object.
 * @returns the copy.
 */
export function stripRuntimeStatus<T extends object>(model: T): T {
    return stripPaths(model, RUNTIME_STATUS_PATHS);
}

/** Whether a path is one of the runtime-status outputs of {@link RUNTIME_STATUS_PATHS}. */
export function isRuntimeStatusPath(path: string): boolean {
    return RUNTIME_STATUS_PATHS.some((pattern) => pathMatches(path, pattern));
}

// ---------------------------------------------------------------------------------------------------
// Formatting

/** Longest rendering of one value in a message; certificates and whole blocks are cut. */
const MAX_VALUE_CHARS = 120;

/**
 * Renders a value of a drift entry for a message: JSON, `absent` for `undefined` and `null`, cut to 120
 * characters.
 *
 * @param value - an `expected` or `actual` value.
 * @returns the text.
 */
export function formatDriftValue(value: unknown): string {
    if (value === undefined || value === null) return "absent";
    const text = JSON.stringify(value) ?? String(value);
    return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/**
 * Renders one entry: `ikeConfig.ikeEncAlg: expected "aes256", got "aes"`.
 *
 * @param entry - the entry.
 * @returns one line.
 */
export function formatDriftEntry(entry: DriftEntry): string {
    const expected = entry.expected === undefined ? "nothing" : formatDriftValue(entry.expected);
    return `${entry.path}: expected ${expected}, got ${formatDriftValue(entry.actual)}`;
}

/**
 * Renders drift entries for an error message or a log, one per line, each indented by `indent`. The
 * entries come from non-secret outputs only (expectations cannot name a secret), so the text holds no key.
 *
 * @example
 * ```ts
 * throw new Error(`VPN connection ${id} drifted:\n${formatDrift(compareExpectation(expect, model))}`);
 * // VPN connection vco-… drifted:
 * //   - ikeConfig.ikeEncAlg: expected "aes256", got "aes"
 * //   - vpnBgpConfig: expected {"enableBgp":true}, got absent
 * ```
 *
 * @param entries - the entries.
 * @param indent - the prefix of every line. @default "  - "
 * @returns the lines joined with newlines; empty for no entries.
 */
export function formatDrift(entries: readonly DriftEntry[], indent = "  - "): string {
    return entries.map((e) => `${indent}${formatDriftEntry(e)}`).join("\n");
}

// ---------------------------------------------------------------------------------------------------
// Names and values by path, for other checks over the same outputs (posture policies)

/**
 * The candidate closest to `name` by edit distance (case ignored), when it is close enough to be a
 * likely typo: within two edits, or a third of the name's length. The one suggester of the package:
 * output keys, rule ids and policy keys are all suggested with it.
 *
 * @param name - what was given.
 * @param candidates - what is known.
 * @returns the closest candidate, or `undefined` when none is close.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * The values a path pattern reaches in a connection, each with its concrete path: `[*]` expands to
 * every index present (`tunnelOptions[*].enableDpd` gives one value per tunnel). Absent values and
 * `null` (a resource's absent output) are left out.
 *
 * @param connection - a model or a resource's outputs.
 * @param pattern - a path checked with {@link validatePathPattern}.
 * @returns the values found, in order.
 */
export function valuesAtPath(
    connection: ConnectionLike,
    pattern: string,
): { path: string; value: unknown }[] {
    const segments = parsePath(pattern, MAP_ROOTS);
    if (segments === undefined) return [];
    let found: { path: string; value: unknown }[] = [{ path: "", value: connection }];
    segments.forEach((segment, depth) => {
        const next: { path: string; value: unknown }[] = [];
        for (const { path, value } of found) {
            if ("index" in segment) {
                if (!Array.isArray(value)) continue;
                value.forEach((item: unknown, i) => {
                    if (segment.index === "*" || segment.index === i) {
                        next.push({ path: `${path}[${i}]`, value: item });
                    }
                });
                continue;
            }
            const o = asObject(value);
            if (o === undefined || !hasOwn(o, segment.key)) continue;
            const inMap = depth > 0 && MAP_ROOTS.has((segments[0] as { key: string }).key);
            next.push({
                path: inMap ? mapKeyPath(path, segment.key) : keyPath(path, segment.key),
                value: own(o, segment.key),
            });
        }
        found = next;
    });
    return found.filter((f) => f.value !== undefined && f.value !== null);
}
