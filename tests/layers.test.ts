/**
 * The folders import one way: `provider/` is the bottom layer and imports no other folder of the
 * package; the SDK, the emulator and the command sit on it, and `engine/` stands alone. A folder that
 * imported from a folder above it would tie the bottom to the top (the client would load the SDK, or
 * the provider the command). Checks every relative import of every source file, statically.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

/** Which top-level folders each folder may import from (its own always). */
const MAY_IMPORT: Record<string, readonly string[]> = {
    provider: [],
    sdk: ["provider"],
    emulator: ["provider"],
    cli: ["provider", "sdk"],
    engine: [],
};

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return sources(p);
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
    });
}

/** The relative module specifiers of a file: static imports, re-exports and `require`/`import()` calls. */
function relativeImports(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const found: string[] = [];
    const pattern = /(?:from\s+|require\(\s*|import\(\s*)"(\.{1,2}\/[^"]*)"/g;
    for (const m of text.matchAll(pattern)) found.push(m[1]!);
    return found;
}

/** The top-level folder a path lies in, relative to the repository. */
function topFolder(file: string): string {
    return path.relative(ROOT, file).split(path.sep)[0]!;
}

describe("layers", () => {
    it.each(Object.keys(MAY_IMPORT))("%s/ imports no folder above it", (folder) => {
        const allowed = new Set([folder, ...MAY_IMPORT[folder]!]);
        const files = sources(path.join(ROOT, folder));
        expect(files.length).toBeGreaterThan(0);
        const wrong: string[] = [];
        for (const file of files) {
            for (const spec of relativeImports(file)) {
                const target = topFolder(path.resolve(path.dirname(file), spec));
                if (!allowed.has(target)) wrong.push(`${path.relative(ROOT, file)} imports ${spec}`);
            }
        }
        expect(wrong).toEqual([]);
    });

    it("finds the imports it checks", () => {
        // The scan must see what is there: the SDK does import the provider.
        const sdkImports = sources(path.join(ROOT, "sdk")).flatMap(relativeImports);
        expect(sdkImports).toContain("../provider/outputs");
    });
});
