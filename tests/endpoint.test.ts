/**
 * Which URL the VPC API is called at: the explicit endpoint, else ALIBABA_CLOUD_ENDPOINT_VPC, else the
 * region's default; HTTPS always, plain HTTP for loopback only; and that the environment override
 * really routes a client's calls (to the emulator, over loopback).
 */
import { DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { FIXTURE_IDS, VALID_REGION_IDS } from "../emulator/fixtures";
import { VpcClient } from "../provider/client";
import {
    CENTRAL_ENDPOINT_REGIONS,
    ENDPOINT_ENV_VAR,
    defaultEndpoint,
    isLoopbackHost,
    normalizeEndpoint,
    resolveEndpoint,
} from "../provider/endpoint";
import { VpcInvalidInputError } from "../provider/errors";
import { RetryBudget } from "../provider/retry";
import { rejectionOf, thrownBy } from "./support/rejection";
import { TEST_ATTEMPT_TIMEOUT_MS } from "./support/client";
import { useEmulator } from "./support/emulator";
import { guardNetwork } from "./support/hermetic";

/** The regions Alibaba's endpoint list still serves at the central vpc.aliyuncs.com. */
const CENTRAL = [
    "cn-qingdao",
    "cn-beijing",
    "cn-hangzhou",
    "cn-shanghai",
    "cn-shenzhen",
    "cn-hongkong",
    "ap-southeast-1",
    "us-east-1",
    "us-west-1",
];

function invalidInput(fn: () => unknown): VpcInvalidInputError {
    const e = thrownBy(fn);
    expect(e).toBeInstanceOf(VpcInvalidInputError);
    return e as VpcInvalidInputError;
}

describe("defaultEndpoint", () => {
    it.each(CENTRAL)("sends %s to the central https://vpc.aliyuncs.com", (region) => {
        expect(defaultEndpoint(region)).toBe("https://vpc.aliyuncs.com");
    });

    it("has exactly the nine central regions", () => {
        expect([...CENTRAL_ENDPOINT_REGIONS].sort()).toEqual([...CENTRAL].sort());
    });

    it.each([
        "cn-zhangjiakou",
        "cn-huhehaote",
        "eu-central-1",
        "ap-northeast-1",
        "me-east-1",
        "cn-shanghai-finance-1",
    ])("sends %s to its regional endpoint", (region) => {
        expect(defaultEndpoint(region)).toBe(`https://vpc.${region}.aliyuncs.com`);
    });

    it("gives every region the emulator knows an https endpoint under aliyuncs.com", () => {
        for (const region of VALID_REGION_IDS) {
            const url = new URL(defaultEndpoint(region));
            expect(url.protocol).toBe("https:");
            expect(url.hostname).toMatch(/^vpc\.([a-z0-9-]+\.)?aliyuncs\.com$/);
            expect(url.hostname === "vpc.aliyuncs.com").toBe(CENTRAL.includes(region));
        }
    });
});

describe("resolveEndpoint", () => {
    const env = { [ENDPOINT_ENV_VAR]: "vpc-vpc.cn-hangzhou.aliyuncs.com" };

    it("uses the explicit endpoint over ALIBABA_CLOUD_ENDPOINT_VPC and the region default", () => {
        expect(resolveEndpoint("https://vpc.eu-central-1.aliyuncs.com", "cn-hangzhou", env)).toEqual({
            url: "https://vpc.eu-central-1.aliyuncs.com",
            source: "endpoint",
        });
    });

    it("uses ALIBABA_CLOUD_ENDPOINT_VPC over the region default", () => {
        expect(resolveEndpoint(undefined, "cn-hangzhou", env)).toEqual({
            url: "https://vpc-vpc.cn-hangzhou.aliyuncs.com",
            source: ENDPOINT_ENV_VAR,
        });
        expect(ENDPOINT_ENV_VAR).toBe("ALIBABA_CLOUD_ENDPOINT_VPC");
    });

    it("falls back to the region default when neither is set, treating empty values as unset", () => {
        expect(resolveEndpoint(undefined, "eu-central-1", {})).toEqual({
            url: "https://vpc.eu-central-1.aliyuncs.com",
            source: "region default",
        });
        expect(resolveEndpoint("", "cn-beijing", { [ENDPOINT_ENV_VAR]: "" })).toEqual({
            url: "https://vpc.aliyuncs.com",
            source: "region default",
        });
    });

    it("reads process.env at call time when no environment is given", () => {
        const saved = process.env[ENDPOINT_ENV_VAR];
        try {
            process.env[ENDPOINT_ENV_VAR] = "http://127.0.0.1:9";
            expect(resolveEndpoint(undefined, "cn-hangzhou").url).toBe("http://127.0.0.1:9");
            delete process.env[ENDPOINT_ENV_VAR];
            expect(resolveEndpoint(undefined, "cn-hangzhou").url).toBe("https://vpc.aliyuncs.com");
        } finally {
            if (saved === undefined) delete process.env[ENDPOINT_ENV_VAR];
            else process.env[ENDPOINT_ENV_VAR] = saved;
        }
    });

    it("names the source of a bad endpoint: the argument, or the variable", () => {
        expect(invalidInput(() => resolveEndpoint("http://example.com", "cn-hangzhou", {})).argument).toBe(
            "endpoint",
        );
        const e = invalidInput(() =>
            resolveEndpoint(undefined, "cn-hangzhou", { [ENDPOINT_ENV_VAR]: "http://example.com" }),
        );
        expect(e.argument).toBe("ALIBABA_CLOUD_ENDPOINT_VPC");
        expect(e.message).toMatch(/^invalid ALIBABA_CLOUD_ENDPOINT_VPC: /);
    });

    it("does not fall back to the environment when the explicit endpoint is bad", () => {
        const e = invalidInput(() =>
            resolveEndpoint("ftp://vpc.aliyuncs.com", "cn-hangzhou", {
                [ENDPOINT_ENV_VAR]: "http://127.0.0.1:1",
            }),
        );
        expect(e.argument).toBe("endpoint");
    });
});

describe("normalizeEndpoint", () => {
    it.each([
        ["vpc.cn-hangzhou.aliyuncs.com", "https://vpc.cn-hangzhou.aliyuncs.com"],
        ["  vpc.aliyuncs.com  ", "https://vpc.aliyuncs.com"],
        ["vpc.aliyuncs.com:8443", "https://vpc.aliyuncs.com:8443"],
        ["https://vpc.aliyuncs.com", "https://vpc.aliyuncs.com"],
        ["https://vpc.aliyuncs.com/", "https://vpc.aliyuncs.com"],
        ["HTTPS://VPC.ALIYUNCS.COM", "https://vpc.aliyuncs.com"],
        ["https://vpc.aliyuncs.com:443", "https://vpc.aliyuncs.com"],
        ["http://127.0.0.1:8787", "http://127.0.0.1:8787"],
        ["http://127.12.0.9:80/", "http://127.12.0.9"],
        ["http://localhost:8787", "http://localhost:8787"],
        ["http://LOCALHOST:8787", "http://localhost:8787"],
        ["http://[::1]:8787", "http://[::1]:8787"],
        ["127.0.0.1:8787", "https://127.0.0.1:8787"],
    ])("accepts %j as %s", (given, expected) => {
        expect(normalizeEndpoint(given, "endpoint")).toBe(expected);
    });

    it.each([
        "http://vpc.aliyuncs.com",
        "http://10.0.0.1:8080",
        "http://100.100.100.200",
        "http://0.0.0.0:8787",
        "http://127.0.0.1.nip.io",
        "http://localhost.example.com",
        "http://[::2]:8787",
    ])("rejects plain http to the non-loopback host of %s, naming the host", (given) => {
        const e = invalidInput(() => normalizeEndpoint(given, ENDPOINT_ENV_VAR));
        expect(e.argument).toBe(ENDPOINT_ENV_VAR);
        expect(e.message).toContain("plain http:// is accepted only for loopback hosts");
        expect(e.message).toContain(JSON.stringify(new URL(given).hostname));
    });

    it.each([
        ["https://user:hunter2pass@vpc.aliyuncs.com", "hunter2pass"],
        ["https://LTAI5tUserInUrl0001@vpc.aliyuncs.com", "LTAI5tUserInUrl0001"],
        ["http://key:Secret-In-Url-0001@127.0.0.1:8787", "Secret-In-Url-0001"],
        ["vpc.aliyuncs.com@evil.example", "vpc.aliyuncs.com"],
    ])("rejects credentials in %s without echoing them", (given, secret) => {
        const e = invalidInput(() => normalizeEndpoint(given, "endpoint"));
        expect(e.message).toContain("must not carry credentials");
        expect(e.message).not.toContain(secret);
    });

    it.each([
        "https://vpc.aliyuncs.com/api",
        "https://vpc.aliyuncs.com/?Action=DescribeVpnConnection",
        "https://vpc.aliyuncs.com#frag",
        "http://127.0.0.1:8787/prefix/",
    ])("rejects the path, query or fragment of %s", (given) => {
        const e = invalidInput(() => normalizeEndpoint(given, "endpoint"));
        expect(e.message).toContain("expected scheme, host and port only");
    });

    it.each([
        "ftp://vpc.aliyuncs.com",
        "ws://127.0.0.1:8787",
        "file:///etc/passwd",
        "grpc://localhost:50051",
    ])("rejects the scheme of %s", (given) => {
        const e = invalidInput(() => normalizeEndpoint(given, "endpoint"));
        expect(e.argument).toBe("endpoint");
        expect(e.message).toMatch(
            /expected an https:\/\/ URL, got the scheme|expected scheme, host and port only/,
        );
    });

    it.each([
        ["an empty string", ""],
        ["blanks", "   "],
        ["a number", 443],
        ["null", null],
        ["an object", { host: "vpc.aliyuncs.com" }],
        ["a malformed host", "https://vpc aliyuncs.com"],
        ["a port out of range", "https://vpc.aliyuncs.com:99999"],
    ])("rejects %s with the expected form", (_label, given) => {
        const e = invalidInput(() => normalizeEndpoint(given, "endpoint"));
        expect(e.message).toContain('expected an endpoint URL like "https://vpc.cn-hangzhou.aliyuncs.com"');
    });

    it("quotes at most 48 characters of a rejected value", () => {
        const long = `https://[${"a".repeat(200)}`;
        const e = invalidInput(() => normalizeEndpoint(long, "endpoint"));
        expect(e.message).not.toContain("a".repeat(49));
        expect(e.message).toContain("…");
    });

    it("does not quote a rejected path or query, which could carry a token", () => {
        const e = invalidInput(() =>
            normalizeEndpoint("https://vpc.aliyuncs.com/?token=abcdef123456", "endpoint"),
        );
        expect(e.message).toContain("without a path or query");
        expect(e.message).not.toContain("abcdef123456");
    });
});

describe("isLoopbackHost", () => {
    it.each([
        ["localhost", true],
        ["LocalHost", true],
        ["127.0.0.1", true],
        ["127.255.255.254", true],
        ["[::1]", true],
        ["::1", true],
        ["128.0.0.1", false],
        ["127.0.0.1.example.com", false],
        ["127.example", false],
        ["[::ffff:10.0.0.1]", false],
        ["0.0.0.0", false],
        ["", false],
    ])("says %j is loopback: %s", (host, expected) => {
        expect(isLoopbackHost(host)).toBe(expected);
    });
});

describe("ALIBABA_CLOUD_ENDPOINT_VPC, end to end", () => {
    const vpc = useEmulator();
    // Were the override ignored, the client would call the real vpc.aliyuncs.com: refuse that here.
    const network = guardNetwork();

    afterEach(() => {
        expect(network.refused).toEqual([]);
    });

    function client(env: NodeJS.ProcessEnv): VpcClient {
        return new VpcClient({
            regionId: "cn-hangzhou",
            credentials: { ...DEFAULT_TEST_CREDENTIALS },
            env,
            retry: { maxAttempts: 1 },
            retryBudget: new RetryBudget(),
            timeoutMs: TEST_ATTEMPT_TIMEOUT_MS,
        });
    }

    it("routes a client with no endpoint option to the emulator", async () => {
        const result = await client({ [ENDPOINT_ENV_VAR]: vpc.endpoint }).describeVpnConnection(
            FIXTURE_IDS.singleTunnel,
        );
        expect(result.connection.vpnConnectionId).toBe(FIXTURE_IDS.singleTunnel);
        expect(vpc.emulator.requests).toHaveLength(1);
        expect(vpc.emulator.requests[0]?.vpnConnectionId).toBe(FIXTURE_IDS.singleTunnel);
    });

    it("accepts the emulator's endpoint written with localhost", async () => {
        const env = { [ENDPOINT_ENV_VAR]: `http://localhost:${vpc.emulator.port}` };
        await client(env).describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(vpc.emulator.requests).toHaveLength(1);
    });

    it("refuses a plain-http override to a non-loopback host before any request, naming the variable", async () => {
        const e = await rejectionOf(
            client({ [ENDPOINT_ENV_VAR]: "http://vpc.aliyuncs.com" }).describeVpnConnection(
                FIXTURE_IDS.singleTunnel,
            ),
        );
        expect(e).toBeInstanceOf(VpcInvalidInputError);
        expect((e as VpcInvalidInputError).argument).toBe("ALIBABA_CLOUD_ENDPOINT_VPC");
        expect(vpc.emulator.requests).toHaveLength(0);
    });
});
