/**
 * `npm run bench`: the fleet-scale benchmarks, measured side by side in one run against the local
 * emulator (in a process of its own, `emulator-process.ts`, answering after a configured latency, with a
 * quota of Q calls per second per access key, region and action), through the real dynamic-provider
 * host over gRPC:
 *
 * 1. Fleet read: N reads of distinct connections at several concurrencies, this provider against a
 *    naive one (one pop-core call per read, no limiter).
 * 2. Two processes sharing one quota, each reading N connections.
 * 3. A stack through the real CLI: `pulumi preview` of N connections (`engine/`, a local file backend),
 *    beside the same stack against an API without latency or quota (the CLI's, program's and host's own
 *    time), a stack of N generated-SDK-like resources with the same outputs whose provider answers
 *    without a call (the floor, `floor.ts`), and a stack of N empty dynamic resources. The floor and the
 *    two stacks of ours run in three interleaved rounds; each figure is the median of its three.
 * 4. List: `getVpnConnections` over M connections of one region.
 * 5. Cold start: time to the first read result in a fresh host, against an empty provider.
 * 6. Footprint: `__provider` bytes from the packed tarball, and the host's memory after 1,000 reads
 *    against an empty provider's.
 * 7. Fleet drift: `alicloud-vpn snapshot --all` and `drift --all` over M connections at the real quota
 *    (600 calls per 60 s; the command at its default 10 calls/s), run as a pipeline runs them: the list path against the per-connection path
 *    (`--full-read`, measured on 100 connections and projected to M by its calls).
 *
 * Prints a table of figures, ratios and targets, and writes the same to `bench/results.json`.
 * `BENCH_ONLY=1,4` runs only the benchmarks named; `BENCH_QUOTA` and `BENCH_LATENCY_MS` change the
 * emulator's quota (100 calls/s) and latency (20 ms).
 * Asserts nothing: tests check behaviour, the benchmarks report what they measure.
 *
 * @packageDocumentation
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { FIXTURE_IDS } from "../emulator/fixtures";
import { makeFleet } from "../emulator/fleet";
import type { WireVpnConnection } from "../provider/wire";
import type { LocalStack } from "../engine/stack";
import { PulumiCliUnavailableError } from "../engine/cli";
import { closeIdleConnections } from "../provider/transport";
import { ProviderHost } from "../engine/provider-host";
import { EmulatorProcess } from "./emulator-process";
import { fleetStack } from "./floor";
import { CPU_DIR_ENV, type ProcessCpu, collectCpu, writeCpuPreload } from "./process-cpu";
import { EMPTY_PROVIDER, NAIVE_PROVIDER, ourProvider } from "./providers";

/** The emulator's quota in calls per second (per access key, region and action). */
const Q = Number(process.env.BENCH_QUOTA ?? 100);
/** The emulator's delay before every answer. */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
/** Reads of the fleet benchmarks, per process. */
const N = 300;
const CONCURRENCIES = [10, 32, 64];
/** Concurrency of each process in the two-process benchmark. */
const TWO_PROCESS_CONCURRENCY = 32;
/** Connections of the list benchmark. */
const M = 2000;
/**
 * The client's rate in the fleet-drift benchmark, calls per second: the real quota (600 calls per 60 s
 * per region, API and account), which the emulator enforces there as the service does, over a
 * 60-second window.
 */
const FLEET_DRIFT_Q = 10;
/** The region of the fleet-drift benchmark's M connections. */
const FLEET_DRIFT_REGION = "cn-zhangjiakou";
/**
 * Connections read by the per-connection path (`--full-read`) in the fleet-drift benchmark: at Q = 10/s
 * it takes M/Q = 200 s for M = 2,000, so it is measured on fewer and projected to M by its calls.
 */
const FLEET_DRIFT_FULL_M = 100;
const FLEET_DRIFT_FULL_REGION = "cn-shenzhen";
/** Reads before the memory of the footprint benchmark is taken. */
const FOOTPRINT_READS = 1000;
const COLD_START_RUNS = 5;
/** Benchmark 3: rounds of the floor, ours without latency or quota, and ours at the quota, interleaved. */
const STACK_ROUNDS = 3;

const FLEET_REGION = "cn-qingdao";
const LIST_REGION = "cn-beijing";
const ROOT = path.resolve(__dirname, "..", "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results.json");

/** One line of the table. */
interface Row {
    /** Which benchmark, e.g. `1 fleet read`. */
    bench: string;
    /** Which case of it. */
    case: string;
    /** What this package measured, in words. */
    ours: string;
    /** What the baseline measured, in words. */
    baseline: string;
    /** The target. */
    target: string;
    /** Whether the target was met; undefined when not run. */
    met: boolean | undefined;
    /** The figures, for the JSON file. */
    data: Record<string, unknown>;
}

