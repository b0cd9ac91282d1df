/**
 * The emulator's `latencyMs` option: every answer is held, throttling included, like a real endpoint's
 * round trip. Observed through the emulator's own counters, never by measuring time.
 */
import { VpcEmulator } from "../emulator/server";
import { baseParams, rawCall } from "./support/emulator-client";

async function until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

it("holds every answer, a throttling one included, for latencyMs", async () => {
    const emulator = await VpcEmulator.start({ latencyMs: 60_000, quota: { limit: 1, windowMs: 60_000 } });
    const outcomes = Promise.allSettled([
        rawCall(emulator.endpoint, baseParams()),
        rawCall(emulator.endpoint, baseParams()),
    ]);
    try {
        // Both requests were read and checked (the second is over the quota) and are being held.
        await until(() => emulator.inFlight === 2);
        expect(emulator.requests).toHaveLength(0);
    } finally {
        await emulator.stop();
    }
    // Stopping ends the wait without an answer.
    expect((await outcomes).map((o) => o.status)).toEqual(["rejected", "rejected"]);
});

it("answers at once without latencyMs, and refuses a negative one", async () => {
    await expect(VpcEmulator.start({ latencyMs: -1 })).rejects.toThrow(/latencyMs must be a number >= 0/);
    const emulator = await VpcEmulator.start();
    try {
        const res = await rawCall(emulator.endpoint, baseParams());
        expect(res.status).toBe(200);
    } finally {
        await emulator.stop();
    }
});
