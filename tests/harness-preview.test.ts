import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
    formatPreview,
    PreviewError,
    runPreview,
    SecretValue,
    UNKNOWN,
    type PreviewResource,
    type PreviewResult,
} from "../harness";

// Each preview of this suite starts a real provider host process.
jest.setTimeout(30_000);

const PROGRAM_DIR = path.join(__dirname, "fixtures", "harness-program");
const CONFIG = { "test:greeting": "hello", "alicloud:region": "cn-hangzhou", "test:password": "pw" };

function resource(result: PreviewResult, name: string): PreviewResource {
    const found = result.resources.find((r) => r.name === name);
    if (!found) {
        throw new Error(`no resource ${name} in the preview`);
    }
    return found;
}

async function failedPreview(config: Record<string, string>): Promise<PreviewError> {
    const error = await runPreview({ programDir: PROGRAM_DIR, config }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreviewError);
    return error as PreviewError;
}

describe("runPreview of the fixture program, loaded from its directory", () => {
    let result: PreviewResult;

    beforeAll(async () => {
        result = await runPreview({
            programDir: PROGRAM_DIR,
            config: CONFIG,
            secretConfigKeys: ["test:password"],
        });
    });

    it("takes the project name from Pulumi.yaml and defaults the stack to dev", () => {
        expect(result.project).toBe("harness-program");
        expect(result.stack).toBe("dev");
        expect(result.errors).toEqual([]);
    });

    it("reads each dynamic resource through the provider host and records its outputs", () => {
        const first = resource(result, "first");
        expect(first).toMatchObject({
            urn: "urn:pulumi:dev::harness-program::pulumi-nodejs:dynamic:Resource::first",
            type: "pulumi-nodejs:dynamic:Resource",
            op: "read",
            custom: true,
            id: "vco-1",
            parent: "urn:pulumi:dev::harness-program::pulumi:pulumi:Stack::harness-program-dev",
        });
        expect(first.outputs).toMatchObject({
            name: "name-of-vco-1",
            greeting: "hello",
            region: "cn-hangzhou",
            nested: { list: [1, "two", { three: 3 }], flag: true, empty: {} },
        });
        expect(first.outputs).not.toHaveProperty("__provider");
        expect(first.inputs).not.toHaveProperty("__provider");
        expect(resource(result, "second").id).toBe("vco-2");
    });

    it("configures the host once with the stack config before the first read", () => {
        expect(resource(result, "first").outputs).toMatchObject({ configured: true, passwordType: "string" });
        expect(result.outputs.programConfigRegion).toBe("cn-hangzhou");
    });

    it("marks additionalSecretOutputs secret, in the result and inside the program", () => {
        const first = resource(result, "first");
        expect(first.secretOutputs).toEqual(["secretValue", "token"]);
        expect(first.outputs.secretValue).toBeInstanceOf(SecretValue);
        expect((first.outputs.secretValue as SecretValue).value).toBe("s3cret-vco-1");
        expect(result.outputs.secretIsSecret).toBe(true);
        expect(result.outputs.nameIsSecret).toBe(false);
        expect(result.outputs.secretValue).toBeInstanceOf(SecretValue);
    });

    it("hands secret inputs to the provider as plaintext and keeps the same-named output secret", () => {
        expect(result.outputs.tokenType).toBe("string");
        expect(result.outputs.tokenIsSecret).toBe(true);
        expect(resource(result, "first").inputs?.token).toBeInstanceOf(SecretValue);
    });

    it("previews registered resources as creates: outputs are the inputs, the rest unknown", () => {
        const thing = resource(result, "thing");
        expect(thing).toMatchObject({ type: "test:index:Thing", op: "create", custom: true });
        expect(thing.inputs).toEqual({ label: "name-of-vco-1", tags: { greeting: "hello" } });
        expect(result.outputs.thingLabel).toBe("name-of-vco-1");
        expect(result.outputs.thingArn).toBe(UNKNOWN);
        expect(result.outputs.isDryRun).toBe(true);
    });

    it("lists the stack and component resources, with parent types in child URNs", () => {
        expect(result.resources[0]).toMatchObject({
            type: "pulumi:pulumi:Stack",
            name: "harness-program-dev",
            op: "create",
        });
        expect(resource(result, "group")).toMatchObject({
            type: "test:index:Group",
            custom: false,
            op: "create",
        });
        expect(resource(result, "group-thing").urn).toBe(
            "urn:pulumi:dev::harness-program::test:index:Group$test:index:Thing::group-thing",
        );
        expect(resource(result, "group").outputs).toEqual({ label: "name-of-vco-2" });
    });

    it("formats the preview as pulumi preview would, without ever printing a secret", () => {
        const text = formatPreview(result);
        expect(text).toMatch(/^Previewing update \(dev\):\n/);
        expect(text).toMatch(/^ \+ {3}pulumi:pulumi:Stack +harness-program-dev +create$/m);
        expect(text).toMatch(/^ > {3}├─ pulumi-nodejs:dynamic:Resource +first +read$/m);
        expect(text).toMatch(/^ \+ {3}│ {2}└─ test:index:Thing +group-thing +create$/m);
        expect(text).toContain("        [id=vco-1]\n");
        expect(text).toContain('        name        : "name-of-vco-1"\n');
        expect(text).toContain("        secretValue : [secret]\n");
        expect(text).toContain("            flag : true\n");
        expect(text).toContain('                [1]: "two"\n');
        expect(text).toContain("    thingArn           : output<string>\n");
        expect(text).toContain("    secretValue        : [secret]\n");
        expect(text).toContain("Resources:\n    + 4 to create\n    > 2 to read\n");
        expect(text).not.toContain("s3cret");
        expect(text).not.toContain("tok-123");
        expect(text).not.toMatch(/^\s*__provider\s*:/m);
        expect(text).not.toContain("exports.handler");
    });

    it("gives back the runtime: the config it found is restored and the monitor removed", () => {
        expect(pulumi.runtime.allConfig()).toEqual({});
        expect(pulumi.runtime.isDryRun()).toBe(false);
    });
});

