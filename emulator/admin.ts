/**
 * The emulator's admin interface: HTTP control from outside the process, so that a pipeline in any
 * language can use the emulator as a local test double (as LocalStack serves AWS). It lives under a
 * reserved path of the API's own port ({@link ADMIN_PATH_PREFIX}; the real API serves only `/`), and
 * every route but `health` needs the token printed at start, as `Authorization: Bearer <token>`.
 *
 * | route | does |
 * | --- | --- |
 * | `GET /_emulator/health` | `{"status":"ok"}`, without a token (for waiting until it is up) |
 * | `GET /_emulator/connections/{regionId}/{id}` | the stored connection (wire shape) |
 * | `PUT /_emulator/connections/{regionId}/{id}` | adds or replaces it (201 when new) |
 * | `PATCH /_emulator/connections/{regionId}/{id}` | merges top-level fields into it |
 * | `DELETE /_emulator/connections/{regionId}/{id}` | removes it (204) |
 * | `POST /_emulator/faults` | injects a fault (see `faults.ts`); 201 `{"id": …}` |
 * | `GET /_emulator/faults` | the registered faults, with what they still answer |
 * | `DELETE /_emulator/faults/{id}`, `DELETE /_emulator/faults` | removes one, or all |
 * | `POST /_emulator/quota/reset` | empties every quota window |
 *
 * Answers are JSON; refusals `{"error": "…"}` with 400 (bad JSON or field, named), 401 (token), 404,
 * 405, 409 (a limit reached) or 413 (body over {@link MAX_ADMIN_BODY_BYTES}).
 *
 * @packageDocumentation
 */

import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import type { WireVpnConnection } from "../provider/wire";
import { type Fault, MAX_FAULTS, parseFault, type RegisteredFault } from "./faults";
import { BodyTooLargeError, readRawBody } from "./http";

/** The path the admin interface is served under. */
export const ADMIN_PATH_PREFIX = "/_emulator";

/** The largest admin request body: a connection is a few kilobytes. */
export const MAX_ADMIN_BODY_BYTES = 256 * 1024;

/**
 * The most connections the admin interface lets the emulator hold: adding a new one beyond it is refused
 * with 409 (replacing, changing and deleting still work). In-process callers are not bounded by it.
 */
export const MAX_ADMIN_CONNECTIONS = 100_000;

/** What the admin interface controls: the emulator's own methods. */
export interface AdminTarget {
    /** Adds or replaces a connection; throws RangeError for a region the emulator does not know. */
    putConnection(regionId: string, connection: WireVpnConnection): void;
    /** Merges a patch into a stored connection. */
    updateConnection(regionId: string, id: string, patch: Partial<WireVpnConnection>): void;
    /** Removes a connection; `true` if it existed. */
    deleteConnection(regionId: string, id: string): boolean;
    /** A stored connection, or `undefined`. */
    getConnection(regionId: string, id: string): WireVpnConnection | undefined;
    /** How many connections are stored. */
    readonly connectionCount: number;
    /** Registers a fault. */
    injectFault(fault: Fault): { id: string };
    /** Removes a fault by id. */
    removeFault(id: string): boolean;
    /** The registered faults. */
    listFaults(): RegisteredFault[];
    /** Removes every fault. */
    clearFaults(): void;
    /** Empties every quota window. */
    resetQuota(): void;
}

/** A refusal of the admin interface: an HTTP status and a message. */
class AdminError extends Error {
    override readonly name = "AdminError";
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

/** Whether a request path belongs to the admin interface. */
export function isAdminPath(pathname: string): boolean {
    return pathname === ADMIN_PATH_PREFIX || pathname.startsWith(`${ADMIN_PATH_PREFIX}/`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks a connection that comes from outside the process: a JSON object whose `VpnConnectionId`, if
 * given, is `id`. Other fields are stored as given, so a test can serve any wire shape.
 *
 * @throws RangeError naming what is wrong.
 */
export function parseWireConnection(value: unknown, where: string, id?: string): WireVpnConnection {
    if (!isRecord(value)) {
        throw new RangeError(`${where} must be a JSON object (a connection in the wire shape)`);
    }
    const given = value["VpnConnectionId"];
    if (given !== undefined && typeof given !== "string") {
        throw new RangeError(`${where}.VpnConnectionId must be a string`);
    }
    if (id !== undefined && given !== undefined && given !== id) {
        throw new RangeError(`${where}.VpnConnectionId is "${given}", but the path names "${id}"`);
    }
    const vpnConnectionId = id ?? given;
    if (!vpnConnectionId) throw new RangeError(`${where}.VpnConnectionId must be a non-empty string`);
    return { ...(value as WireVpnConnection), VpnConnectionId: vpnConnectionId };
}

function send(res: ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
        res.writeHead(status, { "content-length": 0 });
        res.end();
        return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
        "content-type": "application/json;charset=utf-8",
        "content-length": Buffer.byteLength(text),
    });
    res.end(text);
}

/** The admin interface of one emulator. */
export class AdminApi {
    private readonly token: Buffer;

