import type {
    WireDescribeVpnConnectionResponse,
    WireDescribeVpnConnectionsResponse,
    WireVpnConnection,
} from "../provider/wire";
import {
    DEFAULT_TEST_CREDENTIALS,
    FIXTURE_IDS,
    FIXTURE_SECRETS,
    FLEET_SECRET_PREFIX,
    REQUIRED_COMMON_PARAMETERS,
    VALID_REGION_IDS,
    VpcEmulator,
    dualTunnelConnection,
    formatTimestamp,
    makeFleet,
    minimalConnection,
    singleTunnelConnection,
    stringToSign,
} from "../emulator";
import {
    REQUEST_ID_PATTERN,
    baseParams,
    popClient,
    popError,
    rawCall,
    type RawResponse,
} from "./support/emulator-client";
import { useEmulator } from "./support/emulator";
import { rejectionOf } from "./support/rejection";

const HANGZHOU = "cn-hangzhou";
const SHANGHAI = "cn-shanghai";

/** Every API answer carries a RequestId in the body and the same one in `x-acs-request-id`. */
function expectRequestId(res: RawResponse): void {
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.json?.["RequestId"]).toMatch(REQUEST_ID_PATTERN);
    expect(res.headers.get("x-acs-request-id")).toBe(res.json?.["RequestId"]);
}

function expectError(res: RawResponse, status: number, code: string): void {
    expect({ status: res.status, code: res.json?.["Code"] }).toEqual({ status, code });
    expectRequestId(res);
    expect(res.json).toEqual({
        RequestId: expect.any(String),
        HostId: expect.stringMatching(/^vpc\.([a-z0-9-]+\.)?aliyuncs\.com$/),
        Code: code,
        Message: expect.any(String),
        Recommend: expect.stringContaining(code),
    });
}

