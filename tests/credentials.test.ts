/**
 * The credential and region chains, in order: explicit settings, the standard environment variables,
 * the legacy ones, a named profile, then the rest of `@alicloud/credentials`' chain. Keys are checked
 * where they matter, at the emulator: it records the AccessKeyId of every request and accepts an STS key
 * only with its token. Files are written into the temp HOME of `support/setup-env.ts`; no test may leave loopback.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { FIXTURE_IDS } from "../emulator/fixtures";
import { resolveCredentials } from "../provider/credentials";
import { REGION_ENV_VARS, resolveRegion } from "../provider/region";
import {
    VpcAuthError,
    VpcCredentialsNotFoundError,
    type VpcError,
    VpcInvalidInputError,
} from "../provider/errors";
import { allText, emulatorClient } from "./support/client";
import { useEmulator } from "./support/emulator";
import { rejectionOf, thrownBy } from "./support/rejection";
import {
    guardNetwork,
    restoreProcessEnv,
    useTempHome,
    writeCliConfig,
    writeSharedCredentials,
} from "./support/hermetic";

const STANDARD = { accessKeyId: "LTAI5tStandardEnvKey01", accessKeySecret: "StandardEnvSecret-0001" };
const LEGACY = { accessKeyId: "LTAI5tLegacyEnvKey0001", accessKeySecret: "LegacyEnvSecret-0001" };
const PROFILE_X = { accessKeyId: "LTAI5tProfileXKey00001", accessKeySecret: "ProfileXSecret-0001" };
const PROFILE_Y = { accessKeyId: "LTAI5tProfileYKey00001", accessKeySecret: "ProfileYSecret-0001" };
const STS = {
    accessKeyId: "STS.NTestStsKeyId0001",
    accessKeySecret: "StsKeySecret-0001",
    securityToken: "CAIS.TestSecurityTokenValue0001",
};

useTempHome();
const network = guardNetwork();
restoreProcessEnv();

const vpc = useEmulator({
    seed: (emulator) => {
        for (const c of [STANDARD, LEGACY, PROFILE_X, PROFILE_Y, STS]) emulator.addCredential(c);
    },
});

/** A client of the emulator that resolves credentials (and, unless given, everything else) itself. */
function chainClient(overrides: Parameters<typeof emulatorClient>[1] = {}) {
    return emulatorClient(vpc.emulator, { credentials: undefined, env: undefined, ...overrides }).client;
}

/** The AccessKeyId the emulator saw on each request so far. */
function keysSent(): (string | undefined)[] {
    return vpc.emulator.requests.map((r) => r.accessKeyId);
}

function setEnv(vars: Record<string, string>): void {
    Object.assign(process.env, vars);
}

function profileConfig() {
    return {
        current: "x",
        profiles: [
            {
                name: "x",
                mode: "AK" as const,
                access_key_id: PROFILE_X.accessKeyId,
                access_key_secret: PROFILE_X.accessKeySecret,
                region_id: "cn-hangzhou",
            },
            {
                name: "y",
                mode: "AK" as const,
                access_key_id: PROFILE_Y.accessKeyId,
                access_key_secret: PROFILE_Y.accessKeySecret,
                region_id: "cn-shanghai",
            },
            {
                name: "sts",
                mode: "StsToken" as const,
                access_key_id: STS.accessKeyId,
                access_key_secret: STS.accessKeySecret,
                sts_token: STS.securityToken,
                region_id: "cn-hangzhou",
            },
        ],
    };
}

