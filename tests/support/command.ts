/**
 * How a suite runs the built `alicloud-vpn` command as a pipeline runs it, in one place: a child
 * process of the compiled command (the suite fails at once, saying so, when it is not built), in an
 * empty work folder of its own for each test (its `HOME`, where its files go), with the whole
 * environment of {@link commandEnv}, against the suite's emulator, each run bounded so that a hang fails
 * the test with what was printed instead of Jest's timeout.
 *
 * @example
 * ```ts
 * const vpc = useEmulator({ scope: "each" });
 * const command = useCommand(vpc, { prefix: "audit" });
 *
 * it("audits", async () => {
 *     const run = await command.run(["audit", ID, "--out", "@report.json"]);
 *     expect(run.code).toBe(0);
 *     expect(fs.existsSync(command.file("report.json"))).toBe(true);
 * });
 * ```
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type EmulatorHandle, commandEnv } from "./emulator";
import { ROOT, type Run, runNode } from "./process";

/** The compiled command. */
export const COMMAND = path.join(ROOT, "dist", "cli", "main.js");

/** How long one run may take by default: seconds of work on a loaded 2-core machine, far from a hang. */
export const COMMAND_RUN_TIMEOUT_MS = 30_000;

/** Options of {@link useCommand}. */
export interface UseCommandOptions {
    /** The work folder's name starts `alicloud-vpn-<prefix>-`. */
    prefix: string;
    /** Variables added to (or replacing) {@link commandEnv}'s for every run. @default {} */
    env?: NodeJS.ProcessEnv;
    /** Arguments added after every run's own, after `--endpoint` (e.g. `["--region", HZ]`). @default [] */
    extraArgs?: readonly string[];
    /** The limit of one run. @default {@link COMMAND_RUN_TIMEOUT_MS} */
    timeoutMs?: number;
}

/** Options of one {@link CommandHandle.run}. */
export interface RunCommandOptions {
    /** Variables added for this run. @default {} */
    env?: NodeJS.ProcessEnv;
    /** Pass `--endpoint <the emulator>`. @default true */
    endpoint?: boolean;
}

/** What {@link useCommand} gives a suite. */
export interface CommandHandle {
    /** This test's work folder (the command's `HOME`). Throws outside a test or a hook. */
    readonly work: string;
    /** The path of `name` in the work folder. */
    readonly file: (name: string) => string;
    /**
     * Runs `alicloud-vpn <args> --endpoint <emulator> <extraArgs>`; an argument `@name` is the path of
     * `name` in the work folder.
     */
    readonly run: (args: readonly string[], options?: RunCommandOptions) => Promise<Run>;
}

/**
 * Gives each test of the suite an empty work folder (removed after it) and a runner of the built command
 * against the emulator of `vpc`. Call it after {@link useEmulator}, at the top of the file or of a
 * `describe`.
 *
 * @param vpc - the suite's emulator, from `useEmulator`.
 * @param options - the work folder's prefix, and what every run adds.
 * @returns the work folder and the runner.
 */
export function useCommand(vpc: EmulatorHandle, options: UseCommandOptions): CommandHandle {
    const { prefix, env = {}, extraArgs = [], timeoutMs = COMMAND_RUN_TIMEOUT_MS } = options;
    let current: string | undefined;

    beforeAll(() => {
        if (!fs.existsSync(COMMAND)) throw new Error(`${COMMAND} is missing: run npm run build first`);
    });
    beforeEach(() => {
        current = fs.mkdtempSync(path.join(os.tmpdir(), `alicloud-vpn-${prefix}-`));
    });
    afterEach(() => {
        if (current !== undefined) fs.rmSync(current, { recursive: true, force: true });
        current = undefined;
    });

    const work = (): string => {
        if (current === undefined) {
            throw new Error("useCommand(): the work folder exists in a test or its hooks only");
        }
        return current;
    };
    const file = (name: string): string => path.join(work(), name);
    return {
        get work(): string {
            return work();
        },
        file,
        run: (args, runOptions = {}) => {
            const withFiles = args.map((a) => (a.startsWith("@") ? file(a.slice(1)) : a));
            const endpoint = runOptions.endpoint === false ? [] : ["--endpoint", vpc.endpoint];
            return runNode(
                [COMMAND, ...withFiles, ...endpoint, ...extraArgs],
                commandEnv(work(), { ...env, ...runOptions.env }),
                timeoutMs,
            );
        },
    };
}
