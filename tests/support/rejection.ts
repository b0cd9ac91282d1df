/**
 * Awaiting what must fail.
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
