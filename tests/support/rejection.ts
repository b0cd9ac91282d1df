/**
 * Catching what must fail: an awaited rejection ({@link rejectionOf}) or a synchronous throw ({@link thrownBy}).
 */

/**
 * Awaits a promise that must reject, and returns what it rejected with.
 *
 * @param promise - the call.
 * @returns the rejection.
 * @throws Error when the promise resolves.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
    try {
        await promise;
    } catch (e) {
        return e;
    }
    throw new Error("expected the promise to reject, and it resolved");
}

/**
 * Calls a function that must throw, and returns what it threw: the synchronous twin of
 * {@link rejectionOf}.
 *
 * @param f - the call.
 * @returns what was thrown.
 * @throws Error when the call returns.
 */
export function thrownBy(f: () => unknown): unknown {
    try {
        f();
    } catch (e) {
        return e;
    }
    throw new Error("expected the call to throw, and it returned");
}
