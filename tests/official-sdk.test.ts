/**
 * Alibaba's official TypeScript SDK (`@alicloud/vpc20160428` on `@alicloud/openapi-core`) as an
 * independent client of the emulator: its default signing (V3, `ACS3-HMAC-SHA256`), its legacy
 * `signatureAlgorithm: "v2"` (V1 HMAC-SHA1), STS credentials, its not-found and wrong-secret answers,
 * and a conformance check of every response against the SDK's own response models.
 */
import { $OpenApiUtil, type ClientError, OpenApiUtil } from "@alicloud/openapi-core";
import Vpc, {
    DescribeVpnConnectionRequest,
    DescribeVpnConnectionResponseBody,
    DescribeVpnConnectionsRequest,
    DescribeVpnConnectionsResponseBody,
    DescribeVpnConnectionsResponseBodyVpnConnectionsVpnConnection,
} from "@alicloud/vpc20160428";
import { RuntimeOptions } from "@darabonba/typescript";

import { FIXTURE_IDS, FIXTURE_REGIONS, fixtureConnections } from "../emulator/fixtures";
import { DEFAULT_TEST_CREDENTIALS, type VpcEmulator } from "../emulator/server";
import { redactServiceMessage } from "../provider/redact";
import { useEmulator } from "./support/emulator";
import { checkAgainstModel, type ModelClass, modelPaths } from "./support/model-conformance";
import { rejectionOf } from "./support/rejection";

const REGION = FIXTURE_REGIONS.singleTunnel;
const STS = {
    accessKeyId: "STS.EmulatorTempKey",
    accessKeySecret: "StsTempSecretNotForProduction",
    securityToken: "CAIS.EmulatorStsToken.0001",
};

