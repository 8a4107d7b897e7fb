/**
 * Bitget v2 mix product types: the one definition, used by the scope builder, the client's
 * input checks and the adapter.
 *
 * @module
 */

/**
 * Every product type, live first, then the S-prefixed demo ones (seed 004).
 *
 * @example Validate a flag
 * ```ts
 * import { BITGET_PRODUCT_TYPES } from "./product_types.ts";
 * BITGET_PRODUCT_TYPES.includes("USDT-FUTURES"); // true
 * ```
 */
export const BITGET_PRODUCT_TYPES = [
  "USDT-FUTURES",
  "COIN-FUTURES",
  "USDC-FUTURES",
  "SUSDT-FUTURES",
  "SCOIN-FUTURES",
  "SUSDC-FUTURES",
] as const;

/** A Bitget v2 mix product type, the S-prefixed demo ones included. */
export type BitgetProductType = typeof BITGET_PRODUCT_TYPES[number];

/**
 * The live product types.
 *
 * @example The default sweep of a live account
 * ```ts
 * import { BITGET_LIVE_PRODUCT_TYPES } from "./product_types.ts";
 * BITGET_LIVE_PRODUCT_TYPES.length; // 3
 * ```
 */
export const BITGET_LIVE_PRODUCT_TYPES: readonly BitgetProductType[] = BITGET_PRODUCT_TYPES
  .filter((p) => !p.startsWith("S"));

/**
 * The S-prefixed demo product types.
 *
 * @example The demo types
 * ```ts
 * import { BITGET_DEMO_PRODUCT_TYPES } from "./product_types.ts";
 * BITGET_DEMO_PRODUCT_TYPES[0]; // "SUSDT-FUTURES"
 * ```
 */
export const BITGET_DEMO_PRODUCT_TYPES: readonly BitgetProductType[] = BITGET_PRODUCT_TYPES
  .filter((p) => p.startsWith("S"));
