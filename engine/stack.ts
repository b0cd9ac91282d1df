/**
 * A Pulumi project run by the real CLI on this machine, with nothing leaving it: a file backend and a
 * Pulumi home in a temporary folder, the passphrase secrets provider, no update check, no plugin
 * downloads. Tests, `npm start` and the benchmarks use it to run `pulumi preview`, `up`, `refresh` and
 * `destroy` exactly as a user types them.
 *
 * @packageDocumentation
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPOSITORY_ROOT, pulumiCliDir } from "./cli";

/**
 * The passphrase of every local stack's secrets provider. It protects throwaway state in a temporary
 * folder, so it is not a secret; it exists because the passphrase provider needs one.
 */
export const LOCAL_PASSPHRASE = "pulumi-alicloud-vpn-local-engine";

/** What a finished `pulumi` command left behind. */
export interface CommandResult {
    /** The command line, for messages. */
    command: string;
    /** Exit code (7: `--expect-no-changes` found changes), or null when a signal ended it. */
    code: number | null;
    /** Everything printed on stdout. */
    stdout: string;
    /** Everything printed on stderr. */
    stderr: string;
}

/** Options of {@link LocalStack.create}. */
export interface LocalStackOptions {
    /** The program: a folder with `Pulumi.yaml`; copied into the stack's temporary folder. */
    programDir: string;
    /**
     * Where the copy's `node_modules` link points: modules the program requires resolve from there.
     * @default this repository's `node_modules`, where the package links itself
     */
    nodeModules?: string;
    /** The stack name. @default "dev" */
    stack?: string;
    /** Added to the environment of every command (endpoints, region, credentials of the emulator). */
    env?: NodeJS.ProcessEnv;
    /** Config to set before the first command; `secret: true` sets it with `--secret`. */
    config?: Record<string, string | { value: string; secret: true }>;
    /** Echo each command and its output to this stream as it runs (the demo does). */
    echo?: NodeJS.WritableStream;
    /** The CLI and the Node.js that run the commands. @default see {@link Toolchain} */
    toolchain?: Toolchain;
}

/**
 * What runs a stack's commands: a Pulumi CLI and a Node.js. The Node.js is put first on the `PATH` of
 * the CLI, after the CLI's own folder, so that the language host, the program and the dynamic-provider
 * host all run on it.
 */
export interface Toolchain {
    /** The folder holding `pulumi`. @default {@link pulumiCliDir}() */
    cliDir?: string;
    /** A `node` binary. @default the first `node` on this process's `PATH` */
    node?: string;
}

/**
 * What unsets this process's Alibaba Cloud variables (`ALIBABA_CLOUD_*`, `ALICLOUD_*`) in a stack's
 * environment, so that only the stack config configures its reads. The switch of the ECS metadata lookup
 * stays.
 *
 * @returns the variables, each `undefined`, to spread into a stack's `env`.
 */
export function withoutAlicloudEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const name of Object.keys(process.env)) {
        if (/^(ALIBABA_CLOUD|ALICLOUD)_/.test(name) && name !== "ALIBABA_CLOUD_ECS_METADATA_DISABLED") {
            env[name] = undefined;
        }
    }
    return env;
}

/**
 * The environment of the CLI: the local backend and home, and switches that keep it offline.
 *
 * @param cliDir - the folder holding `pulumi`.
 * @param stateDir - the stack's temporary folder.
 * @param extra - added last.
 * @param node - a `node` binary whose folder comes next on `PATH`. @default none: `PATH`'s own
 * @returns the environment.
 */
