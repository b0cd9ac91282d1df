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

/**
 * Runs `node <args>` from the repository root and collects its output.
 *
 * @param args - the script and its arguments.
 * @param env - the child's environment.
 * @returns its exit code and output.
 */
export function runNode(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...args], {
            cwd: ROOT,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}
