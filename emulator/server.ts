/**
 * A local Alibaba Cloud VPC API (version 2016-04-28) for DescribeVpnConnection and DescribeVpnConnections,
 * served over HTTP on loopback so that unchanged `@alicloud/pop-core` clients can call it. It is as
 * strict as the real gateway: common parameters, access keys, STS tokens, signature v1, timestamps,
 * nonces, API version, action, per-key quota and region are all checked, in the gateway's order, with
 * the real error codes, statuses and wording.
 *
 * @packageDocumentation
 */

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

import {
    VPC_API_VERSION,
    type WireDescribeVpnConnectionResponse,
    type WireDescribeVpnConnectionsResponse,
    type WireVpnConnection,
} from "../provider/wire";
import { EmulatorApiError, errorBody, missingParameterMessage } from "./errors";
import { type Fault, type FaultKind, FaultRegistry } from "./faults";
import { fixtureConnections, VALID_REGION_IDS } from "./fixtures";
import { DEFAULT_QUOTA, type QuotaOptions, SlidingWindowQuota } from "./quota";
import { signaturesEqual, computeSignature, stringToSign } from "./signature";
import { type ConnectionFilter, ConnectionStore, toListItemShape, toSingularShape } from "./store";

/**
 * The access key the emulator accepts by default. Test-only values, documented so examples, tests and
 * the CLI can use them; they grant nothing anywhere else, so printing them is harmless.
 */
export const DEFAULT_TEST_CREDENTIALS: Readonly<{ accessKeyId: string; accessKeySecret: string }> =
    Object.freeze({
        accessKeyId: "LTAI5tEmulatorTestKeyId",
        accessKeySecret: "EmulatorTestSecretNotForProduction",
    });

/** The actions the emulator serves; any other `Action` gets `InvalidAction.NotFound`. */
export const SUPPORTED_ACTIONS: readonly string[] = Object.freeze([
    "DescribeVpnConnection",
    "DescribeVpnConnections",
]);

/** How far a request's `Timestamp` may be from the emulator's clock: the real gateway's 15 minutes. */
export const TIMESTAMP_TOLERANCE_MS = 15 * 60_000;

/** How long a `SignatureNonce` stays used: as long as a timestamp stays valid. */
export const NONCE_TTL_MS = 15 * 60_000;

/** Largest request body read; a bigger one is refused with `InvalidParameter`. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The common parameters every request must carry, in the order the gateway checks them. */
export const REQUIRED_COMMON_PARAMETERS: readonly string[] = Object.freeze([
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "Version",
    "Action",
]);

/** One access key the emulator accepts. */
export interface EmulatorCredential {
    /** The AccessKey ID. */
    accessKeyId: string;
    /** The AccessKey secret the signature is checked with. */
    accessKeySecret: string;
    /**
     * Makes this an STS credential: every request with this key must then carry this `SecurityToken`.
     * @default undefined (a permanent key: a request carrying a `SecurityToken` is refused)
     */
    securityToken?: string;
}

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
     * The emulator's clock, for timestamp checks, nonce expiry and the quota window; tests pass a fake
     * one to move time without sleeping. @default Date.now
     */
    now?: () => number;
    /** Region ids that exist. @default VALID_REGION_IDS (27 real regions) */
    regions?: readonly string[];
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
    /** The `Action` parameter, if any. */
    readonly action: string | undefined;
    /** The `RegionId` parameter, if any. */
    readonly regionId: string | undefined;
    /** The `VpnConnectionId` parameter, if any. */
    readonly vpnConnectionId: string | undefined;
    /** The `AccessKeyId` parameter, if any. */
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

/** A new RequestId, formatted like Alibaba's (an uppercase UUID). */
export function newRequestId(): string {
    return randomUUID().toUpperCase();
}

const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;

/**
 * Parses an RPC `Timestamp` (`YYYY-MM-DDThh:mm:ssZ`, UTC, optional milliseconds) to epoch ms, or
 * `undefined` if it is not one (including impossible dates such as February 30).
 */
export function parseTimestamp(value: string): number | undefined {
    const m = TIMESTAMP_PATTERN.exec(value);
    if (!m) return undefined;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
        number,
        number,
        number,
        number,
        number,
        number,
    ];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(ms);
    const valid =
        back.getUTCFullYear() === y &&
        back.getUTCMonth() === mo - 1 &&
        back.getUTCDate() === d &&
        back.getUTCHours() === h &&
        back.getUTCMinutes() === mi &&
        back.getUTCSeconds() === s;
    return valid ? ms : undefined;
}

/** Parses a positive integer parameter (`PageNumber`, `PageSize`), or `undefined` if it is not one. */
function parsePositiveInteger(value: string): number | undefined {
    if (!/^\d{1,9}$/.test(value)) return undefined;
    const n = Number(value);
    return n >= 1 ? n : undefined;
}

