/**
 * The benchmarks' emulator, in a process of its own: the emulator's CPU time (signing checks, shaping
 * and serializing 2,000 connections) no longer shares the measuring process's event loop and cores'
 * time slices with the client being measured. The benchmark forks this file and drives it over Node's
 * IPC channel: fill a region with a generated fleet, reset the quota, and ask what the emulator
 * answered (calls, throttled calls, connections read, when the first and the last answer of an action
 * came).
 *
 * @packageDocumentation
 */
import { type ChildProcess, fork } from "node:child_process";
import { performance } from "node:perf_hooks";
import { makeFleet } from "../emulator/fleet";
import type { QuotaOptions } from "../emulator/quota";
import { type EmulatorRequestRecord, VpcEmulator } from "../emulator/server";

/** How the child's emulator is started. */
export interface EmulatorProcessOptions {
    /** Calls per window, per access key, region and action. */
    quota: QuotaOptions;
    /** Delay before every answer. @default 0 */
    latencyMs?: number;
}

/** What the emulator answered for one action since a mark. */
export interface ActionStats {
    /** Requests of the action. */
    calls: number;
    /** Of them, answered with a `Throttling*` code. */
    throttled: number;
    /** Connection ids of the requests answered 200 (DescribeVpnConnection). */
    okIds: string[];
    /**
     * When the first answer was sent, ms since the epoch (`performance.timeOrigin + performance.now()`,
     * comparable with the parent's); undefined without answers.
     */
    firstMs?: number;
    /** When the last answer was sent, ms since the epoch. */
    lastMs?: number;
}

type Request =
    | { op: "putFleet"; regionId: string; count: number }
    | { op: "resetQuota" }
    | { op: "mark" }
    | { op: "stats"; from: number; action: string }
    | { op: "stop" };

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** How long a request to the child may take before the benchmark gives up. */
const REQUEST_TIMEOUT_MS = 60_000;
/** How long the child may take to start. */
const START_TIMEOUT_MS = 30_000;

/** The parent's handle on the emulator process. */
export class EmulatorProcess {
    private nextId = 0;
    private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

    private constructor(
        private readonly child: ChildProcess,
        /** The emulator's endpoint, `http://127.0.0.1:<port>`. */
        readonly endpoint: string,
    ) {
        child.on("message", (reply: Reply) => {
            const waiter = this.pending.get(reply.id);
            if (waiter === undefined) return;
            this.pending.delete(reply.id);
            if (reply.ok) waiter.resolve(reply.value);
            else waiter.reject(new Error(`emulator process: ${reply.error}`));
        });
        child.on("exit", (code) => {
            for (const waiter of this.pending.values()) {
                waiter.reject(new Error(`emulator process exited (${String(code)})`));
            }
            this.pending.clear();
        });
    }

    /**
     * Forks the emulator process and waits until it listens.
     *
     * @param options - quota and latency.
     * @returns the handle.
     * @throws Error when the child does not start within {@link START_TIMEOUT_MS}.
     */
    static async start(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
        const child = fork(__filename, [JSON.stringify(options)], {
            stdio: ["ignore", "inherit", "inherit", "ipc"],
        });
        const endpoint = await new Promise<string>((resolve, reject) => {
            const timer = setTimeout(() => {
                child.kill();
                reject(new Error(`emulator process did not start within ${START_TIMEOUT_MS} ms`));
            }, START_TIMEOUT_MS);
            child.once("message", (m: { endpoint?: string }) => {
                clearTimeout(timer);
                if (typeof m.endpoint === "string") resolve(m.endpoint);
                else reject(new Error("emulator process sent no endpoint"));
            });
            child.once("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`emulator process exited (${String(code)}) before it listened`));
            });
        });
        return new EmulatorProcess(child, endpoint);
    }

    private call<T>(request: Request): Promise<T> {
        const id = this.nextId++;
        return new Promise<T>((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pending.delete(id);
                reject(
                    new Error(`emulator process: no answer to ${request.op} within ${REQUEST_TIMEOUT_MS} ms`),
                );
            }, REQUEST_TIMEOUT_MS);
            this.pending.set(id, {
                resolve: (v) => {
                    clearTimeout(timer);
                    resolve(v as T);
                },
                reject: (e) => {
                    clearTimeout(timer);
                    reject(e);
                },
            });
            this.child.send({ id, ...request });
        });
    }

    /** Puts `makeFleet(regionId, count)` into the region (the same fleet the parent generates). */
    putFleet(regionId: string, count: number): Promise<void> {
        return this.call({ op: "putFleet", regionId, count });
    }

    /** Empties every quota window. */
    resetQuota(): Promise<void> {
        return this.call({ op: "resetQuota" });
    }

    /** The number of requests so far: pass it to {@link stats} to count what came after. */
    mark(): Promise<number> {
        return this.call({ op: "mark" });
    }

    /** What the emulator answered for `action` since the mark `from`. */
    stats(from: number, action: string): Promise<ActionStats> {
        return this.call({ op: "stats", from, action });
    }

    /** Stops the emulator and waits for the process to end. */
    async stop(): Promise<void> {
        if (this.child.exitCode !== null) return;
        const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
        try {
            await this.call({ op: "stop" });
        } catch {
            this.child.kill();
        }
        await exited;
    }
}

