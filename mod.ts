/**
 * killswitch: cancel every open order in scope on every venue account, then verify by reading
 * the books back. A venue's acknowledgement is not a cancellation; an account is reported
 * `FLAT` only when a listing has shown it empty.
 *
 * - Scope builders ({@linkcode Scope}) say what to cancel, venue-neutrally.
 * - {@linkcode plan} compiles a scope to each venue's native requests without sending.
 * - {@linkcode cancelAll} sends them, verifies until flat or the deadline, and reports.
 * - Typed clients: {@linkcode OkxSpreadClient}, {@linkcode BybitClient},
 *   {@linkcode BitgetClient}, {@linkcode P99Client}, each with a pure signer, and an adapter
 *   factory per venue for the engine.
 *
 * @example Cancel everything on two venues and check the result
 * ```ts
 * import { BybitClient, cancelAll, createBybitAccount, createP99Account, P99Client, Scope } from "./mod.ts";
 *
 * const accounts = [
 *   createBybitAccount(new BybitClient({ apiKey: "key", secret: "secret" })),
 *   createP99Account(new P99Client({ jwt: "header.payload.signature" })),
 * ];
 * const scope = Scope.all().venues("bybit", "p99");
 * // const report = await cancelAll(scope, accounts, { deadlineMs: 10_000 });
 * // if (report.outcome !== "FLAT") Deno.exit(1);
 * ```
 *
 * @module
 */

export * from "./venues/okx/mod.ts";
export * from "./venues/bybit/mod.ts";
export * from "./venues/bitget/mod.ts";
export * from "./venues/p99/mod.ts";

export { clauseApplies, Scope } from "./engine/scope.ts";
export type { NonEmpty, UppercaseCoin } from "./engine/scope.ts";
export { BITGET_PRODUCT_TYPES } from "./venues/bitget/product_types.ts";
export { BYBIT_CATEGORIES } from "./venues/bybit/categories.ts";
export { type BitgetRefinement, bitgetScope } from "./venues/bitget/scope.ts";
export { type BybitRefinement, bybitScope } from "./venues/bybit/scope.ts";
export { type OkxRefinement, okxScope } from "./venues/okx/scope.ts";
export { type P99Refinement, p99Scope } from "./venues/p99/scope.ts";
export { REFINEMENTS, type TypedClause } from "./venues/registry.ts";
export { type AccountPlan, formatPlan, type Plan, plan } from "./engine/plan.ts";
export { cancelAll, type ProgressEvent, type RunOptions } from "./engine/run.ts";
export {
  type AccountReport,
  type AccountStatus,
  formatReport,
  overallOutcome,
  type Report,
  REPORT_VERSION,
  type ReportError,
  skippedAccount,
  withAccounts,
} from "./engine/report.ts";
export type {
  AccountAdapter,
  CancelStep,
  CompiledClause,
  ItemFailure,
  Listing,
  ListOptions,
  NativeRequest,
  OpenOrder,
  OrderKind,
  PlanStep,
  Refinement,
  RefinementSpec,
  ScopeClause,
  StepOutcome,
} from "./engine/types.ts";

export * from "./venues/errors.ts";
export { Secret, secret } from "./venues/secret.ts";
export {
  type CallSpec,
  type RawResponse,
  Transport,
  type TransportEvent,
  type TransportOptions,
} from "./venues/transport.ts";
export {
  type RateLimit,
  RateLimiter,
  type RateLimiterOptions,
  sleep,
} from "./venues/rate_limit.ts";
export { type Clock, FakeClock, systemClock } from "./venues/clock.ts";
export {
  encodeBody,
  encodeQuery,
  type HttpMethod,
  type SignedRequest,
  type UnsignedRequest,
  type VenueId,
  VENUES,
} from "./venues/types.ts";
export {
  type Endpoint,
  hostBaseUrl,
  resolveEndpoint,
  type VenueEnvironment,
  type VenueHost,
} from "./venues/endpoint.ts";
