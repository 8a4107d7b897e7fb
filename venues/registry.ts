/**
 * The venues this toolkit speaks to, in one place: each venue's refinement spec and the typed
 * clause that composes their vocabularies. Adding a venue adds one line to each list here;
 * the engine stays venue-neutral.
 *
 * @module
 */

import type { RefinementSpec, ScopeClause } from "../engine/types.ts";
import { BITGET_REFINEMENT, type BitgetRefinement } from "./bitget/scope.ts";
import { BYBIT_REFINEMENT, type BybitRefinement } from "./bybit/scope.ts";
import { OKX_REFINEMENT, type OkxRefinement } from "./okx/scope.ts";
import { P99_REFINEMENT, type P99Refinement } from "./p99/scope.ts";

/**
 * Every venue's refinement spec, for `Scope.fromClauses` (plain clauses from JSON or flags).
 *
 * @example A clause from JSON
 * ```ts
 * import { Scope } from "../engine/scope.ts";
 * import { REFINEMENTS } from "./registry.ts";
 * Scope.fromClauses([{ kinds: ["regular"], bybit: { categories: ["linear"] } }], REFINEMENTS);
 * ```
 */
export const REFINEMENTS: readonly RefinementSpec[] = [
  OKX_REFINEMENT,
  BYBIT_REFINEMENT,
  BITGET_REFINEMENT,
  P99_REFINEMENT,
] as readonly RefinementSpec[];

/** A scope clause with every venue's refinement typed (what a clause literal may hold). */
export interface TypedClause extends ScopeClause {
  /** OKX Spread refinement. */
  readonly okx?: OkxRefinement | undefined;
  /** Bybit refinement. */
  readonly bybit?: BybitRefinement | undefined;
  /** Bitget refinement. */
  readonly bitget?: BitgetRefinement | undefined;
  /** p99 refinement. */
  readonly p99?: P99Refinement | undefined;
}
