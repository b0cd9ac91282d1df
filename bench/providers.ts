/**
 * The `__provider` texts the benchmarks send to the provider host: this package's provider as
 * `new VpnConnection(...)` stores it, the naive baseline, and an empty provider.
 *
 * @packageDocumentation
 */

/**
 * This package's provider, serialized by Pulumi's own closure serializer exactly as a program does.
 *
 * @returns the `__provider` text.
 */
export async function ourProvider(): Promise<string> {
    const { vpnConnectionProvider } = await import("../sdk/provider");
    const { serializeFunction } = await import("@pulumi/pulumi/runtime/closure/serializeClosure");
    return (await serializeFunction(() => vpnConnectionProvider, { allowSecrets: true })).text;
}

/**
 * The naive baseline: what a dynamic provider written in an afternoon does. One pop-core call per
 * read with a new client, no limiter, no retry, no check of the answer; the stack config and the
 * endpoint are read as ours reads them, so both providers make the same calls.
 */
export const NAIVE_PROVIDER = `
exports.handler = () => ({
    async configure(req) {
        this.settings = {
            regionId: req.config.get("alicloud:region"),
            accessKeyId: req.config.get("alicloud:accessKey"),
            accessKeySecret: req.config.get("alicloud:secretKey"),
        };
    },
    async read(id) {
        const { RPCClient } = require("@alicloud/pop-core");
        const s = this.settings;
        const client = new RPCClient({
            accessKeyId: s.accessKeyId,
            accessKeySecret: s.accessKeySecret,
            endpoint: process.env.ALIBABA_CLOUD_ENDPOINT_VPC,
            apiVersion: "2016-04-28",
        });
        const body = await client.request(
            "DescribeVpnConnection",
            { RegionId: s.regionId, VpnConnectionId: id },
            { method: "POST" },
        );
        return { id, props: { vpnConnectionId: body.VpnConnectionId, name: body.Name, status: body.Status } };
    },
});
`;

/** A provider that does nothing: the floor of the host's start time and memory. */
export const EMPTY_PROVIDER = `
exports.handler = () => ({
    async read(id) {
        return { id, props: {} };
    },
});
`;
