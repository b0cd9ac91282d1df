/**
 * Salted fingerprints of a connection's secrets (pre-shared keys, BGP key), so that a baseline can tell a
 * rotated key from an unchanged one while holding no key.
 *
 * A fingerprint is `hmac-sha256:` and 64 lowercase hex digits:
 * `HMAC-SHA256(key = salt, message = "alicloud-vpn fingerprint v1" NUL vpnConnectionId NUL name NUL value)`
 * where `salt` is the 32 random bytes of the baseline (stored base64 in it) and `name` is `psk`,
 * `bgpAuthKey` or `tunnelPsks.<tunnelId>`. HMAC rather than a bare hash of a concatenation because it is
 * the standard keyed construction (RFC 2104); the per-baseline salt defeats precomputed tables and makes
 * fingerprints from different baselines incomparable; the connection id and name in the message make the
 * same key used on two connections, or as both PSK and BGP key, fingerprint differently, so a baseline
 * does not reveal key reuse. The NUL separators keep the fields apart (ids and names never hold NUL).
 *
 * What a fingerprint does not do: anyone holding the baseline (salt included) can test guesses of a key
 * against it, so a short or guessable key can be found offline. Keep pre-shared keys long and random, as
 * Alibaba Cloud generates them, and treat baselines as internal files.
 *
 * @packageDocumentation
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { VpnConnectionSecrets } from "../model";
import { mapKeyPath } from "./paths";

/** The name of the construction, as a baseline records it. */
export const FINGERPRINT_ALGORITHM = "HMAC-SHA256";

/** Every fingerprint starts with this. */
export const FINGERPRINT_PREFIX = "hmac-sha256:";

/** Bytes of a salt: the output size of SHA-256, as RFC 2104 recommends for an HMAC key. */
export const SALT_BYTES = 32;

const DOMAIN = "alicloud-vpn fingerprint v1";
const FINGERPRINT = /^hmac-sha256:[0-9a-f]{64}$/;
const SALT = /^[A-Za-z0-9+/]{43}=$/;

/** The fingerprints of a connection's secrets, shaped like {@link VpnConnectionSecrets}. */
export interface SecretFingerprints {
    /** Of the IKE pre-shared key. */
    psk?: string;
    /** Of the BGP authentication key. */
    bgpAuthKey?: string;
    /** Of each tunnel's pre-shared key, by tunnel id. */
    tunnelPsks?: Record<string, string>;
}

/** How a secret changed between two sets of fingerprints. */
export type SecretChangeKind = "changed" | "added" | "removed";

/** One secret that changed, named by path (`psk`, `bgpAuthKey`, `tunnelPsks.<tunnelId>`); never its value. */
export interface SecretChange {
    /** Which secret. */
    path: string;
    /** `changed`: the fingerprint differs (the key was rotated); `added`/`removed`: present on one side only. */
    change: SecretChangeKind;
}

/**
 * A new random salt for a baseline.
 *
 * @returns 32 random bytes, base64.
 */
export function newFingerprintSalt(): string {
    return randomBytes(SALT_BYTES).toString("base64");
}

/** Whether a string is a salt as {@link newFingerprintSalt} makes them (32 bytes, base64). */
export function isFingerprintSalt(value: unknown): value is string {
    return typeof value === "string" && SALT.test(value);
}

/** Whether a string is a well-formed fingerprint (`hmac-sha256:` and 64 lowercase hex digits). */
export function isFingerprint(value: unknown): value is string {
    return typeof value === "string" && FINGERPRINT.test(value);
}

/**
 * The fingerprint of one secret.
 *
 * @param salt - the baseline's salt (base64).
 * @param vpnConnectionId - the connection the secret belongs to.
 * @param name - `psk`, `bgpAuthKey` or `tunnelPsks.<tunnelId>`.
 * @param value - the secret.
 * @returns `hmac-sha256:<hex>`.
 */
export function fingerprintSecret(
    salt: string,
    vpnConnectionId: string,
    name: string,
    value: string,
): string {
    const mac = createHmac("sha256", Buffer.from(salt, "base64"));
    mac.update(`${DOMAIN}\0${vpnConnectionId}\0${name}\0`, "utf8");
    mac.update(value, "utf8");
    return `${FINGERPRINT_PREFIX}${mac.digest("hex")}`;
}

/**
 * The fingerprints of every secret of a connection.
 *
 * @param salt - the baseline's salt (base64).
 * @param vpnConnectionId - the connection.
 * @param secrets - its secrets, as read.
 * @returns the fingerprints, with the same keys as `secrets`.
 */
export function fingerprintSecrets(
    salt: string,
    vpnConnectionId: string,
    secrets: VpnConnectionSecrets,
): SecretFingerprints {
    const out: SecretFingerprints = {};
    if (secrets.psk !== undefined) out.psk = fingerprintSecret(salt, vpnConnectionId, "psk", secrets.psk);
    if (secrets.bgpAuthKey !== undefined) {
        out.bgpAuthKey = fingerprintSecret(salt, vpnConnectionId, "bgpAuthKey", secrets.bgpAuthKey);
    }
    if (secrets.tunnelPsks !== undefined) {
        const tunnels: Record<string, string> = {};
        for (const [tunnelId, psk] of Object.entries(secrets.tunnelPsks)) {
            Object.defineProperty(tunnels, tunnelId, {
                value: fingerprintSecret(salt, vpnConnectionId, `tunnelPsks.${tunnelId}`, psk),
                enumerable: true,
                writable: true,
                configurable: true,
            });
        }
        out.tunnelPsks = tunnels;
    }
    return out;
}

function flatten(f: SecretFingerprints): Map<string, string> {
    const out = new Map<string, string>();
    if (f.psk !== undefined) out.set("psk", f.psk);
    if (f.bgpAuthKey !== undefined) out.set("bgpAuthKey", f.bgpAuthKey);
    for (const [tunnelId, value] of Object.entries(f.tunnelPsks ?? {})) {
        out.set(mapKeyPath("tunnelPsks", tunnelId), value);
    }
    return out;
}

function sameFingerprint(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Compares the fingerprints of a baseline with those of the live secrets (made with the same salt).
 *
 * @param baseline - the fingerprints recorded.
 * @param live - the fingerprints of the secrets read now.
 * @returns each secret that changed, appeared or disappeared, in the order psk, bgpAuthKey, tunnels.
 */
export function compareFingerprints(baseline: SecretFingerprints, live: SecretFingerprints): SecretChange[] {
    const before = flatten(baseline);
    const after = flatten(live);
    const changes: SecretChange[] = [];
    for (const [path, value] of before) {
        const now = after.get(path);
        if (now === undefined) changes.push({ path, change: "removed" });
        else if (!sameFingerprint(value, now)) changes.push({ path, change: "changed" });
    }
    for (const path of after.keys()) if (!before.has(path)) changes.push({ path, change: "added" });
    return changes;
}
