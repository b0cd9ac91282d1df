/**
 * Set-up of the engine suites, in one helper, {@link engineSuite}: the real Pulumi CLI (built once by
 * `scripts/pulumi-cli.sh`), local stacks of the programs in `tests/engine/programs/` or the examples,
 * and the VPC API emulator they read from, all removed after the suite; and stages, for suites whose
 * tests build on an earlier test's `up`. When no CLI can be had, `LocalStack.create` fails the suite
 * with a message that says how to get one.
 *
 * The stacks' environment is `emulatorEnv` of `./emulator.ts`, where the suites without the CLI get
 * their emulator too (`useEmulator`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_TEST_CREDENTIALS, type EmulatorOptions, VpcEmulator } from "../../emulator/server";
import { type CommandResult, LocalStack, type LocalStackOptions } from "../../engine/stack";
import { emulatorEnv } from "./emulator";
import { ROOT } from "./process";

/** Time for one engine suite's set-up, or one test's few CLI commands, on a loaded 2-core machine. */
export const ENGINE_TIMEOUT_MS = 300_000;

/** The folder of a program of the engine suite. */
export function program(name: string): string {
    return path.join(ROOT, "tests", "engine", "programs", name);
}

/**
 * The stack config that points a program's reads at the emulator's test account in cn-hangzhou. The key
 * id is set with `--secret` too, as the README advises: the engine stores the stack config in the state
 * of the default providers, in plain text unless it is secret.
 */
export function emulatorConfig(): NonNullable<LocalStackOptions["config"]> {
    return {
        "alicloud:region": "cn-hangzhou",
        "alicloud:accessKey": { value: DEFAULT_TEST_CREDENTIALS.accessKeyId, secret: true },
        "alicloud:secretKey": { value: DEFAULT_TEST_CREDENTIALS.accessKeySecret, secret: true },
    };
}

/** Options of {@link EngineSuite.stack}. */
export interface SuiteStackOptions {
    /** Config added to {@link emulatorConfig}'s. */
    config?: LocalStackOptions["config"];
    /**
     * Whether the config holds the emulator's credentials and region ({@link emulatorConfig}); false for
     * a program that takes them from the environment, as a pipeline gives them. @default true
     */
    emulatorConfig?: boolean;
    /** Variables added to {@link emulatorEnv}'s. */
    env?: NodeJS.ProcessEnv;
    /** The emulator reads go to by default. @default the suite's */
    emulator?: VpcEmulator;
    /** See {@link LocalStackOptions.nodeModules}. */
    nodeModules?: string;
    /** See {@link LocalStackOptions.stack}. */
    stack?: string;
}

/** What {@link engineSuite} gives a suite. */
export interface EngineSuite {
    /** The suite's emulator, started before its first test. */
    readonly emulator: VpcEmulator;
    /** Starts another emulator, stopped after the suite (for a suite that needs two). */
    startEmulator(options?: EmulatorOptions): Promise<VpcEmulator>;
    /**
     * A local stack of a program reading from the suite's emulator with its credentials in the config,
     * removed after the suite.
     *
     * @param programDir - a program folder: {@link program} or an example.
     * @param options - more config and variables.
     */
    stack(programDir: string, options?: SuiteStackOptions): Promise<LocalStack>;
    /**
     * A test that later tests build on (an `up` they refresh, a change they detect). Once a stage fails,
     * every later stage of the suite fails at once, naming the stage that failed, instead of failing on
     * a state it did not expect.
     *
     * @param title - the test's title.
     * @param fn - its body.
     */
    stage(title: string, fn: () => Promise<void> | void): void;
}

/**
 * Sets up an engine suite: Jest's time limit for the engine, an emulator started before the first test,
 * and after the last one every stack and folder removed and every emulator stopped. Call it at the top
 * of a `describe`.
 *
 * @param options - the emulator's options (e.g. `{ seed: false }` for an empty one).
 * @returns the suite's emulator, stacks and stages.
 */
