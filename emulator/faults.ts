/**
 * Injected faults: the ways a real endpoint misbehaves (error codes, slowness, 5xx without a code,
 * HTML from a proxy, empty bodies, hung and reset connections), for tests of the client's error
 * handling and retries: what a fault is, which requests it matches, and what it does to one.
 *
 * @packageDocumentation
 */

import { EmulatorApiError } from "./errors";
import type { Outcome } from "./http";

/** Which requests a fault applies to. Every given field must match; omitted fields match anything. */
export interface FaultMatch {
    /** The `Action` parameter, e.g. `DescribeVpnConnection`. */
    action?: string;
    /** The `RegionId` parameter. */
    regionId?: string;
    /** The `VpnConnectionId` parameter (the singular id, or the list API's filter). */
    vpnConnectionId?: string;
    /** How many matching requests the fault answers before it removes itself. @default undefined (until removed) */
    times?: number;
}

/** Answers with an Alibaba error body `{RequestId, HostId, Code, Message, Recommend}`. */
export interface ErrorFault {
    kind: "error";
    /** The error code, e.g. `Throttling.User` or `ServiceUnavailable`. */
    code: string;
    /** @default the code's status (see `httpStatusForCode`) */
    httpStatus?: number;
    /** @default the code's usual message */
    message?: string;
    /** Sets the `x-acs-retry-after` header (milliseconds), which the aliyun CLI honours. @default no header */
    retryAfterMs?: number;
}

/** Waits, then answers normally. */
export interface LatencyFault {
    kind: "latency";
    /** Delay before the normal response, in milliseconds. */
    ms: number;
}

/** Answers with the status and a JSON body that has a `RequestId` but no `Code` (pop-core takes it for a success). */
export interface StatusWithoutCodeFault {
    kind: "status-without-code";
    httpStatus: number;
}

/** Answers with an HTML page, as a load balancer or proxy in front of the API would. */
export interface HtmlFault {
    kind: "html";
    /** @default 502 */
    httpStatus?: number;
}

/** Answers with an empty body. */
export interface EmptyFault {
    kind: "empty";
    /** @default 502 */
    httpStatus?: number;
}

/** Never answers; the connection stays open until the client gives up or the emulator stops. */
export interface HangFault {
    kind: "hang";
}

/** Destroys the connection without answering (the client sees a reset / "socket hang up"). */
export interface ResetFault {
    kind: "reset";
}

/**
 * Flow control as the gateway answers it: an error with a `Throttling` code, optionally telling the
 * client when to retry (`x-acs-retry-after`, which the aliyun CLI honours).
 */
export interface ThrottlingFault {
    kind: "throttling";
    /** @default "Throttling.User" (the per-account quota) */
    code?: string;
    /** Sets the `x-acs-retry-after` header (milliseconds). @default no header */
    retryAfterMs?: number;
    /** @default 400 (the gateway's status for throttling) */
    httpStatus?: number;
}

/** Answers with any status and body, sent as given (at most {@link MAX_FAULT_BODY_BYTES}). */
export interface ResponseFault {
    kind: "response";
    httpStatus: number;
    /** The body, sent as is. @default "" */
    body?: string;
    /** @default no content type */
    contentType?: string;
    /** Extra response headers (lowercase names). @default none */
    headers?: Record<string, string>;
}

/** A fault to inject: where it applies ({@link FaultMatch}) and what it does. */
export type Fault = FaultMatch &
    (
        | ErrorFault
        | LatencyFault
        | StatusWithoutCodeFault
        | HtmlFault
        | EmptyFault
        | HangFault
        | ResetFault
        | ThrottlingFault
        | ResponseFault
    );

/** Every kind of fault, for checking faults that come from outside the process. */
export const FAULT_KINDS: readonly string[] = Object.freeze([
    "error",
    "latency",
    "status-without-code",
    "html",
    "empty",
    "hang",
    "reset",
    "throttling",
    "response",
]);

/** The most faults registered at once: a bound on what a test (or the admin interface) can pile up. */
export const MAX_FAULTS = 1000;

/** The largest body a `response` fault sends. */
export const MAX_FAULT_BODY_BYTES = 64 * 1024;

/** The longest a `latency` fault waits (10 minutes): longer is what `hang` is for. */
export const MAX_FAULT_LATENCY_MS = 600_000;

/** The kinds of fault. */
export type FaultKind = Fault["kind"];

/** The request fields a fault is matched on. */
export interface FaultTarget {
    action: string;
    regionId: string;
    vpnConnectionId: string | undefined;
}

