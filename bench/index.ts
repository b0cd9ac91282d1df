/**
 * Benchmarks, measured side by side in one run against the local emulator over loopback HTTP:
 *
 * 1. Reads through {@link VpcClient} (one keep-alive agent per endpoint per process) against the way
 *    most code calls pop-core: a new `RPCClient` per call, which opens a TCP connection per call.
 * 2. The cost of mapping one response body to the typed model.
 * 3. The size of the serialized provider that Pulumi stores in state for every VpnConnection.
 *
 * Prints figures and ratios; asserts nothing (tests check behaviour, never time).
 *
 * @packageDocumentation
 */
import { performance } from "node:perf_hooks";
import { VpcClient } from "../provider/client";
import { mapVpnConnection } from "../provider/mapping";
import { closeIdleConnections } from "../provider/transport";
import { RetryBudget } from "../provider/retry";
import { DEFAULT_TEST_CREDENTIALS, VpcEmulator } from "../emulator/server";
import { FIXTURE_IDS, dualTunnelConnection, singleTunnelConnection } from "../emulator/fixtures";
import { VPC_API_VERSION } from "../provider/wire";

const RPCClient = require("@alicloud/pop-core").RPCClient;

const READS = Number(process.env.BENCH_READS ?? 400);
const MAPPINGS = Number(process.env.BENCH_MAPPINGS ?? 20_000);

function line(label: string, value: string): void {
    console.log(`${label.padEnd(66)} ${value}`);
}

async function timeReads(read: () => Promise<unknown>, n: number, concurrency: number): Promise<number> {
    let next = 0;
    const start = performance.now();
    await Promise.all(
        Array.from({ length: concurrency }, async () => {
            while (next++ < n) await read();
        }),
    );
    return performance.now() - start;
}

async function main(): Promise<void> {
    // A quota high enough that the benchmark measures the client, not flow control.
    const emulator = await VpcEmulator.start({ quota: { limit: 1_000_000, windowMs: 60_000 } });
    try {
        console.log(
            `pulumi-alicloud-vpn benchmarks (Node ${process.version}, ${READS} reads, emulator on loopback)\n`,
        );
        const client = new VpcClient({
            regionId: "cn-hangzhou",
            endpoint: emulator.endpoint,
            credentials: { ...DEFAULT_TEST_CREDENTIALS },
            env: {},
            retryBudget: new RetryBudget(),
        });
        const popCorePerCall = async (): Promise<unknown> => {
            const c = new RPCClient({
                ...DEFAULT_TEST_CREDENTIALS,
                endpoint: emulator.endpoint,
                apiVersion: VPC_API_VERSION,
            });
            return c.request(
                "DescribeVpnConnection",
                { RegionId: "cn-hangzhou", VpnConnectionId: FIXTURE_IDS.singleTunnel },
                { method: "POST" },
            );
        };
        const ours = (): Promise<unknown> => client.describeVpnConnection(FIXTURE_IDS.singleTunnel);

        // Warm up both paths (JIT, the emulator's caches) before measuring.
        await timeReads(ours, 50, 4);
        await timeReads(popCorePerCall, 50, 4);

        for (const concurrency of [1, 8]) {
            const baseline = await timeReads(popCorePerCall, READS, concurrency);
            const measured = await timeReads(ours, READS, concurrency);
            line(
                `reads, concurrency ${concurrency}: pop-core, a client per call`,
                `${((READS / baseline) * 1000).toFixed(0)} reads/s`,
            );
            line(
                `reads, concurrency ${concurrency}: VpcClient (checked, mapped, shared agent)`,
                `${((READS / measured) * 1000).toFixed(0)} reads/s`,
            );
            line(`  ratio VpcClient / pop-core per call`, `${(baseline / measured).toFixed(2)}x`);
        }

        const bodies = [singleTunnelConnection(), dualTunnelConnection()];
        const heapBefore = process.memoryUsage().heapUsed;
        const start = performance.now();
        for (let i = 0; i < MAPPINGS; i++) {
            mapVpnConnection(bodies[i % 2], { operation: "DescribeVpnConnection", regionId: "cn-hangzhou" });
        }
        const perMapping = ((performance.now() - start) * 1000) / MAPPINGS;
        line("mapping one response body to the typed model", `${perMapping.toFixed(2)} µs`);
        line(
            "  heap growth over all mappings (garbage included)",
            `${((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024).toFixed(1)} MiB`,
        );

        const { vpnConnectionProvider } = await import("../sdk/provider");
        const { serializeFunction } = await import("@pulumi/pulumi/runtime/closure/serializeClosure");
        const sf = await serializeFunction(() => vpnConnectionProvider, { allowSecrets: true });
        line(
            "serialized provider (__provider, stored per resource)",
            `${Buffer.byteLength(sf.text)} bytes (target < 4096)`,
        );
    } finally {
        await emulator.stop();
        closeIdleConnections();
    }
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