interface RunResult {
    wallMs: number;
    failures: number;
    calls: number;
    throttled: number;
    errors: Record<string, number>;
}

const stackConfig = (maxRequestsPerSecond: number): Record<string, string> => ({
    "alicloud:region": FLEET_REGION,
    "alicloud:accessKey": DEFAULT_TEST_CREDENTIALS.accessKeyId,
    "alicloud:secretKey": DEFAULT_TEST_CREDENTIALS.accessKeySecret,
    "alicloud-vpn:maxRequestsPerSecond": String(maxRequestsPerSecond),
});

/** The first words of an error that say what kind it is (an Alibaba code when there is one). */
function errorKind(e: unknown): string {
    const message = e instanceof Error ? e.message : String(e);
    // pop-core's message is Alibaba's, without the code: "Request was denied due to user flow control."
    if (/Throttling|flow control/i.test(message)) return "throttled";
    return /\b([A-Z]\w+\.[A-Z]\w+|ServiceUnavailable|InternalError)\b/.exec(message)?.[1] ?? "other";
}

/** The host of the benchmarks, with the one thing the engine's client does not say: its memory. */
class BenchHost {
    private constructor(private readonly host: ProviderHost) {}

    /** Spawns a provider host in this repository (where the program's modules resolve) and connects. */
    static async start(cwd: string, env: NodeJS.ProcessEnv): Promise<BenchHost> {
        return new BenchHost(await ProviderHost.start({ cwd, env }));
    }

    /** Sends Configure with the stack config, the secret key as a secret, as the engine does. */
    async configure(config: Record<string, string>): Promise<void> {
        await this.host.configure(config, { secretKeys: ["alicloud:secretKey"] });
    }

    /** Sends Read for a `{ id }` resource, as the engine's ReadStep does. */
    async read(id: string, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
        const urn = `urn:pulumi:bench::bench::pulumi-nodejs:dynamic:Resource::${id}`;
        return (await this.host.read(id, urn, inputs)).properties;
    }

    /** Resident memory of the host process, in bytes (Linux `/proc`). */
    rssBytes(): number {
        const status = fs.readFileSync(`/proc/${this.host.pid ?? 0}/status`, "utf8");
        const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
        return kb === undefined ? Number.NaN : Number(kb) * 1024;
    }

    /** Ends the process. */
    stop(): Promise<void> {
        return this.host.stop();
    }
}

async function startHost(emulator: { endpoint: string }, config: Record<string, string>): Promise<BenchHost> {
    const env: NodeJS.ProcessEnv = { ...process.env, ALIBABA_CLOUD_ENDPOINT_VPC: emulator.endpoint };
    for (const key of Object.keys(env)) if (key === "ALIBABA_CLOUD_VPC_MAX_RPS") delete env[key];
    const host = await BenchHost.start(ROOT, env);
    await host.configure(config);
    return host;
}

/** Reads every id through the host, `concurrency` at a time; failures are counted, not thrown. */
async function readAll(
    host: BenchHost,
    provider: string,
    ids: readonly string[],
    concurrency: number,
): Promise<{ wallMs: number; failures: number; errors: Record<string, number> }> {
    let next = 0;
    let failures = 0;
    const errors: Record<string, number> = {};
    const start = performance.now();
    await Promise.all(
        Array.from({ length: concurrency }, async () => {
            while (next < ids.length) {
                const id = ids[next++] ?? "";
                try {
                    await host.read(id, { __provider: provider, vpnConnectionId: id });
                } catch (e) {
                    failures += 1;
                    const kind = errorKind(e);
                    errors[kind] = (errors[kind] ?? 0) + 1;
                }
            }
        }),
    );
    return { wallMs: performance.now() - start, failures, errors };
}

/** What the emulator answered since `from` (an index into its request log). */
async function apiCalls(
    emulator: EmulatorProcess,
    from: number,
    action: string,
): Promise<{ calls: number; throttled: number }> {
    const { calls, throttled } = await emulator.stats(from, action);
    return { calls, throttled };
}

