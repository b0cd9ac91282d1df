/**
 * Hermetic set-up for suites that run the real credential chain of `@alicloud/credentials`.
 *
 * `tests/support/setup-env.ts` points `process.env.HOME` at an empty directory, but under Jest `process.env` is
 * a per-file copy: `os.homedir()` still reads the real process's HOME, so the library would read the
 * real `~/.aliyun/config.json`. {@link useTempHome} makes `os.homedir()` follow `process.env.HOME`.
 *
 * {@link guardNetwork} refuses, and records, every outgoing connection that is not to a loopback host,
 * before any DNS lookup: a test can then assert that nothing tried to leave the machine (the ECS
 * metadata address, a credentials URI) while staying hermetic even when the code under test does.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Socket } from "node:net";

// The module objects themselves, not `import * as` namespace copies, so jest.spyOn can replace members
// that every other module (the credential library included) sees.
const os = require("node:os") as typeof import("node:os");
const net = require("node:net") as typeof import("node:net");

/** Makes `os.homedir()` return `process.env.HOME` (the temp dir of `setup-env.ts`) for this file. */
export function useTempHome(): void {
    let spy: jest.SpyInstance | undefined;
    beforeAll(() => {
        spy = jest.spyOn(os, "homedir").mockImplementation(() => {
            const home = process.env.HOME;
            if (home === undefined) throw new Error("HOME is not set");
            return home;
        });
    });
    afterEach(() => {
        const home = os.homedir();
        rmSync(join(home, ".aliyun"), { recursive: true, force: true });
        rmSync(join(home, ".alibabacloud"), { recursive: true, force: true });
    });
    afterAll(() => {
        // Core modules are shared by the test files a worker runs: put the real one back.
        spy?.mockRestore();
    });
}

/** One profile of `~/.aliyun/config.json`, in the aliyun CLI's format. */
export interface CliProfile {
    name: string;
    mode: "AK" | "StsToken";
    access_key_id: string;
    access_key_secret: string;
    sts_token?: string;
    region_id?: string;
}

/** Writes `~/.aliyun/config.json` into the temp home; `raw` writes the text as given. */
export function writeCliConfig(
    config: { current: string; profiles: CliProfile[] } | { raw: string },
): string {
    const dir = join(os.homedir(), ".aliyun");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "config.json");
    writeFileSync(path, "raw" in config ? config.raw : JSON.stringify(config, null, 4));
    return path;
}

/** Writes `~/.alibabacloud/credentials` (INI) into the temp home. */
export function writeSharedCredentials(text: string): string {
    const dir = join(os.homedir(), ".alibabacloud");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "credentials");
    writeFileSync(path, text);
    return path;
}

/** Whether a host is loopback (the only place a test may connect to). */
function isLoopback(host: string): boolean {
    const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
    return bare === "localhost" || bare === "::1" || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

function hostOf(args: unknown[]): string | undefined {
    // net.createConnection passes its normalized [options, callback] array as the first argument.
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    if (typeof first === "object" && first !== null) {
        const o = first as { host?: unknown; path?: unknown };
        if (typeof o.path === "string") return undefined; // a local (IPC) socket
        return typeof o.host === "string" ? o.host : "localhost";
    }
    return typeof args[1] === "string" ? args[1] : "localhost";
}

/**
 * Refuses every connection to a non-loopback host for the suite, failing it like a refused connection,
 * and returns the list of hosts that were refused (cleared before each test).
 */
export function guardNetwork(): { refused: string[] } {
    const state = { refused: [] as string[] };
    let spy: jest.SpyInstance | undefined;
    beforeAll(() => {
        const original = net.Socket.prototype.connect;
        spy = jest.spyOn(net.Socket.prototype, "connect").mockImplementation(function (
            this: Socket,
            ...args: unknown[]
        ) {
            const host = hostOf(args);
            if (host === undefined || isLoopback(host)) {
                return (original as (...a: unknown[]) => Socket).apply(this, args);
            }
            state.refused.push(host);
            const error = Object.assign(
                new Error(`connect ECONNREFUSED ${host} (refused by the test's network guard)`),
                {
                    code: "ECONNREFUSED",
                },
            );
            process.nextTick(() => this.destroy(error));
            return this;
        } as typeof original);
    });
    beforeEach(() => {
        state.refused.length = 0;
    });
    afterAll(() => {
        spy?.mockRestore();
    });
    return state;
}

/**
 * Saves `process.env` before each test and puts it back after, so a test can set variables freely
 * (the credential library reads `process.env` itself).
 */
export function restoreProcessEnv(): void {
    let saved: NodeJS.ProcessEnv = {};
    beforeEach(() => {
        saved = { ...process.env };
    });
    afterEach(() => {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
    });
}
