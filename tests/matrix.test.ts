/**
 * The tested matrix, `.ci/matrix.json`, is the one source of the versions CI runs on: `.ci/run` reads it,
 * and this suite keeps the README's table, the requirements it states, the lockfile and
 * `scripts/pulumi-cli.sh`'s default in agreement with it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./support/process";
import { matrixLeg, matrixScript } from "./support/toolchains";

const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    engines: { node: string };
    peerDependencies: Record<string, string>;
    devDependencies: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string }>;
};
const matrix = matrixScript.loadMatrix();
const sets = [...matrix.legs, ...matrix.installs];

/** [major, minor, patch] of "x.y.z" or "vx.y.z". */
function parts(version: string): number[] {
    return version.replace(/^v/, "").split(".").map(Number);
}
function compare(a: string, b: string): number {
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
}

describe("the tested matrix (.ci/matrix.json)", () => {
    it("is the README's table, as `node scripts/matrix.js readme` renders it", () => {
        const table = matrixScript.readmeTable(readme);
        if (table === undefined) throw new Error(`README.md lacks the line ${matrixScript.README_START}`);
        // On a failure: edit .ci/matrix.json, then run `node scripts/matrix.js readme`.
        expect(table).toBe(matrixScript.renderTable(matrix));
    });

    it("runs the pinned leg on the lockfile's @pulumi/pulumi and scripts/pulumi-cli.sh's default CLI", () => {
        const pinned = matrixLeg("pinned");
        expect(lock.packages["node_modules/@pulumi/pulumi"]?.version).toBe(pinned.pulumi);
        const script = fs.readFileSync(path.join(ROOT, "scripts", "pulumi-cli.sh"), "utf8");
        expect(script).toContain(`[ -n "$requested" ] || version="${pinned.cli}"`);
    });

    it("runs the newest leg on a CLI of the same version as its @pulumi/pulumi", () => {
        const newest = matrixLeg("newest");
        expect(newest.cli).toBe(`v${newest.pulumi}`);
        expect(compare(newest.pulumi, matrixLeg("pinned").pulumi)).toBeGreaterThan(0);
    });

    it("tests the floors the package claims: the oldest @pulumi/pulumi of the peer range, and the oldest Node.js", () => {
        const peerFloor = /^>=(\d+\.\d+\.\d+) <4\.0\.0$/.exec(
            manifest.peerDependencies["@pulumi/pulumi"] ?? "",
        );
        expect(peerFloor).not.toBeNull();
        const oldest = [...sets].sort((a, b) => compare(a.pulumi, b.pulumi))[0];
        expect(oldest?.pulumi).toBe(peerFloor?.[1]);
        const nodeFloor = /^>=(\d+)$/.exec(manifest.engines.node)?.[1];
        expect(Math.min(...sets.map((s) => Number(s.node)))).toBe(Number(nodeFloor));
        // The README's requirements line says the same.
        expect(readme).toContain(`Node.js ${nodeFloor} or later`);
        expect(readme).toContain(`\`@pulumi/pulumi\` ${peerFloor?.[1]} or later`);
    });

    it("gives .ci/run one line per leg and per install row", () => {
        const run = (...args: string[]) =>
            spawnSync(process.execPath, [path.join(ROOT, "scripts", "matrix.js"), ...args], {
                encoding: "utf8",
            });
        const newest = matrixLeg("newest");
        expect(run("leg", "newest").stdout).toBe(`newest ${newest.node} ${newest.pulumi} ${newest.cli}\n`);
        expect(run("installs").stdout).toBe(
            matrix.installs.map((i) => `${i.node} ${i.pulumi} ${i.cli}\n`).join(""),
        );
        const missing = run("leg", "nightly");
        expect(missing.status).toBe(1);
        expect(missing.stderr).toContain('.ci/matrix.json has no leg "nightly"');
        const ci = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
        expect(ci).toContain("node scripts/matrix.js leg pinned");
        expect(ci).toContain("node scripts/matrix.js leg newest");
        expect(ci).toContain("node scripts/matrix.js installs");
    });
});
