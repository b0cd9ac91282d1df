/**
 * Shared set-up of the suites that talk to the emulator through the real client.
 */
import { VpcClient, type VpcClientOptions } from "../../provider/client";
import { RateLimiterRegistry } from "../../provider/limiter";
import { MAX_REQUESTS_PER_SECOND } from "../../provider/validate";
import { RetryBudget } from "../../provider/retry";
import { DEFAULT_TEST_CREDENTIALS } from "../../emulator/server";
import type { VpcEmulator } from "../../emulator/server";

/**
 * The time one attempt of a test client may take before it is cut short. Far above any loopback answer
 * on a loaded machine, so that an attempt is never timed out and retried by accident, and tests that
 * count attempts or requests count what they caused. Tests about timeouts pass a short one of their own
 * with a fault that makes the emulator hang.
 */
export const TEST_ATTEMPT_TIMEOUT_MS = 60_000;

/**
 * A client of the emulator that records its backoff waits instead of sleeping (its clock moves by them),
 * with a rate limiter of its own that never makes it wait (suites of the limiter itself pass theirs).
 */
export function emulatorClient(
    emulator: Pick<VpcEmulator, "endpoint">,
    overrides: Partial<VpcClientOptions> = {},
): { client: VpcClient; waits: number[]; budget: RetryBudget } {
    const waits: number[] = [];
    let slept = 0;
    const budget = overrides.retryBudget ?? new RetryBudget();
    const client = new VpcClient({
        regionId: "cn-hangzhou",
        endpoint: emulator.endpoint,
        credentials: { ...DEFAULT_TEST_CREDENTIALS },
        env: {},
        timeoutMs: TEST_ATTEMPT_TIMEOUT_MS,
        sleep: async (ms) => {
            waits.push(ms);
            slept += ms;
        },
        now: () => slept,
        random: () => 0.5,
        maxRequestsPerSecond: MAX_REQUESTS_PER_SECOND,
        rateLimiters: new RateLimiterRegistry(),
        ...overrides,
        retryBudget: budget,
    });
    return { client, waits, budget };
}

/** Every string inside a value, for leak searches. */
export function allText(value: unknown): string {
    return JSON.stringify(value, (_k, v: unknown) =>
        v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v,
    );
}
