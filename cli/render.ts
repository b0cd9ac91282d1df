/**
 * Readable and Markdown renderings of connections for `describe` and `list`. Only the non-secret model
 * is ever rendered; secrets are named ("present, not shown"), never shown.
 *
 * @packageDocumentation
 */
import type { VpnConnectionInfo, VpnConnectionRecord } from "../sdk/types";
import { mapKeyPath } from "../provider/drift";
import type { Styles } from "./terminal";
import { markdownCell, markdownCode } from "./report";

/** Longest value shown in a text table; JSON output has every value whole. */
const MAX_CELL = 72;

function cell(value: unknown): string {
    let text: string;
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) text = value.join(", ");
    else if (typeof value === "string") text = value;
    else text = JSON.stringify(value) ?? String(value);
    if (text.includes("\n")) text = `${text.split("\n")[0]} … (${text.split("\n").length} lines)`;
    return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/**
 * Flattens a model into `[path, value]` rows: nested blocks and tunnels become paths
 * (`ikeConfig.ikeEncAlg`, `tunnelOptions[0].role`, `tags.env`); lists of strings stay whole.
 *
 * @param value - the model (or a part).
 * @param path - the path of `value`.
 * @returns the rows, in the model's key order.
 */
export function flatten(value: unknown, path = ""): Array<[string, unknown]> {
    if (value === undefined) return [];
    if (Array.isArray(value)) {
        if (value.every((v) => typeof v !== "object" || v === null)) return [[path, value]];
        return value.flatMap((v, i) => flatten(v, `${path}[${i}]`));
    }
    if (typeof value === "object" && value !== null) {
        const isMap = path === "tags";
        return Object.keys(value).flatMap((k) =>
            flatten(
                (value as Record<string, unknown>)[k],
                isMap ? mapKeyPath(path, k) : path ? `${path}.${k}` : k,
            ),
        );
    }
    return [[path, value]];
}

function secretNames(record: VpnConnectionRecord): string[] {
    const names: string[] = [];
    if (record.secrets.psk !== undefined) names.push("psk");
    if (record.secrets.bgpAuthKey !== undefined) names.push("bgpAuthKey");
    for (const id of Object.keys(record.secrets.tunnelPsks ?? {})) names.push(mapKeyPath("tunnelPsks", id));
    return names;
}

/**
 * One connection as a two-column table of paths and values, with the secrets it has named last.
 *
 * @param record - the connection.
 * @param s - styles.
 * @returns the text.
 */
export function describeText(record: VpnConnectionRecord, s: Styles): string {
    const rows = flatten(record.connection).filter(([, v]) => !(Array.isArray(v) && v.length === 0));
    const width = Math.max(...rows.map(([p]) => p.length), 7);
    const lines = rows.map(([p, v]) => `${s.dim(p.padEnd(width))}  ${cell(v)}`);
    const secrets = secretNames(record);
    if (secrets.length > 0) {
        lines.push(`${s.dim("secrets".padEnd(width))}  ${secrets.join(", ")} (present, not shown)`);
    }
    return `${lines.join("\n")}\n`;
}

/**
 * One connection as a Markdown table.
 *
 * @param record - the connection.
 * @returns the Markdown.
 */
export function describeMarkdown(record: VpnConnectionRecord): string {
    const c = record.connection;
    const out = [
        `## ${markdownCode(c.vpnConnectionId)} ${markdownCell(c.name ?? "")}`.trimEnd(),
        "",
        "| Output | Value |",
        "| --- | --- |",
    ];
    for (const [p, v] of flatten(c)) out.push(`| ${markdownCode(p)} | ${markdownCell(cell(v))} |`);
    const secrets = secretNames(record);
    if (secrets.length > 0) {
        out.push(`| secrets | ${secrets.map(markdownCode).join(", ")} (present, not shown) |`);
    }
    return `${out.join("\n")}\n`;
}

const LIST_COLUMNS: Array<[string, (c: VpnConnectionInfo) => string]> = [
    ["ID", (c) => c.vpnConnectionId],
    ["NAME", (c) => c.name ?? ""],
    ["STATUS", (c) => c.status ?? ""],
    ["VPN GATEWAY", (c) => c.vpnGatewayId ?? ""],
    [
        "CUSTOMER GATEWAY",
        (c) =>
            c.customerGatewayId ||
            (c.tunnelOptions ?? [])
                .map((t) => t.customerGatewayId ?? "")
                .filter((x) => x !== "")
                .join(","),
    ],
    ["REMOTE SUBNETS", (c) => c.remoteSubnets.join(",")],
];

/**
 * Connections as an aligned table, one row each.
 *
 * @param connections - the connections.
 * @param s - styles.
 * @returns the text; a sentence when there are none.
 */
export function listText(connections: readonly VpnConnectionInfo[], s: Styles): string {
    if (connections.length === 0) return "No VPN connections found.\n";
    const rows = connections.map((c) => LIST_COLUMNS.map(([, get]) => get(c).replace(/\s+/g, " ")));
    const widths = LIST_COLUMNS.map(([title], i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]): string =>
        cells
            .map((v, i) => (i === cells.length - 1 ? v : v.padEnd(widths[i]!)))
            .join("  ")
            .trimEnd();
    return `${[s.bold(line(LIST_COLUMNS.map(([t]) => t))), ...rows.map(line)].join("\n")}\n`;
}

/**
 * Connections as a Markdown table.
 *
 * @param connections - the connections.
 * @returns the Markdown.
 */
export function listMarkdown(connections: readonly VpnConnectionInfo[]): string {
    const head = `| ${LIST_COLUMNS.map(([t]) => t).join(" | ")} |`;
    const rule = `| ${LIST_COLUMNS.map(() => "---").join(" | ")} |`;
    const rows = connections.map(
        (c) => `| ${LIST_COLUMNS.map(([, get]) => markdownCell(get(c))).join(" | ")} |`,
    );
    return `${[head, rule, ...rows].join("\n")}\n`;
}
