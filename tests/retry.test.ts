/**
 * The pure parts of failure handling: classification, backoff, `x-acs-retry-after`, the retry budget
 * and the composition of error messages. No clock, no randomness:
 * both are injected.
 */
import { type Classification, type FailureObservation, classifyFailure } from "../provider/classify";
import {
    VpcAuthError,
    VpcCredentialsNotFoundError,
    VpcError,
    VpcInvalidResponseError,
    VpcNetworkError,
    VpcTimeoutError,
    VpcInvalidInputError,
    VpcNotFoundError,
    VpcServiceError,
    VpcThrottledError,
} from "../provider/errors";
import {
    DEFAULT_RETRY_BUDGET_OPTIONS,
    DEFAULT_RETRY_OPTIONS,
    RetryBudget,
    type RetryOptions,
    backoffDelay,
    decideRetry,
    parseRetryAfter,
} from "../provider/retry";

describe("classifyFailure", () => {
    const api = (code: string, httpStatus?: number): FailureObservation => ({
        kind: "api",
        code,
        httpStatus,
    });

    it.each<[string, FailureObservation, Classification]>([
        ["Throttling", api("Throttling", 400), { kind: "Throttled", retryable: true, fault: "server" }],
        [
            "Throttling.User",
            api("Throttling.User", 400),
            { kind: "Throttled", retryable: true, fault: "server" },
        ],
        [
            "Throttling.Api",
            api("Throttling.Api", 400),
            { kind: "Throttled", retryable: true, fault: "server" },
        ],
        [
            "Throttling without a status",
            api("Throttling"),
            { kind: "Throttled", retryable: true, fault: "server" },
        ],
        [
            "ServiceUnavailable",
            api("ServiceUnavailable", 503),
            { kind: "Service", retryable: true, fault: "server" },
        ],
        ["InternalError", api("InternalError", 500), { kind: "Service", retryable: true, fault: "server" }],
        [
            "InternalError.Something",
            api("InternalError.Dispatch", 500),
            { kind: "Service", retryable: true, fault: "server" },
        ],
        [
            "an unknown code on a 5xx",
            api("SomethingNew", 502),
            { kind: "Service", retryable: true, fault: "server" },
        ],
        [
            "SignatureNonceUsed (a fresh nonce fixes it)",
            api("SignatureNonceUsed", 400),
            { kind: "Service", retryable: true, fault: "server" },
        ],
        [
            "SignatureDoesNotMatch",
            api("SignatureDoesNotMatch", 400),
            { kind: "Auth", retryable: false, fault: "client" },
        ],
        [
            "IncompleteSignature",
            api("IncompleteSignature", 400),
            { kind: "Auth", retryable: false, fault: "client" },
        ],
        [
            "InvalidTimeStamp.Expired",
            api("InvalidTimeStamp.Expired", 400),
            { kind: "Auth", retryable: false, fault: "client" },
        ],
        [
            "InvalidAccessKeyId.NotFound (credentials, not a resource)",
            api("InvalidAccessKeyId.NotFound", 404),
            { kind: "Auth", retryable: false, fault: "client" },
        ],
        [
            "InvalidAccessKeyId.Inactive",
            api("InvalidAccessKeyId.Inactive", 400),
            { kind: "Auth", retryable: false, fault: "client" },
        ],
        [
            "InvalidSecurityToken.Expired",
            api("InvalidSecurityToken.Expired", 400),
            { kind: "Auth", retryable: false, fault: "client" },
        ],
        [
            "Forbbiden.SubUser (sic)",
            api("Forbbiden.SubUser", 403),
            { kind: "Auth", retryable: false, fault: "client" },
        ],
        ["Forbidden", api("Forbidden", 403), { kind: "Auth", retryable: false, fault: "client" }],
        ["Forbidden.RAM", api("Forbidden.RAM", 403), { kind: "Auth", retryable: false, fault: "client" }],
        [
            "InvalidVpnConnectionInstanceId.NotFound",
            api("InvalidVpnConnectionInstanceId.NotFound", 404),
            { kind: "NotFound", retryable: false, fault: "client" },
        ],
        [
            "InvalidAction.NotFound (routing, not a resource)",
            api("InvalidAction.NotFound", 404),
            { kind: "Service", retryable: false, fault: "client" },
        ],
        [
            "InvalidParameter",
            api("InvalidParameter", 400),
            { kind: "Service", retryable: false, fault: "client" },
        ],
        [
            "MissingParameter",
            api("MissingParameter", 400),
            { kind: "Service", retryable: false, fault: "client" },
        ],
        [
            "InvalidRegionId",
            api("InvalidRegionId", 404),
            { kind: "Service", retryable: false, fault: "client" },
        ],
        [
            "500 without a code",
            { kind: "status", httpStatus: 500 },
            { kind: "InvalidResponse", retryable: true, fault: "server" },
        ],
        [
            "502 without a code",
            { kind: "status", httpStatus: 502 },
            { kind: "InvalidResponse", retryable: true, fault: "server" },
        ],
        [
            "503 without a code",
            { kind: "status", httpStatus: 503 },
            { kind: "InvalidResponse", retryable: true, fault: "server" },
        ],
        [
            "429 without a code",
            { kind: "status", httpStatus: 429 },
            { kind: "InvalidResponse", retryable: true, fault: "server" },
        ],
        [
            "404 without a code",
            { kind: "status", httpStatus: 404 },
            { kind: "InvalidResponse", retryable: false, fault: "server" },
        ],
        [
            "a non-JSON 502 (a proxy's page)",
            { kind: "invalid-response", httpStatus: 502 },
            { kind: "InvalidResponse", retryable: true, fault: "server" },
        ],
        [
            "a body past the size cap, even with a 503",
            { kind: "too-large", httpStatus: 503 },
            { kind: "ResponseTooLarge", retryable: false, fault: "server" },
        ],
        [
            "a non-JSON 200",
            { kind: "invalid-response", httpStatus: 200 },
            { kind: "InvalidResponse", retryable: false, fault: "server" },
        ],
        [
            "a non-JSON body of unknown status",
            { kind: "invalid-response" },
            { kind: "InvalidResponse", retryable: false, fault: "server" },
        ],
        [
            "ECONNRESET",
            { kind: "network", errno: "ECONNRESET" },
            { kind: "Network", retryable: true, fault: "server" },
        ],
        ["EPIPE", { kind: "network", errno: "EPIPE" }, { kind: "Network", retryable: true, fault: "server" }],
        [
            "EAI_AGAIN",
            { kind: "network", errno: "EAI_AGAIN" },
            { kind: "Network", retryable: true, fault: "server" },
        ],
        [
            "ECONNREFUSED (nothing listens: fail fast)",
            { kind: "network", errno: "ECONNREFUSED" },
            { kind: "Network", retryable: false, fault: "server" },
        ],
        [
            "ENOTFOUND",
            { kind: "network", errno: "ENOTFOUND" },
            { kind: "Network", retryable: false, fault: "server" },
        ],
        [
            "a network failure without errno",
            { kind: "network" },
            { kind: "Network", retryable: false, fault: "server" },
        ],
        ["a timeout", { kind: "timeout" }, { kind: "Timeout", retryable: true, fault: "server" }],
    ])("classifies %s", (_label, observation, expected) => {
        expect(classifyFailure(observation)).toEqual(expected);
    });

    it("never retries a not-found, whatever the status", () => {
        expect(classifyFailure(api("InvalidVpnGatewayInstanceId.NotFound", 500))).toEqual({
            kind: "NotFound",
            retryable: false,
            fault: "client",
        });
    });
});

