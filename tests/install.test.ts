/**
 * The package as users get it: `npm pack`, install the tarball into a fresh project in a temporary
 * folder, type-check a program against the installed types, run it through the real Pulumi CLI against
 * the emulator (preview, up, the refresh drift check), and check that the stored provider requires the
 * package by name, not a path of this machine. Proves the `files` list, the `exports` map (the path every
 * stack's state requires among them), the `.d.ts` files, the bin entries and the serialization.
 *
 * It runs on the set of versions given by the environment (the CI runs it on every row of
 * `.ci/matrix.json`):
 *
 * - `INSTALL_TEST_NODE`: the `node` binary that installs the project and runs the type check, the
 *   program, the provider host and the installed command. @default the Node.js running Jest
 * - `INSTALL_TEST_PULUMI`: the `@pulumi/pulumi` version the project installs. @default the version this
 *   repository's tests run with
 * - `INSTALL_TEST_PULUMI_CLI`: the folder holding the `pulumi` CLI. @default `scripts/pulumi-cli.sh`'s
 *   (which honours `PULUMI_CLI_VERSION`)
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { pulumiCliDir } from "../engine/cli";
import { LocalStack } from "../engine/stack";
import { emulatorEnv, useEmulator } from "./support/emulator";
import { emulatorConfig, expectExit } from "./support/engine";
import { envWithNode, installProject, packPackage, repositoryPulumiVersion } from "./support/package-install";
import { FIXTURE_SECRETS } from "../emulator/fixtures";

// This suite packs, installs and type-checks a project: each step takes seconds to tens of seconds.
jest.setTimeout(180_000);

const exec = promisify(execFile);
const root = path.resolve(__dirname, "..");

/** The versions under test (see the file's comment). */
const NODE = process.env.INSTALL_TEST_NODE || process.execPath;
const PULUMI = process.env.INSTALL_TEST_PULUMI || repositoryPulumiVersion();
const CLI_DIR = process.env.INSTALL_TEST_PULUMI_CLI || pulumiCliDir();
const NODE_ENV = envWithNode(NODE);

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { VpnConnection, getVpnConnectionOutput, VpnConnectionArgs, IkeConfig } from "pulumi-alicloud-vpn";

const args: VpnConnectionArgs = { vpnConnectionId: "vco-bp1bbi27hojx80nck0001" };
const office = new VpnConnection("office", args);
const lifetime: pulumi.Output<number | undefined> = office.ikeConfig.apply((c: IkeConfig | undefined) => c?.ikeLifetime);
const dc = getVpnConnectionOutput({ vpnConnectionId: "vco-bp17pzl3k5qpfb2xn0002" });

export const status = office.status;
export const ikeLifetime = lifetime;
export const psk = office.psk;
export const tunnelCount = dc.tunnelOptions.apply((t) => (t ?? []).length);
export const peerSubnets: pulumi.Output<string[]> = dc.remoteSubnets;
// What the program really ran on.
export const runtime = { node: process.version, pulumi: require("@pulumi/pulumi/package.json").version as string };
`;

// The subpaths, type-checked with TypeScript's older "node" resolution (the default for CommonJS).
const SUBPATHS_PROGRAM = `import { VpcClient, VpcNotFoundError, closeIdleConnections } from "pulumi-alicloud-vpn/client";
import { VpcEmulator, FIXTURE_IDS } from "pulumi-alicloud-vpn/emulator";