describe("VpcEmulator", () => {
    const vpc = useEmulator();

    afterEach(() => {
        vpc.emulator.clearFaults();
        vpc.emulator.resetQuota();
    });

    describe("serving the fixtures", () => {
        it("listens on a free loopback port", () => {
            expect(vpc.emulator.endpoint).toBe(`http://127.0.0.1:${vpc.emulator.port}`);
            expect(vpc.emulator.port).toBeGreaterThan(0);
        });

        it("returns the single-tunnel connection with every block, over GET with pop-core", async () => {
            const body = await popClient(vpc.endpoint).request<WireDescribeVpnConnectionResponse>(
                "DescribeVpnConnection",
                { RegionId: HANGZHOU, VpnConnectionId: FIXTURE_IDS.singleTunnel },
            );
            expect(body).toEqual({
                RequestId: expect.stringMatching(REQUEST_ID_PATTERN),
                ...singleTunnelConnection(),
            });
            // Wire types exactly as Alibaba sends them at this level.
            expect(typeof body.CreateTime).toBe("number");
            expect(body.EnableDpd).toBe(true);
            expect(body.IkeConfig?.IkeLifetime).toBe(86400);
            expect(body.IkeConfig?.Psk).toBe(FIXTURE_SECRETS.singleTunnelPsk);
            expect(body.VcoHealthCheck?.Enable).toBe("true");
            expect(body.VcoHealthCheck?.Interval).toBe(3);
            expect(body.VpnBgpConfig?.EnableBgp).toBe("true");
            expect(body.VpnBgpConfig?.LocalAsn).toBe(45104);
            expect(body.VpnBgpConfig?.AuthKey).toBe(FIXTURE_SECRETS.singleTunnelBgpAuthKey);
            expect(body.Tags?.Tag?.length).toBeGreaterThanOrEqual(2);
            expect(body.Tag).toBeUndefined();
            expect(body.TransitRouterId).toBe("");
            expect(body.LocalSubnet?.split(",")).toHaveLength(2);
        });

        it("returns the same body over POST, with nothing but the path in the URL", async () => {
            const body = await popClient(vpc.endpoint).request<WireDescribeVpnConnectionResponse>(
                "DescribeVpnConnection",
                { RegionId: HANGZHOU, VpnConnectionId: FIXTURE_IDS.singleTunnel },
                { method: "POST" },
            );
            expect(body).toEqual({ RequestId: expect.any(String), ...singleTunnelConnection() });
            const record = vpc.emulator.requests.at(-1);
            expect(record).toMatchObject({ method: "POST", rawUrl: "/", hadBody: true, status: 200 });
            expect(record?.rawUrl).not.toMatch(/Signature|AccessKeyId/);
        });

        it("records that GET puts the access key id and signature in the URL", async () => {
            await popClient(vpc.endpoint).request("DescribeVpnConnection", {
                RegionId: HANGZHOU,
                VpnConnectionId: FIXTURE_IDS.singleTunnel,
            });
            const record = vpc.emulator.requests.at(-1);
            expect(record).toMatchObject({ method: "GET", hadBody: false, action: "DescribeVpnConnection" });
            expect(record?.rawUrl).toContain(`AccessKeyId=${DEFAULT_TEST_CREDENTIALS.accessKeyId}`);
            expect(record?.rawUrl).toContain("Signature=");
        });

        it("returns the dual-tunnel connection with every tunnel scalar as a string", async () => {
            const body = await popClient(vpc.endpoint).request<WireDescribeVpnConnectionResponse>(
                "DescribeVpnConnection",
                { RegionId: HANGZHOU, VpnConnectionId: FIXTURE_IDS.dualTunnel },
            );
            expect(body).toEqual({ RequestId: expect.any(String), ...dualTunnelConnection() });
            expect(body.EnableTunnelsBgp).toBe(true);
            const tunnels = body.TunnelOptionsSpecification?.TunnelOptions ?? [];
            expect(tunnels.map((t) => t.Role)).toEqual(["master", "slave"]);
            for (const t of tunnels) {
                expect(t.EnableDpd).toBe("true");
                expect(t.TunnelIkeConfig?.IkeLifetime).toBe("86400");
                expect(t.TunnelIpsecConfig?.IpsecLifetime).toBe("86400");
                expect(typeof t.TunnelBgpConfig?.LocalAsn).toBe("string");
                expect(typeof t.TunnelBgpConfig?.PeerAsn).toBe("string");
                for (const block of [t.TunnelIkeConfig, t.TunnelIpsecConfig, t.TunnelBgpConfig]) {
                    for (const value of Object.values(block ?? {})) expect(typeof value).toBe("string");
                }
            }
            expect(tunnels.map((t) => t.TunnelIkeConfig?.Psk)).toEqual([
                FIXTURE_SECRETS.dualTunnelMasterPsk,
                FIXTURE_SECRETS.dualTunnelSlavePsk,
            ]);
        });

        it("returns the minimal cn-shanghai connection without the optional blocks", async () => {
            const body = await popClient(vpc.endpoint).request<WireDescribeVpnConnectionResponse>(
                "DescribeVpnConnection",
                { RegionId: SHANGHAI, VpnConnectionId: FIXTURE_IDS.minimal },
            );
            expect(body).toEqual({ RequestId: expect.any(String), ...minimalConnection() });
            for (const absent of [
                "VcoHealthCheck",
                "VpnBgpConfig",
                "Tags",
                "Tag",
                "TunnelOptionsSpecification",
            ]) {
                expect(body).not.toHaveProperty(absent);
            }
        });

        it("writes a 13-digit CreateTime as a plain JSON number", async () => {
            const res = await rawCall(vpc.endpoint, baseParams());
            expect(res.status).toBe(200);
            expect(res.text).toContain('"CreateTime":1697091234000');
            expectRequestId(res);
        });

        it("keeps regions apart: a cn-hangzhou id is not found in cn-shanghai", async () => {
            const res = await rawCall(vpc.endpoint, baseParams({ RegionId: SHANGHAI }));
            expectError(res, 404, "InvalidVpnConnectionInstanceId.NotFound");
        });
    });

    describe("gateway checks", () => {
        it("refuses a wrong secret with SignatureDoesNotMatch and the server's string to sign", async () => {
            const params = baseParams();
            const res = await rawCall(vpc.endpoint, params, { secret: "not-the-secret" });
            expectError(res, 400, "SignatureDoesNotMatch");
            expect(res.json?.["Message"]).toBe(
                "Specified signature is not matched with our calculation. server string to sign is:" +
                    stringToSign("GET", params),
            );
        });

        it("refuses a wrong secret through pop-core, with the HTTP status on the error", async () => {
            const client = popClient(vpc.endpoint, {
                accessKeyId: DEFAULT_TEST_CREDENTIALS.accessKeyId,
                accessKeySecret: "wrong",
            });
            const e = await popError(
                client.request("DescribeVpnConnection", {
                    RegionId: HANGZHOU,
                    VpnConnectionId: FIXTURE_IDS.minimal,
                }),
            );
            expect(e.code).toBe("SignatureDoesNotMatch");
            expect(e.name).toBe("SignatureDoesNotMatchError");
            expect(e.entry.response.statusCode).toBe(400);
            expect(e.message).toContain("server string to sign is:GET&%2F&");
        });

        it("refuses a GET signature sent with POST", async () => {
            const res = await rawCall(vpc.endpoint, baseParams(), { method: "POST", signAs: "GET" });
            expectError(res, 400, "SignatureDoesNotMatch");
            expect(res.json?.["Message"]).toContain("server string to sign is:POST&%2F&");
        });

        it("refuses an unknown access key with a 404 InvalidAccessKeyId.NotFound", async () => {
            const res = await rawCall(vpc.endpoint, baseParams({ AccessKeyId: "LTAI5tNobodyHasThisKey" }));
            expectError(res, 404, "InvalidAccessKeyId.NotFound");
            expect(res.json?.["Message"]).toBe("Specified access key is not found.");
        });

        it.each(REQUIRED_COMMON_PARAMETERS)(
            "refuses a request without %s with MissingParameter",
            async (name) => {
                const params = baseParams({ [name]: undefined });
                const res = await rawCall(vpc.endpoint, params, { unsigned: name === "Signature" });
                expectError(res, 400, "MissingParameter");
                expect(res.json?.["Message"]).toBe(
                    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
                );
            },
        );

        it("accepts a request without Format (it is optional)", async () => {
            const res = await rawCall(vpc.endpoint, baseParams({ Format: undefined }));
            expect(res.status).toBe(200);
        });

        it("refuses a signature method other than HMAC-SHA1", async () => {
            const res = await rawCall(vpc.endpoint, baseParams({ SignatureMethod: "HMAC-SHA256" }));
            expectError(res, 400, "InvalidSignatureMethod");
        });

        it.each(["2016-02-23 12:46:24", "1456231584", "2016-02-30T12:46:24Z", "yesterday"])(
            "refuses the malformed Timestamp %s with InvalidTimeStamp.Format",
            async (timestamp) => {
                const res = await rawCall(vpc.endpoint, baseParams({ Timestamp: timestamp }));
                expectError(res, 400, "InvalidTimeStamp.Format");
            },
        );

        it.each([
            ["16 minutes old", -16],
            ["16 minutes ahead", 16],
        ])("refuses a Timestamp %s with InvalidTimeStamp.Expired", async (_label, minutes) => {
            const timestamp = formatTimestamp(Date.now() + minutes * 60_000);
            const res = await rawCall(vpc.endpoint, baseParams({ Timestamp: timestamp }));
            expectError(res, 400, "InvalidTimeStamp.Expired");
            expect(res.json?.["Message"]).toBe("Specified time stamp or date value is expired.");
        });

        it("refuses a reused SignatureNonce with SignatureNonceUsed", async () => {
            const params = baseParams();
            expect((await rawCall(vpc.endpoint, params)).status).toBe(200);
            const again = await rawCall(vpc.endpoint, params);
            expectError(again, 400, "SignatureNonceUsed");
        });

        it("checks the signature before the timestamp, so a bad signature on an old request says so", async () => {
            const params = baseParams({ Timestamp: "2016-02-23T12:46:24Z", Version: "2014-05-26" });
            const res = await rawCall(vpc.endpoint, params, { secret: "wrong" });
            expectError(res, 400, "SignatureDoesNotMatch");
        });

        it("refuses another API version with InvalidVersion", async () => {
            const res = await rawCall(vpc.endpoint, baseParams({ Version: "2014-05-26" }));
            expectError(res, 400, "InvalidVersion");
            expect(res.json?.["Message"]).toBe("Specified parameter Version is not valid.");
        });

        it("refuses an unknown action with a 404 InvalidAction.NotFound", async () => {
            const res = await rawCall(vpc.endpoint, baseParams({ Action: "DeleteVpnConnection" }));
            expectError(res, 404, "InvalidAction.NotFound");
        });

        it("refuses a request without RegionId with MissingParameter", async () => {
            const res = await rawCall(vpc.endpoint, baseParams({ RegionId: undefined }));
            expectError(res, 400, "MissingParameter");
            expect(res.json?.["Message"]).toContain('"RegionId"');
        });

        it("refuses an unknown region with a 404 InvalidRegionId", async () => {
            const res = await rawCall(vpc.endpoint, baseParams({ RegionId: "cn-atlantis-1" }));
            expectError(res, 404, "InvalidRegionId");
            expect(res.json?.["Message"]).toBe("The specified region does not exist.");
        });

        it("knows the common regions", () => {
            for (const region of [
                "cn-qingdao",
                "cn-beijing",
                "cn-shenzhen",
                "ap-southeast-1",
                "eu-central-1",
            ]) {
                expect(VALID_REGION_IDS).toContain(region);
            }
        });

        it("refuses a DescribeVpnConnection without VpnConnectionId with MissingParameter", async () => {
            const res = await rawCall(vpc.endpoint, baseParams({ VpnConnectionId: undefined }));
            expectError(res, 400, "MissingParameter");
            expect(res.json?.["Message"]).toContain('"VpnConnectionId"');
        });

        it("answers an unknown connection id with a 404 InvalidVpnConnectionInstanceId.NotFound", async () => {
            const e = await popError(
                popClient(vpc.endpoint).request("DescribeVpnConnection", {
                    RegionId: HANGZHOU,
                    VpnConnectionId: "vco-bp1doesnotexist000000",
                }),
            );
            expect(e.code).toBe("InvalidVpnConnectionInstanceId.NotFound");
            expect(e.entry.response.statusCode).toBe(404);
            expect(e.data["Message"]).toBe("The specified vpn connection instance id does not exist.");
            expect(e.data["RequestId"]).toMatch(REQUEST_ID_PATTERN);
        });

        it("refuses HTTP methods other than GET and POST", async () => {
            const res = await rawCall(vpc.endpoint, baseParams(), { method: "PUT" });
            expectError(res, 400, "UnsupportedHTTPMethod");
        });

        it("refuses a body over 1 MiB with a 413", async () => {
            const res = await fetch(`${vpc.endpoint}/`, {
                method: "POST",
                headers: { "content-type": "application/x-www-form-urlencoded" },
                body: `Action=DescribeVpnConnection&Pad=${"x".repeat(1024 * 1024)}`,
            });
            expect(res.status).toBe(413);
            expect(await res.json()).toMatchObject({ Code: "InvalidParameter" });
            expect(vpc.emulator.requests.at(-1)).toMatchObject({ status: 413, code: "InvalidParameter" });
        });

        it("records every request with its status and code", async () => {
            vpc.emulator.clearRequests();
            await rawCall(vpc.endpoint, baseParams({ Version: "bad" }));
            expect(vpc.emulator.requests).toEqual([
                expect.objectContaining({
                    method: "GET",
                    path: "/",
                    action: "DescribeVpnConnection",
                    regionId: HANGZHOU,
                    vpnConnectionId: FIXTURE_IDS.singleTunnel,
                    status: 400,
                    code: "InvalidVersion",
                    requestId: expect.stringMatching(REQUEST_ID_PATTERN),
                    fault: undefined,
                }),
            ]);
        });
    });

    describe("list API", () => {
        it("lists a region's connections in the list shape", async () => {
            const body = await popClient(vpc.endpoint).request<WireDescribeVpnConnectionsResponse>(
                "DescribeVpnConnections",
                { RegionId: HANGZHOU },
            );
            expect(body).toMatchObject({ TotalCount: 2, PageNumber: 1, PageSize: 10 });
            const items = body.VpnConnections?.VpnConnection ?? [];
            expect(items.map((c) => c.VpnConnectionId)).toEqual([
                FIXTURE_IDS.singleTunnel,
                FIXTURE_IDS.dualTunnel,
            ]);
            const single = items[0];
            const { Tags, ZoneNo, VpnBgpConfig, ...rest } = singleTunnelConnection();
            expect(ZoneNo).toBeDefined();
            const { EnableBgp, ...bgpWithoutEnable } = VpnBgpConfig ?? {};
            expect(EnableBgp).toBe("true");
            expect(single).toEqual({ ...rest, Tag: Tags, VpnBgpConfig: bgpWithoutEnable });
            expect(single).not.toHaveProperty("Tags");
            expect(single).not.toHaveProperty("ZoneNo");
            expect(single?.VpnBgpConfig).not.toHaveProperty("EnableBgp");
        });

        it("filters by VpnConnectionId, VpnGatewayId and CustomerGatewayId", async () => {
            const list = async (filter: Record<string, string>): Promise<string[]> => {
                const body = await popClient(vpc.endpoint).request<WireDescribeVpnConnectionsResponse>(
                    "DescribeVpnConnections",
                    { RegionId: HANGZHOU, ...filter },
                );
                return (body.VpnConnections?.VpnConnection ?? []).map((c) => c.VpnConnectionId ?? "");
            };
            const single = singleTunnelConnection();
            const dual = dualTunnelConnection();
            expect(await list({ VpnConnectionId: FIXTURE_IDS.dualTunnel })).toEqual([FIXTURE_IDS.dualTunnel]);
            expect(await list({ VpnGatewayId: single.VpnGatewayId ?? "" })).toEqual([
                FIXTURE_IDS.singleTunnel,
            ]);
            expect(await list({ CustomerGatewayId: single.CustomerGatewayId ?? "" })).toEqual([
                FIXTURE_IDS.singleTunnel,
            ]);
            const slaveGateway = dual.TunnelOptionsSpecification?.TunnelOptions?.[1]?.CustomerGatewayId ?? "";
            expect(await list({ CustomerGatewayId: slaveGateway })).toEqual([FIXTURE_IDS.dualTunnel]);
            expect(await list({ VpnConnectionId: "vco-bp1doesnotexist000000" })).toEqual([]);
            expect(await list({ "Tag.1.Key": "team", "Tag.1.Value": "network" })).toEqual([
                FIXTURE_IDS.singleTunnel,
            ]);
        });
    });

    describe("connection store API", () => {
        it("adds, reads, updates and deletes connections, always by copy", async () => {
            const connection: WireVpnConnection = {
                ...minimalConnection(),
                VpnConnectionId: "vco-uf6storetest0000000001",
            };
            vpc.emulator.putConnection(SHANGHAI, connection);
            connection.Name = "changed after put";
            expect(vpc.emulator.getConnection(SHANGHAI, "vco-uf6storetest0000000001")?.Name).toBe(
                "branch-shanghai",
            );

            vpc.emulator.updateConnection(SHANGHAI, "vco-uf6storetest0000000001", {
                Name: "renamed",
                State: "updating",
            });
            const res = await rawCall(
                vpc.endpoint,
                baseParams({ RegionId: SHANGHAI, VpnConnectionId: "vco-uf6storetest0000000001" }),
            );
            expect(res.json).toMatchObject({ Name: "renamed", State: "updating" });

            const copy = vpc.emulator.getConnection(SHANGHAI, "vco-uf6storetest0000000001");
            if (copy) copy.Name = "mutated copy";
            expect(vpc.emulator.getConnection(SHANGHAI, "vco-uf6storetest0000000001")?.Name).toBe("renamed");

            expect(vpc.emulator.deleteConnection(SHANGHAI, "vco-uf6storetest0000000001")).toBe(true);
            expect(vpc.emulator.deleteConnection(SHANGHAI, "vco-uf6storetest0000000001")).toBe(false);
            const gone = await rawCall(
                vpc.endpoint,
                baseParams({ RegionId: SHANGHAI, VpnConnectionId: "vco-uf6storetest0000000001" }),
            );
            expectError(gone, 404, "InvalidVpnConnectionInstanceId.NotFound");
        });

        it("refuses to update a connection that does not exist", () => {
            expect(() => vpc.emulator.updateConnection(HANGZHOU, "vco-bp1missing", { Name: "x" })).toThrow(
                /no VPN connection vco-bp1missing in region cn-hangzhou/,
            );
        });

        it("refuses to store a connection in a region that does not exist", () => {
            expect(() => vpc.emulator.putConnection("cn-atlantis-1", minimalConnection())).toThrow(
                /unknown region/,
            );
        });

        it("serves a connection stored in the list shape in the singular shape", async () => {
            const { Tags, ...rest } = singleTunnelConnection();
            vpc.emulator.putConnection(HANGZHOU, {
                ...rest,
                VpnConnectionId: "vco-bp1listshape000000001",
                Tag: Tags,
            });
            const res = await rawCall(
                vpc.endpoint,
                baseParams({ VpnConnectionId: "vco-bp1listshape000000001" }),
            );
            expect(res.json?.["Tags"]).toEqual(Tags);
            expect(res.json).not.toHaveProperty("Tag");
            vpc.emulator.deleteConnection(HANGZHOU, "vco-bp1listshape000000001");
        });
    });

    describe("faults", () => {
        const single = { RegionId: HANGZHOU, VpnConnectionId: FIXTURE_IDS.singleTunnel };

        it("answers with an injected error `times` times, then normally", async () => {
            vpc.emulator.injectFault({
                kind: "error",
                code: "ServiceUnavailable",
                action: "DescribeVpnConnection",
                times: 2,
            });
            const client = popClient(vpc.endpoint);
            for (let i = 0; i < 2; i++) {
                const e = await popError(client.request("DescribeVpnConnection", single));
                expect(e.code).toBe("ServiceUnavailable");
                expect(e.entry.response.statusCode).toBe(503);
            }
            await expect(client.request("DescribeVpnConnection", single)).resolves.toMatchObject({
                VpnConnectionId: FIXTURE_IDS.singleTunnel,
            });
            expect(vpc.emulator.requests.slice(-3).map((r) => r.fault)).toEqual([
                "error",
                "error",
                undefined,
            ]);
        });

        it("sends x-acs-retry-after, the status and the message given", async () => {
            vpc.emulator.injectFault({
                kind: "error",
                code: "Throttling.User",
                retryAfterMs: 1500,
                httpStatus: 429,
                message: "slow down",
            });
            const res = await rawCall(vpc.endpoint, baseParams());
            expectError(res, 429, "Throttling.User");
            expect(res.headers.get("x-acs-retry-after")).toBe("1500");
            expect(res.json?.["Message"]).toBe("slow down");
        });

        it("takes an injected error's status from the code table", async () => {
            vpc.emulator.injectFault({ kind: "error", code: "Forbidden.RAM", times: 1 });
            expectError(await rawCall(vpc.endpoint, baseParams()), 403, "Forbidden.RAM");
            vpc.emulator.injectFault({ kind: "error", code: "InternalError", times: 1 });
            expectError(await rawCall(vpc.endpoint, baseParams()), 500, "InternalError");
        });

        it("matches faults on action, region and connection id", async () => {
            vpc.emulator.injectFault({
                kind: "error",
                code: "InternalError",
                vpnConnectionId: FIXTURE_IDS.dualTunnel,
            });
            vpc.emulator.injectFault({ kind: "error", code: "Forbidden", regionId: SHANGHAI });
            vpc.emulator.injectFault({
                kind: "error",
                code: "Throttling.Api",
                action: "DescribeVpnConnections",
            });
            expect((await rawCall(vpc.endpoint, baseParams())).status).toBe(200);
            expectError(
                await rawCall(vpc.endpoint, baseParams({ VpnConnectionId: FIXTURE_IDS.dualTunnel })),
                500,
                "InternalError",
            );
            expectError(
                await rawCall(
                    vpc.endpoint,
                    baseParams({ RegionId: SHANGHAI, VpnConnectionId: FIXTURE_IDS.minimal }),
                ),
                403,
                "Forbidden",
            );
            expectError(
                await rawCall(
                    vpc.endpoint,
                    baseParams({ Action: "DescribeVpnConnections", VpnConnectionId: undefined }),
                ),
                400,
                "Throttling.Api",
            );
        });

        it("lets the first matching fault win and remove() take a fault away", async () => {
            const first = vpc.emulator.injectFault({ kind: "error", code: "InternalError" });
            vpc.emulator.injectFault({ kind: "error", code: "ServiceUnavailable" });
            expectError(await rawCall(vpc.endpoint, baseParams()), 500, "InternalError");
            first.remove();
            expectError(await rawCall(vpc.endpoint, baseParams()), 503, "ServiceUnavailable");
            vpc.emulator.clearFaults();
            expect((await rawCall(vpc.endpoint, baseParams())).status).toBe(200);
        });

        it("still checks the signature before any fault", async () => {
            vpc.emulator.injectFault({ kind: "error", code: "InternalError" });
            expectError(
                await rawCall(vpc.endpoint, baseParams(), { secret: "wrong" }),
                400,
                "SignatureDoesNotMatch",
            );
        });

        it("delays the normal response with a latency fault", async () => {
            vpc.emulator.injectFault({
                kind: "latency",
                ms: 300,
                vpnConnectionId: FIXTURE_IDS.singleTunnel,
                times: 1,
            });
            const order: string[] = [];
            const slow = rawCall(vpc.endpoint, baseParams()).then((res) => {
                order.push("slow");
                return res;
            });
            const fast = rawCall(vpc.endpoint, baseParams({ VpnConnectionId: FIXTURE_IDS.dualTunnel })).then(
                (res) => {
                    order.push("fast");
                    return res;
                },
            );
            const [slowRes, fastRes] = await Promise.all([slow, fast]);
            expect(order).toEqual(["fast", "slow"]);
            expect(slowRes.json).toMatchObject({ VpnConnectionId: FIXTURE_IDS.singleTunnel });
            expect(fastRes.status).toBe(200);
            expect(
                vpc.emulator.requests.find((r) => r.requestId === slowRes.json?.["RequestId"])?.fault,
            ).toBe("latency");
        });

        it("answers a 503 without Code, which pop-core takes for a success", async () => {
            vpc.emulator.injectFault({ kind: "status-without-code", httpStatus: 503, times: 2 });
            const res = await rawCall(vpc.endpoint, baseParams());
            expect(res.status).toBe(503);
            expect(res.json).toEqual({ RequestId: expect.stringMatching(REQUEST_ID_PATTERN) });
            expectRequestId(res);
            const body = await popClient(vpc.endpoint).request("DescribeVpnConnection", single);
            expect(body).toEqual({ RequestId: expect.any(String) });
        });

        it("answers an HTML page, which pop-core rejects with a plain object, not an Error", async () => {
            vpc.emulator.injectFault({ kind: "html", times: 2 });
            const res = await rawCall(vpc.endpoint, baseParams());
            expect(res.status).toBe(502);
            expect(res.headers.get("content-type")).toBe("text/html");
            expect(res.text).toContain("<html>");
            const e = await rejectionOf(popClient(vpc.endpoint).request("DescribeVpnConnection", single));
            expect(e).not.toBeInstanceOf(Error);
            expect(e).toMatchObject({ name: "SyntaxError" });
        });

        it("answers an empty body with the status given", async () => {
            vpc.emulator.injectFault({ kind: "empty", httpStatus: 200, times: 1 });
            const res = await rawCall(vpc.endpoint, baseParams());
            expect(res.status).toBe(200);
            expect(res.text).toBe("");
            vpc.emulator.injectFault({ kind: "empty", times: 1 });
            expect((await rawCall(vpc.endpoint, baseParams())).status).toBe(502);
        });

        it("hangs until the client gives up", async () => {
            vpc.emulator.injectFault({ kind: "hang", times: 1 });
            const e = await rejectionOf(
                popClient(vpc.endpoint).request("DescribeVpnConnection", single, { timeout: 200 }),
            );
            expect(e).toBeInstanceOf(Error);
            expect((e as Error).name).toBe("RequestTimeoutError");
            expect(vpc.emulator.requests.at(-1)).toMatchObject({ status: 0, fault: "hang" });
            await expect(
                popClient(vpc.endpoint).request("DescribeVpnConnection", single),
            ).resolves.toBeDefined();
        });

        it("resets the connection", async () => {
            vpc.emulator.injectFault({ kind: "reset", times: 2 });
            const e = await rejectionOf(popClient(vpc.endpoint).request("DescribeVpnConnection", single));
            // Node's own errors come from outside Jest's sandbox, so check the shape, not the class.
            expect(`${(e as Error).message} ${(e as NodeJS.ErrnoException).code}`).toMatch(
                /socket hang up|ECONNRESET/,
            );
            await expect(rawCall(vpc.endpoint, baseParams())).rejects.toThrow(/fetch failed/);
            expect(vpc.emulator.requests.at(-1)).toMatchObject({ status: 0, fault: "reset" });
        });

        it("refuses malformed faults, naming the field", () => {
            expect(() => vpc.emulator.injectFault({ kind: "error", code: "X", times: 0 })).toThrow(
                /fault\.times/,
            );
            expect(() => vpc.emulator.injectFault({ kind: "latency", ms: -1 })).toThrow(/fault\.ms/);
            expect(() => vpc.emulator.injectFault({ kind: "html", httpStatus: 99 })).toThrow(
                /fault\.httpStatus/,
            );
        });
    });
});

