import * as pulumi from "@pulumi/pulumi";
import * as alicloud from "@pulumi/alicloud";
import { VpnConnection } from "pulumi-alicloud-vpn";

// Which connection to read: `pulumi config set vpnConnectionId vco-…`. The default is the
// single-tunnel connection the local emulator is seeded with.
const config = new pulumi.Config();
const vpnConnectionId = config.get("vpnConnectionId") ?? "vco-bp1bbi27hojx80nck0001";

// A read, not a create: every output below is known during `pulumi preview`. The region comes from
// `alicloud:region`, or from ALIBABA_CLOUD_REGION_ID when no stack config sets it.
const office = new VpnConnection("office", { vpnConnectionId });

// Feed the live configuration into another resource: publish the connection's facts to an OOS
// parameter that other teams' stacks and scripts can read. Only non-secret outputs go in.
const facts = new alicloud.oos.Parameter("office-vpn-facts", {
    parameterName: pulumi.interpolate`vpn/${office.vpnConnectionId}/facts`,
    type: "String",
    description: pulumi.interpolate`Live facts of VPN connection ${office.name}`,
    value: pulumi.jsonStringify({
        gateway: office.vpnGatewayId,
        remoteSubnets: office.remoteSubnets,
        ikeVersion: office.ikeConfig.apply((c) => c?.ikeVersion),
    }),
    tags: office.tags,
});

export const status = office.status;
export const state = office.state;
export const ike = office.ikeConfig;
export const ipsec = office.ipsecConfig;
export const remoteSubnets = office.remoteSubnets;
export const factsParameter = facts.parameterName;
// A secret output stays a secret: encrypted in state, shown as [secret] by `pulumi preview`.
export const presharedKey = office.psk;
