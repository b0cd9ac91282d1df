/**
 * How a command's result is written: each command has one table of views, one entry per output format
 * (`text`, `json`, `markdown`, and whatever formats come later). `--output` takes the keys of the
 * command's own table, so a new format for a command is one more entry in its table, and a format a
 * command has no view for is refused by the parser before anything is read.
 *
 * @packageDocumentation
 */
import { VpcInvalidInputError } from "../provider/errors";
import { quoteValue } from "../provider/redact";
import { type Styles, type Terminal, styles, useColour, write } from "./terminal";

/** One rendering of a command's result: the whole text written to stdout. */
export type View<T> = (result: T, styles: Styles) => string;

/**
 * A command's table of views, by `--output` format. Every command has `text` (the default), `json` and
 * `markdown`; a command may add more.
 */
export type Views<T> = { readonly text: View<T>; readonly json: View<T>; readonly markdown: View<T> } & {
    readonly [format: string]: View<T>;
};

/** The format when `--output` is not given. */
export const DEFAULT_OUTPUT_FORMAT = "text";

/**
 * The formats of a table, for `--output`'s choices.
 *
 * @param views - a command's table.
 * @returns its formats, in the table's order.
 */
export function outputFormats(views: Views<never>): string[] {
    return Object.keys(views);
}

/**
 * Writes a result to stdout in the format asked for, coloured only where {@link useColour} allows.
 *
 * @param views - the command's table.
 * @param format - `--output`.
 * @param result - what the command found.
 * @param terminal - where to write.
 * @throws VpcInvalidInputError naming `--output` when the table has no such format (the parser refuses
 *   it first; this guards a caller that bypasses it).
 */
export async function show<T>(views: Views<T>, format: string, result: T, terminal: Terminal): Promise<void> {
    const view = Object.prototype.hasOwnProperty.call(views, format) ? views[format] : undefined;
    if (view === undefined) {
        throw new VpcInvalidInputError(
            "--output",
            `expected one of ${outputFormats(views).join(", ")}, got ${quoteValue(format)}`,
        );
    }
    await write(terminal.stdout, view(result, styles(useColour(terminal.stdout, terminal.env))));
}
