#!/usr/bin/env node
/**
 * Command line for the VPC API emulator:
 *
 * ```
 * npm run emulator -- [--port 8787] [--access-key-id ID --access-key-secret SECRET] [--security-token T]
 *                     [--quota 600] [--quota-window-ms 60000] [--latency-ms 0] [--no-seed]
 *                     [--fixtures FILE] [--faults FILE] [--admin-token T | --no-admin]
 * ```
 *
 * Listens on 127.0.0.1. The first stdout line is the endpoint URL alone (for scripts to read); the
 * second says which access key is accepted; the third gives the admin interface's URL and token
 * (`admin interface <url> token <token>`). The secret is printed only when it is the documented test
 * secret ({@link DEFAULT_TEST_CREDENTIALS}), the admin token only when it was generated. Stops cleanly on
 * SIGINT/SIGTERM. Bad flags and bad files exit with 2.
 *
 * @packageDocumentation
 */

import { parseArgs } from "node:util";

import type { Fault } from "./faults";
import { VALID_REGION_IDS } from "./fixtures";
import { DEFAULT_QUOTA, type QuotaOptions } from "./quota";
import {
    DEFAULT_TEST_CREDENTIALS,
    type EmulatorCredential,
    type EmulatorOptions,
    VpcEmulator,
} from "./server";
import { type FixtureEntry, loadFaultsFile, loadFixturesFile } from "./spec-files";

/** The port the CLI listens on without `--port`: fixed, so a local setup can hard-code the endpoint. */
export const DEFAULT_CLI_PORT = 8787;

/** Usage text. */
export const USAGE = `Usage: alicloud-vpn-emulator [options]

Serves a local Alibaba Cloud VPC API (DescribeVpnConnection, DescribeVpnConnections) on 127.0.0.1.

Options:
  --port N                 port to listen on, 0 for a free one (default ${DEFAULT_CLI_PORT})
  --access-key-id ID       access key id to accept (default ${DEFAULT_TEST_CREDENTIALS.accessKeyId})
  --access-key-secret S    its secret (required with --access-key-id; default: the documented test secret)
  --security-token T       make the key an STS key: requests must carry this SecurityToken
  --quota N                calls allowed per window, per key, region and action (default ${DEFAULT_QUOTA.limit})
  --quota-window-ms N      quota window in milliseconds (default ${DEFAULT_QUOTA.windowMs})
  --latency-ms N           delay before every answer, like a real endpoint's round trip (default 0)
  --no-seed                start with no connections instead of the fixtures
  --fixtures FILE          serve the connections of FILE instead of the built-in fixtures: a JSON array
                           of {"regionId": "...", "connection": {...wire shape...}}
  --faults FILE            inject the faults of FILE from the start: a JSON array of faults, e.g.
                           [{"kind": "throttling", "times": 3, "retryAfterMs": 1000}]
  --admin-token T          the admin interface's token, 8 characters or more (default: a random one,
                           printed on the third line)
  --no-admin               serve no admin interface
  -h, --help               show this help
`;

/** A command-line mistake: the message names the flag; the CLI exits with status 2. */
export class UsageError extends Error {
    override readonly name = "UsageError";
}

/** What the command line asks for. */
export interface CliConfig {
    /** `undefined` when `--help` was given. */
    options: (EmulatorOptions & { port: number; credentials: EmulatorCredential[] }) | undefined;
    /** Whether the accepted secret is the documented test one (and so may be printed). */
    defaultCredentials: boolean;
    /** The connections of `--fixtures`, served instead of the built-in fixtures. */
    connections?: FixtureEntry[];
    /** The faults of `--faults`, injected from the start. */
    faults?: Fault[];
}

function integerFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        throw new UsageError(`--${name} must be an integer between ${min} and ${max}, got "${value}"`);
    }
    return Number(value);
}

/** Reads the file a flag names, turning its problems into a {@link UsageError} that names the flag. */
function fileFlag<T>(name: string, file: string | undefined, load: (file: string) => T): T | undefined {
    if (file === undefined) return undefined;
    if (file === "") throw new UsageError(`--${name} must name a file`);
    try {
        return load(file);
    } catch (e) {
        throw new UsageError(`--${name}: ${(e as Error).message}`);
    }
}

