/**
 * The expectation validator: checks an expectation (a deep partial of the non-secret outputs) before
 * anything is read. Unknown keys (typos, with a suggestion) and secret keys are refused; values must have
 * the output's type (numbers and booleans may be given as strings, as YAML and the API write them).
 *
 * @packageDocumentation
 */
import { VpcInvalidInputError } from "../errors";
import { quoteValue } from "../redact";
import { isSecretOutputName } from "../secret-outputs";
import type { VpnConnectionExpectation } from "./expectation";
import { define, hasOwn } from "./own";
import { keyPath, mapKeyPath, suggest } from "./paths";
import { CONNECTION, type ListShape, type ObjectShape, type Shape } from "./shapes";

const NUMBER_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

class Validator {
    constructor(private readonly argument: string) {}

    fail(path: string, problem: string): never {
        throw new VpcInvalidInputError(path === "" ? this.argument : `${this.argument}.${path}`, problem);
    }

    value(shape: Shape, value: unknown, path: string): unknown {
        if (value === undefined || value === null) return value;
        switch (shape) {
            case "string":
            case "subnetText":
                if (typeof value !== "string") this.fail(path, `expected a string, got ${quoteValue(value)}`);
                return value;
            case "number":
                if (typeof value === "number" && Number.isFinite(value)) return value;
                if (typeof value === "string" && NUMBER_TEXT.test(value)) return Number(value);
                return this.fail(path, `expected a number (or a string of digits), got ${quoteValue(value)}`);
            case "boolean":
                if (typeof value === "boolean") return value;
                if (typeof value === "string") {
                    const t = value.trim().toLowerCase();
                    if (t === "true") return true;
                    if (t === "false") return false;
                }
                return this.fail(
                    path,
                    `expected true or false (or "true"/"false"), got ${quoteValue(value)}`,
                );
            case "subnetList":
                if (!Array.isArray(value)) {
                    this.fail(path, `expected a list of CIDR blocks, got ${quoteValue(value)}`);
                }
                return value.map((v: unknown, i) =>
                    typeof v === "string"
                        ? v
                        : this.fail(`${path}[${i}]`, `expected a string, got ${quoteValue(v)}`),
                );
            case "stringMap":
                return this.map(value, path);
            default:
                return shape.kind === "object"
                    ? this.object(shape, value, path)
                    : this.list(shape, value, path);
        }
    }

    map(value: unknown, path: string): Record<string, string | null> {
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            this.fail(path, `expected a map of strings, got ${quoteValue(value)}`);
        }
        const out: Record<string, string | null> = {};
        for (const [k, v] of Object.entries(value)) {
            if (v === undefined) continue;
            if (v !== null && typeof v !== "string") {
                this.fail(mapKeyPath(path, k), `expected a string or null, got ${quoteValue(v)}`);
            }
            define(out, k, v);
        }
        return out;
    }

    object(shape: ObjectShape, value: unknown, path: string): Record<string, unknown> {
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            this.fail(path, `expected an object, got ${quoteValue(value)}`);
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const childPath = keyPath(path, k);
            if (isSecretOutputName(k) && shape === CONNECTION) {
                this.fail(
                    childPath,
                    `${k} is a secret output and cannot be expected: a comparison would put it in reports and messages; a baseline of alicloud-vpn snapshot detects a rotated key by its fingerprint`,
                );
            }
            if (!hasOwn(shape.fields, k)) {
                const secretHint = /^(psk|authKey|bgpAuthKey)$/i.test(k)
                    ? "; keys are secret outputs and cannot be expected"
                    : "";
                this.fail(childPath, `not an output of a VPN connection${suggest(k, shape)}${secretHint}`);
            }
            if (v === undefined) continue;
            define(out, k, this.value(shape.fields[k]!, v, childPath));
        }
        return out;
    }

    list(shape: ListShape, value: unknown, path: string): unknown[] {
        if (!Array.isArray(value)) this.fail(path, `expected a list, got ${quoteValue(value)}`);
        return value.map((v: unknown, i) => {
            if (v === null || v === undefined) this.fail(`${path}[${i}]`, "expected an object, got nothing");
            return this.object(shape.element, v, `${path}[${i}]`);
        });
    }
}

/**
 * Checks an expectation before anything is read, and returns it normalized: numbers given as strings
 * become numbers, `"true"`/`"false"` become booleans, keys whose value is `undefined` are dropped.
 *
 * @param expect - the expectation given.
 * @param argumentName - its name for messages, e.g. `expect` or `expect.json: vco-…`.
 * @returns the normalized expectation.
 * @throws VpcInvalidInputError naming the full path (e.g. `expect.ikeConfig.ikeEncAlgo`) when a key is
 *   not a non-secret output of a VPN connection, names a secret output, or holds a value of the wrong type.
 */
export function validateExpectation(expect: unknown, argumentName = "expect"): VpnConnectionExpectation {
    return new Validator(argumentName).object(CONNECTION, expect, "") as VpnConnectionExpectation;
}
