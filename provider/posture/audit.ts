/**
 * Audits: which posture rules a connection breaks, under a policy. A pure function over the typed,
 * non-secret outputs, shared by `alicloud-vpn audit` and the package's `auditVpnConnection`.
 *
 * @packageDocumentation
 */
import { type ConnectionLike, formatDriftValue, pathMatches } from "../drift";
import type { PolicyScalar, PosturePolicy } from "./policy";
import type { PostureSeverity } from "./rules";

/** One rule broken at one output. Holds non-secret values only: rules never read keys. */
export interface PostureFinding {
    /** The rule's id, e.g. `weak-encryption`. */
    ruleId: string;
    /** Its severity under the policy. */
    severity: PostureSeverity;
    /** The rule's title. */
    title: string;
    /** The output, e.g. `tunnelOptions[0].ikeConfig.ikeAuthAlg`. */
    path: string;
    /** The value the connection has. */
    actual: PolicyScalar;
    /** What the rule accepts, in words. */
    expected: string;
    /** One line: `ikeConfig.ikeAuthAlg: No MD5 or SHA-1 integrity: expected sha256, …, got "sha1"`. */
    message: string;
}

/**
 * The findings of one connection under a policy, in the policy's rule order, then by path. Paths the
 * policy ignores are left out.
 *
 * @param connection - a connection's model, a get function's result or a resource's outputs.
 * @param policy - a checked policy (see `validatePosturePolicy`, `recommendedPolicy`).
 * @returns the findings; empty when the connection passes.
 */
export function auditConnection(connection: ConnectionLike, policy: PosturePolicy): PostureFinding[] {
    const out: PostureFinding[] = [];
    for (const rule of policy.rules) {
        for (const v of rule.evaluate(connection)) {
            if (policy.ignore.some((pattern) => pathMatches(v.path, pattern))) continue;
            out.push({
                ruleId: rule.id,
                severity: rule.severity,
                title: rule.title,
                path: v.path,
                actual: v.actual,
                expected: v.expected,
                message: `${v.path}: ${rule.title}: expected ${v.expected}, got ${formatDriftValue(v.actual)}`,
            });
        }
    }
    return out;
}
