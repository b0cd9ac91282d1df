/**
 * Posture policies: which rules an audit runs, at which severity, with which bounds. The built-in
 * policy `recommended` runs every built-in rule (`rules.ts`) as it is; a policy document (a JSON file
 * for `alicloud-vpn audit --policy`, or an object in a program) starts from it or from nothing, changes
 * severities and bounds, turns rules off, leaves paths out, and adds rules of its own over any
 * non-secret output:
 *
 * ```json
 * {
 *   "schemaVersion": 1,
 *   "kind": "alicloud-vpn/posture-policy",
 *   "extends": "recommended",
 *   "rules": {
 *     "dpd-disabled": "medium",
 *     "ike-version": "off",
 *     "ipsec-lifetime": { "max": 3600 }
 *   },
 *   "ignore": ["tunnelOptions[1].ipsecConfig.ipsecLifetime"],
 *   "custom": [
 *     {
 *       "id": "aes256-only",
 *       "severity": "high",
 *       "path": "tunnelOptions[*].ikeConfig.ikeEncAlg",
 *       "allow": ["aes256"],
 *       "rationale": "Our peers all do AES-256.",
 *       "source": "Network security standard NS-4"
 *     }
 *   ]
 * }
 * ```
 *
 * A document is checked before any connection is read, as expectation files are: an unknown key, rule
 * id or output path is refused with the nearest known one, and a path into a secret output (`psk`,
 * `bgpAuthKey`, `tunnelPsks`) is refused: rules never touch keys. The format is described by
 * `cli/posture-policy.schema.json`.
 *
 * @packageDocumentation
 */
import {
    type ConnectionLike,
    SECRET_OUTPUT_NAMES,
    closestName,
    formatDriftValue,
    validatePathPattern,
    valuesAtPath,
} from "../drift";
import { VpcInvalidInputError } from "../errors";
import { quoteValue } from "../redact";
import {
    BUILT_IN_RULES,
    type CryptoScope,
    type LifetimeBounds,
    POSTURE_SEVERITIES,
    type PostureSeverity,
    cryptoScopes,
} from "./rules";

/** The policy format this version reads. */
export const POSTURE_POLICY_SCHEMA_VERSION = 1;

/** The `kind` of a policy file, so that another JSON file given by mistake is recognized. */
export const POSTURE_POLICY_KIND = "alicloud-vpn/posture-policy";

/** The name of the built-in policy. */
export const RECOMMENDED_POLICY = "recommended";

/** A value a custom rule compares with. */
export type PolicyScalar = string | number | boolean;

/** How a policy document sets a built-in rule: `"off"`, a severity, or a severity and bounds. */
export type PolicyRuleSetting =
    | "off"
    | PostureSeverity
    | {
          /** The severity, or `"off"`. @default the rule's own */
          severity?: PostureSeverity | "off";
          /** Shortest lifetime accepted, in seconds (lifetime rules only). */
          min?: number;
          /** Longest lifetime accepted, in seconds (lifetime rules only). */
          max?: number;
      };

/** A rule a policy document adds: a check of the values at one output path. */
export interface CustomRuleDocument {
    /** Its id: lowercase letters, digits and `-`, not a built-in rule's. */
    id: string;
    /** Its severity. */
    severity: PostureSeverity;
    /** A short title. @default the id */
    title?: string;
    /** Why, in one line. */
    rationale: string;
    /** The standard or agreement it follows. */
    source: string;
    /** The output path, e.g. `ikeConfig.ikeEncAlg` or `tunnelOptions[*].ipsecConfig.ipsecPfs`. */
    path: string;
    /** The values accepted; any other is a finding. */
    allow?: PolicyScalar[];
    /** The values refused. */
    deny?: PolicyScalar[];
    /** The smallest number accepted. */
    min?: number;
    /** The largest number accepted. */
    max?: number;
}

/** A posture policy as written: every key optional. */
export interface PosturePolicyDocument {
    /** The format's version. @default 1 */
    schemaVersion?: typeof POSTURE_POLICY_SCHEMA_VERSION;
    /** {@link POSTURE_POLICY_KIND}. @default it */
    kind?: typeof POSTURE_POLICY_KIND;
    /** Start from every built-in rule (`recommended`) or from none. @default "recommended" */
    extends?: typeof RECOMMENDED_POLICY | "none";
    /** Built-in rules by id: severity, bounds, or `"off"`. */
    rules?: Record<string, PolicyRuleSetting>;
    /** Output paths whose findings are left out (`[*]` for every tunnel). */
    ignore?: string[];
    /** Rules of the policy's own. */
    custom?: CustomRuleDocument[];
}

