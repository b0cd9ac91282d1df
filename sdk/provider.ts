/**
 * The dynamic provider object that Pulumi serializes into `__provider` and stores in state for every
 * VpnConnection. It holds one string, the path of `provider/dynamic.js`, and forwards every call there,
 * loading it with `require` at call time inside the provider host. Nothing else is captured: no client,
 * no agent, no credential, no part of `@pulumi/pulumi` (which would be serialized by value).
 *
 * @packageDocumentation
 */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The module specifier of the implementation as the provider host should `require` it. Installed from
 * npm (under `node_modules`), it is the package path, e.g. `pulumi-alicloud-vpn/dist/provider/dynamic.js`,
 * resolved from the program's directory like any dependency, so state stays portable across machines.
 * Run from a source checkout, it is the absolute path of the compiled module (sources under ts-node or
 * ts-jest map to `dist/`, which `npm run build` produces).
 *
 * @param from - the directory of this module.
 * @param file - this module's file name.
 * @returns the specifier.
 */
export function implementationSpecifier(from: string = __dirname, file: string = __filename): string {
    const compiled = file.endsWith(".ts")
        ? path.resolve(from, "..", "dist", "provider", "dynamic.js")
        : path.resolve(from, "..", "provider", "dynamic.js");
    const marker = `${path.sep}node_modules${path.sep}`;
    const at = compiled.lastIndexOf(marker);
    return at >= 0
        ? compiled
              .slice(at + marker.length)
              .split(path.sep)
              .join("/")
        : compiled;
}

interface Implementation {
    settingsFromConfig(config: { get(key: string): string | undefined }): unknown;
    checkInputs(news: Record<string, unknown>): { property: string; reason: string }[];
    read(id: string, props: Record<string, unknown>, settings: unknown): Promise<pulumi.dynamic.ReadResult>;
}

/** The serialized provider: `impl` is the only captured value. */
interface ShimProvider extends pulumi.dynamic.ResourceProvider {
    impl: string;
    settings?: unknown;
}

/**
 * Creates the provider object. Its methods use `require(this.impl)`, a free `require` that the provider
 * host supplies, so the serializer emits them as written.
 *
 * @param impl - the implementation's module specifier.
 * @returns the provider.
 */
export function createProvider(impl: string = implementationSpecifier()): pulumi.dynamic.ResourceProvider {
    const provider: ShimProvider = {
        impl,
        async configure(req: pulumi.dynamic.ConfigureRequest) {
            this.settings = (require(this.impl) as Implementation).settingsFromConfig(req.config);
        },
        async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
            return { inputs: news, failures: (require(this.impl) as Implementation).checkInputs(news) };
        },
        async read(id: string, props: Record<string, unknown>) {
            return (require(this.impl) as Implementation).read(id, props, this.settings);
        },
        async create(): Promise<pulumi.dynamic.CreateResult> {
            throw new Error(
                "VpnConnection is read-only: declare it with a vpnConnectionId; it never creates a connection",
            );
        },
        async diff() {
            return { changes: false };
        },
    };
    return provider;
}

/** The one provider object of the process, so Pulumi serializes it once and caches the result. */
export const vpnConnectionProvider: pulumi.dynamic.ResourceProvider = createProvider();
