import { inspect } from "node:util";
import { isWireSecret, UNKNOWN_VALUE } from "./wire";

/** What the engine would do with a resource in this preview. */
export type PreviewOp = "create" | "read" | "same";

/**
 * A secret value in a {@link PreviewResult}. The plaintext is reachable through `value` on purpose
 * (tests assert on it), but every way of printing the marker (`String()`, `JSON.stringify`,
 * `console.log`) shows `[secret]`, so a result can be logged without leaking it.
 */
export class SecretValue {
    constructor(readonly value: unknown) {}

    /** Always `"[secret]"`. */
    toString(): string {
        return "[secret]";
    }

    /** Always `"[secret]"`. */
    toJSON(): string {
        return "[secret]";
    }

    [inspect.custom](): string {
        return "[secret]";
    }
}

/** A value that is only known after the update runs (the engine's "computed"). */
export class UnknownValue {
    /** Shown as `output<string>`, as `pulumi preview` shows computed values. */
    toString(): string {
        return "output<string>";
    }

    /** Always `"output<string>"`. */
    toJSON(): string {
        return "output<string>";
    }

    [inspect.custom](): string {
        return "output<string>";
    }
}

/** The single {@link UnknownValue}. */
export const UNKNOWN = new UnknownValue();

/** One resource of the preview, in the order the program registered or read it. */
export interface PreviewResource {
    /** The URN the engine would give it. */
    urn: string;
    /** Type token, e.g. `pulumi-nodejs:dynamic:Resource`. */
    type: string;
    /** Logical name. */
    name: string;
    /** What the engine would do. */
    op: PreviewOp;
    /** URN of the parent (the stack for top-level resources); absent for the stack. */
    parent?: string;
    /** True for custom resources, false for components and the stack. */
    custom: boolean;
    /** The id: for a read, the id the provider returned (or the requested one); absent for creates. */
    id?: string;
    /** The inputs the program gave (without `__provider`). Secrets as {@link SecretValue}. */
    inputs?: Record<string, unknown>;
    /**
     * The outputs (without `__provider`): for a read, what the provider returned; for a create,
     * the inputs, unknowns as {@link UNKNOWN}; for a component or the stack, its registered outputs.
     * Secrets as {@link SecretValue}.
     */
    outputs: Record<string, unknown>;
    /** Top-level output names whose values are secret. */
    secretOutputs: string[];
    /** Set when the operation on this resource failed (the provider's message). */
    error?: string;
}

/** The outcome of {@link runPreview}. */
export interface PreviewResult {
    /** Project name. */
    project: string;
    /** Stack name. */
    stack: string;
    /** Every resource, the stack first, then in registration order. */
    resources: PreviewResource[];
    /** The stack outputs; secrets as {@link SecretValue}, unknowns as {@link UNKNOWN}. */
    outputs: Record<string, unknown>;
    /** Failures, in the order seen; empty on success. */
    errors: string[];
}

/** Marker the SDK adds to exported resources during a preview (for the engine's display). */
const RESOURCE_MARKER = "@isPulumiResource";

/**
 * Turns a wire value (from a `Struct`) into a result value: secrets become {@link SecretValue},
 * the unknown sentinel becomes {@link UNKNOWN}.
 */
export function fromWire(value: unknown): unknown {
    if (value === UNKNOWN_VALUE) {
        return UNKNOWN;
    }
    if (isWireSecret(value)) {
        return new SecretValue(fromWire(value.value));
    }
    if (Array.isArray(value)) {
        return value.map(fromWire);
    }
    if (typeof value === "object" && value !== null) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            if (k !== RESOURCE_MARKER) {
                out[k] = fromWire(v);
            }
        }
        return out;
    }
    return value;
}

/** Converts a wire property map, returning it with the names of its top-level secrets. */
export function fromWireMap(props: Record<string, unknown>): {
    values: Record<string, unknown>;
    secrets: string[];
} {
    const values: Record<string, unknown> = {};
    const secrets: string[] = [];
    for (const [k, v] of Object.entries(props)) {
        values[k] = fromWire(v);
        if (isWireSecret(v)) {
            secrets.push(k);
        }
    }
    return { values, secrets: secrets.sort() };
}
