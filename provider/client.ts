/**
 * The VPC API client every part of the project reads VPN connections through.
 *
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import type { VpnConnectionRecord } from "./model";
import { type Classification, classifyFailure } from "./classify";
import { type CredentialSettings, type CredentialSource, resolveCredentials } from "./credentials";
import { resolveEndpoint } from "./endpoint";
import {
    VpcCredentialsNotFoundError,
    type VpcError,
    type VpcErrorDetails,
    VpcInvalidResponseError,
    errorClassOf,
} from "./errors";
import {
    type AdaptiveRateLimiter,
    DEFAULT_MAX_REQUESTS_PER_SECOND,
    MAX_RPS_ENV,
    type RateLimiterRegistry,
    parseMaxRequestsPerSecond,
    processRateLimiters,
} from "./limiter";
import { mapVpnConnection, mapVpnConnectionPage } from "./mapping";
import { resolveRegion } from "./region";
import {
    DEFAULT_RETRY_OPTIONS,
    type RetryBudget,
    type RetryOptions,
    type StopReason,
    decideRetry,
    parseRetryAfter,
    processRetryBudget,
} from "./retry";
import { SingleFlight } from "./singleflight";
import { debugAttempt } from "./debug";
import { resolveDeadlineMs, resolveThrottleWindowMs } from "./deadline";
import { TransportFailure, type TransportRequest, type TransportResponse, send } from "./transport";
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
    /** The retry budget to draw from. @default one budget shared by every client of the process */
    retryBudget?: RetryBudget;
    /** The environment to read. @default `process.env`, read at each call */
    env?: NodeJS.ProcessEnv;
    /** Waits between retries. @default a timer */
    sleep?: (ms: number) => Promise<void>;
    /** Randomness of the backoff jitter. @default Math.random */
    random?: () => number;
    /** The clock, in milliseconds, for how long a call has been throttled. @default Date.now */
    now?: () => number;
    /** The credential chain. @default `credentialChain(credentials, env)` */
    credentialSources?: CredentialSource[];
    /**
     * Calls per second this process sends at most, per access key, region and API action: a number, or
     * the text of a setting (checked at each call, before it is sent).
     * @default `ALIBABA_CLOUD_VPC_MAX_RPS`, then 10: the documented quota, 600 calls per 60 s per
     *   region, API and account
     */
    maxRequestsPerSecond?: number | string;
    /**
     * The name of where {@link maxRequestsPerSecond} came from, for messages (e.g.
     * `alicloud-vpn:maxRequestsPerSecond`). @default "maxRequestsPerSecond"
     */
    maxRequestsPerSecondSource?: string;
    /**
     * The deadline of one operation, in seconds: every attempt and wait of a read ends within it (see
     * `deadline.ts`); a number, or the text of a setting.
     * @default `ALIBABA_CLOUD_VPC_DEADLINE_SECONDS`, then 60
     */
    deadlineSeconds?: number | string;
    /** The name of where {@link deadlineSeconds} came from, for messages. @default "deadlineSeconds" */
    deadlineSecondsSource?: string;
    /**
     * How long an operation keeps retrying throttling answers after the first, in seconds (see
     * `maxThrottleWaitMs` in `retry.ts`); a number, or the text of a setting.
     * @default `ALIBABA_CLOUD_VPC_THROTTLE_WINDOW_SECONDS`, then `retry.maxThrottleWaitMs` (120 s)
     */
    throttleWindowSeconds?: number | string;
    /** The name of where {@link throttleWindowSeconds} came from, for messages. */
    throttleWindowSecondsSource?: string;
    /** The largest response body read, after decompression. @default `MAX_BODY_BYTES` (8 MiB) */
    maxBodyBytes?: number;
    /** The rate limiters to draw from. @default the process-wide {@link processRateLimiters} */
    rateLimiters?: RateLimiterRegistry;
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

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Identical calls running at the same time in this process: the first makes the call, the others
 * share its answer (each maps the shared body into its own objects).
 */
