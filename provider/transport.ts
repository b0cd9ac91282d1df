/**
 * One HTTP call to the VPC API: signed here (RPC signature v1, HMAC-SHA1) and sent with `node:http`,
 * always as a POST whose form body carries every parameter, the credentials and the signature, so
 * neither a URL nor a header nor Node's `NODE_DEBUG=http` output holds any of them.
 *
 * Why not through `@alicloud/pop-core`, as earlier versions did: its HTTP layer logs URLs and whole
 * bodies under `DEBUG=httpx:*` (secrets included), reads bodies without a size cap, keeps a timed-out
 * response's buffers, resolves a 5xx without `Code` as a success and throws plain objects for non-JSON
 * bodies. Owning the transport makes each of those a decision of this file (see `debug.ts`, `body.ts`).
 *
 * What one attempt can end in, and how the classifier sees it:
 * - a 2xx JSON body without `Code`: the answer;
 * - a body with `Code`: the API's error (`api`), whatever the status;
 * - any other non-2xx (HTML, empty, cut short, JSON without `Code`): `status`, retried when 5xx or 429;
 * - a 2xx whose body is complete but not JSON, or nested too deep: `invalid-response`, not retried
 *   (the service did answer; the same request gets the same answer). A 2xx cut short by the connection
 *   is a network failure (`ECONNRESET`) and is retried;
 * - a body past `MAX_BODY_BYTES`: `invalid-response` marked too large, not retried;
 * - no complete answer within `timeoutMs` (connect, headers and body together): `timeout`;
 * - a TLS failure: `network`, not retried, with the reason (self-signed certificate, wrong host…).
 *
 * @packageDocumentation
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import { BodyTooLargeError, type JsonProblem, MAX_BODY_BYTES, parseJsonBody, readBody } from "./body";
import { type FailureObservation } from "./classify";
import { type ResolvedCredentials } from "./credentials";
import { redactServiceMessage } from "./redact";
import { VPC_API_VERSION } from "./wire";
import { formatTimestamp, percentEncode, signParams } from "./signature";

/** One request. */
export interface TransportRequest {
    /** `https://host[:port]`. */
    endpoint: string;
    /** The API action. */
    action: string;
    /** Action parameters (the common ones and the signature are added here). */
    params: Record<string, string | number>;
    /** Credentials to sign with. */
    credentials: ResolvedCredentials;
    /** Time for the whole attempt: connecting, the headers and the last byte of the body. */
    timeoutMs: number;
    /** The largest body read, after decompression. @default {@link MAX_BODY_BYTES} */
    maxBodyBytes?: number;
    /** Aborts the attempt (the operation's deadline). */
    signal?: AbortSignal;
}

/** A 2xx response with a JSON body. */
export interface TransportResponse {
    /** The parsed body, with big integers kept exact. */
    body: unknown;
    /** The HTTP status. */
    httpStatus: number;
    /** The body's `RequestId` (a header alone does not count: every body must carry one). */
    requestId: string | undefined;
}

/** A failed attempt, described for the classifier and the error message; carries no credential. */
export class TransportFailure extends Error {
    override name = "TransportFailure";
    /**
     * @param observation - what was observed.
     * @param requestId - the RequestId of the response (body, else the `x-acs-request-id` header).
     * @param serviceMessage - Alibaba's message, scrubbed.
     * @param retryAfter - the `x-acs-retry-after` header, if any.
     * @param detail - what was wrong, in a few words (e.g. "an HTML page", "a self-signed certificate").
     */
    constructor(
        readonly observation: FailureObservation,
        readonly requestId?: string,
        readonly serviceMessage?: string,
        readonly retryAfter?: string | string[],
        readonly detail?: string,
    ) {
        super(describeObservation(observation, detail));
    }
}

/**
 * Words for an observation, used as the summary of the final error.
 *
 * @param o - the observation.
 * @param detail - what was wrong, if known.
 * @returns a short sentence.
 */
