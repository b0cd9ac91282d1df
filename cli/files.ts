/**
 * The files the command reads and writes: baselines (`--baseline`, `snapshot --out`), expectation
 * files (`--expect`) and posture policies (`--policy`). Reads are bounded (`provider/bounded-file.ts`):
 * only a regular file, of at most {@link MAX_INPUT_FILE_BYTES} (or a smaller limit of its own), is read,
 * so a FIFO does not block the command forever and `/dev/zero` does not exhaust its memory.
 * Writes are atomic (a temporary file in the same folder, flushed, then renamed over the target), create
 * a new file readable by its owner only ({@link NEW_FILE_MODE}) and keep the mode of a file replaced.
 * Every error names the user's path (shortened past {@link MAX_SHOWN_PATH_CHARS}), never the temporary
 * file's.
 *
 * @packageDocumentation
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { FileReadRefusedError, errnoReason, kindOf, readRegularFile } from "../provider/bounded-file";
import { VpcInvalidInputError } from "../provider/errors";
import { terminalSafe } from "./terminal-safe";

/**
 * The largest baseline or expectation file read, in bytes: 32 MiB. A baseline holds about 3 KB per
 * connection, so this is some ten thousand connections, far more than a region's quota of VPN
 * connections; the bound keeps a wrong path (a device, a log) from exhausting the process's memory.
 */
export const MAX_INPUT_FILE_BYTES = 32 * 1024 * 1024;

/** The mode of a new baseline: read and write by its owner only (it holds salted fingerprints of keys). */
export const NEW_FILE_MODE = 0o600;

/** Paths longer than this are shown shortened in messages. */
export const MAX_SHOWN_PATH_CHARS = 256;

/**
 * A path as messages show it: control characters removed, shortened in the middle past
 * {@link MAX_SHOWN_PATH_CHARS} so that both the folder and the file name stay readable.
 *
 * @param file - the path as the user gave it.
 * @returns the path to print.
 */
export function shownPath(file: string): string {
    const safe = terminalSafe(file);
    if (safe.length <= MAX_SHOWN_PATH_CHARS) return safe;
    const half = Math.floor((MAX_SHOWN_PATH_CHARS - 1) / 2);
    return `${safe.slice(0, half)}…${safe.slice(safe.length - half)}`;
}

/**
 * Why a file is not JSON, for a message: the reason and the position, never a slice of the text (which
 * Node quotes in some parse messages, and which may hold a key).
 *
 * @param e - what `JSON.parse` threw.
 * @returns e.g. `not valid JSON (at character 12)`.
 */
export function jsonProblem(e: unknown): string {
    const position = /position (\d+)/.exec((e as Error | undefined)?.message ?? "");
    return `not valid JSON${position ? ` (at character ${position[1]})` : ""}`;
}

/**
 * Reads a text file given as an argument, bounded as `readRegularFile` reads (a regular file only, of at
 * most `maxBytes`, opened without blocking, read in chunks), each file once: the text returned is the
 * one parsed and the one quoted.
 *
 * @param file - the path.
 * @param argument - the argument that named it, e.g. `--baseline`.
 * @param maxBytes - the largest size accepted. @default {@link MAX_INPUT_FILE_BYTES}
 * @returns the content, as UTF-8.
 * @throws VpcInvalidInputError naming the argument and the path when the file cannot be read, is not a
 *   regular file, or is larger than `maxBytes`.
 */
export function readInputFile(file: string, argument: string, maxBytes = MAX_INPUT_FILE_BYTES): string {
    try {
        return readRegularFile(file, maxBytes);
    } catch (e) {
        if (!(e instanceof FileReadRefusedError)) throw e;
        throw new VpcInvalidInputError(argument, `cannot read ${shownPath(file)}: ${e.reason}`);
    }
}

/**
 * Checks, before any API call, that a file can be written where the user asked: its folder exists and
 * is writable, and the path is not a directory (nor anything else than a regular file).
 *
 * @param file - the path.
 * @param argument - the argument that named it, e.g. `--out`.
 * @throws VpcInvalidInputError naming the argument and the path.
 */
export function checkOutputFile(file: string, argument: string): void {
    const fail = (why: string): never => {
        throw new VpcInvalidInputError(argument, `cannot write ${shownPath(file)}: ${why}`);
    };
    if (typeof file !== "string" || file === "") fail("no file named");
    if (file.endsWith("/") || file.endsWith(path.sep)) fail("a directory");
    const dir = path.dirname(path.resolve(file));
    try {
        const stats = fs.statSync(file);
        if (!stats.isFile()) fail(`${kindOf(stats)}; expected a regular file`);
    } catch (e) {
        if (e instanceof VpcInvalidInputError) throw e;
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") fail(errnoReason(e));
    }
    let dirStats: fs.Stats;
    try {
        dirStats = fs.statSync(dir);
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return fail(code === "ENOENT" ? "its folder does not exist" : `its folder: ${errnoReason(e)}`);
    }
    if (!dirStats.isDirectory()) fail("its folder is not a directory");
    try {
        // The temporary file is created in the folder, then renamed: both need write access to it.
        fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
    } catch {
        fail("its folder is not writable");
    }
}

/**
 * Writes a file atomically: the text goes to a temporary file in the same folder, is flushed to disk,
 * and is renamed over the target, so a reader (or a crash) never sees half a file. A new file gets
 * {@link NEW_FILE_MODE}; a file replaced keeps its mode.
 *
 * @param file - the target.
 * @param text - the content.
 * @param argument - the argument that named it, for errors. @default `--out`
 * @throws VpcInvalidInputError naming the argument and the user's path (never the temporary file's).
 */
export function writeFileAtomic(file: string, text: string, argument = "--out"): void {
    const fail = (e: unknown): never => {
        throw new VpcInvalidInputError(argument, `cannot write ${shownPath(file)}: ${errnoReason(e)}`);
    };
    const dir = path.dirname(path.resolve(file));
    const temp = path.join(
        dir,
        `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
    );
    let mode = NEW_FILE_MODE;
    try {
        const stats = fs.statSync(file);
        // A file replaced keeps its mode (a baseline someone made 0640 for a group stays so).
        if (stats.isFile()) mode = stats.mode & 0o7777;
    } catch {
        // No file yet: it is created with NEW_FILE_MODE.
    }
    let fd: number;
    try {
        fd = fs.openSync(temp, "wx", NEW_FILE_MODE);
    } catch (e) {
        return fail(e);
    }
    try {
        // The mode given to open is reduced by the umask; set it exactly.
        fs.fchmodSync(fd, mode);
        fs.writeFileSync(fd, text);
        fs.fsyncSync(fd);
    } catch (e) {
        fs.closeSync(fd);
        fs.rmSync(temp, { force: true });
        return fail(e);
    }
    fs.closeSync(fd);
    try {
        fs.renameSync(temp, file);
    } catch (e) {
        fs.rmSync(temp, { force: true });
        fail(e);
    }
}
