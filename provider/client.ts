/**
 * The VPC API client every part of the project reads VPN connections through.
 *
 * @packageDocumentation
 */
import type { VpnConnectionRecord } from "./model";
import { FailureKind, classifyFailure } from "./classify";
import { CredentialSettings, CredentialSource, resolveCredentials } from "./credentials";
import { resolveEndpoint } from "./endpoint";
import {
    VpcAuthError,
    VpcCredentialsNotFoundError,
    VpcError,
    VpcErrorDetails,
    VpcInvalidResponseError,
    VpcNetworkError,
    VpcNotFoundError,
    VpcServiceError,
    VpcThrottledError,
    VpcTimeoutError,
} from "./errors";
import { mapVpnConnection, mapVpnConnectionPage } from "./mapping";
import { resolveRegion } from "./region";
import {
    DEFAULT_RETRY_OPTIONS,
    RetryBudget,
    RetryOptions,
    backoffDelay,
    parseRetryAfter,
    processRetryBudget,
} from "./retry";
import { TransportFailure, TransportRequest, TransportResponse, send } from "./transport";
import { VALIDATORS } from "./validate";

/** The default timeout of connect, and of read, of one call. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** How a {@link VpcClient} reaches the API. Everything is optional and resolved at call time. */
export interface VpcClientOptions {
    /**
     * Region of every call unless a call names its own.
     * @default `ALIBABA_CLOUD_REGION_ID`, `ALIBABA_CLOUD_REGION`, then `ALICLOUD_REGION`
     */
    regionId?: string;
    /** The name of where {@link regionId} came from, for messages (e.g. `alicloud:region`). @default "regionId" */
    regionSource?: string;
    /**
     * The endpoint, `https://host` (or `http://` for loopback only). A bare host means HTTPS.
     * @default `ALIBABA_CLOUD_ENDPOINT_VPC`, then the region's public endpoint
     */
    endpoint?: string;
    /** Credentials given explicitly; the environment and the standard chain follow them. */
    credentials?: CredentialSettings;
    /**
     * Timeout of connecting, and of reading the answer, of one call.
     * @default 10000: well above the API's usual latency, low enough that a hung call is retried promptly.
     */
    timeoutMs?: number;
    /** Overrides of {@link DEFAULT_RETRY_OPTIONS}. */
    retry?: Partial<RetryOptions>;
    /** The retry budget to draw from. @default the process-wide {@link processRetryBudget} */
    retryBudget?: RetryBudget;
    /** The environment to read. @default `process.env`, read at each call */
    env?: NodeJS.ProcessEnv;
    /** Waits between retries. @default a timer */
    sleep?: (ms: number) => Promise<void>;
    /** Randomness of the backoff jitter. @default Math.random */
    random?: () => number;
    /** The credential chain. @default `credentialChain(credentials, env)` */
    credentialSources?: CredentialSource[];
}

/** A connection read by id. */
export interface DescribeVpnConnectionResult extends VpnConnectionRecord {
    /** The RequestId of the answer. */
    requestId: string;
    /** Calls made, retries included. */
    attempts: number;
}

/** Filters and paging of {@link VpcClient.describeVpnConnections}. */
export interface DescribeVpnConnectionsQuery {
    /** Region to list. */
    regionId?: string;
    /** Page, from 1. @default 1 */
    pageNumber?: number;
    /** Items per page, 1 to 50. @default 50: the fewest calls under the quota */
    pageSize?: number;
    /** Only connections of this VPN gateway. */
    vpnGatewayId?: string;
    /** Only connections to this customer gateway. */
    customerGatewayId?: string;
    /** Only this connection. */
    vpnConnectionId?: string;
}

/** One page of connections. */
export interface DescribeVpnConnectionsResult {
    /** Matching connections in all pages. */
    totalCount: number;
    /** This page's number. */
    pageNumber: number;
    /** The page size. */
    pageSize: number;
    /** This page's connections. */
    items: VpnConnectionRecord[];
    /** The RequestId of the answer. */
    requestId: string;
    /** Calls made, retries included. */
    attempts: number;
}

const ERROR_CLASSES: Record<
    FailureKind,
    new (summary: string, code: string, details: VpcErrorDetails) => VpcError
