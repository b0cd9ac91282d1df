import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { inspect } from "util";
import {
    formatProperties,
    formatValue,
    readProjectFile,
    readStackConfig,
    resolveEntryPoint,
    SecretValue,
    UNKNOWN,
} from "../harness";
import { fromWire, fromWireMap } from "../harness/result";
import {
    annotateSecrets,
    applyAdditionalSecretOutputs,
    dropUnknowns,
    SECRET_SIG,
    SPECIAL_SIG_KEY,
    UNKNOWN_VALUE,
    unwrapSecretsDeep,
} from "../harness/wire";

const secret = (value: unknown): Record<string, unknown> => ({ [SPECIAL_SIG_KEY]: SECRET_SIG, value });

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

    it("wraps the additional secret outputs that exist, once", () => {
        expect(applyAdditionalSecretOutputs({ a: 1, b: secret(2) }, ["a", "b", "absent"])).toEqual({
            a: secret(1),
            b: secret(2),
        });
    });
});

describe("result values", () => {
    it("turns wire secrets and unknowns into markers and names the top-level secrets", () => {
        const { values, secrets } = fromWireMap({
            s: secret("x"),
            u: UNKNOWN_VALUE,
            n: { inner: secret(1) },
        });
        expect(values).toEqual({ s: new SecretValue("x"), u: UNKNOWN, n: { inner: new SecretValue(1) } });
        expect(secrets).toEqual(["s"]);
        expect(fromWire({ "@isPulumiResource": true, urn: "u" })).toEqual({ urn: "u" });
    });

    it("never shows a secret's value when printed", () => {
        const value = new SecretValue("hunter2");
        expect(String(value)).toBe("[secret]");
        expect(JSON.stringify({ value })).toBe('{"value":"[secret]"}');
        expect(inspect({ value })).not.toContain("hunter2");
        expect(JSON.stringify(UNKNOWN)).toBe('"output<string>"');
    });
});

describe("formatValue and formatProperties", () => {
    it("renders scalars, empty containers, secrets and unknowns", () => {
        expect(formatValue('a"b', "")).toBe('"a\\"b"');
        expect(formatValue(3, "")).toBe("3");
        expect(formatValue(null, "")).toBe("null");
        expect(formatValue([], "")).toBe("[]");
        expect(formatValue({}, "")).toBe("{}");
        expect(formatValue(new SecretValue({ deep: "x" }), "")).toBe("[secret]");
        expect(formatValue(UNKNOWN, "")).toBe("output<string>");
    });

    it("indents nested values and aligns sorted keys", () => {
        expect(formatProperties({ zeta: [new SecretValue("x")], a: { b: 1 } }, "  ")).toBe(
            ["  a   : {", "      b: 1", "  }", "  zeta: [", "      [0]: [secret]", "  ]"].join("\n"),
        );
    });
});

describe("program files", () => {
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-program-"));
    });

    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    function write(file: string, text: string): string {
        const full = path.join(dir, file);
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.writeFileSync(full, text);
        return full;
    }

    it("reads name and main from Pulumi.yaml, quotes and comments removed", () => {
        write("Pulumi.yaml", 'name: "my-project" # the name\nruntime:\n  name: nodejs\nmain: src/\n');
        expect(readProjectFile(dir)).toEqual({ name: "my-project", main: "src/" });
        expect(readProjectFile(path.join(dir, "nowhere"))).toEqual({});
    });

    it("finds the entry point as the language host does", () => {
        write("Pulumi.yaml", "name: p\n");
        expect(() => resolveEntryPoint(dir)).toThrow(`No Pulumi program entry point in ${dir}`);
        const ts = write("index.ts", "");
        expect(resolveEntryPoint(dir)).toBe(ts);
        const js = write("index.js", "");
        expect(resolveEntryPoint(dir)).toBe(js);
        const main = write("lib/main.ts", "");
        write("package.json", JSON.stringify({ main: "lib/main" }));
        expect(resolveEntryPoint(dir)).toBe(main);
        const src = write("src/index.ts", "");
        write("Pulumi.yaml", "name: p\nmain: src\n");
        expect(resolveEntryPoint(dir)).toBe(src);
    });

    it("reads plain stack config, giving bare keys the project's namespace", () => {
        write(
            "Pulumi.dev.yaml",
            "encryptionsalt: x\nconfig:\n  alicloud:region: cn-hangzhou\n  greeting: 'hi there'\n",
        );
        expect(readStackConfig(dir, "dev", "proj")).toEqual({
            "alicloud:region": "cn-hangzhou",
            "proj:greeting": "hi there",
        });
        expect(readStackConfig(dir, "other", "proj")).toEqual({});
    });

    it("refuses encrypted and structured stack config, naming the key", () => {
        write("Pulumi.dev.yaml", "config:\n  proj:password:\n    secure: AAABAxyz\n");
        expect(() => readStackConfig(dir, "dev")).toThrow(
            "config value proj:password is encrypted (secure:)",
        );
        write("Pulumi.dev.yaml", "config:\n  proj:list:\n    - a\n");
        expect(() => readStackConfig(dir, "dev")).toThrow("config value proj:list is structured");
    });
});
