/**
 * The comparer: lists each path where a connection differs from an expectation
 * ({@link compareExpectation}: only what is named counts) or from another whole model
 * ({@link compareSnapshot}: every output counts, in both directions).
 *
 * @packageDocumentation
 */
import type { ConnectionLike, DriftEntry, VpnConnectionExpectation } from "./expectation";
import { asObject, hasOwn, own } from "./own";
import { keyPath, mapKeyPath, pathMatches, stripPaths } from "./paths";
import { CONNECTION, type ListShape, type ObjectShape, type Shape } from "./shapes";
import { validateExpectation } from "./validator";

function subnetSet(value: unknown): string[] {
    const list = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : [];
    return [...new Set(list.map((s) => String(s).trim()).filter((s) => s !== ""))].sort();
}

function sameSubnets(a: unknown, b: unknown): boolean {
    const x = subnetSet(a);
    const y = subnetSet(b);
    return x.length === y.length && x.every((v, i) => v === y[i]);
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
