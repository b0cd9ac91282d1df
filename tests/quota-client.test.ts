/**
 * Quota-aware requests through the real client and the real provider host, against the emulator over
 * loopback HTTP: every attempt takes a token of the bucket of its access key, region and action;
 * throttling slows that bucket down and is retried without the retry budget; the rate comes from the
 * option, the stack config or `ALIBABA_CLOUD_VPC_MAX_RPS`, each checked before any call; concurrent
 * reads of one connection share one call. Limiters run on an injected clock: no test waits on time.
 */
import * as path from "node:path";
import { DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { FIXTURE_IDS } from "../emulator/fixtures";
import { VpcAuthError, VpcInvalidInputError, VpcThrottledError } from "../provider/errors";
import { RateLimiterRegistry } from "../provider/limiter";
import { RetryBudget } from "../provider/retry";
import { ProviderHost } from "../engine/provider-host";
import { emulatorClient } from "./support/client";
import { useEmulator } from "./support/emulator";
import { rejectionOf } from "./support/rejection";
import { InstantClock } from "./support/virtual-clock";

const vpc = useEmulator();

afterEach(() => {
    vpc.emulator.clearFaults();
    vpc.emulator.resetQuota();
});

const KEY = {
    accessKeyId: DEFAULT_TEST_CREDENTIALS.accessKeyId,
    regionId: "cn-hangzhou",
    action: "DescribeVpnConnection",
};

/** A client whose limiters run on an instant clock. */
function pacedClient(
    maxRequestsPerSecond: number | undefined,
    extra: Parameters<typeof emulatorClient>[1] = {},
): ReturnType<typeof emulatorClient> & { clock: InstantClock; limiters: RateLimiterRegistry } {
    const clock = new InstantClock();
    const limiters = new RateLimiterRegistry({ now: clock.now, sleep: clock.sleep });
    const made = emulatorClient(vpc.emulator, { maxRequestsPerSecond, rateLimiters: limiters, ...extra });
    return { ...made, clock, limiters };
}

describe("pacing", () => {
    it("takes a token for every call: nine reads at 4 calls/s wait 2 s of the limiter's clock", async () => {
        const { client, clock } = pacedClient(4);
        for (let i = 0; i < 9; i++) await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(8 * 250);
        expect(vpc.emulator.requests).toHaveLength(9);
    });

    it("keeps one bucket per access key id, region and action", async () => {
        const { client, limiters } = pacedClient(5);
        await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        await client.describeVpnConnection(FIXTURE_IDS.minimal, { regionId: "cn-shanghai" });
        await client.describeVpnConnections({ pageSize: 10 });
        expect(limiters.size).toBe(3);
    });

    it("defaults to the documented quota, reads ALIBABA_CLOUD_VPC_MAX_RPS, and lets the option win", async () => {
        const env = pacedClient(undefined, { env: { ALIBABA_CLOUD_VPC_MAX_RPS: "3" } });
        await env.client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        await env.client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(env.clock.slept).toEqual([Math.ceil(1000 / 3)]);
        const option = pacedClient(7, { env: { ALIBABA_CLOUD_VPC_MAX_RPS: "3" } });
        await option.client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        await option.client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(option.clock.slept).toEqual([Math.ceil(1000 / 7)]);
        const none = pacedClient(undefined, { env: {} });
        await none.client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        await none.client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(none.clock.slept).toEqual([100]);
    });

    it.each([
        ["ALIBABA_CLOUD_VPC_MAX_RPS", { env: { ALIBABA_CLOUD_VPC_MAX_RPS: "fast" } }],
        ["ALIBABA_CLOUD_VPC_MAX_RPS", { env: { ALIBABA_CLOUD_VPC_MAX_RPS: "0" } }],
        ["maxRequestsPerSecond", { maxRequestsPerSecond: -1 }],
    ])("refuses a malformed %s before any call, naming it", async (setting, options) => {
        const { client } = pacedClient(undefined, options);
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcInvalidInputError);
        expect((e as VpcInvalidInputError).argument).toBe(setting);
        expect((e as Error).message).toContain(`invalid ${setting}: expected a number of calls per second`);
        expect(vpc.emulator.requests).toHaveLength(0);
    });
});

