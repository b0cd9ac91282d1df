// Benchmark 3: one resource per id in the stack config `vpnConnectionIds` (a JSON array), read by
// `pulumi preview` at the engine's default parallelism. The config `kind` says which resource:
// - `ours` (the default): a VpnConnection, read from `endpoint` (config, optional);
// - `floor`: what a generated SDK's resource of the same shape costs: a dynamic resource with the same
//   output keys and secret outputs, whose provider answers every read with the same props (one
//   connection's outputs as our provider returns them) without any call, expectation or drift logic: the
//   fair floor of a read resource with these outputs. The shape is in `floor.json` (bench/floor.ts);
// - `empty`: a dynamic resource of one output whose provider makes no call: what the engine costs per
//   resource on its own.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { VpnConnection } from "pulumi-alicloud-vpn";

const config = new pulumi.Config();
const ids = config.requireObject<string[]>("vpnConnectionIds");
const endpoint = config.get("endpoint");
const kind = config.get("kind") ?? "ours";

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

function floorResource(): new (name: string, vpnConnectionId: string) => pulumi.dynamic.Resource {
    const shape = JSON.parse(fs.readFileSync(path.join(__dirname, "floor.json"), "utf8")) as {
        outputKeys: string[];
        secretOutputs: string[];
        props: Record<string, unknown>;
    };
    const { outputKeys, secretOutputs, props: floorProps } = shape;
    const provider: pulumi.dynamic.ResourceProvider = {
        async create(): Promise<pulumi.dynamic.CreateResult> {
            throw new Error("read only");
        },
        async read(id: string) {
            return { id, props: { ...floorProps, vpnConnectionId: id } };
        },
    };
    // As a generated SDK's constructor does: every output key as an input of undefined, the one argument
    // set, the secret outputs named in the options; the id given as it is.
    return class FloorRead extends pulumi.dynamic.Resource {
        constructor(name: string, vpnConnectionId: string) {
            const props: Record<string, pulumi.Input<unknown>> = {};
            for (const key of outputKeys) props[key] = undefined;
            props.vpnConnectionId = vpnConnectionId;
            super(provider, name, props, { id: vpnConnectionId, additionalSecretOutputs: secretOutputs });
        }
    };
}

let resources: pulumi.Resource[];
if (kind === "empty") {
    resources = ids.map((vpnConnectionId, i) => new EmptyRead(`connection-${i}`, vpnConnectionId));
} else if (kind === "floor") {
    const FloorRead = floorResource();
    resources = ids.map((vpnConnectionId, i) => new FloorRead(`connection-${i}`, vpnConnectionId));
} else {
    resources = ids.map(
        (vpnConnectionId, i) => new VpnConnection(`connection-${i}`, { vpnConnectionId, endpoint }),
    );
}

export const count = resources.length;
