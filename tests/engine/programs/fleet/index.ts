// Reads every connection listed in the stack config `vpnConnectionIds` (a JSON array), one resource each.
import * as pulumi from "@pulumi/pulumi";
import { VpnConnection } from "pulumi-alicloud-vpn";

const config = new pulumi.Config();
const ids = config.requireObject<string[]>("vpnConnectionIds");

const connections = ids.map(
    (vpnConnectionId, i) => new VpnConnection(`connection-${i}`, { vpnConnectionId }),
);

export const count = connections.length;
export const established = pulumi
    .all(connections.map((c) => c.status))
    .apply((statuses) => statuses.filter((s) => s === "ipsec_sa_established").length);