describe("VpcEmulator with STS credentials", () => {
    const sts = {
        accessKeyId: "STS.NUemulatorTestKey",
        accessKeySecret: "StsSecretForTests",
        securityToken: "CAIS-token-1",
    };
    const vpc = useEmulator({ start: { credentials: [DEFAULT_TEST_CREDENTIALS, sts] } });

    const call = (credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string }) =>
        popClient(vpc.endpoint, credentials).request("DescribeVpnConnection", {
            RegionId: HANGZHOU,
            VpnConnectionId: FIXTURE_IDS.singleTunnel,
        });

    it("accepts a request carrying the right SecurityToken", async () => {
        await expect(call(sts)).resolves.toMatchObject({ VpnConnectionId: FIXTURE_IDS.singleTunnel });
    });

    it("refuses an STS key without its SecurityToken", async () => {
        const e = await popError(
            call({ accessKeyId: sts.accessKeyId, accessKeySecret: sts.accessKeySecret }),
        );
        expect(e.code).toBe("InvalidSecurityToken.Malformed");
        expect(e.entry.response.statusCode).toBe(400);
    });

    it("refuses a wrong SecurityToken", async () => {
        const e = await popError(call({ ...sts, securityToken: "CAIS-some-other-token" }));
        expect(e.code).toBe("InvalidSecurityToken.MismatchWithAccessKey");
    });

    it("refuses a SecurityToken sent with a permanent key", async () => {
        const e = await popError(call({ ...DEFAULT_TEST_CREDENTIALS, securityToken: sts.securityToken }));
        expect(e.code).toBe("InvalidSecurityToken.MismatchWithAccessKey");
    });

    it("accepts a credential added after start", async () => {
        vpc.emulator.addCredential({ accessKeyId: "LTAI5tLateKey", accessKeySecret: "late-secret" });
        await expect(
            call({ accessKeyId: "LTAI5tLateKey", accessKeySecret: "late-secret" }),
        ).resolves.toBeDefined();
    });
});