export async function main(): Promise<string | undefined> {
    const emulator: VpcEmulator = await VpcEmulator.start();
    try {
        const client = new VpcClient({ regionId: "cn-hangzhou", endpoint: emulator.endpoint });
        const { connection } = await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        return connection.status;
    } catch (e) {
        if (e instanceof VpcNotFoundError) return undefined;
        throw e;
    } finally {
        closeIdleConnections();
        await emulator.stop();
    }
}
`;

let work: string;
let project: string;
/** The paths in the tarball, as `npm pack` lists them. */
let packedFiles: string[];
/** The `@pulumi/pulumi` version npm installed. */
let installedPulumi: string;

beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-install-"));
    const packed = await packPackage(work);
    packedFiles = packed.files;
    project = path.join(work, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: install-test\nruntime: nodejs\n");
    fs.writeFileSync(
        path.join(project, "tsconfig.json"),
        JSON.stringify({
            compilerOptions: {
                strict: true,
                target: "ES2022",
                module: "commonjs",
                moduleResolution: "node",
                noEmit: true,
                types: ["node"],
            },
        }),
    );
    fs.writeFileSync(path.join(project, "index.ts"), PROGRAM);
    fs.writeFileSync(path.join(project, "subpaths.ts"), SUBPATHS_PROGRAM);
    installedPulumi = await installProject(project, packed.tarball, { node: NODE, pulumi: PULUMI });
}, 300_000);

const vpc = useEmulator();

afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
});

it("installs from the tarball with compiled code and types, and no sources or tests", () => {
    const installed = path.join(project, "node_modules", "pulumi-alicloud-vpn");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, "dist", "index.js"))).toBe(true);
    expect(fs.existsSync(path.join(installed, "dist", "index.d.ts"))).toBe(true);
    expect(fs.existsSync(path.join(installed, "dist", "provider", "dynamic.js"))).toBe(true);
    expect(fs.existsSync(path.join(installed, "provider"))).toBe(false);
    expect(fs.existsSync(path.join(installed, "tests"))).toBe(false);
    expect(fs.existsSync(path.join(installed, "dist", "tests"))).toBe(false);
});

it("ships what users run and nothing else: no benchmarks, no repository scripts, no source maps", () => {
    expect(packedFiles).toEqual(
        expect.arrayContaining(["LICENSE", "README.md", "package.json", "dist/index.js"]),
    );
    expect(packedFiles).toContain("dist/provider/dynamic.js");
    expect(packedFiles).toContain("dist/client.js");
    expect(packedFiles).toContain("dist/emulator/index.js");
    expect(packedFiles.filter((f) => f.startsWith("dist/bench/"))).toEqual([]);
    expect(packedFiles).toContain("dist/cli/main.js");
    // The demo, the engine driver and the stand-in plugins serve this repository only.
    for (const folder of ["dist/demo/", "dist/engine/", "dist/stand-ins/"]) {
        expect(packedFiles.filter((f) => f.startsWith(folder))).toEqual([]);
    }
    // Source maps would point at sources the package does not ship.
    expect(packedFiles.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(packedFiles.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(
        packedFiles.every((f) =>
            /^(dist\/|cli\/[\w-]+\.schema\.json$|LICENSE$|README(\.zh-CN)?\.md$|CHANGELOG\.md$|package\.json$)/.test(
                f,
            ),
        ),
    ).toBe(true);
    const license = fs.readFileSync(
        path.join(project, "node_modules", "pulumi-alicloud-vpn", "LICENSE"),
        "utf8",
    );
    expect(license).toContain("Apache License");
    expect(license).toContain("Version 2.0, January 2004");
});

it("resolves the root, the subpaths and the provider path every stack's state requires", async () => {
    // Run in the project, as the provider host and a user's program resolve the package.
    const script = `
        const specifiers = [
            "pulumi-alicloud-vpn",
            "pulumi-alicloud-vpn/client",
            "pulumi-alicloud-vpn/emulator",
            "pulumi-alicloud-vpn/dist/provider/dynamic.js",
            "pulumi-alicloud-vpn/package.json",
        ];
        const resolved = Object.fromEntries(specifiers.map((s) => [s, require.resolve(s)]));
        const dynamic = require("pulumi-alicloud-vpn/dist/provider/dynamic.js");
        let internal;
        try { require.resolve("pulumi-alicloud-vpn/dist/provider/client.js"); internal = "resolved"; }
        catch (e) { internal = e.code; }
        process.stdout.write(JSON.stringify({
            resolved,
            host: ["settingsFromConfig", "checkInputs", "read"].map((name) => typeof dynamic[name]),
            internal,
        }));
    `;
    const { stdout } = await exec(NODE, ["-e", script], { cwd: project });
    const result = JSON.parse(stdout) as {
        resolved: Record<string, string>;
        host: string[];
        internal: string;
    };
    const installed = path.join(project, "node_modules", "pulumi-alicloud-vpn");
    expect(result.resolved).toEqual({
        "pulumi-alicloud-vpn": path.join(installed, "dist", "index.js"),
        "pulumi-alicloud-vpn/client": path.join(installed, "dist", "client.js"),
        "pulumi-alicloud-vpn/emulator": path.join(installed, "dist", "emulator", "index.js"),
        "pulumi-alicloud-vpn/dist/provider/dynamic.js": path.join(
            installed,
            "dist",
            "provider",
            "dynamic.js",
        ),
        "pulumi-alicloud-vpn/package.json": path.join(installed, "package.json"),
    });
    // What a stored provider calls on that module, by name.
    expect(result.host).toEqual(["function", "function", "function"]);
    // Everything else is private.
    expect(result.internal).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
});

it("type-checks a program against the installed declarations", async () => {
    const tsc = path.join(project, "node_modules", "typescript", "bin", "tsc");
    await expect(exec(NODE, [tsc, "-p", "."], { cwd: project })).resolves.toBeDefined();
    // And the types are real: a wrong type is an error.
    fs.writeFileSync(
        path.join(project, "wrong.ts"),
        `import { VpnConnection } from "pulumi-alicloud-vpn";\nnew VpnConnection("x", { vpnConnectionId: 42 });\n`,
    );
    try {
        const failed = await exec(NODE, [tsc, "--noEmit", "--strict", "wrong.ts"], {
            cwd: project,
        }).then(
            () => undefined,
            (e: { stdout: string }) => e.stdout,
        );
        expect(failed).toContain(
            "wrong.ts(2,26): error TS2322: Type 'number' is not assignable to type 'Input<string>'",
        );
    } finally {
        fs.rmSync(path.join(project, "wrong.ts"));
    }
});

it("runs the program through the real Pulumi CLI, storing a provider that requires the package by name", async () => {
    // The CLI's home: inside the work folder, removed with it.
    const home = fs.mkdtempSync(path.join(work, "home-"));
    const stack = await LocalStack.create({
        programDir: project,
        nodeModules: path.join(project, "node_modules"),
        env: emulatorEnv(vpc.emulator, home),
        config: emulatorConfig(),
        toolchain: { cliDir: CLI_DIR, node: NODE },
    });
    const id = "vco-bp1bbi27hojx80nck0001";
    const original = vpc.emulator.getConnection("cn-hangzhou", id);
    try {
        const preview = await stack.run(["preview", "--show-reads"]);
        expectExit(preview, 0);
        expect(preview.stdout).toMatch(/pulumi-nodejs:dynamic\/alicloud-vpn:VpnConnection\s+office\s+read/);
        expect(preview.stdout).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);

        const up = await stack.run(["up", "--yes"]);
        expectExit(up, 0);
        expect(up.stdout).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
        const outputs = await stack.outputs();
        expect(outputs).toMatchObject({
            status: "ipsec_sa_established",
            ikeLifetime: 86400,
            tunnelCount: 2,
            psk: "[secret]",
        });
        // The program ran on the Node.js and the @pulumi/pulumi under test, through the CLI under test.
        const node = (await exec(NODE, ["--version"])).stdout.trim();
        expect(outputs.runtime).toEqual({ node, pulumi: installedPulumi });
        const cli = (await exec(path.join(CLI_DIR, "pulumi"), ["version"])).stdout.trim();
        process.stdout.write(
            `install test ran on node ${node}, @pulumi/pulumi ${installedPulumi}, CLI ${cli}\n`,
        );

        const { deployment, text } = await stack.exportState();
        const connection = (deployment.resources ?? []).find((r) => r.type.endsWith(":VpnConnection"));
        const provider = String(connection?.inputs?.__provider);
        expect(provider).toContain('impl: "pulumi-alicloud-vpn/dist/provider/dynamic.js"');
        expect(provider).not.toContain(work);
        expect(provider).not.toContain(root);
        expect(text).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);

        // The drift check: nothing changed, then a change made outside Pulumi exits 7.
        expectExit(await stack.run(["refresh", "--preview-only", "--expect-no-changes"]), 0);
        vpc.emulator.updateConnection("cn-hangzhou", id, { RemoteSubnet: "10.0.0.0/24,10.9.9.0/24" });
        const drifted = await stack.run(["refresh", "--preview-only", "--expect-no-changes", "--diff"]);
        expectExit(drifted, 7);
        expect(drifted.stdout).toContain("10.9.9.0/24");
        expect(drifted.stdout).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
    } finally {
        if (original) {
            vpc.emulator.updateConnection("cn-hangzhou", id, { RemoteSubnet: original.RemoteSubnet });
        }
        stack.dispose();
    }
});

it("serializes the provider as a require of the installed package, with no path of this machine", async () => {
    const script = `
        // Not an export of the package: loaded by its path, as the SDK itself loads it.
        const { vpnConnectionProvider } = require("./node_modules/pulumi-alicloud-vpn/dist/sdk/provider.js");
        const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
        serializeFunction(() => vpnConnectionProvider, { allowSecrets: true }).then((sf) => process.stdout.write(sf.text));
    `;
    const { stdout: text } = await exec(NODE, ["-e", script], { cwd: project });
    expect(text).toContain('impl: "pulumi-alicloud-vpn/dist/provider/dynamic.js"');
    expect(text).not.toContain(work);
    expect(text).not.toContain(root);
    expect(Buffer.byteLength(text)).toBeLessThan(4096);
});

it("runs the installed alicloud-vpn command, with its report schema shipped beside it", async () => {
    const installed = path.join(project, "node_modules", "pulumi-alicloud-vpn");
    expect(fs.existsSync(path.join(installed, "cli", "drift-report.schema.json"))).toBe(true);
    const cli = path.join(project, "node_modules", ".bin", "alicloud-vpn");
    const { stdout } = await exec(cli, ["describe", "vco-bp1bbi27hojx80nck0001", "--output", "json"], {
        cwd: project,
        env: {
            ...NODE_ENV,
            ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
            ALIBABA_CLOUD_ENDPOINT_VPC: vpc.endpoint,
            ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_TEST_CREDENTIALS.accessKeyId,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_TEST_CREDENTIALS.accessKeySecret,
        },
    });
    expect(JSON.parse(stdout).connection.name).toBe("hq-office-ipsec");
    expect(stdout).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
});
