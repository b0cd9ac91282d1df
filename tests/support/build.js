/**
 * Jest's global setup: makes sure no suite runs a stale build. Several suites use the compiled package
 * (`sdk/provider.ts` sends the provider host to `dist/provider/dynamic.js`; the CLI and install suites
 * run `dist/`), so a source edited after the last build would be tested in its old version. When any
 * source, tsconfig or package.json is newer than the oldest file of `dist/`, this runs `npm run build`
 * (a clean build) and fails the run if the build fails.
 */
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");

/** Every file under `dir` (recursively) whose name passes `keep`. */
function filesUnder(dir, keep) {
    if (!fs.existsSync(dir)) return [];
    const stat = fs.statSync(dir);
    if (!stat.isDirectory()) return keep(dir) ? [dir] : [];
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.name !== "node_modules")
        .flatMap((entry) => filesUnder(path.join(dir, entry.name), keep));
}

/** The inputs of the build: what tsconfig.build.json includes, the tsconfigs and package.json. */
function buildInputs() {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.build.json"), "utf8"));
    const sources = config.include.flatMap((entry) =>
        filesUnder(path.join(ROOT, entry), (f) => f.endsWith(".ts") && !f.endsWith(".test.ts")),
    );
    return [...sources, "tsconfig.json", "tsconfig.build.json", "package.json"].map((f) =>
        path.resolve(ROOT, f),
    );
}

/** Why the build is stale, or `undefined` when it is fresh. */
function staleness() {
    const outputs = filesUnder(path.join(ROOT, "dist"), (f) => f.endsWith(".js"));
    if (outputs.length === 0) return "there is no build";
    const builtAt = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
    const newer = buildInputs().find((f) => fs.statSync(f).mtimeMs > builtAt);
    return newer === undefined ? undefined : `${path.relative(ROOT, newer)} changed after the last build`;
}

module.exports = async function buildIfStale() {
    const why = staleness();
    if (why === undefined) return;
    process.stderr.write(`\ndist/ is stale (${why}): running npm run build before the tests.\n`);
    try {
        execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
    } catch {
        throw new Error(
            "npm run build failed (see above): the tests would run a stale dist/, so none were run",
        );
    }
};