describe("runPreview failures", () => {
    it("fails the preview with the provider's own message when a read throws", async () => {
        const error = await failedPreview({ ...CONFIG, "test:firstId": "missing" });
        expect(error.errors).toEqual([
            "Fake connection missing not found (code FakeNotFound, RequestId req-0001)",
        ]);
        expect(error.message).toContain("Fake connection missing not found");
        const first = resource(error.result, "first");
        expect(first.error).toBe(error.errors[0]);
        expect(first.id).toBe("missing");
        const text = formatPreview(error.result);
        expect(text).toContain(
            "    error: Fake connection missing not found (code FakeNotFound, RequestId req-0001)\n",
        );
        expect(text).toMatch(/first +\*\*reading failed\*\*$/m);
        expect(text).toContain("error: preview failed (1 error)");
    });

    it("fails like the engine's ReadStep when the provider returns an empty id", async () => {
        const error = await failedPreview({ ...CONFIG, "test:secondId": "gone" });
        expect(error.errors).toEqual(["resource 'gone' does not exist"]);
    });

    it("can keep the requested id for an empty id instead, when asked", async () => {
        const result = await runPreview({
            programDir: PROGRAM_DIR,
            config: { ...CONFIG, "test:secondId": "gone" },
            emptyReadId: "keep-requested-id",
        });
        expect(resource(result, "second")).toMatchObject({ id: "gone", outputs: {} });
        expect(result.outputs.secondId).toBe("gone");
    });

    it("fails with the not-implemented message for an invoke the program does not catch", async () => {
        const error = await runPreview({
            programDir: PROGRAM_DIR,
            program: async () => ({ x: await pulumi.runtime.invoke("test:index:getThing", {}) }),
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PreviewError);
        expect((error as PreviewError).errors[0]).toContain(
            "Invoke not implemented in the preview harness: test:index:getThing",
        );
    });

    it("records an exception thrown by the program", async () => {
        const error = await runPreview({
            programDir: PROGRAM_DIR,
            program: () => {
                throw new Error("the program is broken");
            },
        }).catch((e: unknown) => e);
        expect((error as PreviewError).errors).toEqual([
            `Running program '${PROGRAM_DIR}' failed with an unhandled exception: the program is broken`,
        ]);
    });

    it("refuses to run two previews at once: the Pulumi runtime state is global", async () => {
        const first = runPreview({ programDir: PROGRAM_DIR, project: "p", program: () => ({}) });
        await expect(
            runPreview({ programDir: PROGRAM_DIR, project: "p", program: () => ({}) }),
        ).rejects.toThrow("runPreview is already running in this process");
        await expect(first).resolves.toMatchObject({ errors: [] });
    });

    it("runs inline programs without starting a host when nothing is read", async () => {
        const result = await runPreview({
            programDir: PROGRAM_DIR,
            project: "inline",
            stack: "ci",
            config: { "inline:answer": "42" },
            program: () => ({ answer: new pulumi.Config().require("answer"), hidden: pulumi.secret("x") }),
        });
        expect(result.project).toBe("inline");
        expect(result.resources.map((r) => r.urn)).toEqual([
            "urn:pulumi:ci::inline::pulumi:pulumi:Stack::inline-ci",
        ]);
        expect(result.outputs).toEqual({ answer: "42", hidden: new SecretValue("x") });
    });
});
