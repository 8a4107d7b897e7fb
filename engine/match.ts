/**
 * The engine's one rule for scope membership: which clauses reach an account, and whether an
 * open order is in a clause. Symbols compare exactly (every venue spells them as the scope
 * does); coins compare in uppercase; a coin filter never guesses a coin the order lacks.
 *
 * @module
 */

import type { VenueId } from "../venues/types.ts";
import type { OpenOrder, RefinementSpec, ScopeClause } from "./types.ts";

/**
 * Whether a clause applies to `venue` and `account` at all.
 *
 * @example Filter clauses for one account
 * ```ts
 * import { clauseApplies } from "./match.ts";
 * clauseApplies({ kinds: ["regular"], venues: ["okx"] }, "bybit", "default"); // false
 * ```
 */
export function clauseApplies(clause: ScopeClause, venue: VenueId, account: string): boolean {
  return (clause.venues === undefined || clause.venues.includes(venue)) &&
    (clause.accounts === undefined || clause.accounts.includes(account));
}

/** Whether an order is in a clause: `undecided` when a coin filter needs a coin it lacks. */
export type Membership = "in" | "out" | "undecided";

/**
 * Whether `order` is in `clause`: venue, account, kind, symbol, coins, then the venue's own
 * refinement (`spec`). When a coin filter is set and the order's coin is not known, and nothing
 * else already rules it out, the answer is `undecided`: the engine never cancels such an order
 * by guess and never drops it (it keeps the account from FLAT and is reported).
 *
 * @example A BTC clause against a BTCUSDT order
 * ```ts
 * import { membership } from "./match.ts";
 * const order = { venue: "bybit", account: "default", id: "1", symbol: "BTCUSDT", kind: "regular", market: "linear", status: "New", baseCoin: "BTC", settleCoin: "USDT" } as const;
 * membership(order, { kinds: ["regular"], baseCoins: ["BTC"] }); // "in"
 * ```
 */
export function membership(
  order: OpenOrder,
  clause: ScopeClause,
  spec?: RefinementSpec,
): Membership {
  if (!clauseApplies(clause, order.venue, order.account)) return "out";
  if (!clause.kinds.includes(order.kind)) return "out";
  if (clause.symbols !== undefined && !clause.symbols.includes(order.symbol)) return "out";
  let refined: Membership = "in";
  if (spec !== undefined && spec.venue === order.venue) {
    const value = clause[spec.venue];
    const verdict = value === undefined ? true : spec.matches(order, value);
    if (verdict === false) return "out";
    if (verdict === "undecided") refined = "undecided";
  }
  const base = coinIn(clause.baseCoins, order.baseCoin);
  const settle = coinIn(clause.settleCoins, order.settleCoin);
  if (base === "out" || settle === "out") return "out";
  return [base, settle, refined].includes("undecided") ? "undecided" : "in";
}

/**
 * Whether `order` is certainly in `clause` ({@linkcode membership} is `in`).
 *
 * @example
 * ```ts
 * import { inClause } from "./match.ts";
 * const order = { venue: "p99", account: "default", id: "1", symbol: "DFUSDT", kind: "regular", market: "spot", status: "open" } as const;
 * inClause(order, { kinds: ["conditional"] }); // false
 * ```
 */
export function inClause(order: OpenOrder, clause: ScopeClause, spec?: RefinementSpec): boolean {
  return membership(order, clause, spec) === "in";
}

function coinIn(wanted: readonly string[] | undefined, coin: string | undefined): Membership {
  if (wanted === undefined) return "in";
  if (coin === undefined || coin === "") return "undecided";
  const upper = coin.toUpperCase();
  return wanted.some((c) => c.toUpperCase() === upper) ? "in" : "out";
}
