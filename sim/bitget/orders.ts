/**
 * Bitget orders as both APIs (classic v2, unified v3) treat them: the symbols the simulator
 * trades, how an order is found and matched, partial failures of a cancel, and the fields every
 * seeded order shares. The classic and unified shapes are in `classic_orders.ts` and
 * `uta_orders.ts`.
 *
 * @module
 */

import { cancelNow, compareIds, type VenueBook } from "../book.ts";
import type { SeedSpec, SimAccount, SimOrder, SimRequest } from "../core.ts";
import type { OrderKind } from "../types.ts";

/** One symbol: [symbol, base coin, margin (settle; spot: quote) coin]. */
export type MarketRow = readonly [string, string, string];

/** Symbols per margin family. Demo product types reuse them (UNVERIFIED). */
export const MARKETS: Readonly<Record<"USDT" | "COIN" | "USDC", readonly MarketRow[]>> = {
  USDT: [["BTCUSDT", "BTC", "USDT"], ["ETHUSDT", "ETH", "USDT"], ["SOLUSDT", "SOL", "USDT"]],
  COIN: [["BTCUSD", "BTC", "BTC"], ["ETHUSD", "ETH", "ETH"]],
  USDC: [["BTCPERP", "BTC", "USDC"], ["ETHPERP", "ETH", "USDC"]],
};

/** Whether `order` is on `symbol` (any case); an unset symbol matches every order. */
export function symbolMatches(order: SimOrder, symbol: string | undefined): boolean {
  return symbol === undefined || order.symbol.toUpperCase() === symbol.toUpperCase();
}

/** Newest first: numeric ids, descending. */
export function byIdDesc(a: SimOrder, b: SimOrder): number {
  return compareIds(b.id, a.id);
}

/** The order an `orderId` names, or else the first with `clientOid`. */
export function findOrder(
  book: VenueBook,
  account: SimAccount,
  orderId: string | undefined,
  clientOid: string | undefined,
): SimOrder | undefined {
  if (orderId !== undefined) return account.orders.get(orderId);
  if (clientOid === undefined) return undefined;
  return book.byClientId(account, clientOid)[0];
}

/**
 * After a cancel call, a `reappear` fault adds orders of `market` and `kind` (a strategy still
 * placing orders), seeded by `make` in the API's own shape.
 */
export function reappear(
  req: SimRequest,
  book: VenueBook,
  account: SimAccount,
  market: string,
  kind: OrderKind,
  make: (account: SimAccount, spec: SeedSpec, book: VenueBook) => SimOrder,
): void {
  const spec = { venue: "bitget", account: account.index, count: 1, market, kind } as const;
  book.reappear(req, account, () => make(account, spec, book));
}

/**
 * Cancels `targets` now, except the first ones a `partial-failure` fault keeps open (its
 * `orders`, default 1), which the caller reports as failed items.
 */
export function cancelKeeping(
  req: SimRequest,
  book: VenueBook,
  account: SimAccount,
  targets: readonly SimOrder[],
): { kept: SimOrder[]; canceled: SimOrder[] } {
  // A failure list needs something to fail: a call with nothing to cancel leaves the fault.
  const fault = targets.length === 0
    ? undefined
    : book.takeFault(req.method, req.path, ["partial-failure"], account.index);
  const keep = fault ? Math.min(targets.length, fault.orders ?? 1) : 0;
  const canceled = targets.slice(keep);
  for (const o of canceled) cancelNow(o);
  return { kept: targets.slice(0, keep), canceled };
}

/** What a seeded order is: its symbol row, kind, market (product type or category), status. */
export interface SeedShape {
  /** Symbol, base coin, settle coin. */
  readonly row: MarketRow;
  /** Regular, or a plan / strategy order. */
  readonly kind: OrderKind;
  /** Product type (classic) or category (unified). */
  readonly market: string;
  /** Status. */
  readonly status: SimOrder["status"];
}

/**
 * The `n`-th seeded order of an account: a numeric id, the side alternating, a limit price off
 * the base coin's price, and the API's own `extra` fields from `fields` (given the side, the
 * price and the size, and the trigger price of a conditional order).
 */
export function seedOrder(
  book: VenueBook,
  n: number,
  shape: SeedShape,
  fields: (side: "buy" | "sell", price: string, size: string) => Record<string, string>,
  conditional: (trigger: string) => Record<string, string>,
): SimOrder {
  const [symbol, baseCoin, settleCoin] = shape.row;
  const id = book.state.nextNumericId();
  const now = Date.now();
  const side = n % 2 === 0 ? "buy" : "sell";
  const basePrice = baseCoin === "BTC" ? 60000 : baseCoin === "ETH" ? 3000 : 150;
  const price = (basePrice * (side === "buy" ? 0.9 : 1.1) + (n % 50)).toFixed(1);
  const extra = fields(side, price, ((n % 9) + 1).toFixed(2));
  if (shape.kind === "conditional") {
    Object.assign(
      extra,
      conditional((Number(price) * (side === "buy" ? 0.98 : 1.02)).toFixed(1)),
    );
  }
  return {
    id,
    clientId: `sim${id.slice(-12)}`,
    symbol,
    kind: shape.kind,
    market: shape.market,
    baseCoin,
    settleCoin,
    status: shape.status,
    createdMs: now,
    updatedMs: now,
    extra,
  };
}