/** Checks a fault's fields, naming the bad one. */
export function validateFault(fault: Fault): void {
    if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
        throw new RangeError(`fault.times must be an integer >= 1, got ${String(fault.times)}`);
    }
    const status = "httpStatus" in fault ? fault.httpStatus : undefined;
    if (status !== undefined && (!Number.isInteger(status) || status < 200 || status > 599)) {
        throw new RangeError(
            `fault.httpStatus must be an HTTP status between 200 and 599, got ${String(status)}`,
        );
    }
    if (
        fault.kind === "latency" &&
        (!Number.isFinite(fault.ms) || fault.ms < 0 || fault.ms > MAX_FAULT_LATENCY_MS)
    ) {
        throw new RangeError(
            `fault.ms must be a number between 0 and ${MAX_FAULT_LATENCY_MS}, got ${String(fault.ms)}`,
        );
    }
    if (fault.kind === "response") {
        if (fault.httpStatus === undefined) {
            throw new RangeError("fault.httpStatus is required for a response fault");
        }
        if (fault.body !== undefined && Buffer.byteLength(fault.body) > MAX_FAULT_BODY_BYTES) {
            throw new RangeError(`fault.body must be at most ${MAX_FAULT_BODY_BYTES} bytes`);
        }
        for (const [name, value] of Object.entries(fault.headers ?? {})) {
            if (!/^[a-z0-9-]+$/.test(name) || /[\r\n]/.test(value)) {
                throw new RangeError(
                    `fault.headers must map lowercase header names to one-line values, got "${name}"`,
                );
            }
        }
    }
    if (fault.kind === "throttling" && fault.code !== undefined && !fault.code.startsWith("Throttling")) {
        throw new RangeError(
            `fault.code of a throttling fault must start with "Throttling", got "${fault.code}"`,
        );
    }
    if (fault.kind === "error" || fault.kind === "throttling") {
        if (fault.kind === "error" && !fault.code) {
            throw new RangeError("fault.code must be a non-empty error code");
        }
        if (
            fault.retryAfterMs !== undefined &&
            (!Number.isFinite(fault.retryAfterMs) || fault.retryAfterMs < 0)
        ) {
            throw new RangeError(
                `fault.retryAfterMs must be a number >= 0, got ${String(fault.retryAfterMs)}`,
            );
        }
    }
}

interface Entry {
    readonly id: string;
    readonly fault: Fault;
    remaining: number | undefined;
}

/** A registered fault: its id, the fault, and how many matching requests it still answers. */
export interface RegisteredFault {
    readonly id: string;
    readonly fault: Fault;
    /** `undefined` when it answers until removed. */
    readonly remaining: number | undefined;
}

/** The injected faults, in the order they were added; the first match wins. At most {@link MAX_FAULTS}. */
export class FaultRegistry {
    private entries: Entry[] = [];
    private nextId = 1;

    /**
     * Adds a fault (copied); returns its id and a handle that removes it.
     *
     * @throws RangeError for an invalid fault, or when {@link MAX_FAULTS} are registered.
     */
    add(fault: Fault): { id: string; remove(): void } {
        validateFault(fault);
        if (this.entries.length >= MAX_FAULTS) {
            throw new RangeError(`at most ${MAX_FAULTS} faults can be injected at once; remove some first`);
        }
        const id = `fault-${this.nextId++}`;
        const entry: Entry = { id, fault: structuredClone(fault), remaining: fault.times };
        this.entries.push(entry);
        return { id, remove: () => void this.remove(id) };
    }

    /** Removes the fault `id`; `true` if it was registered. */
    remove(id: string): boolean {
        const before = this.entries.length;
        this.entries = this.entries.filter((e) => e.id !== id);
        return this.entries.length < before;
    }

    /** Removes every fault. */
    clear(): void {
        this.entries = [];
    }

    /** The registered faults, in matching order (copies). */
    list(): RegisteredFault[] {
        return this.entries.map((e) => ({
            id: e.id,
            fault: structuredClone(e.fault),
            remaining: e.remaining,
        }));
    }

    /** Whether a fault would match `target`, without using up one of its `times`. */
    peek(target: FaultTarget): Fault | undefined {
        return this.entries.find((e) => matches(e.fault, target))?.fault;
    }

