/**
 * The VPC client against the emulator over real loopback HTTP: mapping of every field, every error
 * class from its fault, retries and the retry budget, and that no message carries a credential.
 */
import { DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { FIXTURE_IDS, FIXTURE_SECRETS } from "../emulator/fixtures";
import { makeFleet } from "../emulator/fleet";
import {
    VpcAuthError,
    VpcCredentialsNotFoundError,
    VpcError,
    VpcInvalidInputError,
    VpcInvalidResponseError,
    VpcNetworkError,
    VpcNotFoundError,
    VpcServiceError,
    VpcThrottledError,
    VpcTimeoutError,
} from "../provider/errors";
import { listAllVpnConnections } from "../provider/list";
import { RetryBudget } from "../provider/retry";
import { allText, emulatorClient } from "./support/client";
import { unusedEndpoint, useEmulator } from "./support/emulator";
import { startFaultServer } from "./support/fault-server";
import { rejectionOf } from "./support/rejection";

const vpc = useEmulator();

afterEach(() => {
    vpc.emulator.clearFaults();
    vpc.emulator.resetQuota();
});

describe("reading connections", () => {
    it("maps every field of a single-tunnel connection to its typed value", async () => {
        const { client } = emulatorClient(vpc.emulator);
        const result = await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(result.attempts).toBe(1);
        expect(result.requestId).toMatch(/^[0-9A-F-]{36}$/);
        expect(result.connection).toEqual({
            vpnConnectionId: FIXTURE_IDS.singleTunnel,
            regionId: "cn-hangzhou",
            name: "hq-office-ipsec",
            vpnGatewayId: "vpn-bp1q8bgx4xnkm2ogj1234",
            customerGatewayId: "cgw-bp1pvpl9r9adju6l5e7ad",
            localSubnet: "10.10.0.0/16,10.20.0.0/16",
            remoteSubnet: "192.168.10.0/24,192.168.20.0/24",
            localSubnets: ["10.10.0.0/16", "10.20.0.0/16"],
            remoteSubnets: ["192.168.10.0/24", "192.168.20.0/24"],
            createTime: 1_697_091_234_000,
            effectImmediately: false,
            status: "ipsec_sa_established",
            state: "active",
            internetIp: "47.98.121.17",
            networkType: "public",
            attachType: "VPNGW",
            attachInstanceId: "vpn-bp1q8bgx4xnkm2ogj1234",
            transitRouterId: "",
            transitRouterName: "",
            spec: "1000M",
            tunnelBandwidth: "Standard",
            resourceGroupId: "rg-acfmzw2jz2z6xsa",
            remoteCaCertificate: expect.stringContaining("BEGIN CERTIFICATE"),
            zoneNo: "cn-hangzhou-h",
            enableDpd: true,
            enableNatTraversal: true,
            enableTunnelsBgp: false,
            crossAccountAuthorized: false,
            tags: { env: "prod", team: "network", "cost-center": "cc-1042" },
            ikeConfig: {
                ikeAuthAlg: "sha256",
                ikeEncAlg: "aes256",
                ikeLifetime: 86400,
                ikeMode: "main",
                ikePfs: "group14",
                ikeVersion: "ikev2",
                localId: "47.98.121.17",
                remoteId: "203.0.113.10",
            },
            ipsecConfig: {
                ipsecAuthAlg: "sha256",
                ipsecEncAlg: "aes256",
                ipsecLifetime: 28800,
                ipsecPfs: "group14",
            },
            vcoHealthCheck: {
                dip: "192.168.10.1",
                sip: "10.10.0.1",
                enable: true,
                interval: 3,
                retry: 3,
                policy: "revoke_route",
                status: "success",
            },
            vpnBgpConfig: {
                enableBgp: true,
                localAsn: 45104,
                peerAsn: 65010,
                localBgpIp: "169.254.10.1",
                peerBgpIp: "169.254.10.2",
                tunnelCidr: "169.254.10.0/30",
                status: "success",
            },
        });
        expect(result.secrets).toEqual({
            psk: FIXTURE_SECRETS.singleTunnelPsk,
            bgpAuthKey: FIXTURE_SECRETS.singleTunnelBgpAuthKey,
        });
        expect(JSON.stringify(result.connection)).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
        expect(JSON.stringify(result.connection)).not.toContain(FIXTURE_SECRETS.singleTunnelBgpAuthKey);
    });

    it("types the string-valued fields of dual-tunnel connections and keeps tunnel keys apart", async () => {
        const { client } = emulatorClient(vpc.emulator);
        const { connection, secrets } = await client.describeVpnConnection(FIXTURE_IDS.dualTunnel);
        expect(connection.ikeConfig).toBeUndefined();
        expect(connection.vpnBgpConfig).toBeUndefined();
        expect(connection.enableTunnelsBgp).toBe(true);
        expect(connection.tunnelOptions).toHaveLength(2);
        const [master, slave] = connection.tunnelOptions ?? [];
        expect(master).toEqual({
            tunnelId: "tun-bp1a2p4m6r8t0v2x4z601",
            tunnelIndex: 1,
            role: "master",
            state: "active",
            status: "ipsec_sa_established",
            customerGatewayId: "cgw-bp1mastr4e0h3wcoy9ad1",
            internetIp: "47.98.200.11",
            zoneNo: "cn-hangzhou-i",
            enableDpd: true,
            enableNatTraversal: true,
            remoteCaCertificate: "",
            ikeConfig: {
                ikeAuthAlg: "sha256",
                ikeEncAlg: "aes256",
                ikeLifetime: 86400,
                ikeMode: "main",
                ikePfs: "group14",
                ikeVersion: "ikev2",
                localId: "47.98.200.11",
                remoteId: "198.51.100.21",
            },
            ipsecConfig: {
                ipsecAuthAlg: "sha256",
                ipsecEncAlg: "aes256",
                ipsecLifetime: 86400,
                ipsecPfs: "group14",
            },
            bgpConfig: {
                bgpStatus: "success",
                localAsn: 45104,
                peerAsn: 65020,
                localBgpIp: "169.254.20.1",
                peerBgpIp: "169.254.20.2",
                tunnelCidr: "169.254.20.0/30",
            },
        });
        expect(slave?.role).toBe("slave");
        expect(secrets.tunnelPsks).toEqual({
            "tun-bp1a2p4m6r8t0v2x4z601": FIXTURE_SECRETS.dualTunnelMasterPsk,
            "tun-bp1b3q5n7s9u1w3y5a702": FIXTURE_SECRETS.dualTunnelSlavePsk,
        });
        expect(JSON.stringify(connection)).not.toMatch(/psk-FIXTURE/);
    });

    it("leaves blocks the API omits undefined and reads another region", async () => {
        const { client } = emulatorClient(vpc.emulator);
        const { connection } = await client.describeVpnConnection(FIXTURE_IDS.minimal, {
            regionId: "cn-shanghai",
        });
        expect(connection.regionId).toBe("cn-shanghai");
        expect(connection.vcoHealthCheck).toBeUndefined();
        expect(connection.vpnBgpConfig).toBeUndefined();
        expect(connection.tunnelOptions).toBeUndefined();
        expect(connection.tags).toEqual({});
        expect("vcoHealthCheck" in connection).toBe(false);
    });

    it("sends every call as a POST whose URL carries no parameter", async () => {
        vpc.emulator.clearRequests();
        const { client } = emulatorClient(vpc.emulator);
        await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        const [record] = vpc.emulator.requests;
        expect(record?.method).toBe("POST");
        expect(record?.rawUrl).toBe("/");
        expect(record?.hadBody).toBe(true);
    });

    it("lists a page with filters, in the list shape, and maps its items", async () => {
        const fleet = makeFleet("cn-beijing", 7);
        for (const c of fleet) vpc.emulator.putConnection("cn-beijing", c);
        const { client } = emulatorClient(vpc.emulator);
        const page = await client.describeVpnConnections({
            regionId: "cn-beijing",
            pageSize: 3,
            pageNumber: 3,
        });
        expect(page.totalCount).toBe(7);
        expect(page.pageNumber).toBe(3);
        expect(page.pageSize).toBe(3);
        expect(page.items).toHaveLength(1);
        const first = await client.describeVpnConnections({
            regionId: "cn-hangzhou",
            vpnConnectionId: FIXTURE_IDS.singleTunnel,
        });
        expect(first.totalCount).toBe(1);
        // The list API sends tags under Tag.Tag and no EnableBgp; the mapping reads both shapes.
        expect(first.items[0]?.connection.tags).toEqual({
            env: "prod",
            team: "network",
            "cost-center": "cc-1042",
        });
        expect(first.items[0]?.connection.vpnBgpConfig?.enableBgp).toBeUndefined();
        expect(first.items[0]?.secrets.psk).toBe(FIXTURE_SECRETS.singleTunnelPsk);
    });

    it("lists what remains when a connection is deleted between pages (the last page comes back empty)", async () => {
        const server = await startFaultServer();
        try {
            const { client } = emulatorClient(vpc.emulator, { endpoint: server.endpoint });
            const records = await listAllVpnConnections(client, { regionId: "cn-shrinking" });
            expect(records).toHaveLength(50);
            expect(server.counts.get("shrinking")).toBe(2);
        } finally {
            await server.stop();
        }
    });
});

describe("errors", () => {
    it("turns an unknown id into VpcNotFoundError naming the id, region, code and RequestId", async () => {
        const { client } = emulatorClient(vpc.emulator);
        const e = await rejectionOf(client.describeVpnConnection("vco-bp1doesnotexist00000"));
        expect(e).toBeInstanceOf(VpcNotFoundError);
        const err = e as VpcNotFoundError;
        expect(err.code).toBe("InvalidVpnConnectionInstanceId.NotFound");
        expect(err.httpStatus).toBe(404);
        expect(err.retryable).toBe(false);
        expect(err.attempts).toBe(1);
        expect(err.message).toContain(
            "VPN connection vco-bp1doesnotexist00000 was not found in region cn-hangzhou",
        );
        expect(err.message).toContain("InvalidVpnConnectionInstanceId.NotFound");
        expect(err.message).toContain(`RequestId ${err.requestId}`);
        expect(err.requestId).toMatch(/^[0-9A-F-]{36}$/);
    });

    it("retries throttling twice, then succeeds, waiting a short jitter in between", async () => {
        vpc.emulator.injectFault({ kind: "error", code: "Throttling.User", times: 2 });
        const { client, waits } = emulatorClient(vpc.emulator);
        const result = await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(result.attempts).toBe(3);
        // Full jitter at random()=0.5 of 500 ms, each time: the rate limiter paces throttled retries.
        expect(waits).toEqual([250, 250]);
    });

    it("honours x-acs-retry-after instead of its own backoff", async () => {
        vpc.emulator.injectFault({ kind: "error", code: "Throttling.Api", retryAfterMs: 1234, times: 1 });
        const { client, waits } = emulatorClient(vpc.emulator);
        await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(waits).toEqual([1234]);
    });

    it("gives up on persistent throttling with VpcThrottledError once maxThrottleWaitMs has passed", async () => {
        vpc.emulator.injectFault({ kind: "error", code: "Throttling.User" });
        const { client, waits } = emulatorClient(vpc.emulator, { retry: { maxThrottleWaitMs: 2000 } });
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcThrottledError);
        // The client's clock moves by its waits: eight of 250 ms fit in 2 s from the first answer.
        expect(waits).toEqual(Array.from({ length: 8 }, () => 250));
        expect((e as VpcError).attempts).toBe(9);
        expect((e as VpcError).code).toBe("Throttling.User");
        expect((e as VpcError).message).toContain("9 attempts");
        expect((e as VpcError).message).toContain("still throttled 2 s after the first throttling answer");
        // The error says how long the retries waited in all, and that the service is at fault.
        expect((e as VpcError).totalRetryDelayMs).toBe(8 * 250);
        expect((e as VpcError).fault).toBe("server");
    });

    it("stops retrying when the retry budget is exhausted, and says so", async () => {
        vpc.emulator.injectFault({ kind: "error", code: "ServiceUnavailable" });
        const budget = new RetryBudget({ capacity: 10, retryCost: 5 });
        const { client } = emulatorClient(vpc.emulator, { retryBudget: budget });
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcServiceError);
        expect((e as VpcError).attempts).toBe(3);
        expect((e as VpcError).message).toContain("retry budget is exhausted");
        expect(budget.available).toBe(0);
        vpc.emulator.clearFaults();
        // Successes after retries give their tokens back.
        await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(budget.available).toBe(1);
    });

    it("does not retry a client error such as InvalidParameter", async () => {
        vpc.emulator.injectFault({ kind: "error", code: "InvalidParameter", times: 1 });
        const { client, waits } = emulatorClient(vpc.emulator);
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcServiceError);
        expect((e as VpcError).attempts).toBe(1);
        expect((e as VpcError).fault).toBe("client");
        expect((e as VpcError).totalRetryDelayMs).toBe(0);
        expect(waits).toEqual([]);
    });

    it("turns a wrong secret into VpcAuthError without quoting the server's string to sign", async () => {
        const { client } = emulatorClient(vpc.emulator, {
            credentials: {
                accessKeyId: DEFAULT_TEST_CREDENTIALS.accessKeyId,
                accessKeySecret: "wrong-secret-value-123",
            },
        });
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcAuthError);
        expect((e as VpcError).code).toBe("SignatureDoesNotMatch");
        expect((e as VpcError).attempts).toBe(1);
        const text = allText(e) + String((e as Error).stack);
        expect(text).not.toContain(DEFAULT_TEST_CREDENTIALS.accessKeyId);
        expect(text).not.toContain("wrong-secret-value-123");
        expect(text).not.toMatch(/Signature(Nonce)?%3D|Signature=/);
    });

    it("turns an unknown access key into VpcAuthError", async () => {
        const { client } = emulatorClient(vpc.emulator, {
            credentials: { accessKeyId: "LTAI5tUnknownKeyId0001", accessKeySecret: "whatever-secret" },
        });
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcAuthError);
        expect((e as VpcError).code).toBe("InvalidAccessKeyId.NotFound");
        expect(allText(e)).not.toContain("LTAI5tUnknownKeyId0001");
    });

    it("retries a 503 without Code, then reports it as an invalid response with its status", async () => {
        vpc.emulator.injectFault({ kind: "status-without-code", httpStatus: 503 });
        const { client } = emulatorClient(vpc.emulator, { retry: { maxAttempts: 2 } });
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcInvalidResponseError);
        expect((e as VpcError).httpStatus).toBe(503);
        expect((e as VpcError).attempts).toBe(2);
        expect((e as VpcError).requestId).toBeDefined();
        expect((e as VpcError).message).toContain("HTTP 503 without an error code");
    });

    it.each([
        ["an HTML body", { kind: "html" as const, httpStatus: 200 }],
        ["an empty body", { kind: "empty" as const, httpStatus: 200 }],
    ])("turns %s into VpcInvalidResponseError, never a success", async (_label, fault) => {
        vpc.emulator.injectFault(fault);
        const { client } = emulatorClient(vpc.emulator);
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcInvalidResponseError);
        expect((e as VpcError).message).toContain("not JSON");
        expect((e as VpcError).message).toContain("DescribeVpnConnection");
        // A proxy's page is not the caller's doing, whatever its status.
        expect((e as VpcError).fault).toBe("server");
    });

    it("turns a 2xx body without the promised fields into VpcInvalidResponseError", async () => {
        vpc.emulator.putConnection("cn-qingdao", {
            VpnConnectionId: "vco-m5e0brokenfixture001",
            IkeConfig: "oops" as never,
        });
        const { client } = emulatorClient(vpc.emulator, { regionId: "cn-qingdao" });
        const e = await rejectionOf(client.describeVpnConnection("vco-m5e0brokenfixture001"));
        expect(e).toBeInstanceOf(VpcInvalidResponseError);
        expect((e as VpcError).message).toContain("field IkeConfig should be an object");
        expect((e as VpcError).requestId).toBeDefined();
    });

    it("times out a hung call, retries it, and reports VpcTimeoutError", async () => {
        vpc.emulator.injectFault({ kind: "hang" });
        const { client } = emulatorClient(vpc.emulator, { timeoutMs: 200, retry: { maxAttempts: 2 } });
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcTimeoutError);
        expect((e as VpcError).attempts).toBe(2);
        expect((e as VpcError).retryable).toBe(true);
    });

    it("retries a connection reset, then succeeds", async () => {
        vpc.emulator.injectFault({ kind: "reset", times: 1 });
        const { client } = emulatorClient(vpc.emulator);
        const result = await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(result.attempts).toBe(2);
    });

    it("reports a refused connection as VpcNetworkError without retrying", async () => {
        const endpoint = await unusedEndpoint();
        const { client } = emulatorClient(vpc.emulator, { endpoint });
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcNetworkError);
        expect((e as VpcError).message).toContain("ECONNREFUSED");
        expect((e as VpcError).attempts).toBe(1);
        // Nothing serves at the endpoint: not a fault of the request.
        expect((e as VpcError).fault).toBe("server");
    });

    it("rejects bad input before any call, naming the argument", async () => {
        vpc.emulator.clearRequests();
        const { client } = emulatorClient(vpc.emulator);
        const bad = await rejectionOf(client.describeVpnConnection("not-an-id"));
        expect(bad).toBeInstanceOf(VpcInvalidInputError);
        expect((bad as VpcInvalidInputError).argument).toBe("vpnConnectionId");
        expect((bad as Error).message).toContain('got "not-an-id"');
        const region = await rejectionOf(
            client.describeVpnConnection(FIXTURE_IDS.singleTunnel, { regionId: "Hangzhou!" }),
        );
        expect((region as VpcInvalidInputError).argument).toBe("regionId");
        const page = await rejectionOf(client.describeVpnConnections({ pageSize: 51 }));
        expect((page as VpcInvalidInputError).argument).toBe("pageSize");
        expect(vpc.emulator.requests).toHaveLength(0);
    });

    it("names the read that needed credentials when no source has any", async () => {
        vpc.emulator.clearRequests();
        const { client } = emulatorClient(vpc.emulator, { credentials: {} });
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcCredentialsNotFoundError);
        expect((e as Error).message).toMatch(
            /^DescribeVpnConnection \(VPN connection vco-bp1bbi27hojx80nck0001, region cn-hangzhou\): no Alibaba Cloud credentials found; tried, in order: alicloud:accessKey/,
        );
        expect((e as VpcCredentialsNotFoundError).sourcesTried.length).toBeGreaterThan(3);
        expect(vpc.emulator.requests).toHaveLength(0);
    });

    it("never puts the secret, the access key id, a token or a signature in any error", async () => {
        const token = "STS.TokenValueForLeakTest0001";
        const sts = {
            accessKeyId: "STS.LeakTestKeyId0001",
            accessKeySecret: "LeakTestSecret0001",
            securityToken: token,
        };
        vpc.emulator.addCredential({ ...sts, securityToken: "STS.SomeOtherTokenValue9" });
        const errors: unknown[] = [];
        const { client } = emulatorClient(vpc.emulator, { credentials: sts, retry: { maxAttempts: 1 } });
        errors.push(await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel)));
        for (const fault of [
            { kind: "error" as const, code: "Forbidden.RAM" },
            { kind: "error" as const, code: "InternalError" },
            { kind: "html" as const },
            { kind: "status-without-code" as const, httpStatus: 500 },
        ]) {
            vpc.emulator.injectFault({ ...fault, times: 1 });
            const { client: ok } = emulatorClient(vpc.emulator, { retry: { maxAttempts: 1 } });
            errors.push(await rejectionOf(ok.describeVpnConnection(FIXTURE_IDS.singleTunnel)));
        }
        for (const e of errors) {
            expect(e).toBeInstanceOf(VpcError);
            const text = `${allText(e)} ${(e as Error).stack} ${allText((e as Error).cause)}`;
            for (const secret of [
                token,
                sts.accessKeyId,
                sts.accessKeySecret,
                DEFAULT_TEST_CREDENTIALS.accessKeyId,
                DEFAULT_TEST_CREDENTIALS.accessKeySecret,
                "STS.SomeOtherTokenValue9",
            ]) {
                expect(text).not.toContain(secret);
            }
            expect(text).not.toMatch(/Signature=|SignatureNonce=|http:\/\/127/);
        }
    });
});
