/**
 * Flow control as the VPC API applies it to DescribeVpnConnection(s): a number of calls per sliding
 * window, per account, per region, per API (Alibaba Cloud's VPN Gateway quota page: 600 calls per 60 s
 * for each of the two APIs). The emulator keys the window by access key id, region and action.
 *
 * @packageDocumentation
 */

/** A quota: at most `limit` calls in any `windowMs` milliseconds. */
export interface QuotaOptions {
    /** Calls allowed per window. @default 600 (the documented quota of both APIs) */
    limit: number;
    /** Length of the sliding window in milliseconds. @default 60000 (the documented 60 s) */
    windowMs: number;
}

/** The documented quota of DescribeVpnConnection and DescribeVpnConnections: 600 calls per 60 s. */
export const DEFAULT_QUOTA: Readonly<QuotaOptions> = { limit: 600, windowMs: 60_000 };

/** Checks a quota's options, naming the bad one. */
export function validateQuotaOptions(quota: QuotaOptions): void {
    if (!Number.isInteger(quota.limit) || quota.limit < 1) {
        throw new RangeError(`quota.limit must be an integer >= 1, got ${String(quota.limit)}`);
    }
    if (!Number.isFinite(quota.windowMs) || quota.windowMs <= 0) {
        throw new RangeError(`quota.windowMs must be a number > 0, got ${String(quota.windowMs)}`);
    }
}

/** The most keys a {@link SlidingWindowQuota} counts at once; idle keys are forgotten first. */
export const MAX_QUOTA_KEYS = 10_000;

/** A sliding-window counter per key. Only calls that were let through are counted. */
export class SlidingWindowQuota {
    private readonly calls = new Map<string, number[]>();

    constructor(
        private readonly options: Readonly<QuotaOptions>,
        private readonly now: () => number,
    ) {
        validateQuotaOptions(options);
    }

    /**
     * Takes one call from `key`'s window. Returns `true` if the call is within the quota (and counts it),
     * `false` if the window is full (and does not count it).
     */
    take(key: string): boolean {
        const at = this.now();
        const since = at - this.options.windowMs;
        if (this.calls.size >= MAX_QUOTA_KEYS && !this.calls.has(key)) this.forgetIdle(since);
        const kept = (this.calls.get(key) ?? []).filter((t) => t > since);
        // Re-inserted: the map's order is least recently used first, which forgetIdle relies on.
        this.calls.delete(key);
        if (kept.length >= this.options.limit) {
            this.calls.set(key, kept);
            return false;
        }
        kept.push(at);
        this.calls.set(key, kept);
        return true;
    }

    /**
     * Forgets keys whose window is empty; if that is not enough, the least recently used keys. Keys are access key
     * ids, regions and APIs: STS key ids rotate, so a long-running emulator would keep them forever.
     */
    private forgetIdle(since: number): void {
        for (const [key, times] of this.calls) {
            if ((times[times.length - 1] ?? since) <= since) this.calls.delete(key);
        }
        for (const key of this.calls.keys()) {
            if (this.calls.size < MAX_QUOTA_KEYS) break;
            this.calls.delete(key);
        }
    }

    /** How many keys are counted now. */
    get size(): number {
        return this.calls.size;
    }

    /** Gives back the most recent call taken from `key` (used when an injected fault answers instead). */
    refund(key: string): void {
        this.calls.get(key)?.pop();
    }

    /** Forgets every counted call. */
    reset(): void {
        this.calls.clear();
    }
}
