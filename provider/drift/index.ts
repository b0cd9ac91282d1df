/**
 * Drift: how a live VPN connection differs from what was agreed. Pure functions over the typed model
 * (`provider/model.ts`), with no I/O, shared by the `alicloud-vpn` command, the resource's expectations
 * and the get functions. This barrel is the folder's one entry point; each concern has its own file:
 *
 * - `expectation.ts`: the types (expectation, entry, output);
 * - `shapes.ts`: the shape of the outputs and the runtime-status paths;
 * - `paths.ts`: path parsing, matching and checking, with the typo suggester;
 * - `validator.ts`: the expectation validator;
 * - `compare.ts`: the comparer;
 * - `runtime-status.ts`: leaving runtime status out;
 * - `format.ts`: rendering entries;
 * - `fingerprint.ts`: salted fingerprints of the secrets, for baselines.
 *
 * What it offers:
 *
 * - {@link validateExpectation} checks an expectation (a deep partial of the non-secret outputs) before
 *   anything is read: unknown keys (typos) and secret keys are refused, values must have the output's
 *   type (numbers and booleans may be given as strings, as YAML and the API write them).
 * - {@link compareExpectation} lists each path where the connection differs from an expectation.
 * - {@link compareSnapshot} compares two whole models (a baseline and the live connection): every
 *   output counts, in both directions.
 * - {@link RUNTIME_STATUS_PATHS} and {@link stripRuntimeStatus}: the outputs that change with tunnel
 *   negotiation rather than configuration, kept out of configuration-drift checks.
 * - {@link formatDrift} renders entries for messages.
 *
 * Paths name outputs as a program reads them: `ikeConfig.ikeEncAlg`, `tunnelOptions[0].status`,
 * `tags.env` (a tag key that is empty or holds spaces, quotes or brackets is written `tags["a b"]`).
 *
 * @packageDocumentation

 */
export * from "./compare";
export * from "./expectation";
export * from "./fingerprint";
export * from "./format";
export { closestName, mapKeyPath, pathMatches, validatePathPattern, valuesAtPath } from "./paths";
export * from "./runtime-status";
export { RUNTIME_STATUS_PATHS } from "./shapes";
export { SECRET_OUTPUT_NAMES } from "../secret-outputs";
export * from "./validator";
