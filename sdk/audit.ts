/**
 * The posture audit for Pulumi programs: the check `alicloud-vpn audit` runs, as a pure function over
 * what `getVpnConnection`, `getVpnConnections` or a `VpnConnection`'s outputs hold. Policy packs never
 * see read resources or invokes (pulumi/pulumi#3950), so the check runs in the program.
 *
 * @packageDocumentation
 */
import type { ConnectionLike } from "../provider/drift";
import {
    type PostureFinding,
    type PosturePolicyDocument,
    RECOMMENDED_POLICY,
    auditConnection,
    recommendedPolicy,
    validatePosturePolicy,
} from "../provider/posture";

/**
 * Checks a connection's crypto against a posture policy: IKEv2 rather than IKEv1 aggressive mode, no
 * DES/3DES, no MD5/SHA-1, Diffie-Hellman group 14 or stronger, PFS, DPD and SA lifetimes within bounds,
 * on the connection and on each tunnel of a dual-tunnel one (the built-in policy `recommended`), or the
 * rules of a policy document (the format of `alicloud-vpn audit --policy <file>`). Pure: it reads
 * nothing, and never a key.
 *
 * @example
 * ```ts
 * const vpn = getVpnConnectionOutput({ vpnConnectionId: "vco-…" });
 * export const postureFindings = vpn.apply((c) => auditVpnConnection(c).map((f) => f.message));
 * export const weakCrypto = vpn.apply((c) =>
 *     auditVpnConnection(c, { rules: { "dpd-disabled": "off" } }).some((f) => f.severity === "high"),
 * );
 * ```
 *
 * @param connection - a result of `getVpnConnection`, a connection of `getVpnConnections`, or a
 *   `VpnConnection`'s resolved outputs.
 * @param policy - `"recommended"` or a policy document. @default "recommended"
 * @returns the findings, in the policy's rule order; empty when the connection passes.
 * @throws VpcInvalidInputError when the policy document is not valid (an unknown rule id or output
 *   path, with the nearest known one; a path into a secret output).
 */
export function auditVpnConnection(
    connection: ConnectionLike,
    policy: PosturePolicyDocument | typeof RECOMMENDED_POLICY = RECOMMENDED_POLICY,
): PostureFinding[] {
    const checked = policy === RECOMMENDED_POLICY ? recommendedPolicy() : validatePosturePolicy(policy);
    return auditConnection(connection, checked);
}