/** One place where a connection breaks a rule. */
export interface RuleFindingDetail {
    /** The output's full path, e.g. `tunnelOptions[1].ikeConfig.ikeAuthAlg`. */
    path: string;
    /** What the connection has. */
    actual: PolicyScalar;
    /** What the rule accepts, in words. */
    expected: string;
}

/** A rule as a checked policy runs it. */
export interface ActiveRule {
    /** Its id. */
    id: string;
    /** A short title. */
    title: string;
    /** Its severity under this policy. */
    severity: PostureSeverity;
    /** Why, in one line. */
    rationale: string;
    /** The source it follows. */
    source: string;
    /** Where to read the source, when there is an address. */
    sourceUri?: string;
    /** Whether it is one of the built-in rules. */
    builtIn: boolean;
    /** Where a connection breaks it. */
    evaluate(connection: ConnectionLike): RuleFindingDetail[];
}

/** A checked policy. */
export interface PosturePolicy {
    /** `recommended`, or the name given to the document (its file). */
    name: string;
    /** The rules run, built-in ones first. */
    rules: ActiveRule[];
    /** Paths whose findings are left out. */
    ignore: string[];
}

function builtInActive(
    rule: (typeof BUILT_IN_RULES)[number],
    severity: PostureSeverity,
    bounds?: LifetimeBounds,
): ActiveRule {
    return {
        id: rule.id,
        title: rule.title,
        severity,
        rationale: rule.rationale,
        source: rule.source,
        sourceUri: rule.sourceUri,
        builtIn: true,
        evaluate(connection: ConnectionLike): RuleFindingDetail[] {
            return cryptoScopes(connection).flatMap((scope: CryptoScope) =>
                rule
                    .check(scope, bounds ?? rule.bounds)
                    .map((v) => ({ ...v, path: `${scope.prefix}${v.path}` })),
            );
        },
    };
}

/**
 * The built-in policy: every built-in rule, at its own severity and bounds.
 *
 * @returns a new policy object.
 */
export function recommendedPolicy(): PosturePolicy {
    return {
        name: RECOMMENDED_POLICY,
        rules: BUILT_IN_RULES.map((r) => builtInActive(r, r.severity)),
        ignore: [],
    };
}

const RULE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SECRET_ROOTS: ReadonlySet<string> = new Set(SECRET_OUTPUT_NAMES);

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is PolicyScalar {
    return (
        typeof value === "string" ||
        typeof value === "boolean" ||
        (typeof value === "number" && Number.isFinite(value))
    );
}

function hint(name: string, known: Iterable<string>): string {
    const best = closestName(name, known);
    return best === undefined ? "" : ` (did you mean ${best}?)`;
}

class PolicyReader {
    constructor(private readonly argument: string) {}

    fail(where: string, problem: string): never {
        throw new VpcInvalidInputError(this.at(where), problem);
    }

    /** The argument's name for a place: `policy.rules.x`, or `rules.x` when the argument is unnamed. */
    at(where: string): string {
        if (where === "") return this.argument === "" ? "policy" : this.argument;
        return this.argument === "" ? where : `${this.argument}.${where}`;
    }

    keys(o: Record<string, unknown>, where: string, known: readonly string[]): void {
        for (const key of Object.keys(o)) {
            if (!known.includes(key)) {
                this.fail(
                    where === "" ? key.slice(0, 40) : `${where}.${key.slice(0, 40)}`,
                    `unknown key${hint(key, known)}; expected ${known.join(", ")}`,
                );
            }
        }
    }

    severity(value: unknown, where: string, allowOff: boolean): PostureSeverity | "off" {
        if (typeof value === "string" && (POSTURE_SEVERITIES as readonly string[]).includes(value)) {
            return value as PostureSeverity;
        }
        if (allowOff && value === "off") return "off";
        const choices = `${POSTURE_SEVERITIES.join(", ")}${allowOff ? " or off" : ""}`;
        const near =
            typeof value === "string"
                ? hint(value, allowOff ? [...POSTURE_SEVERITIES, "off"] : POSTURE_SEVERITIES)
                : "";
        return this.fail(where, `expected ${choices}, got ${quoteValue(value)}${near}`);
    }

    seconds(value: unknown, where: string): number {
        if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
        return this.fail(where, `expected a whole number of seconds, got ${quoteValue(value)}`);
    }

