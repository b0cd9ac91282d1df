/**
 * The operation deadline: one read (`DescribeVpnConnection`, one page of `DescribeVpnConnections`),
 * every attempt and every wait between them, ends within it. Hung connections, slow drips, 5xx answers
 * and `x-acs-retry-after` headers on any code all count against it; a retry whose wait would end past
 * it is not made. Throttling keeps its own window (`maxThrottleWaitMs` in `retry.ts`): while the API
 * throttles, an operation may run until that long after its first throttling answer.
 *
 * Set by the stack config key `alicloud-vpn:deadlineSeconds` (see `CONFIG_KEYS` in `settings.ts`), else
 * the environment variable {@link DEADLINE_ENV}, else {@link DEFAULT_DEADLINE_MS}. The throttling window is
 * set the same way by `alicloud-vpn:throttleWindowSeconds` or {@link THROTTLE_WINDOW_ENV}.
 *
 * @packageDocumentation
 */
import { VpcInvalidInputError } from "./errors";
import { quoteValue } from "./redact";
import { decimalValue } from "./validate";

/**
 * The default deadline of one operation.
 * @default 60000: six attempts of a hung endpoint at the 10 s attempt timeout, or a brief outage with
 *   its backoff (at most 15.5 s of waits), while a broken endpoint fails a deployment within a minute.
 */
export const DEFAULT_DEADLINE_MS = 60_000;

/** The environment variable that sets the deadline, in seconds, when the stack config does not. */
export const DEADLINE_ENV = "ALIBABA_CLOUD_VPC_DEADLINE_SECONDS";

/** The environment variable that sets the throttling window, in seconds, when the stack config does not. */
export const THROTTLE_WINDOW_ENV = "ALIBABA_CLOUD_VPC_THROTTLE_WINDOW_SECONDS";

/** The longest deadline accepted: an hour. */
export const MAX_DEADLINE_SECONDS = 3600;

/**
 * Reads a deadline in seconds from a setting.
 *
 * @param value - the setting's value; `undefined`, `null` or `""` mean "not set".
 * @param setting - the setting's name, for the message.
 * @returns milliseconds, or `undefined` when not set.
 * @throws VpcInvalidInputError naming the setting when the value is not a number of seconds in (0, 3600].
 */
export function parseDeadlineSeconds(value: unknown, setting: string): number | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    const n = decimalValue(value);
    if (!Number.isFinite(n) || n <= 0 || n > MAX_DEADLINE_SECONDS) {
        throw new VpcInvalidInputError(
            setting,
            `expected a number of seconds greater than 0 and at most ${MAX_DEADLINE_SECONDS}, such as "60"; got ${quoteValue(typeof value === "number" ? String(value) : value)}`,
        );
    }
    return Math.round(n * 1000);
}

/**
 * The deadline of a client's operations: its option, else the environment, else the default.
 *
 * @param options - the option and its source's name.
 * @param env - the environment.
 * @returns milliseconds.
 */
export function resolveDeadlineMs(
    options: { deadlineSeconds?: number | string; deadlineSecondsSource?: string },
    env: NodeJS.ProcessEnv,
): number {
    return (
        parseDeadlineSeconds(options.deadlineSeconds, options.deadlineSecondsSource ?? "deadlineSeconds") ??
        parseDeadlineSeconds(env[DEADLINE_ENV], DEADLINE_ENV) ??
        DEFAULT_DEADLINE_MS
    );
}

/**
 * The throttling window of a client's operations (`maxThrottleWaitMs` of `retry.ts`): its option, else
 * the environment, else `undefined` (the retry policy's default, 120 s).
 *
 * @param options - the option and its source's name.
 * @param env - the environment.
 * @returns milliseconds, or `undefined` for the default.
 */
export function resolveThrottleWindowMs(
    options: { throttleWindowSeconds?: number | string; throttleWindowSecondsSource?: string },
    env: NodeJS.ProcessEnv,
): number | undefined {
    return (
        parseDeadlineSeconds(
            options.throttleWindowSeconds,
            options.throttleWindowSecondsSource ?? "throttleWindowSeconds",
        ) ?? parseDeadlineSeconds(env[THROTTLE_WINDOW_ENV], THROTTLE_WINDOW_ENV)
    );
}
