/**
 * How a suite gets the VPC API emulator, in one place, instead of each suite starting, clearing and
 * stopping its own:
 *
 * - {@link useEmulator}: an emulator for the suite (or a fresh one for each test), started and stopped
 *   by Jest hooks, its recorded requests cleared before each test.
 * - {@link useMockedProgram}: a Pulumi program under mocks whose stack config reads from the emulator's
 *   test account, for suites of the get functions and the SDK in this process.
 * - {@link commandEnv}: the whole environment of a command (`alicloud-vpn`, a runner script) run as a
 *   child process against the emulator (`useCommand` of `./command.ts` runs `alicloud-vpn` with it); {@link emulatorEnv}: what a stack of the real Pulumi CLI adds to
 *   its environment to read from the emulator.
 * - {@link unusedEndpoint}: an address where nothing listens, for tests of a refused connection.
 *
 * Suites that drive the real Pulumi CLI use `engineSuite` of `./engine.ts`, which starts its emulators
 * itself. Suites of the emulator's own start options (`tests/emulator*.test.ts`) still start one where
 * the options are what they test.
 *
 * @example
 * ```ts
 * const vpc = useEmulator({ seed: (emulator) => emulator.putConnection(REGION, weakConnection()) });
 * useMockedProgram("sdk-audit-test", { region: REGION });
 *
 * it("reads", async () => {
 *     await sdk.getVpnConnection({ vpnConnectionId: ID, endpoint: vpc.endpoint });
 *     expect(vpc.emulator.requests).toHaveLength(1);
 * });
 * ```
 */
import type * as Pulumi from "@pulumi/pulumi";
import { DEFAULT_TEST_CREDENTIALS, type EmulatorOptions, VpcEmulator } from "../../emulator/server";
import { withoutAlicloudEnv } from "../../engine/stack";
import { closeIdleConnections } from "../../provider/transport";

/** Options of {@link useEmulator}. */
export interface UseEmulatorOptions {
    /**
     * `"all"`: one emulator for the suite (or the `describe` it is called in), started before its first
     * test and stopped after its last. `"each"`: a fresh emulator for every test, started before it and
     * stopped after it, for suites whose tests change the emulator's connections or faults and do not
     * undo it. @default "all"
     */
    scope?: "all" | "each";
    /** The emulator's options, as {@link VpcEmulator.start} takes them. @default {} */
    start?: EmulatorOptions;
    /**
     * Called with each emulator once it started, before any test uses it: to put connections, add
     * credentials. (Not `start.seed`, which says whether the fixture connections are loaded at all.)
     */
    seed?: (emulator: VpcEmulator) => void | Promise<void>;
    /** Forget the recorded requests before each test, so that a test sees only its own. @default true */
    clearRequests?: boolean;
}

/** What {@link useEmulator} gives a suite: its emulator, once a hook or a test runs. */
export interface EmulatorHandle {
    /** The emulator. Throws when read while the suite is being defined, before it started. */
    readonly emulator: VpcEmulator;
    /** Its base URL, for a client's or a command's `endpoint`. Throws like {@link EmulatorHandle.emulator}. */
    readonly endpoint: string;
}

/**
 * Gives the suite (or the `describe` it is called in) an emulator: Jest hooks start it (with
 * {@link UseEmulatorOptions.start} and {@link UseEmulatorOptions.seed}), clear its recorded requests
 * before each test, and stop it after the last test (after each one with `scope: "each"`), closing this
 * process's idle keep-alive connections to it. Call it at the top of the file or of a `describe`, before
 * hooks of the suite that use the emulator: hooks run in the order they are declared.
 *
 * @param options - scope, start options, seeding, clearing.
 * @returns a handle whose {@link EmulatorHandle.emulator} is the emulator in hooks and tests.
 */
export function useEmulator(options: UseEmulatorOptions = {}): EmulatorHandle {
    const { scope = "all", start = {}, seed, clearRequests = true } = options;
    let current: VpcEmulator | undefined;

    const startOne = async (): Promise<void> => {
        current = await VpcEmulator.start(start);
        await seed?.(current);
    };
    const stopOne = async (): Promise<void> => {
        await current?.stop();
    };

    if (scope === "all") {
        beforeAll(startOne);
        afterAll(async () => {
            await stopOne();
            closeIdleConnections();
        });
    } else {
        beforeEach(startOne);
        afterEach(stopOne);
        afterAll(() => closeIdleConnections());
    }
    if (clearRequests) {
        beforeEach(() => current?.clearRequests());
    }

    const emulator = (): VpcEmulator => {
        if (current === undefined) {
            throw new Error(
                `useEmulator(): the emulator starts in ${scope === "all" ? "beforeAll" : "beforeEach"}; ` +
                    "use it in a hook or a test, not while the suite is being defined",
            );
        }
        return current;
    };
    return {
        get emulator(): VpcEmulator {
            return emulator();
        },
        get endpoint(): string {
            return emulator().endpoint;
        },
    };
}

