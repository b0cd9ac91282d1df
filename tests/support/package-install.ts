/**
 * The package as users get it: `npm pack`, and a fresh project that installs the tarball with a given
 * `@pulumi/pulumi`, on a given Node.js. The install test and the suite of state across versions use it.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./process";

const exec = promisify(execFile);

const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
};

/** What `npm pack` made. */
export interface Packed {
    /** The tarball's path. */
    tarball: string;
    /** The paths in the tarball, as `npm pack` lists them. */
    files: string[];
}

/**
 * Packs this repository's build (`dist/` must be current: Jest's global set-up sees to it).
 *
 * @param destination - the folder the tarball goes to.
 * @returns the tarball and its list of files.
 */
export async function packPackage(destination: string): Promise<Packed> {
    const { stdout } = await exec(
        "npm",
        ["pack", "--ignore-scripts", "--json", "--pack-destination", destination],
        { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    if (!packed) throw new Error("npm pack reported nothing");
    return { tarball: path.join(destination, packed.filename), files: packed.files.map((f) => f.path) };
}

/**
 * The environment of a command that must run on `node`: its folder first on `PATH`, so that `npm`,
 * `npx` and every `#!/usr/bin/env node` script use it.
 *
 * @param node - a `node` binary.
 * @returns this process's environment with that `PATH`.
 */
export function envWithNode(node: string): NodeJS.ProcessEnv {
    return { ...process.env, PATH: [path.dirname(node), process.env.PATH ?? ""].join(path.delimiter) };
}

/** The version of `@pulumi/pulumi` this repository's own tests run with. */
export function repositoryPulumiVersion(): string {
    const manifest = require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] });
    return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
}

/**
 * Writes a project that depends on the tarball, `@pulumi/pulumi` at `pulumi`, and this repository's
 * TypeScript and Node.js types, and installs it with `npm` running on `node`, as a user would.
 *
 * @param dir - the project folder (created).
 * @param tarball - the packed package.
 * @param options - the Node.js binary to install with, and the `@pulumi/pulumi` version (or range).
 * @returns the installed `@pulumi/pulumi` version.
 */
export async function installProject(
    dir: string,
    tarball: string,
    options: { node: string; pulumi: string },
): Promise<string> {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({
            name: path.basename(dir),
            private: true,
            main: "index.ts",
            dependencies: {
                "pulumi-alicloud-vpn": `file:${path.relative(dir, tarball)}`,
                "@pulumi/pulumi": options.pulumi,
                typescript: rootPackage.devDependencies.typescript,
                "@types/node": rootPackage.devDependencies["@types/node"],
            },
        }),
    );
    await exec("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
        cwd: dir,
        env: envWithNode(options.node),
        maxBuffer: 16 * 1024 * 1024,
    });
    const manifest = path.join(dir, "node_modules", "@pulumi", "pulumi", "package.json");
    return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
}
