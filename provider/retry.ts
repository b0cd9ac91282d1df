/**
 * Retry policy: capped full-jitter exponential backoff, `x-acs-retry-after` honoured, and a process-wide
 * retry budget (a token bucket: each retry costs tokens, each success puts some back) so that a fleet of
 * reads against a throttled API backs off as a whole instead of multiplying its load. {@link decideRetry}
 * is the whole policy as a pure function; the loop in `VpcClient` only follows its decisions.
 * Randomness is a parameter, and the client's sleep is injectable, so tests run in milliseconds.
 *
 * @packageDocumentation
 */

/** How a call is retried. */
export interface RetryOptions {
    /**
     * Calls at most, the first included, of a call failing for reasons other than throttling.
     * @default 6: five retries, whose backoff waits add up to at most 15.5 s with the defaults below
     *   (0.5 + 1 + 2 + 4 + 8 s, each drawn between 0 and that ceiling): enough for a brief outage, while a
     *   failing service fails a read within seconds rather than hold a deployment, unless it asks for
     *   longer waits with `x-acs-retry-after`. Throttling has its own bound, {@link maxThrottleWaitMs}.
     */
    maxAttempts: number;
    /**
     * Upper bound of the first retry's delay; doubles with each retry.
     * @default 500
     */
    baseDelayMs: number;
    /**
     * Cap of any one backoff delay.
     * @default 20000
     */
    maxDelayMs: number;
    /**
     * Cap of a delay the service asks for with `x-acs-retry-after`, so a hostile or broken header cannot
     * park a deployment.
     * @default 60000
     */
    maxRetryAfterMs: number;
    /**
     * How long a call keeps trying after its first throttling answer before it fails with
     * `VpcThrottledError`. Throttling is not bounded by {@link maxAttempts} and draws nothing from the
     * retry budget: it says the account's quota is in use (by this process or others sharing it), and
     * the rate limiter slows the process down on each one and paces the retries, so they cannot
     * multiply the load. Each retry waits `x-acs-retry-after`, else 0 to `baseDelayMs`.
     * @default 120000: two windows of the documented quota (600 calls per 60 s)
     */
    maxThrottleWaitMs: number;
}

/** The defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
    maxAttempts: 6,
    baseDelayMs: 500,
    maxDelayMs: 20_000,
    maxRetryAfterMs: 60_000,
    maxThrottleWaitMs: 120_000,
});

/**
 * The delay before retry number `retry` (1 for the first retry): uniformly random between 0 and
 * `min(maxDelayMs, baseDelayMs * 2^(retry-1))` ("full jitter"), which spreads a fleet's retries out.
 *
 * @param retry - 1 for the first retry.
 * @param options - the policy.
 * @param random - a source of numbers in [0, 1).
 * @returns milliseconds to wait.
 */
export function backoffDelay(
    retry: number,
    options: RetryOptions,
    random: () => number = Math.random,
): number {
    const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
    return Math.floor(random() * ceiling);
}

/**
 * Reads `x-acs-retry-after` (milliseconds, as the aliyun CLI reads it).
 *
 * @param value - the header value.
 * @param options - the policy, for its cap.
 * @returns milliseconds to wait, or `undefined` when the header is absent or not a number.
 */
export function parseRetryAfter(
    value: string | string[] | undefined,
    options: RetryOptions,
): number | undefined {
    const raw = Array.isArray(value) ? value[0] : value;
    if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
    return Math.min(Number(raw.trim()), options.maxRetryAfterMs);
}

/** Costs and capacity of a {@link RetryBudget}. */
export interface RetryBudgetOptions {
    /**
     * Tokens when full.
     * @default 500: 100 ordinary retries in a row before retrying stops.
     */
    capacity: number;
    /**
     * Tokens a retry takes.
     * @default 5
     */
    retryCost: number;
    /**
     * Tokens a retry after a timeout takes: timeouts tie up more of the service.
     * @default 10
     */
    timeoutRetryCost: number;
    /**
     * Tokens a success without retries puts back.
     * @default 1
     */
    successRefund: number;
}

/** The defaults of {@link RetryBudgetOptions}. */
export const DEFAULT_RETRY_BUDGET_OPTIONS: Readonly<RetryBudgetOptions> = Object.freeze({
    capacity: 500,
    retryCost: 5,
    timeoutRetryCost: 10,
    successRefund: 1,
});

/**
 * A token bucket that retries draw from. When the API is failing for everyone, the bucket empties and
 * calls fail fast instead of piling retries on the service; successes refill it.
 */
export class RetryBudget {
    private tokens: number;
    /** The costs and capacity in force. */
    readonly options: RetryBudgetOptions;

    /** @param options - overrides of {@link DEFAULT_RETRY_BUDGET_OPTIONS}. */
    constructor(options: Partial<RetryBudgetOptions> = {}) {
        this.options = { ...DEFAULT_RETRY_BUDGET_OPTIONS, ...options };
        this.tokens = this.options.capacity;
    }

    /** Tokens left. */
    get available(): number {
        return this.tokens;
    }

    /**
     * Takes the cost of one retry, if there is enough left.
     *
     * @param afterTimeout - whether the failed attempt timed out.
     * @returns the tokens taken (to give back on success), or `undefined` when the budget is exhausted.
     */
    acquire(afterTimeout: boolean): number | undefined {
        const cost = retryCost(this.options, afterTimeout);
        if (this.tokens < cost) return undefined;
        this.take(cost);
        return cost;
    }

