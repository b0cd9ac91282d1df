import * as path from "path";
import { ProviderHost, ProviderHostError } from "../engine/provider-host";
import {
    annotateSecrets,
    dropUnknowns,
    PROVIDER_KEY,
    SECRET_SIG,
    SPECIAL_SIG_KEY,
    UNKNOWN_VALUE,
    unwrapSecretsDeep,
} from "../engine/provider-wire";

// This suite starts real provider host processes.
jest.setTimeout(30_000);

const PROGRAM_DIR = path.join(__dirname, "fixtures", "host-program");
const MODULE_PATH = path.join(PROGRAM_DIR, "provider.js");
const URN = "urn:pulumi:dev::host-program::pulumi-nodejs:dynamic:Resource::first";

/**
 * A serialized provider in the form the host expects (`exports.handler` returning the provider),
 * written by hand so these tests do not depend on Pulumi's closure serializer. Like the project's
 * real provider, it requires its implementation by absolute path at call time.
 */
const PROVIDER_BLOB = `exports.handler = () => {
    const impl = () => require(${JSON.stringify(MODULE_PATH)});
    return {
        configure: async (req) => impl().configure(req.config),
        read: (id, props) => impl().read(id, props),
        check: (olds, news) => impl().check(olds, news),
        diff: async (id, olds, news) => ({ changes: olds.label !== news.label, replaces: ["label"] }),
        create: (inputs) => impl().create(inputs),
    };
};`;

function secret(value: unknown): Record<string, unknown> {
    return { [SPECIAL_SIG_KEY]: SECRET_SIG, value };
}

describe("ProviderHost", () => {
    let host: ProviderHost;

    beforeAll(async () => {
        host = await ProviderHost.start({ cwd: PROGRAM_DIR });
    });

    afterAll(async () => {
        await host.stop();
    });

    it("starts the real dynamic-provider host and reports its port and start time", () => {
        expect(host.port).toBeGreaterThan(0);
        expect(host.pid).toEqual(expect.any(Number));
        expect(host.startMs).toBeGreaterThan(0);
        expect(host.running).toBe(true);
    });

    it("answers Configure as a dynamic provider does: no secrets accepted", async () => {
        const result = await host.configure(
            { "test:greeting": "hello", "alicloud:region": "cn-hangzhou", "test:password": "pw" },
            { secretKeys: ["test:password"] },
        );
        expect(result).toEqual({ acceptSecrets: false, acceptResources: false, supportsPreview: false });
    });

    it("reads through the provider, which sees the config passed to configure()", async () => {
        const result = await host.read("vco-1", URN, { [PROVIDER_KEY]: PROVIDER_BLOB });
        expect(result.id).toBe("vco-1");
        expect(result.properties).toMatchObject({
            name: "name-of-vco-1",
            greeting: "hello",
            region: "cn-hangzhou",
            configured: true,
            passwordType: "string",
            nested: { list: [1, "two", { three: 3 }], flag: true, empty: {} },
            secretValue: "s3cret-vco-1",
        });
        // The host copies the serialized provider back into the outputs.
        expect(result.properties[PROVIDER_KEY]).toBe(PROVIDER_BLOB);
        expect(result.inputs).toBeUndefined();
    });

    it("sends secrets to the provider as plaintext and marks the same-named output secret again", async () => {
        const result = await host.read("vco-2", URN, {
            [PROVIDER_KEY]: PROVIDER_BLOB,
            token: secret("tok-1"),
        });
        expect(result.properties.tokenType).toBe("string");
        expect(result.properties.token).toEqual(secret("tok-1"));
    });

    it("drops unknown values from the properties of a read, as the engine does", async () => {
        const result = await host.read("vco-3", URN, { [PROVIDER_KEY]: PROVIDER_BLOB, token: UNKNOWN_VALUE });
        expect(result.properties.receivedKeys).toEqual([PROVIDER_KEY]);
    });

    it("returns the empty id the provider gives for a resource that no longer exists", async () => {
        const result = await host.read("gone", URN, { [PROVIDER_KEY]: PROVIDER_BLOB });
        expect(result.id).toBe("");
    });

    it("turns a throwing read into an error carrying the provider's own message and the gRPC code", async () => {
        const error = await host
            .read("missing", URN, { [PROVIDER_KEY]: PROVIDER_BLOB })
            .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ProviderHostError);
        const hostError = error as ProviderHostError;
        expect(hostError.message).toBe(
            "Fake connection missing not found (code FakeNotFound, RequestId req-0001)",
        );
        expect(hostError.code).toBe(2);
        expect(hostError.method).toBe("Read");
        // The host logs the stack of a failed call on its stderr.
        expect(host.stderr).toContain("Fake connection missing not found");
    });

    it("checks inputs and reports the provider's failures", async () => {
        const ok = await host.check(URN, {}, { [PROVIDER_KEY]: PROVIDER_BLOB, label: "a" });
        expect(ok.failures).toEqual([]);
        expect(ok.inputs).toMatchObject({ label: "a", checked: true, [PROVIDER_KEY]: PROVIDER_BLOB });

        const bad = await host.check(URN, {}, { [PROVIDER_KEY]: PROVIDER_BLOB, label: "invalid" });
        expect(bad.failures).toEqual([{ property: "label", reason: "label must not be 'invalid'" }]);
    });
});

describe("ProviderHost lifecycle", () => {
    it("stops idempotently, ends the process and refuses calls afterwards", async () => {
        const host = await ProviderHost.start({ cwd: PROGRAM_DIR });
        const pid = host.pid as number;
        await Promise.all([host.stop(), host.stop()]);
        await host.stop();
        expect(host.running).toBe(false);
        expect(() => process.kill(pid, 0)).toThrow();
        await expect(host.read("vco-1", URN, { [PROVIDER_KEY]: PROVIDER_BLOB })).rejects.toThrow(
            "Read: the provider host was stopped",
        );
    });

    it("fails clearly, with the host's stderr, when the process exits before printing its port", async () => {
        const env = { ...process.env, NODE_OPTIONS: "--require ./no-such-preload.js" };
        const error = await ProviderHost.start({ cwd: PROGRAM_DIR, env }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ProviderHostError);
        expect((error as ProviderHostError).method).toBe("start");
        expect((error as Error).message).toMatch(/exited before printing its port \(exit code \d+\)/);
        expect((error as Error).message).toContain("no-such-preload.js");
    });

    it("fails clearly when no port is printed within the start timeout", async () => {
        const error = await ProviderHost.start({ cwd: PROGRAM_DIR, startTimeoutMs: 1 }).catch(
            (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ProviderHostError);
        expect((error as Error).message).toContain("printed no port within 1 ms");
    });
});

describe("wire values", () => {
    it("unwraps secrets at any depth, as the engine does for a provider that refuses secrets", () => {
        expect(unwrapSecretsDeep({ a: secret("x"), b: [secret({ c: secret(1) })], d: "plain" })).toEqual({
            a: "x",
            b: [{ c: 1 }],
            d: "plain",
        });
    });

    it("drops unknowns and undefined from properties and arrays", () => {
        expect(
            dropUnknowns({ a: UNKNOWN_VALUE, b: undefined, c: [1, UNKNOWN_VALUE], d: { e: UNKNOWN_VALUE } }),
        ).toEqual({
            c: [1],
            d: {},
        });
    });

    it("marks an output secret when its same-named input was secret", () => {
        expect(annotateSecrets({ token: "t", other: 1 }, { token: secret("t"), missing: secret(2) })).toEqual(
            {
                token: secret("t"),
                other: 1,
            },
        );
    });
});