describe("throttling", () => {
    it("is retried past maxAttempts and without the retry budget, and the read succeeds", async () => {
        vpc.emulator.injectFault({ kind: "error", code: "Throttling.User", times: 8 });
        const budget = new RetryBudget({ capacity: 0 });
        const { client, waits } = pacedClient(100, { retryBudget: budget, retry: { maxAttempts: 2 } });
        const result = await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(result.attempts).toBe(9);
        expect(waits).toHaveLength(8);
        expect(budget.available).toBe(0);
    });

    it("still fails other errors after maxAttempts", async () => {
        vpc.emulator.injectFault({ kind: "error", code: "ServiceUnavailable" });
        const { client } = pacedClient(100, { retry: { maxAttempts: 2 } });
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect((e as Error).message).toContain("2 attempts");
    });

    it("slows down the bucket of the throttled key, and no other", async () => {
        vpc.emulator.injectFault({ kind: "error", code: "Throttling.User", times: 1 });
        const { client, limiters } = pacedClient(10);
        await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        await client.describeVpnConnection(FIXTURE_IDS.minimal, { regionId: "cn-shanghai" });
        const throttled = limiters.get(KEY, 10);
        expect(throttled.throttleCount).toBe(1);
        expect(throttled.rate).toBeLessThan(10);
        const other = limiters.get({ ...KEY, regionId: "cn-shanghai" }, 10);
        expect(other.throttleCount).toBe(0);
        expect(other.rate).toBe(10);
    });

    it("holds the bucket for the x-acs-retry-after the service asked for", async () => {
        vpc.emulator.injectFault({ kind: "error", code: "Throttling.User", times: 1, retryAfterMs: 1500 });
        const { client, waits, clock } = pacedClient(10);
        await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(waits).toEqual([1500]);
        // The retry found the bucket held for the same 1.5 s (the client's own wait is not on this clock).
        expect(clock.slept).toEqual([1500]);
    });

    it("fails a read only maxThrottleWaitMs after its first throttling answer, as VpcThrottledError", async () => {
        vpc.emulator.injectFault({ kind: "error", code: "Throttling.User" });
        const { client, waits } = pacedClient(100, { retry: { maxThrottleWaitMs: 5000 } });
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcThrottledError);
        expect(waits).toHaveLength(20);
        expect(waits.reduce((a, b) => a + b, 0)).toBe(5000);
        expect((e as Error).message).toContain("still throttled 5 s after the first throttling answer");
    });
});

