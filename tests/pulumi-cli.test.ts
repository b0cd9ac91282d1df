/**
 * `scripts/pulumi-cli.sh`, the one provider of the Pulumi CLI, on the paths that need no build: a recent
 * `pulumi` on PATH is used as it is (with the dynamic-provider plugin put beside it in a folder of our
 * own), an old one is not, and without a CLI and without Go it fails saying how to get one, as do the
 * engine suites through `pulumiCliDir`.
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
    return { ...process.env, PATH, PULUMI_CLI_CACHE: path.join(dir, "cache"), PULUMI_CLI_BUILD: undefined };
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