const inFlight = new SingleFlight<CallResult>();

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
        const record = mapVpnConnection(response.body, {
            ...ctx,
            requestId,
            attempts,
            httpStatus: response.httpStatus,
        });
        if (record.connection.vpnConnectionId !== vpnConnectionId) {
            throw new VpcInvalidResponseError("the answer is about another connection", {
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
        if (query.vpnGatewayId !== undefined) {
            params.VpnGatewayId = VALIDATORS.vpnGatewayId(query.vpnGatewayId);
        }
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
        const page = mapVpnConnectionPage(response.body, {
            ...ctx,
            requestId,
            attempts,
            httpStatus: response.httpStatus,
        });
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

    /**
     * Makes one API call: resolves where and as whom at call time, then sends, retrying as
     * {@link decideRetry} says.
     */
    private async call(ctx: CallContext, params: Record<string, string | number>): Promise<CallResult> {
        const env = this.options.env ?? process.env;
        const maxRequestsPerSecond =
            parseMaxRequestsPerSecond(
                this.options.maxRequestsPerSecond,
                this.options.maxRequestsPerSecondSource ?? "maxRequestsPerSecond",
            ) ??
            parseMaxRequestsPerSecond(env[MAX_RPS_ENV], MAX_RPS_ENV) ??
            DEFAULT_MAX_REQUESTS_PER_SECOND;
        const request = await this.request(ctx, params);
        const { credentials } = request;
        const limiter = (this.options.rateLimiters ?? processRateLimiters).get(
            { accessKeyId: credentials.accessKeyId, regionId: ctx.regionId, action: ctx.operation },
            maxRequestsPerSecond,
        );
        // Callers share a call only when they would send the same signed request: the secret is part
        // of the key as a digest, so a wrong secret never rides on a right one's answer.
        const flightKey = [
            request.endpoint,
            request.action,
            credentials.accessKeyId,
            createHash("sha256")
                .update(`${credentials.accessKeySecret}\n${credentials.securityToken ?? ""}`)
                .digest("base64"),
            JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        ].join("\n");
        return inFlight.run(flightKey, () => this.sendWithRetries(ctx, request, limiter));
    }

    /** The request of a call: endpoint and credentials resolved now, never kept. */
    private async request(
        ctx: CallContext,
        params: Record<string, string | number>,
    ): Promise<TransportRequest> {
        const env = this.options.env ?? process.env;
        const endpoint = resolveEndpoint(this.options.endpoint, ctx.regionId, env);
        const credentials = await resolveCredentials(
            this.options.credentials ?? {},
            env,
            this.options.credentialSources,
        ).catch((e: unknown) => {
            // Say which read needed the credentials.
            if (e instanceof VpcCredentialsNotFoundError) {
                throw new VpcCredentialsNotFoundError(e.sourcesTried, ctx);
            }
            throw e;
        });
        return {
            endpoint: endpoint.url,
            action: ctx.operation,
            params,
            credentials,
            timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            maxBodyBytes: this.options.maxBodyBytes,
        };
    }

    /**
     * Sends until an answer, or until the retry policy says stop; each attempt takes a token of the
     * limiter first, and tells it of throttling.
     */
    private async sendWithRetries(
        ctx: CallContext,
        request: TransportRequest,
        limiter: AdaptiveRateLimiter,
    ): Promise<CallResult> {
        const budget = this.options.retryBudget ?? processRetryBudget;
        const sleep = this.options.sleep ?? realSleep;
        const env = this.options.env ?? process.env;
        const deadlineMs = resolveDeadlineMs(this.options, env);
        const throttleWindowMs = resolveThrottleWindowMs(this.options, env);
        const policy: RetryOptions =
            throttleWindowMs === undefined
                ? this.retry
                : { ...this.retry, maxThrottleWaitMs: throttleWindowMs };
        let held = 0;
        let totalRetryDelayMs = 0;
        const now = this.options.now ?? Date.now;
        const startedAt = now();
        let failures = 0;
        let throttles = 0;
        let throttledSince: number | undefined;
        // The last failure that the deadline did not cut short: when the deadline ends an attempt, the
        // error reports what the service did before (a 503, throttling), not the cut itself.
        let lastReal: { failure: TransportFailure; verdict: Classification } | undefined;
        // Throttling keeps its own window: while throttled, the operation may run until
        // maxThrottleWaitMs after the first throttling answer, if that is later than the deadline.
        const endsAt = (): number =>
            Math.max(
                startedAt + deadlineMs,
                throttledSince === undefined ? 0 : throttledSince + policy.maxThrottleWaitMs,
            );
        for (let attempt = 1; ; attempt++) {
            let response: TransportResponse;
            const sentAt = await limiter.acquire();
            const attemptStart = now();
            const remaining = endsAt() - attemptStart;
            const cutByDeadline = remaining < request.timeoutMs;
            try {
                response = await send({
                    ...request,
                    timeoutMs: Math.max(1, Math.min(request.timeoutMs, remaining)),
                });
            } catch (e) {
                let failure = e instanceof TransportFailure ? e : new TransportFailure({ kind: "network" });
                let verdict = classifyFailure(failure.observation);
                const substituted =
                    failure.observation.kind === "timeout" && cutByDeadline && lastReal !== undefined;
                if (substituted && lastReal !== undefined) ({ failure, verdict } = lastReal);
                else lastReal = { failure, verdict };
                const throttled = verdict.kind === "Throttled";
                if (substituted) {
                    failures += 1;
                } else if (throttled) {
                    // The quota is in use: the limiter slows the process down before the retry.
                    limiter.onThrottle(sentAt, parseRetryAfter(failure.retryAfter, policy));
                    throttles += 1;
                    throttledSince ??= now();
                } else {
                    failures += 1;
                }
                const decision = decideRetry(
                    {
                        retryable: verdict.retryable,
                        timedOut: failure.observation.kind === "timeout",
                        attempt: throttled ? throttles : failures,
                        retryAfter: failure.retryAfter,
                        throttled,
                        throttledForMs: throttledSince === undefined ? 0 : now() - throttledSince,
                        remainingMs: endsAt() - now(),
                    },
                    policy,
                    budget,
                    this.options.random,
                );
                const o = failure.observation;
                debugAttempt(
                    {
                        ...ctx,
                        attempt,
                        outcome: verdict.kind,
                        httpStatus: "httpStatus" in o ? o.httpStatus : undefined,
                        requestId: failure.requestId,
                        code: o.kind === "api" ? o.code : undefined,
                        elapsedMs: now() - attemptStart,
                        waitMs: decision.retry ? decision.waitMs : undefined,
                    },
                    env,
                );
                if (!decision.retry) {
                    throw failureError(ctx, failure, verdict, {
                        attempts: attempt,
                        totalRetryDelayMs,
                        elapsedMs: now() - startedAt,
                        deadlineMs,
                        reason: decision.reason,
                        throttledForMs:
                            decision.reason === "throttled-too-long" && throttledSince !== undefined
                                ? now() - throttledSince
                                : undefined,
                    });
                }
                budget.take(decision.cost);
                held += decision.cost;
                totalRetryDelayMs += decision.waitMs;
                await sleep(decision.waitMs);
                continue;
            }
            limiter.onSuccess();
            budget.release(held);
            debugAttempt(
                {
                    ...ctx,
                    attempt,
                    outcome: "ok",
                    httpStatus: response.httpStatus,
                    requestId: response.requestId,
                    elapsedMs: now() - attemptStart,
                },
                env,
            );
            if (response.requestId === undefined) {
                throw new VpcInvalidResponseError("malformed response: no RequestId", {
                    ...ctx,
                    httpStatus: response.httpStatus,
                    attempts: attempt,
                    totalRetryDelayMs,
                });
            }
            return { response, requestId: response.requestId, attempts: attempt };
        }
    }
}

/** What a call returns. */
interface CallResult {
    response: TransportResponse;
    requestId: string;
    attempts: number;
}

/**
 * The error of a call that failed for good: the class of its kind, the class's own words unless what was
 * observed says more, the Alibaba code and RequestId, and how much retrying it took.
 */
function failureError(
    ctx: CallContext,
    failure: TransportFailure,
    verdict: Classification,
    stats: {
        attempts: number;
        totalRetryDelayMs: number;
        /** Since the operation started. */
        elapsedMs: number;
        /** The operation's deadline. */
        deadlineMs: number;
        /** Why the retries stopped. */
        reason: StopReason;
        /** How long the call has been throttled, when that is why it stops. */
        throttledForMs?: number;
    },
): VpcError {
    const o = failure.observation;
    const ErrorClass = errorClassOf(verdict.kind);
    const details: VpcErrorDetails = {
        ...ctx,
        code: o.kind === "api" ? o.code : undefined,
        requestId: failure.requestId,
        httpStatus: "httpStatus" in o ? o.httpStatus : undefined,
        retryable: verdict.retryable,
        fault: verdict.fault,
        attempts: stats.attempts,
        totalRetryDelayMs: stats.totalRetryDelayMs,
        // A not-found needs no words of Alibaba's; the code says it.
        serviceMessage: verdict.kind === "NotFound" ? undefined : failure.serviceMessage,
        cause: failure,
    };
    let summary = ErrorClass.defaultSummary(details) ?? failure.message;
    if (failure.detail && !summary.includes(failure.detail)) summary += ` (${failure.detail})`;
    if (stats.reason === "budget-exhausted") {
        summary += "; not retried: the process-wide retry budget is exhausted";
    }
    if (stats.throttledForMs !== undefined) {
        summary += `; still throttled ${Math.round(stats.throttledForMs / 1000)} s after the first throttling answer (the account's quota is in use by other clients)`;
    }
    if (stats.reason === "deadline-exceeded") {
        summary += `; the operation's deadline of ${formatSeconds(stats.deadlineMs)} left no time for another attempt`;
    }
    if (stats.attempts > 1 || stats.reason !== "not-retryable") {
        const n = stats.attempts;
        summary += `; gave up after ${n} attempt${n === 1 ? "" : "s"} in ${formatSeconds(stats.elapsedMs)}`;
    }
    return new ErrorClass(summary, details);
}

function formatSeconds(ms: number): string {
    return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