function invalidParameter(name: string, value: string): EmulatorApiError {
    return new EmulatorApiError(
        "InvalidParameter",
        `Specified parameter ${name} is not valid. (value: ${value})`,
    );
}

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) {
                // Stop keeping the body but drain it, so the 413 can still be sent.
                req.removeAllListeners("data");
                req.resume();
                reject(new BodyTooLargeError(`The request body is larger than ${limit} bytes.`));
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

/** Query parameters, then form-body parameters (the body wins on a repeated key). */
function collectParams(url: URL, req: IncomingMessage, body: string): Record<string, string> {
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) if (!(k in params)) params[k] = v;
    const type = (req.headers["content-type"] ?? "").toLowerCase();
    if (body.length > 0 && type.startsWith("application/x-www-form-urlencoded")) {
        const seen = new Set<string>();
        for (const [k, v] of new URLSearchParams(body)) {
            if (seen.has(k)) continue;
            seen.add(k);
            params[k] = v;
        }
    }
    return params;
}

/** A parameter, treating an empty value as absent (as the gateway does). */
function param(params: Readonly<Record<string, string>>, name: string): string | undefined {
    const v = params[name];
    return v === undefined || v === "" ? undefined : v;
}

/** What a load balancer in front of the API sends when the backend fails: HTML, not JSON. */
const BAD_GATEWAY_HTML =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n";

