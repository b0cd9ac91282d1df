// The region and the endpoint of a VpnConnection come from another resource's outputs, which are unknown
// during `pulumi preview` (the resource is created by `up`). The read must never happen in the wrong
// place: in preview the outputs stay unknown; after `up` they hold the connection read where it lives.
import * as pulumi from "@pulumi/pulumi";
import { VpnConnection } from "pulumi-alicloud-vpn";

const config = new pulumi.Config();

/**
 * A resource whose outputs `regionId` and `endpoint` are computed when it is created. They are not among
 * its inputs (a preview shows a new resource's inputs as its outputs), so they are unknown in preview.
 */
class Location extends pulumi.dynamic.Resource {
    declare public readonly regionId: pulumi.Output<string>;
    declare public readonly endpoint: pulumi.Output<string>;
    constructor(name: string, args: { where: string }) {
        super(
            {
                async create(inputs: Record<string, unknown>) {
                    const [regionId, endpoint] = String(inputs.where).split(" ");
                    return { id: "location", outs: { where: inputs.where, regionId, endpoint } };
                },
            },
            name,
            { ...args, regionId: undefined, endpoint: undefined },
        );
    }
}

const location = new Location("location", {
    where: `${config.require("regionId")} ${config.require("endpoint")}`,
});
const connection = new VpnConnection("connection", {
    vpnConnectionId: config.require("vpnConnectionId"),
    regionId: location.regionId,
    endpoint: location.endpoint,
});

export const readRegion = connection.regionId;
export const name = connection.name;
export const status = connection.status;
