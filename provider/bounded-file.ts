/**
 * The one bounded file read of the package, shared by the command (baselines, expectation files, posture
 * policies) and the emulator (fixtures and fault files): only a regular file, of at most a given size,
 * is read, so that a FIFO does not block a run forever and `/dev/zero` or a growing log does not exhaust
 * its memory. Callers turn a refusal into their own error, naming their argument.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";

const READ_CHUNK_BYTES = 64 * 1024;

/** Why a file was not read: a short reason, e.g. "no such file" or "a named pipe (FIFO); expected a regular file". */
export class FileReadRefusedError extends Error {
    /**
     * @param reason - the short reason, without the path (callers name the path their own way).
     */
    constructor(readonly reason: string) {
        super(reason);
        this.name = "FileReadRefusedError";
    }
}

/**
 * What a file-system entry is, for messages about something that is not a regular file.
 *
 * @param stats - its stats.
 * @returns e.g. "a directory", "a named pipe (FIFO)".
 */
export function kindOf(stats: fs.Stats): string {
    if (stats.isDirectory()) return "a directory";
    if (stats.isFIFO()) return "a named pipe (FIFO)";
    if (stats.isCharacterDevice()) return "a character device";
    if (stats.isBlockDevice()) return "a block device";
    if (stats.isSocket()) return "a socket";
    return "not a regular file";
}

/**
 * A short reason for a failed file-system call, from its `errno` code.
 *
 * @param e - what the call threw.
 * @returns e.g. "no such file", "permission denied", or the code itself.
 */
export function errnoReason(e: unknown): string {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    switch (code) {
        case "ENOENT":
            return "no such file";
        case "EISDIR":
            return "a directory";
        case "EACCES":
        case "EPERM":
            return "permission denied";
        case "ENOTDIR":
            return "a part of the path is not a directory";
        case "ELOOP":
            return "too many symbolic links";
        case "ENAMETOOLONG":
            return "the path is too long";
        default:
            return code ?? "unreadable";
    }
}

/**
 * Reads a regular file as UTF-8, bounded: the file is opened without blocking (a FIFO would otherwise
 * wait for a writer forever), checked to be a regular file of at most `maxBytes` with `fstat` on the open
 * descriptor (so that what is checked is what is read), and read in chunks to its end, refused as soon as
 * it passes `maxBytes` (a file that grows meanwhile is bounded too).
 *
 * @param file - the path.
 * @param maxBytes - the largest size accepted.
 * @returns the content.
 * @throws FileReadRefusedError when the file cannot be opened or read, is not a regular file, or is
 *   larger than `maxBytes`.
 */
export function readRegularFile(file: string, maxBytes: number): string {
    const fail = (why: string): never => {
        throw new FileReadRefusedError(why);
    };
    if (typeof file !== "string" || file === "") fail("no file named");
    let fd: number;
    try {
        // O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer. It has
        // no effect on a regular file. (Windows has no such flag and no FIFOs of this kind.)
        fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch (e) {
        return fail(errnoReason(e));
    }
    try {
        const stats = fs.fstatSync(fd);
        if (!stats.isFile()) fail(`${kindOf(stats)}; expected a regular file`);
        const limit = `${maxBytes} bytes (${(maxBytes / 1024 / 1024).toFixed(0)} MiB)`;
        if (stats.size > maxBytes) fail(`${stats.size} bytes, more than the limit of ${limit}`);
        // Read in chunks to the end, whatever fstat said: a file that grows meanwhile is bounded too.
        const chunks: Buffer[] = [];
        let total = 0;
        for (;;) {
            const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
            let n: number;
            try {
                n = fs.readSync(fd, chunk, 0, chunk.length, null);
            } catch (e) {
                return fail(errnoReason(e));
            }
            if (n === 0) break;
            total += n;
            if (total > maxBytes) fail(`larger than the limit of ${limit}`);
            chunks.push(chunk.subarray(0, n));
        }
        return Buffer.concat(chunks, total).toString("utf8");
    } finally {
        fs.closeSync(fd);
    }
}
