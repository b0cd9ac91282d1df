/**
 * Finds the Pulumi CLI that tests, `npm start` and the benchmarks drive: `scripts/pulumi-cli.sh` uses a
 * `pulumi` 3.226+ on PATH, or builds the version of this project's `@pulumi/pulumi` from the Go module
 * proxy once and reuses it.
 *
 * @packageDocumentation
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root (this file is `engine/cli.ts`, compiled to `dist/engine/cli.js`). */
export const REPOSITORY_ROOT = [path.resolve(__dirname, ".."), path.resolve(__dirname, "..", "..")].find(
    (dir) => fs.existsSync(path.join(dir, "scripts", "pulumi-cli.sh")),
) as string;

/** No Pulumi CLI could be found or built; the message says how to get one. */
export class PulumiCliUnavailableError extends Error {
    override readonly name = "PulumiCliUnavailableError";
}

/** The folders found so far, by the version asked for ("" for the default). */
const cached = new Map<string, string>();

/**
 * The folder holding `pulumi` and `pulumi-resource-pulumi-nodejs`. The first call may build the CLI
 * (minutes, once per machine and version); its progress goes to this process's stderr.
 *
 * @param version - a CLI version such as `v3.276.0` (`PULUMI_CLI_VERSION` of `scripts/pulumi-cli.sh`).
 *   @default `PULUMI_CLI_VERSION` of this process, else the script's default
 * @returns the folder.
 * @throws PulumiCliUnavailableError when there is no suitable `pulumi` and it cannot be built.
 */
export function pulumiCliDir(version?: string): string {
    const hit = cached.get(version ?? "");
    if (hit !== undefined) return hit;
    if (REPOSITORY_ROOT === undefined) {
        throw new PulumiCliUnavailableError(
            "scripts/pulumi-cli.sh not found: run from a checkout of pulumi-alicloud-vpn",
        );
    }
    let out: string;
    try {
        out = execFileSync("bash", [path.join(REPOSITORY_ROOT, "scripts", "pulumi-cli.sh")], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
            env: version === undefined ? process.env : { ...process.env, PULUMI_CLI_VERSION: version },
        });
    } catch (e) {
        throw new PulumiCliUnavailableError(
            "the Pulumi CLI is needed and none could be found or built (scripts/pulumi-cli.sh failed: " +
                `${(e as Error).message.split("\n")[0]}). Install Pulumi ${version ?? "3.226 or later"} on PATH ` +
                "(https://www.pulumi.com/docs/install/), or Go 1.25+ with access to the Go module proxy so the " +
                "script can build it, then run again.",
        );
    }
    const dir = out.trim().split("\n").pop() ?? "";
    if (!fs.existsSync(path.join(dir, "pulumi"))) {
        throw new PulumiCliUnavailableError(
            `scripts/pulumi-cli.sh printed ${JSON.stringify(dir)}, which holds no pulumi`,
        );
    }
    cached.set(version ?? "", dir);
    return dir;
}
