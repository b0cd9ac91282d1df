/**
 * The built-in posture rules for IPsec VPN crypto: predicates over the typed, non-secret outputs of a
 * connection (`provider/model.ts`), each with an id, a severity, a one-line rationale and the source it
 * follows. A rule sees one *crypto scope* at a time: the connection's own IKE/IPsec settings and DPD
 * flag, then each tunnel of a dual-tunnel connection with its own, so every rule holds for every tunnel.
 * No rule reads a secret output: a scope carries no key.
 *
 * Sources, as looked up for this file:
 *
 * - **NIST SP 800-77 Rev. 1**, *Guide to IPsec VPNs* (E. Barker, Q. Dang, S. Frankel, K. Scarfone,
 *   P. Wouters; June 2020; https://doi.org/10.6028/NIST.SP.800-77r1): recommends IKEv2 over IKEv1 and
 *   warns that IKEv1 Aggressive Mode with pre-shared keys exposes a hash of the key to offline
 *   dictionary attack; AES for confidentiality, TDEA/3DES and DES no longer; HMAC-SHA-2 for integrity,
 *   MD5 never and SHA-1 being phased out; Diffie-Hellman groups of at least 2048-bit MODP (group 14)
 *   or elliptic-curve groups; PFS for child SAs; dead peer detection to tear down dead tunnels.
 * - **DISA VPN Security Requirements Guide**: the VPN gateway renegotiates the IPsec SA after eight
 *   hours or less (V-207237, SRG-NET-000337-VPN-001290) and the IKE SA after 24 hours or less.
 * - **Alibaba Cloud VPN Gateway**, CreateVpnConnection / ModifyVpnConnectionAttribute (API reference and
 *   the generated SDK models `vpc-20160428` `CreateVpnConnectionRequest`): the values a connection may
 *   hold: `IkeVersion` ikev1 | ikev2 (default ikev1); `IkeMode` main | aggressive (default main);
 *   `IkeEncAlg`/`IpsecEncAlg` aes | aes192 | aes256 | des | 3des (default aes; sm4 on ShangMi gateways);
 *   `IkeAuthAlg`/`IpsecAuthAlg` md5 | sha1 | sha256 | sha384 | sha512 (default md5; sm3 on ShangMi
 *   gateways); `IkePfs` group1 | group2 | group5 | group14 (default group2; group24 also appears in
 *   Alibaba's Terraform provider); `IpsecPfs` disabled or one of those groups; `IkeLifetime` and
 *   `IpsecLifetime` 0 to 86400 seconds (default 86400); `EnableDpd` true by default. Alibaba's own
 *   defaults (ikev1, md5, group2) fail several of these rules: a connection created with the defaults
 *   is flagged.
 *
 * @packageDocumentation
 */
import type { IkeConfig, IpsecConfig } from "../model";

/** How serious a finding is, from least to most. */
export const POSTURE_SEVERITIES = ["low", "medium", "high", "critical"] as const;

/** One of {@link POSTURE_SEVERITIES}. */
export type PostureSeverity = (typeof POSTURE_SEVERITIES)[number];

/**
 * The crypto settings a rule looks at: those of a single-tunnel connection, or of one tunnel of a
 * dual-tunnel connection. Never a key.
 */
export interface CryptoScope {
    /** The path prefix of the scope's outputs: `""` for the connection, `tunnelOptions[0].` for a tunnel. */
    prefix: string;
    /** IKE (phase one) settings, when the scope has them. */
    ikeConfig?: IkeConfig;
    /** IPsec (phase two) settings, when the scope has them. */
    ipsecConfig?: IpsecConfig;
    /** Dead peer detection, when the scope reports it. */
    enableDpd?: boolean;
}

/** One place where a scope breaks a rule. */
export interface RuleViolation {
    /** The output's path inside the scope, without the scope's prefix, e.g. `ikeConfig.ikeEncAlg`. */
    path: string;
    /** The value the connection has. */
    actual: string | number | boolean;
    /** What the rule accepts, in words, e.g. `aes, aes192, aes256 or sm4`. */
    expected: string;
}

