/** @type {import('jest').Config} */
module.exports = {
    preset: "ts-jest",
    testEnvironment: "node",
    roots: ["<rootDir>/provider", "<rootDir>/sdk", "<rootDir>/emulator", "<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    testTimeout: 60000,
    setupFiles: ["<rootDir>/tests/setup-env.ts"],
    transform: {
        "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }],
    },
};