/** Starts a host, warms it with one read (module loading is benchmark 5's business), then reads the fleet. */
async function fleetRun(
    emulator: EmulatorProcess,
    provider: string,
    ids: readonly string[],
    concurrency: number,
): Promise<RunResult> {
    const host = await startHost(emulator, stackConfig(Q));
    try {
        await host.read(ids[0] ?? "", { __provider: provider, vpnConnectionId: ids[0] });
        await emulator.resetQuota();
        const from = await emulator.mark();
        const run = await readAll(host, provider, ids, concurrency);
        return { ...run, ...(await apiCalls(emulator, from, "DescribeVpnConnection")) };
    } finally {
        await host.stop();
    }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const ratio = (x: number): string => `${x.toFixed(2)}×`;
const failed = (r: { failures: number; errors: Record<string, number> }): string =>
    r.failures === 0
        ? "0 failed"
        : `${r.failures} failed (${Object.entries(r.errors)
              .map(([k, v]) => `${k} ${v}`)
              .join(", ")})`;

async function fleetRead(emulator: EmulatorProcess, ours: string, ids: readonly string[]): Promise<Row[]> {
    const rows: Row[] = [];
    const ideal = (N / Q) * 1000;
    for (const concurrency of CONCURRENCIES) {
        const naive = await fleetRun(emulator, NAIVE_PROVIDER, ids, concurrency);
        const measured = await fleetRun(emulator, ours, ids, concurrency);
        const r = measured.wallMs / ideal;
        rows.push({
            bench: "1 fleet read",
            case: `N=${N}, concurrency ${concurrency}`,
            ours: `${failed(measured)}, ${seconds(measured.wallMs)} = ${ratio(r)} N/Q; ${measured.calls} calls, ${measured.throttled} throttled`,
            baseline: `${failed(naive)}, ${seconds(naive.wallMs)}`,
            target: "0 failed, ≤ 1.10× N/Q; naive fails",
            met: measured.failures === 0 && r <= 1.1 && naive.failures > 0,
            data: {
                concurrency,
                ours: { ...measured, ratio: r },
                naive: { ...naive, ratio: naive.wallMs / ideal },
            },
        });
    }
    return rows;
}

async function twoProcessRun(
    emulator: EmulatorProcess,
    provider: string,
    ids: readonly string[],
): Promise<RunResult & { perProcess: { wallMs: number; failures: number }[] }> {
    const hosts = await Promise.all([
        startHost(emulator, stackConfig(Q)),
        startHost(emulator, stackConfig(Q)),
    ]);
    try {
        await Promise.all(
            hosts.map((h) => h.read(ids[0] ?? "", { __provider: provider, vpnConnectionId: ids[0] })),
        );
        await emulator.resetQuota();
        const from = await emulator.mark();
        const start = performance.now();
        const runs = await Promise.all(hosts.map((h) => readAll(h, provider, ids, TWO_PROCESS_CONCURRENCY)));
        const wallMs = performance.now() - start;
        const errors: Record<string, number> = {};
        for (const run of runs) {
            for (const [k, v] of Object.entries(run.errors)) errors[k] = (errors[k] ?? 0) + v;
        }
        return {
            wallMs,
            failures: runs.reduce((a, r) => a + r.failures, 0),
            errors,
            ...(await apiCalls(emulator, from, "DescribeVpnConnection")),
            perProcess: runs.map((r) => ({ wallMs: r.wallMs, failures: r.failures })),
        };
    } finally {
        await Promise.all(hosts.map((h) => h.stop()));
    }
}

async function twoProcesses(emulator: EmulatorProcess, ours: string, ids: readonly string[]): Promise<Row> {
    const naive = await twoProcessRun(emulator, NAIVE_PROVIDER, ids);
    const measured = await twoProcessRun(emulator, ours, ids);
    const ideal = ((2 * N) / Q) * 1000;
    const r = measured.wallMs / ideal;
    return {
        bench: "2 two processes",
        case: `2 × N=${N}, concurrency ${TWO_PROCESS_CONCURRENCY} each, one quota`,
        ours: `${failed(measured)}, ${seconds(measured.wallMs)} = ${ratio(r)} total N/Q; ${measured.calls} calls, ${measured.throttled} throttled`,
        baseline: `${failed(naive)}, ${seconds(naive.wallMs)}`,
        target: "0 failed, ≤ 1.10× total N/Q; naive fails",
        met: measured.failures === 0 && r <= 1.1 && naive.failures > 0,
        data: { ours: { ...measured, ratio: r }, naive: { ...naive, ratio: naive.wallMs / ideal } },
    };
}

/** What one timed `pulumi preview` measured. */
type Preview = Awaited<ReturnType<typeof timedPreview>>;

/** The run whose `key` is the median of `runs` (an odd number of them). */
function medianRun(runs: readonly Preview[], key: (run: Preview) => number): Preview {
    const sorted = [...runs].sort((a, b) => key(a) - key(b));
    const middle = sorted[(sorted.length - 1) >> 1];
    if (middle === undefined) throw new Error("no preview was run");
    return middle;
}

/** Runs `pulumi preview` and says how long it took, what it read, and when the reads came. */
async function timedPreview(
    stack: LocalStack,
    emulator: EmulatorProcess,
    cpuDir: string,
): Promise<{
    wallMs: number;
    readsMs: number;
    /** From the start of the preview to the emulator's first answer to a read. */
    firstReadMs: number;
    code: number | null;
    okIds: Set<string>;
    calls: number;
    throttled: number;
    cpu: ProcessCpu;
}> {
    await emulator.resetQuota();
    const from = await emulator.mark();
    collectCpu(cpuDir);
    const start = performance.now();
    const startEpochMs = performance.timeOrigin + start;
    const result = await stack.run(["preview"]);
    const wallMs = performance.now() - start;
    if (result.code !== 0) {
        // A failed preview is reported (its row not met), with what the CLI said.
        process.stderr.write(
            `${result.command} exited ${String(result.code)}:\n${(result.stdout + result.stderr).slice(-2000)}\n`,
        );
    }
    // The provider host writes its CPU time as the engine ends it, around the CLI's own exit.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cpu = collectCpu(cpuDir);
    // The emulator process stamps each answer when it sees it: the first and the last read.
    const made = await emulator.stats(from, "DescribeVpnConnection");
    return {
        wallMs,
        // From the first answer to the last, plus the first call's own round trip.
        readsMs:
            made.firstMs === undefined || made.lastMs === undefined
                ? 0
                : made.lastMs - made.firstMs + LATENCY_MS,
        firstReadMs: made.firstMs === undefined ? 0 : made.firstMs - startEpochMs,
        code: result.code,
        okIds: new Set(made.okIds),
        calls: made.calls,
        throttled: made.throttled,
        cpu,
    };
}

async function cliStack(
    emulator: EmulatorProcess,
    fast: EmulatorProcess,
    fleet: readonly WireVpnConnection[],
): Promise<Row[]> {
    const ids = fleet.map((c) => c.VpnConnectionId ?? "");
    const row = {
        bench: "3 stack through the CLI",
        case: `pulumi preview of ${N} connections, default parallelism, median of ${STACK_ROUNDS}`,
        target: "0 failed, ≤ floor + 1.15× N/Q",
    };
    const floorRow = {
        bench: "3 stack through the CLI",
        case: `CPU of the program process: ${N} VpnConnections (API without latency or quota), median of ${STACK_ROUNDS}`,
        target: "≤ 1.10× the floor",
    };
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-bench-home-"));
    const cpuDir = path.join(home, "cpu");
    // Only the stack config configures the reads: no credentials, region or rate from this environment.
    // Every Node.js process of a preview writes its CPU time (process-cpu.ts).
    const env: NodeJS.ProcessEnv = {
        HOME: home,
        NODE_OPTIONS: `--require ${writeCpuPreload(home)}`,
        [CPU_DIR_ENV]: cpuDir,
    };
    let stack: LocalStack;
    try {
        stack = await fleetStack(fleet, FLEET_REGION, env, { kind: "empty" });
    } catch (e) {
        fs.rmSync(home, { recursive: true, force: true });
        if (!(e instanceof PulumiCliUnavailableError)) throw e;
        const notRun = { ours: `not run: ${e.message}`, baseline: "", met: undefined };
        return [
            { ...row, ...notRun, data: { run: false, reason: e.message } },
            { ...floorRow, ...notRun, data: { run: false, reason: e.message } },
        ];
    }
    try {
        // What the engine and a program of N one-property dynamic resources cost (and a warm machine).
        const empty = await timedPreview(stack, emulator, cpuDir);
        // Three rounds, interleaved so that a slow spell of a shared machine falls on every kind alike;
        // each figure below is the median of its three runs.
        const floors: Preview[] = [];
        const unthrottleds: Preview[] = [];
        const fulls: Preview[] = [];
        for (let round = 0; round < STACK_ROUNDS; round++) {
            // What a generated SDK's resource with our outputs costs, its provider answering without a call.
            await stack.must(["config", "set", "kind", "floor"]);
            floors.push(await timedPreview(stack, emulator, cpuDir));
            // The same stack of ours when the API answers at once and without a quota: the CLI's, the
            // program's and the host's own time for these resources.
            await stack.must(["config", "set", "kind", "ours"]);
            await stack.must(["config", "set", "endpoint", fast.endpoint]);
            await stack.must(["config", "set", "alicloud-vpn:maxRequestsPerSecond", "10000"]);
            unthrottleds.push(await timedPreview(stack, fast, cpuDir));
            // The benchmark: the API at Q calls/s with its latency, the provider at the quota's rate.
            await stack.must(["config", "set", "endpoint", emulator.endpoint]);
            await stack.must(["config", "set", "alicloud-vpn:maxRequestsPerSecond", String(Q)]);
            fulls.push(await timedPreview(stack, emulator, cpuDir));
        }
        const byWall = (run: Preview): number => run.wallMs;
        const byProgramCpu = (run: Preview): number => run.cpu.program;
        const floor = medianRun(floors, byWall);
        const full = medianRun(fulls, byWall);
        const unthrottled = medianRun(unthrottleds, byWall);
        const floorCpu = medianRun(floors, byProgramCpu);
        const unthrottledCpu = medianRun(unthrottleds, byProgramCpu);
        const failures = N - ids.filter((id) => full.okIds.has(id)).length;
        const ideal = (N / Q) * 1000;
        const gross = full.wallMs / ideal;
        const reads = full.readsMs / ideal;
        const overFloor = (full.wallMs - floor.wallMs) / ideal;
        const ownRatio = unthrottledCpu.cpu.program / floorCpu.cpu.program;
        const perResource = (ms: number): string => `${(ms / N).toFixed(1)} ms`;
        const cpuOf = (run: { cpu: ProcessCpu }): string =>
            `${seconds(run.cpu.program)} (${perResource(run.cpu.program)} a resource)`;
        return [
            {
                ...row,
                ours:
                    `${failures} failed (exit ${String(full.code)}), ${seconds(full.wallMs)} = floor ${overFloor < 0 ? "−" : "+"} ${ratio(Math.abs(overFloor))} N/Q ` +
                    `(${ratio(gross)} N/Q in all); its reads, first to last: ${seconds(full.readsMs)} = ${ratio(reads)} N/Q, the first ${seconds(full.firstReadMs)} after the start (unthrottled: ${seconds(unthrottled.firstReadMs)}); ` +
                    `${full.calls} calls, ${full.throttled} throttled`,
                baseline: `floor (${N} generated-SDK-like resources, no call): ${seconds(floor.wallMs)}`,
                met: failures === 0 && full.code === 0 && full.wallMs <= floor.wallMs + 1.15 * ideal,
                data: {
                    run: true,
                    failures,
                    exitCode: full.code,
                    wallMs: full.wallMs,
                    readsMs: full.readsMs,
                    floorMs: floor.wallMs,
                    firstReadMs: full.firstReadMs,
                    wallMsEachRound: { ours: fulls.map(byWall), floor: floors.map(byWall) },
                    ratio: gross,
                    overFloorRatio: overFloor,
                    readsRatio: reads,
                    calls: full.calls,
                    throttled: full.throttled,
                },
            },
            {
                ...floorRow,
                ours:
                    `${cpuOf(unthrottledCpu)} = ${ratio(ownRatio)} the floor; provider host ` +
                    `${seconds(unthrottledCpu.cpu.providerHost)} (its API calls included); wall ${seconds(unthrottledCpu.wallMs)}`,
                baseline:
                    `floor: ${cpuOf(floorCpu)}, host ${seconds(floorCpu.cpu.providerHost)}, wall ${seconds(floorCpu.wallMs)}; ` +
                    `${N} empty one-output resources: ${cpuOf(empty)}, wall ${seconds(empty.wallMs)}`,
                met: [...unthrottleds, ...floors].every((run) => run.code === 0) && ownRatio <= 1.1,
                data: {
                    run: true,
                    unthrottledMs: unthrottled.wallMs,
                    floorMs: floor.wallMs,
                    emptyProviderMs: empty.wallMs,
                    cpuMs: {
                        ours: unthrottledCpu.cpu,
                        floor: floorCpu.cpu,
                        empty: empty.cpu,
                        full: full.cpu,
                    },
                    ratio: ownRatio,
                    programCpuMsEachRound: {
                        ours: unthrottleds.map(byProgramCpu),
                        floor: floors.map(byProgramCpu),
                    },
                    exitCodes: {
                        empty: empty.code,
                        floor: floors.map((run) => run.code),
                        unthrottled: unthrottleds.map((run) => run.code),
                    },
                },
            },
        ];
    } finally {
        stack.dispose();
        fs.rmSync(home, { recursive: true, force: true });
    }
}

async function list(emulator: EmulatorProcess): Promise<Row> {
    await emulator.putFleet(LIST_REGION, M);
    // The program process reads its settings from the environment here.
    process.env.ALIBABA_CLOUD_VPC_MAX_RPS = String(Q);
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = DEFAULT_TEST_CREDENTIALS.accessKeyId;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = DEFAULT_TEST_CREDENTIALS.accessKeySecret;
    const { getVpnConnections } = await import("../sdk/getVpnConnections");
    // Warm the code paths with full pages, as the measured run reads them (in another region, so its
    // quota stays untouched): the first pages of 50 otherwise run unoptimized code on both sides of
    // the loopback. The fleet region holds N connections already.
    await getVpnConnections({ regionId: FLEET_REGION, endpoint: emulator.endpoint });
    await emulator.resetQuota();
    const from = await emulator.mark();
    const start = performance.now();
    const result = await getVpnConnections({ regionId: LIST_REGION, endpoint: emulator.endpoint });
    const wallMs = performance.now() - start;
    const { calls, throttled } = await apiCalls(emulator, from, "DescribeVpnConnections");
    const pages = Math.ceil(M / 50);
    const limitMs = (pages / Q) * 1000;
    const r = wallMs / limitMs;
    return {
        bench: "4 list",
        case: `getVpnConnections over M=${M}`,
        ours: `${result.ids.length} connections, ${calls} calls (ceil(M/50) = ${pages}), ${throttled} throttled; ${seconds(wallMs)} = ${ratio(r)} the quota limit (${seconds(limitMs)})`,
        baseline: "",
        target: `exactly ${pages} calls, ≤ 1.10× limit + ${LATENCY_MS} ms`,
        met: calls === pages && result.ids.length === M && wallMs <= 1.1 * limitMs + LATENCY_MS,
        data: { connections: result.ids.length, calls, pages, throttled, wallMs, limitMs, ratio: r },
    };
}

const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2
        ? (s[(s.length - 1) / 2] ?? 0)
        : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};

