import { createRequire } from "node:module";
import type * as resproto from "@pulumi/pulumi/proto/resource_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import type { ProviderHost } from "./host";
import { fromWire, fromWireMap, type PreviewResource } from "./result";
import {
    applyAdditionalSecretOutputs,
    PROVIDER_KEY,
    unwrapSecretsDeep,
    UNKNOWN_VALUE,
    withoutProvider,
    type PropertyMap,
} from "./wire";

/** Type token of the root stack resource. */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** gRPC status codes the SDK reacts to (see `@pulumi/pulumi/errors.js` `isGrpcError`). */
const GRPC_UNKNOWN = 2;
const GRPC_UNIMPLEMENTED = 12;
const GRPC_UNAVAILABLE = 14;

/**
 * Features the monitor claims, as `SupportsFeature` answers. Secrets: yes (the point of the
 * harness). Resource references and output values: no, so inputs and stack outputs arrive as plain
 * values (a resource as its URN/id) and the preview stays readable. Transforms, hooks and
 * parameterization need callback servers or plugins the harness does not have.
 */
const SUPPORTED_FEATURES = new Set(["secrets", "deletedWith", "replaceWith", "aliasSpecs"]);

/** What to do when a provider's `read` of a `{ id }` resource returns an empty id. */
export type EmptyReadIdPolicy = "fail" | "keep-requested-id";

/** Options of {@link PreviewMonitor}. */
export interface PreviewMonitorOptions {
    /** Project name, for URNs. */
    project: string;
    /** Stack name, for URNs. */
    stack: string;
    /** The single provider host, started and configured on first use. */
    getHost: () => Promise<ProviderHost>;
    /** @default "fail" (what the engine does; see `PreviewOptions.emptyReadId`) */
    emptyReadId?: EmptyReadIdPolicy;
}

type Callback<T> = (err: Error | null, resp?: T) => void;

interface Protos {
    resproto: typeof resproto;
    Struct: typeof structPb.Struct;
    Empty: typeof emptyPb.Empty;
}

let protos: Protos | undefined;

/** The SDK's own protobuf classes, from the `@pulumi/pulumi` copy the harness runs programs with. */
function loadProtos(): Protos {
    if (!protos) {
        const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
        protos = {
            resproto: sdkRequire("./proto/resource_pb") as typeof resproto,
            Struct: (sdkRequire("google-protobuf/google/protobuf/struct_pb") as typeof structPb).Struct,
            Empty: (sdkRequire("google-protobuf/google/protobuf/empty_pb") as typeof emptyPb).Empty,
        };
    }
    return protos;
}

/** A gRPC-shaped error, as the SDK expects from a monitor (`code`, `details`). */
class MonitorRpcError extends Error {
    constructor(
        readonly code: number,
        readonly details: string,
    ) {
        super(details);
        this.name = "MonitorRpcError";
    }
}

/** An error the harness reports for a resource: recorded as a preview error. */
class ResourceFailure extends Error {
    constructor(
        message: string,
        readonly resource?: PreviewResource,
    ) {
        super(message);
        this.name = "ResourceFailure";
    }
}

function toStructValue(value: PropertyMap): Record<string, structPb.JavaScriptValue> {
    return value as Record<string, structPb.JavaScriptValue>;
}

/**
 * A resource monitor for `pulumi.runtime.setMockOptions`: it receives the program's real protobuf
 * requests (so it sees `additionalSecretOutputs`, `acceptSecrets`…) and answers them the way the
 * engine does during `pulumi preview`:
 *
 * - `ReadResource` of a dynamic resource → one `Read` on the provider host (reads run in previews);
 *   `additionalSecretOutputs` are wrapped as secrets; an empty id fails like the engine's ReadStep.
 * - `RegisterResource` → a `create` step: outputs are the inputs (checked by the provider first
 *   for a dynamic resource), everything else unknown; the id is unknown.
 * - A failed read or registration is recorded, then the monitor "shuts down": it answers that
 *   request and every later read or registration with UNAVAILABLE. That is what a program sees when
 *   the engine aborts a deployment, and the SDK then abandons the affected outputs instead of
 *   rejecting them, so no unhandled rejection escapes from the program. `RegisterResourceOutputs`
 *   is still served (the SDK would not swallow an error there).
 */