/** Options of {@link useMockedProgram}. */
export interface MockedProgramOptions {
    /** The stack config's `alicloud:region`. @default "cn-hangzhou" (the fixtures' region) */
    region?: string;
    /**
     * The stack config's `alicloud-vpn:maxRequestsPerSecond`. The process-wide limiter would otherwise
     * pace the suite at the documented 10 calls/s. @default "1000"
     */
    maxRequestsPerSecond?: string;
    /** More stack config, set after the rest (so it can replace it). */
    config?: Record<string, string>;
}

/**
 * Runs the suite as a Pulumi program under mocks, set up before its first test: a preview of stack
 * `dev` of project `project`, whose mocks refuse every resource and call (the get functions read from
 * the emulator themselves), and whose stack config holds the emulator's test credentials, a region and
 * a rate that never paces the suite. Call it after {@link useEmulator}. A suite that needs mocks of its
 * own sets them itself.
 *
 * @param project - the program's project name, e.g. `"sdk-audit-test"`.
 * @param options - region, rate and more config.
 */
export function useMockedProgram(project: string, options: MockedProgramOptions = {}): void {
    const { region = "cn-hangzhou", maxRequestsPerSecond = "1000", config = {} } = options;
    beforeAll(async () => {
        // Required here, not imported: the suites that only use the emulator need not load Pulumi.
        const pulumi = require("@pulumi/pulumi") as typeof Pulumi;
        await pulumi.runtime.setMocks(
            {
                newResource(args) {
                    throw new Error(`Mock not implemented: ${args.type}`);
                },
                call(args) {
                    throw new Error(`Mock not implemented: ${args.token}`);
                },
            },
            project,
            "dev",
            true,
        );
        pulumi.runtime.setConfig("alicloud:region", region);
        pulumi.runtime.setConfig("alicloud:accessKey", DEFAULT_TEST_CREDENTIALS.accessKeyId);
        pulumi.runtime.setConfig("alicloud:secretKey", DEFAULT_TEST_CREDENTIALS.accessKeySecret);
        pulumi.runtime.setConfig("alicloud-vpn:maxRequestsPerSecond", maxRequestsPerSecond);
        for (const [key, value] of Object.entries(config)) pulumi.runtime.setConfig(key, value);
    });
}

/**
 * The whole environment of a command run as a child process against the emulator, as a pipeline runs
 * it: nothing of this machine's but `PATH`, an empty home, no ECS metadata service, and the emulator's
 * test credentials in the standard variables. The endpoint is not in it: the suites pass `--endpoint`.
 *
 * @param home - an empty folder, the command's `HOME` (the caller removes it).
 * @param extra - variables added or replacing these (e.g. `ALIBABA_CLOUD_REGION_ID`).
 * @returns the environment, to pass as the child's whole environment.
 */
export function commandEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
        PATH: process.env.PATH,
        HOME: home,
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
        ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_TEST_CREDENTIALS.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_TEST_CREDENTIALS.accessKeySecret,
        ...extra,
    };
}

/**
 * What a stack of the real Pulumi CLI adds to this process's environment to read from the emulator: the
 * emulator as the VPC endpoint, a home folder with no Alibaba Cloud profile, and no credentials or region
 * in variables, so that only the stack config configures the reads.
 *
 * @param emulator - the emulator the reads go to by default.
 * @param home - an empty folder, the home of the CLI and the provider (the caller removes it).
 * @returns the variables to add to the stack's environment.
 */
export function emulatorEnv(emulator: VpcEmulator, home: string): NodeJS.ProcessEnv {
    return { ...withoutAlicloudEnv(), HOME: home, ALIBABA_CLOUD_ENDPOINT_VPC: emulator.endpoint };
}

/**
 * An endpoint where nothing listens: the address of an emulator started and stopped at once, for
 * tests of a refused connection.
 *
 * @returns its base URL.
 */
export async function unusedEndpoint(): Promise<string> {
    const emulator = await VpcEmulator.start();
    const endpoint = emulator.endpoint;
    await emulator.stop();
    return endpoint;
}
