/**
 * Salted fingerprints of secrets: stable for a salt, different across salts, connections and names,
 * changed by a rotation, never holding the key.
 */
import { createHmac } from "node:crypto";
import { FIXTURE_IDS, FIXTURE_SECRETS } from "../emulator/fixtures";
import {
    compareFingerprints,
    fingerprintSecret,
    fingerprintSecrets,
    isFingerprint,
    isFingerprintSalt,
    newFingerprintSalt,
} from "../provider/drift/fingerprint";

const salt = newFingerprintSalt();
const id = FIXTURE_IDS.singleTunnel;

describe("secret fingerprints", () => {
    it("is the documented HMAC-SHA256 of the connection, the name and the value, keyed by the salt", () => {
        const expected = createHmac("sha256", Buffer.from(salt, "base64"))
            .update(`alicloud-vpn fingerprint v1\0${id}\0psk\0${FIXTURE_SECRETS.singleTunnelPsk}`)
            .digest("hex");
        expect(fingerprintSecret(salt, id, "psk", FIXTURE_SECRETS.singleTunnelPsk)).toBe(
            `hmac-sha256:${expected}`,
        );
    });

    it("makes well-formed, random 32-byte salts", () => {
        const other = newFingerprintSalt();
        expect(isFingerprintSalt(salt)).toBe(true);
        expect(Buffer.from(salt, "base64")).toHaveLength(32);
        expect(other).not.toBe(salt);
        expect(isFingerprintSalt("c2FsdA==")).toBe(false);
    });

    it("is stable for one salt and differs across salts, connections and names", () => {
        const key = FIXTURE_SECRETS.singleTunnelPsk;
        const f = fingerprintSecret(salt, id, "psk", key);
        expect(isFingerprint(f)).toBe(true);
        expect(fingerprintSecret(salt, id, "psk", key)).toBe(f);
        expect(fingerprintSecret(newFingerprintSalt(), id, "psk", key)).not.toBe(f);
        expect(fingerprintSecret(salt, FIXTURE_IDS.minimal, "psk", key)).not.toBe(f);
        expect(fingerprintSecret(salt, id, "bgpAuthKey", key)).not.toBe(f);
        expect(fingerprintSecret(salt, id, "psk", `${key}x`)).not.toBe(f);
    });

    it("fingerprints every secret and holds none of them", () => {
        const fingerprints = fingerprintSecrets(salt, FIXTURE_IDS.dualTunnel, {
            psk: FIXTURE_SECRETS.singleTunnelPsk,
            bgpAuthKey: FIXTURE_SECRETS.singleTunnelBgpAuthKey,
            tunnelPsks: {
                "tun-1": FIXTURE_SECRETS.dualTunnelMasterPsk,
                "tun-2": FIXTURE_SECRETS.dualTunnelSlavePsk,
            },
        });
        expect(Object.keys(fingerprints)).toEqual(["psk", "bgpAuthKey", "tunnelPsks"]);
        expect(Object.keys(fingerprints.tunnelPsks!)).toEqual(["tun-1", "tun-2"]);
        const text = JSON.stringify(fingerprints);
        for (const secret of Object.values(FIXTURE_SECRETS)) expect(text).not.toContain(secret);
        expect(fingerprintSecrets(salt, id, {})).toEqual({});
    });

    it("reports a rotated, a removed and an added secret by path only", () => {
        const before = fingerprintSecrets(salt, id, {
            psk: "a",
            bgpAuthKey: "b",
            tunnelPsks: { "tun-1": "c" },
        });
        const after = fingerprintSecrets(salt, id, { psk: "a2", tunnelPsks: { "tun-1": "c", "tun-2": "d" } });
        expect(compareFingerprints(before, after)).toEqual([
            { path: "psk", change: "changed" },
            { path: "bgpAuthKey", change: "removed" },
            { path: "tunnelPsks.tun-2", change: "added" },
        ]);
        expect(compareFingerprints(before, before)).toEqual([]);
    });

    it("refuses malformed fingerprints", () => {
        expect(isFingerprint(`hmac-sha256:${"a".repeat(63)}`)).toBe(false);
        expect(isFingerprint(`hmac-sha256:${"A".repeat(64)}`)).toBe(false);
        expect(isFingerprint(`sha256:${"a".repeat(64)}`)).toBe(false);
        expect(isFingerprint(FIXTURE_SECRETS.singleTunnelPsk)).toBe(false);
    });
});