export function describeObservation(o: FailureObservation, detail?: string): string {
    const more = detail ? `: ${detail}` : "";
    switch (o.kind) {
        case "api":
            return "the service returned an error";
        case "status":
            return `the service answered HTTP ${o.httpStatus} without an error code${more}`;
        case "invalid-response":
        case "too-large":
            return `the service answered with a body that is not a valid response${more}`;
        case "timeout":
            return `no answer within the timeout${more}`;
        case "network":
            return `the connection to the endpoint failed${o.errno ? ` (${o.errno})` : ""}${more}`;
    }
}

const JSON_PROBLEMS: Readonly<Record<JsonProblem, string>> = {
    empty: "an empty body, not JSON",
    html: "an HTML page, not JSON",
    "not-json": "a body that is not JSON (cut short or garbled)",
    "too-deep": "JSON nested deeper than the API ever nests",
};

/**
 * Idle keep-alive agents are closed after this long, and at most {@link MAX_AGENTS} are kept: agents are
 * per endpoint, and a long-lived process that reads many endpoints must not keep one for each forever.
 */
export const AGENT_IDLE_MS = 60_000;
/** The most agents kept; the least recently used idle one is closed first. */
export const MAX_AGENTS = 32;

// One keep-alive agent per endpoint, evicted when idle, so connections stay warm across calls.
const agents = new Map<string, { agent: http.Agent; usedAt: number }>();

function inUse(agent: http.Agent): boolean {
    return (
        Object.values(agent.sockets).some((list) => (list?.length ?? 0) > 0) ||
        Object.values(agent.requests).some((list) => (list?.length ?? 0) > 0)
    );
}

function evictIdleAgents(now: number, adding: boolean): void {
    for (const [endpoint, entry] of agents) {
        // Room is made for the agent about to be added, so that at most MAX_AGENTS are kept.
        const over = agents.size + (adding ? 1 : 0) > MAX_AGENTS;
        if ((over || now - entry.usedAt > AGENT_IDLE_MS) && !inUse(entry.agent)) {
            entry.agent.destroy();
            agents.delete(endpoint);
        }
    }
}

function agentFor(endpoint: string): http.Agent {
    const now = Date.now();
    evictIdleAgents(now, !agents.has(endpoint));
    let entry = agents.get(endpoint);
    if (!entry) {
        const options = { keepAlive: true, keepAliveMsecs: 3000, maxSockets: 16, timeout: AGENT_IDLE_MS };
        const agent = endpoint.startsWith("https:") ? new https.Agent(options) : new http.Agent(options);
        entry = { agent, usedAt: now };
    }
    // Re-inserted: the map's order is least recently used first.
    agents.delete(endpoint);
    agents.set(endpoint, entry);
    entry.usedAt = now;
    return entry.agent;
}

/** How many keep-alive agents are kept now (for tests of eviction). */
export function agentCount(): number {
    return agents.size;
}

/**
 * Closes the idle keep-alive connections of every endpoint (tests and short-lived processes call it so
 * the event loop can end).
 */
export function closeIdleConnections(): void {
    for (const { agent } of agents.values()) agent.destroy();
    agents.clear();
}

function requestIdOf(body: unknown, headers?: IncomingHttpHeaders): string | undefined {
    if (typeof body === "object" && body !== null) {
        const id = (body as Record<string, unknown>).RequestId;
        if (typeof id === "string" && id !== "") return id.slice(0, 64);
    }
    const h = headers?.["x-acs-request-id"];
    return typeof h === "string" && h !== "" ? h.slice(0, 64) : undefined;
}

/** The signed form body of a request. */
function signedForm(req: TransportRequest): string {
    const { accessKeyId, accessKeySecret, securityToken } = req.credentials;
    const params: Record<string, string> = {
        Format: "JSON",
        Version: VPC_API_VERSION,
        AccessKeyId: accessKeyId,
        SignatureMethod: "HMAC-SHA1",
        Timestamp: formatTimestamp(Date.now()),
        SignatureVersion: "1.0",
        SignatureNonce: randomUUID(),
        Action: req.action,
    };
    if (securityToken) params.SecurityToken = securityToken;
    for (const [k, v] of Object.entries(req.params)) params[k] = String(v);
    const signed = signParams("POST", params, accessKeySecret);
    return Object.entries(signed)
        .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
        .join("&");
}

