/**
 * Set-up of the engine suites: the real Pulumi CLI (built once by `scripts/pulumi-cli.sh`), a local stack
 * of one of the programs in `tests/engine/programs/`, and the VPC API emulator it reads from. When no CLI
 * can be had, `LocalStack.create` fails the suite with a message that says how to get one.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_TEST_CREDENTIALS, VpcEmulator } from "../../emulator/server";
import { type CommandResult, LocalStack, type LocalStackOptions } from "../../engine/stack";
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

/**
 * The environment of the CLI and everything it starts: the emulator as the VPC endpoint, a home folder
 * with no Alibaba Cloud profile, and no credentials or region in variables, so that only the stack config
 * configures the reads.
 */
export function emulatorEnv(emulator: VpcEmulator): NodeJS.ProcessEnv {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-engine-home-"));
    const env: NodeJS.ProcessEnv = { HOME: home, ALIBABA_CLOUD_ENDPOINT_VPC: emulator.endpoint };
    for (const name of Object.keys(process.env)) {
        if (/^(ALIBABA_CLOUD|ALICLOUD)_/.test(name) && name !== "ALIBABA_CLOUD_ECS_METADATA_DISABLED") {
            env[name] = undefined;
        }
    }
    return env;
}

/** A stack of `programName` against a fresh emulator, with the emulator's credentials in its config. */
export async function emulatorStack(
    programName: string,
    options: { config?: LocalStackOptions["config"]; emulator?: VpcEmulator } = {},
): Promise<{ emulator: VpcEmulator; stack: LocalStack }> {
    const emulator = options.emulator ?? (await VpcEmulator.start());
    const stack = await LocalStack.create({
        programDir: program(programName),
        env: emulatorEnv(emulator),
        config: { ...emulatorConfig(), ...options.config },
    });
    return { emulator, stack };
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
