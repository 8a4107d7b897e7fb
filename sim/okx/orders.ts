/**
 * OKX spread orders in the simulator: the 500 pending-order cap, the asynchronous cancel
 * (acknowledged first, off the book `okxCancelDelayMs` later), the cancel-all-after timer that
 * arms every order, seeding and the order's wire shape. UNVERIFIED: a user cancel records
 * `cancelSource` "1".
 *
 * @module
 */

import { AccountSlot, cancelNow, compareIds, isActive, type VenueBook } from "../book.ts";
import type { SeedSpec, SimAccount, SimOrder, SimRequest } from "../core.ts";
import { OKX_SIM_SPREAD_INFO, OKX_SIM_SPREADS } from "./spreads.ts";

/** One OKX simulator: its pending-order cap and its cancel-all-after timers. */
export interface OkxVenue {
  /** Pending spread orders allowed per account. */
  readonly cap: number;
  /** Armed cancel-all-after trigger time (epoch ms) per account; kept across resets. */
  readonly timer: AccountSlot<number | undefined>;
}

/** An OKX simulator with pending-order cap `cap`. */
export function okxVenue(cap: number): OkxVenue {
  return { cap, timer: new AccountSlot<number | undefined>(() => undefined) };
}

/** The armed cancel-all-after trigger time, or undefined (a timer past its time is dropped). */
function armedAt(okx: OkxVenue, book: VenueBook, account: SimAccount): number | undefined {
  const at = book.get(okx.timer, account);
  if (at !== undefined && at <= Date.now()) {
    book.set(okx.timer, account, undefined);
    return undefined;
  }
  return at;
}

/** A user cancel: acknowledged now, off the book `okxCancelDelayMs` later. */
export function scheduleCancel(order: SimOrder, book: VenueBook): void {
  const now = Date.now();
  order.extra.cancelSource = "1";
  order.extra.cancelPending = "1";
  delete order.extra.cafArmed;
  order.updatedMs = now;
  const delay = book.state.okxCancelDelayMs;
  if (delay <= 0) {
    cancelNow(order);
    return;
  }
  const at = now + delay;
  order.cancelAtMs = order.cancelAtMs === undefined ? at : Math.min(order.cancelAtMs, at);
}

/** Drops the account's cancel-all-after timer and un-arms its orders. */
export function disarm(okx: OkxVenue, book: VenueBook, account: SimAccount): void {
  book.set(okx.timer, account, undefined);
  for (const order of account.orders.values()) {
    if (order.extra.cafArmed !== "1") continue;
    delete order.extra.cafArmed;
    if (isActive(order) && order.extra.cancelPending !== "1") {
      order.cancelAtMs = undefined;
      order.extra.cancelSource = "";
    }
  }
}

/** Arms the account's timer for `at` and every order on its book. */
export function arm(okx: OkxVenue, book: VenueBook, account: SimAccount, at: number): void {
  book.set(okx.timer, account, at);
  for (const order of account.orders.values()) armOrder(order, at);
}

function armOrder(order: SimOrder, at: number): void {
  if (!isActive(order) || order.extra.cancelPending === "1") return;
  order.extra.cafArmed = "1";
  order.extra.cancelSource = "20";
  order.cancelAtMs = at;
}

