/**
 * The preview harness: a small, honest stand-in for `pulumi preview` where no Pulumi CLI can be
 * installed. It runs a Pulumi program in-process in preview mode and forwards every
 * dynamic-resource read to one real `@pulumi/pulumi/cmd/dynamic-provider` host process over gRPC,
 * as the Pulumi engine does.
 *
 * @packageDocumentation
 */
export { PreviewError, ProviderHostError } from "./errors";
export { formatPreview, formatProperties, formatValue } from "./format";
export {
    DEFAULT_CALL_TIMEOUT_MS,
    DEFAULT_START_TIMEOUT_MS,
    ProviderHost,
    resolvePulumiDir,
    type CheckResult,
    type ConfigureOptions,
    type ConfigureResult,
    type DiffResult,
    type ProviderHostOptions,
    type ReadResult,
} from "./host";
export {
    PreviewMonitor,
    ROOT_STACK_TYPE,
    type EmptyReadIdPolicy,
    type PreviewMonitorOptions,
} from "./monitor";
export {
    DEFAULT_ORGANIZATION,
    DEFAULT_SETTLE_TIMEOUT_MS,
    DEFAULT_STACK,
    runPreview,
    type PreviewOptions,
} from "./preview";
export {
    loadProgramModule,
    readProjectFile,
    readStackConfig,
    registerTypeScript,
    resolveEntryPoint,
    type ProjectFile,
    type TypeScriptLoader,
} from "./program";
export {
    SecretValue,
    UNKNOWN,
    UnknownValue,
    type PreviewOp,
    type PreviewResource,
    type PreviewResult,
} from "./result";
