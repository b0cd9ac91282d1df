/**
 * Two projects: `quick` (units, suites against the emulator and the provider host on loopback, and the
 * command suites that take seconds) and `slow` (suites that pack and install the package, drive the real
 * Pulumi CLI, or run many commands as child processes for a minute or more).
 * `npx jest --selectProjects quick` runs the quick ones alone; `npm test` runs both. Timeouts are set
 * per suite, where a suite needs more than Jest's default 5 s.
 */

/**
 * Suites that run commands as child processes or install the package, and the engine suites, which drive
 * the real Pulumi CLI.
 */
const SLOW_SUITES = [
    "install",
    "e2e",
    "emulator-cli",
    "cli-drift",
    "fault-matrix",
    "secret-audit",
    "engine/.+",
];
const slowPattern = `<rootDir>/tests/(${SLOW_SUITES.join("|")})\\.test\\.ts$`;

/**
 * Suites that need both sets of versions of `.ci/matrix.json` (two Node.js, two CLIs): neither project
 * runs them; `jest.compat.config.js` does, in the second CI leg.
 */
const COMPAT_PATTERN = "<rootDir>/tests/compat/";

/** @type {import('jest').Config} */
const common = {
    preset: "ts-jest",
    testEnvironment: "node",
    setupFiles: ["<rootDir>/tests/support/setup-env.ts"],
    transform: {
        "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }],
    },
};

/** @type {import('jest').Config} */
module.exports = {
    // No suite may run a stale dist/: build first when a source is newer than the build.
    globalSetup: "<rootDir>/tests/support/build.js",
    projects: [
        {
            ...common,
            displayName: "quick",
            roots: ["<rootDir>/provider", "<rootDir>/sdk", "<rootDir>/emulator", "<rootDir>/tests"],
            testMatch: ["**/*.test.ts"],
            testPathIgnorePatterns: ["/node_modules/", slowPattern, COMPAT_PATTERN],
        },
        {
            ...common,
            displayName: "slow",
            roots: ["<rootDir>/tests"],
            testRegex: [slowPattern.replace("<rootDir>/", "/")],
        },
    ],
};
