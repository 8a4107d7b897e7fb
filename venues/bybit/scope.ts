/**
 * Bybit's refinement of a scope: categories and a native `orderFilter`. The vocabulary is
 * Bybit's; the scope builder takes it through `Scope#refine` without knowing Bybit.
 *
 * @module
 */

import { narrowList, record, stringList } from "../../engine/refinement.ts";
import type { OpenOrder, Refinement, RefinementSpec } from "../../engine/types.ts";
import { InputError } from "../errors.ts";
import { BYBIT_CATEGORIES, type BybitCategory } from "./categories.ts";

/** Bybit refinement of a scope clause. */
export interface BybitRefinement {
  /** Categories in scope; default all four. */
  readonly categories?: readonly BybitCategory[] | undefined;
  /** Native orderFilter for cancel-all (checked against each category by the adapter). */
  readonly orderFilter?: string | undefined;
}

/**
 * Whether an order passes a native orderFilter, as cancel-all applies it.
 *
 * @example
 * ```ts
 * import { passesOrderFilter } from "./scope.ts";
 * const o = { venue: "bybit", account: "a", id: "1", symbol: "BTCUSDT", kind: "regular", market: "linear", status: "New" } as const;
 * passesOrderFilter(o, "Order"); // true
 * ```
 */
export function passesOrderFilter(order: OpenOrder, filter: string): boolean {
  const type = order.detail?.stopOrderType ?? "";
  if (filter === "Order" || filter === "OpenOrder") return order.kind === "regular";
  if (order.kind !== "conditional") return false;
  if (filter === "StopOrder") return order.market !== "spot" || type === "Stop";
  return type === filter;
}

/**
 * The Bybit refinement spec: parse, narrow (a later orderFilter replaces an earlier one),
 * describe, match.
 *
 * @example
 * ```ts
 * import { BYBIT_REFINEMENT } from "./scope.ts";
 * BYBIT_REFINEMENT.describe({ categories: ["linear"] }); // ["bybit linear"]
 * ```
 */
export const BYBIT_REFINEMENT: RefinementSpec<"bybit", BybitRefinement> = {
  venue: "bybit",
  parse(value, where) {
    const r = record(value, where, ["categories", "orderFilter"]);
    const categories = stringList(r.categories, "Bybit category", BYBIT_CATEGORIES);
    if (r.orderFilter !== undefined && typeof r.orderFilter !== "string") {
      throw new InputError(`Cannot build scope: ${where}.orderFilter must be a string`);
    }
    return {
      ...(categories ? { categories } : {}),
      ...(r.orderFilter !== undefined ? { orderFilter: r.orderFilter as string } : {}),
    };
  },
  narrow(current, next) {
    const categories = narrowList("bybit.categories", current.categories, next.categories);
    const orderFilter = next.orderFilter ?? current.orderFilter;
    return {
      ...(categories ? { categories } : {}),
      ...(orderFilter !== undefined ? { orderFilter } : {}),
    };
  },
  describe: (r) => [
    ...(r.categories ? [`bybit ${r.categories.join(", ")}`] : []),
    ...(r.orderFilter ? [`bybit orderFilter ${r.orderFilter}`] : []),
  ],
  matches: (order, r) =>
    (r.categories === undefined ||
      (r.categories as readonly string[]).includes(order.market)) &&
    (r.orderFilter === undefined || passesOrderFilter(order, r.orderFilter)),
};

/**
 * A Bybit refinement for `Scope#refine`.
 *
 * @example Linear only
 * ```ts
 * import { Scope } from "../../engine/scope.ts";
 * import { bybitScope } from "./scope.ts";
 * Scope.all().venues("bybit").refine(bybitScope({ categories: ["linear"] }));
 * ```
 */
export function bybitScope(value: BybitRefinement): Refinement<"bybit", BybitRefinement> {
  return { spec: BYBIT_REFINEMENT, value };
}
