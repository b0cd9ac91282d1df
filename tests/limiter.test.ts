/**
 * The rate limiter and single flight on their own, in virtual time: the rate and burst of the token
 * bucket, the adaptive decrease and recovery, the registry's keys, and two processes sharing one quota
 * (the emulator's sliding window) simulated together. No wall-clock time is involved anywhere.
 */
import { prng } from "../emulator/fleet";
import { SlidingWindowQuota } from "../emulator/quota";
import { VpcInvalidInputError } from "../provider/errors";
import {
    AdaptiveRateLimiter,
    DEFAULT_MAX_REQUESTS_PER_SECOND,
    MAX_RPS_ENV,
    RateLimiterRegistry,
    parseMaxRequestsPerSecond,
} from "../provider/limiter";
import { DEFAULT_RETRY_OPTIONS, backoffDelay } from "../provider/retry";
import { SingleFlight } from "../provider/singleflight";
import { VirtualClock } from "./support/virtual-clock";

function limiterOn(
    clock: VirtualClock,
    maxRate: number,
    extra: { burst?: number } = {},
): AdaptiveRateLimiter {
    return new AdaptiveRateLimiter({ maxRate, now: clock.now, sleep: clock.sleep, ...extra });
}

/** Sends `count` calls through the limiter one after another; returns the grant times. */
async function sendSequentially(limiter: AdaptiveRateLimiter, count: number): Promise<number[]> {
    const grants: number[] = [];
    for (let i = 0; i < count; i++) grants.push(await limiter.acquire());
    return grants;
}