    /**
     * @param target - the emulator.
     * @param token - the token every route but `health` requires.
     * @param limits - how many connections it lets the emulator hold. @default {@link MAX_ADMIN_CONNECTIONS}
     */
    constructor(
        private readonly target: AdminTarget,
        token: string,
        private readonly limits: { maxConnections: number } = { maxConnections: MAX_ADMIN_CONNECTIONS },
    ) {
        if (token.length < 8) throw new RangeError("the admin token must have at least 8 characters");
        this.token = Buffer.from(token, "utf8");
    }

    /** Answers one admin request (its path is under {@link ADMIN_PATH_PREFIX}). Never throws. */
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
        try {
            const answer = await this.route(req, url);
            send(res, answer.status, answer.body);
        } catch (e) {
            if (e instanceof AdminError) {
                send(res, e.status, { error: e.message });
            } else if (e instanceof RangeError || e instanceof TypeError) {
                send(res, 400, { error: e.message });
            } else {
                send(res, 500, { error: `emulator failure: ${(e as Error).message}` });
            }
        }
    }

    private authorized(req: IncomingMessage): boolean {
        const header = req.headers["authorization"] ?? "";
        const m = /^Bearer\s+(.+)$/i.exec(header.trim());
        const given = Buffer.from(m?.[1] ?? "", "utf8");
        return given.length === this.token.length && timingSafeEqual(given, this.token);
    }

    private async route(req: IncomingMessage, url: URL): Promise<{ status: number; body?: unknown }> {
        const method = (req.method ?? "").toUpperCase();
        const parts = url.pathname
            .slice(ADMIN_PATH_PREFIX.length)
            .split("/")
            .filter((p) => p !== "")
            .map((p) => decodeURIComponent(p));
        const [resource, ...rest] = parts;

        if (resource === "health" && rest.length === 0) {
            allow(method, ["GET"]);
            return { status: 200, body: { status: "ok" } };
        }
        if (!this.authorized(req)) {
            req.resume();
            throw new AdminError(401, "missing or wrong admin token: send Authorization: Bearer <token>");
        }

        if (resource === "connections" && rest.length === 2) {
            const [regionId = "", id = ""] = rest;
            return this.connection(method, regionId, id, req);
        }
        if (resource === "faults" && rest.length === 0) {
            allow(method, ["GET", "POST", "DELETE"]);
            if (method === "GET") return { status: 200, body: { faults: this.target.listFaults() } };
            if (method === "DELETE") {
                this.target.clearFaults();
                return { status: 204 };
            }
            const fault = parseFault(await readJson(req), "fault");
            if (this.target.listFaults().length >= MAX_FAULTS) {
                throw new AdminError(
                    409,
                    `at most ${MAX_FAULTS} faults can be injected at once; remove some first`,
                );
            }
            const { id } = this.target.injectFault(fault);
            return { status: 201, body: { id } };
        }
        if (resource === "faults" && rest.length === 1) {
            allow(method, ["DELETE"]);
            if (!this.target.removeFault(rest[0] ?? "")) throw new AdminError(404, `no fault ${rest[0]}`);
            return { status: 204 };
        }
        if (resource === "quota" && rest.length === 1 && rest[0] === "reset") {
            allow(method, ["POST"]);
            this.target.resetQuota();
            return { status: 204 };
        }
        throw new AdminError(404, `no admin route ${method} ${url.pathname}`);
    }

    private async connection(
        method: string,
        regionId: string,
        id: string,
        req: IncomingMessage,
    ): Promise<{ status: number; body?: unknown }> {
        allow(method, ["GET", "PUT", "PATCH", "DELETE"]);
        const existing = this.target.getConnection(regionId, id);
        const notFound = (): AdminError =>
            new AdminError(404, `no VPN connection ${id} in region ${regionId}`);
        switch (method) {
            case "GET":
                if (!existing) throw notFound();
                return { status: 200, body: existing };
            case "DELETE":
                if (!this.target.deleteConnection(regionId, id)) throw notFound();
                return { status: 204 };
            case "PUT": {
                const connection = parseWireConnection(await readJson(req), "connection", id);
                const max = this.limits.maxConnections;
                if (!existing && this.target.connectionCount >= max) {
                    throw new AdminError(
                        409,
                        `the emulator holds ${this.target.connectionCount} connections, the most the admin interface adds (${max}); delete some first`,
                    );
                }
                this.target.putConnection(regionId, connection);
                return { status: existing ? 200 : 201, body: this.target.getConnection(regionId, id) };
            }
            default: {
                const patch = parseWireConnection(await readJson(req), "patch", id);
                if (!existing) throw notFound();
                this.target.updateConnection(regionId, id, patch);
                return { status: 200, body: this.target.getConnection(regionId, id) };
            }
        }
    }
}

function allow(method: string, methods: readonly string[]): void {
    if (!methods.includes(method)) throw new AdminError(405, `use ${methods.join(", ")} here, not ${method}`);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
    let raw: Buffer;
    try {
        raw = await readRawBody(req, MAX_ADMIN_BODY_BYTES);
    } catch (e) {
        if (e instanceof BodyTooLargeError) {
            throw new AdminError(413, `the admin request body is larger than ${MAX_ADMIN_BODY_BYTES} bytes`);
        }
        throw e;
    }
    try {
        return JSON.parse(raw.toString("utf8")) as unknown;
    } catch (e) {
        throw new AdminError(400, `the request body is not JSON: ${(e as Error).message}`);
    }
}