/** A client of the official SDK for the emulator, with the SDK's defaults unless `extra` says otherwise. */
function sdk(emulator: VpcEmulator, extra: Partial<$OpenApiUtil.Config> = {}): Vpc {
    return new Vpc(
        new $OpenApiUtil.Config({
            ...DEFAULT_TEST_CREDENTIALS,
            endpoint: emulator.endpoint.replace(/^http:\/\//, ""),
            protocol: "HTTP",
            ...extra,
        }),
    );
}

function describeOne(client: Vpc, vpnConnectionId: string, regionId: string = REGION) {
    return client.describeVpnConnection(new DescribeVpnConnectionRequest({ regionId, vpnConnectionId }));
}

/** The SDK's own error, as it throws it. */
async function sdkError(promise: Promise<unknown>): Promise<ClientError> {
    return (await rejectionOf(promise)) as ClientError;
}

describe("the official TypeScript SDK against the emulator", () => {
    const vpc = useEmulator({ start: { credentials: [DEFAULT_TEST_CREDENTIALS, STS] } });

    describe("default signing: signature V3 (ACS3-HMAC-SHA256)", () => {
        it("reads a connection: POST / with the parameters in the query and the credentials only in headers", async () => {
            const res = await describeOne(sdk(vpc.emulator), FIXTURE_IDS.singleTunnel);
            expect(res.statusCode).toBe(200);
            expect(res.body?.vpnConnectionId).toBe(FIXTURE_IDS.singleTunnel);
            expect(res.body?.ikeConfig?.ikeEncAlg).toBe("aes256");
            const [request] = vpc.emulator.requests;
            expect(request).toMatchObject({
                method: "POST",
                status: 200,
                action: "DescribeVpnConnection",
                accessKeyId: DEFAULT_TEST_CREDENTIALS.accessKeyId,
            });
            expect(request?.rawUrl).not.toMatch(/Signature|AccessKeyId|Timestamp/);
        });

        it("lists a region's connections", async () => {
            const res = await sdk(vpc.emulator).describeVpnConnections(
                new DescribeVpnConnectionsRequest({ regionId: REGION, pageSize: 50 }),
            );
            expect(res.body?.totalCount).toBe(2);
            expect(res.body?.vpnConnections?.vpnConnection?.map((c) => c.vpnConnectionId).sort()).toEqual(
                [FIXTURE_IDS.singleTunnel, FIXTURE_IDS.dualTunnel].sort(),
            );
        });

        it("signs values with spaces, asterisks and non-ASCII text as the emulator canonicalizes them", async () => {
            const res = await sdk(vpc.emulator).describeVpnConnections(
                new DescribeVpnConnectionsRequest({ regionId: REGION, vpnGatewayId: "vpn-x !'()* ~:/网关" }),
            );
            expect(res.body?.totalCount).toBe(0);
        });

        it("answers a missing connection with 404 InvalidVpnConnectionInstanceId.NotFound", async () => {
            const err = await sdkError(describeOne(sdk(vpc.emulator), "vco-doesnotexist000000000"));
            expect(err.code).toBe("InvalidVpnConnectionInstanceId.NotFound");
            expect(err.statusCode).toBe(404);
            expect(err.requestId).toBe(vpc.emulator.requests[0]?.requestId);
        });

        it("answers a wrong secret with SignatureDoesNotMatch, echoing the canonical request, which our scrubbing removes", async () => {
            const err = await sdkError(
                describeOne(
                    sdk(vpc.emulator, { accessKeySecret: "not-the-secret" }),
                    FIXTURE_IDS.singleTunnel,
                ),
            );
            expect(err.code).toBe("SignatureDoesNotMatch");
            expect(err.statusCode).toBe(400);
            const message = String((err.data as { Message?: string }).Message);
            expect(message).toContain("server StringToSign is [ACS3-HMAC-SHA256\n");
            expect(message).toContain(
                `server CanonicalRequest is [POST\n/\nRegionId=${REGION}&VpnConnectionId=`,
            );
            const cleaned = redactServiceMessage(err.message, [DEFAULT_TEST_CREDENTIALS.accessKeyId]);
            expect(cleaned).not.toMatch(/CanonicalRequest|x-acs-|RegionId=/);
            expect(cleaned).not.toContain(DEFAULT_TEST_CREDENTIALS.accessKeyId);
        });

        it("answers an unknown key with 404 InvalidAccessKeyId.NotFound", async () => {
            const err = await sdkError(
                describeOne(
                    sdk(vpc.emulator, { accessKeyId: "LTAI5tUnknownKey0000" }),
                    FIXTURE_IDS.singleTunnel,
                ),
            );
            expect(err.code).toBe("InvalidAccessKeyId.NotFound");
            expect(err.statusCode).toBe(404);
        });
    });

    describe('legacy signing: signatureAlgorithm "v2" (V1 HMAC-SHA1)', () => {
        const v2 = { signatureAlgorithm: "v2" };

        it("reads a connection with every parameter and the signature in the query", async () => {
            const res = await describeOne(sdk(vpc.emulator, v2), FIXTURE_IDS.dualTunnel);
            expect(res.body?.tunnelOptionsSpecification?.tunnelOptions).toHaveLength(2);
            expect(vpc.emulator.requests[0]?.rawUrl).toMatch(/SignatureMethod=HMAC-SHA1/);
        });

        it("answers a missing connection with 404 and a wrong secret with SignatureDoesNotMatch", async () => {
            const missing = await sdkError(describeOne(sdk(vpc.emulator, v2), "vco-doesnotexist000000000"));
            expect([missing.code, missing.statusCode]).toEqual([
                "InvalidVpnConnectionInstanceId.NotFound",
                404,
            ]);
            const wrong = await sdkError(
                describeOne(
                    sdk(vpc.emulator, { ...v2, accessKeySecret: "not-the-secret" }),
                    FIXTURE_IDS.singleTunnel,
                ),
            );
            expect([wrong.code, wrong.statusCode]).toEqual(["SignatureDoesNotMatch", 400]);
        });
    });

    describe("STS credentials", () => {
        it.each([
            ["V3", {}],
            ["V1", { signatureAlgorithm: "v2" }],
        ])("read with the key, secret and token (%s)", async (_, extra) => {
            const res = await describeOne(sdk(vpc.emulator, { ...STS, ...extra }), FIXTURE_IDS.singleTunnel);
            expect(res.body?.vpnConnectionId).toBe(FIXTURE_IDS.singleTunnel);
        });

        it("are refused without the token, or with another one", async () => {
            const { securityToken: _, ...withoutToken } = STS;
            const missing = await sdkError(
                describeOne(sdk(vpc.emulator, withoutToken), FIXTURE_IDS.singleTunnel),
            );
            expect(missing.code).toBe("InvalidSecurityToken.Malformed");
            const other = await sdkError(
                describeOne(
                    sdk(vpc.emulator, { ...STS, securityToken: "CAIS.another" }),
                    FIXTURE_IDS.singleTunnel,
                ),
            );
            expect(other.code).toBe("InvalidSecurityToken.MismatchWithAccessKey");
        });

        it("with a wrong secret: the echoed canonical request holds the token, and our scrubbing removes it", async () => {
            const err = await sdkError(
                describeOne(
                    sdk(vpc.emulator, { ...STS, accessKeySecret: "not-the-secret" }),
                    FIXTURE_IDS.singleTunnel,
                ),
            );
            expect(err.code).toBe("SignatureDoesNotMatch");
            expect(err.message).toContain(`x-acs-security-token:${STS.securityToken}`);
            const cleaned = redactServiceMessage(err.message, [STS.accessKeyId, STS.securityToken]);
            expect(cleaned).not.toContain(STS.securityToken);
            expect(cleaned).not.toContain(STS.accessKeyId);
        });
    });
});

/**
 * Every response the emulator gives for every fixture, as the SDK receives it (raw JSON, before the SDK
 * maps it onto its models, which would drop unknown fields), checked against the SDK's response models:
 * no field the model lacks, each JSON type the one the model declares, at every level, tunnels included.
 * When Alibaba's model gains or changes a field, this is where it shows.
 */
describe("conformance: the emulator's responses against the SDK's response models", () => {
    let client: Vpc;
    /** The model paths the responses had, per model: every one must be seen at least once. */
    const seenSingular = new Set<string>();
    const seenListItem = new Set<string>();

    const vpc = useEmulator();
    beforeAll(() => {
        client = sdk(vpc.emulator);
    });

    /** The raw JSON body of an action, signed and sent by the SDK's own transport. */
    async function rawBody(action: string, query: Record<string, string | number>): Promise<unknown> {
        const params = new $OpenApiUtil.Params({
            action,
            version: "2016-04-28",
            protocol: "HTTP",
            pathname: "/",
            method: "POST",
            authType: "AK",
            style: "RPC",
            reqBodyType: "formData",
            bodyType: "json",
        });
        const request = new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(query) });
        const res = await client.callApi(params, request, new RuntimeOptions({}));
        expect(res.statusCode).toBe(200);
        return res.body;
    }

    it("walks the models strictly: an unknown field and a wrong type are both reported", () => {
        const report = checkAgainstModel(
            { RequestId: 1, Surprise: "x", IkeConfig: { IkeLifetime: "86400" } },
            DescribeVpnConnectionResponseBody as unknown as ModelClass,
        );
        expect(report.problems).toEqual([
            "$.RequestId: the model declares string, the emulator sent number",
            "$.Surprise: not in the model",
            "$.IkeConfig.IkeLifetime: the model declares number, the emulator sent string",
        ]);
    });

    const fixtures = fixtureConnections().map(
        ({ regionId, connection }) => [connection.VpnConnectionId ?? "", regionId] as const,
    );

    it.each(fixtures)("DescribeVpnConnection %s (%s)", async (id, regionId) => {
        const body = await rawBody("DescribeVpnConnection", { RegionId: regionId, VpnConnectionId: id });
        const report = checkAgainstModel(body, DescribeVpnConnectionResponseBody as unknown as ModelClass);
        expect(report.problems).toEqual([]);
        expect(report.checked).toBeGreaterThan(30);
        for (const path of report.seen) seenSingular.add(path);
    });

    it.each([...new Set(fixtures.map(([, regionId]) => regionId))])(
        "DescribeVpnConnections in %s, whole and filtered by each id",
        async (regionId) => {
            const queries: Array<Record<string, string | number>> = [
                { RegionId: regionId, PageSize: 50 },
                ...fixtures
                    .filter(([, r]) => r === regionId)
                    .map(([id]) => ({ RegionId: regionId, VpnConnectionId: id })),
            ];
            for (const query of queries) {
                const body = await rawBody("DescribeVpnConnections", query);
                const report = checkAgainstModel(
                    body,
                    DescribeVpnConnectionsResponseBody as unknown as ModelClass,
                );
                expect(report.problems).toEqual([]);
                expect(report.checked).toBeGreaterThan(30);
                for (const path of report.seen) {
                    const item = /^\$\.VpnConnections\.VpnConnection\[\](\..+)$/.exec(path)?.[1];
                    if (item !== undefined) seenListItem.add(`$${item}`);
                }
            }
        },
    );

    it("leaves no field of the models unsent: a field Alibaba adds to a model fails here until the fixtures have it", () => {
        const singular = modelPaths(DescribeVpnConnectionResponseBody as unknown as ModelClass);
        const listItem = modelPaths(
            DescribeVpnConnectionsResponseBodyVpnConnectionsVpnConnection as unknown as ModelClass,
        );
        expect(singular.length).toBeGreaterThan(60);
        expect(singular.filter((p) => !seenSingular.has(p))).toEqual([]);
        expect(listItem.filter((p) => !seenListItem.has(p))).toEqual([]);
    });

    it("covers the tunnels: the dual-tunnel fixture's tunnel fields are checked in both shapes", async () => {
        const body = (await rawBody("DescribeVpnConnection", {
            RegionId: FIXTURE_REGIONS.dualTunnel,
            VpnConnectionId: FIXTURE_IDS.dualTunnel,
        })) as { TunnelOptionsSpecification?: { TunnelOptions?: unknown[] } };
        expect(body.TunnelOptionsSpecification?.TunnelOptions).toHaveLength(2);
        const tunnels = checkAgainstModel(body, DescribeVpnConnectionResponseBody as unknown as ModelClass);
        const withoutTunnels = checkAgainstModel(
            { ...body, TunnelOptionsSpecification: undefined },
            DescribeVpnConnectionResponseBody as unknown as ModelClass,
        );
        expect(tunnels.checked - withoutTunnels.checked).toBeGreaterThan(40);
    });
});
