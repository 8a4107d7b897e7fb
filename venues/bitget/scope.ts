/**
 * Bitget's refinement of a scope: product types (classic v2 futures), margin coins and unified
 * account (v3) categories. The vocabulary is Bitget's; the scope builder takes it through
 * `Scope#refine` without knowing Bitget.
 *
 * @module
 */

import { coinList, narrowList, record, stringList } from "../../engine/refinement.ts";
import type { Refinement, RefinementSpec } from "../../engine/types.ts";
import { BITGET_PRODUCT_TYPES, type BitgetProductType } from "./product_types.ts";
import {
  BITGET_UTA_CATEGORIES,
  type BitgetUtaCategory,
  categoryOfProductType,
} from "./uta_categories.ts";

/** Bitget refinement of a scope clause. */
export interface BitgetRefinement {
  /** Product types in scope; default the three live ones (the S-prefixed ones in demo mode). */
  readonly productTypes?: readonly BitgetProductType[] | undefined;
  /** Margin coins, uppercase. */
  readonly marginCoins?: readonly string[] | undefined;
  /**
   * Unified trading account (v3) categories in scope; default all five on a UTA account.
   * On a classic account only the futures categories select anything (their product types).
   */
  readonly categories?: readonly BitgetUtaCategory[] | undefined;
}

/**
 * The Bitget refinement spec. Which product types or categories a clause reaches depends on
 * the account (classic or unified, live or demo): the adapters decide that, and list only the
 * markets in reach. `matches` checks the margin coin (an order's settle coin), and the market
 * when the refinement names markets: an order of another clause's listing must not pass for
 * this one.
 *
 * @example
 * ```ts
 * import { BITGET_REFINEMENT } from "./scope.ts";
 * BITGET_REFINEMENT.describe({ productTypes: ["USDT-FUTURES"] }); // ["bitget USDT-FUTURES"]
 * ```
 */
export const BITGET_REFINEMENT: RefinementSpec<"bitget", BitgetRefinement> = {
  venue: "bitget",
  parse(value, where) {
    const r = record(value, where, ["productTypes", "marginCoins", "categories"]);
    const productTypes = stringList(r.productTypes, "Bitget productType", BITGET_PRODUCT_TYPES);
    const listed = stringList(r.marginCoins, `${where}.marginCoins`);
    const marginCoins = listed ? coinList("bitget.marginCoins", listed) : undefined;
    const categories = stringList(r.categories, "Bitget category", BITGET_UTA_CATEGORIES);
    return {
      ...(productTypes ? { productTypes } : {}),
      ...(marginCoins ? { marginCoins } : {}),
      ...(categories ? { categories } : {}),
    };
  },
  narrow(current, next) {
    const productTypes = narrowList(
      "bitget.productTypes",
      current.productTypes,
      next.productTypes,
    );
    const marginCoins = narrowList("bitget.marginCoins", current.marginCoins, next.marginCoins);
    const categories = narrowList("bitget.categories", current.categories, next.categories);
    return {
      ...(productTypes ? { productTypes } : {}),
      ...(marginCoins ? { marginCoins } : {}),
      ...(categories ? { categories } : {}),
    };
  },
  describe: (r) => [
    ...(r.productTypes ? [`bitget ${r.productTypes.join(", ")}`] : []),
    ...(r.marginCoins ? [`bitget margin ${r.marginCoins.join(", ")}`] : []),
    ...(r.categories ? [`bitget categories ${r.categories.join(", ")}`] : []),
  ],
  matches(order, r) {
    if (r.productTypes !== undefined && !byProductType(r.productTypes, order.market)) return false;
    if (r.categories !== undefined && !byCategory(r.categories, order.market)) return false;
    if (r.marginCoins === undefined) return true;
    // The margin coin is the settle coin; one not known is the engine's to keep undecided.
    const coin = order.settleCoin?.toUpperCase();
    return coin === undefined || coin === "" ? "undecided" : r.marginCoins.includes(coin);
  },
};

/**
 * Whether `market` (a classic product type, or a unified account's category) is one of these
 * product types: the type itself, or on a unified account its futures category. A demo type
 * (`SUSDT-FUTURES`) thereby also names the category `USDT-FUTURES`, the only way a unified
 * account reaches it; an order does not say which API listed it, so a classic demo account's
 * plain `USDT-FUTURES` order passes too (only another clause of the scope would list it).
 */
function byProductType(types: readonly BitgetProductType[], market: string): boolean {
  return (types as readonly string[]).includes(market) ||
    types.some((p) => categoryOfProductType(p) === market);
}

/** Whether `market` is one of these categories, or a classic product type of one of them. */
function byCategory(categories: readonly BitgetUtaCategory[], market: string): boolean {
  const category = categoryOfProductType(market) ?? market;
  return (categories as readonly string[]).includes(category);
}

/**
 * A Bitget refinement for `Scope#refine`.
 *
 * @example USDT futures margined in USDT
 * ```ts
 * import { Scope } from "../../engine/scope.ts";
 * import { bitgetScope } from "./scope.ts";
 * Scope.all().venues("bitget").refine(bitgetScope({ productTypes: ["USDT-FUTURES"], marginCoins: ["USDT"] }));
 * ```
 */
export function bitgetScope(value: BitgetRefinement): Refinement<"bitget", BitgetRefinement> {
  return { spec: BITGET_REFINEMENT, value };
}
