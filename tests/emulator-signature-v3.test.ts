/**
 * Signature V3 (`ACS3-HMAC-SHA256`): Alibaba's published worked example, and the gateway's checks on raw
 * requests crafted byte by byte (query or form body, POST or GET), each refusal with its code.
 */
import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";

import { DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { FIXTURE_IDS } from "../emulator/fixtures";
import { formatTimestamp } from "../provider/signature";
import {
    canonicalQueryV3,
    canonicalRequestV3,
    computeSignatureV3,
    parseAuthorizationV3,
    sha256Hex,
    signRequestV3,
    stringToSignV3,
} from "../emulator/signature-v3";
import { useEmulator } from "./support/emulator";

/**
 * The fixed values of the "Request syntax and signature method V3" page (ECS RunInstances, AccessKey
 * `YourAccessKeyId` / `YourAccessKeySecret`), and the hashed canonical request and signature it gives.
 */
const PUBLISHED = {
    query: {
        ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
        RegionId: "cn-shanghai",
    },
    headers: {
        host: "ecs.cn-shanghai.aliyuncs.com",
        "x-acs-action": "RunInstances",
        "x-acs-version": "2014-05-26",
        "x-acs-date": "2023-10-26T10:22:32Z",
        "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
    },
    hashedCanonicalRequest: "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
    signature: "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
};

describe("signature V3 functions", () => {
    it("reproduce the hashed canonical request and the signature of Alibaba's published example", () => {
        const headers = { ...PUBLISHED.headers, "x-acs-content-sha256": sha256Hex("") };
        const canonical = canonicalRequestV3({
            method: "POST",
            query: Object.entries(PUBLISHED.query),
            headers,
            signedHeaders: Object.keys(headers),
            payloadHash: sha256Hex(""),
        });
        expect(stringToSignV3(canonical)).toBe(`ACS3-HMAC-SHA256\n${PUBLISHED.hashedCanonicalRequest}`);
        expect(computeSignatureV3(stringToSignV3(canonical), "YourAccessKeySecret")).toBe(
            PUBLISHED.signature,
        );
        const signed = signRequestV3({
            method: "POST",
            query: PUBLISHED.query,
            headers: PUBLISHED.headers,
            accessKeyId: "YourAccessKeyId",
            accessKeySecret: "YourAccessKeySecret",
        });
        expect(signed.authorization).toBe(
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId," +
                "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version," +
                `Signature=${PUBLISHED.signature}`,
        );
    });

    it("encode the query per RFC 3986: space %20, * %2A, ~ kept, sorted by name", () => {
        expect(
            canonicalQueryV3([
                ["b", "x y*~"],
                ["a", "1"],
                ["Tag.1.Key", "网"],
            ]),
        ).toBe("Tag.1.Key=%E7%BD%91&a=1&b=x%20y%2A~");
        expect(canonicalQueryV3([])).toBe("");
    });

    it("parse an Authorization header, and refuse one without its three fields", () => {
        expect(
            parseAuthorizationV3("ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host;X-Acs-Date,Signature=ab"),
        ).toEqual({
            algorithm: "ACS3-HMAC-SHA256",
            accessKeyId: "id",
            signedHeaders: ["host", "x-acs-date"],
            signature: "ab",
        });
        expect(parseAuthorizationV3("ACS3-HMAC-SHA256 Credential=id,Signature=ab")).toBeUndefined();
        expect(parseAuthorizationV3("ACS3-HMAC-SHA256")).toBeUndefined();
        expect(
            parseAuthorizationV3("ACS3-HMAC-SHA256 Credential=id,SignedHeaders=,Signature=ab"),
        ).toBeUndefined();
    });
});

interface Answer {
    status: number;
    body: { Code?: string; Message?: string; VpnConnectionId?: string; TotalCount?: number };
}

describe("the gateway's signature V3 checks, on raw requests", () => {
    let now = Date.now();
    const STS = { accessKeyId: "STS.RawKey", accessKeySecret: "RawStsSecret", securityToken: "CAIS.raw" };
    const vpc = useEmulator({ start: { credentials: [DEFAULT_TEST_CREDENTIALS, STS], now: () => now } });
    beforeEach(() => {
        now = Date.now();
    });

    interface Call {
        method?: "GET" | "POST";
        query?: Record<string, string>;
        form?: Record<string, string>;
        headers?: Record<string, string>;
        credential?: { accessKeyId: string; accessKeySecret: string };
        /** Changes the signed headers before sending (tampering after signing). */
        tamper?: (headers: Record<string, string>) => void;
        /** A body sent instead of the signed one. */
        sentBody?: string;
    }

    /** Signs a DescribeVpnConnection call as the SDK would, then sends exactly those bytes. */
    function send(call: Call = {}): Promise<Answer> {
        const method = call.method ?? "POST";
        const query = call.query ?? { RegionId: "cn-hangzhou", VpnConnectionId: FIXTURE_IDS.singleTunnel };
        const body =
            call.form === undefined ? "" : new URLSearchParams(call.form).toString().replace(/\+/g, "%20");
        const host = vpc.endpoint.replace(/^http:\/\//, "");
        const headers = signRequestV3({
            method,
            query,
            body,
            headers: {
                host,
                "x-acs-action": "DescribeVpnConnection",
                "x-acs-version": "2016-04-28",
                "x-acs-date": formatTimestamp(now),
                "x-acs-signature-nonce": randomUUID(),
                ...(call.form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
                ...call.headers,
            },
            ...(call.credential ?? DEFAULT_TEST_CREDENTIALS),
        });
        call.tamper?.(headers);
        const sent = call.sentBody ?? body;
        const search = new URLSearchParams(query).toString().replace(/\+/g, "%20");
        return new Promise((resolve, reject) => {
            const req = httpRequest(
                `${vpc.endpoint}/${search ? `?${search}` : ""}`,
                { method, headers: { ...headers, "content-length": String(Buffer.byteLength(sent)) } },
                (res) => {
                    let text = "";
                    res.setEncoding("utf8");
                    res.on("data", (c: string) => (text += c));
                    res.on("end", () =>
                        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer["body"] }),
                    );
                },
            );
            req.on("error", reject);
            req.end(sent);
        });
    }

    it("accepts POST with the parameters in the query, POST with a form body, and GET", async () => {
        expect((await send()).body.VpnConnectionId).toBe(FIXTURE_IDS.singleTunnel);
        const form = await send({
            query: {},
            form: { RegionId: "cn-hangzhou", VpnConnectionId: FIXTURE_IDS.dualTunnel },
        });
        expect(form.body.VpnConnectionId).toBe(FIXTURE_IDS.dualTunnel);
        expect((await send({ method: "GET" })).status).toBe(200);
    });

    it("refuses a wrong secret with SignatureDoesNotMatch, echoing the string to sign and the canonical request", async () => {
        const res = await send({ credential: { ...DEFAULT_TEST_CREDENTIALS, accessKeySecret: "wrong" } });
        expect(res.status).toBe(400);
        expect(res.body.Code).toBe("SignatureDoesNotMatch");
        expect(res.body.Message).toMatch(
            /^Specified signature does not match our calculation\. server StringToSign is \[ACS3-HMAC-SHA256\n[0-9a-f]{64}\] server CanonicalRequest is \[POST\n\/\nRegionId=cn-hangzhou&VpnConnectionId=vco-/,
        );
    });

    it("refuses a request whose signed header was changed after signing", async () => {
        const res = await send({ tamper: (h) => (h["x-acs-action"] = "DescribeVpnConnections") });
        expect(res.body.Code).toBe("SignatureDoesNotMatch");
    });

    it("refuses an unknown key with 404 InvalidAccessKeyId.NotFound", async () => {
        const res = await send({ credential: { accessKeyId: "LTAI5tNobody", accessKeySecret: "x" } });
        expect([res.status, res.body.Code]).toEqual([404, "InvalidAccessKeyId.NotFound"]);
    });

    it("refuses an x-acs-date outside the 15-minute window, and one not in the format", async () => {
        const old = await send({ headers: { "x-acs-date": formatTimestamp(now - 16 * 60_000) } });
        expect(old.body.Code).toBe("InvalidTimeStamp.Expired");
        const future = await send({ headers: { "x-acs-date": formatTimestamp(now + 16 * 60_000) } });
        expect(future.body.Code).toBe("InvalidTimeStamp.Expired");
        const bad = await send({ headers: { "x-acs-date": "2026-12-06 12:00:00" } });
        expect(bad.body.Code).toBe("InvalidTimeStamp.Format");
        expect((await send({ headers: { "x-acs-date": formatTimestamp(now - 14 * 60_000) } })).status).toBe(
            200,
        );
    });

    it("refuses a reused x-acs-signature-nonce with SignatureNonceUsed", async () => {
        const nonce = randomUUID();
        expect((await send({ headers: { "x-acs-signature-nonce": nonce } })).status).toBe(200);
        const again = await send({ headers: { "x-acs-signature-nonce": nonce } });
        expect(again.body.Code).toBe("SignatureNonceUsed");
    });

    it("refuses a body that is not the one x-acs-content-sha256 names", async () => {
        const form = { RegionId: "cn-hangzhou", VpnConnectionId: FIXTURE_IDS.singleTunnel };
        const res = await send({
            query: {},
            form,
            sentBody: new URLSearchParams({ ...form, VpnConnectionId: FIXTURE_IDS.dualTunnel }).toString(),
        });
        expect(res.status).toBe(400);
        expect(res.body.Code).toBe("SignatureDoesNotMatch");
        expect(res.body.Message).toMatch(/x-acs-content-sha256/);
    });

    it("requires the STS token of an STS key, in x-acs-security-token", async () => {
        expect(
            (await send({ credential: STS, headers: { "x-acs-security-token": STS.securityToken } })).status,
        ).toBe(200);
        expect((await send({ credential: STS })).body.Code).toBe("InvalidSecurityToken.Malformed");
        const other = await send({ credential: STS, headers: { "x-acs-security-token": "CAIS.other" } });
        expect(other.body.Code).toBe("InvalidSecurityToken.MismatchWithAccessKey");
    });

    it("refuses a malformed Authorization, another ACS3 algorithm, a missing x-acs header and an unsigned one", async () => {
        const malformed = await send({ tamper: (h) => (h.authorization = "ACS3-HMAC-SHA256 Credential=x") });
        expect(malformed.body.Code).toBe("IncompleteSignature");
        const sm3 = await send({
            tamper: (h) =>
                (h.authorization = (h.authorization ?? "").replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3")),
        });
        expect(sm3.body.Code).toBe("InvalidSignatureMethod");
        const noDate = await send({ tamper: (h) => delete h["x-acs-date"] });
        expect(noDate.body).toMatchObject({
            Code: "MissingParameter",
            Message: expect.stringContaining("x-acs-date"),
        });
        const unsigned = await send({ tamper: (h) => (h["x-acs-extra"] = "added after signing") });
        expect(unsigned.body).toMatchObject({
            Code: "IncompleteSignature",
            Message: expect.stringContaining("x-acs-extra"),
        });
    });

    it("takes the action and version from x-acs-action and x-acs-version", async () => {
        const list = await send({
            headers: { "x-acs-action": "DescribeVpnConnections" },
            query: { RegionId: "cn-hangzhou" },
        });
        expect(list.body.TotalCount).toBe(2);
        const version = await send({ headers: { "x-acs-version": "2014-05-26" } });
        expect(version.body.Code).toBe("InvalidVersion");
        const action = await send({ headers: { "x-acs-action": "DeleteVpnConnection" } });
        expect(action.body.Code).toBe("InvalidAction.NotFound");
    });
});
