/**
 * Paging through `DescribeVpnConnections`: every connection of a region matching the API's filters, in
 * the fewest calls of the quota. `getVpnConnections` and the `alicloud-vpn` command list through it.
 *
 * @packageDocumentation
 */
import type { VpnConnectionRecord } from "./model";
import type { DescribeVpnConnectionsQuery, DescribeVpnConnectionsResult, VpcClient } from "./client";
import { VpcInvalidResponseError } from "./errors";

/** Items per page: the API's largest, so a region is read in the fewest calls of the quota. */
export const LIST_PAGE_SIZE = 50;

/**
 * Pages read at the same time after the first (which says how many there are). The rate limiter paces
 * the calls; this only bounds the sockets and memory a very large region takes.
 */
export const LIST_PAGE_CONCURRENCY = 8;

/**
 * The most pages read for one listing: 200 pages of 50, 10,000 connections, far above any account's
 * VPN connection quota. A `TotalCount` implying more is refused before the second page is asked for,
 * so a broken or hostile answer cannot spend the account's shared quota.
 */
export const MAX_LIST_PAGES = 200;

function inconsistent(
    query: Omit<DescribeVpnConnectionsQuery, "pageNumber" | "pageSize">,
    page: DescribeVpnConnectionsResult,
    what: string,
): VpcInvalidResponseError {
    return new VpcInvalidResponseError(`paging stopped: ${what}`, {
        operation: "DescribeVpnConnections",
        regionId: page.items[0]?.connection.regionId ?? query.regionId,
        requestId: page.requestId,
        attempts: page.attempts,
        code: "InconsistentPaging",
    });
}

/**
 * Reads every page of `DescribeVpnConnections` for a query, at {@link LIST_PAGE_SIZE} items a page: the
 * first page, then the others {@link LIST_PAGE_CONCURRENCY} at a time. The number of pages comes from
 * the first page's `TotalCount`, so a region that grows while it is read cannot keep the paging going. A
 * connection that moves from one page to the next meanwhile (one was created or deleted) is kept once.
 *
 * Paging ends, with a {@link VpcInvalidResponseError} of code `InconsistentPaging` naming the
 * inconsistency, when the answers cannot be trusted:
 * - `TotalCount` is not a count, is smaller than the first page, or implies more than
 *   {@link MAX_LIST_PAGES} pages;
 * - a page holds more items than the page size asked for;
 * - a page before the last is empty, or brings no connection that earlier pages did not (a loop).
 *
 * @param client - the client.
 * @param query - region and the API's filters (paging is set here).
 * @returns the connections in the API's order. The plural API leaves out a few fields (`zoneNo`,
 *   `vpnBgpConfig.enableBgp`): read a connection by id for every field.
 * @throws VpcInvalidResponseError when the pages contradict each other (see above).
 */
export async function listAllVpnConnections(
    client: VpcClient,
    query: Omit<DescribeVpnConnectionsQuery, "pageNumber" | "pageSize"> = {},
): Promise<VpnConnectionRecord[]> {
    const first = await client.describeVpnConnections({ ...query, pageNumber: 1, pageSize: LIST_PAGE_SIZE });
    const total = first.totalCount;
    if (!Number.isSafeInteger(total) || total < 0) {
        throw inconsistent(query, first, `TotalCount ${String(total)} is not a count`);
    }
    if (first.items.length > LIST_PAGE_SIZE) {
        throw inconsistent(
            query,
            first,
            `page 1 holds ${first.items.length} items, more than the ${LIST_PAGE_SIZE} asked for`,
        );
    }
    if (total < first.items.length) {
        throw inconsistent(
            query,
            first,
            `TotalCount ${total} is smaller than the ${first.items.length} connections of page 1`,
        );
    }
    const pageCount = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
    if (pageCount > MAX_LIST_PAGES) {
        throw inconsistent(
            query,
            first,
            `TotalCount ${total} implies ${pageCount} pages, more than the maximum of ${MAX_LIST_PAGES} pages (${MAX_LIST_PAGES * LIST_PAGE_SIZE} connections)`,
        );
    }
    if (pageCount > 1 && first.items.length < LIST_PAGE_SIZE) {
        throw inconsistent(
            query,
            first,
            `TotalCount ${total} promises ${pageCount} pages, but page 1 is not full (${first.items.length} items)`,
        );
    }
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
            if (page.items.length > LIST_PAGE_SIZE) {
                throw inconsistent(
                    query,
                    page,
                    `page ${pageNumber} holds ${page.items.length} items, more than the ${LIST_PAGE_SIZE} asked for`,
                );
            }
            // The last page may come back empty or repeat: a connection deleted meanwhile shifts the rest
            // forward. A page before the last may not.
            if (page.items.length === 0 && pageNumber < pageCount) {
                throw inconsistent(
                    query,
                    page,
                    `page ${pageNumber} of the ${pageCount} that TotalCount ${total} promises is empty`,
                );
            }
            pages[pageNumber - 1] = page.items;
        }
    };
    const readers = Math.min(LIST_PAGE_CONCURRENCY, Math.max(0, pageCount - 1));
    await Promise.all(Array.from({ length: readers }, reader));
    const seen = new Set<string>();
    const records: VpnConnectionRecord[] = [];
    for (const [index, page] of pages.entries()) {
        let fresh = 0;
        for (const record of page ?? []) {
            if (seen.has(record.connection.vpnConnectionId)) continue;
            seen.add(record.connection.vpnConnectionId);
            records.push(record);
            fresh += 1;
        }
        if (fresh === 0 && index > 0 && index < pageCount - 1) {
            throw inconsistent(
                query,
                first,
                `page ${index + 1} brings no connection that earlier pages did not (the pages repeat; TotalCount ${total})`,
            );
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
