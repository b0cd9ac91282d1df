/**
 * One HTTP call to the VPC API through `@alicloud/pop-core`, with what pop-core leaves out put back:
 * the HTTP status is checked (pop-core resolves a 5xx without `Code` as a success), non-JSON bodies and
 * non-`Error` throws become observations the classifier understands, and nothing of pop-core's own error
 * text (which carries the request URL) is kept. Always POST, so no credential or signature is in a URL.
 *
 * @packageDocumentation
 */
import * as http from "node:http";
import * as https from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import { type FailureObservation } from "./classify";
import { type ResolvedCredentials } from "./credentials";
import { redactServiceMessage } from "./redact";
import { VPC_API_VERSION } from "./wire";

const RPCClient = require("@alicloud/pop-core").RPCClient as PopCoreClientConstructor;

interface PopCoreEntry {
    response?: { statusCode?: number; headers?: IncomingHttpHeaders };
}
interface PopCoreClient {
    request(
        action: string,
        params: Record<string, unknown>,
        opts: Record<string, unknown>,
    ): Promise<[unknown, PopCoreEntry]>;
}
type PopCoreClientConstructor = new (
    config: {
        endpoint: string;
        apiVersion: string;
        credentialsProvider: { getCredentials(): Promise<Omit<ResolvedCredentials, "source">> };
    },
    verbose: boolean,
) => PopCoreClient;

/** One request. */
export interface TransportRequest {
    /** `https://host[:port]`. */
    endpoint: string;
    /** The API action. */
    action: string;
    /** Action parameters (the common ones and the signature are added by pop-core). */
    params: Record<string, string | number>;
    /** Credentials to sign with. */
    credentials: ResolvedCredentials;
    /** Timeout of connect and of read, each. */
    timeoutMs: number;
}

/** A 2xx response with a JSON body. */
export interface TransportResponse {
    /** The parsed body, with BigNumbers normalized. */
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
     * @param requestId - the RequestId of the response, if any.
     * @param serviceMessage - Alibaba's message, scrubbed.
     * @param retryAfter - the `x-acs-retry-after` header, if any.
     */
    constructor(
        readonly observation: FailureObservation,
        readonly requestId?: string,
        readonly serviceMessage?: string,
        readonly retryAfter?: string | string[],
    ) {
        super(describeObservation(observation));
    }
}

/**
 * Words for an observation, used as the summary of the final error.
 *
 * @param o - the observation.
 * @returns a short sentence.
 */
export function describeObservation(o: FailureObservation): string {
    switch (o.kind) {
        case "api":
            return "the service returned an error";
        case "status":
            return `the service answered HTTP ${o.httpStatus} without an error code`;
        case "invalid-response":
            return "the service answered with a body that is not JSON";
        case "timeout":
            return "no answer within the timeout";
        case "network":
            return `the connection to the endpoint failed${o.errno ? ` (${o.errno})` : ""}`;
    }
}

// One keep-alive agent per endpoint per process. pop-core creates an agent per client; reusing ours
// keeps connections warm across clients and calls.
const agents = new Map<string, http.Agent>();
function agentFor(endpoint: string): http.Agent {
    let agent = agents.get(endpoint);
    if (!agent) {
        const options = { keepAlive: true, keepAliveMsecs: 3000, maxSockets: 16 };
        agent = endpoint.startsWith("https:") ? new https.Agent(options) : new http.Agent(options);
        agents.set(endpoint, agent);
    }
    return agent;
}

/**
 * Closes the idle keep-alive connections of every endpoint (tests and short-lived processes call it so
 * the event loop can end).
 */
export function closeIdleConnections(): void {
    for (const agent of agents.values()) agent.destroy();
    agents.clear();
}

interface ThrownLike {
    name?: unknown;
    code?: unknown;
    data?: unknown;
    entry?: PopCoreEntry;
    message?: unknown;
}

function headerOf(headers: IncomingHttpHeaders | undefined, name: string): string | string[] | undefined {
    return headers?.[name];
}

function requestIdOf(body: unknown, headers?: IncomingHttpHeaders): string | undefined {
    if (typeof body === "object" && body !== null) {
        const id = (body as Record<string, unknown>).RequestId;
        if (typeof id === "string" && id !== "") return id.slice(0, 64);
    }
    const h = headerOf(headers, "x-acs-request-id");
    return typeof h === "string" ? h.slice(0, 64) : undefined;
}

/**
 * Sends one request.
 *
 * @param req - the request.
 * @returns the 2xx JSON response.
 * @throws TransportFailure describing the failure; never an error carrying pop-core's message.
 */
