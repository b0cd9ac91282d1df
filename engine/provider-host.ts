/**
 * A client of the real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`): starts it as a
 * child process and calls it over gRPC as the engine does (Configure, Check, Read), for tests and
 * benchmarks that need the provider host without a whole `pulumi` run.
 *
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import {
    annotateSecrets,
    dropUnknowns,
    unwrapSecretsDeep,
    UNKNOWN_VALUE,
    wrapSecret,
    type PropertyMap,
} from "./provider-wire";

/**
 * A call to the dynamic-provider host failed, or the host could not be started.
 *
 * For a failed gRPC call, `message` is exactly what the host sent (the gRPC status details, for a
 * dynamic provider the JS `Error.message` thrown by the provider), without grpc-js's
 * `"2 UNKNOWN: "` prefix, and `code` is the gRPC status code (2 = UNKNOWN for a thrown error).
 */
export class ProviderHostError extends Error {
    /** gRPC status code of the failed call; `undefined` when the host could not be started. */
    readonly code: number | undefined;

    /** The provider RPC that failed (`"Read"`, `"Configure"`…), or `"start"`. */
    readonly method: string;

    /** The host's standard error captured so far, for diagnostics. */
    readonly stderr: string;

    constructor(
        message: string,
        options: { method: string; code?: number; stderr?: string; cause?: unknown },
    ) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = "ProviderHostError";
        this.method = options.method;
        this.code = options.code;
        this.stderr = options.stderr ?? "";
    }
}

/**
 * Time allowed for the host to print its port and accept a connection.
 * @default 15000 — a cold start measures ~0.4 s here; the margin covers a loaded 2-core CI machine.
 */
export const DEFAULT_START_TIMEOUT_MS = 15_000;

/**
 * Deadline of each provider call.
 * @default 120000 — a provider may retry a throttled cloud API for up to a minute (Terraform's
 * policy), so the deadline must be longer than that; it only exists so a hung provider cannot hang
 * its caller forever.
 */
export const DEFAULT_CALL_TIMEOUT_MS = 120_000;

/** How much of the host's standard error is kept for diagnostics (the tail). */
const STDERR_LIMIT = 64 * 1024;

/** The gRPC message-size limit the Pulumi SDK itself uses (400 MiB): a provider blob can be large. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

/**
 * Preloaded in the host process: exit when our end of its stdin closes. The host never reads stdin,
 * so this is how it learns that the calling process died (even by SIGKILL) and must not outlive it.
 */
const ORPHAN_GUARD =
    "data:text/javascript,process.stdin.on('end',()=>process.exit(0));process.stdin.resume();";

/** Options of {@link ProviderHost.start}. */
export interface ProviderHostOptions {
    /**
     * Working directory of the host: the Pulumi program's directory. The host deserializes the
     * provider with `require-from-string`, whose `require` of a package resolves from this directory.
     */
    cwd: string;
    /** Environment of the host process. @default process.env */
    env?: NodeJS.ProcessEnv;
    /** @default {@link DEFAULT_START_TIMEOUT_MS} */
    startTimeoutMs?: number;
    /** @default {@link DEFAULT_CALL_TIMEOUT_MS} */
    callTimeoutMs?: number;
}

/** Options of {@link ProviderHost.configure}, beyond the config variables. */
export interface ConfigureOptions {
    /** Config keys whose values are secrets: sent wrapped as secrets, as the engine does. */
    secretKeys?: readonly string[];
    /** URN of the provider resource. @default the default `pulumi-nodejs` provider of project/stack "preview" */
    urn?: string;
    /** ID of the provider resource. @default the unknown value, as for a new provider in a preview */
    id?: string;
}

/** What the host answered to `Configure`. */
export interface ConfigureResult {
    /** Whether the provider accepts secrets; `false` for every dynamic provider. */
    acceptSecrets: boolean;
    /** Whether the provider accepts resource references. */
    acceptResources: boolean;
    /** Whether the provider implements preview for Create/Update. */
    supportsPreview: boolean;
}