    text(o: Record<string, unknown>, key: string, where: string): string {
        const v = o[key];
        if (typeof v !== "string" || v.trim() === "") {
            this.fail(`${where}.${key}`, `expected a non-empty string, got ${quoteValue(v)}`);
        }
        return v;
    }

    path(value: unknown, where: string): string {
        const pattern = validatePathPattern(value, this.at(where));
        const root = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(pattern)?.[0] ?? "";
        if (SECRET_ROOTS.has(root)) {
            this.fail(where, `${quoteValue(pattern)} is a secret output; posture rules never read keys`);
        }
        return pattern;
    }
}

function customActive(r: PolicyReader, value: unknown, where: string, taken: Set<string>): ActiveRule {
    if (!isObject(value)) return r.fail(where, `expected an object, got ${quoteValue(value)}`);
    r.keys(value, where, [
        "id",
        "severity",
        "title",
        "rationale",
        "source",
        "path",
        "allow",
        "deny",
        "min",
        "max",
    ]);
    const id = value.id;
    if (typeof id !== "string" || !RULE_ID.test(id)) {
        r.fail(
            `${where}.id`,
            `expected lowercase letters, digits and '-' (at most 64), got ${quoteValue(id)}`,
        );
    }
    if (taken.has(id)) r.fail(`${where}.id`, `${quoteValue(id)} is already a rule's id`);
    taken.add(id);
    const severity = r.severity(value.severity, `${where}.severity`, false) as PostureSeverity;
    const path = r.path(value.path, `${where}.path`);
    const list = (key: "allow" | "deny"): PolicyScalar[] | undefined => {
        const v = value[key];
        if (v === undefined) return undefined;
        if (!Array.isArray(v) || v.length === 0 || !v.every(isScalar)) {
            r.fail(
                `${where}.${key}`,
                `expected a non-empty list of strings, numbers or booleans, got ${quoteValue(v)}`,
            );
        }
        return v;
    };
    const allow = list("allow");
    const deny = list("deny");
    const min = value.min === undefined ? undefined : numberOf(r, value.min, `${where}.min`);
    const max = value.max === undefined ? undefined : numberOf(r, value.max, `${where}.max`);
    if (allow === undefined && deny === undefined && min === undefined && max === undefined) {
        r.fail(where, "give at least one of allow, deny, min, max");
    }
    if (min !== undefined && max !== undefined && min > max) {
        r.fail(`${where}.min`, `${min} is more than max ${max}`);
    }
    const title = value.title === undefined ? id : r.text(value, "title", where);
    const allowed = allow && new Set(allow.map(String));
    const denied = deny && new Set(deny.map(String));
    return {
        id,
        title,
        severity,
        rationale: r.text(value, "rationale", where),
        source: r.text(value, "source", where),
        builtIn: false,
        evaluate(connection: ConnectionLike): RuleFindingDetail[] {
            const out: RuleFindingDetail[] = [];
            for (const found of valuesAtPath(connection, path)) {
                if (!isScalar(found.value)) continue;
                const v = found.value;
                if (allowed && !allowed.has(String(v))) {
                    out.push({
                        path: found.path,
                        actual: v,
                        expected: `one of ${allow!.map((a) => formatDriftValue(a)).join(", ")}`,
                    });
                } else if (denied?.has(String(v))) {
                    out.push({
                        path: found.path,
                        actual: v,
                        expected: `none of ${deny!.map((a) => formatDriftValue(a)).join(", ")}`,
                    });
                } else if (
                    typeof v === "number" &&
                    ((min !== undefined && v < min) || (max !== undefined && v > max))
                ) {
                    out.push({ path: found.path, actual: v, expected: `${min ?? "-∞"} to ${max ?? "∞"}` });
                }
            }
            return out;
        },
    };
}

function numberOf(r: PolicyReader, value: unknown, where: string): number {
    if (typeof value === "number" && Number.isFinite(value)) return value;
    return r.fail(where, `expected a number, got ${quoteValue(value)}`);
}

/**
 * Checks a policy document and returns the policy it describes. Nothing is read: a document with an
 * unknown key, rule id, severity or output path, or a path into a secret output, is refused naming
 * where (e.g. `policy.rules.dpd-disbled`) and the nearest known name.
 *
 * @param document - the document (parsed JSON, or an object in a program).
 * @param name - the policy's name in reports (its file). @default "policy"
 * @param argument - the argument's name for messages. @default "policy"
 * @returns the policy.
 * @throws VpcInvalidInputError naming the place at fault.
 */