describe("backoffDelay", () => {
    const options: RetryOptions = { ...DEFAULT_RETRY_OPTIONS, baseDelayMs: 500, maxDelayMs: 20_000 };

    it("waits nothing when the random draw is 0", () => {
        for (const retry of [1, 2, 5, 30]) expect(backoffDelay(retry, options, () => 0)).toBe(0);
    });

    it.each([
        [1, 499],
        [2, 999],
        [3, 1998],
        [4, 3996],
        [6, 15984],
        [7, 19980],
        [40, 19980],
    ])("stays under the doubling ceiling at retry %i (random 0.999 gives %i)", (retry, expected) => {
        expect(backoffDelay(retry, options, () => 0.999)).toBe(expected);
    });

    it("never exceeds maxDelayMs, even for absurd retry numbers", () => {
        for (const retry of [100, 1024, 5000]) {
            const d = backoffDelay(retry, options, () => 0.999999);
            expect(d).toBeLessThan(options.maxDelayMs);
            expect(Number.isFinite(d)).toBe(true);
        }
    });

    it("returns whole milliseconds drawn uniformly from the ceiling", () => {
        expect(backoffDelay(2, options, () => 0.5)).toBe(500);
        expect(backoffDelay(1, { ...options, baseDelayMs: 3 }, () => 0.5)).toBe(1);
    });

    it("treats retry 0 like the first retry", () => {
        expect(backoffDelay(0, options, () => 0.999)).toBe(499);
    });

    it("has the documented defaults", () => {
        expect(DEFAULT_RETRY_OPTIONS).toEqual({
            maxAttempts: 6,
            baseDelayMs: 500,
            maxDelayMs: 20_000,
            maxRetryAfterMs: 60_000,
            maxThrottleWaitMs: 120_000,
        });
        expect(Object.isFrozen(DEFAULT_RETRY_OPTIONS)).toBe(true);
    });
});