export function engineSuite(options: EmulatorOptions = {}): EngineSuite {
    jest.setTimeout(ENGINE_TIMEOUT_MS);
    const emulators: VpcEmulator[] = [];
    const stacks: LocalStack[] = [];
    let home: string | undefined;
    let failedStage: string | undefined;

    const startEmulator = async (o: EmulatorOptions = {}): Promise<VpcEmulator> => {
        const emulator = await VpcEmulator.start(o);
        emulators.push(emulator);
        return emulator;
    };
    const suiteEmulator = (): VpcEmulator => {
        const first = emulators[0];
        if (first === undefined) {
            throw new Error("the suite's emulator starts in beforeAll: use it in a hook or test");
        }
        return first;
    };

    beforeAll(async () => {
        home = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-engine-home-"));
        await startEmulator(options);
    });
    afterAll(async () => {
        for (const stack of stacks) stack.dispose();
        await Promise.all(emulators.map((e) => e.stop()));
        if (home !== undefined) fs.rmSync(home, { recursive: true, force: true });
    });

    return {
        get emulator(): VpcEmulator {
            return suiteEmulator();
        },
        startEmulator,
        async stack(programDir: string, o: SuiteStackOptions = {}): Promise<LocalStack> {
            const stack = await LocalStack.create({
                programDir,
                nodeModules: o.nodeModules,
                stack: o.stack,
                env: { ...emulatorEnv(o.emulator ?? suiteEmulator(), home as string), ...o.env },
                config: { ...(o.emulatorConfig === false ? {} : emulatorConfig()), ...o.config },
            });
            stacks.push(stack);
            return stack;
        },
        stage(title: string, fn: () => Promise<void> | void): void {
            it(title, async () => {
                if (failedStage !== undefined) {
                    throw new Error(
                        `not run: the earlier stage "${failedStage}" failed, and this one builds on it`,
                    );
                }
                try {
                    await fn();
                } catch (e) {
                    failedStage = title;
                    throw e;
                }
            });
        },
    };
}

/** The actions the emulator was asked for, in order. */
export function actionsSeen(emulator: VpcEmulator): string[] {
    return emulator.requests.map((r) => r.action ?? "(none)");
}

/**
 * Asserts a command's exit code, failing with everything it printed so a failure explains itself.
 *
 * @param result - the finished command.
 * @param code - the exit code expected.
 */
export function expectExit(result: CommandResult, code: number): void {
    if (result.code !== code) {
        throw new Error(
            `${result.command} exited ${String(result.code)}, expected ${code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
        );
    }
}

/**
 * A `node_modules` folder holding this repository's modules plus the package's own commands
 * (`alicloud-vpn`…) in `.bin`, as `npm ci` links them in a project that depends on the package, so that
 * `npx alicloud-vpn` in a program copy runs the built command. (This repository's own `.bin` lacks them
 * when `npm ci` ran before the first build: npm links a command only if its file exists.) Entries
 * are links, so it costs no copying; the caller removes the folder.
 *
 * @returns the folder, to pass as `LocalStackOptions.nodeModules`.
 */
export function nodeModulesWithCommands(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-node-modules-"));
    const source = path.join(ROOT, "node_modules");
    for (const entry of fs.readdirSync(source)) {
        if (entry !== ".bin") fs.symlinkSync(path.join(source, entry), path.join(dir, entry));
    }
    const bin = path.join(dir, ".bin");
    fs.mkdirSync(bin);
    for (const entry of fs.readdirSync(path.join(source, ".bin"))) {
        fs.symlinkSync(path.join(source, ".bin", entry), path.join(bin, entry));
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        bin: Record<string, string>;
    };
    for (const [command, file] of Object.entries(manifest.bin)) {
        const target = path.join(bin, command);
        fs.rmSync(target, { force: true });
        fs.writeFileSync(target, `#!/bin/sh\nexec node ${JSON.stringify(path.join(ROOT, file))} "$@"\n`, {
            mode: 0o755,
        });
    }
    return dir;
}
