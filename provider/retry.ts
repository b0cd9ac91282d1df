/**
 * Retry policy: capped full-jitter exponential backoff, `x-acs-retry-after` honoured, and a process-wide
 * retry budget (a token bucket: each retry costs tokens, each success puts some back) so that a fleet of
 * reads against a throttled API backs off as a whole instead of multiplying its load. Clock, randomness
 * and sleep are injectable so tests run in milliseconds.
 *
 * @packageDocumentation
 */

/** How a call is retried. */
export interface RetryOptions {
    /**
     * Calls at most, the first included.
     * @default 6: enough to ride out a minute-long quota window with the delays below.
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
}

/** The defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
    maxAttempts: 6,
    baseDelayMs: 500,
    maxDelayMs: 20_000,
    maxRetryAfterMs: 60_000,
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
        const cost = afterTimeout ? this.options.timeoutRetryCost : this.options.retryCost;
        if (this.tokens < cost) return undefined;
        this.tokens -= cost;
        return cost;
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

/**
 * The budget every client in the process shares unless given its own: one process reading many
 * connections (a Pulumi program, a fleet scan) backs off as a whole.
 */
export const processRetryBudget = new RetryBudget();