describe("parseRetryAfter", () => {
    const options = DEFAULT_RETRY_OPTIONS;

    it.each<[string, string | string[] | undefined, number | undefined]>([
        ["milliseconds", "1234", 1234],
        ["zero", "0", 0],
        ["blanks around the number", " 250 ", 250],
        ["the first of repeated headers", ["200", "900"], 200],
        ["an absent header", undefined, undefined],
        ["an empty list", [], undefined],
        ["an empty value", "", undefined],
        ["junk", "soon", undefined],
        ["an HTTP date (not what Alibaba sends)", "Wed, 21 Oct 2015 07:28:00 GMT", undefined],
        ["a negative number", "-5", undefined],
        ["a fraction", "1.5", undefined],
        ["a number with a unit", "100ms", undefined],
        ["more than the cap", "3600000", 60_000],
        ["a number too large for a double", "9".repeat(400), 60_000],
    ])("reads %s", (_label, value, expected) => {
        expect(parseRetryAfter(value, options)).toBe(expected);
    });

    it("caps at the policy's maxRetryAfterMs", () => {
        expect(parseRetryAfter("5000", { ...options, maxRetryAfterMs: 1000 })).toBe(1000);
    });
});

describe("RetryBudget", () => {
    it("starts full with the documented defaults", () => {
        const budget = new RetryBudget();
        expect(budget.available).toBe(500);
        expect(budget.options).toEqual({
            capacity: 500,
            retryCost: 5,
            timeoutRetryCost: 10,
            successRefund: 1,
        });
        expect(DEFAULT_RETRY_BUDGET_OPTIONS).toEqual(budget.options);
    });

    it("charges a retry its cost, and more after a timeout", () => {
        const budget = new RetryBudget();
        expect(budget.acquire(false)).toBe(5);
        expect(budget.available).toBe(495);
        expect(budget.acquire(true)).toBe(10);
        expect(budget.available).toBe(485);
    });

    it("refuses a retry it cannot pay for, without taking anything", () => {
        const budget = new RetryBudget({ capacity: 12, retryCost: 5, timeoutRetryCost: 10 });
        expect(budget.acquire(false)).toBe(5);
        expect(budget.acquire(false)).toBe(5);
        expect(budget.available).toBe(2);
        expect(budget.acquire(false)).toBeUndefined();
        expect(budget.acquire(true)).toBeUndefined();
        expect(budget.available).toBe(2);
    });

    it("can spend exactly what is left", () => {
        const budget = new RetryBudget({ capacity: 10, timeoutRetryCost: 10 });
        expect(budget.acquire(true)).toBe(10);
        expect(budget.available).toBe(0);
        expect(budget.acquire(false)).toBeUndefined();
    });

    it("gives back what a successful call's retries took", () => {
        const budget = new RetryBudget({ capacity: 100 });
        const held = (budget.acquire(false) ?? 0) + (budget.acquire(true) ?? 0);
        expect(budget.available).toBe(85);
        budget.release(held);
        expect(budget.available).toBe(100);
    });

    it("refunds a small amount for a success without retries", () => {
        const budget = new RetryBudget({ capacity: 100, successRefund: 2 });
        budget.acquire(false);
        budget.acquire(false);
        budget.release(0);
        expect(budget.available).toBe(92);
    });

    it("never fills beyond its capacity", () => {
        const budget = new RetryBudget({ capacity: 20 });
        budget.release(0);
        expect(budget.available).toBe(20);
        budget.acquire(false);
        budget.release(50);
        expect(budget.available).toBe(20);
    });

    it("recovers from exhaustion as successes come in", () => {
        const budget = new RetryBudget({ capacity: 5, retryCost: 5, successRefund: 1 });
        budget.acquire(false);
        expect(budget.acquire(false)).toBeUndefined();
        for (let i = 0; i < 4; i++) budget.release(0);
        expect(budget.acquire(false)).toBeUndefined();
        budget.release(0);
        expect(budget.acquire(false)).toBe(5);
    });
});