type Outcome =
    | { kind: "json"; status: number; body: object; headers?: Record<string, string>; code?: string }
    | { kind: "raw"; status: number; body: string; contentType?: string }
    | { kind: "hang" }
    | { kind: "reset" };

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

    private readonly store = new ConnectionStore();
    private readonly faults = new FaultRegistry();
    private readonly credentials = new Map<string, EmulatorCredential>();
    private readonly nonces = new Map<string, number>();
    private readonly regions: ReadonlySet<string>;
    private readonly quota: SlidingWindowQuota;
    private readonly now: () => number;
    private readonly records: EmulatorRequestRecord[] = [];
    private readonly sockets = new Set<Socket>();
    private readonly timers = new Set<NodeJS.Timeout>();
    private readonly wakers = new Set<() => void>();
    private stopped = false;
    private inFlightCount = 0;

    private constructor(
        private readonly server: Server,
        host: string,
        port: number,
        options: EmulatorOptions,
    ) {
        this.port = port;
        this.endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
        this.now = options.now ?? Date.now;
        this.regions = new Set(options.regions ?? VALID_REGION_IDS);
        this.quota = new SlidingWindowQuota(options.quota ?? DEFAULT_QUOTA, this.now);
        for (const c of options.credentials ?? [DEFAULT_TEST_CREDENTIALS]) this.addCredential(c);
        if (options.seed ?? true) {
            for (const { regionId, connection } of fixtureConnections())
                this.putConnection(regionId, connection);
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

    /** Every request received so far, in order. */
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
        if (!c.accessKeyId || !c.accessKeySecret) {
            throw new TypeError("credential needs a non-empty accessKeyId and accessKeySecret");
        }
        this.credentials.set(c.accessKeyId, { ...c });
    }

    /** Injects a fault (see {@link Fault}); the first matching fault wins. Returns a handle that removes it. */
    injectFault(fault: Fault): { remove(): void } {
        return this.faults.add(fault);
    }

    /** Removes every injected fault. */
    clearFaults(): void {
        this.faults.clear();
    }

    /** Empties every quota window. */
    resetQuota(): void {
        this.quota.reset();
    }

    /** The region id if it exists, for the error body's HostId. */
    private knownRegion(regionId: string | undefined): string | undefined {
        return regionId !== undefined && this.regions.has(regionId) ? regionId : undefined;
    }

    private assertRegion(regionId: string): void {
        if (!this.regions.has(regionId)) {
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
        let body: string;
        try {
            body = await readBody(req, MAX_BODY_BYTES);
        } catch (e) {
            const tooLarge = e instanceof BodyTooLargeError && !req.socket.destroyed;
            if (tooLarge) {
                const body = errorBody(requestId, "InvalidParameter", e.message);
                this.sendJson(res, requestId, 413, body, { connection: "close" });
            } else {
                req.socket.destroy();
            }
            const status = tooLarge ? 413 : 0;
            const code = tooLarge ? "InvalidParameter" : undefined;
            this.record({ method, rawUrl, url, hadBody: true, params: {}, requestId, status, code });
            return;
        }
        const params = collectParams(url, req, body);
        const base = { method, rawUrl, url, hadBody: body.length > 0, params, requestId };
        const matched: { fault?: Fault } = {};
        let outcome: Outcome;
        try {
            outcome = await this.process(method, url.pathname, params, requestId, matched);
        } catch (e) {
            const err =
                e instanceof EmulatorApiError
                    ? e
                    : new EmulatorApiError("InternalError", `emulator failure: ${(e as Error).message}`);
            outcome = {
                kind: "json",
                status: err.httpStatus,
                body: errorBody(
                    requestId,
                    err.code,
                    err.message,
                    this.knownRegion(param(params, "RegionId")),
                ),
                headers: { ...err.headers },
                code: err.code,
            };
        }
        const fault = matched.fault;
        if (this.stopped) {
            req.socket.destroy();
            this.record({ ...base, status: 0, fault: fault?.kind });
            return;
        }
        switch (outcome.kind) {
            case "hang":
                this.record({ ...base, status: 0, fault: fault?.kind });
                return;
            case "reset":
                req.socket.destroy();
                this.record({ ...base, status: 0, fault: fault?.kind });
                return;
            case "raw":
                res.writeHead(outcome.status, {
                    ...(outcome.contentType ? { "content-type": outcome.contentType } : {}),
                    "content-length": Buffer.byteLength(outcome.body),
                });
                res.end(outcome.body);
                this.record({ ...base, status: outcome.status, fault: fault?.kind });
                return;
            case "json":
                this.sendJson(res, requestId, outcome.status, outcome.body, outcome.headers);
                this.record({ ...base, status: outcome.status, code: outcome.code, fault: fault?.kind });
                return;
        }
    }

    private sendJson(
        res: ServerResponse,
        requestId: string,
        status: number,
        body: object,
        headers: Record<string, string> = {},
    ): void {
        const text = JSON.stringify(body);
        res.writeHead(status, {
            "content-type": "application/json;charset=utf-8",
            "content-length": Buffer.byteLength(text),
            "x-acs-request-id": requestId,
            ...headers,
        });
        res.end(text);
    }

    private record(r: {
        method: string;
        rawUrl: string;
        url: URL;
        hadBody: boolean;
        params: Record<string, string>;
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
            action: r.params["Action"],
            regionId: r.params["RegionId"],
            vpnConnectionId: r.params["VpnConnectionId"],
            accessKeyId: r.params["AccessKeyId"],
            status: r.status,
            code: r.code,
            requestId: r.requestId,
            fault: r.fault,
        });
    }

    /** The gateway's checks, in its order, then faults, then the action. Throws {@link EmulatorApiError}. */
    private async process(
        method: string,
        path: string,
        params: Record<string, string>,
        requestId: string,
        matched: { fault?: Fault },
    ): Promise<Outcome> {
        if (method !== "GET" && method !== "POST") throw new EmulatorApiError("UnsupportedHTTPMethod");
        if (path !== "/") throw new EmulatorApiError("InvalidAction.NotFound");

        for (const name of REQUIRED_COMMON_PARAMETERS) {
            if (param(params, name) === undefined) {
                throw new EmulatorApiError("MissingParameter", missingParameterMessage(name));
            }
        }
        const accessKeyId = params["AccessKeyId"] ?? "";
        const credential = this.credentials.get(accessKeyId);
        if (!credential) throw new EmulatorApiError("InvalidAccessKeyId.NotFound");

        const token = param(params, "SecurityToken");
        if (credential.securityToken !== undefined && token === undefined) {
            throw new EmulatorApiError("InvalidSecurityToken.Malformed");
        }
        if (token !== undefined && token !== credential.securityToken) {
            throw new EmulatorApiError("InvalidSecurityToken.MismatchWithAccessKey");
        }

        if (params["SignatureMethod"] !== "HMAC-SHA1") throw new EmulatorApiError("InvalidSignatureMethod");
        if (params["SignatureVersion"] !== "1.0") throw new EmulatorApiError("IncompleteSignature");
        const serverStringToSign = stringToSign(method, params);
        const expected = computeSignature(serverStringToSign, credential.accessKeySecret);
        if (!signaturesEqual(expected, params["Signature"] ?? "")) {
            throw new EmulatorApiError(
                "SignatureDoesNotMatch",
                `Specified signature is not matched with our calculation. server string to sign is:${serverStringToSign}`,
            );
        }

        const at = this.now();
        const timestamp = parseTimestamp(params["Timestamp"] ?? "");
        if (timestamp === undefined) throw new EmulatorApiError("InvalidTimeStamp.Format");
        if (Math.abs(at - timestamp) > TIMESTAMP_TOLERANCE_MS)
            throw new EmulatorApiError("InvalidTimeStamp.Expired");

        this.pruneNonces(at);
        const nonceKey = `${accessKeyId}\n${params["SignatureNonce"] ?? ""}`;
        if (this.nonces.has(nonceKey)) throw new EmulatorApiError("SignatureNonceUsed");
        this.nonces.set(nonceKey, at);

        if (params["Version"] !== VPC_API_VERSION) throw new EmulatorApiError("InvalidVersion");
        const action = params["Action"] ?? "";
        if (!SUPPORTED_ACTIONS.includes(action)) throw new EmulatorApiError("InvalidAction.NotFound");

        const regionParam = param(params, "RegionId");
        const quotaKey = `${accessKeyId}\n${regionParam ?? ""}\n${action}`;
        if (!this.quota.take(quotaKey)) throw new EmulatorApiError("Throttling.User");

        if (regionParam === undefined) {
            throw new EmulatorApiError("MissingParameter", missingParameterMessage("RegionId"));
        }
        if (!this.regions.has(regionParam)) throw new EmulatorApiError("InvalidRegionId");
        const regionId = regionParam;

        const fault = this.faults.take({
            action,
            regionId,
            vpnConnectionId: param(params, "VpnConnectionId"),
        });
        matched.fault = fault;
        if (fault && fault.kind !== "latency") this.quota.refund(quotaKey);
        if (fault) {
            switch (fault.kind) {
                case "error": {
                    const headers: Record<string, string> =
                        fault.retryAfterMs === undefined
                            ? {}
                            : { "x-acs-retry-after": String(fault.retryAfterMs) };
                    throw new EmulatorApiError(fault.code, fault.message, fault.httpStatus, headers);
                }
                case "latency":
                    await this.delay(fault.ms);
                    break;
                case "status-without-code":
                    return { kind: "json", status: fault.httpStatus, body: { RequestId: requestId } };
                case "html":
                    return {
                        kind: "raw",
                        status: fault.httpStatus ?? 502,
                        contentType: "text/html",
                        body: BAD_GATEWAY_HTML,
                    };
                case "empty":
                    return { kind: "raw", status: fault.httpStatus ?? 502, body: "" };
                case "hang":
                    return { kind: "hang" };
                case "reset":
                    return { kind: "reset" };
            }
        }

        const body =
            action === "DescribeVpnConnection"
                ? this.describeVpnConnection(regionId, params, requestId)
                : this.describeVpnConnections(regionId, params, requestId);
        return { kind: "json", status: 200, body };
    }

    private describeVpnConnection(
        regionId: string,
        params: Readonly<Record<string, string>>,
        requestId: string,
    ): WireDescribeVpnConnectionResponse {
        const id = param(params, "VpnConnectionId");
        if (id === undefined)
            throw new EmulatorApiError("MissingParameter", missingParameterMessage("VpnConnectionId"));
        const connection = this.store.get(regionId, id);
        if (!connection) throw new EmulatorApiError("InvalidVpnConnectionInstanceId.NotFound");
        return { RequestId: requestId, ...toSingularShape(connection) };
    }

    private describeVpnConnections(
        regionId: string,
        params: Readonly<Record<string, string>>,
        requestId: string,
    ): WireDescribeVpnConnectionsResponse {
        const pageNumberParam = params["PageNumber"];
        const pageSizeParam = params["PageSize"];
        const pageNumber = pageNumberParam === undefined ? 1 : parsePositiveInteger(pageNumberParam);
        if (pageNumber === undefined) throw invalidParameter("PageNumber", pageNumberParam ?? "");
        const pageSize = pageSizeParam === undefined ? 10 : parsePositiveInteger(pageSizeParam);
        if (pageSize === undefined || pageSize > 50) throw invalidParameter("PageSize", pageSizeParam ?? "");

        const filter: ConnectionFilter = {
            vpnGatewayId: param(params, "VpnGatewayId"),
            customerGatewayId: param(params, "CustomerGatewayId"),
            vpnConnectionId: param(params, "VpnConnectionId"),
            resourceGroupId: param(params, "ResourceGroupId"),
            tags: tagFilters(params),
        };
        const all = this.store.list(regionId, filter);
        const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
        return {
            RequestId: requestId,
            TotalCount: all.length,
            PageNumber: pageNumber,
            PageSize: pageSize,
            VpnConnections: { VpnConnection: page.map(toListItemShape) },
        };
    }

    /** Forgets nonces older than the TTL. The map is in insertion order, so this stops at the first fresh one. */
    private pruneNonces(at: number): void {
        for (const [key, seenAt] of this.nonces) {
            if (at - seenAt <= NONCE_TTL_MS) break;
            this.nonces.delete(key);
        }
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

/** `Tag.N.Key` / `Tag.N.Value` filters (N = 1..20), in N order. */
function tagFilters(params: Readonly<Record<string, string>>): Array<{ key: string; value?: string }> {
    const tags: Array<{ key: string; value?: string }> = [];
    for (let n = 1; n <= 20; n++) {
        const key = param(params, `Tag.${n}.Key`);
        if (key === undefined) continue;
        const value = param(params, `Tag.${n}.Value`);
        tags.push(value === undefined ? { key } : { key, value });
    }
    return tags;
}
