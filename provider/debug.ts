/**
 * Debug output, made safe whatever `DEBUG` or `NODE_DEBUG` say.
 *
 * Three channels can print what a call sends and receives:
 *
 * - **The `debug` package**, which `DEBUG=*` turns on in every library that uses it. pop-core's HTTP
 *   layer (`httpx`) prints whole URLs and response bodies under `httpx:*`: access key ids, tokens,
 *   signatures, every `Psk` and `AuthKey`. The robust answer is that our calls do not go through it:
 *   `transport.ts` signs and sends with `node:http` itself, so no pop-core release can add a log line to
 *   our calls. `@alicloud/credentials` still uses `httpx` for the STS and metadata links of the chain
 *   (their answers hold an access key secret and a token), so {@link silenceLibraryDebug} turns the
 *   `httpx:*` namespaces off in the very copies of `debug` that `httpx` loads, before the library is
 *   loaded, keeping every other namespace the user asked for.
 * - **`NODE_DEBUG=http,https,net,tls`**, Node's own: it prints request options (headers, path) and
 *   socket events, never bodies. Every credential and the signature travel in the POST body, and the
 *   headers we send carry none, so it has nothing to print (the secret audit suite checks it).
 * - **Ours, `DEBUG=alicloud-vpn`**: one line per attempt with the operation, region, connection id,
 *   attempt, HTTP status, RequestId, code and waits, built only from those fields: never a body, a URL
 *   or a message of the service.
 *
 * @packageDocumentation
 */
import * as path from "node:path";

/** The `DEBUG` namespace of this package's own lines. */
export const DEBUG_NAMESPACE = "alicloud-vpn";

/** The namespaces of libraries that print request URLs or bodies, turned off by {@link silenceLibraryDebug}. */
const LEAKY_NAMESPACES = ["httpx:*", "httpx"];

function namespaceEnabled(setting: string | undefined, name: string): boolean {
    if (!setting) return false;
    let enabled = false;
    for (const raw of setting.split(/[\s,]+/)) {
        if (raw === "") continue;
        const negated = raw.startsWith("-");
        const pattern = negated ? raw.slice(1) : raw;
        const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*?")}$`);
        if (re.test(name)) {
            if (negated) return false;
            enabled = true;
        }
    }
    return enabled;
}

/** What one attempt's debug line says. Only these fields are ever printed. */
export interface AttemptDebugFields {
    /** The API operation. */
    operation: string;
    /** The region. */
    regionId: string;
    /** The connection, if the call is about one. */
    vpnConnectionId?: string;
    /** The attempt, 1 for the first. */
    attempt: number;
    /** `ok`, or the kind of failure. */
    outcome: string;
    /** The HTTP status, if an answer came. */
    httpStatus?: number;
    /** The RequestId, if any. */
    requestId?: string;
    /** Alibaba's code, if any. */
    code?: string;
    /** How long the attempt took. */
    elapsedMs: number;
    /** The wait before the next attempt, if one follows. */
    waitMs?: number;
}

const SAFE_TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;

function token(value: string | undefined): string | undefined {
    // Only identifier-like text is printed; anything else (a hostile code or RequestId) is dropped.
    return value !== undefined && SAFE_TOKEN.test(value) ? value : value === undefined ? undefined : "?";
}

/**
 * Writes one attempt's line to stderr when `DEBUG` enables {@link DEBUG_NAMESPACE}.
 *
 * @param fields - the attempt.
 * @param env - the environment. @default process.env
 */
export function debugAttempt(fields: AttemptDebugFields, env: NodeJS.ProcessEnv = process.env): void {
    if (!namespaceEnabled(env.DEBUG, DEBUG_NAMESPACE)) return;
    const parts = [
        `${token(fields.operation)}`,
        `region=${token(fields.regionId)}`,
        fields.vpnConnectionId !== undefined ? `id=${token(fields.vpnConnectionId)}` : undefined,
        `attempt=${fields.attempt}`,
        `outcome=${token(fields.outcome)}`,
        fields.httpStatus !== undefined ? `status=${fields.httpStatus}` : undefined,
        fields.requestId !== undefined ? `requestId=${token(fields.requestId)}` : undefined,
        fields.code !== undefined ? `code=${token(fields.code)}` : undefined,
        `elapsedMs=${Math.round(fields.elapsedMs)}`,
        fields.waitMs !== undefined ? `waitMs=${Math.round(fields.waitMs)}` : undefined,
    ].filter((p) => p !== undefined);
    process.stderr.write(`${DEBUG_NAMESPACE} ${parts.join(" ")}\n`);
}

interface DebugModule {
    disable(): string;
    enable(namespaces: string): void;
}

let silenced = false;

/**
 * Turns off the `httpx:*` namespaces in the copies of the `debug` package that `httpx` (used by
 * `@alicloud/credentials`) and pop-core load, keeping the rest of what `DEBUG` asks for. Resolved from
 * `httpx`'s own folder, so it reaches the copy that library really uses; a library that is not
 * installed is skipped. Idempotent.
 */
export function silenceLibraryDebug(): void {
    if (silenced) return;
    silenced = true;
    const seen = new Set<string>();
    for (const owner of ["httpx", "@alicloud/pop-core"]) {
        let file: string;
        try {
            const ownerEntry = require.resolve(owner, {
                paths: [path.dirname(require.resolve("@alicloud/credentials"))],
            });
            file = require.resolve("debug", { paths: [path.dirname(ownerEntry)] });
        } catch {
            continue;
        }
        if (seen.has(file)) continue;
        seen.add(file);
        const debug = require(file) as DebugModule;
        const current = debug.disable();
        const exclusions = LEAKY_NAMESPACES.map((n) => `-${n}`).join(",");
        // `enable` also saves the setting into process.env.DEBUG: child processes inherit the exclusion.
        debug.enable(current ? `${current},${exclusions}` : "");
    }
}
