/**
 * The package's public API is a promise: the root exports what a program needs and nothing else, the
 * client and the emulator sit behind their subpaths, and a program that only declares resources loads
 * neither the client, nor pop-core, nor the credentials library. Checks the compiled entry points in a
 * fresh Node process, as a program loads them.
 */
import { runNode } from "./support/process";

// Each test of this suite loads the package in a fresh Node process.
jest.setTimeout(20_000);

/** Modules a program that only declares resources must not load, by what they are. */
const HEAVY: Record<string, RegExp> = {
    "@alicloud/pop-core": /node_modules[\\/]@alicloud[\\/]pop-core[\\/]/,
    "@alicloud/credentials": /node_modules[\\/]@alicloud[\\/]credentials[\\/]/,
    "provider/client": /[\\/]dist[\\/]provider[\\/]client\.js$/,
};

/** The drift code (the `provider/drift/` folder and the arguments that load it), which the client never needs. */
const DRIFT_CODE = /[\\/]dist[\\/]provider[\\/](drift[\\/]|arguments\.js$)/;

/**
 * Loads `entry` in a fresh process; returns its export names, which heavy modules came along and every
 * file of the package it loaded.
 */
async function load(entry: string): Promise<{ names: string[]; heavy: string[]; files: string[] }> {
    const script = `
        const names = Object.keys(require(${JSON.stringify(entry)})).sort();
        process.stdout.write(JSON.stringify({ names, files: Object.keys(require.cache) }));
    `;
    const run = await runNode(["-e", script]);
    if (run.code !== 0) throw new Error(run.stderr);
    const { names, files } = JSON.parse(run.stdout) as { names: string[]; files: string[] };
    const heavy = Object.keys(HEAVY).filter((label) => files.some((f) => HEAVY[label]!.test(f)));
    return { names, heavy, files };
}

const ERROR_CLASSES = [
    "VpcAuthError",
    "VpcCredentialsNotFoundError",
    "VpcError",
    "VpcInvalidInputError",
    "VpcInvalidResponseError",
    "VpcNetworkError",
    "VpcNotFoundError",
    "VpcResponseTooLargeError",
    "VpcServiceError",
    "VpcThrottledError",
    "VpcTimeoutError",
];

describe("the package root", () => {
    it("exports the resource, the get and list functions, the posture audit and the error classes, and nothing else", async () => {
        const { names } = await load("./dist/index.js");
        expect(names).toEqual(
            [
                ...ERROR_CLASSES,
                // Thrown by a read with failOnDrift, never by the client.
                "VpcDriftError",
                "VpnConnection",
                // A pure check over a get function's result: policy packs never see reads.
                "auditVpnConnection",
                "getVpnConnection",
                "getVpnConnectionOutput",
                "getVpnConnections",
                "getVpnConnectionsOutput",
            ].sort(),
        );
    });

    it("loads neither the client, nor pop-core, nor the credentials library", async () => {
        const { heavy } = await load("./dist/index.js");
        expect(heavy).toEqual([]);
    });
});

describe("pulumi-alicloud-vpn/client", () => {
    it("exports the client and what using it needs", async () => {
        const { names, heavy } = await load("./dist/client.js");
        expect(names).toEqual(
            [
                ...ERROR_CLASSES,
                "AdaptiveRateLimiter",
                "DEFAULT_MAX_REQUESTS_PER_SECOND",
                "MAX_RPS_ENV",
                "RateLimiterRegistry",
                "DEFAULT_RETRY_BUDGET_OPTIONS",
                "DEFAULT_RETRY_OPTIONS",
                "DEFAULT_TIMEOUT_MS",
                "RetryBudget",
                "VpcClient",
                "closeIdleConnections",
                "credentialChain",
            ].sort(),
        );
        // The client sends with node:http (pop-core is never loaded, so its debug output cannot leak);
        // the credentials library loads only when a link of the chain after the stack config and the
        // environment is asked.
        expect(heavy).toEqual(["provider/client"]);
    });

    it("loads the credentials library when the chain gets past the environment, not before", async () => {
        const script = `
            const { VpcClient, closeIdleConnections } = require("./dist/client.js");
            const loaded = () => Object.keys(require.cache).some((f) => /node_modules[\\/]@alicloud[\\/]credentials[\\/]/.test(f));
            const client = (env) => new VpcClient({ regionId: "cn-hangzhou", endpoint: "http://127.0.0.1:9", env, retry: { maxAttempts: 1 } });
            (async () => {
                const seen = [];
                await client({ ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5tEnvironmentKey", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "s" })
                    .describeVpnConnection("vco-bp1bbi27hojx80nck0001").catch(() => undefined);
                seen.push(loaded());
                await client({ HOME: "/nonexistent", ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" })
                    .describeVpnConnection("vco-bp1bbi27hojx80nck0001").catch(() => undefined);
                seen.push(loaded());
                closeIdleConnections();
                process.stdout.write(JSON.stringify(seen));
            })();
        `;
        const run = await runNode(["-e", script]);
        expect(run.stderr).toBe("");
        expect(JSON.parse(run.stdout)).toEqual([false, true]);
    });
});

describe("./client", () => {
    it("does not load the drift code", async () => {
        const { files } = await load("./dist/client.js");
        expect(files.filter((f) => DRIFT_CODE.test(f))).toEqual([]);
        // The pattern does find the drift code where it belongs: the root's get functions compare.
        const root = await load("./dist/index.js");
        expect(root.files.filter((f) => DRIFT_CODE.test(f)).length).toBeGreaterThan(0);
    });
});

describe("pulumi-alicloud-vpn/emulator", () => {
    it("exports the emulator with its fixtures and fault injection", async () => {
        const { names } = await load("./dist/emulator/index.js");
        expect(names).toEqual(
            expect.arrayContaining(["VpcEmulator", "DEFAULT_TEST_CREDENTIALS", "FIXTURE_IDS", "makeFleet"]),
        );
    });
});