export class PreviewMonitor {
    /** Every resource, by URN, in registration order. */
    readonly resources = new Map<string, PreviewResource>();

    /** Failures, in the order seen. */
    readonly errors: string[] = [];

    /** The stack outputs in wire form, once the stack registered them. */
    stackOutputs: PropertyMap | undefined;

    /** Resolves when the first read or registration fails (not on {@link recordError}). */
    readonly failed: Promise<void>;

    private signalFailed: () => void = () => undefined;
    private terminated = false;
    private readonly inFlight = new Set<Promise<void>>();
    private readonly emptyReadId: EmptyReadIdPolicy;

    constructor(private readonly options: PreviewMonitorOptions) {
        this.emptyReadId = options.emptyReadId ?? "fail";
        this.failed = new Promise<void>((resolve) => {
            this.signalFailed = resolve;
        });
    }

    /** Waits until no request is being handled (requests arriving meanwhile included). */
    async idle(): Promise<void> {
        while (this.inFlight.size > 0) {
            await Promise.allSettled([...this.inFlight]);
        }
    }

    /** Records a failure that happened outside the monitor (e.g. the program threw). */
    recordError(message: string): void {
        if (!this.errors.includes(message)) {
            this.errors.push(message);
        }
    }

    // ---- ResourceMonitor RPCs, called by the SDK with (request, callback) ----

    /** Answers feature queries; see {@link SUPPORTED_FEATURES}. */
    supportsFeature(
        req: resproto.SupportsFeatureRequest,
        callback: Callback<resproto.SupportsFeatureResponse>,
    ): void {
        const resp = new (loadProtos().resproto.SupportsFeatureResponse)();
        resp.setHassupport(SUPPORTED_FEATURES.has(req.getId()));
        callback(null, resp);
    }

    /** A `{ id }` read: forwarded to the provider host. */
    readResource(req: resproto.ReadResourceRequest, callback: Callback<resproto.ReadResourceResponse>): void {
        this.handle(callback, () => this.read(req));
    }

    /** A resource registration: previewed as a create. */
    registerResource(
        req: resproto.RegisterResourceRequest,
        callback: Callback<resproto.RegisterResourceResponse>,
    ): void {
        this.handle(callback, () => this.register(req));
    }

    /** Outputs of a component or of the stack. */
    registerResourceOutputs(
        req: resproto.RegisterResourceOutputsRequest,
        callback: Callback<emptyPb.Empty>,
    ): void {
        // Served even after a failure: the SDK does not swallow an error here (it would surface as an
        // unhandled rejection in the program's process), and recording outputs has no effect to abort.
        this.handle(
            callback,
            async () => {
                const urn = req.getUrn();
                const outputs = (req.getOutputs()?.toJavaScript() ?? {}) as PropertyMap;
                const record = this.resources.get(urn);
                if (record) {
                    const { values, secrets } = fromWireMap(outputs);
                    record.outputs = values;
                    record.secretOutputs = secrets;
                    if (record.type === ROOT_STACK_TYPE) {
                        this.stackOutputs = outputs;
                    }
                }
                return new (loadProtos().Empty)();
            },
            /* serveAfterFailure */ true,
        );
    }

    /** No invoke is implemented: the program gets the error (and may catch it). */
    invoke(req: resproto.ResourceInvokeRequest, callback: Callback<unknown>): void {
        callback(
            new MonitorRpcError(
                GRPC_UNKNOWN,
                `Invoke not implemented in the preview harness: ${req.getTok()}`,
            ),
        );
    }

