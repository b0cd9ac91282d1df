/**
 * The VpnConnection resource: an existing connection read through the engine's read path.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import type { DriftOutput, VpnConnectionExpectation } from "../provider/drift";
import type { IkeConfig, IpsecConfig, TunnelOption, VcoHealthCheck, VpnBgpConfig } from "../provider/model";
import { OUTPUT_KEYS, SECRET_OUTPUTS } from "../provider/outputs";
import { CONNECTION_ARGUMENTS, checkConnectionArguments } from "../provider/arguments";
import { vpnConnectionProvider } from "./provider";

/** The arguments of a {@link VpnConnection}. Credentials are never arguments: see the README. */
export interface VpnConnectionArgs {
    /** The id of the existing connection, `vco-…`. Required. */
    vpnConnectionId: pulumi.Input<string>;
    /**
     * The region of the connection.
     * @default the stack config `alicloud:region`, then `ALIBABA_CLOUD_REGION_ID`, `ALIBABA_CLOUD_REGION`, `ALICLOUD_REGION`
     */
    regionId?: pulumi.Input<string>;
    /**
     * The VPC API endpoint, `https://host` (plain `http://` for loopback only, e.g. the local emulator).
     * @default `ALIBABA_CLOUD_ENDPOINT_VPC`, then the region's public endpoint
     */
    endpoint?: pulumi.Input<string>;
    /**
     * What the connection is expected to be: a deep partial of its non-secret outputs, e.g.
     * `{ ikeConfig: { ikeEncAlg: "aes256", ikeVersion: "ikev2" }, vpnBgpConfig: { enableBgp: true } }`.
     * Compared with the live connection at every read (in `pulumi preview` too); the result is in
     * {@link VpnConnection.drift} and {@link VpnConnection.inSync}. Leave a key out to not care about it;
     * `null` expects it absent; numbers and booleans may be strings. Secret outputs cannot be named.
     * Checked before any call: a key that is not an output fails, naming its path.
     * @default no expectation: `drift` is empty and `inSync` true
     */
    expect?: pulumi.Input<VpnConnectionExpectation>;
    /**
     * Whether the read fails (and so `pulumi preview`, `up` and `refresh`) when the connection differs
     * from {@link VpnConnectionArgs.expect}, with a message listing every drifted path with the expected
     * and the actual value.
     * @default false: drift is reported in the outputs only
     */
    failOnDrift?: pulumi.Input<boolean>;
    /**
     * Whether to leave out the outputs that follow tunnel negotiation rather than configuration: `status`,
     * `state`, `vcoHealthCheck.status`, `vpnBgpConfig.status` and each tunnel's `status`, `state` and
     * `bgpConfig.bgpStatus`. Then `pulumi refresh --preview-only --expect-no-changes` flags configuration
     * drift only, not a renegotiating tunnel. An expectation is still compared with the full connection.
     * @default false: every output is kept
     */
    omitRuntimeStatus?: pulumi.Input<boolean>;
}

/** Where to look a connection up for {@link VpnConnection.get}. */
export interface VpnConnectionState {
    /** The region of the connection. @default as {@link VpnConnectionArgs.regionId} */
    regionId?: pulumi.Input<string>;
    /** The VPC API endpoint. @default as {@link VpnConnectionArgs.endpoint} */
    endpoint?: pulumi.Input<string>;
}

/**
 * Values a program only knows later, at any depth (an expectation may hold Outputs); the provider
 * checks them when they resolve.
 */
function isPending(value: unknown): boolean {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) return true;
    if (typeof value !== "object" || value === null) return false;
    return Object.values(value).some(isPending);
}

/**
 * An existing Alibaba Cloud IPsec VPN connection, read by id: a data source with typed outputs.
 *
 * The constructor reads the connection through the engine's read path, so every output is known during
 * `pulumi preview`, and `pulumi refresh` picks up changes (and records a deleted connection as gone).
 * Nothing is ever created, changed or deleted in the cloud. The pre-shared keys and the BGP key are
 * secret outputs, encrypted in state.
 *
 * @example
 * ```ts
 * import { VpnConnection } from "pulumi-alicloud-vpn";
 *
 * const office = new VpnConnection("office", { vpnConnectionId: "vco-bp1bbi27hojx80nck0001", regionId: "cn-hangzhou" });
 * export const status = office.status;
 * export const ikeVersion = office.ikeConfig.apply((c) => c?.ikeVersion);
 * ```
 */