/** The child: runs the emulator and answers the parent's requests. */
async function child(options: EmulatorProcessOptions): Promise<void> {
    const emulator = await VpcEmulator.start({ quota: options.quota, latencyMs: options.latencyMs ?? 0 });
    // The emulator's log has no times: stamp each record when it is first seen, every 2 ms.
    const seenAt: number[] = [];
    const stamp = (): void => {
        const now = performance.timeOrigin + performance.now();
        for (let i = seenAt.length; i < emulator.requests.length; i++) seenAt.push(now);
    };
    const stamper = setInterval(stamp, 2);
    const send = (reply: Reply): void => void process.send?.(reply);
    process.on("message", (message: Request & { id: number }) => {
        const { id } = message;
        try {
            switch (message.op) {
                case "putFleet":
                    for (const c of makeFleet(message.regionId, message.count)) {
                        emulator.putConnection(message.regionId, c);
                    }
                    send({ id, ok: true, value: null });
                    break;
                case "resetQuota":
                    emulator.resetQuota();
                    send({ id, ok: true, value: null });
                    break;
                case "mark":
                    stamp();
                    send({ id, ok: true, value: emulator.requests.length });
                    break;
                case "stats": {
                    stamp();
                    const records = emulator.requests.slice(message.from);
                    const indexes = records
                        .map((r, i) => [r, message.from + i] as [EmulatorRequestRecord, number])
                        .filter(([r]) => r.action === message.action);
                    const times = indexes.map(
                        ([, i]) => seenAt[i] ?? performance.timeOrigin + performance.now(),
                    );
                    const stats: ActionStats = {
                        calls: indexes.length,
                        throttled: indexes.filter(([r]) => r.code?.startsWith("Throttling")).length,
                        okIds: indexes
                            .filter(([r]) => r.status === 200 && r.vpnConnectionId !== undefined)
                            .map(([r]) => r.vpnConnectionId ?? ""),
                        firstMs: times.length > 0 ? Math.min(...times) : undefined,
                        lastMs: times.length > 0 ? Math.max(...times) : undefined,
                    };
                    send({ id, ok: true, value: stats });
                    break;
                }
                case "stop":
                    clearInterval(stamper);
                    void emulator.stop().then(() => {
                        send({ id, ok: true, value: null });
                        process.disconnect();
                    });
                    break;
            }
        } catch (e) {
            send({ id, ok: false, error: (e as Error).message });
        }
    });
    process.on("disconnect", () => {
        clearInterval(stamper);
        void emulator.stop();
    });
    process.send?.({ endpoint: emulator.endpoint });
}

if (require.main === module) {
    child(JSON.parse(process.argv[2] ?? "{}") as EmulatorProcessOptions).catch((e: unknown) => {
        console.error(e);
        process.exit(1);
    });
}
