// The region and the endpoint of a VpnConnection come from another resource's outputs, which are unknown
// during `pulumi preview` (the resource is created by `up`). The read must never happen in the wrong
// place: in preview the outputs stay unknown; after `up` they hold the connection read where it lives.
import * as pulumi from "@pulumi/pulumi";
import { VpnConnection } from "pulumi-alicloud-vpn";

const config = new pulumi.Config();

/** A resource whose outputs are its inputs, known only once it has been created. */
class Location extends pulumi.dynamic.Resource {
    declare public readonly regionId: pulumi.Output<string>;
    declare public readonly endpoint: pulumi.Output<string>;
    constructor(name: string, args: { regionId: string; endpoint: string }) {
        super(
            {
                async create(inputs: Record<string, unknown>) {
                    return { id: "location", outs: inputs };
                },
            },
            name,
            args,
        );
    }
}

const location = new Location("location", {
    regionId: config.require("regionId"),
    endpoint: config.require("endpoint"),
});
const connection = new VpnConnection("connection", {
    vpnConnectionId: config.require("vpnConnectionId"),
    regionId: location.regionId,
    endpoint: location.endpoint,
});

export const readRegion = connection.regionId;
export const name = connection.name;
export const status = connection.status;
