/**
 * The floor of benchmark 3: what a generated SDK's read resource with our outputs costs. Its shape comes
 * from the package's own definitions (one source of truth for the output keys): the output keys, the
 * secret outputs, and the props our provider returns for one connection, which the floor's provider
 * returns for every read without calling anything. The benchmark writes it as `floor.json` into the
 * program's folder (the CLI refuses stack config values that look like secrets, as key names do).
 * {@link fleetStack} sets up that program's stack for the benchmark and the profiler alike.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_TEST_CREDENTIALS } from "../emulator/server";
import { LocalStack, type LocalStackOptions, withoutAlicloudEnv } from "../engine/stack";
import type { WireVpnConnection } from "../provider/wire";
import { mapVpnConnection } from "../provider/mapping";
import { OUTPUT_KEYS, SECRET_OUTPUTS, toOutputs, toReadProps } from "../provider/outputs";

/** What `bench/programs/fleet` reads from `floor.json` for its `floor` resources. */
export interface FloorShape {
    /** Every output key, each passed to the resource as `undefined`. */
    outputKeys: readonly string[];
    /** The secret outputs, named in `additionalSecretOutputs`. */
    secretOutputs: readonly string[];
    /** What the floor's provider returns for every read (its `vpnConnectionId` set to the id read). */
    props: Record<string, unknown>;
}

/** The file name of the {@link FloorShape} in the program's folder. */
export const FLOOR_FILE = "floor.json";

/**
 * The floor's shape. The secret values are replaced with placeholders of the same length, so that no
 * key is written anywhere.
 *
 * @param sample - one connection as the API sends it; its props stand for every read.
 * @returns the shape.
 */
export function floorShape(sample: WireVpnConnection | undefined): FloorShape {
    if (sample === undefined) throw new Error("the floor needs one connection for its props");
    const record = mapVpnConnection(sample, { operation: "DescribeVpnConnection", regionId: "cn-qingdao" });
    const props: Record<string, unknown> = { ...toReadProps(toOutputs(record)) };
    const placeholder = (value: unknown): unknown =>
        typeof value === "string"
            ? "x".repeat(value.length)
            : typeof value === "object" && value !== null
              ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, placeholder(v)]))
              : value;
    for (const key of SECRET_OUTPUTS) if (key in props) props[key] = placeholder(props[key]);
    return { outputKeys: OUTPUT_KEYS, secretOutputs: SECRET_OUTPUTS, props };
}

/**
 * A stack of `bench/programs/fleet` over `fleet`, its floor shape written: only its stack config
 * configures the reads (the emulator's test credentials, the region, the ids), nothing of this process's
 * `ALIBABA_CLOUD_*`/`ALICLOUD_*` environment.
 *
 * @param fleet - the connections, the first of which gives the floor its props.
 * @param regionId - their region.
 * @param env - the stack's environment (its HOME, preloads).
 * @param config - more stack config (`kind`, `endpoint`, a rate).
 * @returns the stack; the caller disposes of it.
 */
export async function fleetStack(
    fleet: readonly WireVpnConnection[],
    regionId: string,
    env: NodeJS.ProcessEnv,
    config: NonNullable<LocalStackOptions["config"]>,
): Promise<LocalStack> {
    const stack = await LocalStack.create({
        programDir: path.join(__dirname, "..", "..", "bench", "programs", "fleet"),
        env: { ...withoutAlicloudEnv(), ...env },
        config: {
            "alicloud:region": regionId,
            "alicloud:accessKey": { value: DEFAULT_TEST_CREDENTIALS.accessKeyId, secret: true },
            "alicloud:secretKey": { value: DEFAULT_TEST_CREDENTIALS.accessKeySecret, secret: true },
            vpnConnectionIds: JSON.stringify(fleet.map((c) => c.VpnConnectionId ?? "")),
            ...config,
        },
    });
    fs.writeFileSync(path.join(stack.projectDir, FLOOR_FILE), JSON.stringify(floorShape(fleet[0])));
    return stack;
}
