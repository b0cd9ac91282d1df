/**
 * `npm start`: the whole project on one machine, through the real Pulumi CLI, without an Alibaba Cloud
 * account. Starts the VPC API emulator on a free loopback port, then runs an example program
 * (`examples/basic` unless another is named) as a user would:
 *
 * 1. `pulumi preview --show-reads`: the connection is read during preview, its keys shown as secrets;
 * 2. `pulumi up`: the outputs go into state (keys encrypted) and into another resource;
 * 3. `alicloud-vpn snapshot`: a baseline of the connection for pipelines without Pulumi (keys only as
 *    salted fingerprints);
 * 4. someone adds a remote subnet to the connection in the console (here: in the emulator);
 * 5. `pulumi refresh --preview-only --expect-no-changes --diff`: the drift check a pipeline runs, which
 *    names the changed field and exits 7;
 * 6. `alicloud-vpn drift --baseline`: the same drift caught without Pulumi state, exit 1.
 *
 * The CLI comes from `scripts/pulumi-cli.sh` (a `pulumi` on PATH, or one built once from source). The
 * stack lives in a temporary folder with a file backend and is removed at the end.
 *
 * Usage: `npm start [-- <example name>]`, e.g. `npm start -- route-to-vpn`.
 *
 * @packageDocumentation
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_TEST_CREDENTIALS, VpcEmulator } from "../emulator/server";
import { REPOSITORY_ROOT } from "../engine/cli";
import { LocalStack } from "../engine/stack";

const EXAMPLES = path.join(REPOSITORY_ROOT, "examples");

function heading(text: string): void {
    process.stdout.write(`\n=== ${text}\n`);
}

/**
 * Runs the built `alicloud-vpn` command as a pipeline would, echoing the command line and its output.
 *
 * @param args - its arguments.
 * @param env - added to the environment (credentials and endpoint of the emulator).
 * @param cwd - where it runs.
 * @returns its exit code.
 */
function alicloudVpn(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number | null> {
    process.stdout.write(`\n$ alicloud-vpn ${args.join(" ")}\n`);
    return new Promise((resolve, reject) => {
        const child = spawn(
            process.execPath,
            [path.join(REPOSITORY_ROOT, "dist", "cli", "main.js"), ...args],
            {
                cwd,
                env: { ...process.env, ...env },
                stdio: ["ignore", "inherit", "inherit"],
            },
        );
        child.on("error", reject);
        child.on("close", resolve);
    });
}

async function main(argv: string[]): Promise<number> {
    const name = argv[0] ?? "basic";
    const programDir = path.join(EXAMPLES, name);
    if (!/^[a-z0-9-]+$/.test(name) || !fs.existsSync(path.join(programDir, "Pulumi.yaml"))) {
        const known = fs
            .readdirSync(EXAMPLES)
            .filter((d) => fs.existsSync(path.join(EXAMPLES, d, "Pulumi.yaml")));
        console.error(
            `npm start: no example named ${JSON.stringify(name)}; choose one of: ${known.join(", ")}`,
        );
        return 2;
    }
    const emulator = await VpcEmulator.start();
    let stack: LocalStack | undefined;
    try {
        console.log(`VPC API emulator listening at ${emulator.endpoint} (test credentials, seeded fixtures)`);
        stack = await LocalStack.create({
            programDir,
            // The program's process (get functions) and the provider host both find the emulator the
            // way a user points them at any endpoint.
            env: { ALIBABA_CLOUD_ENDPOINT_VPC: emulator.endpoint },
            config: {
                "alicloud:region": "cn-hangzhou",
                "alicloud:accessKey": { value: DEFAULT_TEST_CREDENTIALS.accessKeyId, secret: true },
                "alicloud:secretKey": { value: DEFAULT_TEST_CREDENTIALS.accessKeySecret, secret: true },
            },
            echo: process.stdout,
        });
        console.log(`Running examples/${name} through the real Pulumi CLI (stack in ${stack.stateDir})`);

        heading("1. Preview: the connection is read now, its keys are secrets");
        if ((await stack.run(["preview", "--show-reads"])).code !== 0) return 1;

        heading("2. Update: the outputs go into state, keys encrypted, and into the other resources");
        if ((await stack.run(["up", "--yes", "--skip-preview"])).code !== 0) return 1;

        // The connection the program read (the first one, if it read several).
        const read = emulator.requests.find((r) => r.action === "DescribeVpnConnection" && r.status === 200);
        const id = read?.vpnConnectionId;
        const region = read?.regionId;
        const live =
            id !== undefined && region !== undefined ? emulator.getConnection(region, id) : undefined;
        if (id === undefined || region === undefined || live === undefined) {
            console.error("npm start: the program read no connection");
            return 1;
        }
        // The command reads credentials as pipelines give them: in the environment.
        const commandEnv: NodeJS.ProcessEnv = {
            ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_TEST_CREDENTIALS.accessKeyId,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_TEST_CREDENTIALS.accessKeySecret,
            ALIBABA_CLOUD_ENDPOINT_VPC: emulator.endpoint,
            ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
        };
        heading("3. A baseline for pipelines without Pulumi: outputs, and keys only as salted fingerprints");
        const snapshot = await alicloudVpn(
            ["snapshot", id, "--region", region, "--out", "vpn-baseline.json"],
            commandEnv,
            stack.projectDir,
        );
        if (snapshot !== 0) return 1;

        const added = "192.168.99.0/24";
        heading(`4. Someone adds ${added} to the remote subnets of ${id} in the console`);
        emulator.updateConnection(region, id, { RemoteSubnet: `${String(live.RemoteSubnet)},${added}` });

        heading("5. The nightly drift check catches it (exit code 7 means drift)");
        const check = await stack.run(["refresh", "--preview-only", "--expect-no-changes", "--diff"]);
        console.log(`\n\`pulumi refresh --preview-only --expect-no-changes\` exited ${String(check.code)}.`);
        if (check.code !== 7) {
            console.error("npm start: the drift check should have exited 7");
            return 1;
        }

        heading("6. So does the alicloud-vpn command, against the baseline (exit code 1 means drift)");
        const drift = await alicloudVpn(
            ["drift", "--baseline", "vpn-baseline.json", "--region", region],
            commandEnv,
            stack.projectDir,
        );
        console.log(`\n\`alicloud-vpn drift\` exited ${String(drift)}.`);
        if (drift !== 1) {
            console.error("npm start: alicloud-vpn drift should have exited 1");
            return 1;
        }
        const calls = emulator.requests.length;
        console.log(
            `${calls} call${calls === 1 ? "" : "s"} reached the emulator, all of them Describe calls.`,
        );
        return 0;
    } catch (e) {
        console.error(`npm start: ${e instanceof Error ? e.message : String(e)}`);
        return 1;
    } finally {
        stack?.dispose();
        await emulator.stop();
    }
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
        console.error(e);
        process.exit(1);
    },
);