describe("single flight", () => {
    it("makes one call for concurrent reads of one connection, and gives each caller its own copy", async () => {
        const { client } = pacedClient(100);
        vpc.emulator.injectFault({ kind: "latency", ms: 50, times: 1 });
        const results = await Promise.all(
            Array.from({ length: 20 }, () => client.describeVpnConnection(FIXTURE_IDS.singleTunnel)),
        );
        expect(vpc.emulator.requests).toHaveLength(1);
        const [first, second] = results;
        expect(second).toEqual(first);
        expect(second).not.toBe(first);
        expect(second?.connection.tags).not.toBe(first?.connection.tags);
        expect(second?.connection.localSubnets).not.toBe(first?.connection.localSubnets);
        if (first) first.connection.tags.env = "changed";
        expect(second?.connection.tags.env).toBe("prod");
        expect(new Set(results.map((r) => r.requestId)).size).toBe(1);
    });

    it("shares between clients of one process, but not across connections, regions or secrets", async () => {
        const a = pacedClient(100).client;
        const b = pacedClient(100).client;
        const wrong = pacedClient(100, {
            credentials: {
                accessKeyId: DEFAULT_TEST_CREDENTIALS.accessKeyId,
                accessKeySecret: "not-the-secret-0001",
            },
        }).client;
        vpc.emulator.injectFault({ kind: "latency", ms: 50 });
        const outcomes = await Promise.allSettled([
            a.describeVpnConnection(FIXTURE_IDS.singleTunnel),
            b.describeVpnConnection(FIXTURE_IDS.singleTunnel),
            a.describeVpnConnection(FIXTURE_IDS.dualTunnel),
            a.describeVpnConnection(FIXTURE_IDS.minimal, { regionId: "cn-shanghai" }),
            wrong.describeVpnConnection(FIXTURE_IDS.singleTunnel),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual([
            "fulfilled",
            "fulfilled",
            "fulfilled",
            "fulfilled",
            "rejected",
        ]);
        expect((outcomes[4] as PromiseRejectedResult).reason).toBeInstanceOf(VpcAuthError);
        expect(vpc.emulator.requests).toHaveLength(4);
    });

    it("caches nothing: a read after the last one settled makes its own call and sees changes", async () => {
        const { client } = pacedClient(100);
        await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        vpc.emulator.updateConnection("cn-hangzhou", FIXTURE_IDS.singleTunnel, {
            Status: "ike_sa_not_established",
        });
        try {
            const again = await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
            expect(again.connection.status).toBe("ike_sa_not_established");
            expect(vpc.emulator.requests).toHaveLength(2);
        } finally {
            vpc.emulator.updateConnection("cn-hangzhou", FIXTURE_IDS.singleTunnel, {
                Status: "ipsec_sa_established",
            });
        }
    });
});

describe("through the provider host", () => {
    // Each test starts Pulumi's provider host (a Node process, ~0.5 s idle): on a loaded 2-core machine
    // that alone passed Jest's 5 s default, on both CI legs' sets.
    jest.setTimeout(60_000);
    const root = path.resolve(__dirname, "..");
    const TYPE = "pulumi-nodejs:dynamic/alicloud-vpn:VpnConnection";
    const urn = (name: string): string => `urn:pulumi:dev::quota-test::${TYPE}::${name}`;
    const stackConfig = {
        "alicloud:region": "cn-hangzhou",
        "alicloud:accessKey": DEFAULT_TEST_CREDENTIALS.accessKeyId,
        "alicloud:secretKey": DEFAULT_TEST_CREDENTIALS.accessKeySecret,
    };
    let providerText: string;

    beforeAll(async () => {
        const { vpnConnectionProvider } = require(path.join(root, "dist/sdk/provider.js"));
        const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
        providerText = (await serializeFunction(() => vpnConnectionProvider, { allowSecrets: true })).text;
    });

    async function withHost(
        config: Record<string, string>,
        use: (host: ProviderHost) => Promise<void>,
    ): Promise<void> {
        const host = await ProviderHost.start({
            cwd: root,
            env: { ...process.env, ALIBABA_CLOUD_ENDPOINT_VPC: vpc.endpoint },
        });
        try {
            await host.configure({ ...stackConfig, ...config }, { secretKeys: ["alicloud:secretKey"] });
            await use(host);
        } finally {
            await host.stop();
        }
    }

    it("fails every read with a malformed alicloud-vpn:maxRequestsPerSecond, naming it, before any call", async () => {
        await withHost({ "alicloud-vpn:maxRequestsPerSecond": "ten" }, async (host) => {
            for (const name of ["first", "second"]) {
                const e = await rejectionOf(
                    host.read(FIXTURE_IDS.singleTunnel, urn(name), { __provider: providerText }),
                );
                expect((e as Error).message).toContain(
                    'invalid alicloud-vpn:maxRequestsPerSecond: expected a number of calls per second from 0.1 (one call every 10 s) to 10000, such as "10"',
                );
            }
            expect(vpc.emulator.requests).toHaveLength(0);
        });
    });

    it("serves concurrent reads of one connection with one API call, at the configured rate", async () => {
        await withHost({ "alicloud-vpn:maxRequestsPerSecond": "50" }, async (host) => {
            vpc.emulator.injectFault({ kind: "latency", ms: 200, times: 1 });
            const reads = await Promise.all(
                Array.from({ length: 16 }, (_, i) =>
                    host.read(FIXTURE_IDS.singleTunnel, urn(`office-${i}`), { __provider: providerText }),
                ),
            );
            expect(
                reads.every(
                    (r) =>
                        r.id === FIXTURE_IDS.singleTunnel && r.properties.status === "ipsec_sa_established",
                ),
            ).toBe(true);
            expect(vpc.emulator.requests.filter((r) => r.action === "DescribeVpnConnection")).toHaveLength(1);
        });
    });
});