> = {
    NotFound: VpcNotFoundError,
    Throttled: VpcThrottledError,
    Auth: VpcAuthError,
    Timeout: VpcTimeoutError,
    Network: VpcNetworkError,
    InvalidResponse: VpcInvalidResponseError,
    Service: VpcServiceError,
};

const DEFAULT_CODES: Record<FailureKind, string> = {
    NotFound: "NotFound",
    Throttled: "Throttling",
    Auth: "Forbidden",
    Timeout: "Timeout",
    Network: "NetworkError",
    InvalidResponse: "InvalidResponse",
    Service: "ServiceError",
};

function summaryOf(kind: FailureKind, vpnConnectionId: string | undefined, regionId: string): string {
    if (kind === "NotFound" && vpnConnectionId !== undefined) {
        return `VPN connection ${vpnConnectionId} was not found in region ${regionId}`;
    }
    if (kind === "Throttled") return "throttled by the API's flow control";
    if (kind === "Auth") return "the credentials were refused or lack permission";
    return "";
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface CallContext {
    operation: string;
    regionId: string;
    vpnConnectionId?: string;
}

/**
 * Reads IPsec VPN connections from the VPC API (version 2016-04-28).
 *
 * Holds no credential: everything is resolved at each call, so an instance is safe to keep for the life
 * of a process, and nothing of it is captured when a Pulumi provider is serialized.
 *
 * @example
 * ```ts
 * const client = new VpcClient({ regionId: "cn-hangzhou" });
 * const { connection, secrets } = await client.describeVpnConnection("vco-bp1bbi27hojx80nck0001");
 * console.log(connection.status, connection.ikeConfig?.ikeVersion);
 * ```
 */
export class VpcClient {
    private readonly retry: RetryOptions;

    /** @param options - how to reach the API; see {@link VpcClientOptions}. */
    constructor(private readonly options: VpcClientOptions = {}) {
        this.retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
    }

    /**
     * Reads one connection by id (`DescribeVpnConnection`).
     *
     * @param vpnConnectionId - the connection, `vco-…`.
     * @param options - `regionId` overrides the client's region for this call.
     * @returns the connection and its secrets, kept apart.
     * @throws VpcInvalidInputError before any call when an argument is not valid;
     *   VpcNotFoundError when the connection does not exist; another {@link VpcError} subclass otherwise.
     */
    async describeVpnConnection(
        vpnConnectionId: string,
        options: { regionId?: string } = {},
    ): Promise<DescribeVpnConnectionResult> {
        VALIDATORS.vpnConnectionId(vpnConnectionId);
        const regionId = this.region(options.regionId);
        const ctx: CallContext = { operation: "DescribeVpnConnection", regionId, vpnConnectionId };
        const { response, requestId, attempts } = await this.call(ctx, {
            RegionId: regionId,
            VpnConnectionId: vpnConnectionId,
        });
        const record = mapVpnConnection(response.body, { ...ctx, requestId });
        if (record.connection.vpnConnectionId !== vpnConnectionId) {
            throw new VpcInvalidResponseError("the answer is about another connection", "InvalidResponse", {
                ...ctx,
                requestId,
                attempts,
            });
        }
        return { ...record, requestId, attempts };
    }

    /**
     * Reads one page of connections (`DescribeVpnConnections`).
     *
     * @param query - region, filters and paging.
     * @returns the page.
     * @throws VpcInvalidInputError before any call when an argument is not valid; another {@link VpcError} otherwise.
     */
    async describeVpnConnections(
        query: DescribeVpnConnectionsQuery = {},
    ): Promise<DescribeVpnConnectionsResult> {
        const params: Record<string, string | number> = {
            PageNumber: VALIDATORS.pageNumber(query.pageNumber ?? 1),
            PageSize: VALIDATORS.pageSize(query.pageSize ?? 50),
        };
        if (query.vpnGatewayId !== undefined)
            params.VpnGatewayId = VALIDATORS.vpnGatewayId(query.vpnGatewayId);
        if (query.customerGatewayId !== undefined) {
            params.CustomerGatewayId = VALIDATORS.customerGatewayId(query.customerGatewayId);
        }
        if (query.vpnConnectionId !== undefined) {
            params.VpnConnectionId = VALIDATORS.vpnConnectionId(query.vpnConnectionId);
        }
        const regionId = this.region(query.regionId);
        const ctx: CallContext = {
            operation: "DescribeVpnConnections",
            regionId,
            vpnConnectionId: query.vpnConnectionId,
        };
        const { response, requestId, attempts } = await this.call(ctx, { RegionId: regionId, ...params });
        const page = mapVpnConnectionPage(response.body, { ...ctx, requestId });
        return { ...page, requestId, attempts };
    }

    private region(perCall: string | undefined): string {
        if (perCall !== undefined) return VALIDATORS.regionId(perCall);
        const env = this.options.env ?? process.env;
        return resolveRegion(
            [{ value: this.options.regionId, source: this.options.regionSource ?? "regionId" }],
            env,
        ).regionId;
    }

    private async call(
        ctx: CallContext,
        params: Record<string, string | number>,
    ): Promise<{ response: TransportResponse; requestId: string; attempts: number }> {
        const env = this.options.env ?? process.env;
        const endpoint = resolveEndpoint(this.options.endpoint, ctx.regionId, env);
        const credentials = await resolveCredentials(
            this.options.credentials ?? {},
            env,
            this.options.credentialSources,
        ).catch((e: unknown) => {
            // Say which read needed the credentials.
            if (e instanceof VpcCredentialsNotFoundError)
                throw new VpcCredentialsNotFoundError(e.sourcesTried, ctx);
            throw e;
        });
        const request: TransportRequest = {
            endpoint: endpoint.url,
            action: ctx.operation,
            params,
            credentials,
            timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        };
        const budget = this.options.retryBudget ?? processRetryBudget;
        const sleep = this.options.sleep ?? realSleep;
        let held = 0;
        for (let attempt = 1; ; attempt++) {
            let response: TransportResponse;
            try {
                response = await send(request);
            } catch (e) {
                const failure = e instanceof TransportFailure ? e : new TransportFailure({ kind: "network" });
                const verdict = classifyFailure(failure.observation);
                const cost =
                    verdict.retryable && attempt < this.retry.maxAttempts
                        ? budget.acquire(failure.observation.kind === "timeout")
                        : undefined;
                if (cost === undefined) {
                    const exhausted = verdict.retryable && attempt < this.retry.maxAttempts;
                    throw this.toError(ctx, failure, verdict.kind, verdict.retryable, attempt, exhausted);
                }
                held += cost;
                const wait =
                    parseRetryAfter(failure.retryAfter, this.retry) ??
                    backoffDelay(attempt, this.retry, this.options.random);
                await sleep(wait);
                continue;
            }
            budget.release(held);
            const requestId = response.requestId;
            if (requestId === undefined) {
                throw new VpcInvalidResponseError("malformed response: no RequestId", "InvalidResponse", {
                    ...ctx,
                    httpStatus: response.httpStatus,
                    attempts: attempt,
                });
            }
            return { response, requestId, attempts: attempt };
        }
    }

    private toError(
        ctx: CallContext,
        failure: TransportFailure,
        kind: FailureKind,
        retryable: boolean,
        attempts: number,
        budgetExhausted: boolean,
    ): VpcError {
        const o = failure.observation;
        const code = o.kind === "api" ? o.code : undefined;
        const httpStatus =
            o.kind === "api" || o.kind === "status" || o.kind === "invalid-response"
                ? o.httpStatus
                : undefined;
        let summary = summaryOf(kind, ctx.vpnConnectionId, ctx.regionId) || failure.message;
        if (budgetExhausted) summary += "; not retried: the process-wide retry budget is exhausted";
        const ErrorClass = ERROR_CLASSES[kind];
        return new ErrorClass(summary, DEFAULT_CODES[kind], {
            operation: ctx.operation,
            regionId: ctx.regionId,
            vpnConnectionId: ctx.vpnConnectionId,
            code,
            requestId: failure.requestId,
            httpStatus,
            retryable,
            attempts,
            // A not-found needs no words of Alibaba's; the code says it.
            serviceMessage: kind === "NotFound" ? undefined : failure.serviceMessage,
            cause: failure,
        });
    }
}
