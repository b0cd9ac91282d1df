/**
 * What every `alicloud-vpn` command shares: the common flags, the VPC client they configure (the same
 * credential, region, endpoint and retry behaviour as the provider), paging through every connection,
 * reading many connections at once, progress and colour on a terminal.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { VpnConnectionRecord } from "../sdk/types";
import { VpcClient } from "../provider/client";
import { resolveRegion } from "../provider/region";
import { normalizeEndpoint } from "../provider/endpoint";
import { VpcInvalidInputError } from "../provider/errors";
import { listAllVpnConnections } from "../provider/list";
import { quoteValue } from "../provider/redact";
import { VALIDATORS } from "../provider/validate";

/** Output formats of every command. */
export const OUTPUT_FORMATS = ["text", "json", "markdown"] as const;

/** Output formats of the commands that report findings (`drift`, `audit`): the common ones and SARIF 2.1.0. */
export const FINDING_OUTPUT_FORMATS = [...OUTPUT_FORMATS, "sarif"] as const;

/** One of {@link FINDING_OUTPUT_FORMATS}; commands other than `drift` and `audit` accept {@link OUTPUT_FORMATS} only. */
export type OutputFormat = (typeof FINDING_OUTPUT_FORMATS)[number];

/** The flags every command takes. */
export interface CommonOptions {
    /** `--region`: else `ALIBABA_CLOUD_REGION_ID`, `ALIBABA_CLOUD_REGION`, `ALICLOUD_REGION`. */
    region?: string;
    /** `--endpoint`: else `ALIBABA_CLOUD_ENDPOINT_VPC`, then the region's public endpoint. */
    endpoint?: string;
    /** `--profile`: a profile of `~/.aliyun/config.json` or `~/.alibabacloud/credentials`. */
    profile?: string;
    /** `--output`. @default "text" */
    output: OutputFormat;
}

/** The filters of `list` and of `snapshot --all`/`drift --all`. */
export interface ListFilters {
    /** Only connections of this VPN gateway (filtered by the API). */
    vpnGatewayId?: string;
    /** Only connections to this customer gateway (filtered by the API). */
    customerGatewayId?: string;
    /** Only connections whose name matches this regular expression (filtered here; the API has no such filter). */
    nameRegex?: string;
}

/**
 * Connections read at once when a command reads many by id. Each read is one call; four keep a command
 * well under the API's quota of 600 calls a minute per region even at loopback latency, and the retry
 * policy absorbs throttling caused by other users of the account.
 */
export const READ_CONCURRENCY = 4;

/** From how many connections a command shows progress on a terminal: below it, it ends before anyone looks. */
export const PROGRESS_THRESHOLD = 20;

/** Where a command runs: its streams and environment, so tests can drive it in-process. */
export interface Terminal {
    /** Standard output: results. */
    stdout: NodeJS.WritableStream & { isTTY?: boolean };
    /** Standard error: progress and errors. */
    stderr: NodeJS.WritableStream & { isTTY?: boolean };
    /** The environment. */
    env: NodeJS.ProcessEnv;
}

/**
 * Whether to colour text for a stream: only on a terminal, and never when `NO_COLOR` is set to anything
 * non-empty (no-color.org) or `TERM` is `dumb`.
 *
 * @param stream - where the text goes.
 * @param env - the environment.
 * @returns true to colour.
 */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
    if (stream.isTTY !== true) return false;
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
    return env.TERM !== "dumb";
}

/** ANSI styles, or none. */
export interface Styles {
    /** A failure: drift, deleted. */
    bad(text: string): string;
    /** Success: in sync. */
    good(text: string): string;
    /** Attention: a new connection. */
    warn(text: string): string;
    /** Less important text. */
    dim(text: string): string;
    /** Headings, ids. */
    bold(text: string): string;
}

function sgr(open: number, close: number): (text: string) => string {
    return (text) => `\x1b[${open}m${text}\x1b[${close}m`;
}

/**
 * The styles to use.
 *
 * @param colour - from {@link useColour}.
 * @returns ANSI styles, or identity functions.
 */
