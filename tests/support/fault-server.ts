/**
 * A raw loopback HTTP(S) server that misbehaves as load balancers, proxies and broken endpoints do, for
 * the fault matrix. The fault is chosen by the request's `RegionId`, `cn-<fault>`, so one process can
 * run every fault through one entry point. Everything else (good answers, signatures) is the emulator's
 * job; this server never checks a signature.
 *
 * @packageDocumentation
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import type { Socket } from "node:net";
import * as zlib from "node:zlib";

/** The faults, as region suffixes. */
export const FAULTS = [
    "json5xxcode",
    "json5xxnocode",
    "html5xx",
    "empty5xx",
    "truncated5xx",
    "empty200",
    "truncated200",
    "wrongshape200",
    "deepnesting",
    "hugebody",
    "huge5xx",
    "gzipbomb",
    "hangheaders",
    "hangbody",
    "slowdrip",
    "reset",
    "throttled",
    "retryafterthrottle",
    "retryafterunavailable",
    "authkey",
    "expiredtime",
    "noncereuse",
    "redirect",
    "pagingloop",
    "pagingtotal",
] as const;

/** One fault. */
export type FaultName = (typeof FAULTS)[number];

/** The RequestId every answer of fault `f` carries, in the body or in the `x-acs-request-id` header. */
export function requestIdOf(f: string): string {
    return `RID-${f}`;
}

/** A connection answer (for paging faults and single reads under them). */
function connection(id: string, region: string): Record<string, unknown> {
    return {
        VpnConnectionId: id,
        Name: id,
        VpnGatewayId: "vpn-bp1fault",
        CustomerGatewayId: "cgw-bp1fault",
        LocalSubnet: "10.0.0.0/24",
        RemoteSubnet: "10.1.0.0/24",
        CreateTime: 1700000000000,
        EffectImmediately: false,
        Status: "ipsec_sa_established",
        State: "active",
        RegionId: region,
    };
}

function json(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: http.OutgoingHttpHeaders = {},
): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
        ...headers,
    });
    res.end(text);
}

function error(res: http.ServerResponse, f: string, status: number, code: string, headers = {}): void {
    json(
        res,
        status,
        { RequestId: requestIdOf(f), HostId: "vpc.fault", Code: code, Message: `${code} injected` },
        headers,
    );
}

const GZIP_BOMB = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20));
const HUGE = Buffer.alloc(9 * 1024 * 1024, 0x20);

/** Answers one request with the fault its RegionId names. */
function answer(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    form: URLSearchParams,
    parked: Set<Socket>,
): void {
    const region = form.get("RegionId") ?? "";
    const f = region.replace(/^[a-z]+-/, "");
    const rid = { "x-acs-request-id": requestIdOf(f) };
    const action = form.get("Action");
    const id = form.get("VpnConnectionId") ?? "vco-fault0001";
    switch (f) {
        case "json5xxcode":
            return error(res, f, 503, "ServiceUnavailable");
        case "json5xxnocode":
            return json(res, 500, { RequestId: requestIdOf(f) });
        case "html5xx":
            res.writeHead(502, { "content-type": "text/html", ...rid });
            return void res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
        case "empty5xx":
            res.writeHead(503, { "content-length": 0, ...rid });
            return void res.end();
        case "truncated5xx":
            res.writeHead(502, { "content-type": "application/json", "content-length": 500, ...rid });
            res.write('{"RequestId":"');
            return void setTimeout(() => req.socket.destroy(), 20);
        case "empty200":
            res.writeHead(200, { "content-length": 0, ...rid });
            return void res.end();
        case "truncated200":
            res.writeHead(200, { "content-type": "application/json", "content-length": 500, ...rid });
            res.write('{"RequestId":"x","VpnConnectionId":"');
            return void setTimeout(() => req.socket.destroy(), 20);
        case "wrongshape200":
            return json(res, 200, { RequestId: requestIdOf(f), VpnConnectionId: 5, Name: ["x"] });
        case "deepnesting": {
            const text = `{"RequestId":"${requestIdOf(f)}","x":${"[".repeat(20_000)}${"]".repeat(20_000)}}`;
            res.writeHead(200, { "content-type": "application/json", ...rid });
            return void res.end(text);
        }
        case "hugebody":
            res.writeHead(200, { "content-type": "application/json", ...rid });
            return void res.end(HUGE);
        case "huge5xx":
            res.writeHead(503, { "content-type": "application/json", ...rid });
            return void res.end(HUGE);
        case "gzipbomb":
            res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", ...rid });
            return void res.end(GZIP_BOMB);
        case "hangheaders":
            parked.add(req.socket);
            return;
        case "hangbody":
            parked.add(req.socket);
            res.writeHead(200, { "content-type": "application/json", "content-length": 1000, ...rid });
            return void res.write("{");
        case "slowdrip": {
            parked.add(req.socket);
            res.writeHead(200, { "content-type": "application/json", ...rid });
            const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 50);
            res.on("close", () => clearInterval(timer));
            return;
        }
        case "reset":
            return void req.socket.destroy();
        case "throttled":
            return error(res, f, 400, "Throttling.User");
        case "retryafterthrottle":
            return error(res, f, 400, "Throttling.User", { "x-acs-retry-after": "60000" });
        case "retryafterunavailable":
            return error(res, f, 503, "ServiceUnavailable", { "x-acs-retry-after": "60000" });
        case "authkey":
            return error(res, f, 404, "InvalidAccessKeyId.NotFound");
        case "expiredtime":
            return error(res, f, 400, "InvalidTimeStamp.Expired");
        case "noncereuse":
            return error(res, f, 400, "SignatureNonceUsed");
        case "redirect":
            res.writeHead(302, { location: "http://127.0.0.1:9/", "content-length": 0, ...rid });
            return void res.end();
        case "shrinking": {
            // Not a fault: a listing of 51 connections, one deleted between page 1 and page 2 (TotalCount
            // still says 51; page 2 is empty). The 50 that remain are the answer.
            const page = Number(form.get("PageNumber") ?? 1);
            const items =
                page === 1
                    ? Array.from({ length: 50 }, (_, i) =>
                          connection(`vco-fault${String(i).padStart(4, "0")}`, region),
                      )
                    : [];
            return json(res, 200, {
                RequestId: requestIdOf(f),
                TotalCount: 51,
                PageNumber: page,
                PageSize: 50,
                VpnConnections: { VpnConnection: items },
            });
        }
        case "pagingloop":
        case "pagingtotal": {
            if (action === "DescribeVpnConnection") {
                return json(res, 200, { RequestId: requestIdOf(f), ...connection(id, region) });
            }
            // pagingloop: every page repeats the same 50 connections and TotalCount says 120.
            // pagingtotal: TotalCount says a billion.
            const items = Array.from({ length: 50 }, (_, i) =>
                connection(`vco-fault${String(i).padStart(4, "0")}`, region),
            );
            return json(res, 200, {
                RequestId: requestIdOf(f),
                TotalCount: f === "pagingloop" ? 120 : 1e9,
                PageNumber: Number(form.get("PageNumber") ?? 1),
                PageSize: 50,
                VpnConnections: { VpnConnection: items },
            });
        }
        default:
            return error(res, f, 400, "InvalidRegionId");
    }
}

