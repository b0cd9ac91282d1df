/**
 * Runtime status: leaving the outputs that follow tunnel negotiation ({@link RUNTIME_STATUS_PATHS}) out
 * of a model, so that what is left changes only when the configuration does.
 *
 * @packageDocumentation
 */
import { pathMatches, stripPaths } from "./paths";
import { RUNTIME_STATUS_PATHS } from "./shapes";

/**
 * A copy of a connection's model (or of a resource's outputs) without the runtime-status outputs of
 * {@link RUNTIME_STATUS_PATHS}, so that what is left changes only when the configuration does. The
 * input is not modified; keys other than these, secrets included, are kept as they are.
 *
 * @param model - a model or outputs object.
 * @returns the copy.
 */
export function stripRuntimeStatus<T extends object>(model: T): T {
    return stripPaths(model, RUNTIME_STATUS_PATHS);
}

/** Whether a path is one of the runtime-status outputs of {@link RUNTIME_STATUS_PATHS}. */
export function isRuntimeStatusPath(path: string): boolean {
    return RUNTIME_STATUS_PATHS.some((pattern) => pathMatches(path, pattern));
}
