// Reads one connection and exports what a stack carries from one toolchain to the next: plain outputs,
// a secret output, and what the program ran on.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { VpnConnection } = require("pulumi-alicloud-vpn");

const config = new pulumi.Config();
const office = new VpnConnection("office", { vpnConnectionId: config.require("vpnConnectionId") });

exports.status = office.status;
exports.remoteSubnets = office.remoteSubnets;
exports.ikeLifetime = office.ikeConfig.apply((c) => c?.ikeLifetime);
exports.psk = office.psk;
exports.runtime = { node: process.version, pulumi: require("@pulumi/pulumi/package.json").version };
