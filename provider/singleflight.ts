/**
 * Single flight: concurrent callers asking for the same thing share one call. A Pulumi program that
 * declares the same connection twice, or a stack whose resources and get functions read the same
 * connection, makes one API call instead of several, leaving more of the quota for the rest.
 *
 * @packageDocumentation
 */

/**
 * Runs at most one call per key at a time; callers that arrive while it runs get its outcome. Nothing
 * is cached: once the call settles, the next caller starts a new one, so every read still sees the
 * connection as it is at the time of the read.
 */
export class SingleFlight<T> {
    private readonly flights = new Map<string, Promise<T>>();
    private shared = 0;

    /**
     * Runs `call`, or joins the call already running for `key`.
     *
     * @param key - what the call is about; callers with the same key must want the same answer.
     * @param call - the call to make when none is running.
     * @returns the call's outcome. Callers get the same value: copy it before handing it out if it is
     *   mutable.
     */
    run(key: string, call: () => Promise<T>): Promise<T> {
        const running = this.flights.get(key);
        if (running !== undefined) {
            this.shared += 1;
            return running;
        }
        const flight = call().finally(() => this.flights.delete(key));
        this.flights.set(key, flight);
        return flight;
    }

    /** Calls running now. */
    get inFlight(): number {
        return this.flights.size;
    }

    /** Callers so far that joined a running call instead of making their own. */
    get sharedCount(): number {
        return this.shared;
    }
}