/** Bounds of a lifetime rule, in seconds. */
export interface LifetimeBounds {
    /** Shortest lifetime accepted. */
    min: number;
    /** Longest lifetime accepted. */
    max: number;
}

/** A built-in posture rule. */
export interface PostureRule {
    /** Stable id, used in policy files, reports and SARIF, e.g. `weak-encryption`. */
    readonly id: string;
    /** Short title. */
    readonly title: string;
    /** Default severity; a policy may change it. */
    readonly severity: PostureSeverity;
    /** Why, in one line. */
    readonly rationale: string;
    /** The source the rule follows. */
    readonly source: string;
    /** Where to read the source. */
    readonly sourceUri: string;
    /** Default bounds, for the lifetime rules only; a policy may change them. */
    readonly bounds?: LifetimeBounds;
    /**
     * The predicate: where the scope breaks the rule (empty when it holds). A setting the connection
     * does not report is not judged.
     */
    check(scope: CryptoScope, bounds?: LifetimeBounds): RuleViolation[];
}

const NIST_800_77 = "NIST SP 800-77 Rev. 1, Guide to IPsec VPNs (2020)";
const NIST_800_77_URI = "https://doi.org/10.6028/NIST.SP.800-77r1";
const DISA_VPN_SRG = "DISA Virtual Private Network (VPN) Security Requirements Guide";
const DISA_VPN_SRG_URI = "https://public.cyber.mil/stigs/downloads/";

/** Encryption algorithms Alibaba Cloud offers that are accepted: AES of any key size, and SM4 on ShangMi gateways. */
const STRONG_ENCRYPTION: ReadonlySet<string> = new Set(["aes", "aes192", "aes256", "sm4"]);
/** Integrity algorithms accepted: SHA-2, and SM3 on ShangMi gateways. */
const STRONG_INTEGRITY: ReadonlySet<string> = new Set(["sha256", "sha384", "sha512", "sm3"]);
/** Diffie-Hellman groups of 2048-bit MODP or stronger. */
const STRONG_DH_GROUPS: ReadonlySet<string> = new Set([
    "group14",
    "group15",
    "group16",
    "group17",
    "group18",
    "group19",
    "group20",
    "group21",
    "group24",
]);

function lower(value: string | undefined): string | undefined {
    return value === undefined || value === null ? undefined : String(value).toLowerCase();
}

/** Violations of "the value at each of `paths` is one of `accepted`". */
function mustBeOneOf(
    scope: CryptoScope,
    paths: ReadonlyArray<
        readonly ["ikeConfig", keyof IkeConfig] | readonly ["ipsecConfig", keyof IpsecConfig]
    >,
    accepted: ReadonlySet<string>,
    expected: string,
    skip: (value: string) => boolean = () => false,
): RuleViolation[] {
    const out: RuleViolation[] = [];
    for (const [block, key] of paths) {
        const settings = scope[block] as Record<string, unknown> | undefined;
        const raw = settings?.[key];
        if (typeof raw !== "string" || raw === "") continue;
        const value = raw.toLowerCase();
        if (skip(value) || accepted.has(value)) continue;
        out.push({ path: `${block}.${key}`, actual: raw, expected });
    }
    return out;
}

function lifetime(
    scope: CryptoScope,
    block: "ikeConfig" | "ipsecConfig",
    key: "ikeLifetime" | "ipsecLifetime",
    bounds: LifetimeBounds,
): RuleViolation[] {
    const value = (scope[block] as Record<string, unknown> | undefined)?.[key];
    if (typeof value !== "number" || !Number.isFinite(value)) return [];
    if (value >= bounds.min && value <= bounds.max) return [];
    return [{ path: `${block}.${key}`, actual: value, expected: `${bounds.min} to ${bounds.max} seconds` }];
}

/**
 * The built-in rules, in the order reports list them. The `recommended` policy enables each with its
 * default severity and bounds.
 */
