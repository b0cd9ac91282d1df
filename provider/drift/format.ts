/**
 * Formatting drift: entries as lines of a message ({@link formatDrift}) and as values a Pulumi output or
 * JSON can hold ({@link driftForOutput}).
 *
 * @packageDocumentation
 */
import type { DriftEntry, DriftOutput } from "./expectation";

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
