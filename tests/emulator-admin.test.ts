/**
 * The emulator's admin interface, driven over HTTP as a pipeline in any language would drive it: its
 * token, connections added, changed and deleted, faults injected for a number of calls, the quota reset,
 * and its bounds.
 */
import * as fs from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

import { ADMIN_PATH_PREFIX, AdminApi, MAX_ADMIN_BODY_BYTES } from "../emulator/admin";
import { MAX_FAULTS } from "../emulator/faults";
import { FIXTURE_IDS, singleTunnelConnection } from "../emulator/fixtures";
import { DEFAULT_TEST_CREDENTIALS, VpcEmulator } from "../emulator/server";
import { baseParams, popClient } from "./support/emulator-client";
import { useEmulator } from "./support/emulator";
import { ROOT, runCommand } from "./support/process";
import { rejectionOf } from "./support/rejection";
import { signParams } from "../provider/signature";

const REGION = "cn-hangzhou";
const NEW_ID = "vco-bp1adminadded00000001";

interface AdminAnswer {
    status: number;
    body: Record<string, unknown> | undefined;
}

/** One admin request with `fetch`, the token in `Authorization` unless `token` is `null`. */
async function admin(
    base: string,
    token: string | null,
    method: string,
    path: string,
    body?: unknown,
): Promise<AdminAnswer> {
    const res = await fetch(`${base}${path}`, {
        method,
        headers: {
            ...(token === null ? {} : { authorization: `Bearer ${token}` }),
            ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

/** A raw signed DescribeVpnConnection call, for status and headers. */
async function describe1(emulator: VpcEmulator, id: string = FIXTURE_IDS.singleTunnel): Promise<Response> {
    const params = signParams(
        "GET",
        baseParams({ VpnConnectionId: id }),
        DEFAULT_TEST_CREDENTIALS.accessKeySecret,
    );
    return fetch(`${emulator.endpoint}/?${new URLSearchParams(params).toString()}`);
}

describe("the emulator's admin interface", () => {
    const vpc = useEmulator({ start: { quota: { limit: 50, windowMs: 60_000 } } });
    const call = (method: string, path: string, body?: unknown): Promise<AdminAnswer> =>
        admin(vpc.emulator.adminUrl ?? "", vpc.emulator.adminToken ?? "", method, path, body);
    afterEach(() => {
        vpc.emulator.clearFaults();
        vpc.emulator.resetQuota();
    });

    it("is served under /_emulator with a random token of 32 characters", () => {
        expect(vpc.emulator.adminUrl).toBe(`${vpc.emulator.endpoint}${ADMIN_PATH_PREFIX}`);
        expect(vpc.emulator.adminToken).toMatch(/^[0-9a-f]{32}$/);
    });

    it("answers health without a token, and refuses everything else without the right one", async () => {
        expect(await admin(vpc.emulator.adminUrl ?? "", null, "GET", "/health")).toEqual({
            status: 200,
            body: { status: "ok" },
        });
        for (const token of [null, "wrong-token-000000000000000000000", `${vpc.emulator.adminToken}x`]) {
            const res = await admin(
                vpc.emulator.adminUrl ?? "",
                token,
                "GET",
                `/connections/${REGION}/${FIXTURE_IDS.singleTunnel}`,
            );
            expect(res.status).toBe(401);
            expect(res.body?.error).toMatch(/admin token/);
        }
        const put = await admin(
            vpc.emulator.adminUrl ?? "",
            null,
            "PUT",
            `/connections/${REGION}/${NEW_ID}`,
            {},
        );
        expect(put.status).toBe(401);
        expect(vpc.emulator.getConnection(REGION, NEW_ID)).toBeUndefined();
    });

    it("adds, changes and deletes a connection, and the API answers accordingly", async () => {
        const client = popClient(vpc.endpoint);
        const wire = { ...singleTunnelConnection(), VpnConnectionId: undefined, Name: "added-by-admin" };
        const added = await call("PUT", `/connections/${REGION}/${NEW_ID}`, wire);
        expect(added.status).toBe(201);
        expect(added.body).toMatchObject({ VpnConnectionId: NEW_ID, Name: "added-by-admin" });
        const read = await client.request<{ Name: string }>("DescribeVpnConnection", {
            RegionId: REGION,
            VpnConnectionId: NEW_ID,
        });
        expect(read.Name).toBe("added-by-admin");

        const patched = await call("PATCH", `/connections/${REGION}/${NEW_ID}`, {
            RemoteSubnet: "192.168.9.0/24",
        });
        expect(patched.status).toBe(200);
        expect(patched.body).toMatchObject({ RemoteSubnet: "192.168.9.0/24", Name: "added-by-admin" });
        expect((await call("GET", `/connections/${REGION}/${NEW_ID}`)).body?.RemoteSubnet).toBe(
            "192.168.9.0/24",
        );
        expect((await call("PUT", `/connections/${REGION}/${NEW_ID}`, wire)).status).toBe(200);

        expect((await call("DELETE", `/connections/${REGION}/${NEW_ID}`)).status).toBe(204);
        const gone = (await rejectionOf(
            client.request("DescribeVpnConnection", { RegionId: REGION, VpnConnectionId: NEW_ID }),
        )) as { code?: string };
        expect(gone.code).toBe("InvalidVpnConnectionInstanceId.NotFound");
        expect((await call("DELETE", `/connections/${REGION}/${NEW_ID}`)).status).toBe(404);
        expect((await call("PATCH", `/connections/${REGION}/${NEW_ID}`, {})).status).toBe(404);
    });

    it("refuses bad connections, naming what is wrong", async () => {
        const region = await call("PUT", `/connections/mars-north-1/${NEW_ID}`, {});
        expect([region.status, region.body?.error]).toEqual([
            400,
            expect.stringMatching(/unknown region "mars-north-1"/),
        ]);
        const other = await call("PUT", `/connections/${REGION}/${NEW_ID}`, { VpnConnectionId: "vco-other" });
        expect([other.status, other.body?.error]).toEqual([
            400,
            expect.stringMatching(/path names "vco-bp1adminadded/),
        ]);
        const array = await call("PUT", `/connections/${REGION}/${NEW_ID}`, []);
        expect([array.status, array.body?.error]).toEqual([
            400,
            expect.stringMatching(/must be a JSON object/),
        ]);
        const notJson = await call("PUT", `/connections/${REGION}/${NEW_ID}`, "{nope");
        expect([notJson.status, notJson.body?.error]).toEqual([400, expect.stringMatching(/not JSON/)]);
        const huge = await call("PUT", `/connections/${REGION}/${NEW_ID}`, {
            Name: "x".repeat(MAX_ADMIN_BODY_BYTES),
        });
        expect(huge.status).toBe(413);
        expect((await call("POST", `/connections/${REGION}/${NEW_ID}`, {})).status).toBe(405);
        expect((await call("GET", "/nothing-here")).status).toBe(404);
        expect(vpc.emulator.getConnection(REGION, NEW_ID)).toBeUndefined();
    });

    it("throttles a number of calls, with x-acs-retry-after, then lets calls through", async () => {
        const injected = await call("POST", "/faults", {
            kind: "throttling",
            retryAfterMs: 1500,
            times: 2,
            action: "DescribeVpnConnection",
        });
        expect(injected.status).toBe(201);
        const listed = await call("GET", "/faults");
        expect(listed.body?.faults).toEqual([
            { id: injected.body?.id, remaining: 2, fault: expect.objectContaining({ kind: "throttling" }) },
        ]);
        for (let i = 0; i < 2; i++) {
            const res = await describe1(vpc.emulator);
            expect(res.status).toBe(400);
            expect(res.headers.get("x-acs-retry-after")).toBe("1500");
            expect(((await res.json()) as { Code: string }).Code).toBe("Throttling.User");
        }
        expect((await describe1(vpc.emulator)).status).toBe(200);
        expect((await call("GET", "/faults")).body?.faults).toEqual([]);
    });

    it("answers with any status and body, then removes the fault by id", async () => {
        const { body } = await call("POST", "/faults", {
            kind: "response",
            httpStatus: 503,
            body: "<h1>maintenance</h1>",
            contentType: "text/html",
        });
        const res = await describe1(vpc.emulator);
        expect([res.status, res.headers.get("content-type"), await res.text()]).toEqual([
            503,
            "text/html",
            "<h1>maintenance</h1>",
        ]);
        expect((await call("DELETE", `/faults/${String(body?.id)}`)).status).toBe(204);
        expect((await call("DELETE", `/faults/${String(body?.id)}`)).status).toBe(404);
        expect((await describe1(vpc.emulator)).status).toBe(200);
    });

    it("hangs and resets connections for the calls it matches", async () => {
        await call("POST", "/faults", { kind: "reset", times: 1 });
        await expect(describe1(vpc.emulator)).rejects.toThrow();
        await call("POST", "/faults", { kind: "hang", times: 1, vpnConnectionId: FIXTURE_IDS.dualTunnel });
        const hung = fetch(
            `${vpc.endpoint}/?${new URLSearchParams(
                signParams(
                    "GET",
                    baseParams({ VpnConnectionId: FIXTURE_IDS.dualTunnel }),
                    DEFAULT_TEST_CREDENTIALS.accessKeySecret,
                ),
            ).toString()}`,
            { signal: AbortSignal.timeout(300) },
        );
        await expect(hung).rejects.toThrow(/abort|timeout/i);
        expect((await describe1(vpc.emulator)).status).toBe(200);
    });

    it("refuses bad faults, naming the field", async () => {
        const cases: Array<[unknown, RegExp]> = [
            [{ kind: "explode" }, /fault\.kind must be one of/],
            [{ kind: "throttling", retryAfterMs: "soon" }, /fault\.retryAfterMs must be a number/],
            [{ kind: "reset", ms: 5 }, /fault\.ms is not a field of a reset fault/],
            [{ kind: "error", code: "X", times: 0 }, /fault\.times must be an integer >= 1/],
            [{ kind: "response", httpStatus: 99 }, /httpStatus must be an HTTP status/],
            [{ kind: "latency", ms: 3_600_000 }, /fault\.ms must be a number between 0 and 600000/],
            [{ kind: "response", httpStatus: 200, headers: { "bad header": "x" } }, /fault\.headers/],
        ];
        for (const [fault, message] of cases) {
            const res = await call("POST", "/faults", fault);
            expect([res.status, res.body?.error]).toEqual([400, expect.stringMatching(message)]);
        }
        expect((await call("GET", "/faults")).body?.faults).toEqual([]);
    });

    it(`holds at most ${MAX_FAULTS} faults`, async () => {
        for (let i = 0; i < MAX_FAULTS; i++) {
            vpc.emulator.injectFault({ kind: "latency", ms: 0, regionId: "cn-beijing" });
        }
        const res = await call("POST", "/faults", { kind: "reset" });
        expect([res.status, res.body?.error]).toEqual([409, expect.stringMatching(/at most 1000 faults/)]);
        expect(() => vpc.emulator.injectFault({ kind: "reset" })).toThrow(/at most 1000 faults/);
        expect((await call("DELETE", "/faults")).status).toBe(204);
        expect(vpc.emulator.listFaults()).toEqual([]);
    });

    it("resets the quota", async () => {
        const small = await VpcEmulator.start({ quota: { limit: 1, windowMs: 60_000 } });
        try {
            expect((await describe1(small)).status).toBe(200);
            expect((await describe1(small)).status).toBe(400);
            expect(
                (await admin(small.adminUrl ?? "", small.adminToken ?? "", "POST", "/quota/reset")).status,
            ).toBe(204);
            expect((await describe1(small)).status).toBe(200);
        } finally {
            await small.stop();
        }
    });
});

describe("the admin interface's options", () => {
    it("takes a token given in the options, and refuses one shorter than 8 characters", async () => {
        const emulator = await VpcEmulator.start({ adminToken: "my-pipeline-token" });
        try {
            expect(emulator.adminToken).toBe("my-pipeline-token");
            const res = await admin(
                emulator.adminUrl ?? "",
                "my-pipeline-token",
                "GET",
                `/connections/${REGION}/${FIXTURE_IDS.singleTunnel}`,
            );
            expect(res.status).toBe(200);
        } finally {
            await emulator.stop();
        }
        await expect(VpcEmulator.start({ adminToken: "short" })).rejects.toThrow(/at least 8 characters/);
    });

    it("is off with admin: false: its path is then an unknown API path", async () => {
        const emulator = await VpcEmulator.start({ admin: false });
        try {
            expect(emulator.adminUrl).toBeUndefined();
            const res = await fetch(`${emulator.endpoint}${ADMIN_PATH_PREFIX}/health`);
            expect(res.status).toBe(404);
            expect(((await res.json()) as { Code: string }).Code).toBe("InvalidAction.NotFound");
        } finally {
            await emulator.stop();
        }
    });

    it("adds no connection beyond its limit, but still replaces and deletes", async () => {
        const emulator = await VpcEmulator.start({ seed: false });
        const api = new AdminApi(emulator, "limit-test-token", { maxConnections: 2 });
        const server: Server = createServer((req, res) => {
            void api.handle(req, res, new URL(req.url ?? "/", "http://admin.invalid"));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${ADMIN_PATH_PREFIX}`;
        try {
            const put = (id: string) =>
                admin(base, "limit-test-token", "PUT", `/connections/${REGION}/${id}`, { Name: id });
            expect((await put("vco-1")).status).toBe(201);
            expect((await put("vco-2")).status).toBe(201);
            const third = await put("vco-3");
            expect([third.status, third.body?.error]).toEqual([
                409,
                expect.stringMatching(/holds 2 connections/),
            ]);
            expect((await put("vco-2")).status).toBe(200);
            expect(
                (await admin(base, "limit-test-token", "DELETE", `/connections/${REGION}/vco-1`)).status,
            ).toBe(204);
            expect((await put("vco-3")).status).toBe(201);
        } finally {
            server.close();
            await emulator.stop();
        }
    });
});

describe("the README's admin interface examples", () => {
    const vpc = useEmulator();

    it("run as written with curl against a fresh emulator, every call succeeding", async () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("### The admin interface"));
        const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
        if (block === undefined) throw new Error("README.md has no sh block under '### The admin interface'");
        // ADMIN and TOKEN come from the emulator started here; every curl call must succeed.
        const script = [
            'curl() { command curl -sS --fail-with-body --max-time 10 "$@"; echo; }',
            ...block.split("\n").filter((line) => !/^(ADMIN|TOKEN)=/.test(line)),
        ].join("\n");
        const id = "vco-bp1example00000000001";
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-readme-admin-"));
        try {
            fs.writeFileSync(
                path.join(dir, "connection.json"),
                JSON.stringify({ ...singleTunnelConnection(), VpnConnectionId: id }),
            );
            const run = await runCommand("bash", ["--noprofile", "--norc", "-e", "-c", script], {
                cwd: dir,
                env: {
                    PATH: process.env.PATH,
                    ADMIN: vpc.emulator.adminUrl,
                    TOKEN: vpc.emulator.adminToken,
                },
                timeoutMs: 60_000,
            });
            if (run.code !== 0) {
                throw new Error(
                    `the README's curl examples exited ${String(run.code)}: ${run.stderr}\n${run.stdout}`,
                );
            }
            expect(run.stdout).toContain('"RemoteSubnet":"192.168.9.0/24"');
            expect(run.stdout).toContain('"kind":"throttling"');
            expect(vpc.emulator.getConnection("cn-hangzhou", id)).toBeUndefined();
            expect(vpc.emulator.listFaults()).toEqual([]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
