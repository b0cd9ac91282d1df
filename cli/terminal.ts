/**
 * Where a command runs and how it talks to a person: its streams and environment ({@link Terminal}),
 * colour (only on a terminal, never with `NO_COLOR`), progress on stderr, and writing that waits for the
 * stream. No client, no API: the client set-up is `context.ts`.
 *
 * @packageDocumentation
 */

/** From how many connections a command shows progress on a terminal: below it, it ends before anyone looks. */
export const PROGRESS_THRESHOLD = 20;

/** Where a command runs: its streams and environment, so tests can drive it in-process. */
export interface Terminal {
    /** Standard output: results. */
    stdout: NodeJS.WritableStream & { isTTY?: boolean };
    /** Standard error: progress and errors. */
    stderr: NodeJS.WritableStream & { isTTY?: boolean };
    /** The environment. */
    env: NodeJS.ProcessEnv;
}

/**
 * Whether to colour text for a stream: only on a terminal, and never when `NO_COLOR` is set to anything
 * non-empty (no-color.org) or `TERM` is `dumb`.
 *
 * @param stream - where the text goes.
 * @param env - the environment.
 * @returns true to colour.
 */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
    if (stream.isTTY !== true) return false;
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
    return env.TERM !== "dumb";
}

/** ANSI styles, or none. */
export interface Styles {
    /** A failure: drift, deleted. */
    bad(text: string): string;
    /** Success: in sync. */
    good(text: string): string;
    /** Attention: a new connection. */
    warn(text: string): string;
    /** Less important text. */
    dim(text: string): string;
    /** Headings, ids. */
    bold(text: string): string;
}

function sgr(open: number, close: number): (text: string) => string {
    return (text) => `\x1b[${open}m${text}\x1b[${close}m`;
}

/**
 * The styles to use.
 *
 * @param colour - from {@link useColour}.
 * @returns ANSI styles, or identity functions.
 */
export function styles(colour: boolean): Styles {
    if (!colour) {
        const plain = (text: string): string => text;
        return { bad: plain, good: plain, warn: plain, dim: plain, bold: plain };
    }
    return { bad: sgr(31, 39), good: sgr(32, 39), warn: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

/** Progress of a long read, on stderr. */
export interface Progress {
    /** One more item done. */
    tick(): void;
    /** Clears the line. */
    done(): void;
}

/**
 * A progress counter on stderr, shown only when stderr is a terminal and the work spans at least
 * {@link PROGRESS_THRESHOLD} connections, so pipelines and redirected output never see it.
 *
 * @param terminal - the streams.
 * @param label - what is being done, e.g. `reading connections`.
 * @param total - how many items.
 * @returns the counter.
 */
export function progress(terminal: Terminal, label: string, total: number): Progress {
    if (terminal.stderr.isTTY !== true || total < PROGRESS_THRESHOLD) return { tick() {}, done() {} };
    let count = 0;
    const draw = (): void => void terminal.stderr.write(`\r${label}: ${count}/${total}`);
    draw();
    return {
        tick() {
            count += 1;
            draw();
        },
        done() {
            terminal.stderr.write("\r\x1b[2K");
        },
    };
}

/**
 * Writes text and resolves once the stream took it.
 *
 * @param stream - where.
 * @param text - what.
 */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
    return new Promise((resolve, reject) => stream.write(text, (e) => (e ? reject(e) : resolve())));
}
