/**
 * The emulator's connections, per region, and the two response shapes the API gives them: the
 * singular shape of DescribeVpnConnection and the list-item shape of DescribeVpnConnections.
 *
 * @packageDocumentation
 */

import type { WireTags, WireVpnConnection } from "../provider/wire";

/**
 * A connection in the singular shape (DescribeVpnConnection): tags under `Tags.Tag`. A connection
 * stored in the list shape (`Tag.Tag`) is converted.
 */
export function toSingularShape(connection: WireVpnConnection): WireVpnConnection {
    const copy = structuredClone(connection);
    const tags: WireTags | undefined = copy.Tags ?? copy.Tag;
    delete copy.Tag;
    delete copy.Tags;
    return tags === undefined ? copy : { ...copy, Tags: tags };
}

/**
 * A connection in the list-item shape (DescribeVpnConnections): tags under `Tag.Tag` instead of
 * `Tags.Tag`, `VpnBgpConfig` without `EnableBgp`, no top-level `ZoneNo`.
 */
export function toListItemShape(connection: WireVpnConnection): WireVpnConnection {
    const copy = structuredClone(connection);
    const tags: WireTags | undefined = copy.Tag ?? copy.Tags;
    delete copy.Tags;
    delete copy.Tag;
    delete copy.ZoneNo;
    if (copy.VpnBgpConfig) delete copy.VpnBgpConfig.EnableBgp;
    return tags === undefined ? copy : { ...copy, Tag: tags };
}

function createTimeOf(connection: WireVpnConnection): number {
    const n = Number(connection.CreateTime);
    return Number.isFinite(n) ? n : 0;
}

/** The deterministic order of the list API: by `CreateTime`, then by id. */
export function compareConnections(a: WireVpnConnection, b: WireVpnConnection): number {
    const byTime = createTimeOf(a) - createTimeOf(b);
    if (byTime !== 0) return byTime;
    const ia = a.VpnConnectionId ?? "";
    const ib = b.VpnConnectionId ?? "";
    return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/** Filters of DescribeVpnConnections. */
export interface ConnectionFilter {
    vpnGatewayId?: string;
    customerGatewayId?: string;
    vpnConnectionId?: string;
    resourceGroupId?: string;
    /** `Tag.N.Key` / `Tag.N.Value`; a tag without a value matches any value of that key. */
    tags?: ReadonlyArray<{ key: string; value?: string }>;
}

function tagsOf(connection: WireVpnConnection): Array<{ Key?: string; Value?: string }> {
    return (connection.Tags ?? connection.Tag)?.Tag ?? [];
}

function matchesFilter(connection: WireVpnConnection, filter: ConnectionFilter): boolean {
    if (filter.vpnGatewayId !== undefined && connection.VpnGatewayId !== filter.vpnGatewayId) return false;
    if (filter.vpnConnectionId !== undefined && connection.VpnConnectionId !== filter.vpnConnectionId) {
        return false;
    }
    if (filter.resourceGroupId !== undefined && connection.ResourceGroupId !== filter.resourceGroupId) {
        return false;
    }
    if (filter.customerGatewayId !== undefined) {
        const tunnelGateways = (connection.TunnelOptionsSpecification?.TunnelOptions ?? []).map(
            (t) => t.CustomerGatewayId,
        );
        if (
            connection.CustomerGatewayId !== filter.customerGatewayId &&
            !tunnelGateways.includes(filter.customerGatewayId)
        ) {
            return false;
        }
    }
    for (const wanted of filter.tags ?? []) {
        const found = tagsOf(connection).some(
            (t) => t.Key === wanted.key && (wanted.value === undefined || t.Value === wanted.value),
        );
        if (!found) return false;
    }
    return true;
}

/** Connections per region. Everything going in or out is deep-copied, so callers cannot alias the store. */
export class ConnectionStore {
    private readonly regions = new Map<string, Map<string, WireVpnConnection>>();
    /**
     * Each region's connections in the list API's order, made on the first page asked for after a
     * change, so that paging through a large region sorts it once, not once a page.
     */
    private readonly ordered = new Map<string, WireVpnConnection[]>();

    /** How many connections are stored, in every region. */
    get size(): number {
        let n = 0;
        for (const region of this.regions.values()) n += region.size;
        return n;
    }

    /** Adds or replaces a connection (deep copy). */
    put(regionId: string, connection: WireVpnConnection): void {
        const id = connection.VpnConnectionId;
        if (!id) throw new TypeError("connection.VpnConnectionId must be a non-empty string");
        let region = this.regions.get(regionId);
        if (!region) {
            region = new Map();
            this.regions.set(regionId, region);
        }
        region.set(id, structuredClone(connection));
        this.ordered.delete(regionId);
    }

    /** A deep copy of the stored connection, or `undefined`. */
    get(regionId: string, id: string): WireVpnConnection | undefined {
        const found = this.regions.get(regionId)?.get(id);
        return found === undefined ? undefined : structuredClone(found);
    }

    /** Removes a connection; `true` if it existed. */
    delete(regionId: string, id: string): boolean {
        this.ordered.delete(regionId);
        return this.regions.get(regionId)?.delete(id) ?? false;
    }

    /** The region's connections matching `filter`, in the list API's order (copies). */
    list(regionId: string, filter: ConnectionFilter = {}): WireVpnConnection[] {
        return this.page(regionId, filter, 0, Number.MAX_SAFE_INTEGER).items;
    }

    /**
     * One page of {@link list}: how many match, and copies of `limit` of them from `offset`. Only the
     * page is copied, so a page of a large region costs what the page costs.
     */
    page(
        regionId: string,
        filter: ConnectionFilter,
        offset: number,
        limit: number,
    ): { total: number; items: WireVpnConnection[] } {
        const region = this.regions.get(regionId);
        if (!region) return { total: 0, items: [] };
        let sorted = this.ordered.get(regionId);
        if (sorted === undefined) {
            sorted = [...region.values()].sort(compareConnections);
            this.ordered.set(regionId, sorted);
        }
        const matching = sorted.filter((c) => matchesFilter(c, filter));
        return {
            total: matching.length,
            items: matching.slice(offset, offset + limit).map((c) => structuredClone(c)),
        };
    }
}