    /** Method calls on multi-language components are not implemented. */
    call(req: resproto.ResourceCallRequest, callback: Callback<unknown>): void {
        callback(
            new MonitorRpcError(GRPC_UNKNOWN, `Call not implemented in the preview harness: ${req.getTok()}`),
        );
    }

    /** Parameterized packages are not implemented (the feature is not advertised). */
    registerPackage(_req: unknown, callback: Callback<unknown>): void {
        callback(
            new MonitorRpcError(GRPC_UNIMPLEMENTED, "RegisterPackage not implemented in the preview harness"),
        );
    }

    /** Nothing to wait for: a preview deletes nothing. */
    signalAndWaitForShutdown(_req: unknown, callback: Callback<emptyPb.Empty>): void {
        callback(null, new (loadProtos().Empty)());
    }

    // ---- implementation ----

    private handle<T>(callback: Callback<T>, operation: () => Promise<T>, serveAfterFailure = false): void {
        if (this.terminated && !serveAfterFailure) {
            callback(new MonitorRpcError(GRPC_UNAVAILABLE, "Resource monitor is terminating"));
            return;
        }
        const done = operation()
            .then(
                (resp) => {
                    if (this.terminated && !serveAfterFailure) {
                        callback(new MonitorRpcError(GRPC_UNAVAILABLE, "Resource monitor is terminating"));
                    } else {
                        callback(null, resp);
                    }
                },
                (err: unknown) => {
                    const message = err instanceof Error ? err.message : String(err);
                    if (err instanceof ResourceFailure && err.resource) {
                        err.resource.error = message;
                    }
                    this.recordError(message);
                    this.terminated = true;
                    this.signalFailed();
                    callback(new MonitorRpcError(GRPC_UNAVAILABLE, message));
                },
            )
            // Only reached if the SDK's own callback throws: record it rather than let it escape.
            .catch((err: unknown) => this.recordError(`Preview harness internal error: ${String(err)}`));
        this.inFlight.add(done);
        void done.finally(() => this.inFlight.delete(done));
    }

    /**
     * The URN the engine gives: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the
     * qualified type is prefixed by the parent's (`Parent$Child`) unless the parent is the stack.
     */
    private newUrn(parent: string, type: string, name: string): string {
        let qualified = type;
        if (parent) {
            const parentQualified = parent.split("::")[2] ?? "";
            if (parentQualified !== ROOT_STACK_TYPE) {
                qualified = `${parentQualified}$${type}`;
            }
        }
        return `urn:pulumi:${this.options.stack}::${this.options.project}::${qualified}::${name}`;
    }

    private add(record: PreviewResource): void {
        if (this.resources.has(record.urn)) {
            throw new ResourceFailure(`Duplicate resource URN '${record.urn}'; try giving it a unique name`);
        }
        this.resources.set(record.urn, record);
    }

    private async read(req: resproto.ReadResourceRequest): Promise<resproto.ReadResourceResponse> {
        const { resproto: pb, Struct } = loadProtos();
        const type = req.getType();
        const name = req.getName();
        const requestedId = req.getId();
        const urn = this.newUrn(req.getParent(), type, name);
        const props = (req.getProperties()?.toJavaScript() ?? {}) as PropertyMap;
        const record: PreviewResource = {
            urn,
            type,
            name,
            op: "read",
            custom: true,
            outputs: {},
            secretOutputs: [],
            inputs: fromWireMap(withoutProvider(props)).values,
            ...(req.getParent() ? { parent: req.getParent() } : {}),
        };
        this.add(record);
        if (!(PROVIDER_KEY in props)) {
            throw new ResourceFailure(
                `Cannot read ${type} '${name}': the preview harness only reads dynamic resources ` +
                    `(ones with a ${PROVIDER_KEY} property)`,
                record,
            );
        }

        let outputs: PropertyMap;
        if (requestedId === UNKNOWN_VALUE) {
            // The engine's ReadStep does not call the provider when the id is not known yet.
            outputs = {};
        } else {
            record.id = requestedId;
            const host = await this.options.getHost().catch((err: unknown) => {
                throw new ResourceFailure(err instanceof Error ? err.message : String(err), record);
            });
            const result = await host.read(requestedId, urn, props, props).catch((err: unknown) => {
                throw new ResourceFailure(err instanceof Error ? err.message : String(err), record);
            });
            if (result.id === "" && this.emptyReadId === "fail") {
                // pulumi/pulumi pkg/resource/deploy/step.go, ReadStep.Apply: the provider plugin client
                // turns an empty id into nil outputs, and the step fails with this message.
                throw new ResourceFailure(`resource '${requestedId}' does not exist`, record);
            }
            record.id = result.id === "" ? requestedId : result.id;
            outputs = applyAdditionalSecretOutputs(result.properties, req.getAdditionalsecretoutputsList());
        }
        const { values, secrets } = fromWireMap(withoutProvider(outputs));
        record.outputs = values;
        record.secretOutputs = secrets;

        const resp = new pb.ReadResourceResponse();
        resp.setUrn(urn);
        const wire = req.getAcceptsecrets() ? outputs : (unwrapSecretsDeep(outputs) as PropertyMap);
        resp.setProperties(Struct.fromJavaScript(toStructValue(wire)));
        return resp;
    }

