import {
    SecretValue,
    UnknownValue,
    type PreviewOp,
    type PreviewResource,
    type PreviewResult,
} from "./result";

/** The symbol `pulumi preview` prints before a resource for each operation. */
const OP_SYMBOL: Record<PreviewOp, string> = { create: "+", read: ">", same: " " };

/** The plan column text, and what `pulumi preview` shows when the step failed. */
const OP_TEXT: Record<PreviewOp, { plan: string; failed: string }> = {
    create: { plan: "create", failed: "**creating failed**" },
    read: { plan: "read", failed: "**reading failed**" },
    same: { plan: "", failed: "**failed**" },
};

const INDENT = "    ";

/**
 * Renders one value the way `pulumi preview --diff` does: strings quoted, objects as `{ key: value }`
 * blocks with aligned, sorted keys, arrays as `[i]: value` blocks; secrets as `[secret]` (never the
 * plaintext), unknowns as `output<string>`.
 */
export function formatValue(value: unknown, indent: string): string {
    if (value instanceof SecretValue) {
        return "[secret]";
    }
    if (value instanceof UnknownValue) {
        return "output<string>";
    }
    if (typeof value === "string") {
        return JSON.stringify(value);
    }
    if (value === null || value === undefined || typeof value !== "object") {
        return String(value);
    }
    if (Array.isArray(value)) {
        if (value.length === 0) {
            return "[]";
        }
        const inner = indent + INDENT;
        const lines = value.map((v, i) => `${inner}[${i}]: ${formatValue(v, inner)}`);
        return `[\n${lines.join("\n")}\n${indent}]`;
    }
    const body = formatProperties(value as Record<string, unknown>, indent + INDENT);
    return body === "" ? "{}" : `{\n${body}\n${indent}}`;
}

/** Renders `key: value` lines, keys sorted and padded to the longest, each line starting with `indent`. */
export function formatProperties(props: Record<string, unknown>, indent: string): string {
    const keys = Object.keys(props).sort();
    const width = Math.max(0, ...keys.map((k) => k.length));
    return keys.map((k) => `${indent}${k.padEnd(width)}: ${formatValue(props[k], indent)}`).join("\n");
}

function childrenByParent(resources: readonly PreviewResource[]): Map<string | undefined, PreviewResource[]> {
    const urns = new Set(resources.map((r) => r.urn));
    const byParent = new Map<string | undefined, PreviewResource[]>();
    for (const r of resources) {
        // A parent that is not in the preview (should not happen) shows its child at the top.
        const parent = r.parent !== undefined && urns.has(r.parent) ? r.parent : undefined;
        const list = byParent.get(parent) ?? [];
        list.push(r);
        byParent.set(parent, list);
    }
    for (const list of byParent.values()) {
        list.sort((a, b) =>
            a.name === b.name ? a.type.localeCompare(b.type) : a.name.localeCompare(b.name),
        );
    }
    return byParent;
}

/** The resources depth-first, each with its tree prefix (`├─ `, `└─ `), siblings sorted by name. */
function treeRows(
    resources: readonly PreviewResource[],
): Array<{ resource: PreviewResource; prefix: string }> {
    const byParent = childrenByParent(resources);
    const rows: Array<{ resource: PreviewResource; prefix: string }> = [];
    const visit = (parent: string | undefined, lead: string, depth: number): void => {
        const children = byParent.get(parent) ?? [];
        children.forEach((child, i) => {
            const last = i === children.length - 1;
            const prefix = depth === 0 ? "" : `${lead}${last ? "└─ " : "├─ "}`;
            rows.push({ resource: child, prefix });
            const nextLead = depth === 0 ? "" : `${lead}${last ? "   " : "│  "}`;
            visit(child.urn, nextLead, depth + 1);
        });
    };
    visit(undefined, "", 0);
    return rows;
}

function planText(r: PreviewResource): string {
    return r.error !== undefined ? OP_TEXT[r.op].failed : OP_TEXT[r.op].plan;
}

/**
 * Renders a preview as `pulumi preview --diff` would print it (without colors):
 *
 * ```text
 * Previewing update (dev):
 *
 *      Type                                 Name            Plan
 *  +   pulumi:pulumi:Stack                  proj-dev        create
 *  >   ├─ pulumi-nodejs:dynamic:Resource    conn            read
 *  ...
 * Diagnostics:          (only when the preview failed)
 * Details:              (read resources' outputs, created resources' inputs)
 * Outputs:              (the stack outputs)
 * Resources:            (counts per operation)
 * ```
 *
 * Deterministic: siblings sorted by name, properties by key. Secrets print as `[secret]` and never
 * as their value; unknowns as `output<string>`; `__provider` never appears.
 */
export function formatPreview(result: PreviewResult): string {
    const out: string[] = [`Previewing update (${result.stack}):`, ""];

    const rows = treeRows(result.resources);
    const typeWidth = Math.max(4, ...rows.map((r) => r.prefix.length + r.resource.type.length));
    const nameWidth = Math.max(4, ...rows.map((r) => r.resource.name.length));
    out.push(`     ${"Type".padEnd(typeWidth)}    ${"Name".padEnd(nameWidth)}    Plan`.trimEnd());
    for (const { resource, prefix } of rows) {
        const type = `${prefix}${resource.type}`.padEnd(typeWidth);
        const line = ` ${OP_SYMBOL[resource.op]}   ${type}    ${resource.name.padEnd(nameWidth)}    ${planText(resource)}`;
        out.push(line.trimEnd());
    }

    if (result.errors.length > 0) {
        out.push("", "Diagnostics:");
        for (const message of result.errors) {
            const [first = "", ...rest] = message.split("\n");
            out.push(`${INDENT}error: ${first}`, ...rest.map((l) => `${INDENT}${INDENT}${l}`));
        }
    }

    const detailed = rows
        .map((r) => r.resource)
        .filter((r) => r.op === "read" || (r.op === "create" && r.custom));
    if (detailed.length > 0) {
        out.push("", "Details:");
        for (const r of detailed) {
            out.push(`${INDENT}${OP_SYMBOL[r.op]} ${r.type}: (${planText(r)})`);
            if (r.id !== undefined) {
                out.push(`${INDENT}${INDENT}[id=${r.id}]`);
            }
            out.push(`${INDENT}${INDENT}[urn=${r.urn}]`);
            const props = r.op === "read" ? r.outputs : (r.inputs ?? {});
            const body = formatProperties(props, INDENT + INDENT);
            if (body !== "") {
                out.push(body);
            }
        }
    }

    const outputs = formatProperties(result.outputs, INDENT);
    if (outputs !== "") {
        out.push("", "Outputs:", outputs);
    }

    out.push("", "Resources:");
    const counts = { create: 0, read: 0, same: 0 };
    for (const r of result.resources) {
        counts[r.op] += 1;
    }
    if (counts.create > 0) {
        out.push(`${INDENT}+ ${counts.create} to create`);
    }
    if (counts.read > 0) {
        out.push(`${INDENT}> ${counts.read} to read`);
    }
    if (counts.same > 0) {
        out.push(`${INDENT}${counts.same} unchanged`);
    }
    if (result.errors.length > 0) {
        out.push(
            "",
            `error: preview failed (${result.errors.length} error${result.errors.length === 1 ? "" : "s"})`,
        );
    }
    return `${out.join("\n")}\n`;
}
