/**
 * The emulator's stages on their own, without HTTP: the gateway's checks in their order, what each
 * injected fault does, and the two actions over a store.
 */
import { randomUUID } from "node:crypto";
import { describeVpnConnection, describeVpnConnections, SUPPORTED_ACTIONS } from "../emulator/actions";
import { EmulatorApiError } from "../emulator/errors";
import { applyFault, type Fault } from "../emulator/faults";
import { FIXTURE_IDS, fixtureConnections, VALID_REGION_IDS } from "../emulator/fixtures";
import { Gateway, NONCE_TTL_MS, TIMESTAMP_TOLERANCE_MS } from "../emulator/gateway";
import { DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { formatTimestamp, signParams } from "../provider/signature";
import { ConnectionStore } from "../emulator/store";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

function gateway(clock = { now: NOW }, limit = 600): Gateway {
    return new Gateway({
        credentials: [DEFAULT_TEST_CREDENTIALS],
        regions: VALID_REGION_IDS,
        actions: SUPPORTED_ACTIONS,
        quota: { limit, windowMs: 60_000 },
        now: () => clock.now,
    });
}

/** A signed DescribeVpnConnection request; `undefined` in `overrides` removes a parameter. */
function signed(
    overrides: Record<string, string | undefined> = {},
    secret = DEFAULT_TEST_CREDENTIALS.accessKeySecret,
): Record<string, string> {
    const merged: Record<string, string | undefined> = {
        AccessKeyId: DEFAULT_TEST_CREDENTIALS.accessKeyId,
        Action: "DescribeVpnConnection",
        Format: "JSON",
        RegionId: "cn-hangzhou",
        SignatureMethod: "HMAC-SHA1",
        SignatureNonce: randomUUID(),
        SignatureVersion: "1.0",
        Timestamp: formatTimestamp(NOW),
        Version: "2016-04-28",
        VpnConnectionId: FIXTURE_IDS.singleTunnel,
        ...overrides,
    };
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(merged)) if (v !== undefined) params[k] = v;
    return signParams("POST", params, secret);
}

function refusal(run: () => unknown): string {
    try {
        run();
    } catch (e) {
        if (e instanceof EmulatorApiError) return e.code;
        throw e;
    }
    throw new Error("expected the gateway to refuse the request");
}

describe("the gateway", () => {
    it("admits a signed request and says what it admitted", () => {
        expect(gateway().admit("POST", "/", signed())).toMatchObject({
            accessKeyId: DEFAULT_TEST_CREDENTIALS.accessKeyId,
            action: "DescribeVpnConnection",
            regionId: "cn-hangzhou",
        });
    });

    it("checks the method and path before any parameter", () => {
        expect(refusal(() => gateway().admit("PUT", "/", {}))).toBe("UnsupportedHTTPMethod");
        expect(refusal(() => gateway().admit("GET", "/other", {}))).toBe("InvalidAction.NotFound");
    });

    it("checks the access key before the signature, and the signature before the timestamp", () => {
        const g = gateway();
        expect(refusal(() => g.admit("POST", "/", signed({ AccessKeyId: "LTAI5tUnknown00001" })))).toBe(
            "InvalidAccessKeyId.NotFound",
        );
        expect(refusal(() => g.admit("POST", "/", signed({ Timestamp: "garbage" }, "wrong-secret")))).toBe(
            "SignatureDoesNotMatch",
        );
        expect(refusal(() => g.admit("POST", "/", signed({ Timestamp: "garbage" })))).toBe(
            "InvalidTimeStamp.Format",
        );
    });

    it("refuses timestamps outside the window and reused nonces, both by its own clock", () => {
        const clock = { now: NOW };
        const g = gateway(clock);
        const params = signed();
        g.admit("POST", "/", params);
        expect(refusal(() => g.admit("POST", "/", params))).toBe("SignatureNonceUsed");
        clock.now = NOW + TIMESTAMP_TOLERANCE_MS + 1;
        expect(refusal(() => g.admit("POST", "/", signed()))).toBe("InvalidTimeStamp.Expired");
        // Once the nonce's time is up it is forgotten, and a fresh timestamp gets through again.
        clock.now = NOW + NONCE_TTL_MS + 1;
        expect(() => g.admit("POST", "/", signed({ Timestamp: formatTimestamp(clock.now) }))).not.toThrow();
    });

    it("counts the quota before it checks the region, and a refund gives the slot back", () => {
        const g = gateway({ now: NOW }, 2);
        // A request for a region that does not exist still takes its slot (the quota is keyed by the
        // RegionId parameter as sent), so the one after the next is throttled.
        expect(refusal(() => g.admit("POST", "/", signed({ RegionId: "xx-nowhere-1" })))).toBe(
            "InvalidRegionId",
        );
        expect(refusal(() => g.admit("POST", "/", signed({ RegionId: "xx-nowhere-1" })))).toBe(
            "InvalidRegionId",
        );
        expect(refusal(() => g.admit("POST", "/", signed({ RegionId: "xx-nowhere-1" })))).toBe(
            "Throttling.User",
        );
        const admitted = g.admit("POST", "/", signed());
        g.admit("POST", "/", signed());
        expect(refusal(() => g.admit("POST", "/", signed()))).toBe("Throttling.User");
        g.refund(admitted);
        expect(() => g.admit("POST", "/", signed())).not.toThrow();
    });

    it("refuses an action it does not serve after the version check", () => {
        expect(refusal(() => gateway().admit("POST", "/", signed({ Version: "2014-05-26" })))).toBe(
            "InvalidVersion",
        );
        expect(refusal(() => gateway().admit("POST", "/", signed({ Action: "DeleteVpnConnection" })))).toBe(
            "InvalidAction.NotFound",
        );
    });
});

