/**
 * The sets of versions of `.ci/matrix.json` as tools on this machine: a `node` binary
 * (`scripts/node.sh`) and a Pulumi CLI folder (`scripts/pulumi-cli.sh`) for each. A tool that cannot be
 * had fails with the script's advice on how to get it, never a skip.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { pulumiCliDir } from "../../engine/cli";
import { ROOT } from "./process";

/** One set of versions of the matrix. */
export interface MatrixSet {
    /** Node.js major version, e.g. "24". */
    node: string;
    /** `@pulumi/pulumi` version, e.g. "3.276.0". */
    pulumi: string;
    /** Pulumi CLI version, e.g. "v3.276.0". */
    cli: string;
}

/** A CI leg of the matrix. */
export interface MatrixLeg extends MatrixSet {
    /** "pinned" or "newest". */
    name: string;
    /** What CI runs on it, as the README says. */
    runs: string;
}

/** `.ci/matrix.json`, read by `scripts/matrix.js`. */
export interface Matrix {
    legs: MatrixLeg[];
    installs: MatrixSet[];
}

/** `scripts/matrix.js`, the reader of the matrix that `.ci/run` uses too. */
export const matrixScript = require(path.join(ROOT, "scripts", "matrix.js")) as {
    MATRIX_FILE: string;
    README_START: string;
    README_END: string;
    loadMatrix(): Matrix;
    renderTable(matrix: Matrix): string;
    readmeTable(readme: string): string | undefined;
};

/**
 * A leg of the matrix by name.
 *
 * @param name - "pinned" or "newest".
 * @returns the leg.
 */
export function matrixLeg(name: string): MatrixLeg {
    const leg = matrixScript.loadMatrix().legs.find((l) => l.name === name);
    if (!leg) throw new Error(`.ci/matrix.json has no leg ${name}`);
    return leg;
}

/**
 * A `node` binary of a major version: the machine's, or the registry's `node` package installed once
 * into the project's tool cache by `scripts/node.sh` (seconds).
 *
 * @param major - e.g. "24".
 * @returns the binary's path.
 * @throws Error with the script's advice when none can be had.
 */
export function nodeBinary(major: string): string {
    try {
        return execFileSync("bash", [path.join(ROOT, "scripts", "node.sh"), major], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        }).trim();
    } catch (e) {
        const stderr = String((e as { stderr?: unknown }).stderr ?? "");
        throw new Error(`Node.js ${major} is needed and scripts/node.sh could not provide it:\n${stderr}`, {
            cause: e,
        });
    }
}

/** The tools of one set, ready to run. */
export interface Tools {
    /** The set. */
    set: MatrixSet;
    /** The `node` binary. */
    node: string;
    /** The folder holding `pulumi`. */
    cliDir: string;
}

/**
 * The tools of a set: its Node.js and its CLI (a build of minutes if the CLI was never built here).
 *
 * @param set - the versions.
 * @returns the tools.
 */
export function toolsOf(set: MatrixSet): Tools {
    return { set, node: nodeBinary(set.node), cliDir: pulumiCliDir(set.cli) };
}
