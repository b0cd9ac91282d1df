/**
 * Virtual time for the suites of the rate limiter: a clock and a sleep that never wait for real time.
 */

/**
 * A clock whose sleeps are timers in a queue: {@link VirtualClock.run} lets every pending callback
 * run, then moves time to the earliest timer and wakes it, until the work settles. Concurrent sleepers
 * wake in time order, so several limiters and callers can be simulated together.
 */
export class VirtualClock {
    private t = 0;
    private seq = 0;
    private readonly timers: { at: number; seq: number; wake: () => void }[] = [];
    /** Every sleep asked for, in milliseconds, in order. */
    readonly slept: number[] = [];

    /** The current virtual time, in milliseconds from 0. */
    readonly now = (): number => this.t;

    /** Sleeps `ms` of virtual time. */
    readonly sleep = (ms: number): Promise<void> => {
        this.slept.push(ms);
        return new Promise((wake) => this.timers.push({ at: this.t + ms, seq: this.seq++, wake }));
    };

    /**
     * Runs the simulation until `work` settles.
     *
     * @param work - what to wait for.
     * @param limitMs - virtual time after which the simulation is declared stuck.
     * @returns what `work` resolves to.
     */
    async run<T>(work: Promise<T>, limitMs = 3_600_000): Promise<T> {
        let settled = false;
        work.then(
            () => (settled = true),
            () => (settled = true),
        );
        for (;;) {
            // A macrotask turn: every promise callback queued so far has run.
            await new Promise((resolve) => setImmediate(resolve));
            if (settled) return work;
            this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
            const next = this.timers.shift();
            if (next === undefined) {
                throw new Error("the work is stuck: nothing is sleeping and it has not settled");
            }
            if (next.at > limitMs) {
                throw new Error(`the work has not settled after ${limitMs} ms of virtual time`);
            }
            this.t = Math.max(this.t, next.at);
            next.wake();
        }
    }
}

/**
 * A clock whose sleeps move time forward at once: exact for one sleeper at a time (a single limiter's
 * queue), and usable while real HTTP calls are under way.
 */
export class InstantClock {
    private t = 0;
    /** Every sleep asked for, in milliseconds, in order. */
    readonly slept: number[] = [];

    /** The current virtual time, in milliseconds from 0. */
    readonly now = (): number => this.t;

    /** Moves time forward by `ms` and returns at once. */
    readonly sleep = async (ms: number): Promise<void> => {
        this.slept.push(ms);
        this.t += ms;
    };

    /** Moves time forward without a sleep (time passing between calls). */
    advance(ms: number): void {
        this.t += ms;
    }
}