describe("the credential chain, in order", () => {
    it("uses explicit settings over every environment variable", async () => {
        setEnv({
            ALIBABA_CLOUD_ACCESS_KEY_ID: STANDARD.accessKeyId,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: STANDARD.accessKeySecret,
            ALICLOUD_ACCESS_KEY: LEGACY.accessKeyId,
            ALICLOUD_SECRET_KEY: LEGACY.accessKeySecret,
        });
        const resolved = await resolveCredentials({ ...DEFAULT_TEST_CREDENTIALS }, process.env);
        expect(resolved.accessKeyId).toBe(DEFAULT_TEST_CREDENTIALS.accessKeyId);
        expect(resolved.source).toBe("alicloud:accessKey/alicloud:secretKey");

        await chainClient({ credentials: { ...DEFAULT_TEST_CREDENTIALS } }).describeVpnConnection(
            FIXTURE_IDS.singleTunnel,
        );
        expect(keysSent()).toEqual([DEFAULT_TEST_CREDENTIALS.accessKeyId]);
    });

    it("uses ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET over the legacy ALICLOUD_* pair", async () => {
        setEnv({
            ALIBABA_CLOUD_ACCESS_KEY_ID: STANDARD.accessKeyId,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: STANDARD.accessKeySecret,
            ALICLOUD_ACCESS_KEY: LEGACY.accessKeyId,
            ALICLOUD_SECRET_KEY: LEGACY.accessKeySecret,
        });
        const resolved = await resolveCredentials({}, process.env);
        expect(resolved.source).toBe("ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET");

        const result = await chainClient().describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(result.connection.vpnConnectionId).toBe(FIXTURE_IDS.singleTunnel);
        expect(keysSent()).toEqual([STANDARD.accessKeyId]);
    });

    it("falls back to the legacy ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY pair when the standard one is unset", async () => {
        setEnv({ ALICLOUD_ACCESS_KEY: LEGACY.accessKeyId, ALICLOUD_SECRET_KEY: LEGACY.accessKeySecret });
        const resolved = await resolveCredentials({}, process.env);
        expect(resolved.source).toBe("ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY");

        await chainClient().describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(keysSent()).toEqual([LEGACY.accessKeyId]);
    });

    it("treats empty variables as unset and moves on to the next pair", async () => {
        setEnv({
            ALIBABA_CLOUD_ACCESS_KEY_ID: "",
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: "",
            ALICLOUD_ACCESS_KEY: LEGACY.accessKeyId,
            ALICLOUD_SECRET_KEY: LEGACY.accessKeySecret,
        });
        const resolved = await resolveCredentials({}, process.env);
        expect(resolved.accessKeyId).toBe(LEGACY.accessKeyId);
    });

    it.each([
        ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
        ["ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ACCESS_KEY_ID"],
        ["ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY"],
        ["ALICLOUD_SECRET_KEY", "ALICLOUD_ACCESS_KEY"],
    ])(
        "rejects %s set alone with VpcInvalidInputError naming %s, without echoing the value",
        async (present, missing) => {
            const value = present.includes("SECRET") ? "HalfPairSecretValue-0001" : "LTAI5tHalfPairKeyId0001";
            setEnv({ [present]: value });
            const e = await rejectionOf(resolveCredentials({}, process.env));
            expect(e).toBeInstanceOf(VpcInvalidInputError);
            expect((e as VpcInvalidInputError).argument).toBe(missing);
            expect((e as Error).message).toContain(`${missing} is missing while ${present} is set`);
            expect(allText(e) + String((e as Error).stack)).not.toContain(value);
        },
    );

    it("rejects an explicit secret without its access key id, naming alicloud:accessKey and not the secret", async () => {
        const e = await rejectionOf(resolveCredentials({ accessKeySecret: "ExplicitLoneSecret-0001" }, {}));
        expect(e).toBeInstanceOf(VpcInvalidInputError);
        expect((e as VpcInvalidInputError).argument).toBe("alicloud:accessKey");
        expect(allText(e)).not.toContain("ExplicitLoneSecret-0001");
    });

    it("stops at a half pair instead of silently using a later complete one", async () => {
        setEnv({
            ALIBABA_CLOUD_ACCESS_KEY_ID: STANDARD.accessKeyId,
            ALICLOUD_ACCESS_KEY: LEGACY.accessKeyId,
            ALICLOUD_SECRET_KEY: LEGACY.accessKeySecret,
        });
        const e = await rejectionOf(chainClient().describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcInvalidInputError);
        expect((e as VpcInvalidInputError).argument).toBe("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        expect(vpc.emulator.requests).toHaveLength(0);
    });

    it("rejects a malformed access key id naming its variable without quoting it", async () => {
        setEnv({
            ALIBABA_CLOUD_ACCESS_KEY_ID: "bad key id!",
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: "SomeSecretValue-0001",
        });
        const e = await rejectionOf(resolveCredentials({}, process.env));
        expect(e).toBeInstanceOf(VpcInvalidInputError);
        expect((e as VpcInvalidInputError).argument).toBe("ALIBABA_CLOUD_ACCESS_KEY_ID");
        expect((e as Error).message).not.toContain("bad key id!");
        expect((e as Error).message).not.toContain("SomeSecretValue-0001");
    });
});

describe("STS credentials", () => {
    it.each([
        [
            "ALIBABA_CLOUD_SECURITY_TOKEN",
            {
                ALIBABA_CLOUD_ACCESS_KEY_ID: STS.accessKeyId,
                ALIBABA_CLOUD_ACCESS_KEY_SECRET: STS.accessKeySecret,
                ALIBABA_CLOUD_SECURITY_TOKEN: STS.securityToken,
            },
        ],
        [
            "ALICLOUD_SECURITY_TOKEN",
            {
                ALICLOUD_ACCESS_KEY: STS.accessKeyId,
                ALICLOUD_SECRET_KEY: STS.accessKeySecret,
                ALICLOUD_SECURITY_TOKEN: STS.securityToken,
            },
        ],
    ])("sends the token of %s, which the emulator requires of an STS key", async (_name, vars) => {
        setEnv(vars);
        const result = await chainClient().describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(result.connection.vpnConnectionId).toBe(FIXTURE_IDS.singleTunnel);
        expect(keysSent()).toEqual([STS.accessKeyId]);
    });

    it("sends the token of explicit alicloud:securityToken", async () => {
        await chainClient({ credentials: { ...STS } }).describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(keysSent()).toEqual([STS.accessKeyId]);
    });

    it("is refused by the emulator without its token, so the tests above prove the token was sent", async () => {
        setEnv({
            ALIBABA_CLOUD_ACCESS_KEY_ID: STS.accessKeyId,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: STS.accessKeySecret,
        });
        const e = await rejectionOf(chainClient().describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcAuthError);
        expect((e as VpcError).code).toMatch(/^InvalidSecurityToken/);
    });

    it("does not take the token of one pair for the key of another", async () => {
        setEnv({
            ALIBABA_CLOUD_SECURITY_TOKEN: STS.securityToken,
            ALICLOUD_ACCESS_KEY: STS.accessKeyId,
            ALICLOUD_SECRET_KEY: STS.accessKeySecret,
        });
        const resolved = await resolveCredentials({}, process.env);
        expect(resolved.source).toBe("ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY");
        expect(resolved.securityToken).toBeUndefined();
    });
});

describe("named profiles", () => {
    it("reads the profile named by alicloud:profile from ~/.aliyun/config.json and reads a connection with it", async () => {
        writeCliConfig(profileConfig());
        const resolved = await resolveCredentials({ profile: "y" }, process.env);
        expect(resolved).toMatchObject({
            ...PROFILE_Y,
            source: expect.stringContaining('profile "y" (alicloud:profile)'),
        });
        expect(resolved.source).toContain("~/.aliyun/config.json");

        const result = await chainClient({ credentials: { profile: "y" } }).describeVpnConnection(
            FIXTURE_IDS.singleTunnel,
        );
        expect(result.connection.name).toBe("hq-office-ipsec");
        expect(keysSent()).toEqual([PROFILE_Y.accessKeyId]);
    });

    it("reads the profile named by ALIBABA_CLOUD_PROFILE", async () => {
        writeCliConfig(profileConfig());
        setEnv({ ALIBABA_CLOUD_PROFILE: "y" });
        const resolved = await resolveCredentials({}, process.env);
        expect(resolved.accessKeyId).toBe(PROFILE_Y.accessKeyId);
        expect(resolved.source).toContain("ALIBABA_CLOUD_PROFILE");

        await chainClient().describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(keysSent()).toEqual([PROFILE_Y.accessKeyId]);
    });

    it("prefers alicloud:profile over ALIBABA_CLOUD_PROFILE", async () => {
        writeCliConfig(profileConfig());
        setEnv({ ALIBABA_CLOUD_PROFILE: "y" });
        const resolved = await resolveCredentials({ profile: "x" }, process.env);
        expect(resolved.accessKeyId).toBe(PROFILE_X.accessKeyId);
    });

    it("prefers the environment's key pair over a named profile", async () => {
        writeCliConfig(profileConfig());
        setEnv({
            ALIBABA_CLOUD_PROFILE: "y",
            ALICLOUD_ACCESS_KEY: LEGACY.accessKeyId,
            ALICLOUD_SECRET_KEY: LEGACY.accessKeySecret,
        });
        const resolved = await resolveCredentials({}, process.env);
        expect(resolved.accessKeyId).toBe(LEGACY.accessKeyId);
    });

    it("reads an StsToken profile and sends its token", async () => {
        writeCliConfig(profileConfig());
        const result = await chainClient({ credentials: { profile: "sts" } }).describeVpnConnection(
            FIXTURE_IDS.minimal,
            {
                regionId: "cn-shanghai",
            },
        );
        expect(result.connection.regionId).toBe("cn-shanghai");
        expect(keysSent()).toEqual([STS.accessKeyId]);
    });

    it("reads a named profile of ~/.alibabacloud/credentials when ~/.aliyun/config.json lacks it", async () => {
        writeSharedCredentials(
            `[team]\ntype = access_key\naccess_key_id = ${PROFILE_X.accessKeyId}\naccess_key_secret = ${PROFILE_X.accessKeySecret}\n`,
        );
        const resolved = await resolveCredentials({ profile: "team" }, process.env);
        expect(resolved.accessKeyId).toBe(PROFILE_X.accessKeyId);
        expect(resolved.source).toContain("~/.alibabacloud/credentials");
    });

    it("reads the current profile of ~/.aliyun/config.json when no profile is named", async () => {
        writeCliConfig(profileConfig());
        await chainClient().describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(keysSent()).toEqual([PROFILE_X.accessKeyId]);
    });

    it("lists a named profile that does not exist among the sources tried", async () => {
        writeCliConfig({ current: "x", profiles: [] });
        const e = await rejectionOf(resolveCredentials({ profile: "nope" }, process.env));
        expect(e).toBeInstanceOf(VpcCredentialsNotFoundError);
        expect((e as VpcCredentialsNotFoundError).sourcesTried.join("\n")).toContain(
            'profile "nope" (alicloud:profile)',
        );
    });

    it("does not quote a malformed ~/.aliyun/config.json, which holds secrets, in the error", async () => {
        const secret = "BrokenConfigSecret-0001";
        // A trailing comma: the file is not JSON, and the library's parse error quotes the whole file.
        writeCliConfig({
            raw: `{"current":"x","profiles":[{"name":"x","mode":"AK","access_key_id":"LTAI5tBrokenFile0001","access_key_secret":"${secret}",}]}`,
        });
        const e = await rejectionOf(resolveCredentials({ profile: "x" }, process.env));
        expect(e).toBeInstanceOf(VpcCredentialsNotFoundError);
        expect((e as Error).message).toContain("~/.aliyun/config.json");
        expect(allText(e) + String((e as Error).stack)).not.toContain(secret);
    });
});

describe("ALIBABA_CLOUD_CREDENTIALS_URI", () => {
    const URI_STS = {
        accessKeyId: "STS.NTestUriKeyId0001",
        accessKeySecret: "UriKeySecret-0001",
        securityToken: "CAIS.TestUriTokenValue0001",
    };
    let server: Server;
    let base: string;

    beforeAll(async () => {
        vpc.emulator.addCredential(URI_STS);
        // A loopback credentials URI: /full answers a complete STS credential, /partial one without its token.
        server = createServer((req, res) => {
            const body: Record<string, string> = {
                Code: "Success",
                AccessKeyId: URI_STS.accessKeyId,
                AccessKeySecret: URI_STS.accessKeySecret,
                Expiration: "2099-01-01T00:00:00Z",
            };
            if (req.url === "/full") body.SecurityToken = URI_STS.securityToken;
            res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
        await new Promise((resolve) => server.close(resolve));
    });

    it("reads STS credentials from the URI and sends their token", async () => {
        setEnv({ ALIBABA_CLOUD_CREDENTIALS_URI: `${base}/full` });
        const resolved = await resolveCredentials({}, process.env);
        expect(resolved).toMatchObject({ ...URI_STS, source: "ALIBABA_CLOUD_CREDENTIALS_URI" });
        await chainClient().describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(keysSent()).toEqual([URI_STS.accessKeyId]);
    });

    it("does not quote the URI's answer, which can hold a secret, when it is incomplete", async () => {
        setEnv({ ALIBABA_CLOUD_CREDENTIALS_URI: `${base}/partial` });
        const e = await rejectionOf(resolveCredentials({}, process.env));
        expect(e).toBeInstanceOf(VpcCredentialsNotFoundError);
        expect((e as VpcCredentialsNotFoundError).sourcesTried.at(-1)).toMatch(
            /^ALIBABA_CLOUD_CREDENTIALS_URI: /,
        );
        expect(allText(e) + String((e as Error).stack)).not.toContain(URI_STS.accessKeySecret);
    });
});

describe("when no credentials are found", () => {
    it("throws VpcCredentialsNotFoundError listing every source in order, without any secret", async () => {
        // Stray tokens without a key pair are not credentials; they must not be quoted either.
        setEnv({
            ALIBABA_CLOUD_SECURITY_TOKEN: "StrayStandardToken-0001",
            ALICLOUD_SECURITY_TOKEN: "StrayLegacyToken-0001",
        });
        const e = await rejectionOf(
            resolveCredentials({ securityToken: "StrayExplicitToken-0001" }, process.env),
        );
        expect(e).toBeInstanceOf(VpcCredentialsNotFoundError);
        expect(e).toBeInstanceOf(VpcAuthError);
        const err = e as VpcCredentialsNotFoundError;
        expect(err.code).toBe("CredentialsNotFound");
        expect(err.attempts).toBe(0);
        expect(err.message).toMatch(/^no Alibaba Cloud credentials found; tried, in order: /);
        const [explicitLink, standardLink, legacyLink] = err.sourcesTried;
        expect(explicitLink).toMatch(/^alicloud:accessKey\/alicloud:secretKey: /);
        expect(standardLink).toMatch(/^ALIBABA_CLOUD_ACCESS_KEY_ID\/ALIBABA_CLOUD_ACCESS_KEY_SECRET: /);
        expect(legacyLink).toMatch(/^ALICLOUD_ACCESS_KEY\/ALICLOUD_SECRET_KEY: /);
        // The rest of the standard chain, in @alicloud/credentials' order.
        const rest = err.sourcesTried.slice(3).join("\n");
        const order = [
            "OIDC",
            "~/.aliyun/config.json",
            "~/.alibabacloud/credentials",
            "ECS",
            "ALIBABA_CLOUD_CREDENTIALS_URI",
        ];
        const positions = order.map((s) => rest.indexOf(s));
        expect(positions.every((p) => p >= 0)).toBe(true);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        for (const source of err.sourcesTried) expect(err.message).toContain(source);
        const text = allText(e) + String(err.stack);
        for (const secret of [
            "StrayStandardToken-0001",
            "StrayLegacyToken-0001",
            "StrayExplicitToken-0001",
        ]) {
            expect(text).not.toContain(secret);
        }
    });

    it("tries nothing outside the machine: no ECS metadata call and no lookup of an unset credentials URI", async () => {
        await rejectionOf(resolveCredentials({}, process.env));
        expect(network.refused).toEqual([]);
    });

    it("fails a client call before any request, with the same error", async () => {
        const e = await rejectionOf(chainClient().describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcCredentialsNotFoundError);
        expect(vpc.emulator.requests).toHaveLength(0);
    });

    it("finds a ~/.aliyun/config.json written after an earlier lookup found nothing", async () => {
        await rejectionOf(resolveCredentials({}, process.env));
        writeCliConfig(profileConfig());
        const resolved = await resolveCredentials({}, process.env);
        expect(resolved.accessKeyId).toBe(PROFILE_X.accessKeyId);
    });
});

describe("resolution at call time", () => {
    it("uses the key in the environment at each call, not the one at construction", async () => {
        const client = chainClient();
        setEnv({
            ALIBABA_CLOUD_ACCESS_KEY_ID: STANDARD.accessKeyId,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: STANDARD.accessKeySecret,
        });
        await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        setEnv({
            ALIBABA_CLOUD_ACCESS_KEY_ID: LEGACY.accessKeyId,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: LEGACY.accessKeySecret,
        });
        await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(keysSent()).toEqual([STANDARD.accessKeyId, LEGACY.accessKeyId]);
    });

    it("reads the region from the environment at each call", async () => {
        const client = chainClient({ regionId: undefined, credentials: { ...DEFAULT_TEST_CREDENTIALS } });
        setEnv({ ALIBABA_CLOUD_REGION: "cn-shanghai" });
        const first = await client.describeVpnConnection(FIXTURE_IDS.minimal);
        setEnv({ ALIBABA_CLOUD_REGION: "cn-hangzhou" });
        await client.describeVpnConnection(FIXTURE_IDS.singleTunnel);
        expect(first.connection.regionId).toBe("cn-shanghai");
        expect(vpc.emulator.requests.map((r) => r.regionId)).toEqual(["cn-shanghai", "cn-hangzhou"]);
    });
});

describe("the region chain", () => {
    const explicit = (value?: string) => [{ value, source: "alicloud:region" }];
    const all = {
        ALIBABA_CLOUD_REGION_ID: "cn-beijing",
        ALIBABA_CLOUD_REGION: "cn-shenzhen",
        ALICLOUD_REGION: "ap-southeast-1",
    };

    it.each([
        ["the explicit value", "cn-hangzhou", all, "cn-hangzhou", "alicloud:region"],
        ["ALIBABA_CLOUD_REGION_ID", undefined, all, "cn-beijing", "ALIBABA_CLOUD_REGION_ID"],
        [
            "ALIBABA_CLOUD_REGION",
            undefined,
            { ...all, ALIBABA_CLOUD_REGION_ID: undefined },
            "cn-shenzhen",
            "ALIBABA_CLOUD_REGION",
        ],
        [
            "ALICLOUD_REGION",
            "",
            { ALIBABA_CLOUD_REGION_ID: "", ALICLOUD_REGION: "ap-southeast-1" },
            "ap-southeast-1",
            "ALICLOUD_REGION",
        ],
    ])("uses %s before the sources after it", (_label, value, env, regionId, source) => {
        expect(resolveRegion(explicit(value), env)).toEqual({ regionId, source });
    });

    it("tries the explicit sources in the order given", () => {
        const r = resolveRegion(
            [
                { value: undefined, source: "regionId" },
                { value: "us-west-1", source: "alicloud:region" },
            ],
            all,
        );
        expect(r).toEqual({ regionId: "us-west-1", source: "alicloud:region" });
    });

    it("throws VpcInvalidInputError listing every source, in order, when no region is set", () => {
        let caught: unknown;
        try {
            resolveRegion(
                [
                    { value: undefined, source: "regionId" },
                    { value: "", source: "alicloud:region" },
                ],
                {},
            );
        } catch (e) {
            caught = e;
        }
        expect(caught).toBeInstanceOf(VpcInvalidInputError);
        expect((caught as VpcInvalidInputError).argument).toBe("regionId");
        expect((caught as Error).message).toContain(
            `no region given; set one of: regionId, alicloud:region, ${REGION_ENV_VARS.join(", ")}`,
        );
        expect(REGION_ENV_VARS).toEqual([
            "ALIBABA_CLOUD_REGION_ID",
            "ALIBABA_CLOUD_REGION",
            "ALICLOUD_REGION",
        ]);
    });

    it.each(["ALIBABA_CLOUD_REGION_ID", "ALIBABA_CLOUD_REGION", "ALICLOUD_REGION"])(
        "names %s when the region it holds is malformed, rather than skipping it",
        (name) => {
            const env: Record<string, string> = { ALICLOUD_REGION: "cn-hangzhou" };
            env[name] = "Hangzhou China";
            const e = thrownBy(() => resolveRegion(explicit(undefined), env));
            expect(e).toBeInstanceOf(VpcInvalidInputError);
            expect((e as VpcInvalidInputError).argument).toBe(name);
            expect((e as Error).message).toContain(`invalid ${name}: expected an Alibaba Cloud region id`);
            expect((e as Error).message).toContain('"Hangzhou China"');
        },
    );

    it("names alicloud:region when the explicit region is malformed", () => {
        expect(() => resolveRegion(explicit("cn_hangzhou"), all)).toThrow(
            /invalid alicloud:region: .*"cn_hangzhou"/,
        );
    });

    it("reads the region chain when a client has none, and fails before any request when it finds none", async () => {
        const client = chainClient({ regionId: undefined, credentials: { ...DEFAULT_TEST_CREDENTIALS } });
        const e = await rejectionOf(client.describeVpnConnection(FIXTURE_IDS.singleTunnel));
        expect(e).toBeInstanceOf(VpcInvalidInputError);
        expect((e as Error).message).toContain("ALICLOUD_REGION");
        expect(vpc.emulator.requests).toHaveLength(0);
        setEnv({ ALICLOUD_REGION: "cn-shanghai" });
        await client.describeVpnConnection(FIXTURE_IDS.minimal);
        expect(vpc.emulator.requests.map((r) => r.regionId)).toEqual(["cn-shanghai"]);
    });
});
