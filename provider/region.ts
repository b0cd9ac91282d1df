/**
 * The region of a call: the explicit value (the `regionId` argument, then the stack config
 * `alicloud:region`), else the environment variables the aliyun CLI (`ALIBABA_CLOUD_REGION_ID`),
 * Terraform's alicloud provider (`ALIBABA_CLOUD_REGION`) and its legacy settings (`ALICLOUD_REGION`) read.
 * Resolved at call time, never at import.
 *
 * @packageDocumentation
 */
import { VpcInvalidInputError } from "./errors";
import { VALIDATORS } from "./validate";

/** The region variables read, in order, when no region is given. */
export const REGION_ENV_VARS = [
    "ALIBABA_CLOUD_REGION_ID",
    "ALIBABA_CLOUD_REGION",
    "ALICLOUD_REGION",
] as const;

/** A resolved region and where it came from. */
export interface ResolvedRegion {
    /** The region id. */
    regionId: string;
    /** `regionId`, `alicloud:region` or the environment variable's name. */
    source: string;
}

/**
 * Resolves the region: the explicit value, else `ALIBABA_CLOUD_REGION_ID`, `ALIBABA_CLOUD_REGION`,
 * `ALICLOUD_REGION`.
 *
 * @param explicit - the region given (argument or stack config), with its source's name.
 * @param env - the environment, read now.
 * @returns the region.
 * @throws VpcInvalidInputError when none is set (listing every source) or the value is not a region id.
 */
export function resolveRegion(
    explicit: { value?: string; source: string }[],
    env: NodeJS.ProcessEnv = process.env,
): ResolvedRegion {
    const candidates = [...explicit, ...REGION_ENV_VARS.map((name) => ({ value: env[name], source: name }))];
    for (const c of candidates) {
        if (c.value !== undefined && c.value !== "") {
            return { regionId: VALIDATORS.regionId(c.value, c.source), source: c.source };
        }
    }
    throw new VpcInvalidInputError(
        "regionId",
        `no region given; set one of: ${candidates.map((c) => c.source).join(", ")}`,
    );
}
