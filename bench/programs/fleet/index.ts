// Benchmark 3: one VpnConnection per id in the stack config `vpnConnectionIds` (a JSON array), read by
// `pulumi preview` at the engine's default parallelism from `endpoint` (config, optional). With
// `emptyProvider: true` the same number of dynamic resources is read through a provider that makes no
// call: what the engine and a program of one-property resources cost on their own.
import * as pulumi from "@pulumi/pulumi";
import { VpnConnection } from "pulumi-alicloud-vpn";

const config = new pulumi.Config();
const ids = config.requireObject<string[]>("vpnConnectionIds");
const endpoint = config.get("endpoint");

const empty: pulumi.dynamic.ResourceProvider = {
    async create(): Promise<pulumi.dynamic.CreateResult> {
        throw new Error("read only");
    },
    async read(id: string) {
        return { id, props: { vpnConnectionId: id } };
    },
};

class EmptyRead extends pulumi.dynamic.Resource {
    constructor(name: string, vpnConnectionId: string) {
        super(empty, name, { vpnConnectionId }, { id: vpnConnectionId });
    }
}

const resources = config.getBoolean("emptyProvider")
    ? ids.map((vpnConnectionId, i) => new EmptyRead(`connection-${i}`, vpnConnectionId))
    : ids.map((vpnConnectionId, i) => new VpnConnection(`connection-${i}`, { vpnConnectionId, endpoint }));

export const count = resources.length;
