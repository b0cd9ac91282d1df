/**
 * Everything that removes secrets from text before it reaches an error message, a log line or a report.
 * Messages of this package are built from fields it chooses; the only foreign text it quotes is
 * Alibaba's error message, what `@alicloud/credentials` says when a source fails, the message of an
 * unexpected failure, and values the user passed. Each goes through one function here.
 *
 * @packageDocumentation
 */

/** Known credential values shorter than this are not blanked out: they would match ordinary words. */
const MIN_KNOWN_LENGTH = 4;

function redactKnown(text: string, known: ReadonlyArray<string | undefined>): string {
    let out = text;
    for (const value of known) {
        if (value && value.length >= MIN_KNOWN_LENGTH) out = out.split(value).join("[redacted]");
    }
    return out;
}

/**
 * Removes from a message of the service everything that can carry a credential: the "string to sign"
 * that `SignatureDoesNotMatch` echoes (it holds the access key id and token), any URL (pop-core appends
 * the request URL, which with GET holds the signature), and every value in `known` (the access key id,
 * secret and token of the call). Truncates to 300 characters so a hostile body cannot flood a log.
 *
 * @param message - the text to clean.
 * @param known - credential values to blank out wherever they appear.
 * @returns the cleaned text.
 */
export function redactServiceMessage(message: string, known: ReadonlyArray<string | undefined> = []): string {
    let text = message;
    // V1 echoes "server string to sign is:…"; V3 "server StringToSign is [...] server CanonicalRequest
    // is [...]", and the canonical request holds the signed headers, an STS token among them.
    const sts = text.search(/string\s*to\s*sign|canonical\s*request/i);
    if (sts >= 0) text = `${text.slice(0, sts).trimEnd()} string to sign [redacted]`;
    text = text.replace(/,?\s*URL:\s*\S+/g, "").replace(/https?:\/\/\S+/g, "[url]");
    text = redactKnown(text, known);
    text = text.replace(/(Signature|AccessKeyId|SecurityToken|AccessKeySecret)=[^&\s]+/gi, "$1=[redacted]");
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * What a link of `@alicloud/credentials` said when it gave nothing, safe to show: the library quotes
 * whole config files and STS answers in some messages (`parse aliyun cli config from '…' failed: <file>`,
 * `…credentialsURI result: {…}`), so everything after such a marker is dropped, braces are blanked, known
 * credential values are redacted, and the text is cut short.
 *
 * @param error - what the library threw.
 * @param known - credential values to redact.
 * @returns a short reason.
 */
export function redactLibraryFailure(error: unknown, known: ReadonlyArray<string | undefined> = []): string {
    let text = String((error as Error)?.message ?? error);
    const marker = text.search(/(failed:|message\s*=|result:|body:)/i);
    if (marker >= 0) text = `${text.slice(0, marker)}${text.slice(marker).split(/[:=]/)[0]}`;
    text = text.replace(/\{[\s\S]*\}?/g, "{…}");
    return redactServiceMessage(text, known).slice(0, 200);
}

/**
 * The message of a failure nobody anticipated (a bug, a library throwing something odd), safe to show:
 * treated like a service message, and cut to 200 characters.
 *
 * @param error - anything thrown.
 * @returns a short text.
 */
export function redactUnexpected(error: unknown): string {
    return redactServiceMessage(String((error as Error)?.message ?? error)).slice(0, 200);
}

/**
 * Quotes a user value for an error message: JSON-escaped, at most 48 characters, with its type when it
 * is not a string, so hostile input cannot flood a message or a log. Values that may be credentials
 * (access key ids, endpoints with a path or query) are never passed here: their messages say what was
 * expected without quoting them.
 *
 * @param value - anything the user passed.
 * @returns a short, safe rendering.
 */
export function quoteValue(value: unknown): string {
    if (typeof value !== "string") {
        return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    }
    const shown = value.length > 48 ? `${value.slice(0, 48)}…` : value;
    return JSON.stringify(shown);
}
