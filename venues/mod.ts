/**
 * What the four venues share: typed errors, credential boxes, endpoints, the transport's
 * options and events, rate limits, the clock, and the venue registry. Each venue's own API is
 * its subpath module (`./okx`, `./bybit`, `./bitget`, `./p99`).
 *
 * @example Tell a venue's refusal from a network failure
 * ```ts
 * import { AuthError, VenueError } from "./mod.ts";
 * const e: unknown = new AuthError("Invalid key", { venue: "okx", code: "50113" });
 * e instanceof VenueError && e.kind === "auth"; // true
 * ```
 *
 * @module
 */

export * from "./errors.ts";
export { Secret, secret } from "./secret.ts";
export {
  type Endpoint,
  hostBaseUrl,
  resolveEndpoint,
  type VenueEnvironment,
  type VenueHost,
} from "./endpoint.ts";
export type { CallSpec, RawResponse, TransportEvent, TransportOptions } from "./transport.ts";
export { type RateLimit, RateLimiter, type RateLimiterOptions } from "./rate_limit.ts";
export { type Clock, FakeClock, systemClock } from "./clock.ts";
export {
  type HttpMethod,
  type SignedRequest,
  type UnsignedRequest,
  type VenueId,
  VENUES,
} from "./types.ts";
export { REFINEMENTS, type TypedClause } from "./registry.ts";
