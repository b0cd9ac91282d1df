/**
 * The bounds that are not faults of an endpoint: the body parser's limits, the rate floor and a rate
 * change waking waiting callers, idle limiters and agents evicted, the emulator's records bounded, the
 * deadline refusing a retry whose wait would pass it, and our redacted debug channel.
 */
import { parseJsonBody, MAX_JSON_DEPTH } from "../provider/body";
import { debugAttempt } from "../provider/debug";
import { parseDeadlineSeconds } from "../provider/deadline";
import { VpcInvalidInputError } from "../provider/errors";
import { AdaptiveRateLimiter, LIMITER_IDLE_MS, RateLimiterRegistry } from "../provider/limiter";
import { DEFAULT_RETRY_OPTIONS, RetryBudget, decideRetry } from "../provider/retry";
import { SlidingWindowQuota, MAX_QUOTA_KEYS } from "../emulator/quota";
import { FIXTURE_IDS } from "../emulator/fixtures";
import { VpcNetworkError } from "../provider/errors";
import { MAX_AGENTS, agentCount, closeIdleConnections } from "../provider/transport";
import { emulatorClient } from "./support/client";
import { unusedEndpoint } from "./support/emulator";
import { rejectionOf } from "./support/rejection";

describe("the body parser", () => {
    it("refuses nesting deeper than the API ever nests before parsing, as an invalid body", () => {
        const deep = `{"a":${"[".repeat(20_000)}${"]".repeat(20_000)}}`;
        expect(parseJsonBody(deep)).toEqual({ ok: false, problem: "too-deep" });
        const fine = `${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`;
        expect(parseJsonBody(fine).ok).toBe(true);
    });

    it("keeps integers a number cannot hold as exact strings, and ignores digits inside strings", () => {
        const parsed = parseJsonBody(
            '{"a":12345678901234567890,"b":1234567890123456,"c":"99999999999999999999","d":-1.5e3}',
        );
        expect(parsed).toEqual({
            ok: true,
            value: { a: "12345678901234567890", b: 1234567890123456, c: "99999999999999999999", d: -1500 },
        });
    });

    it("names empty bodies and HTML pages", () => {
        expect(parseJsonBody("  ")).toEqual({ ok: false, problem: "empty" });
        expect(parseJsonBody("<html>")).toEqual({ ok: false, problem: "html" });
        expect(parseJsonBody('{"a":')).toEqual({ ok: false, problem: "not-json" });
    });
});

describe("the deadline", () => {
    it("refuses a retry whose x-acs-retry-after wait would pass it, whatever the code", () => {
        const budget = new RetryBudget();
        const failed = {
            retryable: true,
            timedOut: false,
            attempt: 1,
            retryAfter: "20000",
            remainingMs: 5000,
        };
        expect(decideRetry(failed, DEFAULT_RETRY_OPTIONS, budget)).toEqual({
            retry: false,
            reason: "deadline-exceeded",
        });
        expect(decideRetry({ ...failed, remainingMs: 30_000 }, DEFAULT_RETRY_OPTIONS, budget)).toMatchObject({
            retry: true,
            waitMs: 20_000,
        });
    });

    it.each(["0", "-1", "ten", "3601", 0])("refuses %p as a deadline, naming the setting", (value) => {
        expect(() => parseDeadlineSeconds(value, "alicloud-vpn:deadlineSeconds")).toThrow(
            VpcInvalidInputError,
        );
        expect(() => parseDeadlineSeconds(value, "alicloud-vpn:deadlineSeconds")).toThrow(
            "alicloud-vpn:deadlineSeconds",
        );
    });
});

