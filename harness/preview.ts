import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PreviewError } from "./errors";
import { ProviderHost } from "./host";
import { PreviewMonitor, stackOutputsOf, type EmptyReadIdPolicy } from "./monitor";
import { loadProgramModule, readProjectFile } from "./program";
import type { PreviewResult } from "./result";

/**
 * Stack previewed when none is given.
 * @default "dev" — the stack name `pulumi new` proposes.
 */
export const DEFAULT_STACK = "dev";

/**
 * Organization reported to the program (`pulumi.getOrganization()`).
 * @default "organization" — what the Pulumi CLI reports with a self-managed (file) backend.
 */
export const DEFAULT_ORGANIZATION = "organization";

/**
 * Time allowed, after the program returned, for its last resource operations (the stack outputs
 * among them) to finish, and, after a failure, for requests already with the provider to finish.
 * @default 30000
 */
export const DEFAULT_SETTLE_TIMEOUT_MS = 30_000;

/** Options of {@link runPreview}. */
export interface PreviewOptions {
    /**
     * The Pulumi project directory (holding Pulumi.yaml). The provider host runs there, and so does
     * the program: the process's working directory is changed to it for the run, as the language
     * host does, and restored afterwards.
     */
    programDir: string;
    /**
     * The program itself; its return value (awaited) is the stack outputs. When absent the program
     * module is loaded from `programDir` (see {@link loadProgramModule}); if it exports a function,
     * that function is the program, as with the Pulumi CLI.
     */
    program?: () => unknown | Promise<unknown>;
    /** Project name. @default the `name:` of `<programDir>/Pulumi.yaml` */
    project?: string;
    /** Stack name. @default {@link DEFAULT_STACK} */
    stack?: string;
    /**
     * Stack config with namespaced keys, e.g. `{ "alicloud:region": "cn-hangzhou" }`: visible to
     * the program through `pulumi.Config` and to the dynamic provider's `configure(req)`.
     * @default {}
     */
    config?: Record<string, string>;
    /** Config keys whose values are secret (`pulumi config set --secret`). @default [] */
    secretConfigKeys?: readonly string[];
    /** Environment of the provider host process. @default process.env */
    env?: NodeJS.ProcessEnv;
    /**
     * What to do when a provider's `read` returns an empty id for a `{ id }` read.
     *
     * `"fail"` is what the engine does: its provider client turns an empty id into "no such
     * resource" and the ReadStep fails with `resource '<id>' does not exist` (pulumi/pulumi
     * `pkg/resource/deploy/step.go`). `"keep-requested-id"` keeps the requested id and the returned
     * properties instead; that is NOT engine behaviour and exists only for comparison.
     * @default "fail"
     */
    emptyReadId?: EmptyReadIdPolicy;
    /** @default {@link DEFAULT_SETTLE_TIMEOUT_MS} */
    settleTimeoutMs?: number;
}

let running = false;

