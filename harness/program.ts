import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { resolvePulumiDir } from "./host";

/** The `Pulumi.yaml` fields the harness reads. */
export interface ProjectFile {
    /** `name:`, the project name. */
    name?: string;
    /** `main:`, an entry point (file or directory) relative to the project directory. */
    main?: string;
}

function yamlScalar(text: string, key: string): string | undefined {
    const match = new RegExp(`^${key}:[ \\t]*(.*?)[ \\t]*$`, "m").exec(text);
    let value = match?.[1];
    if (value === undefined) {
        return undefined;
    }
    // A trailing comment, then quotes: enough for the one-line scalars Pulumi.yaml uses.
    value = value.replace(/\s+#.*$/, "").trim();
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) {
        value = quoted[2] ?? "";
    }
    return value === "" ? undefined : value;
}

/**
 * Reads `name:` and `main:` from `<programDir>/Pulumi.yaml` (or `.yml`) with a line match: the
 * harness has no YAML dependency, and these are top-level one-line scalars. Returns `{}` when there
 * is no project file.
 */
export function readProjectFile(programDir: string): ProjectFile {
    for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
        const full = path.join(programDir, file);
        if (fs.existsSync(full)) {
            const text = fs.readFileSync(full, "utf8");
            const name = yamlScalar(text, "name");
            const main = yamlScalar(text, "main");
            return { ...(name ? { name } : {}), ...(main ? { main } : {}) };
        }
    }
    return {};
}

function firstExisting(dir: string, names: readonly string[]): string | undefined {
    return names.map((n) => path.join(dir, n)).find((p) => fs.existsSync(p) && fs.statSync(p).isFile());
}

/**
 * Finds the program's entry file as the Node.js language host does: `main:` of Pulumi.yaml, else
 * `main` of package.json, else the directory's index file. Like the language host (which does a
 * Node `require` of the directory), `index.js` wins over `index.ts` when both exist.
 *
 * @throws Error naming the directory when no entry point exists.
 */
export function resolveEntryPoint(programDir: string): string {
    const dir = path.resolve(programDir);
    let base = dir;
    const projectMain = readProjectFile(dir).main;
    if (projectMain) {
        base = path.resolve(dir, projectMain);
    } else {
        const pkgFile = path.join(dir, "package.json");
        if (fs.existsSync(pkgFile)) {
            const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: unknown };
            if (typeof pkg.main === "string" && pkg.main) {
                base = path.resolve(dir, pkg.main);
            }
        }
    }
    if (fs.existsSync(base) && fs.statSync(base).isFile()) {
        return base;
    }
    const asFile = firstExisting(path.dirname(base), [
        `${path.basename(base)}.js`,
        `${path.basename(base)}.ts`,
    ]);
    if (asFile) {
        return asFile;
    }
    const index = fs.existsSync(base) ? firstExisting(base, ["index.js", "index.ts"]) : undefined;
    if (index) {
        return index;
    }
    throw new Error(
        `No Pulumi program entry point in ${dir} (looked for Pulumi.yaml main, package.json main, index.js, index.ts)`,
    );
}

/** Which TypeScript loader {@link registerTypeScript} installed. */
export interface TypeScriptLoader {
    /** Path of the ts-node package used. */
    tsNode: string;
    /** Path of the typescript compiler used. */
    typescript: string;
}

let registeredLoader: TypeScriptLoader | undefined;

function resolveFrom(dir: string, request: string): string | undefined {
    try {
        return createRequire(path.join(dir, "noop.js")).resolve(request);
    } catch {
        return undefined;
    }
}

/**
 * Registers ts-node for `.ts` programs, in transpile-only mode (no type check: the project's own
 * `tsc` does that), the way the Pulumi CLI's Node.js language host does in `cmd/run/run.js`:
 *
 * - ts-node: the program's own (resolved from its directory), else the copy Pulumi vendors
 *   (`@pulumi/pulumi/vendor/ts-node@7.0.1`); the program's own is preferred because the vendored
 *   7.0.1 predates the `typescript` 5 API.
 * - typescript: the program's own, else the vendored `typescript@3.8.3` (old syntax only).
 * - compiler options: `target ES2020`, `module commonjs`, `moduleResolution node`, source maps,
 *   overridden by `compilerOptions` of the program's `tsconfig.json` when it has one (the language
 *   host uses `nodenext` for TypeScript ≥ 4.7; for a CommonJS program that compiles the same).
 *
 * Once per process: a second registration would stack a second compiler on `.ts` files.
 */