/** Parses the command line (without `node` and the script). Throws {@link UsageError}. */
export function parseCliArgs(argv: readonly string[]): CliConfig {
    let values;
    try {
        ({ values } = parseArgs({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: {
                port: { type: "string" },
                "access-key-id": { type: "string" },
                "access-key-secret": { type: "string" },
                "security-token": { type: "string" },
                quota: { type: "string" },
                "quota-window-ms": { type: "string" },
                "latency-ms": { type: "string" },
                "no-seed": { type: "boolean" },
                fixtures: { type: "string" },
                faults: { type: "string" },
                "admin-token": { type: "string" },
                "no-admin": { type: "boolean" },
                help: { type: "boolean", short: "h" },
            },
        }));
    } catch (e) {
        throw new UsageError((e as Error).message);
    }
    if (values.help) return { options: undefined, defaultCredentials: true };

    const port = integerFlag("port", values.port, 0, 65535) ?? DEFAULT_CLI_PORT;
    const limit = integerFlag("quota", values.quota, 1, 1_000_000_000) ?? DEFAULT_QUOTA.limit;
    const windowMs =
        integerFlag("quota-window-ms", values["quota-window-ms"], 1, 86_400_000) ?? DEFAULT_QUOTA.windowMs;
    const quota: QuotaOptions = { limit, windowMs };
    const latencyMs = integerFlag("latency-ms", values["latency-ms"], 0, 60_000) ?? 0;

    const id = values["access-key-id"];
    const secret = values["access-key-secret"];
    if (id !== undefined && id === "") throw new UsageError("--access-key-id must not be empty");
    if (secret !== undefined && secret === "") throw new UsageError("--access-key-secret must not be empty");
    if (id !== undefined && secret === undefined) {
        throw new UsageError("--access-key-secret is required with --access-key-id");
    }
    if (secret !== undefined && id === undefined) {
        throw new UsageError("--access-key-id is required with --access-key-secret");
    }
    const token = values["security-token"];
    if (token !== undefined && token === "") throw new UsageError("--security-token must not be empty");

    const credential: EmulatorCredential = {
        accessKeyId: id ?? DEFAULT_TEST_CREDENTIALS.accessKeyId,
        accessKeySecret: secret ?? DEFAULT_TEST_CREDENTIALS.accessKeySecret,
        ...(token === undefined ? {} : { securityToken: token }),
    };

    const adminToken = values["admin-token"];
    if (adminToken !== undefined && values["no-admin"]) {
        throw new UsageError("--admin-token and --no-admin cannot be used together");
    }
    if (adminToken !== undefined && adminToken.length < 8) {
        throw new UsageError("--admin-token must have at least 8 characters");
    }
    if (values.fixtures !== undefined && values["no-seed"]) {
        throw new UsageError(
            "--fixtures and --no-seed cannot be used together (--fixtures replaces the fixtures)",
        );
    }
    const connections = fileFlag("fixtures", values.fixtures, (f) => loadFixturesFile(f, VALID_REGION_IDS));
    const faults = fileFlag("faults", values.faults, loadFaultsFile);

    return {
        options: {
            port,
            quota,
            latencyMs,
            seed: !values["no-seed"] && connections === undefined,
            credentials: [credential],
            ...(adminToken === undefined ? {} : { adminToken }),
            ...(values["no-admin"] ? { admin: false } : {}),
        },
        defaultCredentials: credential.accessKeySecret === DEFAULT_TEST_CREDENTIALS.accessKeySecret,
        ...(connections === undefined ? {} : { connections }),
        ...(faults === undefined ? {} : { faults }),
    };
}

/**
 * The line about the admin interface: `admin interface <url> token <token>`, the token printed only when
 * the emulator generated it.
 */
export function adminLine(emulator: VpcEmulator, tokenGiven: boolean): string {
    if (emulator.adminUrl === undefined) return "admin interface off";
    return `admin interface ${emulator.adminUrl} token ${tokenGiven ? "as given (not printed)" : String(emulator.adminToken)}`;
}

/** The line about credentials: the key id, and the secret only if it is the documented test one. */
export function credentialsLine(credential: EmulatorCredential, defaultCredentials: boolean): string {
    const secret = defaultCredentials
        ? `access key secret ${credential.accessKeySecret} (documented test secret)`
        : "access key secret as given (not printed)";
    const sts = credential.securityToken === undefined ? "" : ", STS security token required (not printed)";
    return `accepting access key id ${credential.accessKeyId}, ${secret}${sts}`;
}

/**
 * Runs the CLI: starts the emulator and resolves with the exit status once a stop signal arrives
 * (or immediately with 0 for `--help`, 2 for a usage error).
 */
export async function main(
    argv: readonly string[],
    io: { out: (line: string) => void; err: (line: string) => void } = {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
    },
): Promise<number> {
    let config: CliConfig;
    try {
        config = parseCliArgs(argv);
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.err(`alicloud-vpn-emulator: ${e.message}`);
        io.err(USAGE);
        return 2;
    }
    if (!config.options) {
        io.out(USAGE);
        return 0;
    }
    let emulator: VpcEmulator;
    try {
        emulator = await VpcEmulator.start(config.options);
    } catch (e) {
        io.err(
            `alicloud-vpn-emulator: cannot listen on 127.0.0.1:${config.options.port}: ${(e as Error).message}`,
        );
        return 1;
    }
    try {
        for (const { regionId, connection } of config.connections ?? []) {
            emulator.putConnection(regionId, connection);
        }
        for (const fault of config.faults ?? []) emulator.injectFault(fault);
    } catch (e) {
        await emulator.stop();
        io.err(`alicloud-vpn-emulator: ${(e as Error).message}`);
        return 2;
    }
    io.out(emulator.endpoint);
    const credential = config.options.credentials[0];
    if (credential) io.out(credentialsLine(credential, config.defaultCredentials));
    io.out(adminLine(emulator, config.options.adminToken !== undefined));

    return new Promise<number>((resolve) => {
        const onSignal = (): void => {
            process.off("SIGINT", onSignal);
            process.off("SIGTERM", onSignal);
            void emulator.stop().then(() => resolve(0));
        };
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
    });
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (e: unknown) => {
            process.stderr.write(`alicloud-vpn-emulator: ${(e as Error).stack ?? String(e)}\n`);
            process.exitCode = 1;
        },
    );
}
