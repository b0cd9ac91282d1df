/**
 * Client-side flow control: a token bucket per (access key id, region, API action), shared by every
 * client of the process, that paces calls to the quota the VPC API enforces and slows down on its own
 * when the API still throttles (because other processes of the same account share the quota).
 *
 * The VPC API allows DescribeVpnConnection and DescribeVpnConnections 600 calls per 60 seconds each,
 * per region, per parent account (Alibaba Cloud's VPN Gateway quota page); over it the API answers
 * `Throttling.User`. A process that sends faster only collects throttling errors, so the bucket starts
 * at that rate. On a throttling answer the rate drops to a fraction of the rate the process was sending
 * at (multiplicative decrease), then climbs back along a cubic curve, as TCP CUBIC and the AWS SDKs'
 * "adaptive" retry mode do: quickly at first, slowly near the rate that was throttled, then faster
 * again to find out whether the other users of the quota have gone. It never exceeds the configured
 * maximum.
 *
 * Clock and sleep are injectable, so tests drive the bucket in virtual time.
 *
 * @packageDocumentation
 */
import { MIN_REQUESTS_PER_SECOND, VALIDATORS } from "./validate";

/**
 * The default rate: the documented quota, 600 calls per 60 seconds per region, API and account.
 */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 10;

/** The environment variable that sets the rate when the stack config does not. */
export const MAX_RPS_ENV = "ALIBABA_CLOUD_VPC_MAX_RPS";

/**
 * Reads a maximum rate from a setting (a stack config string, an environment variable, a number).
 *
 * @param value - the setting's value; `undefined`, `null` or `""` mean "not set".
 * @param setting - the setting's name, for the message (e.g. `alicloud-vpn:maxRequestsPerSecond`).
 * @returns calls per second, or `undefined` when not set.
 * @throws VpcInvalidInputError naming the setting when the value is not a number from 0.1 to 10000.
 */
export function parseMaxRequestsPerSecond(value: unknown, setting: string): number | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    return VALIDATORS.maxRequestsPerSecond(value, setting);
}

/** Tuning of an {@link AdaptiveRateLimiter}. Everything but `maxRate` has a default. */
export interface RateLimiterOptions {
    /** The configured maximum, calls per second. The rate never goes above it. */
    maxRate: number;
    /**
     * Calls that may go at once after a quiet period (the bucket's capacity).
     * @default a fifth of a second's calls at `maxRate`, at least 1: a few reads after a pause go at
     *   once, while the excess over a 60-second quota window stays well under 1 %. The bucket starts
     *   with one token, so a fresh process does not burst.
     */
    burst?: number;
    /**
     * The floor of the adaptive rate.
     * @default 0.5 (or `maxRate` if lower): one call every two seconds still makes progress
     */
    minRate?: number;
    /**
     * The fraction of the rate that the bucket keeps after a throttling answer.
     * @default 0.8: two processes that share a quota settle within a few percent of it
     */
    beta?: number;
    /**
     * Time to climb from `beta * maxRate` back to `maxRate` after a throttling answer; lower rates are
     * regained sooner. The cubic curve is flat near the rate that was throttled, then rises faster to
     * find out whether the other users of the quota have gone.
     * @default 1000
     */
    recoveryMs?: number;
    /**
     * The least time between two decreases. A quota counted over a sliding window stays full for a
     * while whatever the rate, and every call answered meanwhile is throttled: one decrease per
     * cooldown keeps that from driving the rate to the floor.
     * @default 1000
     */
    cooldownMs?: number;
    /** The clock, in milliseconds. @default Date.now */
    now?: () => number;
    /** Waits. @default a timer */
    sleep?: (ms: number) => Promise<void>;
}

/** Default of {@link RateLimiterOptions.beta}. */
export const DEFAULT_LIMITER_BETA = 0.8;
/** Default of {@link RateLimiterOptions.recoveryMs}. */
export const DEFAULT_LIMITER_RECOVERY_MS = 1000;
/** Default of {@link RateLimiterOptions.cooldownMs}. */
export const DEFAULT_LIMITER_COOLDOWN_MS = 1000;
/** The span over which the rate sent and the share of throttled answers are measured. */
const MEASURE_MS = 1000;
/** Fewer grants than this in {@link MEASURE_MS} say too little about the rate actually sent. */
const MIN_MEASURED = 4;

const timerSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Drops the entries of a time-ordered list at or before `before`. */
function forgetBefore(list: { at: number }[], before: number): void {
    let stale = 0;
    while (stale < list.length && (list[stale]?.at ?? before) <= before) stale++;
    if (stale > 0) list.splice(0, stale);
}

/**
 * A token bucket whose fill rate adapts to throttling. Callers take a token with {@link acquire} before
 * each call and report its answer with {@link onSuccess} or {@link onThrottle}; waiting callers are
 * served first come, first served.
 *
 * The rate is the maximum until the first throttling answer. A throttling answer sets a plateau, the
 * lower of the rate in force and the rate actually sent over the last second, and drops the rate to
 * `beta` times it. The rate then climbs back with time along `W(t) = plateau + C (t - K)^3`: fast at
 * first, flat near the plateau, then faster again, capped at the maximum. While most answers are
 * throttled (the quota has no room left for this process), each decrease also starts from at most
 * `beta` times the last plateau, so the rate keeps going down instead of returning to where it was
 * throttled.
 */
export class AdaptiveRateLimiter {
    private max: number;
    private readonly burstOption: number | undefined;
    private readonly minRateOption: number | undefined;
    private readonly beta: number;
    private readonly recoveryMs: number;
    private readonly cooldownMs: number;
    private readonly now: () => number;
    private readonly sleep: (ms: number) => Promise<void>;

    private tokens = 1;
    private refilledAt: number;
    private readonly waiters: Array<(sentAt: number) => void> = [];
    private draining = false;
    /** Ends the drain loop's current sleep early: a new rate applies to callers already waiting. */
    private wake: (() => void) | undefined;
    /** When a caller last took a token or waited: idle buckets are evicted by their registry. */
    lastUsedAt: number;
    private pausedUntil = 0;
    /** Recent grants, oldest first: the rate actually sent. */
    private readonly grants: { at: number }[] = [];
    /** Recent answers, oldest first: the share of them that was throttled. */
    private readonly answers: { at: number; throttled: boolean }[] = [];
    /** The last decrease: when, the plateau it set, and the rate it dropped to. */
    private decrease: { at: number; plateau: number; floor: number } | undefined;
    private throttles = 0;
    private decreases = 0;

    /** @param options - the maximum rate and tuning; see {@link RateLimiterOptions}. */
    constructor(options: RateLimiterOptions) {
        this.max = checkRate(options.maxRate);
        this.burstOption = options.burst;
        this.minRateOption = options.minRate;
        this.beta = options.beta ?? DEFAULT_LIMITER_BETA;
        this.recoveryMs = options.recoveryMs ?? DEFAULT_LIMITER_RECOVERY_MS;
        this.cooldownMs = options.cooldownMs ?? DEFAULT_LIMITER_COOLDOWN_MS;
        this.now = options.now ?? Date.now;
        this.sleep = options.sleep ?? timerSleep;
        this.refilledAt = this.now();
        this.lastUsedAt = this.refilledAt;
    }

    /** The configured maximum, calls per second. */
    get maxRate(): number {
        return this.max;
    }

    /** The rate in force now, calls per second. */
    get rate(): number {
        return this.rateAt(this.now());
    }

    /** Throttling answers reported so far. */
    get throttleCount(): number {
        return this.throttles;
    }

    /** Decreases of the rate so far (throttling answers that said something new). */
    get decreaseCount(): number {
        return this.decreases;
    }

    /** Callers waiting for a token. */
    get waiting(): number {
        return this.waiters.length;
    }

    /**
     * Changes the configured maximum (the last configuration of a key wins). What the bucket learnt
     * stays, capped at the new maximum.
     *
     * @param maxRate - calls per second.
     */
    setMaxRate(maxRate: number): void {
        this.refill(this.now());
        this.max = checkRate(maxRate);
        this.tokens = Math.min(this.tokens, this.capacity());
        this.wake?.();
    }