export const BUILT_IN_RULES: readonly PostureRule[] = Object.freeze([
    {
        id: "ike-aggressive-mode",
        title: "IKEv1 aggressive mode",
        severity: "high",
        rationale:
            "IKEv1 aggressive mode sends a hash of the pre-shared key before the peers are authenticated, open to offline dictionary attack.",
        source: `${NIST_800_77}, IKEv1 Aggressive Mode; Alibaba Cloud IkeMode main | aggressive`,
        sourceUri: NIST_800_77_URI,
        check(scope: CryptoScope): RuleViolation[] {
            const ike = scope.ikeConfig;
            if (lower(ike?.ikeMode) !== "aggressive" || lower(ike?.ikeVersion) === "ikev2") return [];
            return [{ path: "ikeConfig.ikeMode", actual: ike!.ikeMode!, expected: "main (or IKEv2)" }];
        },
    },
    {
        id: "ike-version",
        title: "IKEv2 rather than IKEv1",
        severity: "medium",
        rationale:
            "IKEv2 replaces IKEv1: fewer messages, built-in DPD and NAT traversal, and no aggressive mode; IKEv1 is kept only for peers that lack IKEv2.",
        source: `${NIST_800_77}, IKE versions; Alibaba Cloud IkeVersion ikev1 (default) | ikev2`,
        sourceUri: NIST_800_77_URI,
        check: (scope) => mustBeOneOf(scope, [["ikeConfig", "ikeVersion"]], new Set(["ikev2"]), "ikev2"),
    },
    {
        id: "weak-encryption",
        title: "No DES or 3DES",
        severity: "high",
        rationale:
            "DES is broken and 3DES (TDEA) has a 64-bit block and is withdrawn; use AES (or SM4 on a ShangMi gateway) in both phases.",
        source: `${NIST_800_77}, encryption algorithms; Alibaba Cloud IkeEncAlg/IpsecEncAlg aes | aes192 | aes256 | des | 3des | sm4`,
        sourceUri: NIST_800_77_URI,
        check: (scope) =>
            mustBeOneOf(
                scope,
                [
                    ["ikeConfig", "ikeEncAlg"],
                    ["ipsecConfig", "ipsecEncAlg"],
                ],
                STRONG_ENCRYPTION,
                "aes, aes192, aes256 (or sm4)",
            ),
    },
    {
        id: "weak-integrity",
        title: "No MD5 or SHA-1 integrity",
        severity: "high",
        rationale:
            "MD5 is broken and SHA-1 is being retired; authenticate both phases with SHA-2 (or SM3 on a ShangMi gateway).",
        source: `${NIST_800_77}, integrity algorithms; Alibaba Cloud IkeAuthAlg/IpsecAuthAlg md5 (default) | sha1 | sha256 | sha384 | sha512 | sm3`,
        sourceUri: NIST_800_77_URI,
        check: (scope) =>
            mustBeOneOf(
                scope,
                [
                    ["ikeConfig", "ikeAuthAlg"],
                    ["ipsecConfig", "ipsecAuthAlg"],
                ],
                STRONG_INTEGRITY,
                "sha256, sha384, sha512 (or sm3)",
            ),
    },
    {
        id: "weak-dh-group",
        title: "Diffie-Hellman group 14 or stronger",
        severity: "high",
        rationale:
            "Groups 1, 2 and 5 (768- to 1536-bit MODP) are too small for today's attackers; use group 14 (2048-bit MODP) or stronger in both phases.",
        source: `${NIST_800_77}, Diffie-Hellman groups; Alibaba Cloud IkePfs/IpsecPfs group1 | group2 (default) | group5 | group14 | group24`,
        sourceUri: NIST_800_77_URI,
        check: (scope) =>
            mustBeOneOf(
                scope,
                [
                    ["ikeConfig", "ikePfs"],
                    ["ipsecConfig", "ipsecPfs"],
                ],
                STRONG_DH_GROUPS,
                "group14 or stronger",
                // `disabled` is the PFS rule's to report.
                (value) => value === "disabled",
            ),
    },
    {
        id: "pfs-disabled",
        title: "Perfect forward secrecy enabled",
        severity: "medium",
        rationale:
            "Without PFS each child SA's keys derive from the IKE SA's, so one compromised IKE key exposes every phase-two key.",
        source: `${NIST_800_77}, perfect forward secrecy; Alibaba Cloud IpsecPfs disabled | group…`,
        sourceUri: NIST_800_77_URI,
        check(scope: CryptoScope): RuleViolation[] {
            const pfs = scope.ipsecConfig?.ipsecPfs;
            return lower(pfs) === "disabled"
                ? [
                      {
                          path: "ipsecConfig.ipsecPfs",
                          actual: pfs!,
                          expected: "a Diffie-Hellman group (group14 or stronger)",
                      },
                  ]
                : [];
        },
    },
    {
        id: "dpd-disabled",
        title: "Dead peer detection enabled",
        severity: "low",
        rationale:
            "Without DPD a dead peer's SAs linger and traffic is black-holed instead of failing over or renegotiating.",
        source: `${NIST_800_77}, dead peer detection; Alibaba Cloud EnableDpd (true by default)`,
        sourceUri: NIST_800_77_URI,
        check: (scope) =>
            scope.enableDpd === false ? [{ path: "enableDpd", actual: false, expected: "true" }] : [],
    },
    {
        id: "ike-lifetime",
        title: "IKE SA lifetime within bounds",
        severity: "medium",
        rationale:
            "An IKE SA kept longer than 24 hours gives an attacker more material under one key; one shorter than 5 minutes renegotiates needlessly.",
        source: `${DISA_VPN_SRG} (IKE SA renegotiated after 24 hours or less); Alibaba Cloud IkeLifetime 0 to 86400 s`,
        sourceUri: DISA_VPN_SRG_URI,
        bounds: { min: 300, max: 86_400 },
        check: (scope, bounds = { min: 300, max: 86_400 }) =>
            lifetime(scope, "ikeConfig", "ikeLifetime", bounds),
    },
    {
        id: "ipsec-lifetime",
        title: "IPsec SA lifetime within bounds",
        severity: "medium",
        rationale:
            "An IPsec SA kept longer than 8 hours encrypts more traffic under one key; one shorter than 5 minutes renegotiates needlessly.",
        source: `${DISA_VPN_SRG}, V-207237 (IPsec SA renegotiated after eight hours or less); Alibaba Cloud IpsecLifetime 0 to 86400 s (default 86400)`,
        sourceUri: DISA_VPN_SRG_URI,
        bounds: { min: 300, max: 28_800 },
        check: (scope, bounds = { min: 300, max: 28_800 }) =>
            lifetime(scope, "ipsecConfig", "ipsecLifetime", bounds),
    },
] satisfies PostureRule[]);

