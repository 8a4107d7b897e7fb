// The clause rules both Bitget adapters (classic v2 and unified v3) share: whether a clause
// reaches an account, and whether a listed order is in it. Private.

import type { OpenOrder } from "../../engine/types.ts";
import type { LegacyClause } from "../../engine/_legacy.ts";

/** Whether `value` passes a coin filter (no filter passes everything; a missing coin does not). */
export function sameCoins(list: readonly string[] | undefined, value: string | undefined): boolean {
  return list === undefined || (value !== undefined && list.includes(value));
}

/** Whether `clause` reaches the Bitget account `label`. */
export function clauseReaches(clause: LegacyClause, label: string): boolean {
  return (clause.venues === undefined || clause.venues.includes("bitget")) &&
    (clause.accounts === undefined || clause.accounts.includes(label));
}

/**
 * Whether a listed order of account `label` is in `clause`, given the markets (product types or
 * categories) the clause covers on that account. Symbols compare case-insensitively.
 */
export function orderInClause(
  order: OpenOrder,
  clause: LegacyClause,
  label: string,
  markets: readonly string[],
): boolean {
  if (order.venue !== "bitget" || order.account !== label || !clauseReaches(clause, label)) {
    return false;
  }
  if (!clause.kinds.includes(order.kind)) return false;
  if (!markets.includes(order.market)) return false;
  if (
    clause.symbols !== undefined &&
    !clause.symbols.some((s) => s.toUpperCase() === order.symbol.toUpperCase())
  ) return false;
  return sameCoins(clause.baseCoins, order.baseCoin) &&
    sameCoins(clause.settleCoins, order.settleCoin) &&
    sameCoins(clause.bitget?.marginCoins, order.settleCoin);
}