export class VpnConnection extends pulumi.dynamic.Resource {
    /** The type token of the resource, `pulumi-nodejs:dynamic/alicloud-vpn:VpnConnection`. */
    static readonly __pulumiType = "pulumi-nodejs:dynamic/alicloud-vpn:VpnConnection";

    /**
     * Reads an existing connection by id, like the constructor; the generated-SDK spelling.
     *
     * @param name - the resource name.
     * @param id - the connection id.
     * @param state - where to look it up.
     * @param opts - resource options.
     * @returns the resource.
     */
    static get(
        name: string,
        id: pulumi.Input<pulumi.ID>,
        state?: VpnConnectionState,
        opts?: pulumi.CustomResourceOptions,
    ): VpnConnection {
        return new VpnConnection(
            name,
            { vpnConnectionId: id, regionId: state?.regionId, endpoint: state?.endpoint },
            opts,
        );
    }

    /**
     * Whether `obj` is a VpnConnection, even one made by another copy of this package.
     *
     * @param obj - anything.
     * @returns true for a VpnConnection.
     */
    static override isInstance(obj: unknown): obj is VpnConnection {
        return (
            typeof obj === "object" &&
            obj !== null &&
            (obj as { __pulumiType?: unknown }).__pulumiType === VpnConnection.__pulumiType
        );
    }

    /** The connection id, `vco-…`. */
    declare public readonly vpnConnectionId: pulumi.Output<string>;
    /** The region the connection was read from. */
    declare public readonly regionId: pulumi.Output<string>;
    /** The endpoint input, when one was given. */
    declare public readonly endpoint: pulumi.Output<string | undefined>;
    /** The expectation, normalized: numbers and booleans given as strings are in the outputs' types. */
    declare public readonly expect: pulumi.Output<VpnConnectionExpectation | undefined>;
    /** Whether drift fails the read. */
    declare public readonly failOnDrift: pulumi.Output<boolean | undefined>;
    /** Whether the runtime-status outputs are left out. */
    declare public readonly omitRuntimeStatus: pulumi.Output<boolean | undefined>;
    /**
     * Each path where the connection differs from `expect`, with the expected and the actual value
     * (`null` for absent), e.g. `{ path: "ikeConfig.ikeEncAlg", expected: "aes256", actual: "aes" }`.
     * Empty without an expectation.
     */
    declare public readonly drift: pulumi.Output<DriftOutput[]>;
    /** Whether the connection matches `expect` (true without an expectation). */
    declare public readonly inSync: pulumi.Output<boolean>;
    /** Display name. */
    declare public readonly name: pulumi.Output<string | undefined>;
    /** VPN gateway, `vpn-…`. */
    declare public readonly vpnGatewayId: pulumi.Output<string | undefined>;
    /** Customer gateway, `cgw-…`. */
    declare public readonly customerGatewayId: pulumi.Output<string | undefined>;
    /** Local CIDR blocks, comma-separated as the API sends them. */
    declare public readonly localSubnet: pulumi.Output<string | undefined>;
    /** Remote CIDR blocks, comma-separated as the API sends them. */
    declare public readonly remoteSubnet: pulumi.Output<string | undefined>;
    /** Local CIDR blocks. */
    declare public readonly localSubnets: pulumi.Output<string[]>;
    /** Remote CIDR blocks. */
    declare public readonly remoteSubnets: pulumi.Output<string[]>;
    /** Creation time, Unix milliseconds. */
    declare public readonly createTime: pulumi.Output<number | undefined>;
    /** Negotiation status, e.g. `ipsec_sa_established`. */
    declare public readonly status: pulumi.Output<string | undefined>;
    /** Lifecycle state, e.g. `active`. */
    declare public readonly state: pulumi.Output<string | undefined>;
    /** Whether negotiation starts at once after a change. */
    declare public readonly effectImmediately: pulumi.Output<boolean | undefined>;
    /** Dead peer detection. */
    declare public readonly enableDpd: pulumi.Output<boolean | undefined>;
    /** NAT traversal. */
    declare public readonly enableNatTraversal: pulumi.Output<boolean | undefined>;
    /** BGP on both tunnels. */
    declare public readonly enableTunnelsBgp: pulumi.Output<boolean | undefined>;
    /** `public` or `private`. */
    declare public readonly networkType: pulumi.Output<string | undefined>;
    /** `CEN`, `NO_ASSOCIATED` or `VPNGW`. */
    declare public readonly attachType: pulumi.Output<string | undefined>;
    /** The instance the connection is attached to. */
    declare public readonly attachInstanceId: pulumi.Output<string | undefined>;
    /** Transit router id. */
    declare public readonly transitRouterId: pulumi.Output<string | undefined>;
    /** Transit router name. */
    declare public readonly transitRouterName: pulumi.Output<string | undefined>;
    /** Whether another account may attach the connection. */
    declare public readonly crossAccountAuthorized: pulumi.Output<boolean | undefined>;
    /** Bandwidth specification, e.g. `1000M`. */
    declare public readonly spec: pulumi.Output<string | undefined>;
    /** `Standard` or `Large`. */
    declare public readonly tunnelBandwidth: pulumi.Output<string | undefined>;
    /** Public address of the gateway side. */
    declare public readonly internetIp: pulumi.Output<string | undefined>;
    /** Resource group, `rg-…`. */
    declare public readonly resourceGroupId: pulumi.Output<string | undefined>;
    /** Peer CA certificate (SM-type gateways). */
    declare public readonly remoteCaCertificate: pulumi.Output<string | undefined>;
    /** Zone. */
    declare public readonly zoneNo: pulumi.Output<string | undefined>;
    /** Tags, key to value. */
    declare public readonly tags: pulumi.Output<Record<string, string>>;
    /** IKE settings (without the key). */
    declare public readonly ikeConfig: pulumi.Output<IkeConfig | undefined>;
    /** IPsec settings. */
    declare public readonly ipsecConfig: pulumi.Output<IpsecConfig | undefined>;
    /** Health check. */
    declare public readonly vcoHealthCheck: pulumi.Output<VcoHealthCheck | undefined>;
    /** BGP settings (without the key). */
    declare public readonly vpnBgpConfig: pulumi.Output<VpnBgpConfig | undefined>;
    /** Tunnels of a dual-tunnel connection (without their keys). */
    declare public readonly tunnelOptions: pulumi.Output<TunnelOption[] | undefined>;
    /** The IKE pre-shared key. Secret. */
    declare public readonly psk: pulumi.Output<string | undefined>;
    /** The BGP authentication key. Secret. */
    declare public readonly bgpAuthKey: pulumi.Output<string | undefined>;
    /** The tunnels' pre-shared keys, by tunnel id. Secret. */
    declare public readonly tunnelPsks: pulumi.Output<Record<string, string> | undefined>;

