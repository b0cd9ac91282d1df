/**
 * The planning of `alicloud-vpn drift`, as pure functions over what the files and flags say and what a
 * listing returned, with no I/O: which region connections without one of their own are in, which
 * connections to read, which region to list with `--all`, and which connections are new or deleted
 * ({@link planDrift}, {@link reconcileListing}); and the differences of one connection read
 * ({@link driftOf}). The command (`commands/drift.ts`) does the reading and the printing.
 *
 * @packageDocumentation
 */
import type { VpnConnectionRecord } from "../sdk/types";
import {
    RUNTIME_STATUS_PATHS,
    compareExpectation,
    compareFingerprints,
    compareSnapshot,
    filterDrift,
    fingerprintSecrets,
    type VpnConnectionExpectation,
} from "../provider/drift";
import { VpcInvalidInputError } from "../provider/errors";
import type { Baseline, BaselineConnection } from "./baseline";
import type { ListFilters } from "./context";
import type { ExpectationFile } from "./expectations";
import type { ReportDrift } from "./report";

/** A connection to check: its id, its region, and its baseline entry when the baseline has one. */
export interface DriftTarget {
    /** The connection. */
    vpnConnectionId: string;
    /** Its region: the baseline's record of it, else the default region of {@link planDrift}. */
    regionId: string;
    /** Its baseline entry, if any. */
    base?: BaselineConnection;
}

/** What {@link planDrift} plans from. */
export interface DriftPlanInput {
    /** The baseline read, if `--baseline` was given. */
    baseline?: Baseline;
    /** The expectation file read, if `--expect` was given. */
    expectations?: ExpectationFile;
    /** `--all`. */
    all: boolean;
    /** `--region`, when given. */
    region?: string;
    /**
     * The command's region: `--region`, else the region variables. Called only when a region is needed
     * and the baseline does not give one; throws (listing every source) when none is set.
     */
    commandRegion: () => string;
}

/** What {@link planDrift} decided. */
export interface DriftPlan {
    /** The connections to read: the baseline's, then those the expectations name by id, each once. */
    targets: DriftTarget[];
    /** With `--all`: the region to list and the filters to list it with. */
    list?: { regionId: string; filters: ListFilters };
}

/**
 * Plans a drift check. A connection without a region of its own (one the expectation file names by id
 * only) is in `--region`, else the baseline's one region (when all its connections and its `--all`
 * scope agree on one), else the region variables. With `--all`, the region listed is the one the
 * baseline's `--all` scope covered (with its filters), which `--region` may not contradict; else the
 * default region.
 *
 * @param input - the files and flags.
 * @returns the plan.
 * @throws VpcInvalidInputError when `--region` contradicts the baseline's scope, or when without `--all`
 *   there is no connection to check (an expectation file with `"*"` only).
 */
export function planDrift(input: DriftPlanInput): DriftPlan {
    const { baseline, expectations } = input;
    const baselineRegions = new Set(baseline?.connections.map((c) => c.regionId) ?? []);
    if (baseline?.scope.all && baseline.scope.regionId) baselineRegions.add(baseline.scope.regionId);
    const defaultRegion = (): string =>
        input.region === undefined && baselineRegions.size === 1
            ? [...baselineRegions][0]!
            : input.commandRegion();

    const targets = new Map<string, DriftTarget>();
    for (const c of baseline?.connections ?? []) {
        targets.set(c.vpnConnectionId, { vpnConnectionId: c.vpnConnectionId, regionId: c.regionId, base: c });
    }
    for (const id of expectations?.byId.keys() ?? []) {
        if (!targets.has(id)) targets.set(id, { vpnConnectionId: id, regionId: defaultRegion() });
    }

    if (!input.all) {
        if (targets.size === 0) {
            throw new VpcInvalidInputError(
                "--expect",
                'the expectation file names no connection, only "*": add --all to check every connection of the region',
            );
        }
        return { targets: [...targets.values()] };
    }
    if (baseline?.scope.all && baseline.scope.regionId !== undefined) {
        const regionId = baseline.scope.regionId;
        if (input.region !== undefined && input.region !== regionId) {
            throw new VpcInvalidInputError(
                "--region",
                `the baseline covers every connection of ${regionId}; --region ${input.region} disagrees`,
            );
        }
        return { targets: [...targets.values()], list: { regionId, filters: baseline.scope.filters ?? {} } };
    }
    return { targets: [...targets.values()], list: { regionId: defaultRegion(), filters: {} } };
}

/** What a listing of the region says about the plan's connections. */
export interface ListingOutcome {
    /** Connections of the plan in the listed region that the listing lacks: deleted. */
    deleted: DriftTarget[];
    /** Connections listed that the baseline lacks: new (only with a baseline). */
    added: VpnConnectionRecord[];
    /**
     * Connections listed that the plan lacks, when there is no baseline: to check against the
     * expectation file's `"*"`.
     */
    more: DriftTarget[];
}

/**
 * Compares the plan's connections with the listing of its region (`--all`).
 *
 * @param targets - the plan's connections.
 * @param regionId - the region listed.
 * @param listed - what the listing returned.
 * @param hasBaseline - whether a baseline was given: a connection it lacks is new; without one, every
 *   connection listed is checked against the expectations.
 * @returns the deleted, new and further connections, each in the order of `targets` or of the listing.
 */
export function reconcileListing(
    targets: readonly DriftTarget[],
    regionId: string,
    listed: readonly VpnConnectionRecord[],
    hasBaseline: boolean,
): ListingOutcome {
    const listedIds = new Set(listed.map((r) => r.connection.vpnConnectionId));
    const targetIds = new Set(targets.map((t) => t.vpnConnectionId));
    const deleted = targets.filter((t) => t.regionId === regionId && !listedIds.has(t.vpnConnectionId));
    const unknown = listed.filter((r) => !targetIds.has(r.connection.vpnConnectionId));
    return hasBaseline
        ? { deleted, added: unknown, more: [] }
        : {
              deleted,
              added: [],
              more: unknown.map((r) => ({ vpnConnectionId: r.connection.vpnConnectionId, regionId })),
          };
}

/**
 * Compares one live connection with its baseline entry and expectation.
 *
 * @param live - the connection read now.
 * @param base - its baseline entry, if any.
 * @param baseline - the baseline (for the salt).
 * @param expectation - its expectation, if any.
 * @param ignore - paths to leave out.
 * @returns the differences: baseline values, then secrets, then the expectation.
 */
export function driftOf(
    live: VpnConnectionRecord,
    base: BaselineConnection | undefined,
    baseline: Baseline | undefined,
    expectation: VpnConnectionExpectation | undefined,
    ignore: readonly string[],
): ReportDrift[] {
    const out: ReportDrift[] = [];
    if (base !== undefined && baseline !== undefined) {
        for (const e of compareSnapshot(base.connection, live.connection, [
            ...RUNTIME_STATUS_PATHS,
            ...ignore,
        ])) {
            out.push({ kind: "value", source: "baseline", ...e });
        }
        const now = fingerprintSecrets(
            baseline.fingerprint.salt,
            live.connection.vpnConnectionId,
            live.secrets,
        );
        for (const c of filterDrift(compareFingerprints(base.secrets, now), ignore)) {
            out.push({ kind: "secret", source: "baseline", ...c });
        }
    }
    if (expectation !== undefined) {
        for (const e of filterDrift(compareExpectation(expectation, live.connection), ignore)) {
            out.push({ kind: "value", source: "expectation", ...e });
        }
    }
    return out;
}