/** The ids of the built-in rules. */
export const BUILT_IN_RULE_IDS: readonly string[] = Object.freeze(BUILT_IN_RULES.map((r) => r.id));

function asObject(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
}

function asBoolean(value: unknown): boolean | undefined {
    return typeof value === "boolean" ? value : undefined;
}

/**
 * The crypto scopes of a connection: its own settings (when it has any IKE, IPsec or DPD value), then
 * each tunnel of a dual-tunnel connection. Reads only non-secret keys; a resource's `null` outputs
 * count as absent.
 *
 * @param connection - a connection's model, a get function's result, or a resource's outputs.
 * @returns the scopes, the connection's first.
 */
export function cryptoScopes(connection: Readonly<Record<string, unknown>> | object): CryptoScope[] {
    const c = connection as Record<string, unknown>;
    const scopes: CryptoScope[] = [];
    const own: CryptoScope = {
        prefix: "",
        ikeConfig: asObject(c.ikeConfig) as IkeConfig | undefined,
        ipsecConfig: asObject(c.ipsecConfig) as IpsecConfig | undefined,
        enableDpd: asBoolean(c.enableDpd),
    };
    if (own.ikeConfig || own.ipsecConfig || own.enableDpd !== undefined) scopes.push(own);
    const tunnels = Array.isArray(c.tunnelOptions) ? (c.tunnelOptions as unknown[]) : [];
    tunnels.forEach((t, i) => {
        const tunnel = asObject(t);
        if (tunnel === undefined) return;
        scopes.push({
            prefix: `tunnelOptions[${i}].`,
            ikeConfig: asObject(tunnel.ikeConfig) as IkeConfig | undefined,
            ipsecConfig: asObject(tunnel.ipsecConfig) as IpsecConfig | undefined,
            enableDpd: asBoolean(tunnel.enableDpd),
        });
    });
    return scopes;
}