    /** Finds the first fault matching `target` and uses up one of its `times` (removing it at zero). */
    take(target: FaultTarget): Fault | undefined {
        const entry = this.entries.find((e) => matches(e.fault, target));
        if (!entry) return undefined;
        if (entry.remaining !== undefined) {
            entry.remaining -= 1;
            if (entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
        }
        return entry.fault;
    }
}

function matches(fault: FaultMatch, target: FaultTarget): boolean {
    return (
        (fault.action === undefined || fault.action === target.action) &&
        (fault.regionId === undefined || fault.regionId === target.regionId) &&
        (fault.vpnConnectionId === undefined || fault.vpnConnectionId === target.vpnConnectionId)
    );
}

/** What a load balancer in front of the API sends when the backend fails: HTML, not JSON. */
const BAD_GATEWAY_HTML =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n";

/**
 * What a fault does to a request the gateway let through: answer in the action's place, or (`latency`)
 * wait, then let the action answer.
 *
 * @param fault - the fault that matched.
 * @param requestId - the request's RequestId, for the bodies that carry one.
 * @param delay - waits the given milliseconds (the emulator's, which its `stop` cuts short).
 * @returns the answer, or `undefined` when the action answers.
 * @throws EmulatorApiError for an `error` fault, which the emulator answers like any API error.
 */
export async function applyFault(
    fault: Fault,
    requestId: string,
    delay: (ms: number) => Promise<void>,
): Promise<Outcome | undefined> {
    switch (fault.kind) {
        case "error": {
            const headers: Record<string, string> =
                fault.retryAfterMs === undefined ? {} : { "x-acs-retry-after": String(fault.retryAfterMs) };
            throw new EmulatorApiError(fault.code, fault.message, fault.httpStatus, headers);
        }
        case "latency":
            await delay(fault.ms);
            return undefined;
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
        case "throttling": {
            const headers: Record<string, string> =
                fault.retryAfterMs === undefined ? {} : { "x-acs-retry-after": String(fault.retryAfterMs) };
            throw new EmulatorApiError(
                fault.code ?? "Throttling.User",
                undefined,
                fault.httpStatus ?? 400,
                headers,
            );
        }
        case "response":
            return {
                kind: "raw",
                status: fault.httpStatus,
                body: fault.body ?? "",
                ...(fault.contentType === undefined ? {} : { contentType: fault.contentType }),
                ...(fault.headers === undefined ? {} : { headers: fault.headers }),
            };
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The fields each kind may have besides the match fields. */
const KIND_FIELDS: Readonly<Record<string, Readonly<Record<string, "string" | "number" | "headers">>>> = {
    error: { code: "string", httpStatus: "number", message: "string", retryAfterMs: "number" },
    latency: { ms: "number" },
    "status-without-code": { httpStatus: "number" },
    html: { httpStatus: "number" },
    empty: { httpStatus: "number" },
    hang: {},
    reset: {},
    throttling: { code: "string", retryAfterMs: "number", httpStatus: "number" },
    response: { httpStatus: "number", body: "string", contentType: "string", headers: "headers" },
};

const MATCH_FIELDS: Readonly<Record<string, "string" | "number">> = {
    action: "string",
    regionId: "string",
    vpnConnectionId: "string",
    times: "number",
};

/**
 * Checks a fault that comes from outside the process (the admin interface, a fault spec file): an object
 * with a known `kind`, only the fields of that kind and the match fields, each of its type, then
 * {@link validateFault}.
 *
 * @param value - parsed JSON.
 * @param where - how to name it in errors, e.g. `faults[2]`.
 * @returns the fault.
 * @throws RangeError naming the field.
 */
export function parseFault(value: unknown, where = "fault"): Fault {
    if (!isRecord(value)) throw new RangeError(`${where} must be a JSON object`);
    const kind = value["kind"];
    if (typeof kind !== "string" || !FAULT_KINDS.includes(kind)) {
        throw new RangeError(`${where}.kind must be one of ${FAULT_KINDS.join(", ")}`);
    }
    const fields = { ...MATCH_FIELDS, ...KIND_FIELDS[kind] };
    for (const [name, v] of Object.entries(value)) {
        if (name === "kind") continue;
        const type = fields[name];
        if (type === undefined) throw new RangeError(`${where}.${name} is not a field of a ${kind} fault`);
        const ok =
            type === "headers"
                ? isRecord(v) && Object.values(v).every((h) => typeof h === "string")
                : typeof v === type;
        if (!ok) {
            const expected = type === "headers" ? "an object of strings" : `a ${type}`;
            throw new RangeError(`${where}.${name} must be ${expected}`);
        }
    }
    const fault = value as unknown as Fault;
    try {
        validateFault(fault);
    } catch (e) {
        throw new RangeError(`${where}: ${(e as Error).message}`, { cause: e });
    }
    return fault;
}