async function coldStart(fast: EmulatorProcess, ours: string): Promise<Row> {
    const time = async (provider: string, id: string): Promise<number> => {
        const spawned = performance.now();
        const host = await startHost(fast, { ...stackConfig(10), "alicloud:region": "cn-hangzhou" });
        try {
            await host.read(id, { __provider: provider, vpnConnectionId: id });
            return performance.now() - spawned;
        } finally {
            await host.stop();
        }
    };
    const ourTimes: number[] = [];
    const emptyTimes: number[] = [];
    for (let i = 0; i < COLD_START_RUNS; i++) {
        emptyTimes.push(await time(EMPTY_PROVIDER, FIXTURE_IDS.singleTunnel));
        ourTimes.push(await time(ours, FIXTURE_IDS.singleTunnel));
    }
    const r = median(ourTimes) / median(emptyTimes);
    return {
        bench: "5 cold start",
        case: `spawn to first read result, median of ${COLD_START_RUNS}`,
        ours: `${median(ourTimes).toFixed(0)} ms = ${ratio(r)} the empty provider`,
        baseline: `empty provider ${median(emptyTimes).toFixed(0)} ms`,
        target: "≤ 1.15×",
        met: r <= 1.15,
        data: { oursMs: ourTimes, emptyMs: emptyTimes, ratio: r },
    };
}