function message(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

interface OutputLike {
    promise(withUnknowns?: boolean): Promise<unknown>;
    isKnown?: Promise<unknown>;
    isSecret?: Promise<unknown>;
}

/**
 * Awaits every promise and Output in the program's return value, so that one that rejects does so
 * here, where it is handled, and not later inside the SDK's own walk of the stack outputs.
 */
async function settleOutputs(value: unknown, seen = new Set<object>()): Promise<void> {
    if (value instanceof Promise) {
        return settleOutputs(await value, seen);
    }
    if (pulumi.Output.isInstance(value)) {
        const output = value as unknown as OutputLike;
        // An Output derives `isKnown` and `isSecret` from its value: when the value rejects they
        // reject too, and nobody awaits them. `promise` is the SDK's internal accessor (absent from
        // its typings); Output.isInstance is duck-typed, so this works across copies of the SDK.
        void output.isKnown?.catch(() => undefined);
        void output.isSecret?.catch(() => undefined);
        return settleOutputs(await output.promise(true), seen);
    }
    if (typeof value !== "object" || value === null || seen.has(value)) {
        return;
    }
    seen.add(value);
    const isResource = pulumi.Resource.isInstance(value);
    for (const [key, item] of Object.entries(value)) {
        if (!(isResource && key.startsWith("__"))) {
            await settleOutputs(item, seen);
        }
    }
}

/** Waits for `promise`, at most `ms`; the timer is cleared as soon as the promise settles. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), ms);
    });
    try {
        return await Promise.race([promise, timeout]);
    } finally {
        clearTimeout(timer);
    }
}

/**
 * Runs a Pulumi program in preview mode in this process, as `pulumi preview` would, and returns
 * what the engine would show.
 *
 * - The program runs under the real `@pulumi/pulumi` runtime with a {@link PreviewMonitor}
 *   installed by `pulumi.runtime.setMockOptions(monitor, project, stack, true)`, so it sees
 *   `pulumi.runtime.isDryRun() === true` and sends the real protobuf requests.
 * - Every dynamic-resource read is forwarded to one real dynamic-provider host process
 *   ({@link ProviderHost}), started in `programDir` on the first read and configured once with the
 *   stack config before it; it is stopped before this function settles, whatever happens.
 * - Outputs named in `additionalSecretOutputs` come back to the program as secrets.
 *
 * On failure (a read the provider refused, an empty id, a program exception…) it rejects with a
 * {@link PreviewError} whose `errors` hold the messages (for a read, exactly the provider's) and
 * whose `result` is the partial preview, printable with `formatPreview`.
 *
 * The Pulumi runtime state is global: calls must not overlap (a second concurrent call throws).
 * Sequential calls in one process work: each installs a fresh monitor and config, and the previous
 * config is restored afterwards.
 */
export async function runPreview(options: PreviewOptions): Promise<PreviewResult> {
    if (running) {
        throw new Error("runPreview is already running in this process (the Pulumi runtime state is global)");
    }
    const programDir = path.resolve(options.programDir);
    const project = options.project ?? readProjectFile(programDir).name;
    if (!project) {
        throw new Error(
            `No project name: pass "project" or give ${path.join(programDir, "Pulumi.yaml")} a name:`,
        );
    }
    const stack = options.stack ?? DEFAULT_STACK;
    const config = { ...(options.config ?? {}) };
    const secretKeys = [...(options.secretConfigKeys ?? [])];
    const settleTimeoutMs = options.settleTimeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS;

    let host: ProviderHost | undefined;
    let hostStarting: Promise<ProviderHost> | undefined;
    const getHost = (): Promise<ProviderHost> => {
        hostStarting ??= (async () => {
            host = await ProviderHost.start({ cwd: programDir, env: options.env ?? process.env });
            // Once, before the first read: the host hands this config to the provider's configure()
            // when it first deserializes the provider.
            await host.configure(config, {
                secretKeys,
                urn: `urn:pulumi:${stack}::${project}::pulumi:providers:pulumi-nodejs::default`,
            });
            return host;
        })();
        return hostStarting;
    };
    const monitor = new PreviewMonitor({ project, stack, getHost, emptyReadId: options.emptyReadId });

    running = true;
    const previousConfig = pulumi.runtime.allConfig();
    const previousCwd = process.cwd();
    try {
        pulumi.runtime.setMockOptions(monitor, project, stack, /* preview */ true, DEFAULT_ORGANIZATION);
        // What the language host does with PULUMI_CONFIG before it loads the program.
        pulumi.runtime.setAllConfig(config, secretKeys);
        process.chdir(programDir);

        const program = async (): Promise<unknown> => {
            if (options.program) {
                return await options.program();
            }
            const exported = loadProgramModule(programDir);
            return typeof exported === "function" ? await (exported as () => unknown)() : exported;
        };
        // The program is loaded inside the stack's init, as the language host does, so that the
        // resources its module body creates get the stack as parent. The init never rejects: a
        // rejected stack init leaves rejected promises inside the SDK that nothing handles (the
        // language host has a process-wide handler for them; a library, under Jest above all, must
        // not), so a program error is recorded and the stack completes without outputs.
        const init = async (): Promise<unknown> => {
            try {
                const outputs = await program();
                await settleOutputs(outputs);
                return outputs;
            } catch (err) {
                if (!/Resource monitor is terminating/.test(message(err))) {
                    monitor.recordError(
                        `Running program '${programDir}' failed with an unhandled exception: ${message(err)}`,
                    );
                }
                return undefined;
            }
        };
        const run = pulumi.runtime.runInPulumiStack(init);
        const outcome = await Promise.race([
            run.then(
                () => ({ kind: "done" as const }),
                (err: unknown) => ({ kind: "threw" as const, err }),
            ),
            // After a failure the monitor answers UNAVAILABLE and the SDK abandons the outputs that
            // depended on it: the program may never finish, exactly as under the engine.
            monitor.failed.then(() => ({ kind: "failed" as const })),
        ]);
        if (outcome.kind === "threw") {
            monitor.recordError(`Running program '${programDir}' failed: ${message(outcome.err)}`);
        }
        if (outcome.kind === "done") {
            // Let the last operations (the stack outputs) reach the monitor.
            const settled = await within(pulumi.runtime.disconnect(), settleTimeoutMs);
            if (settled === "timeout") {
                monitor.recordError(
                    `Resource operations still pending ${settleTimeoutMs} ms after the program returned`,
                );
            }
        }
        await within(monitor.idle(), settleTimeoutMs);
    } catch (err) {
        monitor.recordError(message(err));
    } finally {
        process.chdir(previousCwd);
        if (hostStarting) {
            // Stop the host even if it is still starting (its start has its own timeout), or if it
            // started but Configure failed.
            const stopped = hostStarting.then(
                (h) => h.stop(),
                () => host?.stop(),
            );
            await within(stopped, settleTimeoutMs);
        }
        // Drop our monitor (what the SDK's own test reset does) and give back the config we found.
        pulumi.runtime.resetOptions("", "", -1, "", "", false, "");
        pulumi.runtime.setAllConfig(previousConfig);
        running = false;
    }

    const result: PreviewResult = {
        project,
        stack,
        resources: [...monitor.resources.values()],
        outputs: monitor.errors.length === 0 ? stackOutputsOf(monitor) : {},
        errors: [...monitor.errors],
    };
    if (result.errors.length > 0) {
        throw new PreviewError(result);
    }
    return result;
}