describe("VpcEmulator flow control and clock", () => {
    let clock = Date.now();
    const vpc = useEmulator({ start: { quota: { limit: 3, windowMs: 60_000 }, now: () => clock } });
    beforeEach(() => {
        clock = Date.now();
        vpc.emulator.resetQuota();
        vpc.emulator.clearFaults();
    });

    const describeSingle = () =>
        popClient(vpc.endpoint).request("DescribeVpnConnection", {
            RegionId: HANGZHOU,
            VpnConnectionId: FIXTURE_IDS.singleTunnel,
        });

    it("throttles the call over the quota with Throttling.User, then recovers after the window", async () => {
        for (let i = 0; i < 3; i++) await describeSingle();
        const e = await popError(describeSingle());
        expect(e.code).toBe("Throttling.User");
        expect(e.entry.response.statusCode).toBe(400);
        expect(e.data["Message"]).toBe("Request was denied due to user flow control.");

        clock += 30_000;
        expect((await popError(describeSingle())).code).toBe("Throttling.User");
        clock += 30_001;
        await expect(describeSingle()).resolves.toBeDefined();
    });

    it("counts per action and per region", async () => {
        for (let i = 0; i < 3; i++) await describeSingle();
        await expect(
            popClient(vpc.endpoint).request("DescribeVpnConnections", { RegionId: HANGZHOU }),
        ).resolves.toBeDefined();
        await expect(
            popClient(vpc.endpoint).request("DescribeVpnConnection", {
                RegionId: SHANGHAI,
                VpnConnectionId: FIXTURE_IDS.minimal,
            }),
        ).resolves.toBeDefined();
        expect((await popError(describeSingle())).code).toBe("Throttling.User");
    });

    it("counts calls that fail after authentication, such as unknown ids", async () => {
        const client = popClient(vpc.endpoint);
        for (let i = 0; i < 3; i++) {
            const e = await popError(
                client.request("DescribeVpnConnection", {
                    RegionId: HANGZHOU,
                    VpnConnectionId: "vco-bp1nope",
                }),
            );
            expect(e.code).toBe("InvalidVpnConnectionInstanceId.NotFound");
        }
        expect((await popError(describeSingle())).code).toBe("Throttling.User");
    });

    it("does not count requests refused before authentication", async () => {
        for (let i = 0; i < 5; i++) {
            const res = await rawCall(vpc.endpoint, baseParams(), { secret: "wrong" });
            expect(res.json?.["Code"]).toBe("SignatureDoesNotMatch");
        }
        await expect(describeSingle()).resolves.toBeDefined();
    });

    it("does not let injected failures use up the quota", async () => {
        vpc.emulator.injectFault({ kind: "error", code: "ServiceUnavailable", times: 5 });
        for (let i = 0; i < 5; i++) {
            expect((await popError(describeSingle())).code).toBe("ServiceUnavailable");
        }
        for (let i = 0; i < 3; i++) await describeSingle();
        expect((await popError(describeSingle())).code).toBe("Throttling.User");
    });

    it("answers Throttling.User before any fault once the quota is used up", async () => {
        for (let i = 0; i < 3; i++) await describeSingle();
        vpc.emulator.injectFault({ kind: "error", code: "InternalError" });
        expect((await popError(describeSingle())).code).toBe("Throttling.User");
    });

    it("resetQuota() empties the window", async () => {
        for (let i = 0; i < 3; i++) await describeSingle();
        vpc.emulator.resetQuota();
        await expect(describeSingle()).resolves.toBeDefined();
    });

    it("judges Timestamp against its own clock", async () => {
        clock = Date.now() + 20 * 60_000;
        expect((await popError(describeSingle())).code).toBe("InvalidTimeStamp.Expired");
    });

    it("frees a nonce after 15 minutes", async () => {
        const params = baseParams({ Timestamp: formatTimestamp(clock) });
        expect((await rawCall(vpc.endpoint, params)).status).toBe(200);
        clock += 10 * 60_000;
        expect((await rawCall(vpc.endpoint, params)).json?.["Code"]).toBe("SignatureNonceUsed");
        clock += 6 * 60_000;
        // The same request is now too old, so resend it with a fresh timestamp but the same nonce.
        const fresh = { ...params, Timestamp: formatTimestamp(clock) };
        expect((await rawCall(vpc.endpoint, fresh)).status).toBe(200);
    });
});

