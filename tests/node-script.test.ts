/**
 * `scripts/node.sh`, which provides a Node.js of a major version to the CI legs and the suite of state
 * across versions, on the paths that need no download: a Node.js on PATH whose major is the one asked
 * for, an install made earlier, and without npm a failure that says how to get one.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "./support/process";

const SCRIPT = path.join(ROOT, "scripts", "node.sh");

let dir: string;

beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-node-script-"));
});
afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], PATH: string) {
    return spawnSync("/bin/bash", [SCRIPT, ...args], {
        env: { ...process.env, PATH, PULUMI_CLI_CACHE: path.join(dir, "cache") },
        encoding: "utf8",
    });
}

/** A PATH holding the tools the script uses, and no `node` or `npm`. */
function pathWithoutNode(): string {
    const bin = path.join(dir, "tools");
    fs.mkdirSync(bin);
    for (const tool of ["sed", "mkdir", "rm", "date", "flock"]) {
        const found = spawnSync("/bin/sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
        if (found) fs.symlinkSync(found, path.join(bin, tool));
    }
    return bin;
}

const MACHINE_PATH = [path.dirname(process.execPath), "/usr/bin", "/bin"].join(":");

describe("scripts/node.sh", () => {
    it("uses the machine's node when its major version is the one asked for", () => {
        const major = process.versions.node.split(".")[0] ?? "";
        const result = run([major], MACHINE_PATH);
        expect(result.status).toBe(0);
        expect(fs.realpathSync(result.stdout.trim())).toBe(fs.realpathSync(process.execPath));
        expect(result.stderr).toContain(`using node v${process.versions.node} from PATH`);
        // Nothing was installed.
        expect(fs.existsSync(path.join(dir, "cache"))).toBe(false);
    });

    it("finds a node of that major behind another one on PATH, as in a CI leg that put its own first", () => {
        const later = path.join(dir, "later");
        fs.mkdirSync(later);
        fs.writeFileSync(path.join(later, "node"), "#!/bin/sh\necho v99.3.4\n", { mode: 0o755 });
        const result = run(["99"], `${MACHINE_PATH}:${later}`);
        expect(result.status).toBe(0);
        expect(result.stdout.trim()).toBe(path.join(later, "node"));
        expect(fs.existsSync(path.join(dir, "cache"))).toBe(false);
    });

    it("uses a node of that major installed earlier in the tool cache", () => {
        const binary = path.join(dir, "cache", "node-99", "node_modules", "node", "bin", "node");
        fs.mkdirSync(path.dirname(binary), { recursive: true });
        fs.writeFileSync(binary, "#!/bin/sh\necho v99.1.2\n", { mode: 0o755 });
        const result = run(["99"], MACHINE_PATH);
        expect(result.status).toBe(0);
        expect(result.stdout.trim()).toBe(binary);
        expect(result.stderr).toContain(`using node v99.1.2 installed earlier (${binary})`);
    });

    it("without that node and without npm, fails saying how to get one", () => {
        const result = run(["99"], pathWithoutNode());
        expect(result.status).toBe(1);
        expect(result.stderr).toContain("no node 99 here and no npm to install one.");
        expect(result.stderr).toContain("Install Node.js 99 (https://nodejs.org/en/download)");
        expect(result.stdout).toBe("");
    });

    it("refuses an argument that is not a major version", () => {
        const result = run(["latest"], MACHINE_PATH);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain("usage: scripts/node.sh <major version>");
    });
});
