/**
 * The exit statuses of the `alicloud-vpn` command, which every command returns and pipelines test.
 *
 * @packageDocumentation
 */

/** Exit statuses of the command: 0 success (drift: in sync), 1 drift found, 2 error. */
export const EXIT = { ok: 0, drift: 1, error: 2 } as const;

/** One of the {@link EXIT} statuses. */
export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];
