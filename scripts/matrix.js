#!/usr/bin/env node
/**
 * Reads the tested matrix (`.ci/matrix.json`) for `.ci/run`, and renders the README's table from it.
 *
 *   node scripts/matrix.js leg <name>   prints "<name> <node> <pulumi> <cli>" of one CI leg
 *   node scripts/matrix.js installs     prints "<node> <pulumi> <cli>" of each install row, a line each
 *   node scripts/matrix.js table        prints the README's table
 *   node scripts/matrix.js readme       writes that table into README.md, between its markers
 *
 * Plain Node.js with no dependencies: `.ci/run` reads the matrix before `npm ci`.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const MATRIX_FILE = path.join(ROOT, ".ci", "matrix.json");
const README_FILE = path.join(ROOT, "README.md");
/** The README's table sits between these two lines. */
const README_START =
    "<!-- tested matrix: generated from .ci/matrix.json by `node scripts/matrix.js readme` -->";
const README_END = "<!-- end of tested matrix -->";

/**
 * @typedef {{ node: string, pulumi: string, cli: string }} MatrixSet
 * @typedef {MatrixSet & { name: string, runs: string }} MatrixLeg
 * @typedef {{ legs: MatrixLeg[], installs: MatrixSet[] }} Matrix
 */

/** @returns {Matrix} the matrix, checked. */
function loadMatrix() {
    const matrix = JSON.parse(fs.readFileSync(MATRIX_FILE, "utf8"));
    const sets = [...(matrix.legs ?? []), ...(matrix.installs ?? [])];
    for (const set of sets) {
        if (
            !/^\d+$/.test(set.node) ||
            !/^\d+\.\d+\.\d+$/.test(set.pulumi) ||
            !/^v\d+\.\d+\.\d+$/.test(set.cli)
        ) {
            throw new Error(
                `.ci/matrix.json: ${JSON.stringify(set)} needs node as a major version ("24"), pulumi as x.y.z and cli as vx.y.z`,
            );
        }
    }
    if (!matrix.legs?.some((l) => l.name === "pinned") || !matrix.legs?.some((l) => l.name === "newest")) {
        throw new Error('.ci/matrix.json: the legs "pinned" and "newest" are both needed');
    }
    return matrix;
}

/**
 * @param {Matrix} matrix
 * @returns {string} the README's table (Markdown), without the markers.
 */
function renderTable(matrix) {
    const rows = [
        ...matrix.legs.map((l) => [
            l.node,
            l.pulumi,
            l.cli.replace(/^v/, ""),
            `CI leg "${l.name}": ${l.runs}`,
        ]),
        ...matrix.installs.map((i) => [
            i.node,
            i.pulumi,
            i.cli.replace(/^v/, ""),
            "the install test: the packed package installed, type-checked, previewed, updated, refresh exit codes",
        ]),
    ];
    return [
        "| Node.js | `@pulumi/pulumi` | Pulumi CLI | what CI runs on it |",
        "| --- | --- | --- | --- |",
        ...rows.map((r) => `| ${r.join(" | ")} |`),
    ].join("\n");
}

/**
 * @param {string} readme - the README's text.
 * @returns {string | undefined} the table between the markers, or undefined when the markers are missing.
 */
function readmeTable(readme) {
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    if (start < 0 || end < start) return undefined;
    return readme.slice(start + README_START.length, end).trim();
}

function main(argv) {
    const [command, arg] = argv;
    const matrix = loadMatrix();
    const line = (s) => [s.node, s.pulumi, s.cli].join(" ");
    switch (command) {
        case "leg": {
            const leg = matrix.legs.find((l) => l.name === arg);
            if (!leg) throw new Error(`.ci/matrix.json has no leg ${JSON.stringify(arg)}`);
            process.stdout.write(`${leg.name} ${line(leg)}\n`);
            return;
        }
        case "installs":
            for (const set of matrix.installs) process.stdout.write(`${line(set)}\n`);
            return;
        case "table":
            process.stdout.write(`${renderTable(matrix)}\n`);
            return;
        case "readme": {
            const readme = fs.readFileSync(README_FILE, "utf8");
            if (readmeTable(readme) === undefined) {
                throw new Error(`README.md lacks the line ${README_START}`);
            }
            const start = readme.indexOf(README_START) + README_START.length;
            const end = readme.indexOf(README_END);
            fs.writeFileSync(
                README_FILE,
                `${readme.slice(0, start)}\n\n${renderTable(matrix)}\n\n${readme.slice(end)}`,
            );
            return;
        }
        default:
            throw new Error("usage: node scripts/matrix.js leg <name> | installs | table | readme");
    }
}

module.exports = { MATRIX_FILE, README_START, README_END, loadMatrix, renderTable, readmeTable };

if (require.main === module) {
    try {
        main(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`matrix: ${e.message}\n`);
        process.exit(1);
    }
}