/** A running fault server. */
export interface FaultServer {
    /** `http://127.0.0.1:<port>` or `https://…`. */
    endpoint: string;
    /** Requests received per fault. */
    counts: Map<string, number>;
    /** Stops it, destroying hung connections. */
    stop(): Promise<void>;
}

function serve(server: http.Server, scheme: string): Promise<FaultServer> {
    const sockets = new Set<Socket>();
    const parked = new Set<Socket>();
    const counts = new Map<string, number>();
    server.on("connection", (s: Socket) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
            const f = (form.get("RegionId") ?? "").replace(/^[a-z]+-/, "");
            counts.set(f, (counts.get(f) ?? 0) + 1);
            answer(req, res, form, parked);
        });
    });
    return new Promise((resolve) => {
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as { port: number };
            resolve({
                endpoint: `${scheme}://127.0.0.1:${port}`,
                counts,
                stop: async () => {
                    for (const s of sockets) s.destroy();
                    await new Promise<void>((r) => server.close(() => r()));
                },
            });
        });
    });
}

/** Starts the plain HTTP fault server. */
export function startFaultServer(): Promise<FaultServer> {
    return serve(http.createServer(), "http");
}

/** Certificates made for the TLS faults, with `openssl`. */
export interface TestCertificates {
    /** A folder holding them. */
    dir: string;
    /** A self-signed certificate for 127.0.0.1 and its key. */
    selfSigned: { cert: string; key: string };
    /** A CA (to trust with NODE_EXTRA_CA_CERTS) and a certificate it signed for another host. */
    ca: string;
    caFile: string;
    wrongHost: { cert: string; key: string };
}

/**
 * Makes the certificates of the TLS faults. Fails, saying how to get it, when `openssl` is missing.
 *
 * @returns the certificates.
 */
export function makeCertificates(): TestCertificates {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fault-tls-"));
    const ssl = (...args: string[]): void => {
        try {
            execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
        } catch (e) {
            throw new Error(`the TLS faults need openssl on PATH (apt-get install openssl): ${String(e)}`, {
                cause: e,
            });
        }
    };
    ssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "self.key",
        "-out",
        "self.crt",
        "-days",
        "2",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
    );
    ssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "2",
        "-subj",
        "/CN=fault-test-ca",
    );
    ssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "wrong.key",
        "-out",
        "wrong.csr",
        "-subj",
        "/CN=wrong.example",
    );
    fs.writeFileSync(path.join(dir, "ext.cnf"), "subjectAltName=DNS:wrong.example\n");
    ssl(
        "x509",
        "-req",
        "-in",
        "wrong.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "wrong.crt",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    );
    const read = (f: string): string => fs.readFileSync(path.join(dir, f), "utf8");
    return {
        dir,
        selfSigned: { cert: read("self.crt"), key: read("self.key") },
        ca: read("ca.crt"),
        caFile: path.join(dir, "ca.crt"),
        wrongHost: { cert: read("wrong.crt"), key: read("wrong.key") },
    };
}

/**
 * Starts an HTTPS server with the given certificate; it answers every request like the fault server's
 * `json5xxcode` would never be reached: the TLS handshake fails first.
 *
 * @param pair - certificate and key.
 * @returns the server.
 */
export function startTlsServer(pair: { cert: string; key: string }): Promise<FaultServer> {
    return serve(https.createServer(pair) as unknown as http.Server, "https");
}
