/**
 * A small gRPC client of the real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`), the
 * process the Pulumi engine starts for dynamic resources: spawn it in the program's directory, read the
 * port it prints, send Configure with the stack config, then Read, as the engine's ReadStep does. Only
 * what the benchmarks need; kept apart from the preview harness so the benchmarks measure the host and
 * nothing of the harness.
 *
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";

/** The value the engine sends for a property it does not know yet (an unknown provider id here). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Preloaded in the host: exit when our end of its stdin closes, so no host outlives the benchmark. */
const ORPHAN_GUARD =
    "data:text/javascript,process.stdin.on('end',()=>process.exit(0));process.stdin.resume();";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = createRequire(path.join(pulumiDir, "package.json"));
const grpc = fromPulumi("@grpc/grpc-js") as typeof grpcTypes;
const pb = fromPulumi("./proto/provider_pb") as typeof providerPb;
const { ResourceProviderClient } = fromPulumi("./proto/provider_grpc_pb") as typeof providerGrpc;
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as typeof structPb;
const HOST_SCRIPT = path.join(pulumiDir, "cmd", "dynamic-provider", "index.js");

const live = new Set<ChildProcess>();
process.once("exit", () => {
    for (const child of live) child.kill("SIGKILL");
});

/** One provider host process and its gRPC client. */
export class BenchHost {
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: providerGrpc.ResourceProviderClient,
        /** When the process was spawned (performance.now()). */
        readonly spawnedAt: number,
    ) {}

    /**
     * Spawns a host in `cwd` and connects to it.
     *
     * @param cwd - the program's directory (the host resolves the provider's `require`s from it).
     * @param env - the host's environment.
     * @returns the connected host.
     */
    static async start(cwd: string, env: NodeJS.ProcessEnv): Promise<BenchHost> {
        const spawnedAt = performance.now();
        const child = spawn(process.execPath, ["--import", ORPHAN_GUARD, HOST_SCRIPT, "bench"], {
            cwd,
            env,
            stdio: ["pipe", "pipe", "pipe"],
        });
        live.add(child);
        let stderr = "";
        child.stderr?.on("data", (chunk: Buffer) => {
            stderr = (stderr + chunk.toString("utf8")).slice(-8192);
        });
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            const timer = setTimeout(
                () => reject(new Error(`the provider host printed no port: ${stderr}`)),
                30_000,
            );
            child.stdout?.on("data", (chunk: Buffer) => {
                out += chunk.toString("utf8");
                const match = /^(\d+)\s*$/m.exec(out);
                if (match?.[1]) {
                    clearTimeout(timer);
                    resolve(Number(match[1]));
                }
            });
            child.once("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`the provider host exited (${code}): ${stderr}`));
            });
        });
        child.stdout?.resume();
        const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        await new Promise<void>((resolve, reject) =>
            client.waitForReady(Date.now() + 30_000, (e) => (e ? reject(e) : resolve())),
        );
        return new BenchHost(child, client, spawnedAt);
    }

    /** The host's process id. */
    get pid(): number {
        return this.child.pid ?? 0;
    }

    /** Sends Configure with the stack config (namespaced keys), as the engine does for `pulumi-nodejs`. */
    configure(config: Record<string, string>): Promise<void> {
        const req = new pb.ConfigureRequest();
        for (const [k, v] of Object.entries(config)) req.getVariablesMap().set(k, v);
        req.setArgs(Struct.fromJavaScript(config));
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        req.setType("pulumi:providers:pulumi-nodejs");
        req.setName("default");
        req.setUrn("urn:pulumi:bench::bench::pulumi:providers:pulumi-nodejs::default");
        req.setId(UNKNOWN);
        return new Promise((resolve, reject) =>
            this.client.configure(req, (e) => (e ? reject(e) : resolve())),
        );
    }

    /**
     * Sends Read for a `{ id }` resource: the inputs are the state, as in the engine's ReadStep.
     *
     * @param id - the resource id.
     * @param inputs - the inputs, `__provider` included.
     * @returns the outputs.
     * @throws the provider's error (its message only, as the host sends it).
     */
    read(id: string, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
        const req = new pb.ReadRequest();
        req.setId(id);
        req.setUrn(`urn:pulumi:bench::bench::pulumi-nodejs:dynamic:Resource::${id}`);
        req.setType("pulumi-nodejs:dynamic:Resource");
        req.setName(id);
        const props = Struct.fromJavaScript(inputs as Record<string, structPb.JavaScriptValue>);
        req.setProperties(props);
        req.setInputs(props);
        return new Promise((resolve, reject) =>
            this.client.read(req, (e, resp) => {
                if (e) reject(new Error(e.details || e.message));
                else resolve((resp?.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>);
            }),
        );
    }

    /** Resident memory of the host process, in bytes (Linux `/proc`). */
    rssBytes(): number {
        const status = readFileSync(`/proc/${this.pid}/status`, "utf8");
        const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
        return kb === undefined ? Number.NaN : Number(kb) * 1024;
    }

    /** Closes the channel and ends the process. */
    async stop(): Promise<void> {
        this.client.close();
        const child = this.child;
        if (child.exitCode === null && child.signalCode === null) {
            const exited = new Promise((resolve) => child.once("exit", resolve));
            child.stdin?.destroy();
            child.kill("SIGTERM");
            await exited;
        }
        live.delete(child);
    }
}
