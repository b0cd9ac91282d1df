/**
 * State written by one set of versions, run by the other: a user's stack outlives their toolchain. A
 * stack is brought up with one leg's set of `.ci/matrix.json` (its Node.js, its `@pulumi/pulumi`, its
 * CLI, the packed package), then the same project and state are refreshed, previewed, updated and
 * destroyed with the other set, in both directions. The stored `__provider` (serialized by the first
 * set's SDK) runs in the second set's provider host; the secrets (encrypted by the first CLI) decrypt
 * with the second; the outputs stay the same.
 *
 * Needs both sets: Node.js of both legs (`scripts/node.sh` installs a missing one in seconds) and both
 * CLIs (`scripts/pulumi-cli.sh` builds a missing one, minutes). The second CI leg runs it:
 * `npx jest -c jest.compat.config.js`. `npm test` does not, so that the pinned leg needs one CLI only.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FIXTURE_IDS, FIXTURE_SECRETS } from "../../emulator/fixtures";
import { LocalStack } from "../../engine/stack";
import { emulatorEnv, useEmulator } from "../support/emulator";
import { ENGINE_TIMEOUT_MS, emulatorConfig, expectExit } from "../support/engine";
import { installProject, packPackage } from "../support/package-install";
import { matrixLeg, type Tools, toolsOf } from "../support/toolchains";
import { ROOT } from "../support/process";

jest.setTimeout(ENGINE_TIMEOUT_MS);

const REGION = "cn-hangzhou";
const ID = FIXTURE_IDS.singleTunnel;
const PROGRAM = path.join(ROOT, "tests", "compat", "program");

/** One side: the tools of a set and a project `node_modules` installed with them. */
interface Side {
    name: string;
    tools: Tools;
    nodeModules: string;
    /** `node --version` of its Node.js. */
    nodeVersion: string;
}

let work: string;
const sides: Record<"pinned" | "newest", Side> = {} as Record<"pinned" | "newest", Side>;

beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-compat-"));
    // The programs' HOME: empty, so no credentials file of the machine is read.
    fs.mkdirSync(path.join(work, "home"));
    const { tarball } = await packPackage(work);
    await Promise.all(
        (["pinned", "newest"] as const).map(async (name) => {
            const leg = matrixLeg(name);
            const tools = toolsOf(leg);
            const deps = path.join(work, `deps-${name}`);
            const installed = await installProject(deps, tarball, { node: tools.node, pulumi: leg.pulumi });
            expect(installed).toBe(leg.pulumi);
            const nodeVersion = execFileSync(tools.node, ["--version"], { encoding: "utf8" }).trim();
            expect(nodeVersion.startsWith(`v${leg.node}.`)).toBe(true);
            sides[name] = { name, tools, nodeModules: path.join(deps, "node_modules"), nodeVersion };
        }),
    );
}, 2 * ENGINE_TIMEOUT_MS);

const vpc = useEmulator();

afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The `__provider` text stored for the connection. */
async function storedProvider(stack: LocalStack): Promise<{ provider: string; text: string }> {
    const { deployment, text } = await stack.exportState();
    const connection = (deployment.resources ?? []).find((r) => r.type.endsWith(":VpnConnection"));
    return { provider: String(connection?.inputs?.__provider), text };
}

describe.each([
    ["pinned", "newest"],
    ["newest", "pinned"],
] as const)("a stack brought up with the %s set", (writerName, readerName) => {
    it(`refreshes, previews, updates and destroys cleanly with the ${readerName} set`, async () => {
        const writer = sides[writerName];
        const reader = sides[readerName];
        const original = vpc.emulator.getConnection(REGION, ID);
        let stack = await LocalStack.create({
            programDir: PROGRAM,
            nodeModules: writer.nodeModules,
            env: emulatorEnv(vpc.emulator, path.join(work, "home")),
            config: { ...emulatorConfig(), vpnConnectionId: ID },
            toolchain: { cliDir: writer.tools.cliDir, node: writer.tools.node },
        });
        try {
            expectExit(await stack.run(["up", "--yes"]), 0);
            const written = await stack.outputs(true);
            expect(written).toMatchObject({
                status: "ipsec_sa_established",
                ikeLifetime: 86400,
                psk: FIXTURE_SECRETS.singleTunnelPsk,
                runtime: { node: writer.nodeVersion, pulumi: writer.tools.set.pulumi },
            });
            const before = await storedProvider(stack);
            expect(before.provider).toContain('impl: "pulumi-alicloud-vpn/dist/provider/dynamic.js"');
            expect(before.text).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);

            // The same project and state, from now on run by the other set.
            stack = stack.withToolchain(
                { cliDir: reader.tools.cliDir, node: reader.tools.node },
                reader.nodeModules,
            );

            // Outputs and secrets written by the first CLI read back with the second.
            expect(await stack.outputs(true)).toEqual(written);
            expect(await stack.outputs()).toMatchObject({ psk: "[secret]" });

            // The stored provider runs in the other set's provider host: no drift, and a refresh is clean.
            expectExit(await stack.run(["refresh", "--preview-only", "--expect-no-changes"]), 0);
            const refreshed = await stack.run(["refresh", "--yes"]);
            expectExit(refreshed, 0);
            expect(refreshed.stdout).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
            const afterRefresh = await storedProvider(stack);
            expect(afterRefresh.provider).toBe(before.provider);
            expect(afterRefresh.text).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
            expect(await stack.outputs(true)).toEqual(written);

            // A preview runs the program on the other set, reading the connection again.
            const preview = await stack.run(["preview", "--show-reads", "--diff"]);
            expectExit(preview, 0);
            expect(preview.stdout).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);

            // A change made outside Pulumi is drift for the stored provider too.
            vpc.emulator.updateConnection(REGION, ID, { RemoteSubnet: "10.0.0.0/24,10.9.9.0/24" });
            const drift = await stack.run(["refresh", "--preview-only", "--expect-no-changes", "--diff"]);
            expectExit(drift, 7);
            expect(drift.stdout).toContain("10.9.9.0/24");
            expect(drift.stdout).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);

            // An update stores the other set's provider (still the package by name) and its outputs.
            const up = await stack.run(["up", "--yes"]);
            expectExit(up, 0);
            expect(up.stdout).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
            const updated = await stack.outputs(true);
            expect(updated).toMatchObject({
                status: "ipsec_sa_established",
                psk: FIXTURE_SECRETS.singleTunnelPsk,
                runtime: { node: reader.nodeVersion, pulumi: reader.tools.set.pulumi },
            });
            expect(updated.remoteSubnets).toContain("10.9.9.0/24");
            const after = await storedProvider(stack);
            expect(after.provider).toContain('impl: "pulumi-alicloud-vpn/dist/provider/dynamic.js"');
            expect(after.text).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
            expectExit(await stack.run(["refresh", "--preview-only", "--expect-no-changes"]), 0);

            // And the other set destroys it.
            const destroy = await stack.run(["destroy", "--yes"]);
            expectExit(destroy, 0);
            const { deployment } = await stack.exportState();
            expect((deployment.resources ?? []).filter((r) => r.type.endsWith(":VpnConnection"))).toEqual([]);
        } finally {
            if (original) vpc.emulator.updateConnection(REGION, ID, { RemoteSubnet: original.RemoteSubnet });
            stack.dispose();
        }
    });
});
