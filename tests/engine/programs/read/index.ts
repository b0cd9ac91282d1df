// Reads the connection `vpnConnectionId` (stack config) and exports every output of the resource as a
// stack output of its own, so each one shows in `pulumi preview` and each secret stays a secret alone.
import * as pulumi from "@pulumi/pulumi";
import { VpnConnection } from "pulumi-alicloud-vpn";

const config = new pulumi.Config();

export = async () => {
    const connection = new VpnConnection("connection", {
        vpnConnectionId: config.require("vpnConnectionId"),
        regionId: config.get("regionId"),
    });
    const outputs: Record<string, pulumi.Output<unknown>> = {};
    for (const [key, value] of Object.entries(connection)) {
        if (pulumi.Output.isInstance(value) && !key.startsWith("__") && key !== "urn" && key !== "id") {
            outputs[key] = value;
        }
    }
    return outputs;
};