export function validatePosturePolicy(
    document: unknown,
    name = "policy",
    argument = "policy",
): PosturePolicy {
    const r: PolicyReader = new PolicyReader(argument);
    if (!isObject(document)) return r.fail("", `expected a policy object, got ${quoteValue(document)}`);
    r.keys(document, "", ["schemaVersion", "kind", "extends", "rules", "ignore", "custom", "$schema"]);
    if (document.schemaVersion !== undefined && document.schemaVersion !== POSTURE_POLICY_SCHEMA_VERSION) {
        r.fail(
            "schemaVersion",
            `this version of alicloud-vpn reads version ${POSTURE_POLICY_SCHEMA_VERSION}, got ${quoteValue(document.schemaVersion)}`,
        );
    }
    if (document.kind !== undefined && document.kind !== POSTURE_POLICY_KIND) {
        r.fail("kind", `expected "${POSTURE_POLICY_KIND}", got ${quoteValue(document.kind)}`);
    }
    const base = document.extends ?? RECOMMENDED_POLICY;
    if (base !== RECOMMENDED_POLICY && base !== "none") {
        r.fail(
            "extends",
            `expected "${RECOMMENDED_POLICY}" or "none", got ${quoteValue(base)}${typeof base === "string" ? hint(base, [RECOMMENDED_POLICY, "none"]) : ""}`,
        );
    }
    const settings: unknown = document.rules ?? {};
    if (!isObject(settings)) {
        r.fail("rules", `expected an object of rule settings by rule id, got ${quoteValue(settings)}`);
    }
    const known = BUILT_IN_RULES.map((rule) => rule.id);
    const rules: ActiveRule[] = [];
    for (const id of Object.keys(settings)) {
        if (!known.includes(id)) {
            r.fail(
                `rules.${id.slice(0, 40)}`,
                `not a built-in rule${hint(id, known)}; add rules of your own under "custom"`,
            );
        }
    }
    for (const rule of BUILT_IN_RULES) {
        const where = `rules.${rule.id}`;
        const setting: unknown = Object.prototype.hasOwnProperty.call(settings, rule.id)
            ? settings[rule.id]
            : undefined;
        let severity: PostureSeverity | "off" | undefined;
        let bounds: LifetimeBounds | undefined = rule.bounds;
        if (typeof setting === "string") severity = r.severity(setting, where, true);
        else if (isObject(setting)) {
            r.keys(setting, where, rule.bounds ? ["severity", "min", "max"] : ["severity"]);
            if (setting.severity !== undefined) {
                severity = r.severity(setting.severity, `${where}.severity`, true);
            }
            if (rule.bounds) {
                bounds = {
                    min: setting.min === undefined ? rule.bounds.min : r.seconds(setting.min, `${where}.min`),
                    max: setting.max === undefined ? rule.bounds.max : r.seconds(setting.max, `${where}.max`),
                };
                if (bounds.min > bounds.max) {
                    r.fail(`${where}.min`, `${bounds.min} is more than max ${bounds.max}`);
                }
            }
        } else if (setting !== undefined) {
            r.fail(where, `expected "off", a severity, or an object, got ${quoteValue(setting)}`);
        }
        // A rule the document names is on unless turned off, even over "extends": "none".
        if (severity === "off" || (base === "none" && setting === undefined)) continue;
        rules.push(builtInActive(rule, severity ?? rule.severity, bounds));
    }
    const ignore: unknown = document.ignore ?? [];
    if (!Array.isArray(ignore)) {
        r.fail("ignore", `expected a list of output paths, got ${quoteValue(ignore)}`);
    }
    const ignored = ignore.map((p: unknown, i) => r.path(p, `ignore[${i}]`));
    const custom: unknown = document.custom ?? [];
    if (!Array.isArray(custom)) r.fail("custom", `expected a list of rules, got ${quoteValue(custom)}`);
    const taken = new Set(known);
    custom.forEach((c: unknown, i) => rules.push(customActive(r, c, `custom[${i}]`, taken)));
    return { name, rules, ignore: ignored };
}

/**
 * Whether a severity is at least a threshold: `high` is at least `medium`.
 *
 * @param severity - a finding's severity.
 * @param threshold - the least severity that counts.
 * @returns true when it counts.
 */
export function severityAtLeast(severity: PostureSeverity, threshold: PostureSeverity): boolean {
    return POSTURE_SEVERITIES.indexOf(severity) >= POSTURE_SEVERITIES.indexOf(threshold);
}
