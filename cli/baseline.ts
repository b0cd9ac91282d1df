/**
 * Baselines: what `alicloud-vpn snapshot` records and `alicloud-vpn drift` compares with. A baseline is
 * a JSON file holding, for each connection, every non-secret output except runtime status, and a salted
 * fingerprint of each secret (see `provider/fingerprint.ts`); never a key. It is written atomically
 * (a temporary file in the same folder, then a rename; see `files.ts` for the file's mode and the size
 * limit of a read), and read back strictly: a file that is not
 * JSON, of another `schemaVersion`, missing a field, or with a fingerprint or salt not in the format
 * written is refused, naming what is wrong.
 *
 * Format, version 1:
 *
 * ```json
 * {
 *   "schemaVersion": 1,
 *   "kind": "alicloud-vpn/baseline",
 *   "createdAt": "2026-05-01T02:00:00.000Z",
 *   "tool": { "name": "pulumi-alicloud-vpn", "version": "0.1.0" },
 *   "scope": { "regionId": "cn-hangzhou", "all": true, "filters": { "vpnGatewayId": "vpn-…" } },
 *   "fingerprint": { "algorithm": "HMAC-SHA256", "salt": "<32 bytes, base64>" },
 *   "connections": [
 *     {
 *       "vpnConnectionId": "vco-…",
 *       "regionId": "cn-hangzhou",
 *       "connection": { "name": "…", "ikeConfig": { "ikeEncAlg": "aes256" }, "…": "…" },
 *       "secrets": { "psk": "hmac-sha256:<64 hex>", "tunnelPsks": { "tun-…": "hmac-sha256:…" } }
 *     }
 *   ]
 * }
 * ```
 *
 * @packageDocumentation
 */
import type { VpnConnectionInfo, VpnConnectionRecord } from "../sdk/types";
import {
    type ComparableConnection,
    FINGERPRINT_ALGORITHM,
    type SecretFingerprints,
    fingerprintSecrets,
    isFingerprint,
    isFingerprintSalt,
    newFingerprintSalt,
    stripRuntimeStatus,
    validateExpectation,
} from "../provider/drift";
import { VpcInvalidInputError } from "../provider/errors";
import { VALIDATORS } from "../provider/validate";
import type { ListFilters } from "./context";
import { FLEET_READS, type FleetRead } from "./fleet-read";
import { jsonProblem, readInputFile, shownPath } from "./files";

/** The baseline format this version writes and reads. */
export const BASELINE_SCHEMA_VERSION = 1;

/** The `kind` of a baseline file, so another JSON file given by mistake is recognized as such. */
export const BASELINE_KIND = "alicloud-vpn/baseline";

/** Which connections a baseline covers. */
export interface BaselineScope {
    /** `true` when the snapshot took every connection of a region (`snapshot --all`). */
    all: boolean;
    /** The region listed, with `all`. */
    regionId?: string;
    /** The filters of the listing, with `all`. */
    filters?: ListFilters;
    /**
     * How the connections were read, with `all`: `list` (the list API's pages, which lack
     * `zoneNo` and `vpnBgpConfig.enableBgp`) or `by-id` (`--full-read`).
     * @default "by-id": baselines written before the list path read every connection by id
     */
    read?: FleetRead;
}

/** One connection of a baseline. */
export interface BaselineConnection {
    /** The connection id. */
    vpnConnectionId: string;
    /** Its region. */
    regionId: string;
    /** Every non-secret output except runtime status. */
    connection: ComparableConnection;
    /** The fingerprint of each secret the connection had. */
    secrets: SecretFingerprints;
}

/** A baseline file. */
export interface Baseline {
    /** {@link BASELINE_SCHEMA_VERSION}. */
    schemaVersion: typeof BASELINE_SCHEMA_VERSION;
    /** {@link BASELINE_KIND}. */
    kind: typeof BASELINE_KIND;
    /** When the snapshot was taken, ISO 8601. */
    createdAt: string;
    /** What wrote it. */
    tool: { name: string; version: string };
    /** Which connections it covers. */
    scope: BaselineScope;
    /** How secrets are fingerprinted, and the salt of this baseline. */
    fingerprint: { algorithm: typeof FINGERPRINT_ALGORITHM; salt: string };
    /** The connections, by id. */
    connections: BaselineConnection[];
}

