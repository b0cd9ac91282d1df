/**
 * Validators of user input, run before any API call. Each names the argument and says what was expected;
 * values are quoted truncated, so hostile input cannot flood an error message or a log. Exported for the
 * provider's `check`, the SDK and tests.
 *
 * @packageDocumentation
 */
import { VpcInvalidInputError } from "./errors";
import { quoteValue } from "./redact";

const VPN_CONNECTION_ID = /^vco-[a-z0-9]{8,40}$/;
const REGION_ID = /^[a-z]{2,4}(-[a-z0-9]+){1,3}$/;
const ACCESS_KEY_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Checks a VPN connection id: `vco-` and 8 to 40 lowercase letters or digits, as Alibaba issues them.
 *
 * @param value - the value given.
 * @param argument - the argument's name for the message.
 * @returns the id.
 * @throws VpcInvalidInputError when it is not such an id.
 */
export function validateVpnConnectionId(value: unknown, argument = "vpnConnectionId"): string {
    if (typeof value !== "string" || !VPN_CONNECTION_ID.test(value)) {
        throw new VpcInvalidInputError(
            argument,
            `expected a VPN connection id like "vco-bp1bbi27hojx80nck0001" ("vco-" and 8 to 40 lowercase letters or digits), got ${quoteValue(value)}`,
        );
    }
    return value;
}

/**
 * Checks a region id such as `cn-hangzhou` or `ap-southeast-1`.
 *
 * @param value - the value given.
 * @param argument - the argument's name (or the setting it came from) for the message.
 * @returns the region id.
 * @throws VpcInvalidInputError when it is not shaped like a region id.
 */
export function validateRegionId(value: unknown, argument = "regionId"): string {
    if (typeof value !== "string" || !REGION_ID.test(value)) {
        throw new VpcInvalidInputError(
            argument,
            `expected an Alibaba Cloud region id like "cn-hangzhou" or "ap-southeast-1", got ${quoteValue(value)}`,
        );
    }
    return value;
}

/**
 * Checks the shape of an access key id (it is not secret, but it must never be echoed in full either).
 *
 * @param value - the value given.
 * @param argument - the setting it came from.
 * @returns the id.
 * @throws VpcInvalidInputError without quoting the value.
 */
export function validateAccessKeyId(value: string, argument: string): string {
    if (!ACCESS_KEY_ID.test(value)) {
        throw new VpcInvalidInputError(
            argument,
            "expected an access key id of 8 to 128 letters, digits, '.', '_' or '-'",
        );
    }
    return value;
}

/**
 * Checks a page size of `DescribeVpnConnections`: a whole number from 1 to 50.
 *
 * @param value - the value given.
 * @param argument - the argument's name.
 * @returns the page size.
 */
export function validatePageSize(value: unknown, argument = "pageSize"): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 50) {
        throw new VpcInvalidInputError(
            argument,
            `expected a whole number from 1 to 50, got ${String(value).slice(0, 24)}`,
        );
    }
    return value;
}

/**
 * Checks a page number: a whole number from 1.
 *
 * @param value - the value given.
 * @param argument - the argument's name.
 * @returns the page number.
 */
export function validatePageNumber(value: unknown, argument = "pageNumber"): number {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
        throw new VpcInvalidInputError(
            argument,
            `expected a whole number from 1, got ${String(value).slice(0, 24)}`,
        );
    }
    return value;
}

/**
 * Checks an optional filter id (gateway, customer gateway): a short token of letters, digits and '-'.
 *
 * @param value - the value given.
 * @param prefix - the id's prefix, e.g. `vpn-`.
 * @param argument - the argument's name.
 * @returns the id.
 */
export function validateResourceId(value: unknown, prefix: string, argument: string): string {
    if (typeof value !== "string" || !value.startsWith(prefix) || !/^[a-z]+-[a-z0-9]{4,40}$/.test(value)) {
        throw new VpcInvalidInputError(
            argument,
            `expected an id like "${prefix}bp1…", got ${quoteValue(value)}`,
        );
    }
    return value;
}
