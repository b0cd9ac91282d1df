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

/** A fault to inject: where it applies ({@link FaultMatch}) and what it does. */
export type Fault = FaultMatch &
    (ErrorFault | LatencyFault | StatusWithoutCodeFault | HtmlFault | EmptyFault | HangFault | ResetFault);

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
    if (fault.kind === "latency" && (!Number.isFinite(fault.ms) || fault.ms < 0)) {
        throw new RangeError(`fault.ms must be a number >= 0, got ${String(fault.ms)}`);
    }
    if (fault.kind === "error") {
        if (!fault.code) throw new RangeError("fault.code must be a non-empty error code");
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
    readonly fault: Fault;
    remaining: number | undefined;
}

/** The injected faults, in the order they were added; the first match wins. */
export class FaultRegistry {
    private entries: Entry[] = [];

    /** Adds a fault (copied); returns a handle that removes it. */
    add(fault: Fault): { remove(): void } {
        validateFault(fault);
        const entry: Entry = { fault: { ...fault }, remaining: fault.times };
        this.entries.push(entry);
        return {
            remove: () => {
                this.entries = this.entries.filter((e) => e !== entry);
            },
        };
    }

    /** Removes every fault. */
    clear(): void {
        this.entries = [];
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
    }
}
