/**
 * Expectation files of `alicloud-vpn drift --expect`: what was agreed for each connection, as deep
 * partials of the non-secret outputs (see `provider/drift.ts`), by connection id, with `"*"` for every
 * connection checked.
 *
 * ```json
 * {
 *   "schemaVersion": 1,
 *   "connections": {
 *     "*": { "ikeConfig": { "ikeVersion": "ikev2" } },
 *     "vco-bp1bbi27hojx80nck0001": { "status": "ipsec_sa_established", "vpnBgpConfig": { "enableBgp": true } }
 *   }
 * }
 * ```
 *
 * `schemaVersion` may be left out (it is 1). For a connection named and covered by `"*"`, its own
 * expectation is merged over the shared one, block by block.
 *
 * @packageDocumentation
 */
import { type VpnConnectionExpectation, validateExpectation } from "../provider/drift";
import { VpcInvalidInputError } from "../provider/errors";
import { VALIDATORS } from "../provider/validate";
import { jsonProblem, readInputFile, shownPath } from "./files";

/** The expectation file format this version reads. */
export const EXPECTATIONS_SCHEMA_VERSION = 1;

/** The key of the expectation shared by every connection checked. */
export const EVERY_CONNECTION = "*";

/** A checked expectation file. */
export interface ExpectationFile {
    /** Applies to every connection checked, if given. */
    shared?: VpnConnectionExpectation;
    /** By connection id. */
    byId: Map<string, VpnConnectionExpectation>;
}

/**
 * Parses and checks an expectation file's text; every expectation is validated (unknown keys, secrets,
 * types) before anything is read.
 *
 * @param text - the content.
 * @param name - the file's name for messages.
 * @returns the expectations.
 * @throws VpcInvalidInputError naming the file and the path at fault.
 */
export function parseExpectations(text: string, name: string): ExpectationFile {
    const fail = (problem: string): never => {
        throw new VpcInvalidInputError("--expect", `${name}: ${problem}`);
    };
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (e) {
        return fail(jsonProblem(e));
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
        return fail("expected a JSON object");
    }
    const root = data as Record<string, unknown>;
    for (const key of Object.keys(root)) {
        if (key !== "schemaVersion" && key !== "connections") {
            fail(`unknown key "${key.slice(0, 40)}"; expected "schemaVersion" and "connections"`);
        }
    }
    if (root.schemaVersion !== undefined && root.schemaVersion !== EXPECTATIONS_SCHEMA_VERSION) {
        fail(`schemaVersion must be ${EXPECTATIONS_SCHEMA_VERSION}`);
    }
    const connections = root.connections;
    if (typeof connections !== "object" || connections === null || Array.isArray(connections)) {
        return fail('expected "connections": an object of expectations by connection id (or "*")');
    }
    const out: ExpectationFile = { byId: new Map() };
    for (const [key, value] of Object.entries(connections)) {
        if (key !== EVERY_CONNECTION) {
            try {
                VALIDATORS.vpnConnectionId(key, `${name}: connections`);
            } catch (e) {
                throw new VpcInvalidInputError(
                    "--expect",
                    (e as VpcInvalidInputError).message.replace(/^invalid /, ""),
                );
            }
        }
        let expectation: VpnConnectionExpectation;
        try {
            expectation = validateExpectation(value, `connections.${key}`);
        } catch (e) {
            throw new VpcInvalidInputError(
                "--expect",
                `${name}: ${(e as Error).message.replace(/^invalid /, "")}`,
            );
        }
        if (key === EVERY_CONNECTION) out.shared = expectation;
        else out.byId.set(key, expectation);
    }
    if (out.shared === undefined && out.byId.size === 0) fail('"connections" is empty');
    return out;
}

/**
 * Reads and checks an expectation file.
 *
 * @param file - its path.
 * @returns the expectations, and the text they were parsed from (read once: SARIF quotes its lines).
 * @throws VpcInvalidInputError (argument `--expect`) when it cannot be read, is not a regular file of at
 *   most `MAX_INPUT_FILE_BYTES`, or is not valid.
 */
export function readExpectations(file: string): { expectations: ExpectationFile; text: string } {
    const text = readInputFile(file, "--expect");
    return { expectations: parseExpectations(text, shownPath(file)), text };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function merge(base: unknown, over: unknown): unknown {
    if (!isPlainObject(base) || !isPlainObject(over)) return over;
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(base), ...Object.keys(over)])) {
        const value = Object.prototype.hasOwnProperty.call(over, key)
            ? merge(base[key], over[key])
            : base[key];
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
}

/**
 * The expectation of one connection: its own merged over the shared one (objects merge key by key;
 * lists and values replace).
 *
 * @param file - the expectations.
 * @param vpnConnectionId - the connection.
 * @returns the expectation, or `undefined` when the file says nothing about it.
 */
export function expectationFor(
    file: ExpectationFile,
    vpnConnectionId: string,
): VpnConnectionExpectation | undefined {
    const own = file.byId.get(vpnConnectionId);
    if (file.shared === undefined) return own;
    if (own === undefined) return file.shared;
    return merge(file.shared, own) as VpnConnectionExpectation;
}
