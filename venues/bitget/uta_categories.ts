/**
 * Bitget unified trading account (UTA, v3 API) categories and account modes: the one
 * definition, used by the scope builder, the UTA client's input checks and the adapters.
 *
 * @module
 */

/**
 * Every UTA category, as the v3 trade endpoints take them (bitget.com/api-doc/uta/trade
 * Cancel-All-Order: "SPOT Spot trading MARGIN Margin trading USDT-FUTURES USDT futures
 * COIN-FUTURES Coin-M futures USDC-FUTURES USDC futures").
 *
 * @example Validate a flag
 * ```ts
 * import { BITGET_UTA_CATEGORIES } from "./uta_categories.ts";
 * BITGET_UTA_CATEGORIES.includes("SPOT"); // true
 * ```
 */
export const BITGET_UTA_CATEGORIES = [
  "SPOT",
  "MARGIN",
  "USDT-FUTURES",
  "COIN-FUTURES",
  "USDC-FUTURES",
] as const;

/** A Bitget UTA category. */
export type BitgetUtaCategory = typeof BITGET_UTA_CATEGORIES[number];

/**
 * How an account is driven: `classic` (the v2 mix API), `uta` (the v3 unified trading
 * account API), or `auto` (found out once per run: from the first answers, else
 * `GET /api/v3/account/settings`).
 *
 * @example The default
 * ```ts
 * import { BITGET_ACCOUNT_MODES } from "./uta_categories.ts";
 * BITGET_ACCOUNT_MODES[2]; // "auto"
 * ```
 */
export const BITGET_ACCOUNT_MODES = ["classic", "uta", "auto"] as const;

/** A Bitget account mode. */
export type BitgetAccountMode = typeof BITGET_ACCOUNT_MODES[number];

/**
 * The UTA category a classic product type belongs to (the S-prefixed demo types map to their
 * live family): the futures categories share the product types' names.
 *
 * @example Map a demo product type
 * ```ts
 * import { categoryOfProductType } from "./uta_categories.ts";
 * categoryOfProductType("SUSDT-FUTURES"); // "USDT-FUTURES"
 * ```
 */
export function categoryOfProductType(productType: string): BitgetUtaCategory | undefined {
  const p = productType.toUpperCase().replace(/^S(?=(USDT|USDC|COIN)-FUTURES$)/, "");
  return BITGET_UTA_CATEGORIES.find((c) => c === p && c.endsWith("-FUTURES"));
}
