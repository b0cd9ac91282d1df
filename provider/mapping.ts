/**
 * The one mapping from the wire shape (`provider/wire.ts`) to the typed camelCase model (`provider/model.ts`).
 *
 * The body is `unknown` until proven otherwise: every field is checked where it is read, each boolean and
 * number accepts either wire type, unknown new fields are ignored, missing optional blocks become
 * `undefined`, and anything of the wrong kind becomes a {@link VpcInvalidResponseError} that names the
 * field (never its value, which could be a key). The pre-shared and BGP keys go to a separate
 * {@link VpnConnectionSecrets} so no non-secret output can carry them.
 *
 * @packageDocumentation
 */
import type {
    IkeConfig,
    IpsecConfig,
    TunnelBgpConfig,
    TunnelOption,
    VcoHealthCheck,
    VpnBgpConfig,
    VpnConnectionInfo,
    VpnConnectionRecord,
    VpnConnectionSecrets,
} from "./model";
import { type VpcErrorDetails, VpcInvalidResponseError } from "./errors";

type Obj = Record<string, unknown>;

/** Context of a mapping, for the error of a malformed response. */
export interface MappingContext {
    /** The operation whose response is mapped. */
    operation: string;
    /** The region of the call. */
    regionId: string;
    /** The RequestId of the response. */
    requestId?: string;
    /** Calls made for the response, retries included, so a shape error reports them. */
    attempts?: number;
    /** The HTTP status of the response. */
    httpStatus?: number;
    /** The connection asked for, if one was. */
    vpnConnectionId?: string;
}

class FieldReader {
    constructor(private readonly ctx: MappingContext) {}

    fail(path: string, expected: string, got: unknown): never {
        const details: VpcErrorDetails = {
            operation: this.ctx.operation,
            regionId: this.ctx.regionId,
            vpnConnectionId: this.ctx.vpnConnectionId,
            requestId: this.ctx.requestId,
            attempts: this.ctx.attempts,
            httpStatus: this.ctx.httpStatus,
        };
        const kind = got === null ? "null" : Array.isArray(got) ? "an array" : typeof got;
        throw new VpcInvalidResponseError(
            `malformed response: field ${path} should be ${expected}, got ${kind}`,
            details,
        );
    }

    obj(v: unknown, path: string): Obj | undefined {
        if (v === undefined || v === null) return undefined;
        if (typeof v !== "object" || Array.isArray(v)) return this.fail(path, "an object", v);
        return v as Obj;
    }

    list(v: unknown, path: string): unknown[] {
        if (v === undefined || v === null) return [];
        if (Array.isArray(v)) return v;
        // XML-to-JSON conversions send a one-element list as the element itself.
        if (typeof v === "object") return [v];
        return this.fail(path, "a list", v);
    }

    str(o: Obj, key: string, path: string): string | undefined {
        const v = o[key];
        if (v === undefined || v === null) return undefined;
        if (typeof v === "string") return v;
        if (typeof v === "number" || typeof v === "boolean") return String(v);
        return this.fail(`${path}.${key}`, "a string", v);
    }