describe("applyFault", () => {
    const noDelay = async (): Promise<void> => {};

    it.each<[Fault, unknown]>([
        [
            { kind: "status-without-code", httpStatus: 503 },
            { kind: "json", status: 503, body: { RequestId: "R1" } },
        ],
        [{ kind: "empty" }, { kind: "raw", status: 502, body: "" }],
        [{ kind: "hang" }, { kind: "hang" }],
        [{ kind: "reset" }, { kind: "reset" }],
    ])("answers %o in the action's place", async (fault, outcome) => {
        expect(await applyFault(fault, "R1", noDelay)).toEqual(outcome);
    });

    it("answers an HTML page as a proxy would", async () => {
        const outcome = await applyFault({ kind: "html", httpStatus: 504 }, "R1", noDelay);
        expect(outcome).toMatchObject({ kind: "raw", status: 504, contentType: "text/html" });
        expect((outcome as { body: string }).body).toContain("<title>502 Bad Gateway</title>");
    });

    it("throws an error fault as an API error, with x-acs-retry-after when asked", async () => {
        const e = await applyFault(
            { kind: "error", code: "Throttling.User", retryAfterMs: 50 },
            "R1",
            noDelay,
        ).then(
            () => undefined,
            (error: unknown) => error,
        );
        expect(e).toBeInstanceOf(EmulatorApiError);
        expect(e).toMatchObject({
            code: "Throttling.User",
            httpStatus: 400,
            headers: { "x-acs-retry-after": "50" },
        });
    });

    it("waits a latency fault out, then lets the action answer", async () => {
        const waited: number[] = [];
        const outcome = await applyFault({ kind: "latency", ms: 120 }, "R1", async (ms) => {
            waited.push(ms);
        });
        expect(outcome).toBeUndefined();
        expect(waited).toEqual([120]);
    });
});

describe("the actions", () => {
    const store = new ConnectionStore();
    for (const { regionId, connection } of fixtureConnections()) store.put(regionId, connection);

    it("DescribeVpnConnection answers one connection in the singular shape", () => {
        const body = describeVpnConnection(
            store,
            "cn-hangzhou",
            { VpnConnectionId: FIXTURE_IDS.singleTunnel },
            "R1",
        );
        expect(body.RequestId).toBe("R1");
        expect(body.VpnConnectionId).toBe(FIXTURE_IDS.singleTunnel);
        expect(body.Tags?.Tag?.length).toBeGreaterThan(0);
    });

    it("DescribeVpnConnection refuses a missing id and an id the region does not have", () => {
        expect(refusal(() => describeVpnConnection(store, "cn-hangzhou", {}, "R1"))).toBe("MissingParameter");
        expect(
            refusal(() =>
                describeVpnConnection(
                    store,
                    "cn-shanghai",
                    { VpnConnectionId: FIXTURE_IDS.singleTunnel },
                    "R1",
                ),
            ),
        ).toBe("InvalidVpnConnectionInstanceId.NotFound");
    });

    it("DescribeVpnConnections pages the region's connections in the list-item shape", () => {
        const body = describeVpnConnections(store, "cn-hangzhou", { PageSize: "1", PageNumber: "2" }, "R2");
        expect(body).toMatchObject({ RequestId: "R2", TotalCount: 2, PageNumber: 2, PageSize: 1 });
        expect(body.VpnConnections?.VpnConnection).toHaveLength(1);
        expect(refusal(() => describeVpnConnections(store, "cn-hangzhou", { PageSize: "51" }, "R2"))).toBe(
            "InvalidParameter",
        );
        expect(refusal(() => describeVpnConnections(store, "cn-hangzhou", { PageNumber: "0" }, "R2"))).toBe(
            "InvalidParameter",
        );
    });
});
