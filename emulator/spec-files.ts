/**
 * The files the emulator's command line reads: a fixtures file (the connections to serve instead of the
 * built-in fixtures) and a fault spec file (faults injected from the start). Both are JSON, bounded in
 * size and in entries, and checked entry by entry with messages that name the entry and the field.
 *
 * Fixtures file: `[{"regionId": "cn-hangzhou", "connection": {"VpnConnectionId": "vco-…", …}}, …]`,
 * each connection in the wire shape (as DescribeVpnConnection answers it).
 *
 * Fault spec file: `[{"kind": "throttling", "times": 3, "retryAfterMs": 1000}, …]`, each a fault as the
 * admin interface takes it (see `faults.ts`).
 *
 * @packageDocumentation
 */

import { FileReadRefusedError, readRegularFile } from "../provider/bounded-file";
import type { WireVpnConnection } from "../provider/wire";
import { MAX_ADMIN_CONNECTIONS, parseWireConnection } from "./admin";
import { type Fault, MAX_FAULTS, parseFault } from "./faults";

/** The largest fixtures file read (a connection is a few kilobytes). */
export const MAX_FIXTURES_FILE_BYTES = 64 * 1024 * 1024;

/** The largest fault spec file read. */
export const MAX_FAULTS_FILE_BYTES = 1024 * 1024;

/** One entry of a fixtures file. */
export interface FixtureEntry {
    regionId: string;
    connection: WireVpnConnection;
}

/** Reads a JSON file of at most `limit` bytes that must hold an array of at most `maxEntries`. */
function readJsonArray(file: string, what: string, limit: number, maxEntries: number): unknown[] {
    let text: string;
    try {
        // Bounded: a regular file of at most `limit` bytes (a FIFO or a device is refused, not waited on).
        text = readRegularFile(file, limit);
    } catch (e) {
        if (!(e instanceof FileReadRefusedError)) throw e;
        throw new RangeError(`cannot read the ${what} "${file}": ${e.reason}`, { cause: e });
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        throw new RangeError(`the ${what} "${file}" is not JSON: ${(e as Error).message}`, { cause: e });
    }
    if (!Array.isArray(parsed)) throw new RangeError(`the ${what} "${file}" must hold a JSON array`);
    if (parsed.length > maxEntries) {
        throw new RangeError(`the ${what} "${file}" has ${parsed.length} entries, more than ${maxEntries}`);
    }
    return parsed as unknown[];
}

/**
 * Reads a fixtures file.
 *
 * @param file - its path.
 * @param regions - the region ids the emulator knows.
 * @returns its connections, by region.
 * @throws RangeError naming the file, the entry and the field.
 */
export function loadFixturesFile(file: string, regions: readonly string[]): FixtureEntry[] {
    return readJsonArray(file, "fixtures file", MAX_FIXTURES_FILE_BYTES, MAX_ADMIN_CONNECTIONS).map(
        (entry, i) => {
            const where = `${file}[${i}]`;
            if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
                throw new RangeError(`${where} must be {"regionId": …, "connection": {…}}`);
            }
            const { regionId, connection } = entry as { regionId?: unknown; connection?: unknown };
            if (typeof regionId !== "string" || !regions.includes(regionId)) {
                throw new RangeError(`${where}.regionId must be a region id the emulator knows`);
            }
            return { regionId, connection: parseWireConnection(connection, `${where}.connection`) };
        },
    );
}

/**
 * Reads a fault spec file.
 *
 * @param file - its path.
 * @returns its faults, in order (the first matching one wins).
 * @throws RangeError naming the file, the entry and the field.
 */
export function loadFaultsFile(file: string): Fault[] {
    return readJsonArray(file, "fault spec file", MAX_FAULTS_FILE_BYTES, MAX_FAULTS).map((entry, i) =>
        parseFault(entry, `${file}[${i}]`),
    );
}