describe("decideRetry", () => {
    const policy: RetryOptions = { ...DEFAULT_RETRY_OPTIONS, maxAttempts: 4 };
    const full = { available: 500, options: DEFAULT_RETRY_BUDGET_OPTIONS };
    const failed = (over: Partial<Parameters<typeof decideRetry>[0]> = {}) => ({
        retryable: true,
        timedOut: false,
        attempt: 1,
        ...over,
    });

    it("stops at once on a failure that retrying cannot fix", () => {
        expect(decideRetry(failed({ retryable: false }), policy, full)).toEqual({
            retry: false,
            reason: "not-retryable",
        });
    });

    it("retries until maxAttempts calls were made", () => {
        expect(decideRetry(failed({ attempt: 3 }), policy, full, () => 0).retry).toBe(true);
        expect(decideRetry(failed({ attempt: 4 }), policy, full)).toEqual({
            retry: false,
            reason: "attempts-exhausted",
        });
    });

    it("waits the full-jitter backoff of the attempt, paying the retry cost", () => {
        expect(decideRetry(failed({ attempt: 2 }), policy, full, () => 0.5)).toEqual({
            retry: true,
            waitMs: 500,
            cost: DEFAULT_RETRY_BUDGET_OPTIONS.retryCost,
        });
    });

    it("retries throttling past maxAttempts and free of the budget, until maxThrottleWaitMs after the first", () => {
        const empty = { available: 0, options: DEFAULT_RETRY_BUDGET_OPTIONS };
        const throttled = (attempt: number, throttledForMs: number) =>
            failed({ throttled: true, attempt, throttledForMs });
        // The wait does not grow with the throttling answers: the rate limiter paces the retries.
        expect(decideRetry(throttled(10, 0), policy, empty, () => 0.5)).toEqual({
            retry: true,
            waitMs: 250,
            cost: 0,
        });
        expect(decideRetry(throttled(2, policy.maxThrottleWaitMs - 250), policy, empty, () => 0.5)).toEqual({
            retry: true,
            waitMs: 250,
            cost: 0,
        });
        expect(decideRetry(throttled(2, policy.maxThrottleWaitMs - 249), policy, empty, () => 0.5)).toEqual({
            retry: false,
            reason: "throttled-too-long",
        });
        // x-acs-retry-after is honoured as for any retry.
        expect(decideRetry({ ...throttled(3, 0), retryAfter: "1500" }, policy, empty, () => 0.5)).toEqual({
            retry: true,
            waitMs: 1500,
            cost: 0,
        });
    });

    it("charges more after a timeout", () => {
        expect(decideRetry(failed({ timedOut: true }), policy, full, () => 0)).toEqual({
            retry: true,
            waitMs: 0,
            cost: DEFAULT_RETRY_BUDGET_OPTIONS.timeoutRetryCost,
        });
    });

    it("waits what x-acs-retry-after asks for, capped by the policy", () => {
        expect(decideRetry(failed({ retryAfter: "1234" }), policy, full)).toMatchObject({ waitMs: 1234 });
        expect(decideRetry(failed({ retryAfter: ["999999999"] }), policy, full)).toMatchObject({
            waitMs: policy.maxRetryAfterMs,
        });
        expect(decideRetry(failed({ retryAfter: "soon" }), policy, full, () => 0)).toMatchObject({
            waitMs: 0,
        });
    });

    it("stops when the budget cannot pay, and takes nothing from it", () => {
        const budget = new RetryBudget({ capacity: 9, timeoutRetryCost: 10 });
        expect(decideRetry(failed({ timedOut: true }), policy, budget)).toEqual({
            retry: false,
            reason: "budget-exhausted",
        });
        const decision = decideRetry(failed(), policy, budget, () => 0);
        expect(decision).toEqual({ retry: true, waitMs: 0, cost: 5 });
        expect(budget.available).toBe(9);
    });

    it("checks retryable, then attempts, then the budget", () => {
        const empty = { available: 0, options: DEFAULT_RETRY_BUDGET_OPTIONS };
        expect(decideRetry(failed({ retryable: false, attempt: 9 }), policy, empty)).toMatchObject({
            reason: "not-retryable",
        });
        expect(decideRetry(failed({ attempt: 9 }), policy, empty)).toMatchObject({
            reason: "attempts-exhausted",
        });
        expect(decideRetry(failed(), policy, empty)).toMatchObject({ reason: "budget-exhausted" });
    });
});

