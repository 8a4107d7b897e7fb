/**
 * OKX's refinement of a scope: spread ids (`sprdIds`). The vocabulary is OKX's; the scope
 * builder takes it through `Scope#refine` without knowing OKX.
 *
 * @module
 */

import { narrowList, record, stringList } from "../../engine/refinement.ts";
import type { OpenOrder, Refinement, RefinementSpec } from "../../engine/types.ts";

/** OKX Spread refinement of a scope clause. */
export interface OkxRefinement {
  /** Spread ids in scope (`BTC-USDT_BTC-USDT-SWAP`); unset = all. */
  readonly sprdIds?: readonly string[] | undefined;
}

/**
 * The OKX refinement spec: parse, narrow, describe, match.
 *
 * @example
 * ```ts
 * import { OKX_REFINEMENT } from "./scope.ts";
 * OKX_REFINEMENT.describe({ sprdIds: ["BTC-USDT_BTC-USDT-SWAP"] }); // ["okx spreads BTC-USDT_BTC-USDT-SWAP"]
 * ```
 */
export const OKX_REFINEMENT: RefinementSpec<"okx", OkxRefinement> = {
  venue: "okx",
  parse(value, where) {
    const r = record(value, where, ["sprdIds"]);
    const sprdIds = stringList(r.sprdIds, `${where}.sprdIds`);
    return sprdIds === undefined ? {} : { sprdIds };
  },
  narrow(current, next) {
    const sprdIds = narrowList("okx.sprdIds", current.sprdIds, next.sprdIds);
    return sprdIds === undefined ? {} : { sprdIds };
  },
  describe: (r) => r.sprdIds ? [`okx spreads ${r.sprdIds.join(", ")}`] : [],
  matches: (order: OpenOrder, r) => r.sprdIds === undefined || r.sprdIds.includes(order.symbol),
  nearSymbols: (r) => r.sprdIds ? { name: "okx spreads", symbols: r.sprdIds } : undefined,
};

/**
 * An OKX refinement for `Scope#refine`.
 *
 * @example Only one spread
 * ```ts
 * import { Scope } from "../../engine/scope.ts";
 * import { okxScope } from "./scope.ts";
 * Scope.all().venues("okx").refine(okxScope({ sprdIds: ["BTC-USDT_BTC-USDT-SWAP"] }));
 * ```
 */
export function okxScope(value: OkxRefinement): Refinement<"okx", OkxRefinement> {
  return { spec: OKX_REFINEMENT, value };
}
