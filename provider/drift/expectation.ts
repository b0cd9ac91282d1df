/**
 * The types of drift: what an expectation on a VPN connection may say ({@link VpnConnectionExpectation}),
 * what the comparisons accept as a connection, and what they return ({@link DriftEntry},
 * {@link DriftOutput}). Types only.
 *
 * @packageDocumentation
 */
import type { VpnConnectionInfo } from "../model";

export type ComparableConnection = VpnConnectionInfo & { endpoint?: string };

/**
 * What the comparisons accept as a connection: its model, or a resource's outputs (where an absent
 * output is `null`, and secrets sit beside the rest; they are never read).
 */
export type ConnectionLike = Readonly<ComparableConnection> | Readonly<Record<string, unknown>>;

/** One difference between what was expected and what is live. */
export interface DriftEntry {
    /** Where, e.g. `ikeConfig.ikeEncAlg`, `tunnelOptions[0].status`, `tags.env`. */
    path: string;
    /**
     * What was expected, in the output's type (`"86400"` given is `86400` here). `undefined` when nothing
     * was expected there (a tunnel or tag the connection has and the expectation or baseline does not);
     * `null` when the expectation asked for the output to be absent. Render `undefined` as `null` in JSON.
     */
    expected: unknown;
    /** What the connection has; `undefined` when the output or block is absent. */
    actual: unknown;
}

/** The value an expectation may give for a field of type `T`. */
export type ExpectedValue<T> = T extends number
    ? number | string
    : T extends boolean
      ? boolean | "true" | "false"
      : T extends string
        ? string
        : T extends readonly string[]
          ? readonly string[]
          : T extends ReadonlyArray<infer E>
            ? ReadonlyArray<Expectation<E>>
            : T extends Record<string, string>
              ? Readonly<Record<string, string | null>>
              : Expectation<T>;

/**
 * A deep partial of `T`: leave a key out to not care about it, give `null` to expect it absent. Numbers
 * may be given as strings of digits and booleans as `"true"`/`"false"`.
 */
export type Expectation<T> = { readonly [K in keyof T]?: ExpectedValue<NonNullable<T[K]>> | null };

/**
 * An expectation on a VPN connection: a deep partial of its non-secret outputs.
 *
 * @example
 * ```ts
 * const expect: VpnConnectionExpectation = {
 *     status: "ipsec_sa_established",
 *     ikeConfig: { ikeEncAlg: "aes256", ikeVersion: "ikev2", ikeLifetime: "86400" },
 *     vpnBgpConfig: { enableBgp: true },
 *     remoteSubnets: ["192.168.20.0/24", "192.168.10.0/24"], // a set: order does not matter
 *     tags: { env: "prod" },                                   // only the tags named
 * };
 * ```
 */
export type VpnConnectionExpectation = Expectation<ComparableConnection>;

/** A {@link DriftEntry} as a Pulumi output or JSON can hold it: absent is `null`, never `undefined`. */
export interface DriftOutput {
    /** Where. */
    path: string;
    /** What was expected; `null` for nothing or absent. */
    expected: unknown;
    /** What the connection has; `null` when absent. */
    actual: unknown;
}