/** `__provider` as a program that installed the packed tarball stores it. */
async function packedProviderBytes(): Promise<{ bytes: number; requires: string }> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-bench-"));
    try {
        const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
            cwd: ROOT,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
        });
        const [packed] = JSON.parse(out) as { filename: string }[];
        const installed = path.join(work, "node_modules", "pulumi-alicloud-vpn");
        fs.mkdirSync(installed, { recursive: true });
        execFileSync("tar", [
            "-xzf",
            path.join(work, packed?.filename ?? ""),
            "-C",
            installed,
            "--strip-components=1",
        ]);
        const { vpnConnectionProvider } = require(path.join(installed, "dist", "sdk", "provider.js"));
        const { serializeFunction } = await import("@pulumi/pulumi/runtime/closure/serializeClosure");
        const text = (await serializeFunction(() => vpnConnectionProvider, { allowSecrets: true })).text;
        const requires = /require\("([^"]*dynamic\.js)"\)|"(pulumi-alicloud-vpn\/[^"]+)"/.exec(text);
        return { bytes: Buffer.byteLength(text), requires: requires?.[1] ?? requires?.[2] ?? "?" };
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

async function footprint(fast: EmulatorProcess, ours: string, ids: readonly string[]): Promise<Row> {
    const packed = await packedProviderBytes();
    const rssAfterReads = async (provider: string): Promise<number> => {
        const host = await startHost(fast, stackConfig(10_000));
        try {
            const many = Array.from({ length: FOOTPRINT_READS }, (_, i) => ids[i % ids.length] ?? "");
            const run = await readAll(host, provider, many, 16);
            if (run.failures > 0) throw new Error(`footprint reads failed: ${JSON.stringify(run.errors)}`);
            await new Promise((resolve) => setTimeout(resolve, 500));
            return host.rssBytes();
        } finally {
            await host.stop();
        }
    };
    const oursRss = await rssAfterReads(ours);
    const emptyRss = await rssAfterReads(EMPTY_PROVIDER);
    const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`;
    const r = oursRss / emptyRss;
    return {
        bench: "6 footprint",
        case: `__provider from the tarball; host RSS after ${FOOTPRINT_READS} reads`,
        ours: `${packed.bytes} bytes (${packed.requires}); ${mib(oursRss)} = ${ratio(r)} the empty provider`,
        baseline: `empty provider ${mib(emptyRss)}`,
        target: "≤ 4096 bytes; ≤ 1.15×",
        met: packed.bytes <= 4096 && r <= 1.15,
        data: { providerBytes: packed.bytes, providerRequires: packed.requires, oursRss, emptyRss, ratio: r },
    };
}

/** One `alicloud-vpn` command run as a pipeline runs it, timed against the emulator's log. */
interface CommandRun {
    /** Exit status. */
    code: number | null;
    /** Spawn to exit. */
    wallMs: number;
    /** From the command's first call (its first answer less one round trip) to its exit. */
    fromFirstCallMs: number;
    /** `DescribeVpnConnections` calls. */
    listCalls: number;
    /** `DescribeVpnConnection` calls. */
    readCalls: number;
    /** Calls answered `Throttling*`. */
    throttled: number;
    /** The last lines of its stderr, when it failed. */
    stderr: string;
}

async function runCommand(
    emulator: EmulatorProcess,
    args: readonly string[],
    home: string,
): Promise<CommandRun> {
    await emulator.resetQuota();
    const from = await emulator.mark();
    const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: home,
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
        ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_TEST_CREDENTIALS.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_TEST_CREDENTIALS.accessKeySecret,
        ALIBABA_CLOUD_VPC_MAX_RPS: String(FLEET_DRIFT_Q),
    };
    const cli = path.join(ROOT, "dist", "cli", "main.js");
    const spawned = performance.timeOrigin + performance.now();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [cli, ...args, "--endpoint", emulator.endpoint], {
            env,
            stdio: ["ignore", "ignore", "pipe"],
        });
        let err = "";
        child.stderr.on("data", (d: Buffer) => {
            err = (err + d.toString()).slice(-2000);
        });
        child.on("error", reject);
        child.on("close", (c) => resolve({ code: c, stderr: err }));
    });
    const exited = performance.timeOrigin + performance.now();
    const list = await emulator.stats(from, "DescribeVpnConnections");
    const reads = await emulator.stats(from, "DescribeVpnConnection");
    const firstAnswer = Math.min(list.firstMs ?? exited, reads.firstMs ?? exited);
    return {
        code,
        wallMs: exited - spawned,
        fromFirstCallMs: exited - (firstAnswer - LATENCY_MS),
        listCalls: list.calls,
        readCalls: reads.calls,
        throttled: list.throttled + reads.throttled,
        stderr,
    };
}

async function fleetDrift(): Promise<Row[]> {
    const emulator = await EmulatorProcess.start({
        quota: { limit: FLEET_DRIFT_Q * 60, windowMs: 60_000 },
        latencyMs: LATENCY_MS,
    });
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-bench-drift-"));
    try {
        await emulator.putFleet(FLEET_DRIFT_REGION, M);
        await emulator.putFleet(FLEET_DRIFT_FULL_REGION, FLEET_DRIFT_FULL_M);
        const baseline = path.join(home, "baseline.json");
        const fullBaseline = path.join(home, "baseline-full.json");
        const region = ["--all", "--region", FLEET_DRIFT_REGION];
        const fullRegion = ["--all", "--full-read", "--region", FLEET_DRIFT_FULL_REGION];
        const runs = {
            snapshot: await runCommand(emulator, ["snapshot", ...region, "--out", baseline], home),
            drift: await runCommand(emulator, ["drift", ...region, "--baseline", baseline], home),
            fullSnapshot: await runCommand(
                emulator,
                ["snapshot", ...fullRegion, "--out", fullBaseline],
                home,
            ),
            fullDrift: await runCommand(emulator, ["drift", ...fullRegion, "--baseline", fullBaseline], home),
        };
        const pages = Math.ceil(M / 50);
        const limitMs = (pages / FLEET_DRIFT_Q) * 1000;
        const fullCalls = Math.ceil(FLEET_DRIFT_FULL_M / 50) + FLEET_DRIFT_FULL_M;
        const row = (command: "snapshot" | "drift", ours: CommandRun, full: CommandRun): Row => {
            // The per-connection path at M, projected from m by its calls: each call is 1/Q at the quota.
            const projectedMs = full.fromFirstCallMs * ((pages + M) / fullCalls);
            const r = ours.fromFirstCallMs / limitMs;
            const failed = (run: CommandRun): string =>
                run.code === 0
                    ? ""
                    : ` EXIT ${String(run.code)}: ${run.stderr.trim().split("\n").pop() ?? ""}`;
            return {
                bench: "7 fleet drift",
                case: `${command} --all, M=${M} at Q=${FLEET_DRIFT_Q}/s`,
                ours:
                    `list path: ${ours.listCalls} + ${ours.readCalls} calls, ${ours.throttled} throttled; ` +
                    `${seconds(ours.fromFirstCallMs)} from the first call = ${ratio(r)} ceil(M/50)/Q, ` +
                    `${seconds(ours.wallMs)} from spawn${failed(ours)}`,
                baseline:
                    `--full-read: ${seconds(projectedMs)} projected (${FLEET_DRIFT_FULL_M} connections: ` +
                    `${full.listCalls} + ${full.readCalls} calls, ${seconds(full.fromFirstCallMs)})${failed(full)}`,
                target: `exactly ${pages} + 0 calls, ≤ 1.10× ceil(M/50)/Q (${seconds(1.1 * limitMs)})`,
                met:
                    ours.code === 0 &&
                    ours.listCalls === pages &&
                    ours.readCalls === 0 &&
                    ours.fromFirstCallMs <= 1.1 * limitMs,
                data: {
                    ours,
                    full,
                    pages,
                    limitMs,
                    ratio: r,
                    projectedFullReadMs: projectedMs,
                    fullM: FLEET_DRIFT_FULL_M,
                },
            };
        };
        return [row("snapshot", runs.snapshot, runs.fullSnapshot), row("drift", runs.drift, runs.fullDrift)];
    } finally {
        await emulator.stop();
        fs.rmSync(home, { recursive: true, force: true });
    }
}

function printTable(rows: Row[]): void {
    const header = {
        bench: "benchmark",
        case: "case",
        ours: "pulumi-alicloud-vpn",
        baseline: "baseline",
        target: "target",
        met: "met",
    };
    const cells = [
        header,
        ...rows.map((r) => ({ ...r, met: r.met === undefined ? "–" : r.met ? "yes" : "NO" })),
    ];
    const keys = ["bench", "case", "ours", "baseline", "target", "met"] as const;
    const widths = keys.map((k) => Math.max(...cells.map((c) => String(c[k]).length)));
    for (const [i, c] of cells.entries()) {
        console.log(`| ${keys.map((k, j) => String(c[k]).padEnd(widths[j] ?? 0)).join(" | ")} |`);
        if (i === 0) console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
    }
}

async function main(): Promise<void> {
    const started = performance.now();
    const emulator = await EmulatorProcess.start({
        quota: { limit: Q, windowMs: 1000 },
        latencyMs: LATENCY_MS,
    });
    // Cold start and footprint measure the host, not the network or the quota.
    const fast = await EmulatorProcess.start({ quota: { limit: 1_000_000_000, windowMs: 1000 } });
    // The same fleet as the emulator processes generate.
    const fleet = makeFleet(FLEET_REGION, N);
    await emulator.putFleet(FLEET_REGION, N);
    await fast.putFleet(FLEET_REGION, N);
    const ids = fleet.map((c) => c.VpnConnectionId ?? "");
    const ours = await ourProvider();
    console.log(
        `pulumi-alicloud-vpn benchmarks: Node ${process.version}, ${os.cpus().length} CPUs; emulator quota Q = ${Q} calls/s (sliding 1 s window), latency ${LATENCY_MS} ms\n`,
    );
    const rows: Row[] = [];
    try {
        const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
        const step = async (name: string, run: () => Promise<Row | Row[]>): Promise<void> => {
            if (only !== undefined && !only.includes(name.split(" ")[0] ?? "")) return;
            process.stderr.write(`running ${name}…\n`);
            const result = await run();
            rows.push(...(Array.isArray(result) ? result : [result]));
        };
        await step("1 fleet read", () => fleetRead(emulator, ours, ids));
        await step("2 two processes", () => twoProcesses(emulator, ours, ids));
        await step("3 stack through the CLI", () => cliStack(emulator, fast, fleet));
        await step("4 list", () => list(emulator));
        await step("5 cold start", () => coldStart(fast, ours));
        await step("6 footprint", () => footprint(fast, ours, ids));
        await step("7 fleet drift", () => fleetDrift());
    } finally {
        await emulator.stop();
        await fast.stop();
        closeIdleConnections();
    }
    printTable(rows);
    const totalMs = performance.now() - started;
    console.log(`\nwritten to ${path.relative(process.cwd(), RESULTS_FILE)} in ${seconds(totalMs)}`);
    fs.writeFileSync(
        RESULTS_FILE,
        `${JSON.stringify(
            {
                date: new Date().toISOString(),
                node: process.version,
                cpus: os.cpus().length,
                settings: {
                    quotaPerSecond: Q,
                    latencyMs: LATENCY_MS,
                    n: N,
                    m: M,
                    fleetDriftQuotaPerSecond: FLEET_DRIFT_Q,
                    fleetDriftFullReadM: FLEET_DRIFT_FULL_M,
                    concurrencies: CONCURRENCIES,
                },
                totalMs,
                results: rows,
            },
            null,
            2,
        )}\n`,
    );
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
