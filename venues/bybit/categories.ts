/**
 * Bybit v5 categories: the one definition, used by the scope builder, the client and the
 * adapter.
 *
 * @module
 */

/**
 * Every Bybit v5 category.
 *
 * @example Validate a flag
 * ```ts
 * import { BYBIT_CATEGORIES } from "./categories.ts";
 * BYBIT_CATEGORIES.includes("linear"); // true
 * ```
 */
export const BYBIT_CATEGORIES = ["spot", "linear", "inverse", "option"] as const;

/** A Bybit v5 category. */
export type BybitCategory = typeof BYBIT_CATEGORIES[number];
