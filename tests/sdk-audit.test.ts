/**
 * `auditVpnConnection` in a Pulumi program: over what `getVpnConnection`, `getVpnConnectionOutput` and
 * `getVpnConnections` return from the emulator over loopback HTTP, with the built-in policy and with a
 * policy document, and with the same findings as `alicloud-vpn audit` sees.
 */
import type * as pulumi from "@pulumi/pulumi";
import { FIXTURE_IDS, FIXTURE_SECRETS, WEAK_FIXTURE_ID, weakConnection } from "../emulator/fixtures";
import { VpcInvalidInputError } from "../provider/errors";
import { useEmulator, useMockedProgram } from "./support/emulator";

const REGION = "cn-hangzhou";
const vpc = useEmulator({ seed: (emulator) => emulator.putConnection(REGION, weakConnection()) });
useMockedProgram("sdk-audit-test", { region: REGION });

// Loaded after the mocks, as a program loads the package.
const pkg = require("../index") as typeof import("../index");

function value<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

describe("auditVpnConnection", () => {
    it("flags a weak connection read with getVpnConnection, with each rule's severity", async () => {
        const c = await pkg.getVpnConnection({
            vpnConnectionId: WEAK_FIXTURE_ID,
            endpoint: vpc.endpoint,
        });
        const findings = pkg.auditVpnConnection(c);
        expect(findings.map((f) => f.ruleId)).toEqual([
            "ike-aggressive-mode",
            "ike-version",
            "weak-encryption",
            "weak-encryption",
            "weak-integrity",
            "weak-integrity",
            "weak-dh-group",
            "pfs-disabled",
            "dpd-disabled",
            "ike-lifetime",
            "ipsec-lifetime",
        ]);
        expect(findings.find((f) => f.ruleId === "weak-encryption")?.severity).toBe("high");
    });

    it("works inside apply on getVpnConnectionOutput, even with includeSecrets, and never returns a key", async () => {
        const out = pkg
            .getVpnConnectionOutput({
                vpnConnectionId: WEAK_FIXTURE_ID,
                endpoint: vpc.endpoint,
                includeSecrets: true,
            })
            .apply((c) => pkg.auditVpnConnection(c));
        const findings = await value(out);
        expect(findings).toHaveLength(11);
        expect(JSON.stringify(findings)).not.toContain(FIXTURE_SECRETS.weakPsk);
    });

    it("takes a policy document, and audits every connection of getVpnConnections", async () => {
        const { connections } = await pkg.getVpnConnections({ endpoint: vpc.endpoint });
        const policy = {
            extends: "none" as const,
            rules: { "ipsec-lifetime": { max: 86_400 }, "weak-encryption": "critical" as const },
        };
        const byId = Object.fromEntries(
            connections.map((c) => [c.vpnConnectionId, pkg.auditVpnConnection(c, policy)]),
        );
        expect(byId[FIXTURE_IDS.singleTunnel]).toEqual([]);
        expect(byId[FIXTURE_IDS.dualTunnel]).toEqual([]);
        expect(byId[WEAK_FIXTURE_ID]!.map((f) => `${f.ruleId} ${f.severity}`)).toEqual([
            "weak-encryption critical",
            "weak-encryption critical",
        ]);
    });

    it("refuses a policy document with a misspelt rule, naming the nearest", () => {
        expect(() => pkg.auditVpnConnection({}, { rules: { "weak-encription": "off" } } as never)).toThrow(
            VpcInvalidInputError,
        );
        expect(() => pkg.auditVpnConnection({}, { rules: { "weak-encription": "off" } } as never)).toThrow(
            "did you mean weak-encryption?",
        );
    });
});
