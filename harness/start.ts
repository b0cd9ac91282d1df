/**
 * `npm start`: the whole project on one machine, without an Alibaba Cloud account or the Pulumi CLI.
 * Starts the VPC API emulator on a free loopback port, runs an example program (`examples/basic`
 * unless another example is named) through the preview harness against it, prints what
 * `pulumi preview` would show, and stops the emulator.
 *
 * Usage: `npm start [-- <example name>]`, e.g. `npm start -- route-to-vpn`.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_TEST_CREDENTIALS, VpcEmulator } from "../emulator/server";
import { PreviewError } from "./errors";
import { formatPreview } from "./format";
import { runPreview } from "./preview";

const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");

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
    try {
        // The program's own process (getVpnConnection) and the provider host both find the emulator
        // the way a user would point them at any endpoint: ALIBABA_CLOUD_ENDPOINT_VPC.
        process.env.ALIBABA_CLOUD_ENDPOINT_VPC = emulator.endpoint;
        process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
        console.log(`VPC API emulator listening at ${emulator.endpoint} (test credentials, seeded fixtures)`);
        console.log(`Running examples/${name} through the preview harness\n`);
        const result = await runPreview({
            programDir,
            stack: "dev",
            config: {
                "alicloud:region": "cn-hangzhou",
                "alicloud:accessKey": DEFAULT_TEST_CREDENTIALS.accessKeyId,
                "alicloud:secretKey": DEFAULT_TEST_CREDENTIALS.accessKeySecret,
            },
            secretConfigKeys: ["alicloud:secretKey"],
            env: process.env,
        });
        console.log(formatPreview(result));
        const calls = emulator.requests.length;
        console.log(`\n${calls} call${calls === 1 ? "" : "s"} reached the emulator.`);
        return 0;
    } catch (e) {
        // A failed read rejects with the partial preview, which shows the error under "Diagnostics:".
        console.error(
            e instanceof PreviewError ? formatPreview(e.result) : e instanceof Error ? e.message : String(e),
        );
        return 1;
    } finally {
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