describe("VpcEmulator paging over a fleet", () => {
    const REGION = "cn-beijing";
    const fleet = makeFleet(REGION, 57);
    const vpc = useEmulator({
        start: { seed: false },
        seed: (emulator) => {
            for (const c of fleet) emulator.putConnection(REGION, c);
        },
    });

    const list = (params: Record<string, string>) =>
        popClient(vpc.endpoint).request<WireDescribeVpnConnectionsResponse>("DescribeVpnConnections", {
            RegionId: REGION,
            ...params,
        });

    it("makes a deterministic fleet of realistic, unique ids", () => {
        expect(makeFleet(REGION, 57)).toEqual(fleet);
        expect(makeFleet(REGION, 57, 2)).not.toEqual(fleet);
        const ids = fleet.map((c) => c.VpnConnectionId ?? "");
        expect(new Set(ids).size).toBe(57);
        for (const id of ids) expect(id).toMatch(/^vco-2ze[0-9a-z]{18}$/);
        expect(fleet.some((c) => c.TunnelOptionsSpecification !== undefined)).toBe(true);
        expect(
            fleet.some((c) => c.VcoHealthCheck === undefined && c.TunnelOptionsSpecification === undefined),
        ).toBe(true);
        for (const c of fleet) {
            const psk =
                c.IkeConfig?.Psk ?? c.TunnelOptionsSpecification?.TunnelOptions?.[0]?.TunnelIkeConfig?.Psk;
            expect(psk?.startsWith(FLEET_SECRET_PREFIX)).toBe(true);
        }
        expect(makeFleet(REGION, 0)).toEqual([]);
        expect(() => makeFleet(REGION, -1)).toThrow(/count/);
    });

    it("pages with the defaults (page 1, 10 items)", async () => {
        const body = await list({});
        expect(body).toMatchObject({ TotalCount: 57, PageNumber: 1, PageSize: 10 });
        expect(body.VpnConnections?.VpnConnection).toHaveLength(10);
    });

    it("walks every page of 50 in CreateTime order, each id once", async () => {
        const first = await list({ PageSize: "50" });
        const second = await list({ PageSize: "50", PageNumber: "2" });
        const third = await list({ PageSize: "50", PageNumber: "3" });
        expect(first.VpnConnections?.VpnConnection).toHaveLength(50);
        expect(second.VpnConnections?.VpnConnection).toHaveLength(7);
        expect(third).toMatchObject({ TotalCount: 57, PageNumber: 3, VpnConnections: { VpnConnection: [] } });
        const seen = [
            ...(first.VpnConnections?.VpnConnection ?? []),
            ...(second.VpnConnections?.VpnConnection ?? []),
        ];
        const expected = [...fleet]
            .sort((a, b) => Number(a.CreateTime) - Number(b.CreateTime))
            .map((c) => c.VpnConnectionId);
        expect(seen.map((c) => c.VpnConnectionId)).toEqual(expected);
    });

    it.each(["1", "50"])("accepts PageSize %s", async (size) => {
        const body = await list({ PageSize: size });
        expect(body.VpnConnections?.VpnConnection).toHaveLength(Number(size));
    });

    it.each([
        ["PageSize", "0"],
        ["PageSize", "51"],
        ["PageSize", "abc"],
        ["PageSize", "1.5"],
        ["PageSize", "-3"],
        ["PageNumber", "0"],
        ["PageNumber", "x"],
    ])("refuses %s=%s with InvalidParameter", async (name, value) => {
        const e = await popError(list({ [name]: value }));
        expect(e.code).toBe("InvalidParameter");
        expect(e.entry.response.statusCode).toBe(400);
        expect(String(e.data["Message"])).toContain(name);
    });

    it("filters by VPN gateway across pages", async () => {
        const gateway = fleet[0]?.VpnGatewayId ?? "";
        const body = await list({ VpnGatewayId: gateway, PageSize: "2" });
        expect(body.TotalCount).toBe(4);
        expect(body.VpnConnections?.VpnConnection?.map((c) => c.VpnGatewayId)).toEqual([gateway, gateway]);
    });

    it("gives every list item the list shape", async () => {
        const body = await list({ PageSize: "50" });
        for (const item of body.VpnConnections?.VpnConnection ?? []) {
            expect(item).not.toHaveProperty("Tags");
            expect(item).not.toHaveProperty("ZoneNo");
            expect(item.VpnBgpConfig ?? {}).not.toHaveProperty("EnableBgp");
        }
        expect(body.VpnConnections?.VpnConnection?.some((c) => c.Tag?.Tag !== undefined)).toBe(true);
    });
});

