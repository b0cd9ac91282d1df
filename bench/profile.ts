/**
 * `npm run bench:profile`: where the time of `pulumi preview` goes, per process. Runs benchmark 3's
 * program (`bench/programs/fleet`) through the real CLI three times, for N empty dynamic resources, N
 * resources of a generated-SDK-like class with our output keys (the floor) and N `VpnConnection`s,
 * against an emulator without latency or quota, with `NODE_OPTIONS=--require <profiler>` so that every
 * Node.js process the CLI starts (the language host, the program, the dynamic-provider host) writes a V8
 * CPU profile (Node 20 refuses `--cpu-prof` in `NODE_OPTIONS`; the preloaded script starts the same
 * profiler through `node:inspector` and writes it when the process exits or is told to stop). Prints, for each run and process, its sampled CPU time, the files and the functions with the
 * most self time, and keeps the `.cpuprofile` files (they open in Chrome DevTools) in a temporary folder
 * whose path it prints.
 *
 * `PROFILE_N` sets the number of resources (300). Asserts nothing.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { VpcEmulator } from "../emulator/server";
import { makeFleet } from "../emulator/fleet";
import { fleetStack } from "./floor";

const N = Number(process.env.PROFILE_N ?? 300);
const REGION = "cn-qingdao";
const TOP = 14;

/** The parts of a `.cpuprofile` this summary reads. */
interface CpuProfile {
    nodes: {
        id: number;
        callFrame: { functionName: string; url: string; lineNumber: number };
    }[];
    samples: number[];
    timeDeltas: number[];
}

/** A profile's sampled time, by function and by file. */
interface Summary {
    /** Which process: `program`, `provider host`, `language host` or `other`. */
    role: string;
    totalMs: number;
    byFunction: [string, number][];
    byFile: [string, number][];
}

/** The file a frame belongs to, short: the package (and file) under node_modules, or a node: module. */
function fileOf(url: string): string {
    if (url === "") return "(native / V8)";
    const modules = url.lastIndexOf("node_modules/");
    if (modules >= 0) return url.slice(modules + "node_modules/".length);
    if (url.startsWith("node:")) return url;
    const dist = url.lastIndexOf("/dist/");
    if (dist >= 0) return `pulumi-alicloud-vpn/${url.slice(dist + 1)}`;
    return path.basename(url);
}

function roleOf(profile: CpuProfile): string {
    const urls = profile.nodes.map((n) => n.callFrame.url);
    if (urls.some((u) => u.includes("cmd/dynamic-provider"))) return "provider host";
    if (urls.some((u) => u.includes("cmd/run/"))) return "program";
    if (urls.some((u) => u.includes("nodejs-language-host"))) return "language host";
    return "other";
}

/** Self time of each sample, summed by function and by file. */
export function summarize(profile: CpuProfile): Summary {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const functions = new Map<string, number>();
    const files = new Map<string, number>();
    let total = 0;
    for (const [i, id] of profile.samples.entries()) {
        // V8 records the delta before each sample; it is the time that sample stands for.
        const ms = (profile.timeDeltas[i] ?? 0) / 1000;
        const frame = byId.get(id)?.callFrame;
        if (frame === undefined || frame.functionName === "(idle)") continue;
        total += ms;
        const file = fileOf(frame.url);
        const name = `${frame.functionName || "(anonymous)"} ${file}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
        functions.set(name, (functions.get(name) ?? 0) + ms);
        files.set(file, (files.get(file) ?? 0) + ms);
    }
    const top = (m: Map<string, number>): [string, number][] =>
        [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP);
    return { role: roleOf(profile), totalMs: total, byFunction: top(functions), byFile: top(files) };
}

/**
 * The script each process preloads: starts V8's sampling profiler and writes its profile into `dir` at
 * exit, or on SIGINT/SIGTERM (how the engine ends its plugins) before exiting. `Profiler.stop` answers
 * synchronously on a session of the process's own thread, so the write completes in an exit handler.
 */
function profilerScript(dir: string): string {
    return `"use strict";
const inspector = require("node:inspector");
const fs = require("node:fs");
const path = require("node:path");
const session = new inspector.Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.start");
let written = false;
function write() {
    if (written) return;
    written = true;
    session.post("Profiler.stop", (error, result) => {
        if (error) return;
        fs.mkdirSync(${JSON.stringify(dir)}, { recursive: true });
        fs.writeFileSync(path.join(${JSON.stringify(dir)}, "CPU." + process.pid + ".cpuprofile"), JSON.stringify(result.profile));
    });
}
process.on("exit", write);
for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
        write();
        process.exit(0);
    });
}
`;
}

function print(kind: string, wallMs: number, summaries: Summary[]): void {
    console.log(`\n## ${kind}: pulumi preview of ${N} resources, ${(wallMs / 1000).toFixed(2)} s wall`);
    for (const s of summaries.sort((a, b) => b.totalMs - a.totalMs)) {
        if (s.totalMs < 50) continue;
        console.log(
            `\n### ${s.role}: ${(s.totalMs / 1000).toFixed(2)} s sampled CPU (${(s.totalMs / N).toFixed(1)} ms per resource)`,
        );
        console.log("\nself time by file:");
        for (const [f, ms] of s.byFile) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${f}`);
        console.log("\nself time by function:");
        for (const [f, ms] of s.byFunction) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${f}`);
    }
}

async function main(): Promise<void> {
    const emulator = await VpcEmulator.start({ quota: { limit: 1_000_000_000, windowMs: 1000 } });
    const fleet = makeFleet(REGION, N);
    for (const c of fleet) emulator.putConnection(REGION, c);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-profile-"));
    const home = path.join(out, "home");
    fs.mkdirSync(home);
    // Every Node.js process the CLI starts writes its profile here; each run's are moved to a folder of
    // their own.
    const current = path.join(out, "current");
    const preload = path.join(out, "profiler.js");
    fs.writeFileSync(preload, profilerScript(current));
    const env: NodeJS.ProcessEnv = { HOME: home, NODE_OPTIONS: `--require ${preload}` };
    const stack = await fleetStack(fleet, REGION, env, {
        "alicloud-vpn:maxRequestsPerSecond": "10000",
        endpoint: emulator.endpoint,
    });
    try {
        // One run first, so that each measured run finds the same warm caches.
        await stack.must(["config", "set", "kind", "empty"]);
        await stack.must(["preview"]);
        fs.rmSync(current, { recursive: true, force: true });
        for (const kind of ["empty", "floor", "ours"]) {
            await stack.must(["config", "set", "kind", kind]);
            const start = performance.now();
            const result = await stack.run(["preview"]);
            const wallMs = performance.now() - start;
            if (result.code !== 0) {
                throw new Error(`${kind}: preview exited ${String(result.code)}\n${result.stdout}`);
            }
            const dir = path.join(out, kind);
            fs.renameSync(current, dir);
            const summaries = fs
                .readdirSync(dir)
                .filter((f) => f.endsWith(".cpuprofile"))
                .map((f) => summarize(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as CpuProfile));
            print(kind, wallMs, summaries);
        }
        console.log(`\nprofiles kept in ${out}`);
    } finally {
        stack.dispose();
        await emulator.stop();
    }
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