/**
 * Builds a baseline from connections just read, with a new random salt.
 *
 * @param records - the connections (each with its secrets, which only their fingerprints leave).
 * @param scope - what was snapshotted.
 * @param meta - when, and by which version.
 * @returns the baseline, connections sorted by id so that files diff well.
 */
export function buildBaseline(
    records: readonly VpnConnectionRecord[],
    scope: BaselineScope,
    meta: { createdAt: Date; version: string },
): Baseline {
    const salt = newFingerprintSalt();
    const connections = records
        .map((r) => ({
            vpnConnectionId: r.connection.vpnConnectionId,
            regionId: r.connection.regionId,
            connection: stripRuntimeStatus<VpnConnectionInfo>(r.connection),
            secrets: fingerprintSecrets(salt, r.connection.vpnConnectionId, r.secrets),
        }))
        .sort((a, b) =>
            a.vpnConnectionId < b.vpnConnectionId ? -1 : a.vpnConnectionId > b.vpnConnectionId ? 1 : 0,
        );
    return {
        schemaVersion: BASELINE_SCHEMA_VERSION,
        kind: BASELINE_KIND,
        createdAt: meta.createdAt.toISOString(),
        tool: { name: "pulumi-alicloud-vpn", version: meta.version },
        scope,
        fingerprint: { algorithm: FINGERPRINT_ALGORITHM, salt },
        connections,
    };
}

