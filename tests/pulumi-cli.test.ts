/**
 * `scripts/pulumi-cli.sh`, the one provider of the Pulumi CLI, on the paths that need no build: a recent
 * `pulumi` on PATH is used as it is (with the dynamic-provider plugin put beside it in a folder of our
 * own), an old one is not, a version asked for by `PULUMI_CLI_VERSION` is that version (builds of
 * several versions side by side), and without a CLI and without Go it fails saying how to get one, as
 * do the engine suites through `pulumiCliDir`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "./support/process";

const SCRIPT = path.join(ROOT, "scripts", "pulumi-cli.sh");

let dir: string;

beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-pulumi-cli-"));
});
afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder holding only a fake `pulumi` that reports `version`. */
function fakePulumi(version: string): string {
    const bin = path.join(dir, "fake-bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
    return bin;
}

/** The environment of a machine with no Go, no pulumi but in `extraPath`, and an empty cache. */
function bareEnv(extraPath?: string): NodeJS.ProcessEnv {
    const PATH = [extraPath, path.dirname(process.execPath), "/usr/bin", "/bin"].filter(Boolean).join(":");
    // No version asked for, whatever the CI leg running this suite asks for.
    return {
        ...process.env,
        PATH,
        PULUMI_CLI_CACHE: path.join(dir, "cache"),
        PULUMI_CLI_BUILD: undefined,
        PULUMI_CLI_VERSION: undefined,
    };
}

function run(env: NodeJS.ProcessEnv) {
    return spawnSync("bash", [SCRIPT], { env, encoding: "utf8" });
}

describe("scripts/pulumi-cli.sh", () => {
    it("uses a pulumi 3.226 or later on PATH as it is, with the dynamic-provider plugin beside a link to it", () => {
        const bin = fakePulumi("v3.250.1");
        const result = run(bareEnv(bin));
        expect(result.status).toBe(0);
        expect(result.stderr).toContain(`using pulumi 3.250.1 from PATH (${bin}/pulumi)`);
        const out = result.stdout.trim();
        expect(fs.realpathSync(path.join(out, "pulumi"))).toBe(fs.realpathSync(path.join(bin, "pulumi")));
        expect(fs.readFileSync(path.join(out, "pulumi-resource-pulumi-nodejs"), "utf8")).toContain(
            "@pulumi/pulumi/cmd/dynamic-provider",
        );
        // The user's installation is left untouched.
        expect(fs.readdirSync(bin)).toEqual(["pulumi"]);
    });

    it("does not use an older pulumi, and without Go says how to get a CLI", () => {
        const result = run(bareEnv(fakePulumi("v3.200.0")));
        expect(result.status).toBe(1);
        expect(result.stderr).toContain("pulumi on PATH is 3.200.0; 3.226.0 or later is needed");
        expect(result.stderr).toContain("no pulumi 3.226.0+ on PATH and no Go to build one.");
        expect(result.stderr).toContain("Install the Pulumi CLI (https://www.pulumi.com/docs/install/)");
        expect(result.stdout).toBe("");
    });

    it("uses a pulumi on PATH for a PULUMI_CLI_VERSION only when it is that very version", () => {
        const bin = fakePulumi("v3.276.0");
        const same = run({ ...bareEnv(bin), PULUMI_CLI_VERSION: "v3.276.0" });
        expect(same.status).toBe(0);
        expect(same.stderr).toContain(`using pulumi 3.276.0 from PATH (${bin}/pulumi)`);

        const other = run({ ...bareEnv(bin), PULUMI_CLI_VERSION: "v3.248.0" });
        expect(other.stderr).toContain(
            "pulumi on PATH is 3.276.0, not the v3.248.0 asked for by PULUMI_CLI_VERSION; using a build of v3.248.0",
        );
        // No build of v3.248.0 in the cache and no Go: it fails rather than use the other version.
        expect(other.status).toBe(1);
        expect(other.stderr).toContain("no Go to build one");
        expect(other.stdout).toBe("");
    });

    it("keeps builds of different versions side by side, each used for its own version and never rebuilt", () => {
        const cache = path.join(dir, "cache");
        const built: Record<string, string> = {};
        for (const version of ["v3.248.0", "v3.276.0"]) {
            const folder = path.join(cache, `pulumi-${version}`, "bin");
            fs.mkdirSync(folder, { recursive: true });
            fs.writeFileSync(path.join(folder, "pulumi"), `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
            fs.writeFileSync(path.join(folder, "pulumi-resource-pulumi-nodejs"), "#!/bin/sh\n", {
                mode: 0o755,
            });
            built[version] = folder;
        }
        // A pulumi of the other version first on PATH, as in a CI leg that put its own CLI there.
        const onPath = fakePulumi("v3.276.0");
        for (const version of ["v3.248.0", "v3.276.0", "3.248.0"]) {
            const wanted = version.startsWith("v") ? version : `v${version}`;
            const result = run({ ...bareEnv(onPath), PULUMI_CLI_VERSION: version });
            expect(result.status).toBe(0);
            if (wanted === "v3.276.0") {
                // The one on PATH, through a folder of our own that adds the plugin beside it.
                expect(fs.realpathSync(path.join(result.stdout.trim(), "pulumi"))).toBe(
                    fs.realpathSync(path.join(onPath, "pulumi")),
                );
            } else {
                expect(result.stdout.trim()).toBe(built[wanted]);
                expect(result.stderr).toContain(`using pulumi ${wanted} built earlier`);
            }
        }
        // Nothing was rebuilt or replaced.
        for (const [version, folder] of Object.entries(built)) {
            expect(fs.readFileSync(path.join(folder, "pulumi"), "utf8")).toBe(`#!/bin/sh\necho ${version}\n`);
            expect(fs.readdirSync(path.dirname(folder)).sort()).toEqual(["bin"]);
        }
    });

    it("refuses a PULUMI_CLI_VERSION that is not a version", () => {
        const result = run({ ...bareEnv(), PULUMI_CLI_VERSION: "latest" });
        expect(result.status).toBe(2);
        expect(result.stderr).toContain("PULUMI_CLI_VERSION=latest is not a version such as v3.276.0");
    });

    it("makes the engine suites fail with the same advice when no CLI can be had", () => {
        const script = `
            try { require(${JSON.stringify(path.join(ROOT, "dist", "engine", "cli.js"))}).pulumiCliDir(); process.exit(0); }
            catch (e) { process.stdout.write(e.name + ": " + e.message); process.exit(3); }
        `;
        const result = spawnSync(process.execPath, ["-e", script], { env: bareEnv(), encoding: "utf8" });
        expect(result.status).toBe(3);
        expect(result.stdout).toMatch(
            /^PulumiCliUnavailableError: the Pulumi CLI is needed and none could be found or built/,
        );
        expect(result.stdout).toContain(
            "Install Pulumi 3.226 or later on PATH (https://www.pulumi.com/docs/install/)",
        );
        expect(result.stdout).toContain("or Go 1.25+ with access to the Go module proxy");
    });
});
