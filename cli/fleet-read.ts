/**
 * How `snapshot --all` and `drift --all` read the connections of a region. By default from the pages of
 * `DescribeVpnConnections` alone: ceil(M/50) calls for M connections, since a list item carries every
 * output and every key the fingerprints need, except {@link LIST_OMITTED_PATHS}, which are then not
 * compared (and said so in the report). With `--full-read`, each listed connection is read again by id
 * with `DescribeVpnConnection`: M more calls, every output compared.
 *
 * @packageDocumentation
 */
import type { VpnConnectionRecord } from "../sdk/types";
import type { VpnConnectionExpectation } from "../provider/drift";
import { VpcInvalidInputError } from "../provider/errors";
import { LIST_OMITTED_PATHS } from "../provider/list";
import { EVERY_CONNECTION, type ExpectationFile } from "./expectations";

/**
 * How the live connections of a region were read: `list`, from the pages of the list API; `by-id`, each
 * with `DescribeVpnConnection` (every output).
 */
export type FleetRead = "list" | "by-id";

/** Every {@link FleetRead}, for the file formats' checks. */
export const FLEET_READS: readonly FleetRead[] = Object.freeze(["list", "by-id"]);

/** The flag that asks for the read by id of every connection. */
export const FULL_READ_FLAG = "--full-read";

/**
 * How a command with `--all` reads the region.
 *
 * @param fullRead - whether `--full-read` was given.
 * @returns `by-id` with the flag, `list` without.
 */
export function fleetRead(fullRead: boolean | undefined): FleetRead {
    return fullRead === true ? "by-id" : "list";
}

/**
 * The output paths a comparison cannot make: those the list API leaves out, when the live connections
 * or the baseline were read from the list.
 *
 * @param live - how the live connections were read.
 * @param baseline - how the baseline's were, if there is one.
 * @returns the paths, empty when both sides were read by id.
 */
export function notComparedPaths(live: FleetRead, baseline?: FleetRead): string[] {
    return live === "list" || baseline === "list" ? [...LIST_OMITTED_PATHS] : [];
}

function names(expectation: VpnConnectionExpectation, dotted: string): boolean {
    let node: unknown = expectation;
    for (const key of dotted.split(".")) {
        if (typeof node !== "object" || node === null || !Object.prototype.hasOwnProperty.call(node, key)) {
            return false;
        }
        node = (node as Record<string, unknown>)[key];
    }
    return node !== undefined;
}

/**
 * Refuses, before any call, an expectation file that names an output the comparison cannot make: an
 * expectation that could never fail would report a connection in sync without checking it.
 *
 * @param file - the expectations.
 * @param notCompared - from {@link notComparedPaths}.
 * @throws VpcInvalidInputError (argument `--expect`) naming the connection, the path and the way out.
 */
export function checkExpectationsComparable(file: ExpectationFile, notCompared: readonly string[]): void {
    const entries: [string, VpnConnectionExpectation][] = [
        ...(file.shared === undefined
            ? []
            : [[EVERY_CONNECTION, file.shared] as [string, VpnConnectionExpectation]]),
        ...file.byId.entries(),
    ];
    for (const [key, expectation] of entries) {
        const path = notCompared.find((p) => names(expectation, p));
        if (path !== undefined) {
            throw new VpcInvalidInputError(
                "--expect",
                `connections.${key} expects ${path}, which the list API (DescribeVpnConnections) does not return: ` +
                    `add ${FULL_READ_FLAG} to read each connection by id, or leave ${path} out`,
            );
        }
    }
}

/**
 * The live record of each target: the listed one for a target of the listed region, the others read by
 * id (targets of another region, or every target without a listing).
 *
 * @param targets - what to read, each with its region.
 * @param listed - the listing of `listedRegion` by id, when the region was read from the list.
 * @param listedRegion - the region listed.
 * @param readById - reads targets by id, in order; `undefined` for one that is gone.
 * @returns the records in the order of `targets`; `undefined` for one that is gone.
 */
export async function liveRecords<T extends { vpnConnectionId: string; regionId: string }>(
    targets: readonly T[],
    listed: ReadonlyMap<string, VpnConnectionRecord> | undefined,
    listedRegion: string | undefined,
    readById: (targets: readonly T[]) => Promise<Array<VpnConnectionRecord | undefined>>,
): Promise<Array<VpnConnectionRecord | undefined>> {
    const fromList = (t: T): VpnConnectionRecord | undefined =>
        listed !== undefined && t.regionId === listedRegion ? listed.get(t.vpnConnectionId) : undefined;
    const rest = targets.filter((t) => fromList(t) === undefined);
    const read = rest.length === 0 ? [] : await readById(rest);
    const byId = new Map(rest.map((t, i) => [t.vpnConnectionId, read[i]]));
    return targets.map((t) => fromList(t) ?? byId.get(t.vpnConnectionId));
}
