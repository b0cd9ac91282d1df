/**
 * Drift paths: how they are written, parsed and matched (`ikeConfig.ikeEncAlg`, `tunnelOptions[0].status`,
 * `tags.env`, `tags["a b"]`, `[*]` for any index), checked against the outputs with a suggestion for a
 * typo ({@link validatePathPattern}, {@link suggest}), and how what a path names is left out of a model
 * ({@link stripPaths}).
 *
 * @packageDocumentation
 */
import { VpcInvalidInputError } from "../errors";
import { quoteValue } from "../redact";
import { isSecretOutputName } from "../secret-outputs";
import { asObject, define, hasOwn, own } from "./own";
import { CONNECTION, type Shape } from "./shapes";

/** One step of a path: a key, or an index (`*` for any). */
export type Segment = { key: string } | { index: number | "*" };

const PLAIN_MAP_KEY = /^[^\s"'[\]]+$/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*/;

/**
 * The path of a key under `parent`: `parent.key`, or `key` at the top.
 *
 * @param parent - the parent path, `""` at the top.
 * @param key - the key.
 * @returns the path.
 */
export function keyPath(parent: string, key: string): string {
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

/**
 * Parses a path or pattern into segments. A map key (after `tags.`) runs to the end of the path, since
 * maps hold only strings; `[*]` and `[]` match any index.
 *
 * @param path - a path or pattern.
 * @param mapRoots - the top-level keys that hold string maps.
 * @returns the segments, or `undefined` when the text is not a path.
 */
export function parsePath(path: string, mapRoots: ReadonlySet<string>): Segment[] | undefined {
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

/** The top-level outputs that are string maps, whose keys may be any text. */
export const MAP_ROOTS: ReadonlySet<string> = new Set(["tags", "tunnelPsks"]);

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
    if (isSecretOutputName(first.key)) {
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

/**
 * A suggestion for a key that is not a field of `shape`: ` (did you mean ikeEncAlg?)` when a field is
 * close enough (by edit distance, case ignored), else the first fields of `shape`; empty when `shape`
 * is not an object or has no fields.
 *
 * @param key - the unknown key.
 * @param shape - where it was looked up.
 * @returns the suggestion, starting with a space, or `""`.
 */
export function suggest(key: string, shape: Shape): string {
    if (typeof shape !== "object" || shape.kind !== "object") return "";
    const fields = Object.keys(shape.fields);
    const best = closestName(key, fields);
    if (best !== undefined) return ` (did you mean ${best}?)`;
    // Nothing close (a name such as `constructor` or `__proto__`, which every JavaScript object has but
    // no connection output is): name the outputs that are there instead.
    const shown = fields.slice(0, SUGGESTED_FIELDS);
    return fields.length === 0
        ? ""
        : ` (the outputs here are ${shown.join(", ")}${fields.length > shown.length ? ", …" : ""})`;
}

/**
 * The candidate closest to `name` by edit distance (case ignored), when it is close enough to be a
 * likely typo: within two edits, or a third of the name's length. The package's one suggester: output
 * keys ({@link suggest}), posture rule ids, severities and policy keys all use it.
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

/** How many outputs a suggestion lists when no output is close to the key given. */
const SUGGESTED_FIELDS = 12;

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

/**
 * A copy of a model without what the patterns name (an index pattern with nothing after it is left
 * alone: drift on whole elements is filtered instead). The input is not modified.
 *
 * @param model - a model or outputs object.
 * @param patterns - path patterns (see {@link pathMatches}).
 * @returns the copy.
 */
export function stripPaths<T>(model: T, patterns: readonly string[]): T {
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
 * The values a path pattern reaches in a connection, each with its concrete path: `[*]` expands to
 * every index present (`tunnelOptions[*].enableDpd` gives one value per tunnel). Absent values and
 * `null` (a resource's absent output) are left out.
 *
 * @param connection - a model or a resource's outputs.
 * @param pattern - a path checked with {@link validatePathPattern}.
 * @returns the values found, in order.
 */
export function valuesAtPath(connection: object, pattern: string): { path: string; value: unknown }[] {
    const segments = parsePath(pattern, MAP_ROOTS);
    if (segments === undefined) return [];
    const inMap = MAP_ROOTS.has((segments[0] as { key?: string }).key ?? "");
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
            next.push({
                path: inMap && depth > 0 ? mapKeyPath(path, segment.key) : keyPath(path, segment.key),
                value: own(o, segment.key),
            });
        }
        found = next;
    });
    return found.filter((f) => f.value !== undefined && f.value !== null);
}