export function engineEnv(
    cliDir: string,
    stateDir: string,
    extra: NodeJS.ProcessEnv = {},
    node?: string,
): NodeJS.ProcessEnv {
    const nodeDir = node === undefined ? [] : [path.dirname(node)];
    return {
        ...process.env,
        PATH: [cliDir, ...nodeDir, process.env.PATH ?? ""].join(path.delimiter),
        PULUMI_HOME: path.join(stateDir, "home"),
        PULUMI_BACKEND_URL: `file://${path.join(stateDir, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: LOCAL_PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // The credential chain must never wait for the ECS metadata service off Alibaba Cloud.
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
        ...extra,
    };
}

function packageVersion(name: string, from: string): string | undefined {
    try {
        const manifest = require.resolve(`${name}/package.json`, { paths: [from] });
        return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
    } catch {
        return undefined;
    }
}

/**
 * Puts the stand-in plugins (see `stand-ins/README.md`) into the stack's own plugin cache, where the
 * engine finds them as if they had been installed: the Node.js language host when the CLI has none beside
 * it, and the `alicloud` provider at the version of `@pulumi/alicloud` the program uses, if it uses it.
 * The user's own plugin cache is never touched: the stack has a Pulumi home of its own.
 *
 * @param cliDir - the folder holding `pulumi`.
 * @param pulumiHome - the stack's `PULUMI_HOME`.
 * @param projectDir - the program, to read the versions it uses.
 */
export function installStandIns(cliDir: string, pulumiHome: string, projectDir: string): void {
    const bin = path.join(REPOSITORY_ROOT, "stand-ins", "bin");
    const plugins: [string, string][] = [];
    if (!fs.existsSync(path.join(cliDir, "pulumi-language-nodejs"))) {
        const version = packageVersion("@pulumi/pulumi", projectDir) ?? "3.0.0";
        plugins.push([`language-nodejs-v${version}`, "pulumi-language-nodejs"]);
    }
    const alicloud = packageVersion("@pulumi/alicloud", projectDir);
    if (alicloud !== undefined) plugins.push([`resource-alicloud-v${alicloud}`, "pulumi-resource-alicloud"]);
    for (const [folder, executable] of plugins) {
        const dir = path.join(pulumiHome, "plugins", folder);
        fs.mkdirSync(dir, { recursive: true });
        fs.symlinkSync(path.join(bin, executable), path.join(dir, executable));
    }
}

/** A stack of a program copy, in a temporary folder with its own backend. */
export class LocalStack {
    private constructor(
        /** The temporary folder: `program/`, `backend/`, `home/`. */
        readonly stateDir: string,
        /** The program copy the CLI runs in. */
        readonly projectDir: string,
        /** The stack name. */
        readonly stack: string,
        /** The environment of every command. */
        readonly env: NodeJS.ProcessEnv,
        private readonly cli: string,
        private readonly echo: NodeJS.WritableStream | undefined,
        /** The environment given in the options, to carry over to {@link LocalStack.withToolchain}. */
        private readonly extraEnv: NodeJS.ProcessEnv | undefined,
    ) {}

    /**
     * Copies the program, initializes its stack and sets its config.
     *
     * @param options - the program, stack, environment and config.
     * @returns the stack, ready for `pulumi preview`.
     * @throws PulumiCliUnavailableError when no CLI can be had; Error when a set-up command fails.
     */
    static async create(options: LocalStackOptions): Promise<LocalStack> {
        const cliDir = options.toolchain?.cliDir ?? pulumiCliDir();
        const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-engine-"));
        const projectDir = path.join(stateDir, "program");
        fs.cpSync(options.programDir, projectDir, {
            recursive: true,
            filter: (src) => !/(^|[\\/])(node_modules|bin|Pulumi\.[^\\/]+\.yaml)$/.test(src),
        });
        fs.symlinkSync(
            options.nodeModules ?? path.join(REPOSITORY_ROOT, "node_modules"),
            path.join(projectDir, "node_modules"),
            "dir",
        );
        fs.mkdirSync(path.join(stateDir, "backend"));
        installStandIns(cliDir, path.join(stateDir, "home"), projectDir);
        const stack = new LocalStack(
            stateDir,
            projectDir,
            options.stack ?? "dev",
            engineEnv(cliDir, stateDir, options.env, options.toolchain?.node),
            path.join(cliDir, "pulumi"),
            options.echo,
            options.env,
        );
        await stack.must(["stack", "init", stack.stack]);
        for (const [key, setting] of Object.entries(options.config ?? {})) {
            if (typeof setting === "string") await stack.must(["config", "set", key, setting]);
            else await stack.must(["config", "set", "--secret", key, setting.value]);
        }
        return stack;
    }

    /**
     * The same stack, state and program copy, driven from now on by another toolchain and another
     * `node_modules`: what a user's upgrade (or downgrade) of Node.js, `@pulumi/pulumi` and the CLI does
     * to an existing stack.
     *
     * @param toolchain - the CLI and Node.js to use.
     * @param nodeModules - where the program's `node_modules` link points from now on.
     * @returns a stack object for the new toolchain; this one must not be used any more.
     */
    withToolchain(toolchain: Toolchain, nodeModules: string): LocalStack {
        const cliDir = toolchain.cliDir ?? pulumiCliDir();
        const link = path.join(this.projectDir, "node_modules");
        fs.rmSync(link, { force: true });
        fs.symlinkSync(nodeModules, link, "dir");
        const home = path.join(this.stateDir, "home");
        fs.rmSync(path.join(home, "plugins"), { recursive: true, force: true });
        installStandIns(cliDir, home, this.projectDir);
        return new LocalStack(
            this.stateDir,
            this.projectDir,
            this.stack,
            engineEnv(cliDir, this.stateDir, this.extraEnv, toolchain.node),
            path.join(cliDir, "pulumi"),
            this.echo,
            this.extraEnv,
        );
    }

    /**
     * Runs `pulumi <args>` in the program copy, on this stack, without colour or prompts.
     *
     * @param args - e.g. `["preview", "--show-reads"]`.
     * @returns its exit code and output; never rejects for a non-zero exit.
     */
    run(args: readonly string[]): Promise<CommandResult> {
        const full = [...args, "--non-interactive", "--color", "never"];
        // `stack init` names the stack itself; every other command is pinned to this stack.
        if (!(args[0] === "stack" && args[1] === "init")) full.push("--stack", this.stack);
        // A value set with --secret is never echoed, nor kept in the command line of results.
        const shown = args.includes("--secret") ? [...args.slice(0, -1), "[secret]"] : args;
        const command = `pulumi ${shown.join(" ")}`;
        this.echo?.write(`\n$ ${command}\n`);
        return new Promise((resolve, reject) => {
            const child = spawn(this.cli, full, {
                cwd: this.projectDir,
                env: this.env,
                stdio: ["ignore", "pipe", "pipe"],
            });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => {
                stdout += d.toString();
                this.echo?.write(d);
            });
            child.stderr.on("data", (d: Buffer) => {
                stderr += d.toString();
                this.echo?.write(d);
            });
            child.on("error", reject);
            child.on("close", (code) => resolve({ command, code, stdout, stderr }));
        });
    }

    /**
     * Runs `pulumi <args>` and rejects, with its output, unless it exits 0.
     *
     * @param args - the arguments.
     * @returns the result.
     */
    async must(args: readonly string[]): Promise<CommandResult> {
        const result = await this.run(args);
        if (result.code !== 0) {
            throw new Error(
                `${result.command} exited ${String(result.code)}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
            );
        }
        return result;
    }

    /**
     * `pulumi stack export`: the checkpoint as stored, secrets as ciphertext.
     *
     * @returns the raw text and its parsed form.
     */
    async exportState(): Promise<{ text: string; deployment: StackDeployment }> {
        const { stdout } = await this.must(["stack", "export"]);
        return {
            text: stdout,
            deployment: (JSON.parse(stdout) as { deployment: StackDeployment }).deployment,
        };
    }

    /**
     * `pulumi stack output --json`, secrets shown when asked.
     *
     * @param showSecrets - pass `--show-secrets`.
     * @returns the stack outputs.
     */
    async outputs(showSecrets = false): Promise<Record<string, unknown>> {
        const { stdout } = await this.must([
            "stack",
            "output",
            "--json",
            ...(showSecrets ? ["--show-secrets"] : []),
        ]);
        return JSON.parse(stdout) as Record<string, unknown>;
    }

    /** Removes the temporary folder (backend, home and program copy). */
    dispose(): void {
        fs.rmSync(this.stateDir, { recursive: true, force: true });
    }
}

/** The part of an exported checkpoint the tests read. */
export interface StackDeployment {
    /** Every resource in state. */
    resources?: StackResource[];
}

/** One resource of an exported checkpoint. */
export interface StackResource {
    /** The URN. */
    urn: string;
    /** The type token. */
    type: string;
    /** The id (for a read resource: the id it was read with). */
    id?: string;
    /** Whether the resource is read, not managed. */
    external?: boolean;
    /** Its inputs as stored (`__provider` for dynamic resources). */
    inputs?: Record<string, unknown>;
    /** Its outputs as stored; secrets as `{ "4dabf18193072939515e22adb298388d": …, ciphertext }`. */
    outputs?: Record<string, unknown>;
}