/** Serializes a baseline: 2-space JSON with a final newline. */
export function serializeBaseline(baseline: Baseline): string {
    return `${JSON.stringify(baseline, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Reading

type Obj = Record<string, unknown>;

class BaselineReader {
    constructor(private readonly name: string) {}

    fail(where: string, problem: string): never {
        throw new VpcInvalidInputError(
            "--baseline",
            `${this.name}${where ? ` at ${where}` : ""}: ${problem}; take a new one with alicloud-vpn snapshot`,
        );
    }

    obj(value: unknown, where: string): Obj {
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            this.fail(where, "expected an object");
        }
        return value as Obj;
    }

    str(o: Obj, key: string, where: string): string {
        const v = o[key];
        if (typeof v !== "string" || v === "") this.fail(`${where}${key}`, "expected a non-empty string");
        return v;
    }
}

/**
 * Parses and checks a baseline's text.
 *
 * @param text - the file's content.
 * @param name - the file's name for messages.
 * @returns the baseline.
 * @throws VpcInvalidInputError (argument `--baseline`) saying what is wrong and where.
 */
export function parseBaseline(text: string, name: string): Baseline {
    const r: BaselineReader = new BaselineReader(name);
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (e) {
        r.fail("", jsonProblem(e));
    }
    const root = r.obj(data, "");
    if (root.kind !== BASELINE_KIND) {
        r.fail("", `not a baseline of alicloud-vpn snapshot ("kind" is not "${BASELINE_KIND}")`);
    }
    if (root.schemaVersion !== BASELINE_SCHEMA_VERSION) {
        const given = typeof root.schemaVersion === "number" ? String(root.schemaVersion) : "missing";
        r.fail(
            "",
            `schemaVersion is ${given}; this version of alicloud-vpn reads version ${BASELINE_SCHEMA_VERSION}`,
        );
    }
    const createdAt = r.str(root, "createdAt", "");
    if (Number.isNaN(Date.parse(createdAt))) r.fail("createdAt", "expected an ISO 8601 time");
    const tool = r.obj(root.tool, "tool");
    const fingerprint = r.obj(root.fingerprint, "fingerprint");
    if (fingerprint.algorithm !== FINGERPRINT_ALGORITHM) {
        r.fail("fingerprint.algorithm", `expected "${FINGERPRINT_ALGORITHM}"`);
    }
    if (!isFingerprintSalt(fingerprint.salt)) {
        r.fail("fingerprint.salt", "expected 32 bytes in base64, as snapshot writes it");
    }
    const scope = parseScope(r, root.scope);
    if (!Array.isArray(root.connections)) r.fail("connections", "expected a list");
    const seen = new Set<string>();
    const connections = root.connections.map((item: unknown, i: number) => {
        const where = `connections[${i}]`;
        const c = r.obj(item, where);
        const id = r.str(c, "vpnConnectionId", `${where}.`);
        const regionId = r.str(c, "regionId", `${where}.`);
        try {
            VALIDATORS.vpnConnectionId(id, "vpnConnectionId");
            VALIDATORS.regionId(regionId, "regionId");
        } catch (e) {
            r.fail(where, (e as Error).message);
        }
        if (seen.has(id)) r.fail(where, `${id} is listed twice`);
        seen.add(id);
        let model: Obj = r.obj(c.connection, `${where}.connection`);
        try {
            // The same check as an expectation's: only outputs, no secret, each of its type.
            model = validateExpectation(model, `${where}.connection`) as Obj;
        } catch (e) {
            r.fail("", (e as Error).message.replace(/^invalid /, ""));
        }
        if (model.vpnConnectionId !== id || model.regionId !== regionId) {
            r.fail(`${where}.connection`, "its vpnConnectionId and regionId differ from the entry's");
        }
        if (
            !Array.isArray(model.localSubnets) ||
            !Array.isArray(model.remoteSubnets) ||
            typeof model.tags !== "object"
        ) {
            r.fail(
                `${where}.connection`,
                "expected localSubnets, remoteSubnets and tags, as snapshot writes them",
            );
        }
        return {
            vpnConnectionId: id,
            regionId,
            connection: model as unknown as ComparableConnection,
            secrets: parseSecrets(r, c.secrets, `${where}.secrets`),
        };
    });
    return {
        schemaVersion: BASELINE_SCHEMA_VERSION,
        kind: BASELINE_KIND,
        createdAt,
        tool: { name: r.str(tool, "name", "tool."), version: r.str(tool, "version", "tool.") },
        scope,
        fingerprint: { algorithm: FINGERPRINT_ALGORITHM, salt: fingerprint.salt },
        connections,
    };
}

function parseScope(r: BaselineReader, value: unknown): BaselineScope {
    const scope = r.obj(value, "scope");
    if (typeof scope.all !== "boolean") r.fail("scope.all", "expected true or false");
    if (!scope.all) return { all: false };
    const regionId = r.str(scope, "regionId", "scope.");
    try {
        VALIDATORS.regionId(regionId, "regionId");
    } catch (e) {
        r.fail("scope", (e as Error).message);
    }
    const filters: ListFilters = {};
    if (scope.filters !== undefined) {
        const f = r.obj(scope.filters, "scope.filters");
        for (const key of Object.keys(f)) {
            if (key !== "vpnGatewayId" && key !== "customerGatewayId" && key !== "nameRegex") {
                r.fail(`scope.filters.${key}`, "not a filter of alicloud-vpn");
            }
            filters[key] = r.str(f, key, "scope.filters.");
        }
    }
    let read: FleetRead = "by-id";
    if (scope.read !== undefined) {
        if (!FLEET_READS.includes(scope.read as FleetRead)) {
            r.fail("scope.read", `expected ${FLEET_READS.map((m) => `"${m}"`).join(" or ")}`);
        }
        read = scope.read as FleetRead;
    }
    return { all: true, regionId, filters, read };
}

function parseSecrets(r: BaselineReader, value: unknown, where: string): SecretFingerprints {
    const o = r.obj(value, where);
    const out: SecretFingerprints = {};
    const check = (v: unknown, at: string): string => {
        if (!isFingerprint(v)) {
            r.fail(at, 'expected a fingerprint "hmac-sha256:" and 64 lowercase hex digits');
        }
        return v;
    };
    for (const key of Object.keys(o)) {
        if (key === "psk" || key === "bgpAuthKey") out[key] = check(o[key], `${where}.${key}`);
        else if (key === "tunnelPsks") {
            const tunnels = r.obj(o.tunnelPsks, `${where}.tunnelPsks`);
            const checked: Record<string, string> = {};
            for (const tunnelId of Object.keys(tunnels)) {
                Object.defineProperty(checked, tunnelId, {
                    value: check(tunnels[tunnelId], `${where}.tunnelPsks.${tunnelId}`),
                    enumerable: true,
                    writable: true,
                    configurable: true,
                });
            }
            out.tunnelPsks = checked;
        } else r.fail(`${where}.${key}`, "not a secret of a VPN connection");
    }
    return out;
}

/**
 * Reads and checks a baseline file.
 *
 * @param file - its path.
 * @returns the baseline, and the text it was parsed from (read once: SARIF quotes its lines).
 * @throws VpcInvalidInputError (argument `--baseline`) when it cannot be read, is not a regular file of
 *   at most `MAX_INPUT_FILE_BYTES`, or is not a valid baseline.
 */
export function readBaseline(file: string): { baseline: Baseline; text: string } {
    const text = readInputFile(file, "--baseline");
    return { baseline: parseBaseline(text, shownPath(file)), text };
}