export async function send(req: TransportRequest): Promise<TransportResponse> {
    const { accessKeyId, accessKeySecret, securityToken } = req.credentials;
    const client = new RPCClient(
        {
            endpoint: req.endpoint,
            apiVersion: VPC_API_VERSION,
            credentialsProvider: {
                getCredentials: async () => ({ accessKeyId, accessKeySecret, securityToken }),
            },
        },
        true,
    );
    const known = [accessKeyId, accessKeySecret, securityToken];
    let result: [unknown, PopCoreEntry];
    try {
        result = await client.request(req.action, req.params, {
            method: "POST",
            formatParams: false,
            timeout: req.timeoutMs,
            agent: agentFor(req.endpoint),
        });
    } catch (e) {
        throw toFailure(e, known);
    }
    const [raw, entry] = result;
    const body = normalizeBigNumbers(raw);
    const httpStatus = entry.response?.statusCode ?? 0;
    if (httpStatus < 200 || httpStatus >= 300) {
        const message =
            typeof body === "object" && body !== null ? (body as Record<string, unknown>).Message : undefined;
        throw new TransportFailure(
            { kind: "status", httpStatus },
            requestIdOf(body, entry.response?.headers),
            typeof message === "string" ? redactServiceMessage(message, known) : undefined,
            headerOf(entry.response?.headers, "x-acs-retry-after"),
        );
    }
    return { body, httpStatus, requestId: requestIdOf(body) };
}

function toFailure(e: unknown, known: (string | undefined)[]): TransportFailure {
    const t = (typeof e === "object" && e !== null ? e : {}) as ThrownLike;
    // An error answer of the service: pop-core throws an Error with `code` and `data` (the body).
    if (typeof t.code === "string" && typeof t.data === "object" && t.data !== null) {
        const data = t.data as Record<string, unknown>;
        const headers = t.entry?.response?.headers;
        return new TransportFailure(
            { kind: "api", code: t.code.slice(0, 128), httpStatus: t.entry?.response?.statusCode },
            requestIdOf(data, headers),
            typeof data.Message === "string" ? redactServiceMessage(data.Message, known) : undefined,
            headerOf(headers, "x-acs-retry-after"),
        );
    }
    // A body that is not JSON: json-bigint throws a plain object named SyntaxError, not an Error.
    if (t.name === "SyntaxError") return new TransportFailure({ kind: "invalid-response" });
    if (typeof t.name === "string" && /Timeout/i.test(t.name)) {
        return new TransportFailure({ kind: "timeout" });
    }
    if (typeof t.code === "string" && t.code === "ETIMEDOUT") {
        return new TransportFailure({ kind: "timeout" });
    }
    if (typeof t.code === "string" && /^E[A-Z_]+$/.test(t.code)) {
        return new TransportFailure({ kind: "network", errno: t.code });
    }
    const message = typeof t.message === "string" ? t.message : "";
    if (/socket hang up/i.test(message)) {
        return new TransportFailure({ kind: "network", errno: "ECONNRESET" });
    }
    return new TransportFailure({ kind: "network" });
}

interface BigNumberLike {
    isBigNumber?: boolean;
    _isBigNumber?: boolean;
    toFixed(): string;
}

function isBigNumber(v: unknown): v is BigNumberLike {
    return (
        typeof v === "object" &&
        v !== null &&
        ((v as BigNumberLike).isBigNumber === true || (v as BigNumberLike)._isBigNumber === true) &&
        typeof (v as BigNumberLike).toFixed === "function"
    );
}

/**
 * Replaces the `BigNumber` objects that pop-core's JSON parser (json-bigint) makes of 16+ digit numbers:
 * a safe integer becomes a number, anything larger its exact decimal string. No `BigNumber` escapes, so
 * every value stays serializable by the Pulumi engine's encoder.
 *
 * @param value - a parsed body.
 * @returns the same structure with plain values only.
 */
export function normalizeBigNumbers(value: unknown): unknown {
    if (isBigNumber(value)) {
        const text = value.toFixed();
        const n = Number(text);
        return Number.isSafeInteger(n) ? n : text;
    }
    if (Array.isArray(value)) return value.map(normalizeBigNumbers);
    if (typeof value === "object" && value !== null) {
        // Plain assignment: a list page holds thousands of keys, and defining each one was most of the
        // client's time for a large region (see the README's Performance section).
        const source = value as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(source)) {
            const v = normalizeBigNumbers(source[k]);
            if (k === "__proto__") {
                // Legal in JSON and must stay an own key: an assignment would set the prototype.
                Object.defineProperty(out, k, {
                    value: v,
                    enumerable: true,
                    writable: true,
                    configurable: true,
                });
            } else {
                out[k] = v;
            }
        }
        return out;
    }
    return value;
}
