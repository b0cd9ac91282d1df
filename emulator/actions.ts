/**
 * The two actions the emulator serves, as the VPC service answers them once the gateway let a request
 * through: DescribeVpnConnection (one connection by id) and DescribeVpnConnections (a filtered page).
 *
 * @packageDocumentation
 */

import type { WireDescribeVpnConnectionResponse, WireDescribeVpnConnectionsResponse } from "../provider/wire";
import { EmulatorApiError, missingParameterMessage } from "./errors";
import { param } from "./http";
import { type ConnectionFilter, type ConnectionStore, toListItemShape, toSingularShape } from "./store";

/** An action: the answer's body for a request in a region, or an {@link EmulatorApiError}. */
export type Action = (
    store: ConnectionStore,
    regionId: string,
    params: Readonly<Record<string, string>>,
    requestId: string,
) => object;

/**
 * DescribeVpnConnection: the connection `VpnConnectionId` of the region, in the singular shape.
 *
 * @throws EmulatorApiError `MissingParameter` without an id, `InvalidVpnConnectionInstanceId.NotFound`
 *   for an id the region does not have.
 */
export function describeVpnConnection(
    store: ConnectionStore,
    regionId: string,
    params: Readonly<Record<string, string>>,
    requestId: string,
): WireDescribeVpnConnectionResponse {
    const id = param(params, "VpnConnectionId");
    if (id === undefined) {
        throw new EmulatorApiError("MissingParameter", missingParameterMessage("VpnConnectionId"));
    }
    const connection = store.get(regionId, id);
    if (!connection) throw new EmulatorApiError("InvalidVpnConnectionInstanceId.NotFound");
    return { RequestId: requestId, ...toSingularShape(connection) };
}

/**
 * DescribeVpnConnections: a page (`PageNumber` from 1, `PageSize` 1 to 50, 10 by default) of the region's
 * connections matching the filters, in the list-item shape.
 *
 * @throws EmulatorApiError `InvalidParameter` for a malformed page number or size.
 */
export function describeVpnConnections(
    store: ConnectionStore,
    regionId: string,
    params: Readonly<Record<string, string>>,
    requestId: string,
): WireDescribeVpnConnectionsResponse {
    const pageNumberParam = params["PageNumber"];
    const pageSizeParam = params["PageSize"];
    const pageNumber = pageNumberParam === undefined ? 1 : parsePositiveInteger(pageNumberParam);
    if (pageNumber === undefined) throw invalidParameter("PageNumber", pageNumberParam ?? "");
    const pageSize = pageSizeParam === undefined ? 10 : parsePositiveInteger(pageSizeParam);
    if (pageSize === undefined || pageSize > 50) throw invalidParameter("PageSize", pageSizeParam ?? "");

    const filter: ConnectionFilter = {
        vpnGatewayId: param(params, "VpnGatewayId"),
        customerGatewayId: param(params, "CustomerGatewayId"),
        vpnConnectionId: param(params, "VpnConnectionId"),
        resourceGroupId: param(params, "ResourceGroupId"),
        tags: tagFilters(params),
    };
    const { total, items: page } = store.page(regionId, filter, (pageNumber - 1) * pageSize, pageSize);
    return {
        RequestId: requestId,
        TotalCount: total,
        PageNumber: pageNumber,
        PageSize: pageSize,
        VpnConnections: { VpnConnection: page.map(toListItemShape) },
    };
}

/** The actions served, by name; any other `Action` gets `InvalidAction.NotFound` from the gateway. */
export const ACTIONS: Readonly<Record<string, Action>> = Object.freeze({
    DescribeVpnConnection: describeVpnConnection,
    DescribeVpnConnections: describeVpnConnections,
});

/** The names of the actions the emulator serves. */
export const SUPPORTED_ACTIONS: readonly string[] = Object.freeze(Object.keys(ACTIONS));

/** Parses a positive integer parameter (`PageNumber`, `PageSize`), or `undefined` if it is not one. */
function parsePositiveInteger(value: string): number | undefined {
    if (!/^\d{1,9}$/.test(value)) return undefined;
    const n = Number(value);
    return n >= 1 ? n : undefined;
}

function invalidParameter(name: string, value: string): EmulatorApiError {
    return new EmulatorApiError(
        "InvalidParameter",
        `Specified parameter ${name} is not valid. (value: ${value})`,
    );
}

/** `Tag.N.Key` / `Tag.N.Value` filters (N = 1..20), in N order. */
function tagFilters(params: Readonly<Record<string, string>>): Array<{ key: string; value?: string }> {
    const tags: Array<{ key: string; value?: string }> = [];
    for (let n = 1; n <= 20; n++) {
        const key = param(params, `Tag.${n}.Key`);
        if (key === undefined) continue;
        const value = param(params, `Tag.${n}.Value`);
        tags.push(value === undefined ? { key } : { key, value });
    }
    return tags;
}
