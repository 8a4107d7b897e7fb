/**
 * Unified-account (v3) Bitget orders: the categories, seeding (regular orders across the
 * categories, strategy orders tpsl and trigger in turn, within the open-order caps) and the
 * shapes of `unfilled-orders` and `unfilled-strategy-orders` items
 * (bitget.com/api-doc/uta/trade/*). USDC symbols ASSUMED.
 *
 * @module
 */

import { isActive, type VenueBook } from "../book.ts";
import type { SeedSpec, SimAccount, SimOrder } from "../core.ts";
import { type MarketRow, MARKETS as ROWS, seedOrder } from "./orders.ts";

/** UTA categories (bitget.com/api-doc/uta/trade/Cancel-All-Order). */
export const UTA_CATEGORIES = [
  "SPOT",
  "MARGIN",
  "USDT-FUTURES",
  "COIN-FUTURES",
  "USDC-FUTURES",
] as const;
/** A unified-account category. */
export type Category = (typeof UTA_CATEGORIES)[number];

/** Symbols per category: [symbol, base coin, settle (spot: quote) coin]. USDC symbols ASSUMED. */
const MARKETS: Readonly<Record<Category, readonly MarketRow[]>> = {
  "SPOT": ROWS.USDT.slice(0, 2),
  "MARGIN": ROWS.USDT.slice(0, 2),
  "USDT-FUTURES": ROWS.USDT,
  "COIN-FUTURES": ROWS.COIN,
  "USDC-FUTURES": ROWS.USDC,
};

/** Open regular orders per account: 400 across futures, 400 across spot and margin. */
const OPEN_ORDER_CAP = 400;
/** Strategy order types. */
export const STRATEGY_TYPES = ["tpsl", "trigger"];

/** Whether an order belongs to a unified trading account. */
export function isUtaOrder(o: SimOrder): boolean {
  return o.extra.uta === "1";
}

/**
 * A new order of a unified trading account: `market` is its category (default: the five in
 * turn); `conditional` orders are strategy orders, tpsl and trigger in turn. At most 400 open
 * regular orders across futures, and 400 across spot and margin (the listing page's limits).
 */
export function makeUtaOrder(account: SimAccount, spec: SeedSpec, book: VenueBook): SimOrder {
  const n = account.orders.size;
  const upper = spec.market?.toUpperCase();
  let category: Category = UTA_CATEGORIES.find((c) => c === upper) ??
    UTA_CATEGORIES[n % UTA_CATEGORIES.length] ?? "USDT-FUTURES";
  let row = MARKETS[category][Math.floor(n / UTA_CATEGORIES.length) % MARKETS[category].length];
  if (spec.symbol !== undefined) {
    const sym = spec.symbol.toUpperCase();
    if (upper === undefined) {
      category = sym.endsWith("USDT")
        ? "USDT-FUTURES"
        : sym.endsWith("PERP")
        ? "USDC-FUTURES"
        : "COIN-FUTURES";
    }
    const known = MARKETS[category].find((r) => r[0] === sym);
    const quote = ["USDT", "USDC", "PERP", "USD"].find((q) => sym.endsWith(q)) ?? "USDT";
    const base = sym.slice(0, sym.length - quote.length) || sym;
    row = known ??
      [
        sym,
        base,
        category === "COIN-FUTURES" ? base : category === "USDC-FUTURES" ? "USDC" : quote,
      ];
  }
  const kind = spec.kind ?? "regular";
  const futures = category.endsWith("-FUTURES");
  if (kind === "regular") {
    const same = book.open(account).filter((o) =>
      isUtaOrder(o) && o.kind === "regular" && o.market.endsWith("-FUTURES") === futures
    ).length;
    if (same >= OPEN_ORDER_CAP) {
      throw new Error(
        `Bitget UTA holds at most ${OPEN_ORDER_CAP} open ${
          futures ? "futures" : "spot and margin"
        } orders`,
      );
    }
  }
  const shape = {
    row: row ?? ["BTCUSDT", "BTC", "USDT"],
    kind,
    market: category,
    status: spec.status ?? "open",
  } as const;
  return seedOrder(book, n, shape, (side, price, qty) => ({
    uta: "1",
    side,
    price,
    qty,
    posSide: futures ? (side === "buy" ? "long" : "short") : "",
    orderType: "limit",
  }), (triggerPrice) => ({
    strategyType: STRATEGY_TYPES[n % STRATEGY_TYPES.length] ?? "tpsl",
    triggerPrice,
  }));
}

/** An unfilled-orders item (the page's fields, strings). */
export function renderUnfilled(o: SimOrder): Record<string, unknown> {
  return {
    orderId: o.id,
    clientOid: o.clientId,
    category: o.market,
    symbol: o.symbol,
    orderType: o.extra.orderType ?? "limit",
    side: o.extra.side ?? "buy",
    price: o.extra.price ?? "",
    qty: o.extra.qty ?? "1",
    amount: "0",
    cumExecQty: o.status === "partially_filled" ? "0.01" : "0",
    cumExecValue: "0",
    avgPrice: "0",
    timeInForce: "gtc",
    orderStatus: o.status === "open" ? "live" : o.status,
    posSide: o.extra.posSide ?? "",
    holdMode: "hedge_mode",
    reduceOnly: "NO",
    feeDetail: [{ feeCoin: null, fee: null }],
    createdTime: String(o.createdMs),
    updatedTime: String(o.updatedMs),
  };
}

/** An unfilled-strategy-orders item. */
export function renderStrategy(o: SimOrder): Record<string, unknown> {
  const tpsl = o.extra.strategyType === "tpsl";
  return {
    orderId: o.id,
    clientOid: o.clientId,
    category: o.market,
    symbol: o.symbol,
    qty: o.extra.qty ?? "1",
    side: o.extra.side ?? "buy",
    posSide: o.extra.posSide ?? "",
    type: o.extra.strategyType ?? "tpsl",
    status: isActive(o) ? "pending" : o.status === "canceled" ? "cancelled" : "success",
    takeProfit: tpsl ? o.extra.triggerPrice ?? "" : "",
    stopLoss: "",
    triggerPrice: tpsl ? "" : o.extra.triggerPrice ?? "",
    createdTime: String(o.createdMs),
    updatedTime: String(o.updatedMs),
  };
}

/** A UTA order in the venue's shape (for `/__sim/orders`). */
export function renderUta(o: SimOrder): Record<string, unknown> {
  return o.kind === "conditional" ? renderStrategy(o) : renderUnfilled(o);
}