/** What the host answered to `Read`, as plain JS values (wire encoding: secrets as signature objects). */
export interface ReadResult {
    /** The id the provider returned; `""` when it returned none (the resource does not exist). */
    id: string;
    /** The outputs, including the `__provider` the host copies back. */
    properties: PropertyMap;
    /** New inputs, when the provider returned any. */
    inputs?: PropertyMap;
}

/** What the host answered to `Check`. */
export interface CheckResult {
    /** The checked inputs (the host always copies `__provider` back into them). */
    inputs: PropertyMap;
    /** Validation failures reported by the provider's `check`. */
    failures: Array<{ property: string; reason: string }>;
}

interface Stubs {
    grpc: typeof grpcTypes;
    providerGrpc: typeof providerGrpc;
    providerPb: typeof providerPb;
    Struct: typeof structPb.Struct;
    hostScript: string;
}

const stubsByPulumiDir = new Map<string, Stubs>();
const liveProcesses = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Finds the `@pulumi/pulumi` package directory: the program's own copy first (its host must be the
 * one its program serialized the provider for), else this package's.
 */
export function resolvePulumiDir(fromDir: string): string {
    const attempts = [path.join(path.resolve(fromDir), "noop.js"), __filename];
    for (const from of attempts) {
        try {
            return path.dirname(createRequire(from).resolve("@pulumi/pulumi/package.json"));
        } catch {
            // try the next location
        }
    }
    throw new Error(`Cannot find @pulumi/pulumi from ${fromDir} nor from this package`);
}

/**
 * Loads the gRPC stubs from the `@pulumi/pulumi` copy in `pulumiDir`, so that the stubs, the
 * channel and `google-protobuf` all come from one grpc-js instance (two instances cannot share
 * credentials or channels).
 */
function loadStubs(pulumiDir: string): Stubs {
    const cached = stubsByPulumiDir.get(pulumiDir);
    if (cached) {
        return cached;
    }
    const req = createRequire(path.join(pulumiDir, "package.json"));
    const stubs: Stubs = {
        grpc: req("@grpc/grpc-js") as typeof grpcTypes,
        providerGrpc: req("./proto/provider_grpc_pb") as typeof providerGrpc,
        providerPb: req("./proto/provider_pb") as typeof providerPb,
        Struct: (req("google-protobuf/google/protobuf/struct_pb") as typeof structPb).Struct,
        hostScript: path.join(pulumiDir, "cmd", "dynamic-provider", "index.js"),
    };
    stubsByPulumiDir.set(pulumiDir, stubs);
    return stubs;
}

/** Kills every host still running when the calling process exits, whatever the reason. */
function installExitHook(): void {
    if (exitHookInstalled) {
        return;
    }
    exitHookInstalled = true;
    process.once("exit", () => {
        for (const child of liveProcesses) {
            child.kill("SIGKILL");
        }
    });
}

function isServiceError(err: unknown): err is grpcTypes.ServiceError {
    return err instanceof Error && typeof (err as Partial<grpcTypes.ServiceError>).code === "number";
}

/**
 * One real `@pulumi/pulumi/cmd/dynamic-provider` host process and a gRPC client to it: what the
 * Pulumi engine starts for the `pulumi-nodejs` provider and talks to during a deployment.
 *
 * Like the engine's provider plugin client, it unwraps secrets before sending properties to a
 * provider that does not accept them (every dynamic provider), and marks as secret the outputs whose
 * inputs of the same name were secret.
 *
 * @example
 * ```ts
 * const host = await ProviderHost.start({ cwd: programDir });
 * try {
 *     await host.configure({ "alicloud:region": "cn-hangzhou" });
 *     const { id, properties } = await host.read("vco-123", urn, { __provider: blob });
 * } finally {
 *     await host.stop();
 * }
 * ```
 */
export class ProviderHost {
    /** The host's standard error so far (its tail), e.g. the stack traces it logs for failed calls. */
    get stderr(): string {
        return this.stderrText;
    }

    /** The port the host listens on (loopback). */
    readonly port: number;