    /**
     * Takes tokens that {@link decideRetry} found available.
     *
     * @param cost - the tokens to take.
     * @throws RangeError when fewer are left (the decision was made on another state of the budget).
     */
    take(cost: number): void {
        if (cost > this.tokens) {
            throw new RangeError(`retry budget: ${cost} tokens asked, ${this.tokens} left`);
        }
        this.tokens -= cost;
    }

    /**
     * Records a success: gives back what its retries took, or the small refund of a first-time success.
     *
     * @param held - tokens the call's retries took.
     */
    release(held: number): void {
        this.tokens = Math.min(
            this.options.capacity,
            this.tokens + (held > 0 ? held : this.options.successRefund),
        );
    }
}

function retryCost(options: RetryBudgetOptions, afterTimeout: boolean): number {
    return afterTimeout ? options.timeoutRetryCost : options.retryCost;
}

/** What the retry policy is told about one failed attempt. */
export interface FailedAttempt {
    /** Whether the failure's classification says a retry could succeed. */
    retryable: boolean;
    /** Whether the attempt timed out: a retry after a timeout costs the budget more. */
    timedOut: boolean;
    /**
     * Which failure of its kind this is, 1 for the first: of the call's throttling answers when
     * `throttled`, else of its other failures. It sets the backoff, and `maxAttempts` for the others.
     */
    attempt: number;
    /** The answer's `x-acs-retry-after` header, if any. */
    retryAfter?: string | string[];
    /** Whether the answer was throttling: retried apart from `maxAttempts` and the budget. */
    throttled?: boolean;
    /** How long since the call's first throttling answer. @default 0 */
    throttledForMs?: number;
    /**
     * Time left before the operation's deadline (or, while throttled, the end of the throttling
     * window): a retry whose wait would not leave time to send is not made. @default no deadline
     */
    remainingMs?: number;
}

/** Why a failed call is not retried. */
export type StopReason =
    /** The classification says a retry cannot succeed. */
    | "not-retryable"
    /** The policy's `maxAttempts` calls were made. */
    | "attempts-exhausted"
    /** The retry budget cannot pay for another retry. */
    | "budget-exhausted"
    /** Throttling has lasted `maxThrottleWaitMs` since the call's first throttling answer. */
    | "throttled-too-long"
    /** The wait before a retry would reach the operation's deadline. */
    | "deadline-exceeded";

/** The decision on one failed attempt: retry after a wait, paying `cost` tokens, or stop. */
export type RetryDecision =
    { retry: true; waitMs: number; cost: number } | { retry: false; reason: StopReason };

/**
 * Decides whether to retry a failed attempt, and after how long: only a retryable failure, only within
 * `maxAttempts`, only when the budget can pay for it; then after the delay `x-acs-retry-after` asks for
 * (capped), else after a full-jitter backoff. A throttling answer is retried at no cost to the budget
 * and whatever `maxAttempts` says, until `maxThrottleWaitMs` after the call's first one: the rate limiter
 * slows the process down on each one and paces the retries, so these retries slow reads down instead of
 * failing them. Their wait, `x-acs-retry-after` or the first retry's jitter, does not grow: a growing
 * backoff would leave a few unlucky reads asleep long after the others. Pure: it reads the budget and
 * takes nothing from it.
 *
 * @param failed - the failed attempt.
 * @param policy - the retry policy.
 * @param budget - the budget's tokens left and costs (a {@link RetryBudget} will do).
 * @param random - a source of numbers in [0, 1), for the jitter.
 * @returns the decision.
 */
export function decideRetry(
    failed: FailedAttempt,
    policy: RetryOptions,
    budget: { readonly available: number; readonly options: RetryBudgetOptions },
    random: () => number = Math.random,
): RetryDecision {
    if (!failed.retryable) return { retry: false, reason: "not-retryable" };
    if (failed.throttled) {
        const waitMs = parseRetryAfter(failed.retryAfter, policy) ?? backoffDelay(1, policy, random);
        if ((failed.throttledForMs ?? 0) + waitMs > policy.maxThrottleWaitMs) {
            return { retry: false, reason: "throttled-too-long" };
        }
        if (failed.remainingMs !== undefined && waitMs >= failed.remainingMs) {
            return { retry: false, reason: "deadline-exceeded" };
        }
        return { retry: true, waitMs, cost: 0 };
    }
    if (failed.attempt >= policy.maxAttempts) return { retry: false, reason: "attempts-exhausted" };
    const cost = retryCost(budget.options, failed.timedOut);
    if (budget.available < cost) return { retry: false, reason: "budget-exhausted" };
    const waitMs = parseRetryAfter(failed.retryAfter, policy) ?? backoffDelay(failed.attempt, policy, random);
    // x-acs-retry-after on any code counts against the deadline like a backoff does.
    if (failed.remainingMs !== undefined && waitMs >= failed.remainingMs) {
        return { retry: false, reason: "deadline-exceeded" };
    }
    return { retry: true, waitMs, cost };
}

/**
 * The budget every client in the process shares unless given its own: one process reading many
 * connections (a Pulumi program, a fleet scan) backs off as a whole.
 */
export const processRetryBudget = new RetryBudget();
