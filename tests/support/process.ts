/**
 * Runs Node scripts as child processes, the way a user runs the project's commands.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** What a finished child process left behind. */
export interface Run {
    /** Exit code, or null when a signal ended it. */
    code: number | null;
    /** Everything it printed on stdout. */
    stdout: string;
    /** Everything it printed on stderr. */
    stderr: string;
}

/** Options of {@link runCommand}. */
export interface RunOptions {
    /** Where it runs. @default the repository root */
    cwd?: string;
    /** Its environment. @default this process's */
    env?: NodeJS.ProcessEnv;
    /**
     * When given, the child and what it started are killed after this long, and the promise rejects
     * with everything it printed so far, so that a hang shows where it happened. @default no limit
     */
    timeoutMs?: number;
}

/**
 * Runs a command as a child process and collects its output.
 *
 * @param command - the executable.
 * @param args - its arguments.
 * @param options - where, with which environment, for how long at most.
 * @returns its exit code and output; never rejects for a non-zero exit.
 */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<Run> {
    const { cwd = ROOT, env = process.env, timeoutMs } = options;
    return new Promise((resolve, reject) => {
        const child = spawn(command, [...args], {
            cwd,
            env,
            stdio: ["ignore", "pipe", "pipe"],
            // Its own process group, so that a timeout kills what it started too.
            detached: timeoutMs !== undefined,
        });
        let stdout = "";
        let stderr = "";
        const timer =
            timeoutMs === undefined
                ? undefined
                : setTimeout(() => {
                      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
                      reject(
                          new Error(
                              `${command} ${args.join(" ")} did not finish within ${timeoutMs} ms\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
                          ),
                      );
                  }, timeoutMs);
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr });
        });
    });
}

/**
 * Runs `node <args>` from the repository root and collects its output.
 *
 * @param args - the script and its arguments.
 * @param env - the child's environment.
 * @param timeoutMs - see {@link RunOptions.timeoutMs}. @default no limit
 * @returns its exit code and output.
 */
export function runNode(
    args: readonly string[],
    env: NodeJS.ProcessEnv = process.env,
    timeoutMs?: number,
): Promise<Run> {
    return runCommand(process.execPath, args, { env, timeoutMs });
}
