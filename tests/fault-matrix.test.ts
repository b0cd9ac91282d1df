/**
 * The fault matrix: every fault a real endpoint, proxy or network produces, crossed with every entry
 * point of the package: the get functions and getVpnConnections (in a program's process of their own),
 * the resource through the real provider host, and `alicloud-vpn describe` and `drift`. Raw loopback
 * servers (HTTP, and HTTPS with certificates made by openssl), no stubbed HTTP. Deadline and throttling
 * window are configured small (3 s) so the whole matrix runs in a minute or two; each cell asserts the
 * error class (where the entry point keeps it), code, HTTP status, RequestId, attempts and that the
 * operation ended within its documented bound. The measured table is printed when
 * FAULT_MATRIX_TABLE=1.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ProviderHost } from "../engine/provider-host";
import {
    FAULTS,
    type FaultServer,
    makeCertificates,
    requestIdOf,
    startFaultServer,
    startTlsServer,
} from "./support/fault-server";
import { ROOT, runNode } from "./support/process";

jest.setTimeout(300_000);

const DEADLINE_S = 3;
/** Room for a process to start and a loaded 2-core machine, on top of the documented bound. */
const SLACK_MS = 2500;
const ID = "vco-bp1fault00001";
const KEY_ID = "LTAI5tFaultMatrixKey";
const SECRET = "FaultMatrixSecretValue";
const CLI = path.join(ROOT, "dist", "cli", "main.js");
const RUNNER = path.join(ROOT, "tests", "fixtures", "entry-runner", "run.js");

type Entry = "get" | "getVpnConnections" | "host" | "describe" | "drift";
const ENTRIES: Entry[] = ["get", "getVpnConnections", "host", "describe", "drift"];
const LISTS: Entry[] = ["getVpnConnections", "drift"];
const ALL_FAULTS = [...FAULTS, "refused", "tlsselfsigned", "tlswronghost"] as const;
type Fault = (typeof ALL_FAULTS)[number];

/** What a cell must show. */
interface Expected {
    cls: string;
    code: string;
    status?: number;
    rid: boolean;
    /** Exactly one attempt, or more than one (retried). */
    attempts: "1" | ">1";
    /** A fragment of the message, or a pattern it matches. */
    says?: string | RegExp;
}

const E = (
    cls: string,
    code: string,
    status: number | undefined,
    rid: boolean,
    attempts: "1" | ">1",
    says?: string | RegExp,
): Expected => ({
    cls,
    code,
    status,
    rid,
    attempts,
    says,
});

const EXPECTED: Record<Fault, Expected> = {
    json5xxcode: E("VpcServiceError", "ServiceUnavailable", 503, true, ">1"),
    json5xxnocode: E("VpcInvalidResponseError", "InvalidResponse", 500, true, ">1"),
    html5xx: E("VpcInvalidResponseError", "InvalidResponse", 502, true, ">1", "an HTML page"),
    empty5xx: E("VpcInvalidResponseError", "InvalidResponse", 503, true, ">1", "an empty body"),
    truncated5xx: E("VpcInvalidResponseError", "InvalidResponse", 502, true, ">1", "cut short"),
    empty200: E("VpcInvalidResponseError", "InvalidResponse", 200, true, "1", "an empty body"),
    truncated200: E("VpcNetworkError", "NetworkError", undefined, true, ">1", "cut short"),
    wrongshape200: E("VpcInvalidResponseError", "InvalidResponse", 200, true, "1"),
    deepnesting: E("VpcInvalidResponseError", "InvalidResponse", 200, true, "1", "nested deeper"),
    hugebody: E("VpcResponseTooLargeError", "ResponseTooLarge", 200, true, "1", "larger than 8388608 bytes"),
    // Too large is not retried whatever the status: the same request would get the same body.
    huge5xx: E("VpcResponseTooLargeError", "ResponseTooLarge", 503, true, "1", "larger than 8388608 bytes"),
    gzipbomb: E("VpcResponseTooLargeError", "ResponseTooLarge", 200, true, "1", "after decompression"),
    hangheaders: E("VpcTimeoutError", "Timeout", undefined, false, "1", "deadline"),
    hangbody: E("VpcTimeoutError", "Timeout", undefined, true, "1", "deadline"),
    slowdrip: E("VpcTimeoutError", "Timeout", undefined, true, "1", "deadline"),
    reset: E("VpcNetworkError", "NetworkError", undefined, false, ">1", "ECONNRESET"),
    // The throttling window and the deadline are equal here: either may end it first.
    throttled: E(
        "VpcThrottledError",
        "Throttling.User",
        400,
        true,
        ">1",
        /still throttled|deadline of 3\.0 s left no time/,
    ),
    retryafterthrottle: E("VpcThrottledError", "Throttling.User", 400, true, "1", "still throttled"),
    retryafterunavailable: E("VpcServiceError", "ServiceUnavailable", 503, true, "1", "deadline"),
    authkey: E("VpcAuthError", "InvalidAccessKeyId.NotFound", 404, true, "1"),
    expiredtime: E("VpcAuthError", "InvalidTimeStamp.Expired", 400, true, "1"),
    noncereuse: E("VpcServiceError", "SignatureNonceUsed", 400, true, ">1"),
    redirect: E("VpcInvalidResponseError", "InvalidResponse", 302, true, "1"),
    pagingloop: E(
        "VpcInvalidResponseError",
        "InconsistentPaging",
        undefined,
        true,
        "1",
        "brings no connection",
    ),
    pagingtotal: E(
        "VpcInvalidResponseError",
        "InconsistentPaging",
        undefined,
        true,
        "1",
        "more than the maximum of 200 pages",
    ),
    refused: E("VpcNetworkError", "NetworkError", undefined, false, "1", "ECONNREFUSED"),
    tlsselfsigned: E("VpcNetworkError", "NetworkError", undefined, false, "1", "self-signed"),
    tlswronghost: E("VpcNetworkError", "NetworkError", undefined, false, "1", "does not name its host"),
};