export function styles(colour: boolean): Styles {
    if (!colour) {
        const plain = (text: string): string => text;
        return { bad: plain, good: plain, warn: plain, dim: plain, bold: plain };
    }
    return { bad: sgr(31, 39), good: sgr(32, 39), warn: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

/** Progress of a long read, on stderr. */
export interface Progress {
    /** One more item done. */
    tick(): void;
    /** Clears the line. */
    done(): void;
}

/**
 * A progress counter on stderr, shown only when stderr is a terminal and the work spans at least
 * {@link PROGRESS_THRESHOLD} connections, so pipelines and redirected output never see it.
 *
 * @param terminal - the streams.
 * @param label - what is being done, e.g. `reading connections`.
 * @param total - how many items.
 * @returns the counter.
 */
export function progress(terminal: Terminal, label: string, total: number): Progress {
    if (terminal.stderr.isTTY !== true || total < PROGRESS_THRESHOLD) return { tick() {}, done() {} };
    let count = 0;
    const draw = (): void => void terminal.stderr.write(`\r${label}: ${count}/${total}`);
    draw();
    return {
        tick() {
            count += 1;
            draw();
        },
        done() {
            terminal.stderr.write("\r\x1b[2K");
        },
    };
}

/** A command's resolved setting: the client and the region its reads default to. */
export interface CommandContext {
    /** The client, configured from the common flags and the environment. */
    client: VpcClient;
    /** The common flags. */
    options: CommonOptions;
    /** The streams and environment. */
    terminal: Terminal;
}

/**
 * Checks the common flags and builds the client: `--region` first, then the region variables;
 * `--endpoint` first, then `ALIBABA_CLOUD_ENDPOINT_VPC`, then the region's endpoint; `--profile` as the
 * provider's `alicloud:profile`, with the rest of the credential chain as the provider has it.
 *
 * @param options - the common flags.
 * @param terminal - the streams and environment.
 * @returns the context.
 * @throws VpcInvalidInputError naming the flag when one is malformed.
 */
export function commandContext(options: CommonOptions, terminal: Terminal): CommandContext {
    const endpoint =
        options.endpoint === undefined ? undefined : normalizeEndpoint(options.endpoint, "--endpoint");
    if (options.profile !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(options.profile)) {
        throw new VpcInvalidInputError(
            "--profile",
            `expected a profile name of letters, digits, '.', '_' or '-', got ${quoteValue(options.profile)}`,
        );
    }
    const client = new VpcClient({
        regionId: options.region,
        regionSource: "--region",
        endpoint,
        credentials: options.profile === undefined ? {} : { profile: options.profile },
        env: terminal.env,
    });
    return { client, options, terminal };
}

/**
 * The region of a command: `--region`, else the region variables.
 *
 * @param ctx - the context.
 * @returns the region id.
 * @throws VpcInvalidInputError listing every source when none is set.
 */
export function commandRegion(ctx: CommandContext): string {
    return resolveRegion([{ value: ctx.options.region, source: "--region" }], ctx.terminal.env).regionId;
}

/**
 * Checks list filters before any call.
 *
 * @param filters - the flags given.
 * @returns the filters, with the regular expression compiled.
 * @throws VpcInvalidInputError naming the flag.
 */
export function checkFilters(filters: ListFilters): { filters: ListFilters; nameRegex?: RegExp } {
    const out: ListFilters = {};
    if (filters.vpnGatewayId !== undefined) {
        out.vpnGatewayId = VALIDATORS.vpnGatewayId(filters.vpnGatewayId, "--vpn-gateway-id");
    }
    if (filters.customerGatewayId !== undefined) {
        out.customerGatewayId = VALIDATORS.customerGatewayId(
            filters.customerGatewayId,
            "--customer-gateway-id",
        );
    }
    let nameRegex: RegExp | undefined;
    if (filters.nameRegex !== undefined) {
        try {
            nameRegex = new RegExp(filters.nameRegex);
        } catch (e) {
            throw new VpcInvalidInputError(
                "--name-regex",
                `not a regular expression: ${(e as Error).message}`,
            );
        }
        out.nameRegex = filters.nameRegex;
    }
    return { filters: out, nameRegex };
}

/**
 * Reads every connection of a region matching the filters, at the largest page size (50), so the fewest
 * calls are made (see {@link listAllVpnConnections}).
 *
 * @param client - the client.
 * @param regionId - the region.
 * @param filters - the filters; `nameRegex` is applied here.
 * @returns the connections in the API's order. The plural API leaves out a few fields (`zoneNo`,
 *   `vpnBgpConfig.enableBgp`): read a connection by id for every field.
 */
export async function listAllConnections(
    client: VpcClient,
    regionId: string,
    filters: ListFilters = {},
): Promise<VpnConnectionRecord[]> {
    const { filters: checked, nameRegex } = checkFilters(filters);
    const all = await listAllVpnConnections(client, {
        regionId,
        vpnGatewayId: checked.vpnGatewayId,
        customerGatewayId: checked.customerGatewayId,
    });
    return nameRegex === undefined ? all : all.filter((r) => nameRegex.test(r.connection.name ?? ""));
}

/**
 * Runs `work` over `items`, at most `limit` at a time, keeping the order of the results.
 *
 * @param items - the inputs.
 * @param limit - how many run at once.
 * @param work - what to do with one.
 * @param onDone - called after each item.
 * @returns the results, in the order of `items`.
 */
export async function mapLimit<T, R>(
    items: readonly T[],
    limit: number,
    work: (item: T) => Promise<R>,
    onDone: () => void = () => {},
): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            const i = next++;
            results[i] = await work(items[i]!);
            onDone();
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

/**
 * The version of this package, from its `package.json` (found from the running file upwards, so it
 * works from the sources and from `dist/`).
 *
 * @returns the version, or `unknown`.
 */
export function packageVersion(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        try {
            const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
                name?: string;
                version?: string;
            };
            if (pkg.name === "pulumi-alicloud-vpn" && typeof pkg.version === "string") return pkg.version;
        } catch {
            // not here: look further up
        }
        if (path.dirname(dir) === dir) return "unknown";
    }
}

/**
 * Writes text and resolves once the stream took it.
 *
 * @param stream - where.
 * @param text - what.
 */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
    return new Promise((resolve, reject) => stream.write(text, (e) => (e ? reject(e) : resolve())));
}

/**
 * Reads connections by id, {@link READ_CONCURRENCY} at a time, with progress on a terminal.
 *
 * @param ctx - the context.
 * @param targets - ids and regions.
 * @param read - how to read one; `undefined` stands for a connection that is gone.
 * @returns the records, in the order of `targets`.
 */
export async function readConnections(
    ctx: CommandContext,
    targets: ReadonlyArray<{ vpnConnectionId: string; regionId: string }>,
    read: (t: { vpnConnectionId: string; regionId: string }) => Promise<VpnConnectionRecord | undefined> = (
        t,
    ) => ctx.client.describeVpnConnection(t.vpnConnectionId, { regionId: t.regionId }),
): Promise<Array<VpnConnectionRecord | undefined>> {
    const bar = progress(ctx.terminal, "reading connections", targets.length);
    try {
        return await mapLimit(targets, READ_CONCURRENCY, read, () => bar.tick());
    } finally {
        bar.done();
    }
}