/** TLS error codes of Node, in words. */
const TLS_REASONS: Readonly<Record<string, string>> = {
    DEPTH_ZERO_SELF_SIGNED_CERT: "the endpoint's TLS certificate is self-signed",
    SELF_SIGNED_CERT_IN_CHAIN: "the endpoint's TLS certificate chain ends in a self-signed certificate",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the endpoint's TLS certificate is not signed by a trusted authority",
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the endpoint's TLS certificate is not signed by a trusted authority",
    CERT_HAS_EXPIRED: "the endpoint's TLS certificate has expired",
    CERT_NOT_YET_VALID: "the endpoint's TLS certificate is not yet valid",
    ERR_TLS_CERT_ALTNAME_INVALID: "the endpoint's TLS certificate does not name its host (wrong host)",
    EPROTO: "the endpoint does not speak TLS (or no common TLS version)",
    ERR_SSL_WRONG_VERSION_NUMBER: "the endpoint does not speak TLS",
};

/**
 * Sends one request.
 *
 * @param req - the request.
 * @returns the 2xx JSON response.
 * @throws TransportFailure describing the failure; never carrying a credential.
 */
export function send(req: TransportRequest): Promise<TransportResponse> {
    const known = [
        req.credentials.accessKeyId,
        req.credentials.accessKeySecret,
        req.credentials.securityToken,
    ];
    const url = new URL(req.endpoint);
    const form = signedForm(req);
    const client = url.protocol === "http:" ? http : https;
    return new Promise<TransportResponse>((resolve, reject) => {
        let settled = false;
        let status: number | undefined;
        let headers: IncomingHttpHeaders | undefined;
        const finish = (error: TransportFailure | undefined, value?: TransportResponse): void => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            req.signal?.removeEventListener("abort", onAbort);
            if (error) {
                // The socket goes with the attempt: no half-read response stays in a pool or in memory.
                request.destroy();
                reject(error);
            } else resolve(value as TransportResponse);
        };
        const request = client.request(
            {
                protocol: url.protocol,
                hostname: url.hostname.replace(/^\[|\]$/g, ""),
                port: url.port || undefined,
                path: "/",
                method: "POST",
                agent: agentFor(req.endpoint),
                headers: {
                    accept: "application/json",
                    "accept-encoding": "gzip, deflate",
                    "content-type": "application/x-www-form-urlencoded",
                    "content-length": Buffer.byteLength(form),
                    "x-acs-action": req.action,
                    "user-agent": "pulumi-alicloud-vpn",
                },
            },
            (res) => {
                status = res.statusCode ?? 0;
                headers = res.headers;
                readBody(res, req.maxBodyBytes ?? MAX_BODY_BYTES).then(
                    (text) => {
                        try {
                            finish(undefined, interpret(text, status ?? 0, res.headers, known));
                        } catch (e) {
                            finish(
                                e instanceof TransportFailure ? e : new TransportFailure({ kind: "network" }),
                            );
                        }
                    },
                    (e: unknown) => finish(readFailure(e, status ?? 0, res.headers)),
                );
            },
        );
        const timer = setTimeout(
            () =>
                finish(
                    new TransportFailure(
                        { kind: "timeout" },
                        requestIdOf(undefined, headers),
                        undefined,
                        undefined,
                        headers ? "the headers came, the body did not finish" : undefined,
                    ),
                ),
            req.timeoutMs,
        );
        const onAbort = (): void =>
            finish(
                new TransportFailure(
                    { kind: "timeout" },
                    undefined,
                    undefined,
                    undefined,
                    "the operation's deadline passed",
                ),
            );
        if (req.signal?.aborted) {
            onAbort();
            return;
        }
        req.signal?.addEventListener("abort", onAbort);
        request.on("error", (e: Error & { code?: string }) => {
            if (status !== undefined) return; // the body reader reports it
            finish(connectionFailure(e));
        });
        request.end(form);
    });
}

