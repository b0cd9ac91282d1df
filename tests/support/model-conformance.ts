/**
 * Checks a JSON body against the response models of Alibaba's generated SDKs (`@alicloud/vpc20160428`):
 * each model class has static `names()` (property → wire name) and `types()` (property → `"string"`,
 * `"number"`, `"boolean"`, `"any"`, another model class, `{type: "array", itemType}` or
 * `{type: "map", keyType, valueType}`). Every wire field must be in the model, with the JSON type it
 * declares, at every level.
 */

/** A type as the generated models declare it. */
export type ModelType =
    | string
    | ModelClass
    | { type: "array"; itemType: ModelType }
    | { type: "map"; keyType: ModelType; valueType: ModelType };

/** A generated model class. */
export interface ModelClass {
    names(): Record<string, string>;
    types(): Record<string, ModelType>;
}

/** What a walk found: its problems, and how many values it checked (so an empty walk cannot pass). */
export interface ConformanceReport {
    problems: string[];
    checked: number;
    /** The model's wire paths the body had, array indexes written `[]` (see {@link modelPaths}). */
    seen: Set<string>;
}

/**
 * Every wire path a model declares, nested models and array items included, e.g.
 * `$.TunnelOptionsSpecification.TunnelOptions[].TunnelIkeConfig.Psk`.
 */
export function modelPaths(type: ModelClass, prefix = "$"): string[] {
    const out: string[] = [];
    const types = type.types();
    for (const [prop, wire] of Object.entries(type.names())) {
        const path = `${prefix}.${wire}`;
        out.push(path);
        const t = types[prop];
        if (isModelClass(t)) out.push(...modelPaths(t, path));
        else if (typeof t === "object" && t.type === "array" && isModelClass(t.itemType)) {
            out.push(...modelPaths(t.itemType, `${path}[]`));
        }
    }
    return out;
}

function isModelClass(t: unknown): t is ModelClass {
    return typeof t === "function" && typeof (t as Partial<ModelClass>).names === "function";
}

function jsonType(value: unknown): string {
    return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/**
 * Walks `value` against `type`, collecting a line per field the model lacks and per value whose JSON
 * type differs from the declared one, named by its wire path (e.g. `VpnConnections.VpnConnection[0].Tag`).
 */
export function checkAgainstModel(value: unknown, type: ModelType, path = "$"): ConformanceReport {
    const report: ConformanceReport = { problems: [], checked: 0, seen: new Set() };
    walk(value, type, path, report);
    return report;
}

function walk(value: unknown, type: ModelType, path: string, report: ConformanceReport): void {
    report.checked += 1;
    if (typeof type === "string") {
        if (type === "any") return;
        const expected = type === "integer" || type === "int64" ? "number" : type;
        if (jsonType(value) !== expected) {
            report.problems.push(`${path}: the model declares ${type}, the emulator sent ${jsonType(value)}`);
        }
        return;
    }
    if (isModelClass(type)) {
        if (jsonType(value) !== "object") {
            report.problems.push(
                `${path}: the model declares an object, the emulator sent ${jsonType(value)}`,
            );
            return;
        }
        const names = type.names();
        const types = type.types();
        const byWireName = new Map(Object.entries(names).map(([prop, wire]) => [wire, prop]));
        for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
            const prop = byWireName.get(key);
            const childType = prop === undefined ? undefined : types[prop];
            if (childType === undefined) {
                report.problems.push(`${path}.${key}: not in the model`);
                continue;
            }
            report.seen.add(`${path}.${key}`.replace(/\[\d+\]/g, "[]"));
            walk(child, childType, `${path}.${key}`, report);
        }
        return;
    }
    if (type.type === "array") {
        if (!Array.isArray(value)) {
            report.problems.push(
                `${path}: the model declares an array, the emulator sent ${jsonType(value)}`,
            );
            return;
        }
        value.forEach((item, i) => walk(item, type.itemType, `${path}[${i}]`, report));
        return;
    }
    if (jsonType(value) !== "object") {
        report.problems.push(`${path}: the model declares a map, the emulator sent ${jsonType(value)}`);
        return;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        walk(child, type.valueType, `${path}.${key}`, report);
    }
}