    /**
     * Whether the bucket can be forgotten without loosening the quota: nobody waits, no
     * `x-acs-retry-after` pause is pending, and it was last used longer ago than `idleMs`. A bucket
     * made afresh starts with one token at the maximum rate, which is no more than an idle bucket
     * (full burst, rate recovered) would allow.
     *
     * @param at - now.
     * @param idleMs - how long unused.
     * @returns whether it is idle.
     */
    isIdle(at: number, idleMs: number): boolean {
        return (
            this.waiters.length === 0 &&
            !this.draining &&
            this.pausedUntil <= at &&
            at - this.lastUsedAt >= idleMs
        );
    }

    /**
     * Waits for a token.
     *
     * @returns the time the token was granted: pass it to {@link onThrottle} if the call is throttled.
     */
    acquire(): Promise<number> {
        this.lastUsedAt = this.now();
        return new Promise<number>((resolve) => {
            this.waiters.push(resolve);
            if (!this.draining) void this.drain();
        });
    }

    /** Records an answer that was not throttled. */
    onSuccess(): void {
        this.record(this.now(), false);
    }

    /**
     * Records a throttling answer, and lowers the rate unless the call was sent before the last
     * decrease or that decrease is less than a cooldown old: such answers say nothing new. A
     * `retryAfterMs` the service asked for also holds every caller of this bucket until then.
     *
     * @param sentAt - what {@link acquire} returned for the throttled call.
     * @param retryAfterMs - the service's `x-acs-retry-after`, if any.
     */
    onThrottle(sentAt: number, retryAfterMs?: number): void {
        const at = this.now();
        this.throttles += 1;
        this.record(at, true);
        if (retryAfterMs !== undefined && retryAfterMs > 0) {
            this.pausedUntil = Math.max(this.pausedUntil, at + retryAfterMs);
        }
        const last = this.decrease;
        if (last !== undefined && (sentAt < last.at || at - last.at < this.cooldownMs)) return;
        this.refill(at);
        forgetBefore(this.grants, at - MEASURE_MS);
        forgetBefore(this.answers, at - MEASURE_MS);
        const current = this.rateAt(at);
        // A process sending less than its rate allows (few callers) slows down from what it sends.
        const sent = this.grants.length >= MIN_MEASURED ? this.grants.length / (MEASURE_MS / 1000) : current;
        let plateau = Math.min(current, sent);
        const throttled = this.answers.filter((a) => a.throttled).length;
        if (last !== undefined && 2 * throttled > this.answers.length) {
            plateau = Math.min(plateau, last.plateau * this.beta);
        }
        plateau = Math.max(this.minRate(), plateau);
        this.decrease = { at, plateau, floor: Math.max(this.minRate(), plateau * this.beta) };
        this.decreases += 1;
        // The quota is spent: credit saved while the rate was too high must not go out at once.
        this.tokens = Math.min(this.tokens, 0);
    }

    private record(at: number, throttled: boolean): void {
        this.answers.push({ at, throttled });
        // Keep about a second's worth; trimming in batches keeps the cost per answer constant.
        if ((this.answers[0]?.at ?? at) <= at - 2 * MEASURE_MS) forgetBefore(this.answers, at - MEASURE_MS);
    }

    /** The rate at time `at`, within [minRate, maxRate]. */
    private rateAt(at: number): number {
        const d = this.decrease;
        if (d === undefined) return this.max;
        // C is set by the maximum, so the climb from beta * maxRate to maxRate takes recoveryMs
        // whatever the plateau; K is when W(t) is back at the plateau (W(0) is the floor).
        const c = (this.max * (1 - this.beta)) / (this.recoveryMs / 1000) ** 3;
        const k = c > 0 ? Math.cbrt((d.plateau - d.floor) / c) : 0;
        const t = Math.max(0, at - d.at) / 1000;
        const w = d.plateau + c * (t - k) ** 3;
        return Math.min(this.max, Math.max(d.floor, w));
    }

    private minRate(): number {
        return Math.min(this.max, this.minRateOption ?? 0.5);
    }

    private capacity(): number {
        return Math.max(1, this.burstOption ?? Math.ceil(this.max / 5));
    }

    private refill(at: number): void {
        const elapsed = Math.max(0, at - this.refilledAt);
        this.refilledAt = at;
        this.tokens = Math.min(this.capacity(), this.tokens + (elapsed / 1000) * this.rateAt(at));
    }

