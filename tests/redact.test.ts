/**
 * The scrubbers of `provider/redact.ts`: what of a service message, a credential library's complaint, an
 * unexpected failure or a user's value may appear in an error message or a log.
 */
import { quoteValue, redactLibraryFailure, redactServiceMessage, redactUnexpected } from "../provider/redact";

describe("redactServiceMessage", () => {
    it("removes the string to sign that SignatureDoesNotMatch echoes", () => {
        const message =
            "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3DLTAI5tLeakKeyId0001%26SecurityToken%3DCAIS.tok";
        const out = redactServiceMessage(message);
        expect(out).toBe(
            "Specified signature is not matched with our calculation. server string to sign [redacted]",
        );
        expect(out).not.toContain("LTAI5tLeakKeyId0001");
        expect(out).not.toContain("CAIS.tok");
    });

    it("removes the StringToSign and CanonicalRequest that a signature V3 refusal echoes", () => {
        const message =
            "Specified signature does not match our calculation. server StringToSign is [ACS3-HMAC-SHA256\nabc] " +
            "server CanonicalRequest is [POST\n/\nRegionId=cn-hangzhou\nhost:vpc.aliyuncs.com\n" +
            "x-acs-accesskey-id:LTAI5tLeakKeyId0001\nx-acs-security-token:CAIS.tok\n]";
        const out = redactServiceMessage(message);
        expect(out).toBe(
            "Specified signature does not match our calculation. server string to sign [redacted]",
        );
        expect(out).not.toContain("LTAI5tLeakKeyId0001");
        expect(out).not.toContain("CAIS.tok");
        // A canonical request echoed alone, without a string to sign before it, goes too.
        expect(
            redactServiceMessage("mismatch. CanonicalRequest: GET\n/\nx-acs-security-token:CAIS.tok"),
        ).toBe("mismatch. string to sign [redacted]");
    });

    it("finds the string to sign whatever its case", () => {
        expect(redactServiceMessage("bad. String To Sign: GET&%2F&AccessKeyId%3Dx")).toBe(
            "bad. string to sign [redacted]",
        );
    });

    it("drops pop-core's appended URL and replaces any other URL", () => {
        expect(
            redactServiceMessage(
                "Request denied, URL: http://vpc.aliyuncs.com/?Signature=abc&AccessKeyId=LTAI5tX",
            ),
        ).toBe("Request denied");
        expect(redactServiceMessage("see https://example.com/x?AccessKeyId=LTAI5tY for details")).toBe(
            "see [url] for details",
        );
    });

    it("redacts every known credential value wherever it appears, but not values too short to be one", () => {
        const out = redactServiceMessage(
            "key LTAI5tKnownKey0001 with secret KnownSecret-0001 and KnownSecret-0001 again; abc",
            ["LTAI5tKnownKey0001", "KnownSecret-0001", undefined, "", "abc"],
        );
        expect(out).toBe("key [redacted] with secret [redacted] and [redacted] again; abc");
    });

    it.each(["Signature", "AccessKeyId", "SecurityToken", "AccessKeySecret", "signature"])(
        "redacts %s=… parameters",
        (name) => {
            const out = redactServiceMessage(`failed: ${name}=c2VjcmV0LXNpZw%3D%3D&Version=2016-04-28 next`);
            expect(out).toBe(`failed: ${name}=[redacted]&Version=2016-04-28 next`);
        },
    );

    it("truncates to 300 characters, marking the cut", () => {
        expect(redactServiceMessage("x".repeat(300))).toBe("x".repeat(300));
        const out = redactServiceMessage("y".repeat(5000));
        expect(out).toBe(`${"y".repeat(300)}…`);
    });

    it("redacts before truncating, so a value cut in half is not left behind", () => {
        const secret = "LongKnownSecretValue-0001";
        const out = redactServiceMessage(`${"z".repeat(290)}${secret}`, [secret]);
        expect(out).toBe(`${"z".repeat(290)}[redacted]`);
    });

    it("leaves an ordinary message alone", () => {
        expect(redactServiceMessage("The specified VpnConnectionId does not exist.")).toBe(
            "The specified VpnConnectionId does not exist.",
        );
    });
});

describe("redactLibraryFailure", () => {
    it("drops whatever the library quotes after a marker, such as a whole config file", () => {
        const error = new Error(
            `parse aliyun cli config from '/home/u/.aliyun/config.json' failed: {"profiles":[{"access_key_secret":"FileSecret-0001"}]}`,
        );
        const out = redactLibraryFailure(error);
        expect(out).toBe("parse aliyun cli config from '/home/u/.aliyun/config.json' failed");
        expect(out).not.toContain("FileSecret-0001");
    });

    it("blanks braces and redacts known values even without a marker", () => {
        expect(
            redactLibraryFailure(new Error('got {"AccessKeySecret":"x"} for LTAI5tKnown0001'), [
                "LTAI5tKnown0001",
            ]),
        ).toBe("got {…}");
        expect(redactLibraryFailure(new Error("role LTAI5tKnown0001 refused"), ["LTAI5tKnown0001"])).toBe(
            "role [redacted] refused",
        );
    });

    it("accepts a thrown non-Error and cuts the text to 200 characters", () => {
        expect(redactLibraryFailure("plain text")).toBe("plain text");
        expect(redactLibraryFailure(new Error("w".repeat(1000)))).toHaveLength(200);
    });
});

describe("redactUnexpected", () => {
    it("scrubs an unexpected failure like a service message and keeps it short", () => {
        expect(redactUnexpected(new Error("boom at https://vpc.aliyuncs.com/?Signature=abc"))).toBe(
            "boom at [url]",
        );
        expect(redactUnexpected(new TypeError("q".repeat(500)))).toHaveLength(200);
        expect(redactUnexpected(undefined)).toBe("undefined");
    });
});

describe("quoteValue", () => {
    it("quotes strings JSON-escaped and cut at 48 characters", () => {
        expect(quoteValue("vpn-123")).toBe('"vpn-123"');
        expect(quoteValue('a"b\n')).toBe('"a\\"b\\n"');
        expect(quoteValue("x".repeat(60))).toBe(`"${"x".repeat(48)}…"`);
    });

    it("names the type of anything else, never its content", () => {
        expect(quoteValue(42)).toBe("a number");
        expect(quoteValue(undefined)).toBe("a undefined");
        expect(quoteValue(null)).toBe("null");
        expect(quoteValue(["secret"])).toBe("an array");
        expect(quoteValue({ secret: "s" })).toBe("a object");
    });
});
