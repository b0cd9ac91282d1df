// Reads the connection `vpnConnectionId` with the expectation (`expect`, a JSON object), `failOnDrift`
// and `omitRuntimeStatus` of the stack config, and exports what the drift checks look at.
import * as pulumi from "@pulumi/pulumi";
import { VpnConnection, type VpnConnectionExpectation } from "pulumi-alicloud-vpn";

const config = new pulumi.Config();

const connection = new VpnConnection("connection", {
    vpnConnectionId: config.require("vpnConnectionId"),
    expect: config.getObject<VpnConnectionExpectation>("expect"),
    failOnDrift: config.getBoolean("failOnDrift"),
    omitRuntimeStatus: config.getBoolean("omitRuntimeStatus"),
});

export const inSync = connection.inSync;
export const drift = connection.drift;
export const status = connection.status;
export const ikeConfig = connection.ikeConfig;
export const psk = connection.psk;
