/**
 * The typed shapes of a VPN connection as a Pulumi program sees them. They are defined in
 * `provider/model.ts`, which the provider and the client share; this module keeps their names
 * importable from the SDK.
 *
 * @packageDocumentation
 */
export type * from "../provider/model";