describe("RetryBudget.take", () => {
    it("takes what a decision found available, and refuses more than is left", () => {
        const budget = new RetryBudget({ capacity: 7 });
        budget.take(5);
        expect(budget.available).toBe(2);
        expect(() => budget.take(5)).toThrow(RangeError);
        expect(budget.available).toBe(2);
    });
});

describe("error classes", () => {
    it.each<[string, typeof VpcError, string, string, "client" | "server"]>([
        ["VpcNotFoundError", VpcNotFoundError, "NotFound", "the call failed", "client"],
        [
            "VpcThrottledError",
            VpcThrottledError,
            "Throttling",
            "throttled by the API's flow control",
            "server",
        ],
        [
            "VpcAuthError",
            VpcAuthError,
            "Forbidden",
            "the credentials were refused or lack permission",
            "client",
        ],
        ["VpcTimeoutError", VpcTimeoutError, "Timeout", "the call failed", "server"],
        ["VpcNetworkError", VpcNetworkError, "NetworkError", "the call failed", "server"],
        ["VpcInvalidResponseError", VpcInvalidResponseError, "InvalidResponse", "the call failed", "server"],
        ["VpcServiceError", VpcServiceError, "ServiceError", "the service returned an error", "client"],
    ])("%s declares its default code, summary and fault", (name, ErrorClass, code, summary, fault) => {
        const e = new ErrorClass();
        expect(e.name).toBe(name);
        expect(e.code).toBe(code);
        expect(e.message).toBe(`${summary} (${code})`);
        expect(e.fault).toBe(fault);
        expect(e.totalRetryDelayMs).toBe(0);
        expect(e).toBeInstanceOf(VpcError);
    });

    it("words a not-found with the connection and region when they are known", () => {
        const e = new VpcNotFoundError(undefined, {
            vpnConnectionId: "vco-bp1abc12345",
            regionId: "cn-hangzhou",
        });
        expect(e.message).toBe(
            "VPN connection vco-bp1abc12345 was not found in region cn-hangzhou (NotFound)",
        );
    });

    it("takes the fault from the classification over the class's default", () => {
        expect(new VpcServiceError(undefined, { fault: "server", httpStatus: 400 }).fault).toBe("server");
        expect(new VpcThrottledError(undefined, { fault: "client" }).fault).toBe("client");
    });

    it("carries the total retry delay", () => {
        expect(
            new VpcTimeoutError("no answer", { attempts: 3, totalRetryDelayMs: 750 }).totalRetryDelayMs,
        ).toBe(750);
    });

    it("leaves library codes that restate the class out of the message", () => {
        expect(new VpcCredentialsNotFoundError(["env: not set"]).message).toBe(
            "no Alibaba Cloud credentials found; tried, in order: env: not set",
        );
        expect(new VpcCredentialsNotFoundError([]).code).toBe("CredentialsNotFound");
        expect(new VpcCredentialsNotFoundError([]).fault).toBe("client");
    });
});