describe("VpcEmulator.stop()", () => {
    async function until(condition: () => boolean): Promise<void> {
        for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((r) => setTimeout(r, 1));
        expect(condition()).toBe(true);
    }

    it("ends hung requests and closes the port", async () => {
        const emulator = await VpcEmulator.start();
        emulator.injectFault({ kind: "hang" });
        const hung = rawCall(emulator.endpoint, baseParams()).then(
            () => new Error("a hung request got a response"),
            (e: Error) => e,
        );
        await until(() => emulator.requests.some((r) => r.fault === "hang"));
        await emulator.stop();
        expect(await hung).toMatchObject({ message: "fetch failed" });
        await expect(rawCall(emulator.endpoint, baseParams())).rejects.toThrow(/fetch failed/);
        await emulator.stop(); // a second stop is harmless
    });

    it("ends a latency fault's wait instead of keeping the request for its whole delay", async () => {
        const emulator = await VpcEmulator.start();
        emulator.injectFault({ kind: "latency", ms: 600_000 });
        const pending = rawCall(emulator.endpoint, baseParams()).then(
            () => new Error("a delayed request got a response after stop"),
            (e: Error) => e,
        );
        await until(() => emulator.inFlight === 1);
        await emulator.stop();
        expect(await pending).toMatchObject({ message: "fetch failed" });
        await until(() => emulator.inFlight === 0);
    });
});