    /**
     * Reads the connection `args.vpnConnectionId`.
     *
     * @param name - the resource name.
     * @param args - which connection, and where.
     * @param opts - resource options; `id` is set from `vpnConnectionId`, and the secret outputs are added
     *   to `additionalSecretOutputs`.
     * @throws VpcInvalidInputError at once when `vpnConnectionId` is missing or a plain argument is not valid.
     */
    constructor(name: string, args: VpnConnectionArgs, opts: pulumi.CustomResourceOptions = {}) {
        const [invalid] = checkConnectionArguments(args, {
            isPending,
            operation: `new VpnConnection(${JSON.stringify(name)})`,
        });
        if (invalid) throw invalid;
        const props: Record<string, pulumi.Input<unknown>> = {};
        for (const key of OUTPUT_KEYS) props[key] = undefined;
        // Only the arguments are inputs; everything else is an output of the read.
        for (const key of CONNECTION_ARGUMENTS) props[key] = args[key];
        super(
            vpnConnectionProvider,
            name,
            props,
            {
                ...opts,
                // In preview the engine drops unknown inputs before Read (pulumi/pulumi
                // pkg/resource/deploy/step.go marshals them without unknowns), so a region or endpoint that
                // is another resource's not-yet-known output would reach the provider as absent and the
                // connection would be read from the default place (or compared with no expectation). An
                // unknown id makes the engine skip the read instead: the outputs stay unknown until every
                // argument is known.
                id: pulumi
                    .all([args.vpnConnectionId, ...CONNECTION_ARGUMENTS.map((key) => args[key])])
                    .apply(([vpnConnectionId]) => vpnConnectionId as string),
                additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), ...SECRET_OUTPUTS],
            },
            "alicloud-vpn",
            "VpnConnection",
        );
    }
}