describe("the rate limiter", () => {
    it("refuses a rate below the floor of 0.1 calls per second", () => {
        expect(() => new AdaptiveRateLimiter({ maxRate: 0.0001 })).toThrow(RangeError);
    });

    it("wakes callers waiting on a slow rate when the rate is raised", async () => {
        const limiter = new AdaptiveRateLimiter({ maxRate: 0.1 });
        await limiter.acquire(); // the one token a fresh bucket holds
        const started = Date.now();
        const waiting = limiter.acquire();
        await new Promise((r) => setTimeout(r, 20));
        limiter.setMaxRate(1000);
        await waiting;
        // At 0.1 calls per second it would have waited 10 s.
        expect(Date.now() - started).toBeLessThan(5000);
    });

    it("forgets buckets idle for two quota windows and keeps the one in use", async () => {
        let t = 0;
        const registry = new RateLimiterRegistry({ now: () => t, sleep: async () => undefined });
        for (let i = 0; i < 50; i++) {
            registry.get({ accessKeyId: `STS.key${i}`, regionId: "cn-hangzhou", action: "A" }, 10);
        }
        expect(registry.size).toBe(50);
        t += LIMITER_IDLE_MS + 1;
        const busy = registry.get({ accessKeyId: "STS.busy", regionId: "cn-hangzhou", action: "A" }, 10);
        expect(registry.size).toBe(1);
        expect(registry.get({ accessKeyId: "STS.busy", regionId: "cn-hangzhou", action: "A" }, 10)).toBe(
            busy,
        );
    });
});

describe("the emulator's records", () => {
    it("counts at most MAX_QUOTA_KEYS keys, forgetting idle ones first", () => {
        let t = 0;
        const quota = new SlidingWindowQuota({ limit: 600, windowMs: 60_000 }, () => t);
        for (let i = 0; i < MAX_QUOTA_KEYS + 500; i++) {
            quota.take(`key${i}`);
            if (i === 100) t += 61_000;
        }
        expect(quota.size).toBeLessThanOrEqual(MAX_QUOTA_KEYS);
    });

    it("forgets the least recently used keys when none is idle, never one just used", () => {
        const quota = new SlidingWindowQuota({ limit: 1, windowMs: 60_000 }, () => 0);
        expect(quota.take("busy")).toBe(true);
        for (let i = 0; i < MAX_QUOTA_KEYS + 500; i++) {
            quota.take(`key${i}`);
            // Used again (and refused: its window is full) before the keys run out.
            if (i === MAX_QUOTA_KEYS - 1000) expect(quota.take("busy")).toBe(false);
        }
        expect(quota.size).toBeLessThanOrEqual(MAX_QUOTA_KEYS);
        // Still counted: forgetting it would have let a throttled caller through.
        expect(quota.take("busy")).toBe(false);
    });
});

describe("the keep-alive agents", () => {
    afterAll(() => closeIdleConnections());

    it(`keeps at most MAX_AGENTS (${MAX_AGENTS}), one per endpoint`, async () => {
        for (let i = 0; i < MAX_AGENTS + 8; i++) {
            const { client } = emulatorClient({ endpoint: await unusedEndpoint() });
            const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
            expect(e).toBeInstanceOf(VpcNetworkError);
            expect(agentCount()).toBeLessThanOrEqual(MAX_AGENTS);
        }
    });
});

describe("the debug channel", () => {
    it("prints only the call's fields, and only when DEBUG names it", () => {
        const written: string[] = [];
        const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
            written.push(String(chunk));
            return true;
        });
        try {
            const fields = {
                operation: "DescribeVpnConnection",
                regionId: "cn-hangzhou",
                vpnConnectionId: "vco-1",
                attempt: 2,
                outcome: "Service",
                httpStatus: 503,
                requestId: "RID-1",
                code: "Psk=secret value with spaces",
                elapsedMs: 12.4,
                waitMs: 300,
            };
            debugAttempt(fields, { DEBUG: "other" });
            debugAttempt(fields, { DEBUG: "*,-alicloud-vpn" });
            expect(written).toEqual([]);
            debugAttempt(fields, { DEBUG: "alicloud-*" });
            expect(written).toEqual([
                "alicloud-vpn DescribeVpnConnection region=cn-hangzhou id=vco-1 attempt=2 outcome=Service status=503 requestId=RID-1 code=? elapsedMs=12 waitMs=300\n",
            ]);
        } finally {
            spy.mockRestore();
        }
    });
});