    num(o: Obj, key: string, path: string): number | undefined {
        const v = o[key];
        if (v === undefined || v === null || v === "") return undefined;
        if (typeof v === "number" && Number.isFinite(v)) return v;
        if (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
        return this.fail(`${path}.${key}`, "a number", v);
    }

    bool(o: Obj, key: string, path: string): boolean | undefined {
        const v = o[key];
        if (v === undefined || v === null || v === "") return undefined;
        if (typeof v === "boolean") return v;
        if (typeof v === "string") {
            const t = v.trim().toLowerCase();
            if (t === "true") return true;
            if (t === "false") return false;
        }
        return this.fail(`${path}.${key}`, 'a boolean (true/false or "true"/"false")', v);
    }
}

/** Sets an own, enumerable key, whatever its name (even `__proto__`). */
function defineValue(target: object, key: string, value: unknown): void {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Drops keys whose value is `undefined`, so results stay JSON-clean and blocks stay minimal. */
function compact<T extends object>(o: T): T {
    for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
    return o;
}

function splitSubnets(s: string | undefined): string[] {
    return s === undefined
        ? []
        : s
              .split(",")
              .map((x) => x.trim())
              .filter((x) => x !== "");
}

function ikeConfig(r: FieldReader, v: unknown, path: string): { config?: IkeConfig; psk?: string } {
    const o = r.obj(v, path);
    if (!o) return {};
    const config = compact<IkeConfig>({
        ikeAuthAlg: r.str(o, "IkeAuthAlg", path),
        ikeEncAlg: r.str(o, "IkeEncAlg", path),
        ikeLifetime: r.num(o, "IkeLifetime", path),
        ikeMode: r.str(o, "IkeMode", path),
        ikePfs: r.str(o, "IkePfs", path),
        ikeVersion: r.str(o, "IkeVersion", path),
        localId: r.str(o, "LocalId", path),
        remoteId: r.str(o, "RemoteId", path),
    });
    return { config, psk: r.str(o, "Psk", path) };
}

function ipsecConfig(r: FieldReader, v: unknown, path: string): IpsecConfig | undefined {
    const o = r.obj(v, path);
    if (!o) return undefined;
    return compact<IpsecConfig>({
        ipsecAuthAlg: r.str(o, "IpsecAuthAlg", path),
        ipsecEncAlg: r.str(o, "IpsecEncAlg", path),
        ipsecLifetime: r.num(o, "IpsecLifetime", path),
        ipsecPfs: r.str(o, "IpsecPfs", path),
    });
}

function healthCheck(r: FieldReader, v: unknown, path: string): VcoHealthCheck | undefined {
    const o = r.obj(v, path);
    if (!o) return undefined;
    return compact<VcoHealthCheck>({
        dip: r.str(o, "Dip", path),
        sip: r.str(o, "Sip", path),
        enable: r.bool(o, "Enable", path),
        interval: r.num(o, "Interval", path),
        retry: r.num(o, "Retry", path),
        policy: r.str(o, "Policy", path),
        status: r.str(o, "Status", path),
    });
}

function bgpConfig(r: FieldReader, v: unknown, path: string): { config?: VpnBgpConfig; authKey?: string } {
    const o = r.obj(v, path);
    if (!o) return {};
    const config = compact<VpnBgpConfig>({
        enableBgp: r.bool(o, "EnableBgp", path),
        localAsn: r.num(o, "LocalAsn", path),
        peerAsn: r.num(o, "PeerAsn", path),
        localBgpIp: r.str(o, "LocalBgpIp", path),
        peerBgpIp: r.str(o, "PeerBgpIp", path),
        tunnelCidr: r.str(o, "TunnelCidr", path),
        status: r.str(o, "Status", path),
    });
    return { config, authKey: r.str(o, "AuthKey", path) };
}

function tunnelBgp(r: FieldReader, v: unknown, path: string): TunnelBgpConfig | undefined {
    const o = r.obj(v, path);
    if (!o) return undefined;
    return compact<TunnelBgpConfig>({
        bgpStatus: r.str(o, "BgpStatus", path),
        localAsn: r.num(o, "LocalAsn", path),
        peerAsn: r.num(o, "PeerAsn", path),
        localBgpIp: r.str(o, "LocalBgpIp", path),
        peerBgpIp: r.str(o, "PeerBgpIp", path),
        tunnelCidr: r.str(o, "TunnelCidr", path),
    });
}

function tags(r: FieldReader, container: unknown, path: string): Record<string, string> {
    const out: Record<string, string> = {};
    const c = r.obj(container, path);
    if (!c) return out;
    r.list(c.Tag, `${path}.Tag`).forEach((t, i) => {
        const tag = r.obj(t, `${path}.Tag[${i}]`);
        const key = tag && r.str(tag, "Key", `${path}.Tag[${i}]`);
        // defineProperty: a tag key such as "__proto__" is legal and must not hit the prototype setter.
        if (tag && key !== undefined) defineValue(out, key, r.str(tag, "Value", `${path}.Tag[${i}]`) ?? "");
    });
    return out;
}

function tunnels(r: FieldReader, spec: unknown, secrets: VpnConnectionSecrets): TunnelOption[] | undefined {
    const s = r.obj(spec, "TunnelOptionsSpecification");
    if (!s) return undefined;
    return r.list(s.TunnelOptions, "TunnelOptionsSpecification.TunnelOptions").map((t, i) => {
        const path = `TunnelOptionsSpecification.TunnelOptions[${i}]`;
        const o = r.obj(t, path) ?? {};
        const ike = ikeConfig(r, o.TunnelIkeConfig, `${path}.TunnelIkeConfig`);
        const tunnelId = r.str(o, "TunnelId", path);
        if (ike.psk !== undefined) {
            secrets.tunnelPsks = { ...secrets.tunnelPsks, [tunnelId ?? `tunnel-${i + 1}`]: ike.psk };
        }
        return compact<TunnelOption>({
            tunnelId,
            tunnelIndex: r.num(o, "TunnelIndex", path),
            role: r.str(o, "Role", path),
            state: r.str(o, "State", path),
            status: r.str(o, "Status", path),
            customerGatewayId: r.str(o, "CustomerGatewayId", path),
            internetIp: r.str(o, "InternetIp", path),
            zoneNo: r.str(o, "ZoneNo", path),
            enableDpd: r.bool(o, "EnableDpd", path),
            enableNatTraversal: r.bool(o, "EnableNatTraversal", path),
            remoteCaCertificate: r.str(o, "RemoteCaCertificate", path),
            ikeConfig: ike.config,
            ipsecConfig: ipsecConfig(r, o.TunnelIpsecConfig, `${path}.TunnelIpsecConfig`),
            bgpConfig: tunnelBgp(r, o.TunnelBgpConfig, `${path}.TunnelBgpConfig`),
        });
    });
}

/**
 * Maps one connection, as `DescribeVpnConnection` returns it or as an item of `DescribeVpnConnections`,
 * to the typed model and its secrets.
 *
 * @param body - the parsed JSON (integers too big for a number already made strings by `body.ts`).
 * @param ctx - the call, for errors; `ctx.regionId` becomes the model's `regionId`.
 * @returns the connection and its secrets, kept apart.
 * @throws VpcInvalidResponseError when the body is not an object, lacks `VpnConnectionId`, or has a field
 *   of the wrong kind.
 */
export function mapVpnConnection(body: unknown, ctx: MappingContext): VpnConnectionRecord {
    const r = new FieldReader(ctx);
    const o = r.obj(body, "body") ?? r.fail("body", "an object", body);
    const id =
        r.str(o, "VpnConnectionId", "body") ||
        r.fail("body.VpnConnectionId", "a connection id", o.VpnConnectionId);
    const secrets: VpnConnectionSecrets = {};
    const ike = ikeConfig(r, o.IkeConfig, "IkeConfig");
    const bgp = bgpConfig(r, o.VpnBgpConfig, "VpnBgpConfig");
    if (ike.psk !== undefined) secrets.psk = ike.psk;
    if (bgp.authKey !== undefined) secrets.bgpAuthKey = bgp.authKey;
    const localSubnet = r.str(o, "LocalSubnet", "body");
    const remoteSubnet = r.str(o, "RemoteSubnet", "body");
    const connection = compact<VpnConnectionInfo>({
        vpnConnectionId: id,
        regionId: ctx.regionId,
        name: r.str(o, "Name", "body"),
        vpnGatewayId: r.str(o, "VpnGatewayId", "body"),
        customerGatewayId: r.str(o, "CustomerGatewayId", "body"),
        localSubnet,
        remoteSubnet,
        localSubnets: splitSubnets(localSubnet),
        remoteSubnets: splitSubnets(remoteSubnet),
        createTime: r.num(o, "CreateTime", "body"),
        status: r.str(o, "Status", "body"),
        state: r.str(o, "State", "body"),
        effectImmediately: r.bool(o, "EffectImmediately", "body"),
        enableDpd: r.bool(o, "EnableDpd", "body"),
        enableNatTraversal: r.bool(o, "EnableNatTraversal", "body"),
        enableTunnelsBgp: r.bool(o, "EnableTunnelsBgp", "body"),
        networkType: r.str(o, "NetworkType", "body"),
        attachType: r.str(o, "AttachType", "body"),
        attachInstanceId: r.str(o, "AttachInstanceId", "body"),
        transitRouterId: r.str(o, "TransitRouterId", "body"),
        transitRouterName: r.str(o, "TransitRouterName", "body"),
        crossAccountAuthorized: r.bool(o, "CrossAccountAuthorized", "body"),
        spec: r.str(o, "Spec", "body"),
        tunnelBandwidth: r.str(o, "TunnelBandwidth", "body"),
        internetIp: r.str(o, "InternetIp", "body"),
        resourceGroupId: r.str(o, "ResourceGroupId", "body"),
        remoteCaCertificate: r.str(o, "RemoteCaCertificate", "body"),
        zoneNo: r.str(o, "ZoneNo", "body"),
        // The singular API puts tags under Tags.Tag, the list API under Tag.Tag.
        tags: { ...tags(r, o.Tag, "Tag"), ...tags(r, o.Tags, "Tags") },
        ikeConfig: ike.config,
        ipsecConfig: ipsecConfig(r, o.IpsecConfig, "IpsecConfig"),
        vcoHealthCheck: healthCheck(r, o.VcoHealthCheck, "VcoHealthCheck"),
        vpnBgpConfig: bgp.config,
        tunnelOptions: tunnels(r, o.TunnelOptionsSpecification, secrets),
    });
    return { connection, secrets };
}

/** A page of `DescribeVpnConnections`, mapped. */
export interface VpnConnectionPage {
    /** Connections matching the query, in all pages. */
    totalCount: number;
    /** This page's number, from 1. */
    pageNumber: number;
    /** The page size used. */
    pageSize: number;
    /** This page's connections. */
    items: VpnConnectionRecord[];
}

/**
 * Maps a `DescribeVpnConnections` body.
 *
 * @param body - the parsed JSON (integers too big for a number already made strings by `body.ts`).
 * @param ctx - the call, for errors and `regionId`.
 * @returns the page.
 * @throws VpcInvalidResponseError when `TotalCount` or the list is missing or malformed.
 */
export function mapVpnConnectionPage(body: unknown, ctx: MappingContext): VpnConnectionPage {
    const r = new FieldReader(ctx);
    const o = r.obj(body, "body") ?? r.fail("body", "an object", body);
    const totalCount = r.num(o, "TotalCount", "body") ?? r.fail("body.TotalCount", "a number", o.TotalCount);
    const container = r.obj(o.VpnConnections, "body.VpnConnections");
    if (!container && totalCount > 0) r.fail("body.VpnConnections", "an object", o.VpnConnections);
    const items = r
        .list(container?.VpnConnection, "body.VpnConnections.VpnConnection")
        .map((item) => mapVpnConnection(item, { ...ctx, vpnConnectionId: undefined }));
    return {
        totalCount,
        pageNumber: r.num(o, "PageNumber", "body") ?? 1,
        pageSize: r.num(o, "PageSize", "body") ?? items.length,
        items,
    };
}