describe("parseMaxRequestsPerSecond", () => {
    it.each([
        ["10", 10],
        ["2.5", 2.5],
        ["0.1", 0.1],
        [" 600 ", 600],
        [100, 100],
        [undefined, undefined],
        ["", undefined],
    ])("reads %p as %p", (value, expected) => {
        expect(parseMaxRequestsPerSecond(value, "alicloud-vpn:maxRequestsPerSecond")).toBe(expected);
    });

    it.each([
        "0",
        "0.0001",
        "0.05",
        "-1",
        "ten",
        "1e3",
        "10 rps",
        "20000",
        0.09,
        0,
        -5,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        true,
    ])("refuses %p, naming the setting", (value) => {
        let error: unknown;
        try {
            parseMaxRequestsPerSecond(value, MAX_RPS_ENV);
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(VpcInvalidInputError);
        expect((error as VpcInvalidInputError).argument).toBe(MAX_RPS_ENV);
        expect((error as Error).message).toContain(`invalid ${MAX_RPS_ENV}`);
        expect((error as Error).message).toContain("from 0.1 (one call every 10 s) to 10000");
    });

    it("defaults to the documented quota of 600 calls per 60 s", () => {
        expect(DEFAULT_MAX_REQUESTS_PER_SECOND).toBe(600 / 60);
    });
});

describe("AdaptiveRateLimiter: the token bucket", () => {
    it("grants the first call at once, then one call per 1/rate, first come first served", async () => {
        const clock = new VirtualClock();
        const limiter = limiterOn(clock, 10);
        const order: number[] = [];
        const grants = await clock.run(
            Promise.all(
                Array.from({ length: 21 }, (_, i) =>
                    limiter.acquire().then((at) => {
                        order.push(i);
                        return at;
                    }),
                ),
            ),
        );
        expect(grants).toEqual(Array.from({ length: 21 }, (_, i) => i * 100));
        expect(order).toEqual(Array.from({ length: 21 }, (_, i) => i));
    });

    it("never lets more than rate x window + 1 calls through in any window", async () => {
        const clock = new VirtualClock();
        const limiter = limiterOn(clock, 7, { burst: 3 });
        const grants = await clock.run(Promise.all(Array.from({ length: 100 }, () => limiter.acquire())));
        for (const start of grants) {
            const inWindow = grants.filter((g) => g >= start && g < start + 1000).length;
            expect(inWindow).toBeLessThanOrEqual(7 + 1);
        }
        expect(grants[99]).toBeGreaterThanOrEqual((99 / 7) * 1000 - 1);
    });

    it("lets a burst of its capacity go at once after a quiet period, then paces again", async () => {
        const clock = new VirtualClock();
        const limiter = limiterOn(clock, 10); // capacity: a fifth of a second's calls, 2
        const grants = await clock.run(
            (async () => {
                await sendSequentially(limiter, 3);
                await clock.sleep(5000);
                return Promise.all(Array.from({ length: 4 }, () => limiter.acquire()));
            })(),
        );
        const quietEnd = 200 + 5000;
        expect(grants).toEqual([quietEnd, quietEnd, quietEnd + 100, quietEnd + 200]);
    });

    it("takes a new maximum from a later configuration", async () => {
        const clock = new VirtualClock();
        const limiter = limiterOn(clock, 10);
        limiter.setMaxRate(4);
        const grants = await clock.run(sendSequentially(limiter, 3));
        expect(grants).toEqual([0, 250, 500]);
        expect(limiter.maxRate).toBe(4);
    });

    it("refuses a rate that is not a positive number", () => {
        expect(() => new AdaptiveRateLimiter({ maxRate: 0 })).toThrow(/maxRate must be/);
        expect(() => new AdaptiveRateLimiter({ maxRate: Number.NaN })).toThrow(/maxRate must be/);
    });
});

describe("AdaptiveRateLimiter: slowing down on throttling", () => {
    /** A limiter that has sent at its full rate for two seconds. */
    async function busyLimiter(
        clock: VirtualClock,
        maxRate = 10,
    ): Promise<{ limiter: AdaptiveRateLimiter; last: number }> {
        const limiter = limiterOn(clock, maxRate);
        const grants = await clock.run(sendSequentially(limiter, 2 * maxRate + 1));
        return { limiter, last: grants[grants.length - 1] ?? 0 };
    }

    it("drops to beta (0.8) times the rate in force on a throttling answer", async () => {
        const clock = new VirtualClock();
        const { limiter, last } = await busyLimiter(clock);
        expect(limiter.rate).toBe(10);
        limiter.onThrottle(last);
        expect(limiter.rate).toBeCloseTo(8, 5);
        expect(limiter.throttleCount).toBe(1);
    });

    it("climbs back along a cubic: fast at first, flat at the throttled rate after recoveryMs, never above the maximum", async () => {
        const clock = new VirtualClock();
        const { limiter, last } = await busyLimiter(clock);
        limiter.onThrottle(last);
        const at = clock.now();
        const rateAfter = async (ms: number): Promise<number> => {
            await clock.run(clock.sleep(at + ms - clock.now()));
            return limiter.rate;
        };
        const r250 = await rateAfter(250);
        const r500 = await rateAfter(500);
        const r900 = await rateAfter(900);
        const r1000 = await rateAfter(1000);
        const r5000 = await rateAfter(5000);
        expect(r250).toBeGreaterThan(8);
        // Concave: the first quarter gains more than the next.
        expect(r250 - 8).toBeGreaterThan(r500 - r250);
        expect(r900).toBeLessThan(10);
        expect(r900).toBeGreaterThan(9.99);
        expect(r1000).toBeCloseTo(10, 5);
        expect(r5000).toBe(10);
    });

    it("slows down from the rate it actually sends when that is lower than its rate", async () => {
        const clock = new VirtualClock();
        const limiter = limiterOn(clock, 10);
        const last = await clock.run(
            (async () => {
                let sent = 0;
                for (let i = 0; i < 10; i++) {
                    if (i > 0) await clock.sleep(200); // five calls a second
                    sent = await limiter.acquire();
                }
                return sent;
            })(),
        );
        limiter.onThrottle(last);
        expect(limiter.rate).toBeCloseTo(0.8 * 5, 5);
    });

    it("ignores answers to calls sent before the last decrease, and further answers within the cooldown", async () => {
        const clock = new VirtualClock();
        const { limiter, last } = await busyLimiter(clock);
        limiter.onThrottle(last);
        const afterFirst = limiter.rate;
        // An older call's answer arriving later says nothing new.
        await clock.run(clock.sleep(1500));
        limiter.onThrottle(last - 100);
        expect(limiter.throttleCount).toBe(2);
        expect(limiter.rate).toBeGreaterThan(afterFirst);
        // A newer call's answer within the cooldown neither.
        const clock2 = new VirtualClock();
        const busy = await busyLimiter(clock2);
        busy.limiter.onThrottle(busy.last);
        const sent = await clock2.run(busy.limiter.acquire());
        await clock2.run(clock2.sleep(500 - (clock2.now() - sent)));
        const before = busy.limiter.rate;
        busy.limiter.onThrottle(sent);
        expect(busy.limiter.rate).toBe(before);
    });

    it("keeps going down while every call is throttled, once per cooldown, not below its floor", async () => {
        const clock = new VirtualClock();
        const limiter = new AdaptiveRateLimiter({
            maxRate: 10,
            minRate: 1,
            now: clock.now,
            sleep: clock.sleep,
        });
        const samples: number[] = [];
        const until = 60_000;
        const caller = async (): Promise<void> => {
            while (clock.now() < until) {
                const sent = await limiter.acquire();
                await clock.sleep(50); // the answer's way back
                limiter.onThrottle(sent);
            }
        };
        const sampler = async (): Promise<void> => {
            while (clock.now() < until) {
                await clock.sleep(5000);
                samples.push(limiter.rate);
            }
        };
        await clock.run(Promise.all([...Array.from({ length: 20 }, caller), sampler()]));
        expect(limiter.throttleCount).toBeGreaterThan(100);
        expect(limiter.decreaseCount).toBeLessThanOrEqual(61);
        // Within 10 s it is down to a quarter of its maximum, and it stays near its floor of 1 after.
        expect(samples[0]).toBeLessThan(10);
        for (const rate of samples.slice(1)) {
            expect(rate).toBeGreaterThanOrEqual(1);
            expect(rate).toBeLessThanOrEqual(2.5);
        }
        expect(Math.min(...samples)).toBeLessThan(1.01);
    });

    it("holds every caller until the delay the service asked for with x-acs-retry-after", async () => {
        const clock = new VirtualClock();
        const { limiter, last } = await busyLimiter(clock);
        const throttledAt = clock.now();
        limiter.onThrottle(last, 3000);
        const grants = await clock.run(Promise.all([limiter.acquire(), limiter.acquire()]));
        expect(Math.min(...grants)).toBeGreaterThanOrEqual(throttledAt + 3000);
    });
});

describe("RateLimiterRegistry", () => {
    const key = {
        accessKeyId: "LTAI5tKeyOne00001",
        regionId: "cn-hangzhou",
        action: "DescribeVpnConnection",
    };

    it("keeps one bucket per access key id, region and action", () => {
        const registry = new RateLimiterRegistry();
        const a = registry.get(key, 10);
        expect(registry.get({ ...key }, 10)).toBe(a);
        expect(registry.get({ ...key, regionId: "cn-shanghai" }, 10)).not.toBe(a);
        expect(registry.get({ ...key, action: "DescribeVpnConnections" }, 10)).not.toBe(a);
        expect(registry.get({ ...key, accessKeyId: "LTAI5tKeyTwo00002" }, 10)).not.toBe(a);
        expect(registry.size).toBe(4);
    });

    it("applies the latest configured maximum to an existing bucket", () => {
        const registry = new RateLimiterRegistry();
        const a = registry.get(key, 10);
        expect(registry.get(key, 25)).toBe(a);
        expect(a.maxRate).toBe(25);
    });
});

describe("two processes sharing one quota (simulated)", () => {
    const Q = 100; // calls per second, the quota of the simulated API
    const PER_PROCESS = 300;
    const LATENCY_MS = 20;

    /**
     * One process: `workers` callers each reading until `count` reads are done, through its own
     * limiter at the quota's rate (each thinks it has the quota to itself), against the shared quota.
     * A throttled read does what the client does: waits 0 to 500 ms and tries again, and fails only
     * when maxThrottleWaitMs has passed since its first throttling answer.
     */
    function process_(
        clock: VirtualClock,
        quota: SlidingWindowQuota,
        random: () => number,
        count: number,
        workers: number,
    ): { limiter: AdaptiveRateLimiter; done: Promise<{ failures: number; throttled: number }> } {
        const limiter = limiterOn(clock, Q);
        let next = 0;
        let failures = 0;
        let throttled = 0;
        const worker = async (): Promise<void> => {
            while (next < count) {
                next += 1;
                let throttledSince: number | undefined;
                for (;;) {
                    const sentAt = await limiter.acquire();
                    await clock.sleep(LATENCY_MS / 2);
                    const ok = quota.take("account\ncn-hangzhou\nDescribeVpnConnection");
                    await clock.sleep(LATENCY_MS / 2);
                    if (ok) {
                        limiter.onSuccess();
                        break;
                    }
                    throttled += 1;
                    limiter.onThrottle(sentAt);
                    throttledSince ??= clock.now();
                    const wait = backoffDelay(1, DEFAULT_RETRY_OPTIONS, random);
                    if (clock.now() - throttledSince + wait > DEFAULT_RETRY_OPTIONS.maxThrottleWaitMs) {
                        failures += 1;
                        break;
                    }
                    await clock.sleep(wait);
                }
            }
        };
        const done = Promise.all(Array.from({ length: workers }, worker)).then(() => ({
            failures,
            throttled,
        }));
        return { limiter, done };
    }

    it.each([10, 32, 64])(
        "both finish without failures at concurrency %d, within 10 %% of the quota's pace",
        async (workers) => {
            const clock = new VirtualClock();
            const quota = new SlidingWindowQuota({ limit: Q, windowMs: 1000 }, clock.now);
            const random = prng(workers);
            const a = process_(clock, quota, random, PER_PROCESS, workers);
            const b = process_(clock, quota, random, PER_PROCESS, workers);
            const [ra, rb] = await clock.run(Promise.all([a.done, b.done]));
            expect(ra.failures + rb.failures).toBe(0);
            // They did get throttled (each thinks it has the whole quota), and slowed down for it.
            expect(ra.throttled).toBeGreaterThan(0);
            expect(rb.throttled).toBeGreaterThan(0);
            expect(a.limiter.rate + b.limiter.rate).toBeLessThan(2 * Q);
            const ideal = ((2 * PER_PROCESS) / Q) * 1000;
            expect(clock.now()).toBeLessThanOrEqual(1.1 * ideal);
        },
    );
});

describe("SingleFlight", () => {
    function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
        let resolve!: (v: T) => void;
        let reject!: (e: unknown) => void;
        const promise = new Promise<T>((res, rej) => {
            resolve = res;
            reject = rej;
        });
        return { promise, resolve, reject };
    }

    it("shares one running call between callers of the same key", async () => {
        const flights = new SingleFlight<string>();
        const gate = deferred<string>();
        let calls = 0;
        const call = (): Promise<string> => {
            calls += 1;
            return gate.promise;
        };
        const results = Promise.all([flights.run("a", call), flights.run("a", call), flights.run("a", call)]);
        expect(flights.inFlight).toBe(1);
        gate.resolve("answer");
        expect(await results).toEqual(["answer", "answer", "answer"]);
        expect(calls).toBe(1);
        expect(flights.sharedCount).toBe(2);
        expect(flights.inFlight).toBe(0);
    });

    it("runs calls of different keys apart, and a new call once the last one settled", async () => {
        const flights = new SingleFlight<number>();
        let calls = 0;
        const call = async (): Promise<number> => ++calls;
        expect(await Promise.all([flights.run("a", call), flights.run("b", call)])).toEqual([1, 2]);
        expect(await flights.run("a", call)).toBe(3);
    });

    it("gives every caller the failure of the shared call, and forgets it", async () => {
        const flights = new SingleFlight<number>();
        const gate = deferred<number>();
        const first = flights.run("a", () => gate.promise);
        const second = flights.run("a", () => Promise.resolve(42));
        gate.reject(new Error("throttled"));
        await expect(first).rejects.toThrow("throttled");
        await expect(second).rejects.toThrow("throttled");
        expect(await flights.run("a", () => Promise.resolve(7))).toBe(7);
    });
});
