#!/usr/bin/env node
import * as path from "node:path";
import { parseArgs } from "node:util";
import { PreviewError } from "./errors";
import { formatPreview } from "./format";
import { DEFAULT_STACK, runPreview } from "./preview";
import { readProjectFile, readStackConfig } from "./program";

const USAGE = `Usage: alicloud-vpn-preview [--cwd DIR] [--stack NAME] [--config key=value ...]

Previews the Pulumi program in DIR (default: the current directory) as \`pulumi preview\` would,
running its dynamic-resource reads through a real dynamic-provider host. Stack config comes from
Pulumi.<stack>.yaml (plain values only), then --config (repeatable; a key without a namespace gets
the project's).

Exit status: 0 preview succeeded, 1 preview failed, 2 bad arguments.`;

/** Exit statuses of the CLI. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A command-line mistake: printed with the usage, exit status 2. */
class UsageError extends Error {}

interface CliArgs {
    cwd: string;
    stack: string | undefined;
    config: Record<string, string>;
    help: boolean;
}

/**
 * Parses the command line (without `node` and the script). Exported for testing.
 * @throws UsageError naming the offending flag.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            options: {
                cwd: { type: "string" },
                stack: { type: "string" },
                config: { type: "string", multiple: true },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        });
    } catch (err) {
        // node:util's messages name the flag: "Unknown option '--x'", "Option '--stack <value>' argument missing".
        throw new UsageError((err as Error).message);
    }
    const { values } = parsed;
    if (values.stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(values.stack)) {
        throw new UsageError(`--stack: invalid stack name '${values.stack}'`);
    }
    const config: Record<string, string> = {};
    for (const pair of values.config ?? []) {
        const eq = pair.indexOf("=");
        if (eq <= 0) {
            throw new UsageError(`--config expects key=value, got '${pair}'`);
        }
        config[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return { cwd: path.resolve(values.cwd ?? "."), stack: values.stack, config, help: values.help ?? false };
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
    return new Promise((resolve) => stream.write(text, () => resolve()));
}

/** Runs the CLI; resolves to the exit status. Exported for testing. */
export async function main(argv: readonly string[]): Promise<number> {
    let args: CliArgs;
    try {
        args = parseCliArgs(argv);
    } catch (err) {
        await write(process.stderr, `error: ${(err as Error).message}\n\n${USAGE}\n`);
        return EXIT.usage;
    }
    if (args.help) {
        await write(process.stdout, `${USAGE}\n`);
        return EXIT.ok;
    }
    try {
        const project = readProjectFile(args.cwd).name;
        const stack = args.stack ?? DEFAULT_STACK;
        const config = { ...readStackConfig(args.cwd, stack, project) };
        for (const [key, value] of Object.entries(args.config)) {
            // As `pulumi config set key value`: a bare key belongs to the project.
            config[key.includes(":") || !project ? key : `${project}:${key}`] = value;
        }
        const result = await runPreview({ programDir: args.cwd, stack, config });
        await write(process.stdout, formatPreview(result));
        return EXIT.ok;
    } catch (err) {
        if (err instanceof PreviewError) {
            await write(process.stdout, formatPreview(err.result));
        } else {
            await write(process.stderr, `error: ${(err as Error).message}\n`);
        }
        return EXIT.failed;
    }
}

if (require.main === module) {
    // Exit explicitly: a program may leave timers behind, and the preview is over.
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err: unknown) => {
            process.stderr.write(`error: ${String(err)}\n`);
            process.exit(EXIT.failed);
        },
    );
}
