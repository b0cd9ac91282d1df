import * as pulumi from "@pulumi/pulumi";
import { VpnConnection } from "pulumi-alicloud-vpn";

// The connection agreed with the remote site. The default is the single-tunnel connection the local
// emulator is seeded with.
const config = new pulumi.Config();
const vpnConnectionId = config.get("vpnConnectionId") ?? "vco-bp1bbi27hojx80nck0001";

const office = new VpnConnection("office", {
    vpnConnectionId,
    // Negotiation status, lifecycle state, health-check and BGP session status change on their own as
    // tunnels renegotiate. Left out of the outputs, they never make `pulumi refresh` report drift: only
    // configuration does.
    omitRuntimeStatus: true,
    // What was agreed with the remote site. Every difference is listed in `drift`, during preview too.
    expect: {
        ikeConfig: { ikeEncAlg: "aes256", ikeAuthAlg: "sha256", ikeVersion: "ikev2", ikePfs: "group14" },
        ipsecConfig: { ipsecEncAlg: "aes256", ipsecAuthAlg: "sha256", ipsecPfs: "group14" },
        vpnBgpConfig: { enableBgp: true, peerAsn: 65010 },
        remoteSubnets: ["192.168.10.0/24", "192.168.20.0/24"],
    },
    // `pulumi config set failOnDrift true` makes drift fail the preview and the update, listing it.
    failOnDrift: config.getBoolean("failOnDrift") ?? false,
});

export const inSync = office.inSync;
export const drift = office.drift;
