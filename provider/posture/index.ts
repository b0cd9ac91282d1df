/**
 * Posture: VPN crypto rules (`rules.ts`), the policies that select and tune them (`policy.ts`), and
 * the audit that applies a policy to a connection (`audit.ts`).
 *
 * @packageDocumentation
 */
export * from "./rules";
export * from "./policy";
export * from "./audit";