export function registerTypeScript(programDir: string): TypeScriptLoader {
    if (registeredLoader) {
        return registeredLoader;
    }
    const dir = path.resolve(programDir);
    const vendor = path.join(resolvePulumiDir(dir), "vendor");
    const tsNode = resolveFrom(dir, "ts-node") ?? path.join(vendor, "ts-node@7.0.1", "index.js");
    const typescript =
        resolveFrom(dir, "typescript") ?? path.join(vendor, "typescript@3.8.3", "typescript.js");
    const tsconfig = path.join(dir, "tsconfig.json");
    const hasTsconfig = fs.existsSync(tsconfig);

    const compilerOptions: Record<string, unknown> = {
        target: "ES2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
    };
    if (hasTsconfig) {
        const ts = require(typescript) as {
            parseConfigFileTextToJson(file: string, text: string): { config?: { compilerOptions?: object } };
        };
        const parsed = ts.parseConfigFileTextToJson(tsconfig, fs.readFileSync(tsconfig, "utf8"));
        Object.assign(compilerOptions, parsed.config?.compilerOptions ?? {});
    }
    const tsn = require(tsNode) as { register(options: object): unknown };
    tsn.register({
        compiler: typescript,
        transpileOnly: true,
        project: hasTsconfig ? tsconfig : undefined,
        skipProject: !hasTsconfig,
        compilerOptions,
    });
    registeredLoader = { tsNode, typescript };
    return registeredLoader;
}

function isTypeScriptFile(file: string): boolean {
    return /\.(ts|cts|mts)$/.test(file) && !file.endsWith(".d.ts");
}

/**
 * Loads the program module with `require`, as the language host does for a CommonJS program.
 *
 * The modules of the program's own directory (not its `node_modules`) are dropped from the require
 * cache first, so that a second preview in the same process runs the module body again. Under
 * Jest, the module registry is Jest's and ignores that: export the program as a function, which
 * runs on every preview either way.
 */
export function loadProgramModule(programDir: string): unknown {
    const entry = resolveEntryPoint(programDir);
    // Under Node, `require.extensions` lists the loaders (".js" always). Under Jest it is empty: Jest
    // has its own module registry and transforms (ts-jest), and a ts-node hook would be ignored.
    const extensions = require.extensions as Record<string, unknown> | undefined;
    const nodeLoader = extensions !== undefined && ".js" in extensions;
    if (isTypeScriptFile(entry) && nodeLoader && !(".ts" in extensions)) {
        registerTypeScript(programDir);
    }
    const dir = path.resolve(programDir) + path.sep;
    const cache = require.cache as Record<string, unknown> | undefined;
    if (cache) {
        for (const key of Object.keys(cache)) {
            if (key.startsWith(dir) && !key.includes(`${path.sep}node_modules${path.sep}`)) {
                delete cache[key];
            }
        }
    }
    return require(entry) as unknown;
}

/**
 * Reads the `config:` section of `<programDir>/Pulumi.<stack>.yaml`, as `pulumi preview` does,
 * limited to what a line reader can do without a YAML dependency: one `namespace:key: value`
 * scalar per line. Keys without a namespace get the project's. Returns `{}` when there is no file.
 *
 * @throws Error naming the key for an encrypted (`secure:`) value, which only the Pulumi CLI can
 * decrypt, and for structured values: pass those with `--config` / `options.config` instead.
 */
export function readStackConfig(programDir: string, stack: string, project?: string): Record<string, string> {
    const file = ["yaml", "yml"]
        .map((ext) => path.join(programDir, `Pulumi.${stack}.${ext}`))
        .find((f) => fs.existsSync(f));
    if (!file) {
        return {};
    }
    const config: Record<string, string> = {};
    const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
    let inConfig = false;
    let entryIndent: number | undefined;
    let nestedKey: string | undefined;
    for (const raw of lines) {
        if (/^\s*(#.*)?$/.test(raw)) {
            continue;
        }
        const indent = raw.length - raw.trimStart().length;
        if (indent === 0) {
            inConfig = /^config:\s*(#.*)?$/.test(raw);
            entryIndent = undefined;
            nestedKey = undefined;
            continue;
        }
        if (!inConfig) {
            continue;
        }
        entryIndent ??= indent;
        if (indent > entryIndent) {
            const what = /^\s*secure:/.test(raw) ? "is encrypted (secure:)" : "is structured";
            throw new Error(
                `${path.basename(file)}: config value ${nestedKey ?? "?"} ${what}, which the preview harness cannot read; pass it with --config`,
            );
        }
        const match = /^(.+?):(?:\s+(.*))?$/.exec(raw.trim());
        if (!match?.[1]) {
            throw new Error(`${path.basename(file)}: cannot read config line '${raw.trim()}'`);
        }
        let key = match[1];
        if (!key.includes(":") && project) {
            key = `${project}:${key}`;
        }
        const value = match[2] === undefined ? undefined : yamlScalar(`v: ${match[2]}`, "v");
        if (value === undefined) {
            nestedKey = key;
            continue;
        }
        nestedKey = undefined;
        config[key] = value;
    }
    return config;
}
