/**
 * The CPU time of each Node.js process a `pulumi preview` starts (the program, the dynamic-provider
 * host, the language host), for benchmark 3: on a shared machine wall time says as much about the other
 * users of the cores as about the program, while a process's CPU time says what it cost. A script
 * preloaded through `NODE_OPTIONS=--require` writes `process.cpuUsage()` at exit (or when the engine
 * ends the process with SIGINT or SIGTERM) into a folder, one file a process.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The environment variable that names the folder the preloaded script writes into. */
export const CPU_DIR_ENV = "ALICLOUD_VPN_BENCH_CPU_DIR";

/** CPU time by process role, in ms. */
export interface ProcessCpu {
    /** The program (`@pulumi/pulumi/cmd/run`). */
    program: number;
    /** The dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`). */
    providerHost: number;
    /** The language host and anything else. */
    other: number;
}

/**
 * Writes the preloaded script into `dir` and returns its path, for `NODE_OPTIONS=--require <path>`.
 *
 * @param dir - a folder of the benchmark's own.
 * @returns the script's path.
 */
export function writeCpuPreload(dir: string): string {
    const file = path.join(dir, "cpu-usage.js");
    fs.writeFileSync(
        file,
        `"use strict";
const fs = require("node:fs");
const path = require("node:path");
const dir = process.env.${CPU_DIR_ENV};
let written = false;
function write() {
    if (written || !dir) return;
    written = true;
    const usage = process.cpuUsage();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
        path.join(dir, process.pid + ".json"),
        JSON.stringify({ script: process.argv[1] || "", cpuMs: (usage.user + usage.system) / 1000 }),
    );
}
process.on("exit", write);
for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
        write();
        process.exit(0);
    });
}
`,
    );
    return file;
}

/**
 * Sums what the processes wrote into `dir` by role, and empties it for the next run.
 *
 * @param dir - the folder named by {@link CPU_DIR_ENV}.
 * @returns CPU time by role.
 */
export function collectCpu(dir: string): ProcessCpu {
    const cpu: ProcessCpu = { program: 0, providerHost: 0, other: 0 };
    if (!fs.existsSync(dir)) return cpu;
    for (const name of fs.readdirSync(dir)) {
        const { script, cpuMs } = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as {
            script: string;
            cpuMs: number;
        };
        const role: keyof ProcessCpu = /cmd[\\/]run/.test(script)
            ? "program"
            : /cmd[\\/]dynamic-provider/.test(script)
              ? "providerHost"
              : "other";
        cpu[role] += cpuMs;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    return cpu;
}
