/**
 * Paging through `DescribeVpnConnections`: every connection of a region matching the API's filters, in
 * the fewest calls of the quota. `getVpnConnections` and the `alicloud-vpn` command list through it.
 *
 * @packageDocumentation
 */
import type { VpnConnectionRecord } from "./model";
import type { DescribeVpnConnectionsQuery, VpcClient } from "./client";

/** Items per page: the API's largest, so a region is read in the fewest calls of the quota. */
export const LIST_PAGE_SIZE = 50;

/**
 * Pages read at the same time after the first (which says how many there are). The rate limiter paces
 * the calls; this only bounds the sockets and memory a very large region takes.
 */
export const LIST_PAGE_CONCURRENCY = 8;

/**
 * Reads every page of `DescribeVpnConnections` for a query, at {@link LIST_PAGE_SIZE} items a page: the
 * first page, then the others {@link LIST_PAGE_CONCURRENCY} at a time. The number of pages comes from
 * the first page's `TotalCount`, so a region that grows while it is read cannot keep the paging going. A
 * connection that moves from one page to the next meanwhile (one was created or deleted) is kept once.
 *
 * @param client - the client.
 * @param query - region and the API's filters (paging is set here).
 * @returns the connections in the API's order. The plural API leaves out a few fields (`zoneNo`,
 *   `vpnBgpConfig.enableBgp`): read a connection by id for every field.
 */
export async function listAllVpnConnections(
    client: VpcClient,
    query: Omit<DescribeVpnConnectionsQuery, "pageNumber" | "pageSize"> = {},
): Promise<VpnConnectionRecord[]> {
    const first = await client.describeVpnConnections({ ...query, pageNumber: 1, pageSize: LIST_PAGE_SIZE });
    const pageCount = Math.ceil(first.totalCount / LIST_PAGE_SIZE);
    const pages: VpnConnectionRecord[][] = [first.items];
    let next = 2;
    const reader = async (): Promise<void> => {
        while (next <= pageCount) {
            const pageNumber = next++;
            const page = await client.describeVpnConnections({
                ...query,
                pageNumber,
                pageSize: LIST_PAGE_SIZE,
            });
            pages[pageNumber - 1] = page.items;
        }
    };
    const readers = Math.min(LIST_PAGE_CONCURRENCY, Math.max(0, pageCount - 1));
    await Promise.all(Array.from({ length: readers }, reader));
    const seen = new Set<string>();
    const records: VpnConnectionRecord[] = [];
    for (const page of pages) {
        for (const record of page ?? []) {
            if (seen.has(record.connection.vpnConnectionId)) continue;
            seen.add(record.connection.vpnConnectionId);
            records.push(record);
        }
    }
    return records;
}

/**
 * The output paths that a connection read from the list API lacks: `DescribeVpnConnections` items
 * carry every field of `DescribeVpnConnection` (the pre-shared keys and the BGP key included) except
 * the top-level `ZoneNo` and `VpnBgpConfig.EnableBgp` (Alibaba's API reference and the official
 * SDK's models, `@alicloud/vpc20160428` 7.3.2). A comparison of listed connections leaves these out.
 */
export const LIST_OMITTED_PATHS: readonly string[] = Object.freeze(["zoneNo", "vpnBgpConfig.enableBgp"]);