    private async register(
        req: resproto.RegisterResourceRequest,
    ): Promise<resproto.RegisterResourceResponse> {
        const { resproto: pb, Struct } = loadProtos();
        const type = req.getType();
        const name = req.getName();
        const custom = req.getCustom();
        const urn = this.newUrn(req.getParent(), type, name);
        const inputs = (req.getObject()?.toJavaScript() ?? {}) as PropertyMap;
        const record: PreviewResource = {
            urn,
            type,
            name,
            op: "create",
            custom,
            outputs: {},
            secretOutputs: [],
            ...(req.getParent() ? { parent: req.getParent() } : {}),
        };
        this.add(record);
        if (req.getRemote()) {
            throw new ResourceFailure(
                `Cannot preview ${type} '${name}': multi-language components are not supported`,
                record,
            );
        }
        if (custom && req.getImportid()) {
            throw new ResourceFailure(`Cannot preview ${type} '${name}': importing is not supported`, record);
        }

        let outputs: PropertyMap = {};
        if (custom) {
            outputs = inputs;
            if (PROVIDER_KEY in inputs) {
                // The engine checks the inputs of a resource it will create, previews included.
                const host = await this.options.getHost().catch((err: unknown) => {
                    throw new ResourceFailure(err instanceof Error ? err.message : String(err), record);
                });
                const checked = await host.check(urn, {}, inputs).catch((err: unknown) => {
                    throw new ResourceFailure(err instanceof Error ? err.message : String(err), record);
                });
                if (checked.failures.length > 0) {
                    const reasons = checked.failures.map(
                        (f) => `property ${f.property} has a problem: ${f.reason}`,
                    );
                    throw new ResourceFailure(`${urn}: ${reasons.join("; ")}`, record);
                }
                outputs = checked.inputs;
            }
            record.inputs = fromWireMap(withoutProvider(inputs)).values;
            const { values, secrets } = fromWireMap(withoutProvider(outputs));
            record.outputs = values;
            record.secretOutputs = secrets;
        }

        const resp = new pb.RegisterResourceResponse();
        resp.setUrn(urn);
        // A resource to be created has no id yet: the SDK resolves it as unknown in a preview.
        resp.setId("");
        const wire = req.getAcceptsecrets() ? outputs : (unwrapSecretsDeep(outputs) as PropertyMap);
        resp.setObject(Struct.fromJavaScript(toStructValue(wire)));
        resp.setResult(pb.Result.SUCCESS);
        return resp;
    }
}

/** The stack outputs as result values (secrets and unknowns as markers). */
export function stackOutputsOf(monitor: PreviewMonitor): Record<string, unknown> {
    return fromWire(monitor.stackOutputs ?? {}) as Record<string, unknown>;
}
