/**
 * The structure of a Markdown document that a translation must keep: its headings (level and text) and
 * its fenced code blocks (language and content), in order. Used by `tests/translations.test.ts` to keep
 * each `README.zh-CN.md` in step with the `README.md` beside it.
 *
 * Only what this repository's READMEs use is recognised: ATX headings (`## Title`) and fenced code blocks
 * (```` ``` ```` or `~~~`, three or more). A `#` line inside a code block is not a heading.
 */

/** One ATX heading: its level (1–6), its text and its 1-based line number. */
export interface MarkdownHeading {
    level: number;
    text: string;
    line: number;
}

/** One fenced code block: its language (the info string's first word, `""` when none), its content and its opening line. */
export interface MarkdownCodeBlock {
    lang: string;
    content: string;
    line: number;
}

/** The headings and code blocks of one document, in order. */
export interface MarkdownStructure {
    headings: MarkdownHeading[];
    codeBlocks: MarkdownCodeBlock[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;

/**
 * Reads the headings and fenced code blocks of a Markdown text. An unclosed fence is an error (the rest
 * of the document would silently become code).
 */
export function parseMarkdownStructure(text: string): MarkdownStructure {
    const lines = text.replace(/\r\n/g, "\n").split("\n");
    const headings: MarkdownHeading[] = [];
    const codeBlocks: MarkdownCodeBlock[] = [];
    let open: { marker: string; lang: string; line: number; body: string[] } | undefined;
    lines.forEach((line, index) => {
        const lineNo = index + 1;
        if (open !== undefined) {
            const close = FENCE.exec(line);
            const marker = close?.[1];
            if (
                marker !== undefined &&
                marker[0] === open.marker[0] &&
                marker.length >= open.marker.length &&
                (close?.[2] ?? "").trim() === ""
            ) {
                codeBlocks.push({ lang: open.lang, content: open.body.join("\n"), line: open.line });
                open = undefined;
            } else {
                open.body.push(line);
            }
            return;
        }
        const fence = FENCE.exec(line);
        if (fence?.[1] !== undefined) {
            const lang = (fence[2] ?? "").trim().split(/\s+/)[0] ?? "";
            open = { marker: fence[1], lang, line: lineNo, body: [] };
            return;
        }
        const heading = HEADING.exec(line);
        if (heading?.[1] !== undefined) {
            headings.push({
                level: heading[1].length,
                text: (heading[2] ?? "").replace(/[ \t]+#+$/, ""),
                line: lineNo,
            });
        }
    });
    if (open !== undefined) throw new Error(`the code block opened at line ${open.line} is never closed`);
    return { headings, codeBlocks };
}

function firstDifferingLine(a: string, b: string): number {
    const aLines = a.split("\n");
    const bLines = b.split("\n");
    for (let i = 0; i < Math.max(aLines.length, bLines.length); i++) {
        if (aLines[i] !== bLines[i]) return i + 1;
    }
    return 0;
}

/**
 * Compares a translation's structure with its original's. Returns `undefined` when they match, else a
 * message naming the first mismatch: the heading or code block (1-based, counted in the document), what
 * the translation has and what the original has.
 *
 * @param original - the original's name in messages (e.g. `README.md`) and its structure
 * @param translation - the translation's name in messages (e.g. `README.zh-CN.md`) and its structure
 */
export function compareMarkdownStructure(
    original: { name: string; structure: MarkdownStructure },
    translation: { name: string; structure: MarkdownStructure },
): string | undefined {
    const o = original.structure;
    const t = translation.structure;
    const on = original.name;
    const tn = translation.name;
    for (let i = 0; i < Math.max(o.headings.length, t.headings.length); i++) {
        const oh = o.headings[i];
        const th = t.headings[i];
        const n = i + 1;
        if (oh === undefined && th !== undefined) {
            return `${tn}: heading ${n} (line ${th.line}, level ${th.level}, "${th.text}") has no counterpart: ${on} has only ${o.headings.length} headings`;
        }
        if (oh !== undefined && th === undefined) {
            return `${tn}: has only ${t.headings.length} headings; ${on}'s heading ${n} (line ${oh.line}, level ${oh.level}, "${oh.text}") is missing`;
        }
        if (oh !== undefined && th !== undefined && oh.level !== th.level) {
            return `${tn}: heading ${n} (line ${th.line}, "${th.text}") is level ${th.level} but ${on}'s (line ${oh.line}, "${oh.text}") is level ${oh.level}`;
        }
    }
    for (let i = 0; i < Math.max(o.codeBlocks.length, t.codeBlocks.length); i++) {
        const ob = o.codeBlocks[i];
        const tb = t.codeBlocks[i];
        const n = i + 1;
        if (ob === undefined && tb !== undefined) {
            return `${tn}: code block ${n} (line ${tb.line}) has no counterpart: ${on} has only ${o.codeBlocks.length} code blocks`;
        }
        if (ob !== undefined && tb === undefined) {
            return `${tn}: has only ${t.codeBlocks.length} code blocks; ${on}'s code block ${n} (line ${ob.line}) is missing`;
        }
        if (ob === undefined || tb === undefined) continue;
        if (ob.lang !== tb.lang) {
            return `${tn}: code block ${n} (line ${tb.line}) differs: its language is "${tb.lang}" but ${on}'s (line ${ob.line}) is "${ob.lang}"`;
        }
        if (ob.content !== tb.content) {
            const line = firstDifferingLine(ob.content, tb.content);
            return `${tn}: code block ${n} (line ${tb.line}) differs from ${on}'s (line ${ob.line}) at its line ${line}; code blocks must be byte-identical`;
        }
    }
    return undefined;
}