    /** Process id of the host. */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** Milliseconds from spawn to a ready gRPC connection. */
    readonly startMs: number;

    private stderrText = "";
    private exitInfo: string | undefined;
    private acceptSecrets = false;
    private stopping: Promise<void> | undefined;

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: providerGrpc.ResourceProviderClient,
        private readonly stubs: Stubs,
        private readonly callTimeoutMs: number,
        port: number,
        startMs: number,
        stderrSoFar: string,
    ) {
        this.port = port;
        this.startMs = startMs;
        this.stderrText = stderrSoFar;
        child.stderr?.on("data", (chunk: Buffer) => this.appendStderr(chunk.toString("utf8")));
        child.once("exit", (code, signal) => {
            this.exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
            liveProcesses.delete(child);
        });
    }

    /**
     * Spawns `node <@pulumi/pulumi>/cmd/dynamic-provider/index.js` in `options.cwd`, waits for the
     * port it prints alone on stdout and connects to it.
     *
     * @throws ProviderHostError (method `"start"`) when the process exits early, prints no port
     * within the start timeout, or cannot be connected to; the message includes its stderr.
     */
    static async start(options: ProviderHostOptions): Promise<ProviderHost> {
        const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
        const stubs = loadStubs(resolvePulumiDir(options.cwd));
        const started = performance.now();
        installExitHook();
        const child = spawn(
            process.execPath,
            // The host only checks that it got one argument (the engine address it never uses).
            ["--import", ORPHAN_GUARD, stubs.hostScript, "provider-host-client"],
            { cwd: options.cwd, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] },
        );
        liveProcesses.add(child);

        let stderr = "";
        const onStderr = (chunk: Buffer): void => {
            stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_LIMIT);
        };
        child.stderr?.on("data", onStderr);

        const fail = (message: string, cause?: unknown): ProviderHostError => {
            child.kill("SIGKILL");
            liveProcesses.delete(child);
            const tail = stderr.trim() ? `\n--- host stderr ---\n${stderr.trim()}` : "";
            return new ProviderHostError(`${message}${tail}`, { method: "start", stderr, cause });
        };

        let port: number;
        try {
            port = await new Promise<number>((resolve, reject) => {
                let stdout = "";
                const timer = setTimeout(
                    () => reject(new Error(`printed no port within ${startTimeoutMs} ms`)),
                    startTimeoutMs,
                );
                const cleanup = (): void => {
                    clearTimeout(timer);
                    child.stdout?.off("data", onStdout);
                    child.off("exit", onExit);
                    child.off("error", onError);
                };
                const onStdout = (chunk: Buffer): void => {
                    stdout += chunk.toString("utf8");
                    const match = /^(\d+)\s*$/m.exec(stdout);
                    if (match?.[1]) {
                        cleanup();
                        resolve(Number(match[1]));
                    }
                };
                const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
                    cleanup();
                    reject(
                        new Error(
                            `exited before printing its port (${signal ? `signal ${signal}` : `exit code ${code}`})`,
                        ),
                    );
                };
                const onError = (err: Error): void => {
                    cleanup();
                    reject(err);
                };
                child.stdout?.on("data", onStdout);
                child.once("exit", onExit);
                child.once("error", onError);
            });
        } catch (err) {
            throw fail(`Dynamic provider host ${stubs.hostScript} ${(err as Error).message}`, err);
        }

        const { grpc } = stubs;
        const client = new stubs.providerGrpc.ResourceProviderClient(
            `127.0.0.1:${port}`,
            grpc.credentials.createInsecure(),
            { "grpc.max_receive_message_length": MAX_MESSAGE_BYTES },
        );
        try {
            await new Promise<void>((resolve, reject) =>
                client.waitForReady(Date.now() + startTimeoutMs, (err) => (err ? reject(err) : resolve())),
            );
        } catch (err) {
            client.close();
            throw fail(
                `Cannot connect to the dynamic provider host on port ${port}: ${(err as Error).message}`,
                err,
            );
        }
        child.stderr?.off("data", onStderr);
        // The host keeps no state we need between its stdout lines; keep draining it so it never blocks.
        child.stdout?.resume();
        const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
        return new ProviderHost(
            child,
            client,
            stubs,
            callTimeoutMs,
            port,
            performance.now() - started,
            stderr,
        );
    }

    /**
     * Sends `Configure` with the stack config, as the engine does for the default `pulumi-nodejs`
     * provider. Since pulumi/pulumi #17697 the engine sends dynamic providers the whole stack config
     * with namespaced keys in `args`; the host passes them to the provider's `configure(req)`, so
     * `req.config.get("alicloud:region")` works. `variables` carries the same map (legacy field).
     *
     * Note the host calls the provider's `configure` only when it first deserializes that provider,
     * i.e. on the first Check/Read/… that carries it: call this before the first read.
     */
    async configure(
        variables: Record<string, string>,
        options: ConfigureOptions = {},
    ): Promise<ConfigureResult> {
        const pb = this.stubs.providerPb;
        const req = new pb.ConfigureRequest();
        const args: PropertyMap = {};
        const secretKeys = new Set(options.secretKeys ?? []);
        for (const [key, value] of Object.entries(variables)) {
            req.getVariablesMap().set(key, value);
            args[key] = secretKeys.has(key) ? wrapSecret(value) : value;
        }
        req.setArgs(this.stubs.Struct.fromJavaScript(args as Record<string, structPb.JavaScriptValue>));
        // What the engine advertises on every Configure.
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        req.setSendsOldInputs(true);
        req.setSendsOldInputsToDelete(true);
        req.setType("pulumi:providers:pulumi-nodejs");
        req.setName("default");
        req.setUrn(options.urn ?? "urn:pulumi:preview::preview::pulumi:providers:pulumi-nodejs::default");
        req.setId(options.id ?? UNKNOWN_VALUE);
        const resp = await this.unary<providerPb.ConfigureResponse>("Configure", (opts, cb) =>
            this.client.configure(req, new this.stubs.grpc.Metadata(), opts, cb),
        );
        this.acceptSecrets = resp.getAcceptsecrets();
        return {
            acceptSecrets: resp.getAcceptsecrets(),
            acceptResources: resp.getAcceptresources(),
            supportsPreview: resp.getSupportspreview(),
        };
    }

    /**
     * Sends `Read` as the engine's ReadStep does for a `{ id }` read: `properties` (the state) and
     * `inputs` are both the resource's inputs, secrets unwrapped, unknowns dropped.
     *
     * @param inputs defaults to `properties`.
     * @throws ProviderHostError with the provider's own message when its `read` throws.
     */
    async read(
        id: string,
        urn: string,
        properties: PropertyMap,
        inputs: PropertyMap = properties,
    ): Promise<ReadResult> {
        const pb = this.stubs.providerPb;
        const req = new pb.ReadRequest();
        req.setId(id);
        req.setUrn(urn);
        req.setName(urnName(urn));
        req.setType(urnType(urn));
        req.setProperties(this.toStruct(properties, false));
        req.setInputs(this.toStruct(inputs, false));
        const resp = await this.unary<providerPb.ReadResponse>("Read", (opts, cb) =>
            this.client.read(req, new this.stubs.grpc.Metadata(), opts, cb),
        );
        let outputs = (resp.getProperties()?.toJavaScript() ?? {}) as PropertyMap;
        if (!this.acceptSecrets) {
            outputs = annotateSecrets(outputs, properties);
        }
        const newInputs = resp.getInputs()?.toJavaScript() as PropertyMap | undefined;
        return { id: resp.getId(), properties: outputs, ...(newInputs ? { inputs: newInputs } : {}) };
    }

    /**
     * Sends `Check` (as the engine does before creating or updating a resource, previews included).
     * Unknown values are kept, as the engine keeps them during a preview.
     */
    async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
        const pb = this.stubs.providerPb;
        const req = new pb.CheckRequest();
        req.setUrn(urn);
        req.setName(urnName(urn));
        req.setType(urnType(urn));
        req.setOlds(this.toStruct(olds, true));
        req.setNews(this.toStruct(news, true));
        const resp = await this.unary<providerPb.CheckResponse>("Check", (opts, cb) =>
            this.client.check(req, new this.stubs.grpc.Metadata(), opts, cb),
        );
        let inputs = (resp.getInputs()?.toJavaScript() ?? {}) as PropertyMap;
        if (!this.acceptSecrets) {
            inputs = annotateSecrets(inputs, news);
        }
        return {
            inputs,
            failures: resp
                .getFailuresList()
                .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    /** True until {@link stop} is called or the process exits. */
    get running(): boolean {
        return this.stopping === undefined && this.exitInfo === undefined;
    }

    /**
     * Closes the channel and ends the process (SIGTERM, then SIGKILL after 2 s). Idempotent: every
     * call returns the same promise.
     */
    stop(): Promise<void> {
        this.stopping ??= (async () => {
            this.client.close();
            const child = this.child;
            child.stdin?.destroy();
            if (this.exitInfo === undefined && child.exitCode === null && child.signalCode === null) {
                await new Promise<void>((resolve) => {
                    const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
                    child.once("exit", () => {
                        clearTimeout(timer);
                        resolve();
                    });
                    child.kill("SIGTERM");
                });
            }
            child.stdout?.destroy();
            child.stderr?.destroy();
            liveProcesses.delete(child);
        })();
        return this.stopping;
    }

    private appendStderr(text: string): void {
        this.stderrText = (this.stderrText + text).slice(-STDERR_LIMIT);
    }

    private toStruct(value: PropertyMap, keepUnknowns: boolean): structPb.Struct {
        let wire: unknown = this.acceptSecrets ? value : unwrapSecretsDeep(value);
        wire = keepUnknowns ? stripUndefined(wire) : dropUnknowns(wire);
        return this.stubs.Struct.fromJavaScript(wire as Record<string, structPb.JavaScriptValue>);
    }

    private unary<T>(
        method: string,
        invoke: (
            options: grpcTypes.CallOptions,
            callback: (err: grpcTypes.ServiceError | null, resp?: T) => void,
        ) => unknown,
    ): Promise<T> {
        if (this.stopping) {
            return Promise.reject(
                new ProviderHostError(`${method}: the provider host was stopped`, { method }),
            );
        }
        if (this.exitInfo !== undefined) {
            return Promise.reject(
                new ProviderHostError(`${method}: the provider host has exited (${this.exitInfo})`, {
                    method,
                    stderr: this.stderrText,
                }),
            );
        }
        return new Promise<T>((resolve, reject) => {
            invoke({ deadline: Date.now() + this.callTimeoutMs }, (err, resp) => {
                if (err) {
                    reject(this.toError(method, err));
                } else if (resp === undefined) {
                    reject(
                        new ProviderHostError(`${method}: empty response from the provider host`, { method }),
                    );
                } else {
                    resolve(resp);
                }
            });
        });
    }

    private toError(method: string, err: unknown): ProviderHostError {
        if (isServiceError(err)) {
            // grpc-js builds `message` as "<code> <NAME>: <details>"; `details` is what the host sent.
            const message = err.details || err.message;
            return new ProviderHostError(message, {
                method,
                code: err.code,
                stderr: this.stderrText,
                cause: err,
            });
        }
        return new ProviderHostError(String(err), { method, stderr: this.stderrText, cause: err });
    }
}

function stripUndefined(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map((v) => (v === undefined ? null : stripUndefined(v)));
    }
    if (typeof value === "object" && value !== null) {
        const out: PropertyMap = {};
        for (const [k, v] of Object.entries(value)) {
            if (v !== undefined) {
                out[k] = stripUndefined(v);
            }
        }
        return out;
    }
    return value;
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` → name (the name may contain "::"). */
export function urnName(urn: string): string {
    const parts = urn.split("::");
    return parts.slice(3).join("::");
}

/** `urn:pulumi:<stack>::<project>::<parent$type>::<name>` → the resource's own type. */
export function urnType(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    return qualified.split("$").pop() ?? "";
}