describe("VpcError messages", () => {
    const full = {
        operation: "DescribeVpnConnection",
        vpnConnectionId: "vco-bp1abc12345",
        regionId: "cn-hangzhou",
        code: "InternalError",
        requestId: "6A1F2C3D-0000-4000-8000-000000000001",
        httpStatus: 500,
        attempts: 3,
        retryable: true,
        serviceMessage: "The request processing has failed due to some unknown error.",
    };

    it("names the operation, connection, region, service message, code, RequestId, HTTP status and attempts", () => {
        const e = new VpcServiceError("the service returned an error", full);
        expect(e.message).toBe(
            "DescribeVpnConnection (VPN connection vco-bp1abc12345, region cn-hangzhou): the service returned an error: " +
                "The request processing has failed due to some unknown error. " +
                "(InternalError, RequestId 6A1F2C3D-0000-4000-8000-000000000001, HTTP 500, 3 attempts)",
        );
        expect(e).toBeInstanceOf(VpcError);
        expect(e).toBeInstanceOf(Error);
        expect(e.name).toBe("VpcServiceError");
        expect(e).toMatchObject({
            operation: "DescribeVpnConnection",
            vpnConnectionId: "vco-bp1abc12345",
            regionId: "cn-hangzhou",
            code: "InternalError",
            requestId: full.requestId,
            httpStatus: 500,
            attempts: 3,
            retryable: true,
            fault: "server",
        });
    });

    it("does not name the connection twice when the summary already does", () => {
        const e = new VpcNotFoundError("VPN connection vco-bp1abc12345 was not found in region cn-hangzhou", {
            ...full,
            code: "InvalidVpnConnectionInstanceId.NotFound",
            httpStatus: 404,
            attempts: 1,
            retryable: false,
            serviceMessage: undefined,
        });
        expect(e.message).toBe(
            "DescribeVpnConnection: VPN connection vco-bp1abc12345 was not found in region cn-hangzhou " +
                "(InvalidVpnConnectionInstanceId.NotFound, RequestId 6A1F2C3D-0000-4000-8000-000000000001, HTTP 404)",
        );
        expect(e.fault).toBe("client");
    });

    it("leaves out the attempt count of a single attempt and uses the default code when there is none", () => {
        const e = new VpcThrottledError("throttled by the API's flow control", {
            operation: "DescribeVpnConnections",
            regionId: "cn-beijing",
            attempts: 1,
            retryable: true,
        });
        expect(e.message).toBe(
            "DescribeVpnConnections (region cn-beijing): throttled by the API's flow control (Throttling)",
        );
        expect(e.code).toBe("Throttling");
    });

    it("keeps the cause and defaults to a non-retryable client fault with no attempts", () => {
        const cause = new Error("underlying");
        const e = new VpcAuthError("the credentials were refused or lack permission", { cause });
        expect(e.cause).toBe(cause);
        expect(e.retryable).toBe(false);
        expect(e.attempts).toBe(0);
        expect(e.fault).toBe("client");
        expect(e.message).toBe("the credentials were refused or lack permission (Forbidden)");
    });

    it("calls a 5xx the server's fault even when it is not retryable", () => {
        expect(new VpcServiceError("x", { httpStatus: 501 }).fault).toBe("server");
        expect(new VpcServiceError("x", { httpStatus: 499 }).fault).toBe("client");
    });

    it("words invalid input as the argument and the problem, without the internal code", () => {
        const e = new VpcInvalidInputError("pageSize", "expected a whole number from 1 to 50, got 51");
        expect(e.message).toBe("invalid pageSize: expected a whole number from 1 to 50, got 51");
        expect(e.code).toBe("InvalidInput");
        expect(e.argument).toBe("pageSize");
    });
});
