/**
 * Where the settings of a read come from and how they become client options, written once for the
 * provider (inside Pulumi's dynamic-provider host, from the config `configure` receives) and for the get
 * functions (in the program's process, from the stack config). Imports nothing at run time, so the SDK
 * can use it without loading the client.
 *
 * @packageDocumentation
 */
import type { VpcClientOptions } from "./client";
import { VpcInvalidInputError } from "./errors";
import { quoteValue } from "./redact";

/** The stack config keys read: the keys `@pulumi/alicloud` uses, and this package's own. */
export const CONFIG_KEYS = {
    regionId: "alicloud:region",
    accessKeyId: "alicloud:accessKey",
    accessKeySecret: "alicloud:secretKey",
    securityToken: "alicloud:securityToken",
    profile: "alicloud:profile",
    // This package's own: calls per second per region and API (see provider/limiter.ts).
    maxRequestsPerSecond: "alicloud-vpn:maxRequestsPerSecond",
    // This package's own: the deadline of one read, in seconds (see provider/deadline.ts).
    deadlineSeconds: "alicloud-vpn:deadlineSeconds",
    // This package's own: how long throttling is retried, in seconds (see provider/deadline.ts).
    throttleWindowSeconds: "alicloud-vpn:throttleWindowSeconds",
} as const;

/** Settings taken from the stack config. Held in memory only, never serialized. */
export interface ProviderSettings {
    /** `alicloud:region`. */
    regionId?: string;
    /** `alicloud:accessKey`. */
    accessKeyId?: string;
    /** `alicloud:secretKey`. */
    accessKeySecret?: string;
    /** `alicloud:securityToken`. */
    securityToken?: string;
    /** `alicloud:profile`. */
    profile?: string;
    /**
     * `alicloud-vpn:maxRequestsPerSecond`, as given: the client checks it before each call. Checking it
     * in `configure` instead would be too early: the provider host caches the provider before
     * `configure` settles, so a throw there would leave every later read without any settings.
     */
    maxRequestsPerSecond?: string;
    /** `alicloud-vpn:deadlineSeconds`, as given: checked by the client before each call, like the rate. */
    deadlineSeconds?: string;
    /** `alicloud-vpn:throttleWindowSeconds`, as given: checked by the client before each call. */
    throttleWindowSeconds?: string;
}

/** The part of a stack config that is read: Pulumi's dynamic `Config`, or the program's config. */
export interface ConfigReader {
    /** Returns the value of a fully qualified key (`alicloud:region`), or undefined. */
    get(key: string): string | undefined;
}

/**
 * Reads the settings from the stack config.
 *
 * @param config - the config.
 * @returns the settings; keys that are missing or empty are left out.
 */
export function settingsFromConfig(config: ConfigReader): ProviderSettings {
    const settings: ProviderSettings = {};
    for (const [field, key] of Object.entries(CONFIG_KEYS) as [keyof ProviderSettings, string][]) {
        const value = config.get(key);
        if (value !== undefined && value !== "") settings[field] = value;
    }
    return settings;
}

/**
 * Where a connection lives, as the resource's inputs (first read), its earlier outputs (refresh) or the
 * get function's arguments say it. Values are `unknown` because the engine's props are untyped.
 */
export interface ConnectionLocation {
    /** The `regionId` argument, if any. */
    regionId?: unknown;
    /** The `endpoint` argument, if any. */
    endpoint?: unknown;
}

/**
 * An argument's value, or `undefined` when none was given (absent, `null` as a refresh passes an absent
 * output, or empty). A value of another type is refused here, not passed over: falling back to the
 * stack config or the environment would read another region or endpoint than the one asked for.
 */
function given(value: unknown, argument: string): string | undefined {
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") {
        throw new VpcInvalidInputError(argument, `expected a string, got ${quoteValue(value)}`);
    }
    return value;
}

/**
 * The client options of a read: the arguments first, then the stack config; the client falls back to
 * the environment for whatever is still missing, at call time.
 *
 * @param location - the `regionId` and `endpoint` arguments.
 * @param settings - the stack config's settings.
 * @returns the client options.
 * @throws VpcInvalidInputError when `regionId` or `endpoint` is given but is not a string.
 */
export function clientOptions(location: ConnectionLocation, settings: ProviderSettings): VpcClientOptions {
    const regionArgument = given(location.regionId, "regionId");
    return {
        regionId: regionArgument ?? settings.regionId,
        regionSource: regionArgument !== undefined ? "regionId" : CONFIG_KEYS.regionId,
        endpoint: given(location.endpoint, "endpoint"),
        credentials: {
            accessKeyId: settings.accessKeyId,
            accessKeySecret: settings.accessKeySecret,
            securityToken: settings.securityToken,
            profile: settings.profile,
        },
        maxRequestsPerSecond: settings.maxRequestsPerSecond,
        maxRequestsPerSecondSource: CONFIG_KEYS.maxRequestsPerSecond,
        deadlineSeconds: settings.deadlineSeconds,
        deadlineSecondsSource: CONFIG_KEYS.deadlineSeconds,
        throttleWindowSeconds: settings.throttleWindowSeconds,
        throttleWindowSecondsSource: CONFIG_KEYS.throttleWindowSeconds,
    };
}
