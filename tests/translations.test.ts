/**
 * Every translated README stays in step with its original: the same headings at the same levels in the
 * same order, and the same fenced code blocks (language and content, byte for byte). Translations are
 * found by rule, not by a list: a `README.zh-CN.md` beside any `README.md`, which the root README and
 * every README under `examples/` must have. Each pair links to the other at its top.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { compareMarkdownStructure, parseMarkdownStructure } from "./support/markdown-structure";

const ROOT = join(__dirname, "..");
const ORIGINAL = "README.md";
const TRANSLATION = "README.zh-CN.md";
/** Folders that hold no README of ours: dependencies, build output, git's own. */
const SKIPPED = new Set(["node_modules", "dist", "coverage", ".git"]);

/** Every folder of the repository (relative, "" for the root) with a README.md or a README.zh-CN.md. */
function foldersWithReadmes(dir = ROOT): string[] {
    const found: string[] = [];
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && (e.name === ORIGINAL || e.name === TRANSLATION))) {
        found.push(relative(ROOT, dir));
    }
    for (const entry of entries) {
        if (entry.isDirectory() && !SKIPPED.has(entry.name) && !entry.name.startsWith(".")) {
            found.push(...foldersWithReadmes(join(dir, entry.name)));
        }
    }
    return found;
}

/** The root README and every README under examples/ must be translated. */
function mustBeTranslated(folder: string): boolean {
    return folder === "" || folder === "examples" || folder.startsWith(`examples${sep}`);
}

const folders = foldersWithReadmes();
const pairs = folders.filter(
    (f) => existsSync(join(ROOT, f, ORIGINAL)) && existsSync(join(ROOT, f, TRANSLATION)),
);
const label = (folder: string, file: string): string =>
    folder === "" ? file : `${folder.split(sep).join("/")}/${file}`;

describe("translated READMEs", () => {
    it("exist for the root README and every README under examples/, and never without an original", () => {
        const missing = folders
            .filter(
                (f) =>
                    mustBeTranslated(f) &&
                    existsSync(join(ROOT, f, ORIGINAL)) &&
                    !existsSync(join(ROOT, f, TRANSLATION)),
            )
            .map((f) => `${label(f, ORIGINAL)} has no ${TRANSLATION} beside it`);
        const orphans = folders
            .filter((f) => existsSync(join(ROOT, f, TRANSLATION)) && !existsSync(join(ROOT, f, ORIGINAL)))
            .map((f) => `${label(f, TRANSLATION)} has no ${ORIGINAL} beside it`);
        expect([...missing, ...orphans]).toEqual([]);
        // The rule found the translations this check exists for (a walk that found nothing would pass).
        expect(pairs).toContain("");
        expect(pairs.filter((f) => mustBeTranslated(f)).length).toBeGreaterThanOrEqual(2);
    });

    it.each(pairs.map((f) => [label(f, TRANSLATION), f] as const))(
        "%s has its original's headings and code blocks",
        (_name, folder) => {
            const original = readFileSync(join(ROOT, folder, ORIGINAL), "utf8");
            const translation = readFileSync(join(ROOT, folder, TRANSLATION), "utf8");
            const mismatch = compareMarkdownStructure(
                { name: label(folder, ORIGINAL), structure: parseMarkdownStructure(original) },
                { name: label(folder, TRANSLATION), structure: parseMarkdownStructure(translation) },
            );
            expect(mismatch).toBeUndefined();
        },
    );

    it.each(pairs.map((f) => [label(f, ORIGINAL), f] as const))(
        "%s and its translation link to each other at the top",
        (_name, folder) => {
            const top = (file: string): string =>
                readFileSync(join(ROOT, folder, file), "utf8")
                    .split("\n")
                    .slice(0, 5)
                    .join("\n");
            expect(top(ORIGINAL)).toContain(`](${TRANSLATION})`);
            expect(top(TRANSLATION)).toContain(`](${ORIGINAL})`);
        },
    );
});

describe("the structure check", () => {
    const original = [
        "# Title",
        "",
        "## Use",
        "",
        "```sh",
        "npm start   # the emulator",
        "```",
        "",
        "### Detail",
        "",
        "```ts",
        "const a = 1;",
        "```",
    ].join("\n");
    const check = (translation: string): string | undefined =>
        compareMarkdownStructure(
            { name: "README.md", structure: parseMarkdownStructure(original) },
            { name: "README.zh-CN.md", structure: parseMarkdownStructure(translation) },
        );

    it("passes a faithful translation", () => {
        const translation = original
            .replace("# Title", "# 标题")
            .replace("## Use", "## 用法")
            .replace("### Detail", "### 细节");
        expect(check(translation)).toBeUndefined();
    });

    it("names the first heading whose level differs", () => {
        const translation = original.replace("### Detail", "## 细节");
        expect(check(translation)).toBe(
            `README.zh-CN.md: heading 3 (line 9, "细节") is level 2 but README.md's (line 9, "Detail") is level 3`,
        );
    });

    it("names a missing heading", () => {
        const translation = original.replace("### Detail\n", "");
        expect(check(translation)).toMatch(
            /^README\.zh-CN\.md: has only 2 headings; README\.md's heading 3 \(line 9, level 3, "Detail"\) is missing$/,
        );
    });

    it("names a code block whose content differs, even in a comment", () => {
        const translation = original.replace("# the emulator", "# 模拟器");
        expect(check(translation)).toBe(
            "README.zh-CN.md: code block 1 (line 5) differs from README.md's (line 5) at its line 1; code blocks must be byte-identical",
        );
    });

    it("names a code block whose language differs", () => {
        expect(check(original.replace("```ts", "```js"))).toMatch(
            /code block 2 \(line 11\) differs: its language is "js" but README\.md's \(line 11\) is "ts"/,
        );
    });

    it("names a missing code block", () => {
        expect(check(original.replace("```ts\nconst a = 1;\n```", ""))).toMatch(
            /has only 1 code blocks; README\.md's code block 2 \(line 11\) is missing/,
        );
    });

    it("does not take a # line inside a code block for a heading", () => {
        const structure = parseMarkdownStructure("```sh\n# a comment\n```\n## Real\n");
        expect(structure.headings).toEqual([{ level: 2, text: "Real", line: 4 }]);
        expect(structure.codeBlocks).toEqual([{ lang: "sh", content: "# a comment", line: 1 }]);
    });

    it("refuses an unclosed code block", () => {
        expect(() => parseMarkdownStructure("## A\n```ts\nconst a = 1;\n")).toThrow(
            "the code block opened at line 2 is never closed",
        );
    });
});
