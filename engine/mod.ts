/**
 * The engine, for those who write an account adapter or drive the engine directly: the v2
 * contract ({@linkcode AccountAdapter}, {@linkcode CompiledClause}, {@linkcode CancelStep},
 * {@linkcode Listing}, {@linkcode RefinementSpec}), the one matching rule
 * ({@linkcode membership}), the failure policy and outcome helpers ({@linkcode isAccountLevel},
 * {@linkcode cancelOne}, {@linkcode failAll}, {@linkcode mergeOutcomes}), bounded concurrency
 * ({@linkcode mapBounded}), refinement helpers, and the scope, plan and run entry points.
 *
 * @example A refinement-free adapter's listing result, judged by the engine's rule
 * ```ts
 * import { membership } from "./mod.ts";
 * const order = { venue: "p99", account: "default", id: "1", symbol: "DFUSDT", kind: "regular", market: "spot", status: "open" } as const;
 * membership(order, { kinds: ["regular"], symbols: ["DFUSDT"] }); // "in"
 * ```
 *
 * @module
 */

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
} from "./types.ts";
export { clauseApplies, inClause, type Membership, membership } from "./match.ts";
export { cancelOne, failAll, isAccountLevel, mergeOutcomes, NOTHING } from "./outcome.ts";
export { mapBounded, Pool } from "./pool.ts";
export { coinList, intersect, narrowList, record, refinementOf, stringList } from "./refinement.ts";
export { type NonEmpty, Scope, type UppercaseCoin } from "./scope.ts";
export { type AccountPlan, formatPlan, type Plan, plan, stepView } from "./plan.ts";
export { cancelAll, listAll, type ProgressEvent, type RunOptions } from "./run.ts";
export {
  type AccountReport,
  type AccountStatus,
  formatReport,
  overallOutcome,
  type Report,
  REPORT_VERSION,
  type ReportError,
} from "./report.ts";
