/**
 * Text that is safe to print on a terminal. A connection's name, its tags, Alibaba's error message, a
 * file name or an argument the user typed can hold control characters: ESC starts a sequence that can
 * move the cursor, rewrite earlier lines, retitle the window or (on some terminals) answer back; BEL
 * rings; CR lets a later line overwrite an earlier one, so a report could show "in sync" over "drifted".
 * Every text and Markdown rendering passes what came from the API or the user through
 * {@link terminalSafe}; JSON output is left exact (JSON escapes control characters itself).
 *
 * @packageDocumentation
 */

/**
 * The characters removed: C0 controls except tab and newline (U+0000–U+0008, U+000B–U+001F, which
 * holds ESC, BEL and CR), DEL (U+007F) and the C1 controls (U+0080–U+009F, which holds CSI, the
 * one-character form of ESC [).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The same class, without the global flag (a global regex's `test` keeps state between calls). */
const ANY_CONTROL_CHARACTER = new RegExp(CONTROL_CHARACTERS.source);

/**
 * The text without control characters, tab and newline kept.
 *
 * @param text - text from the API or the user.
 * @returns the same text with every C0 control but tab and newline, DEL and every C1 control removed.
 */
export function terminalSafe(text: string): string {
    return text.replace(CONTROL_CHARACTERS, "");
}

/**
 * Whether a text holds a character {@link terminalSafe} removes. Exported for testing.
 *
 * @param text - the text.
 * @returns true when it holds a control character other than tab and newline.
 */
export function hasControlCharacters(text: string): boolean {
    return ANY_CONTROL_CHARACTER.test(text);
}
