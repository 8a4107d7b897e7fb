// A scope clause as Bybit reads it: categories, the orderFilter values that cover its kinds,
// and the checks only Bybit can make. The clause itself was validated when its Scope was built.

import { refinementOf } from "../../engine/refinement.ts";
import type { ScopeClause } from "../../engine/types.ts";
import { InputError } from "../errors.ts";
import { CANCEL_ALL_FILTERS } from "./_schemas.ts";
import { bybitSymbols } from "./_symbols.ts";
import { BYBIT_CATEGORIES, type BybitCategory } from "./categories.ts";
import { BYBIT_REFINEMENT } from "./scope.ts";

/** Every category, futures first (their 500-order cap is what the verify rounds chase). */
export const ALL_CATEGORIES: readonly BybitCategory[] = [
  ...BYBIT_CATEGORIES.filter((c) => c === "linear" || c === "inverse"),
  ...BYBIT_CATEGORIES.filter((c) => c !== "linear" && c !== "inverse"),
];

/** The spot orderFilter values that together reach every conditional spot order. */
const SPOT_CONDITIONAL_FILTERS = ["tpslOrder", "StopOrder", "OcoOrder", "BidirectionalTpslOrder"];

/** A clause as the Bybit compiler uses it. */
export interface BybitView {
  /** Categories in scope, in the order they are planned. */
  readonly categories: readonly BybitCategory[];
  /** Whether regular orders are in scope. */
  readonly regular: boolean;
  /** Whether conditional orders are in scope. */
  readonly conditional: boolean;
  /** The clause's symbols Bybit can spell (empty: nothing on Bybit); unset = all. */
  readonly symbols: readonly string[] | undefined;
  /** Base coins; unset = all. */
  readonly baseCoins: readonly string[] | undefined;
  /** Settle coins; unset = all. */
  readonly settleCoins: readonly string[] | undefined;
  /** The native orderFilter the clause asks for, if any. */
  readonly orderFilter: string | undefined;
  /** No symbol, base coin or settle coin: every order of a category in scope is in it. */
  readonly bare: boolean;
}

/** The clause as Bybit reads it; throws `InputError` for what Bybit cannot satisfy. */
export function viewOf(clause: ScopeClause): BybitView {
  const refinement = refinementOf(BYBIT_REFINEMENT, clause);
  const categories = refinement?.categories ?? ALL_CATEGORIES;
  const regular = clause.kinds.includes("regular");
  const conditional = clause.kinds.includes("conditional");
  const orderFilter = refinement?.orderFilter;
  if (orderFilter !== undefined) {
    for (const c of categories) {
      if (!CANCEL_ALL_FILTERS[c].includes(orderFilter)) {
        refuse(
          `bybit.orderFilter ${orderFilter} is not valid for category ${c} (${
            CANCEL_ALL_FILTERS[c].join(", ")
          })`,
        );
      }
    }
    const kind = orderFilter === "Order" || orderFilter === "OpenOrder" ? "regular" : "conditional";
    if (!(kind === "regular" ? regular : conditional)) {
      refuse(`bybit.orderFilter ${orderFilter} selects ${kind} orders, which kinds excludes`);
    }
  }
  return {
    categories,
    regular,
    conditional,
    symbols: bybitSymbols(clause.symbols),
    baseCoins: clause.baseCoins,
    settleCoins: clause.settleCoins,
    orderFilter,
    bare: clause.symbols === undefined && clause.baseCoins === undefined &&
      clause.settleCoins === undefined,
  };
}

/**
 * The orderFilter values that together cover exactly the clause's kinds in `category`
 * (`undefined`: no orderFilter, every kind).
 */
export function filtersFor(category: BybitCategory, view: BybitView): (string | undefined)[] {
  if (view.orderFilter !== undefined) return [view.orderFilter];
  if (category === "spot") {
    return [
      ...(view.regular ? ["Order"] : []),
      ...(view.conditional ? SPOT_CONDITIONAL_FILTERS : []),
    ];
  }
  if (view.regular && view.conditional) return [undefined];
  return [view.regular ? "Order" : "StopOrder"];
}

function refuse(message: string): never {
  throw new InputError(`Cannot compile Bybit scope: ${message}`);
}