/** What one cell showed. */
interface Outcome {
    ok: boolean;
    ms: number;
    cls?: string;
    code?: string;
    httpStatus?: number;
    requestId?: string;
    attempts?: number;
    message: string;
}

let plain: FaultServer;
let selfSigned: FaultServer;
let wrongHost: FaultServer;
let caFile: string;
let refusedEndpoint: string;
let work: string;
const results = new Map<string, Outcome>();

function endpointOf(fault: Fault): string {
    if (fault === "refused") return refusedEndpoint;
    if (fault === "tlsselfsigned") return selfSigned.endpoint;
    if (fault === "tlswronghost") return wrongHost.endpoint.replace("127.0.0.1", "localhost");
    return plain.endpoint;
}

const regionOf = (fault: Fault): string => `cn-${fault}`;
const applies = (entry: Entry, fault: Fault): boolean => !fault.startsWith("paging") || LISTS.includes(entry);

const config = {
    "alicloud:accessKey": KEY_ID,
    "alicloud:secretKey": SECRET,
    "alicloud-vpn:deadlineSeconds": String(DEADLINE_S),
    "alicloud-vpn:throttleWindowSeconds": String(DEADLINE_S),
};

function childEnv(): NodeJS.ProcessEnv {
    return {
        PATH: process.env.PATH,
        HOME: work,
        NODE_EXTRA_CA_CERTS: caFile,
        ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
        ALIBABA_CLOUD_VPC_DEADLINE_SECONDS: String(DEADLINE_S),
        ALIBABA_CLOUD_VPC_THROTTLE_WINDOW_SECONDS: String(DEADLINE_S),
    };
}

/** Reads the facts of an error from its message, for entry points that keep only the message. */
function fromMessage(message: string, ms: number): Outcome {
    return {
        ok: false,
        ms,
        message,
        requestId: /RequestId (\S+?)[,)]/.exec(message)?.[1],
        httpStatus: Number(/HTTP (\d{3})/.exec(message)?.[1]) || undefined,
        attempts: Number(/gave up after (\d+) attempt/.exec(message)?.[1]) || 1,
    };
}

async function runGetFunctions(entry: "get" | "getVpnConnections"): Promise<void> {
    // A first call that is not measured: a cold process on a loaded machine compiles for a while.
    const cells = ["warmup", ...ALL_FAULTS.filter((f) => applies(entry, f))].map((fault) => ({
        fault,
        regionId: regionOf(fault as Fault),
        endpoint: endpointOf(fault as Fault),
        vpnConnectionId: ID,
    }));
    const run = await runNode(
        [RUNNER, JSON.stringify({ entry: entry === "get" ? "get" : "list", config, cells })],
        childEnv(),
    );
    if (run.code !== 0) throw new Error(`the runner failed: ${run.stderr}`);
    for (const line of run.stdout.trim().split("\n")) {
        const r = JSON.parse(line) as {
            fault: string;
            ok: boolean;
            ms: number;
            error?: Record<string, unknown>;
        };
        const e = r.error ?? {};
        results.set(`${entry}/${r.fault}`, {
            ok: r.ok,
            ms: r.ms,
            cls: e.name as string,
            code: e.code as string,
            httpStatus: e.httpStatus as number | undefined,
            requestId: e.requestId as string | undefined,
            attempts: e.attempts as number,
            message: String(e.message ?? ""),
        });
    }
}

