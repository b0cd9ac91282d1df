/**
 * Everything that talks to Alibaba Cloud: the VPC API client, its errors, retry policy, credential and
 * endpoint resolution, the wire shapes and their one mapping to the typed model.
 *
 * @packageDocumentation
 */
export * from "./client";
export * from "./errors";
export * from "./classify";
export * from "./retry";
export * from "./credentials";
export * from "./endpoint";
export * from "./validate";
export * from "./mapping";
export * from "./wire";
export { closeIdleConnections } from "./transport";
