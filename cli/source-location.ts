/**
 * Where an agreement is written: the line of a value in a committed JSON file (a baseline, an
 * expectation file, a policy), and the file's path as code scanning wants it, relative to the root of
 * the repository that holds it. Used to place SARIF results on the line that a finding contradicts.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Deepest nesting indexed; deeper values are placed at their closest indexed parent. */
const MAX_DEPTH = 64;

/** A committed file and the line of each of its values. */
export interface SourceFile {
    /** The path relative to the repository root (or to the working directory outside one), with `/`. */
    uri: string;
    /** The line (1-based) of each value by JSON pointer (`/connections/0/connection/ikeConfig`). */
    lines: ReadonlyMap<string, number>;
}

/** Escapes one JSON pointer token (RFC 6901). */
export function pointerToken(token: string | number): string {
    return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * The line of every value of a JSON text, by JSON pointer: for an object member the line of its key,
 * for an array element the line where it starts; `""` is the root. A text that is not JSON gives what
 * was indexed before the fault (callers fall back to line 1).
 *
 * @param text - the JSON text.
 * @returns the lines.
 */
export function jsonLineIndex(text: string): Map<string, number> {
    const lines = new Map<string, number>();
    let i = 0;
    let line = 1;
    const skip = (): void => {
        while (i < text.length) {
            const c = text[i];
            if (c === "\n") line += 1;
            else if (c !== " " && c !== "\t" && c !== "\r") return;
            i += 1;
        }
    };
    const string = (): string => {
        const start = i;
        i += 1;
        while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
        i += 1;
        return JSON.parse(text.slice(start, i)) as string;
    };
    const value = (pointer: string, depth: number): void => {
        skip();
        if (!lines.has(pointer)) lines.set(pointer, line);
        const c = text[i];
        if (c === "{" || c === "[") {
            const close = c === "{" ? "}" : "]";
            i += 1;
            let index = 0;
            for (;;) {
                skip();
                if (text[i] === close) {
                    i += 1;
                    return;
                }
                if (i >= text.length) throw new Error("unterminated");
                let child: string;
                if (c === "{") {
                    const keyLine = line;
                    const key = string();
                    child = `${pointer}/${pointerToken(key)}`;
                    if (depth < MAX_DEPTH) lines.set(child, keyLine);
                    skip();
                    i += 1; // ':'
                } else {
                    child = `${pointer}/${index}`;
                }
                index += 1;
                value(depth < MAX_DEPTH ? child : pointer, depth + 1);
                skip();
                if (text[i] === ",") i += 1;
            }
        }
        if (c === '"') {
            string();
            return;
        }
        while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i += 1;
    };
    try {
        value("", 0);
    } catch {
        // Not JSON: keep what was indexed.
    }
    return lines;
}

/**
 * The first of `pointers` the file has a line for, else line 1.
 *
 * @param file - the file.
 * @param pointers - JSON pointers, most precise first.
 * @returns a 1-based line.
 */
export function lineOf(file: SourceFile, pointers: readonly string[]): number {
    for (const p of pointers) {
        const found = file.lines.get(p);
        if (found !== undefined) return found;
    }
    return 1;
}

/**
 * The pointers of an output path and of each of its parents, most precise first:
 * `tunnelOptions[1].ikeConfig.ikeEncAlg` under `/connections/0/connection` gives
 * `/connections/0/connection/tunnelOptions/1/ikeConfig/ikeEncAlg`, `…/tunnelOptions/1/ikeConfig`, …,
 * `/connections/0/connection`. A tag key (`tags.env`, `tags["a b"]`) is one token.
 *
 * @param base - the pointer of the object the path starts from.
 * @param outputPath - a drift or posture path; `""` for the object itself.
 * @returns the pointers.
 */
export function pointersOf(base: string, outputPath: string): string[] {
    const tokens: string[] = [];
    let rest = outputPath;
    while (rest !== "") {
        const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
        const index = /^\[(\d+)\]/.exec(rest);
        if (quoted) {
            tokens.push(JSON.parse(`"${quoted[1]}"`) as string);
            rest = rest.slice(quoted[0].length);
        } else if (index) {
            tokens.push(index[1]!);
            rest = rest.slice(index[0].length);
        } else {
            if (rest.startsWith(".")) rest = rest.slice(1);
            if (tokens.length === 1 && tokens[0] === "tags") {
                tokens.push(rest);
                break;
            }
            const key = /^[^.[]+/.exec(rest)?.[0] ?? rest;
            tokens.push(key);
            rest = rest.slice(key.length);
        }
    }
    const out: string[] = [];
    for (let n = tokens.length; n >= 0; n--) {
        out.push(
            `${base}${tokens
                .slice(0, n)
                .map((t) => `/${pointerToken(t)}`)
                .join("")}`,
        );
    }
    return out;
}

/**
 * The path of a file relative to the root of the git repository holding it (the nearest folder up
 * with a `.git`), with `/` separators; relative to the working directory when no repository holds it.
 * Code scanning places a result only at a path of the repository.
 *
 * @param file - the file as given on the command line.
 * @param cwd - the working directory. @default process.cwd()
 * @returns the relative path.
 */
export function repositoryPath(file: string, cwd: string = process.cwd()): string {
    const absolute = path.resolve(cwd, file);
    let root: string | undefined;
    for (let dir = path.dirname(absolute); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, ".git"))) {
            root = dir;
            break;
        }
        if (path.dirname(dir) === dir) break;
    }
    return path
        .relative(root ?? cwd, absolute)
        .split(path.sep)
        .join("/");
}

/**
 * A committed file, for SARIF locations.
 *
 * @param file - its path as given.
 * @param text - its content (already read and checked by the command).
 * @param cwd - the working directory.
 * @returns the file's repository path and line index.
 */
export function sourceFile(file: string, text: string, cwd: string = process.cwd()): SourceFile {
    return { uri: repositoryPath(file, cwd), lines: jsonLineIndex(text) };
}
