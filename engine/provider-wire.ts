/**
 * The property-value conventions that the Pulumi engine and the language SDKs share on the wire
 * (inside `google.protobuf.Struct` values), and the few transformations the engine applies to them
 * around a provider call. Pure functions, no gRPC.
 *
 * The constants and the secret test come from `@pulumi/pulumi/runtime/rpc` (the SDK side), so they
 * cannot drift from the SDK the provider host runs; the transformations follow pulumi/pulumi
 * `sdk/go/common/resource/plugin/rpc.go` (the engine side), which the SDK has no counterpart of.
 *
 * @packageDocumentation
 */
import {
    isRpcSecret,
    specialSecretSig,
    specialSigKey,
    unknownValue,
    unwrapRpcSecret,
} from "@pulumi/pulumi/runtime/rpc";

/** Key that marks an object as one of Pulumi's special values (secret, asset, resource reference…). */
export const SPECIAL_SIG_KEY: typeof specialSigKey = specialSigKey;

/** Value of {@link SPECIAL_SIG_KEY} on a secret: `{ [SPECIAL_SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG: typeof specialSecretSig = specialSecretSig;

/** The string that stands for a value that is not known until the update runs (a preview "computed"). */
export const UNKNOWN_VALUE: typeof unknownValue = unknownValue;

/**
 * The property under which a dynamic resource carries its serialized provider. The SDK keeps this name
 * in a local constant of `@pulumi/pulumi/dynamic` and of the provider host, exported from neither.
 */
export const PROVIDER_KEY = "__provider";

/** A plain JS object as found in a decoded `Struct`. */
export type PropertyMap = Record<string, unknown>;

/** A secret as the engine encodes it on the wire. */
export interface WireSecret {
    [SPECIAL_SIG_KEY]: typeof SECRET_SIG;
    value: unknown;
}

function isPlainObject(value: unknown): value is PropertyMap {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when `value` is a wire-encoded secret (the SDK's `isRpcSecret`, as a type guard). */
export function isWireSecret(value: unknown): value is WireSecret {
    return isPlainObject(value) && isRpcSecret(value) === true;
}

/** Wraps `value` as a wire-encoded secret, unless it already is one. */
export function wrapSecret(value: unknown): WireSecret | unknown {
    return isWireSecret(value) ? value : { [SPECIAL_SIG_KEY]: SECRET_SIG, value };
}

/**
 * Replaces every wire secret, at any depth, by its plaintext.
 *
 * Why: the dynamic-provider host answers `Configure` with `acceptSecrets: false`, and the engine then
 * marshals every property it sends to that provider with `KeepSecrets: false`, i.e. as plaintext.
 * The host itself only unwraps top-level config values; everything else is the engine's job.
 */
export function unwrapSecretsDeep(value: unknown): unknown {
    if (isWireSecret(value)) {
        return unwrapSecretsDeep(unwrapRpcSecret(value));
    }
    if (Array.isArray(value)) {
        return value.map(unwrapSecretsDeep);
    }
    if (isPlainObject(value)) {
        const out: PropertyMap = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = unwrapSecretsDeep(v);
        }
        return out;
    }
    return value;
}

/**
 * Removes unknown values (object properties and array elements), and `undefined` properties.
 *
 * Why: the engine marshals the properties of a Read without `KeepUnknowns`, which drops them; and
 * `Struct.fromJavaScript` rejects `undefined` ("Unexpected struct type").
 */
export function dropUnknowns(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.filter((v) => v !== UNKNOWN_VALUE && v !== undefined).map(dropUnknowns);
    }
    if (isPlainObject(value)) {
        const out: PropertyMap = {};
        for (const [k, v] of Object.entries(value)) {
            if (v !== UNKNOWN_VALUE && v !== undefined) {
                out[k] = dropUnknowns(v);
            }
        }
        return out;
    }
    return value;
}

/**
 * Marks as secret every top-level output whose input of the same name was secret.
 *
 * Why: the engine does this after calling a provider that does not accept secrets
 * (`annotateSecrets` in the Go provider plugin client), so that a secret input does not come back
 * as a plaintext output just because the provider could not see the secret bit.
 */
export function annotateSecrets(outputs: PropertyMap, inputs: PropertyMap): PropertyMap {
    const out: PropertyMap = { ...outputs };
    for (const [k, v] of Object.entries(inputs)) {
        if (isWireSecret(v) && k in out) {
            out[k] = wrapSecret(out[k]);
        }
    }
    return out;
}