async function runHost(): Promise<void> {
    const { vpnConnectionProvider } = require(path.join(ROOT, "dist/sdk/provider.js"));
    const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
    const providerText = (await serializeFunction(() => vpnConnectionProvider, { allowSecrets: true })).text;
    const host = await ProviderHost.start({ cwd: ROOT, env: childEnv() });
    try {
        await host.configure(config, { secretKeys: ["alicloud:secretKey"] });
        for (const fault of ALL_FAULTS.filter((f) => applies("host", f))) {
            const started = Date.now();
            try {
                await host.read(
                    ID,
                    `urn:pulumi:dev::matrix::pulumi-nodejs:dynamic/alicloud-vpn:VpnConnection::${fault}`,
                    {
                        __provider: providerText,
                        regionId: regionOf(fault),
                        endpoint: endpointOf(fault),
                    },
                );
                results.set(`host/${fault}`, { ok: true, ms: Date.now() - started, message: "" });
            } catch (e) {
                results.set(`host/${fault}`, fromMessage(String((e as Error).message), Date.now() - started));
            }
        }
    } finally {
        await host.stop();
    }
}

async function runCli(entry: "describe" | "drift"): Promise<void> {
    const expectFile = path.join(work, "expect.json");
    fs.writeFileSync(expectFile, JSON.stringify({ connections: { [ID]: { name: "x" } } }));
    const queue = ALL_FAULTS.filter((f) => applies(entry, f));
    // Three commands at a time: the machine has two cores.
    const worker = async (): Promise<void> => {
        for (let fault = queue.shift(); fault !== undefined; fault = queue.shift()) {
            const args =
                entry === "describe"
                    ? ["describe", ID]
                    : ["drift", "--expect", expectFile, ...(fault.startsWith("paging") ? ["--all"] : [])];
            const started = Date.now();
            const run = await runNode(
                [CLI, ...args, "--region", regionOf(fault), "--endpoint", endpointOf(fault)],
                childEnv(),
            );
            const ms = Date.now() - started;
            results.set(
                `${entry}/${fault}`,
                run.code === 2
                    ? fromMessage(run.stderr, ms)
                    : { ok: true, ms, message: `exit ${run.code}: ${run.stderr}` },
            );
        }
    };
    await Promise.all([worker(), worker(), worker()]);
}

beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "fault-matrix-"));
    const certs = makeCertificates();
    caFile = certs.caFile;
    plain = await startFaultServer();
    selfSigned = await startTlsServer(certs.selfSigned);
    wrongHost = await startTlsServer(certs.wrongHost);
    const closed = await startFaultServer();
    refusedEndpoint = closed.endpoint;
    await closed.stop();
    await Promise.all([runGetFunctions("get"), runGetFunctions("getVpnConnections"), runHost()]);
    await Promise.all([runCli("describe"), runCli("drift")]);
    if (process.env.FAULT_MATRIX_TABLE === "1") {
        const rows = ALL_FAULTS.map((f) =>
            [
                f,
                ...ENTRIES.map((e) => {
                    const o = results.get(`${e}/${f}`);
                    if (!o) return "n/a";
                    return o.ok
                        ? "ok"
                        : `${o.cls ?? ""} ${o.code ?? ""} HTTP ${o.httpStatus ?? "-"} rid ${o.requestId ? "yes" : "no"} x${o.attempts} ${o.ms}ms`;
                }),
            ].join(" | "),
        );
        process.stdout.write(`fault | ${ENTRIES.join(" | ")}\n${rows.join("\n")}\n`);
    }
});

afterAll(async () => {
    await Promise.all([plain?.stop(), selfSigned?.stop(), wrongHost?.stop()]);
});

describe.each(ENTRIES)("the fault matrix through %s", (entry) => {
    const cells = ALL_FAULTS.filter((f) => applies(entry, f));
    it.each(cells)("%s ends with the documented outcome within its bound", (fault) => {
        const want = EXPECTED[fault];
        const got = results.get(`${entry}/${fault}`);
        expect(got).toBeDefined();
        const o = got as Outcome;
        expect(o.ok).toBe(false);
        const inProcess = entry === "get" || entry === "getVpnConnections";
        if (inProcess) {
            // The error object itself: class, code, status, RequestId, attempts.
            expect(o.cls).toBe(want.cls);
            expect(o.code).toBe(want.code);
            expect(o.httpStatus).toBe(want.status);
        } else {
            // Only the message crosses the host's gRPC and the command's stderr: it carries the facts.
            expect(o.message).toContain(want.code);
            if (want.status !== undefined) expect(o.message).toContain(`HTTP ${want.status}`);
        }
        if (want.rid) expect(o.requestId).toBe(requestIdOf(fault));
        else expect(o.requestId).toBeUndefined();
        if (want.attempts === "1") expect(o.attempts).toBe(1);
        else expect(o.attempts).toBeGreaterThan(1);
        if (want.says !== undefined) expect(o.message).toMatch(want.says);
        // Ended within its documented bound: the deadline (or the throttling window, equal here).
        const bound = DEADLINE_S * 1000 + SLACK_MS + (inProcess ? 0 : 5000);
        expect(o.ms).toBeLessThanOrEqual(bound);
        // Never a credential or a signature in what the user sees.
        expect(o.message).not.toContain(SECRET);
        expect(o.message).not.toContain(KEY_ID);
        expect(o.message).not.toContain("Signature=");
    });
});