/** A new order for a seed call; throws at the pending-order cap, as placing would be refused. */
export function makeOrder(
  okx: OkxVenue,
  account: SimAccount,
  spec: SeedSpec,
  book: VenueBook,
): SimOrder {
  const cap = okx.cap;
  if (spec.kind === "conditional") {
    throw new Error("OKX simulator: spread orders have no conditional kind");
  }
  const status = spec.status ?? "open";
  if (status === "open" || status === "partially_filled") {
    // Counting is O(n): only needed once the account holds `cap` orders of any state.
    if (account.orders.size >= cap && book.open(account).length >= cap) {
      throw new Error(
        `OKX simulator: account ${account.index} already has ${cap} pending spread orders (the venue's cap)`,
      );
    }
  }
  const symbol = spec.symbol ?? OKX_SIM_SPREADS[account.orders.size % OKX_SIM_SPREADS.length] ??
    "BTC-USDT_BTC-USDT-SWAP";
  const id = book.state.nextNumericId();
  const now = Date.now();
  const n = account.orders.size;
  const sz = String(1 + (n % 5));
  const filled = status === "partially_filled" ? "1" : status === "filled" ? sz : "0";
  // Coins as the venue states them; an unlisted spread has none.
  const info = OKX_SIM_SPREAD_INFO[symbol];
  const base = info?.baseCcy ?? "";
  const settle = info?.settle ?? "";
  const order: SimOrder = {
    id,
    clientId: `c${id}`,
    symbol,
    kind: "regular",
    market: "sprd",
    baseCoin: base,
    settleCoin: settle,
    status,
    createdMs: now,
    updatedMs: now,
    extra: {
      side: n % 2 === 0 ? "buy" : "sell",
      px: (10 + (n % 50) / 10).toFixed(1),
      sz,
      accFillSz: filled,
      ordType: "limit",
      tag: "",
      cancelSource: status === "canceled" ? "1" : "",
    },
  };
  const at = armedAt(okx, book, account);
  if (at !== undefined) armOrder(order, at);
  return order;
}

/** After a cancel call, a `reappear` fault adds orders; at the cap the strategy is refused. */
export function reappear(
  okx: OkxVenue,
  req: SimRequest,
  account: SimAccount,
  book: VenueBook,
): void {
  book.reappear(req, account, () => {
    try {
      return makeOrder(okx, account, { venue: "okx", account: account.index, count: 1 }, book);
    } catch {
      return undefined; // at the cap: the strategy's orders are refused
    }
  });
}

/** The order's `state` as OKX spells it. */
export function wireState(order: SimOrder): string {
  return order.status === "open" ? "live" : order.status;
}

/** The order an `ordId` (or else the newest order with `clOrdId`) names. */
export function findOrder(
  book: VenueBook,
  account: SimAccount,
  ordId: string | undefined,
  clOrdId: string | undefined,
): SimOrder | undefined {
  if (ordId !== undefined) return account.orders.get(ordId);
  if (clOrdId === undefined) return undefined;
  let found: SimOrder | undefined;
  for (const order of book.byClientId(account, clOrdId)) {
    if (!found || compareIds(order.id, found.id) > 0) found = order;
  }
  return found;
}

/** Whether `sprdId` is a spread the venue knows (catalogued, or an order was seeded on it). */
export function spreadExists(account: SimAccount, sprdId: string): boolean {
  if (OKX_SIM_SPREAD_INFO[sprdId] !== undefined) return true;
  for (const order of account.orders.values()) if (order.symbol === sprdId) return true;
  return false;
}

/** The order as the spread endpoints render it. */
export function render(order: SimOrder): Record<string, unknown> {
  const sz = Number(order.extra.sz ?? "1");
  const acc = Number(order.extra.accFillSz ?? "0");
  const canceled = order.status === "canceled";
  return {
    sprdId: order.symbol,
    ordId: order.id,
    clOrdId: order.clientId,
    tag: order.extra.tag ?? "",
    px: order.extra.px ?? "",
    sz: String(sz),
    ordType: order.extra.ordType ?? "limit",
    side: order.extra.side ?? "buy",
    fillSz: acc > 0 ? String(acc) : "0",
    fillPx: acc > 0 ? (order.extra.px ?? "") : "",
    tradeId: "",
    accFillSz: String(acc),
    pendingFillSz: canceled || order.status === "filled" ? "0" : String(sz - acc),
    pendingSettleSz: "0",
    canceledSz: canceled ? String(sz - acc) : "0",
    state: wireState(order),
    avgPx: acc > 0 ? (order.extra.px ?? "0") : "0",
    cancelSource: canceled ? (order.extra.cancelSource ?? "") : "",
    uTime: String(order.updatedMs),
    cTime: String(order.createdMs),
  };
}
