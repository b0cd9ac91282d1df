/**
 * A local Alibaba Cloud VPC API (version 2016-04-28) for DescribeVpnConnection and DescribeVpnConnections,
 * served over HTTP on loopback so that unchanged clients can call it: `@alicloud/pop-core` (signature
 * V1) and Alibaba's official SDKs with their defaults (signature V3). It is as strict as the real
 * gateway: common parameters, access keys, STS tokens, signatures V1 and V3, timestamps, nonces, API
 * version, action, per-key quota and region are all checked, in the gateway's order, with the real
 * error codes, statuses and wording.
 *
 * This module runs the pipeline and holds the state; each stage is its own module: `http.ts` (reading
 * and writing HTTP), `gateway.ts` (the gateway's checks), `signature.ts` and `signature-v3.ts` (the two
 * signatures), `faults.ts` (injected faults), `actions.ts` (the two actions) and `admin.ts` (control
 * from outside the process, under `/_emulator`).
 *
 * @packageDocumentation
 */

import { randomBytes, randomUUID } from "node:crypto";
import {
    createServer,
    type IncomingHttpHeaders,
    type IncomingMessage,
    type Server,
    type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";

import type { WireVpnConnection } from "../provider/wire";
import { ACTIONS, SUPPORTED_ACTIONS } from "./actions";
import { EmulatorApiError, errorBody } from "./errors";
import { ADMIN_PATH_PREFIX, AdminApi, isAdminPath } from "./admin";
import { type Fault, type FaultKind, FaultRegistry, type RegisteredFault, applyFault } from "./faults";
import { fixtureConnections, VALID_REGION_IDS } from "./fixtures";
import { type EmulatorCredential, Gateway, type SignedRequestParts } from "./gateway";
import {
    BodyTooLargeError,
    collectParams,
    type Outcome,
    param,
    readRawBody,
    writeJson,
    writeOutcome,
} from "./http";
import { DEFAULT_QUOTA, type QuotaOptions } from "./quota";
import { parseAuthorizationV3 } from "./signature-v3";
import { ConnectionStore } from "./store";

export type { EmulatorCredential } from "./gateway";

/**
 * The access key the emulator accepts by default. Test-only values, documented so examples, tests and
 * the CLI can use them; they grant nothing anywhere else, so printing them is harmless.
 */
export const DEFAULT_TEST_CREDENTIALS: Readonly<{ accessKeyId: string; accessKeySecret: string }> =
    Object.freeze({
        accessKeyId: "LTAI5tEmulatorTestKeyId",
        accessKeySecret: "EmulatorTestSecretNotForProduction",
    });

/** Options of {@link VpcEmulator.start}. */
export interface EmulatorOptions {
    /** Interface to listen on. @default "127.0.0.1" (loopback only: the emulator is for local tests) */
    host?: string;
    /** Port to listen on. @default 0 (a free port, so parallel test files never collide) */
    port?: number;
    /** Access keys accepted. @default [DEFAULT_TEST_CREDENTIALS] */
    credentials?: EmulatorCredential[];
    /**
     * Flow control per access key id, region and action.
     * @default { limit: 600, windowMs: 60000 } (the documented quota of both APIs)
     */
    quota?: QuotaOptions;
    /** Load the fixture connections (see `fixtures.ts`). @default true */
    seed?: boolean;
    /**
     * Delay before every answer, throttling and errors included, in milliseconds: the round trip to a
     * real endpoint, for benchmarks and demos. Injected `latency` faults add to it.
     * @default 0
     */
    latencyMs?: number;
    /**
     * The emulator's clock, for timestamp checks, nonce expiry and the quota window; tests pass a fake
     * one to move time without sleeping. @default Date.now
     */
    now?: () => number;
    /** Region ids that exist. @default VALID_REGION_IDS (27 real regions) */
    regions?: readonly string[];
    /**
     * Serve the admin interface under `/_emulator` (see `admin.ts`): control from outside the process.
     * @default true (it needs {@link EmulatorOptions.adminToken}, so it is closed to whoever lacks it)
     */
    admin?: boolean;
    /**
     * The token the admin interface requires (`Authorization: Bearer <token>`), at least 8 characters.
     * @default a random 32-character token, readable as {@link VpcEmulator.adminToken}
     */
    adminToken?: string;
}

/** What the emulator saw of one request and how it answered, for assertions. */
export interface EmulatorRequestRecord {
    /** HTTP method, e.g. `GET` or `POST`. */
    readonly method: string;
    /** URL path, e.g. `/`. */
    readonly path: string;
    /** The request target exactly as received (path and query): with GET it carries every parameter. */
    readonly rawUrl: string;
    /** Whether the request had a body (POST form). */
    readonly hadBody: boolean;
    /** The `Action` parameter (signature V3: the `x-acs-action` header), if any. */
    readonly action: string | undefined;
    /** The `RegionId` parameter, if any. */
    readonly regionId: string | undefined;
    /** The `VpnConnectionId` parameter, if any. */
    readonly vpnConnectionId: string | undefined;
    /** The `AccessKeyId` parameter (signature V3: the `Credential` of `Authorization`), if any. */
    readonly accessKeyId: string | undefined;
    /** HTTP status sent; 0 when no response was sent (hang, reset, oversized or aborted request). */
    readonly status: number;
    /** Error code sent, if the response was an Alibaba error. */
    readonly code: string | undefined;
    /** The RequestId the emulator assigned. */
    readonly requestId: string;
    /** The injected fault that answered or delayed the request, if any. */
    readonly fault: FaultKind | undefined;
}

/** A header as one string, for the request record. */
function headerText(headers: IncomingHttpHeaders | undefined, name: string): string | undefined {
    const v = headers?.[name];
    return Array.isArray(v) ? v[0] : v;
}

/** The AccessKey ID of a signature V3 request (`Credential=` of its `Authorization`), for the request record. */
function credentialOf(headers: IncomingHttpHeaders | undefined): string | undefined {
    const auth = headerText(headers, "authorization");
    return auth === undefined ? undefined : parseAuthorizationV3(auth)?.accessKeyId;
}

/** A new RequestId, formatted like Alibaba's (an uppercase UUID). */
export function newRequestId(): string {
    return randomUUID().toUpperCase();
}

/** The most request records an emulator keeps (the oldest go first). */
export const MAX_REQUEST_RECORDS = 10_000;

/**
 * The emulator. Start it with {@link VpcEmulator.start}, point an RPC client at {@link VpcEmulator.endpoint},
 * and {@link VpcEmulator.stop} it when done.
 *
 * Fault injection and quota: faults are matched after the request passed every gateway check and took
 * its slot in the quota, so tests exercise real signing and an exhausted quota still answers
 * `Throttling.User` before any fault. A fault that answers instead of the action (every kind but
 * `latency`) gives its quota slot back, so injected failures never make later real calls throttled; a
 * `latency` fault keeps it, since the call is then answered normally.
 *
 * Responses are always JSON (pop-core always asks for `Format=JSON`; the XML format is not emulated).
 *
 * @example
 * ```ts
 * const emulator = await VpcEmulator.start();
 * const client = new RPCClient({ ...DEFAULT_TEST_CREDENTIALS, endpoint: emulator.endpoint, apiVersion: "2016-04-28" });
 * const body = await client.request("DescribeVpnConnection", { RegionId: "cn-hangzhou", VpnConnectionId: FIXTURE_IDS.singleTunnel });
 * await emulator.stop();
 * ```
 */
export class VpcEmulator {
    /** Base URL of the emulator, e.g. `http://127.0.0.1:8787`, for the RPC client's `endpoint`. */
    readonly endpoint: string;
    /** The port listened on. */
    readonly port: number;
    /** Base URL of the admin interface, e.g. `http://127.0.0.1:8787/_emulator`; `undefined` when it is off. */
    readonly adminUrl: string | undefined;
    /** The admin interface's token; `undefined` when it is off. */
    readonly adminToken: string | undefined;

    private readonly store = new ConnectionStore();
    private readonly faults = new FaultRegistry();
    private readonly gateway: Gateway;
    private readonly records: EmulatorRequestRecord[] = [];
    private readonly sockets = new Set<Socket>();
    private readonly timers = new Set<NodeJS.Timeout>();
    private readonly wakers = new Set<() => void>();
    private stopped = false;
    private inFlightCount = 0;
    private readonly latencyMs: number;
    private readonly admin: AdminApi | undefined;

    private constructor(
        private readonly server: Server,
        host: string,
        port: number,
        options: EmulatorOptions,
    ) {
        this.port = port;
        this.endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
        this.latencyMs = options.latencyMs ?? 0;
        if (options.admin ?? true) {
            this.adminToken = options.adminToken ?? randomBytes(16).toString("hex");
            this.admin = new AdminApi(this, this.adminToken);
            this.adminUrl = `${this.endpoint}${ADMIN_PATH_PREFIX}`;
        } else {
            this.adminToken = undefined;
            this.admin = undefined;
            this.adminUrl = undefined;
        }
        this.gateway = new Gateway({
            credentials: options.credentials ?? [DEFAULT_TEST_CREDENTIALS],
            regions: options.regions ?? VALID_REGION_IDS,
            actions: SUPPORTED_ACTIONS,
            quota: options.quota ?? DEFAULT_QUOTA,
            now: options.now ?? Date.now,
        });
        if (options.seed ?? true) {
            for (const { regionId, connection } of fixtureConnections()) {
                this.putConnection(regionId, connection);
            }
        }
        server.on("connection", (socket: Socket) => {
            this.sockets.add(socket);
            socket.on("close", () => this.sockets.delete(socket));
        });
        server.on("request", (req: IncomingMessage, res: ServerResponse) => {
            void this.handle(req, res);
        });
    }

    /**
     * Starts an emulator listening on `options.host`:`options.port` (a free loopback port by default).
     * Resolves once it accepts connections.
     */
    static async start(options: EmulatorOptions = {}): Promise<VpcEmulator> {
        const host = options.host ?? "127.0.0.1";
        const port = options.port ?? 0;
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
            throw new RangeError(`port must be an integer between 0 and 65535, got ${String(port)}`);
        }
        const latency = options.latencyMs ?? 0;
        if (!Number.isFinite(latency) || latency < 0) {
            throw new RangeError(`latencyMs must be a number >= 0, got ${String(latency)}`);
        }
        const server = createServer({ keepAlive: true });
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(port, host, () => {
                server.off("error", reject);
                resolve();
            });
        });
        const address = server.address() as AddressInfo;
        try {
            return new VpcEmulator(server, host, address.port, options);
        } catch (e) {
            server.close();
            throw e;
        }
    }

    /** Stops listening, ends every open connection (hung requests included) and cancels pending delays. */
    async stop(): Promise<void> {
        if (this.stopped) return;
        this.stopped = true;
        for (const t of this.timers) clearTimeout(t);
        this.timers.clear();
        for (const wake of this.wakers) wake();
        this.wakers.clear();
        const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
        this.server.closeAllConnections();
        for (const s of this.sockets) s.destroy();
        await closed;
    }

    /**
     * The requests received, in order: the most recent {@link MAX_REQUEST_RECORDS} (up to a tenth more
     * between trims), so an emulator serving a long benchmark or a fleet does not grow without end.
     */
    get requests(): ReadonlyArray<EmulatorRequestRecord> {
        return this.records;
    }

    /** Forgets the recorded requests. */
    clearRequests(): void {
        this.records.length = 0;
    }

    /** Adds or replaces a connection in a region (deep-copied). Throws for a region the emulator does not know. */
    putConnection(regionId: string, connection: WireVpnConnection): void {
        this.assertRegion(regionId);
        this.store.put(regionId, connection);
    }

    /** Merges `patch` into a stored connection (its id cannot change). Throws if there is no such connection. */
    updateConnection(regionId: string, id: string, patch: Partial<WireVpnConnection>): void {
        const existing = this.store.get(regionId, id);
        if (!existing) throw new Error(`no VPN connection ${id} in region ${regionId}`);
        this.store.put(regionId, { ...existing, ...structuredClone(patch), VpnConnectionId: id });
    }

    /** Removes a connection; `true` if it existed. */
    deleteConnection(regionId: string, id: string): boolean {
        return this.store.delete(regionId, id);
    }

    /** A deep copy of a stored connection (as stored, before shaping for a response), or `undefined`. */
    getConnection(regionId: string, id: string): WireVpnConnection | undefined {
        return this.store.get(regionId, id);
    }

    /** Accepts another access key (replacing one with the same id). */
    addCredential(c: EmulatorCredential): void {
        this.gateway.addCredential(c);
    }

    /** How many connections are stored, in every region. */
    get connectionCount(): number {
        return this.store.size;
    }

    /**
     * Injects a fault (see {@link Fault}); the first matching fault wins. Returns its id and a handle that
     * removes it. At most `MAX_FAULTS` are registered at once.
     */
    injectFault(fault: Fault): { id: string; remove(): void } {
        return this.faults.add(fault);
    }

    /** Removes the fault `id`; `true` if it was registered. */
    removeFault(id: string): boolean {
        return this.faults.remove(id);
    }

    /** The registered faults, in matching order, with how many requests each still answers. */
    listFaults(): RegisteredFault[] {
        return this.faults.list();
    }

    /** Removes every injected fault. */
    clearFaults(): void {
        this.faults.clear();
    }

    /** Empties every quota window. */
    resetQuota(): void {
        this.gateway.resetQuota();
    }

    private assertRegion(regionId: string): void {
        if (!this.gateway.hasRegion(regionId)) {
            throw new RangeError(
                `unknown region "${regionId}": pass it in EmulatorOptions.regions to use it`,
            );
        }
    }

    /**
     * How many requests are being read, checked or delayed right now. Hung requests are parked, not
     * counted. Lets tests wait until the emulator holds a request without sleeping.
     */
    get inFlight(): number {
        return this.inFlightCount;
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        this.inFlightCount += 1;
        try {
            await this.answer(req, res);
        } catch {
            // Only an emulator bug gets here; drop the connection rather than crash the test process.
            req.socket.destroy();
        } finally {
            this.inFlightCount -= 1;
        }
    }

    private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const requestId = newRequestId();
        const rawUrl = req.url ?? "/";
        const method = (req.method ?? "").toUpperCase();
        let url: URL;
        try {
            url = new URL(rawUrl, "http://emulator.invalid");
        } catch {
            url = new URL("http://emulator.invalid/");
        }
        if (this.admin && isAdminPath(url.pathname)) {
            await this.admin.handle(req, res, url);
            return;
        }
        let raw: Buffer;
        try {
            raw = await readRawBody(req);
        } catch (e) {
            const tooLarge = e instanceof BodyTooLargeError && !req.socket.destroyed;
            if (tooLarge) {
                const body = errorBody(requestId, "InvalidParameter", e.message);
                writeJson(res, requestId, 413, body, { connection: "close" });
            } else {
                req.socket.destroy();
            }
            const status = tooLarge ? 413 : 0;
            const code = tooLarge ? "InvalidParameter" : undefined;
            this.record({ method, rawUrl, url, hadBody: true, params: {}, requestId, status, code });
            return;
        }
        const params = collectParams(url, req, raw.toString("utf8"));
        const signed: SignedRequestParts = { headers: req.headers, query: url.searchParams, body: raw };
        const base = {
            method,
            rawUrl,
            url,
            hadBody: raw.length > 0,
            params,
            requestId,
            headers: req.headers,
        };
        const matched: { fault?: Fault } = {};
        let outcome: Outcome;
        try {
            outcome = await this.process(method, url.pathname, params, signed, requestId, matched);
        } catch (e) {
            const err =
                e instanceof EmulatorApiError
                    ? e
                    : new EmulatorApiError("InternalError", `emulator failure: ${(e as Error).message}`);
            // The error body's HostId names the region's host only for a region that exists.
            const regionId = param(params, "RegionId");
            outcome = {
                kind: "json",
                status: err.httpStatus,
                body: errorBody(
                    requestId,
                    err.code,
                    err.message,
                    this.gateway.hasRegion(regionId) ? regionId : undefined,
                ),
                headers: { ...err.headers },
                code: err.code,
            };
        }
        const fault = matched.fault;
        if (this.latencyMs > 0 && !this.stopped) await this.delay(this.latencyMs);
        if (this.stopped) {
            req.socket.destroy();
            this.record({ ...base, status: 0, fault: fault?.kind });
            return;
        }
        const status = writeOutcome(req, res, requestId, outcome);
        this.record({
            ...base,
            status,
            code: outcome.kind === "json" ? outcome.code : undefined,
            fault: fault?.kind,
        });
    }

    private record(r: {
        method: string;
        rawUrl: string;
        url: URL;
        hadBody: boolean;
        params: Record<string, string>;
        headers?: IncomingHttpHeaders;
        requestId: string;
        status: number;
        code?: string;
        fault?: FaultKind;
    }): void {
        this.records.push({
            method: r.method,
            path: r.url.pathname,
            rawUrl: r.rawUrl,
            hadBody: r.hadBody,
            action: r.params["Action"] ?? headerText(r.headers, "x-acs-action"),
            regionId: r.params["RegionId"],
            vpnConnectionId: r.params["VpnConnectionId"],
            accessKeyId: r.params["AccessKeyId"] ?? credentialOf(r.headers),
            status: r.status,
            code: r.code,
            requestId: r.requestId,
            fault: r.fault,
        });
        if (this.records.length > MAX_REQUEST_RECORDS * 1.1) {
            this.records.splice(0, this.records.length - MAX_REQUEST_RECORDS);
        }
    }

    /**
     * The gateway's checks, then an injected fault, then the action.
     *
     * @throws EmulatorApiError for a refusal, an `error` fault or an action's error.
     */
    private async process(
        method: string,
        path: string,
        params: Record<string, string>,
        signed: SignedRequestParts,
        requestId: string,
        matched: { fault?: Fault },
    ): Promise<Outcome> {
        const admitted = this.gateway.admit(method, path, params, signed);
        const fault = this.faults.take({
            action: admitted.action,
            regionId: admitted.regionId,
            vpnConnectionId: param(params, "VpnConnectionId"),
        });
        matched.fault = fault;
        if (fault) {
            // A fault that answers in the action's place gives its quota slot back (see the class comment).
            if (fault.kind !== "latency") this.gateway.refund(admitted);
            const answer = await applyFault(fault, requestId, (ms) => this.delay(ms));
            if (answer) return answer;
        }
        const action = ACTIONS[admitted.action];
        if (!action) throw new EmulatorApiError("InvalidAction.NotFound");
        return { kind: "json", status: 200, body: action(this.store, admitted.regionId, params, requestId) };
    }

    /** Waits `ms`; {@link stop} ends the wait early. */
    private delay(ms: number): Promise<void> {
        return new Promise((resolve) => {
            const timer = setTimeout(() => {
                this.timers.delete(timer);
                this.wakers.delete(resolve);
                resolve();
            }, ms);
            this.timers.add(timer);
            this.wakers.add(resolve);
        });
    }
}