    private async drain(): Promise<void> {
        this.draining = true;
        try {
            while (this.waiters.length > 0) {
                const at = this.now();
                this.refill(at);
                if (this.pausedUntil > at) {
                    await this.sleepOrWake(this.pausedUntil - at);
                    continue;
                }
                if (this.tokens >= 1) {
                    this.tokens -= 1;
                    this.grants.push({ at });
                    if ((this.grants[0]?.at ?? at) <= at - 2 * MEASURE_MS) {
                        forgetBefore(this.grants, at - MEASURE_MS);
                    }
                    this.waiters.shift()?.(at);
                    continue;
                }
                await this.sleepOrWake(Math.max(1, Math.ceil(((1 - this.tokens) / this.rateAt(at)) * 1000)));
            }
        } finally {
            this.draining = false;
            this.lastUsedAt = this.now();
        }
    }

    private sleepOrWake(ms: number): Promise<void> {
        return Promise.race([
            this.sleep(ms),
            new Promise<void>((resolve) => {
                this.wake = resolve;
            }),
        ]).finally(() => {
            this.wake = undefined;
        });
    }
}

function checkRate(rate: number): number {
    if (!Number.isFinite(rate) || rate < MIN_REQUESTS_PER_SECOND) {
        throw new RangeError(
            `maxRate must be a number of calls per second of at least ${MIN_REQUESTS_PER_SECOND}, got ${String(rate)}`,
        );
    }
    return rate;
}

/**
 * How long a bucket is kept unused: two quota windows (60 s each). By then its rate has recovered and
 * its burst refilled, so a fresh bucket (one token, the maximum rate) allows no more than it would.
 */
export const LIMITER_IDLE_MS = 120_000;

/** What a bucket is kept for: one quota of the API. */
export interface RateLimiterKey {
    /** The access key id (never the secret): the quota is the account's. */
    accessKeyId: string;
    /** The region of the calls. */
    regionId: string;
    /** The API action, e.g. `DescribeVpnConnection`. */
    action: string;
}

/**
 * The buckets of a process, one per {@link RateLimiterKey}. Keys hold the access key id, region and
 * action only. Keys of the same account are kept apart (an access key id does not say which account
 * it belongs to); the adaptive rate absorbs the throttling they then cause each other.
 */
export class RateLimiterRegistry {
    private readonly limiters = new Map<string, AdaptiveRateLimiter>();
    private sweptAt = 0;

    /**
     * @param defaults - tuning and clock for every bucket (tests inject a virtual clock here).
     */
    constructor(private readonly defaults: Omit<RateLimiterOptions, "maxRate"> = {}) {}

    /**
     * The bucket of a key, created on first use. A different `maxRate` than the bucket's replaces it
     * (the last configuration wins).
     *
     * @param key - access key id, region, action.
     * @param maxRate - the configured maximum, calls per second.
     * @returns the bucket.
     */
    get(key: RateLimiterKey, maxRate: number): AdaptiveRateLimiter {
        this.evictIdle();
        const id = `${key.accessKeyId}\n${key.regionId}\n${key.action}`;
        let limiter = this.limiters.get(id);
        if (limiter === undefined) {
            limiter = new AdaptiveRateLimiter({ ...this.defaults, maxRate });
            this.limiters.set(id, limiter);
        } else if (limiter.maxRate !== maxRate) {
            limiter.setMaxRate(maxRate);
        }
        return limiter;
    }

    /**
     * Forgets buckets unused for {@link LIMITER_IDLE_MS} (STS key ids rotate: a long-lived process would
     * otherwise keep one per key id forever). Sweeps at most once per tenth of that span.
     */
    private evictIdle(): void {
        const at = (this.defaults.now ?? Date.now)();
        if (at - this.sweptAt < LIMITER_IDLE_MS / 10) return;
        this.sweptAt = at;
        for (const [id, limiter] of this.limiters) {
            if (limiter.isIdle(at, LIMITER_IDLE_MS)) this.limiters.delete(id);
        }
    }

    /** Buckets in use. */
    get size(): number {
        return this.limiters.size;
    }

    /** Forgets every bucket (callers waiting on one are still served by it). */
    clear(): void {
        this.limiters.clear();
    }
}

/**
 * The buckets every client in the process shares unless given its own: the provider host serves all
 * reads of a stack, the program process runs the get functions, and all of them draw on one quota.
 */
export const processRateLimiters = new RateLimiterRegistry();
