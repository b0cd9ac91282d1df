/**
 * The names of a connection's secret outputs, listed once: the resource marks them secret, the outputs
 * are filled from the record's secrets under them, and an expectation may never name them. The table is
 * typed with every key of {@link VpnConnectionSecrets}, so a secret added to the model and not listed
 * here (or listed here and not in the model) fails to compile.
 *
 * @packageDocumentation
 */
import type { VpnConnectionSecrets } from "./model";

// Annotated with every key of the type, so that a key missing here or one the type lacks fails to compile.
const SECRET_OUTPUT_TABLE: { readonly [K in keyof VpnConnectionSecrets]-?: true } = {
    psk: true,
    bgpAuthKey: true,
    tunnelPsks: true,
};

/** The name of one secret output. */
export type SecretOutputName = keyof VpnConnectionSecrets;

/** The secret outputs, exactly the keys of {@link VpnConnectionSecrets}, in the order of the model. */
export const SECRET_OUTPUT_NAMES: readonly SecretOutputName[] = Object.freeze(
    Object.keys(SECRET_OUTPUT_TABLE) as SecretOutputName[],
);

const SECRET_OUTPUT_SET: ReadonlySet<string> = new Set(SECRET_OUTPUT_NAMES);

/**
 * Whether a key names a secret output. Own names only: `toString` or `__proto__` are not secret outputs.
 *
 * @param key - an output key.
 * @returns true for `psk`, `bgpAuthKey` and `tunnelPsks`.
 */
export function isSecretOutputName(key: string): key is SecretOutputName {
    return SECRET_OUTPUT_SET.has(key);
}
