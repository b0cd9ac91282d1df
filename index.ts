/**
 * pulumi-alicloud-vpn: read Alibaba Cloud IPsec VPN connections as a typed Pulumi data source.
 *
 * @packageDocumentation
 */
export * from "./sdk";
export * from "./provider";
