import * as pulumi from "@pulumi/pulumi";
import * as alicloud from "@pulumi/alicloud";
import { VpnConnection, getVpnConnection } from "pulumi-alicloud-vpn";

const config = new pulumi.Config();
// The connection whose remote subnets should be reachable, and the VPC route table to add routes to.
const vpnConnectionId = config.get("vpnConnectionId") ?? "vco-bp17pzl3k5qpfb2xn0002";
const routeTableId = config.get("routeTableId") ?? "vtb-bp1kvpnrouting0example";

export = async () => {
    // The number of routes depends on the connection, so read it as plain values first: resources must
    // not be created inside an apply, or `pulumi preview` could not show them.
    const live = await getVpnConnection({ vpnConnectionId });

    // The resource form keeps the connection in state, so `pulumi refresh` notices when it changes.
    const connection = new VpnConnection("datacenter", { vpnConnectionId });

    const routes = live.remoteSubnets.map(
        (cidr, i) =>
            new alicloud.vpc.RouteEntry(`to-datacenter-${i}`, {
                routeTableId,
                destinationCidrblock: cidr,
                nexthopType: "VpnGateway",
                nexthopId: connection.vpnGatewayId,
                name: pulumi.interpolate`via ${connection.name}`,
            }),
    );

    return {
        vpnGatewayId: connection.vpnGatewayId,
        routedSubnets: live.remoteSubnets,
        routeCount: routes.length,
        tunnels: connection.tunnelOptions.apply((ts) =>
            (ts ?? []).map((t) => `${t.role} ${t.tunnelId} ${t.status}`),
        ),
    };
};