/** What a complete body means. */
function interpret(
    text: string,
    httpStatus: number,
    headers: IncomingHttpHeaders,
    known: (string | undefined)[],
): TransportResponse {
    const parsed = parseJsonBody(text);
    const ok = httpStatus >= 200 && httpStatus < 300;
    const retryAfter = headers["x-acs-retry-after"];
    if (!parsed.ok) {
        const detail = JSON_PROBLEMS[parsed.problem];
        throw ok
            ? new TransportFailure(
                  { kind: "invalid-response", httpStatus },
                  requestIdOf(undefined, headers),
                  undefined,
                  retryAfter,
                  detail,
              )
            : new TransportFailure(
                  { kind: "status", httpStatus },
                  requestIdOf(undefined, headers),
                  undefined,
                  retryAfter,
                  detail,
              );
    }
    const body = parsed.value;
    const record =
        typeof body === "object" && body !== null && !Array.isArray(body)
            ? (body as Record<string, unknown>)
            : undefined;
    const message =
        typeof record?.Message === "string" ? redactServiceMessage(record.Message, known) : undefined;
    if (typeof record?.Code === "string" && record.Code !== "") {
        throw new TransportFailure(
            { kind: "api", code: record.Code.slice(0, 128), httpStatus },
            requestIdOf(body, headers),
            message,
            retryAfter,
        );
    }
    if (!ok) {
        throw new TransportFailure(
            { kind: "status", httpStatus },
            requestIdOf(body, headers),
            message,
            retryAfter,
        );
    }
    return { body, httpStatus, requestId: requestIdOf(body) };
}

/** A body that could not be read whole. */
function readFailure(e: unknown, httpStatus: number, headers: IncomingHttpHeaders): TransportFailure {
    const requestId = requestIdOf(undefined, headers);
    if (e instanceof BodyTooLargeError) {
        return new TransportFailure(
            { kind: "too-large", httpStatus },
            requestId,
            undefined,
            undefined,
            e.message,
        );
    }
    const errno = (e as { code?: unknown })?.code;
    if (httpStatus >= 300 || httpStatus < 200) {
        // A 5xx cut short is still a 5xx: retried as one, with its status and RequestId.
        return new TransportFailure(
            { kind: "status", httpStatus },
            requestId,
            undefined,
            headers["x-acs-retry-after"],
            "the body was cut short",
        );
    }
    if (typeof errno === "string" && errno.startsWith("Z_")) {
        return new TransportFailure(
            { kind: "invalid-response", httpStatus },
            requestId,
            undefined,
            undefined,
            "a compressed body that does not decompress",
        );
    }
    return new TransportFailure(
        { kind: "network", errno: "ECONNRESET" },
        requestId,
        undefined,
        undefined,
        "the body was cut short",
    );
}

/** A connection that failed before any answer. */
function connectionFailure(e: Error & { code?: string }): TransportFailure {
    const code = typeof e.code === "string" ? e.code.slice(0, 64) : undefined;
    if (code !== undefined && TLS_REASONS[code] !== undefined) {
        return new TransportFailure(
            { kind: "network", errno: code },
            undefined,
            undefined,
            undefined,
            TLS_REASONS[code],
        );
    }
    if (code === "ETIMEDOUT") return new TransportFailure({ kind: "timeout" });
    if (code !== undefined && /^E[A-Z_]+$/.test(code)) {
        return new TransportFailure({ kind: "network", errno: code });
    }
    if (/socket hang up/i.test(e.message)) {
        return new TransportFailure({ kind: "network", errno: "ECONNRESET" });
    }
    return new TransportFailure({ kind: "network", errno: code?.replace(/[^A-Z0-9_]/g, "") || undefined });
}
