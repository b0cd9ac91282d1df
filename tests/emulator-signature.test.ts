import RPCClient = require("@alicloud/pop-core");

import {
    canonicalQuery,
    computeSignature,
    formatTimestamp,
    percentEncode,
    signParams,
    stringToSign,
} from "../provider/signature";
import { parseTimestamp } from "../emulator/gateway";
import { VpcEmulator } from "../emulator/server";

/**
 * Alibaba Cloud's published worked example of the RPC signature (ECS DescribeRegions, AccessKeyId
 * `testid`, AccessKeySecret `testsecret`), from the "Request syntax and signature method V2 for RPC
 * APIs" page of the Alibaba Cloud SDK documentation (earlier titled "Sign RPC APIs" and, in the ECS
 * API reference, "Request signatures"). The page gives this StringToSign and this Signature.
 */
const PUBLISHED_PARAMS: Record<string, string> = {
    AccessKeyId: "testid",
    Action: "DescribeRegions",
    Format: "XML",
    SignatureMethod: "HMAC-SHA1",
    SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    SignatureVersion: "1.0",
    Timestamp: "2016-02-23T12:46:24Z",
    Version: "2014-05-26",
};
const PUBLISHED_STRING_TO_SIGN =
    "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML" +
    "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" +
    "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26";
const PUBLISHED_SIGNATURE = "OLeaidS1JvxuMvnyHOwuJ+uX5qY=";

describe("RPC signature v1", () => {
    it("reproduces the StringToSign of Alibaba's published example", () => {
        expect(stringToSign("GET", PUBLISHED_PARAMS)).toBe(PUBLISHED_STRING_TO_SIGN);
    });

    it("reproduces the Signature of Alibaba's published example", () => {
        expect(computeSignature(PUBLISHED_STRING_TO_SIGN, "testsecret")).toBe(PUBLISHED_SIGNATURE);
        expect(signParams("GET", PUBLISHED_PARAMS, "testsecret").Signature).toBe(PUBLISHED_SIGNATURE);
    });

    it("percent-encodes the characters encodeURIComponent leaves alone", () => {
        expect(percentEncode("a!b'c(d)e*f")).toBe("a%21b%27c%28d%29e%2Af");
        expect(percentEncode("-_.~AZaz09")).toBe("-_.~AZaz09");
        expect(percentEncode("a b+c/d:e")).toBe("a%20b%2Bc%2Fd%3Ae");
        expect(percentEncode("网关")).toBe("%E7%BD%91%E5%85%B3");
    });

    it("sorts keys, encodes them and leaves Signature out of the canonical query", () => {
        expect(canonicalQuery({ b: "2", a: "x y", Signature: "ignored", "Tag.1.Key": "k*" })).toBe(
            "Tag.1.Key=k%2A&a=x%20y&b=2",
        );
    });

    it("signs over the HTTP method, so a GET signature does not verify a POST", () => {
        expect(signParams("GET", PUBLISHED_PARAMS, "s").Signature).not.toBe(
            signParams("POST", PUBLISHED_PARAMS, "s").Signature,
        );
        expect(stringToSign("post", PUBLISHED_PARAMS).startsWith("POST&%2F&")).toBe(true);
    });

    it("replaces a Signature already present and does not change the input", () => {
        const input = { ...PUBLISHED_PARAMS, Signature: "stale" };
        const signed = signParams("GET", input, "testsecret");
        expect(signed.Signature).toBe(PUBLISHED_SIGNATURE);
        expect(input.Signature).toBe("stale");
    });

    it("formats and parses timestamps the way pop-core sends them", () => {
        const ms = Date.UTC(2016, 1, 23, 12, 46, 24);
        expect(formatTimestamp(ms + 789)).toBe("2016-02-23T12:46:24Z");
        expect(parseTimestamp("2016-02-23T12:46:24Z")).toBe(ms);
        expect(parseTimestamp("2016-02-23T12:46:24.500Z")).toBe(ms);
        expect(parseTimestamp("2016-02-30T12:46:24Z")).toBeUndefined();
        expect(parseTimestamp("2016-02-23 12:46:24")).toBeUndefined();
        expect(parseTimestamp("1456231584")).toBeUndefined();
    });

    it("agrees with @alicloud/pop-core byte for byte: the emulator accepts its GET and POST requests", async () => {
        const emulator = await VpcEmulator.start({
            seed: false,
            credentials: [{ accessKeyId: "testid", accessKeySecret: "t!e's(t)*secret &+/=" }],
        });
        try {
            const client = new RPCClient({
                accessKeyId: "testid",
                accessKeySecret: "t!e's(t)*secret &+/=",
                endpoint: emulator.endpoint,
                apiVersion: "2016-04-28",
            });
            // Values with every character class the encoder treats specially.
            const params = { RegionId: "cn-hangzhou", VpnGatewayId: "vpn-x!'()* ~:/网关" };
            for (const method of ["GET", "POST"]) {
                const body = await client.request<{ TotalCount: number }>("DescribeVpnConnections", params, {
                    method,
                });
                expect(body.TotalCount).toBe(0);
            }
            expect(emulator.requests.map((r) => [r.method, r.status])).toEqual([
                ["GET", 200],
                ["POST", 200],
            ]);
        } finally {
            await emulator.stop();
        }
    });
});
