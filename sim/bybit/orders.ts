/**
 * Bybit orders in the simulator: which orders an `orderFilter` and a symbol / baseCoin /
 * settleCoin selector reach (`docs/v5/order/cancel-all.mdx`, `order/open-order.mdx`), seeding
 * across categories, and the `GET /v5/order/realtime` item shape.
 *
 * @module
 */

import { AccountSlot, type VenueBook } from "../book.ts";
import {
  isActive,
  type SeedSpec,
  type SimAccount,
  type SimOrder,
  type SimRequest,
} from "../core.ts";
import {
  CATEGORIES,
  type Category,
  instrumentsOf,
  isCategory,
  type Market,
  marketOf,
  MARKETS,
} from "./markets.ts";
import type { Params } from "./wire.ts";

/** orderFilter values cancel-all accepts, per category. */
export const CANCEL_ALL_FILTERS: Readonly<Record<Category, readonly string[]>> = {
  spot: ["Order", "tpslOrder", "StopOrder", "OcoOrder", "BidirectionalTpslOrder"],
  linear: ["Order", "StopOrder", "OpenOrder"],
  inverse: ["Order", "StopOrder", "OpenOrder"],
  option: ["Order", "StopOrder"],
};

/** orderFilter values the listing accepts, per category. */
export const LIST_FILTERS: Readonly<Record<Category, readonly string[]>> = {
  spot: ["Order", "tpslOrder", "StopOrder", "OcoOrder", "BidirectionalTpslOrder"],
  linear: ["Order", "StopOrder"],
  inverse: ["Order", "StopOrder"],
  option: ["Order", "StopOrder"],
};

/** Conditional order types seeded per category, rotated. */
const CONDITIONAL_TYPES: Readonly<Record<Category, readonly string[]>> = {
  spot: ["tpslOrder", "Stop", "OcoOrder", "BidirectionalTpslOrder"],
  linear: ["Stop", "TakeProfit", "StopLoss", "TrailingStop"],
  inverse: ["Stop", "TakeProfit", "StopLoss", "TrailingStop"],
  option: ["Stop"],
};

/** Seed counter per account, to spread seeded orders over markets (kept across resets). */
const SEQ = new AccountSlot(() => 0);

/** An optional uppercase string parameter: the value, undefined, or false when malformed. */
function upper(params: Params, key: string): string | undefined | false {
  const v = params[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string" || !/^[A-Z0-9][A-Z0-9-]*$/.test(v)) return false;
  return v;
}

/** Whether an order passes `orderFilter`; `listing` picks the listing's default (all kinds). */
export function passesFilter(
  order: SimOrder,
  category: Category,
  orderFilter: string | undefined,
  stopOrderType: string | undefined,
  listing: boolean,
): boolean {
  const type = order.extra.stopOrderType ?? "";
  switch (orderFilter) {
    case undefined:
      // cancel-all: spot defaults to Order; the others cancel all kinds. Listing (UTA): all kinds.
      return listing || category !== "spot" || order.kind === "regular";
    case "Order":
    case "OpenOrder": // UNVERIFIED: treated as active (regular) orders.
      return order.kind === "regular";
    case "StopOrder":
      if (order.kind !== "conditional") return false;
      if (category === "spot") return type === "Stop";
      return stopOrderType === undefined || type === stopOrderType;
    default:
      return order.kind === "conditional" && type === orderFilter;
  }
}

/** A symbol / baseCoin / settleCoin scope. */
export interface Selector {
  /** Symbol. */
  readonly symbol?: string | undefined;
  /** Base coin. */
  readonly baseCoin?: string | undefined;
  /** Settle coin. */
  readonly settleCoin?: string | undefined;
}

/** Priority symbol > baseCoin > settleCoin, as the venue applies it. */
export function passesSelector(order: SimOrder, s: Selector): boolean {
  if (s.symbol !== undefined) return order.symbol === s.symbol;
  if (s.baseCoin !== undefined) return order.baseCoin === s.baseCoin;
  if (s.settleCoin !== undefined) return order.settleCoin === s.settleCoin;
  return true;
}

/** The selector of a request, or false when a coin or symbol is malformed. */
export function readSelector(params: Params): Selector | false {
  const symbol = upper(params, "symbol");
  const baseCoin = upper(params, "baseCoin");
  const settleCoin = upper(params, "settleCoin");
  if (symbol === false || baseCoin === false || settleCoin === false) return false;
  return { symbol, baseCoin, settleCoin };
}

/** Finds the order a cancel names: orderId wins over orderLinkId. */
export function findOrder(
  book: VenueBook,
  account: SimAccount,
  orderId: unknown,
  orderLinkId: unknown,
): SimOrder | undefined {
  if (typeof orderId === "string" && orderId !== "") return account.orders.get(orderId);
  if (typeof orderLinkId === "string" && orderLinkId !== "") {
    return book.byClientId(account, orderLinkId).find(isActive);
  }
  return undefined;
}

/** Takes a `reappear` fault after a cancel: a strategy keeps placing orders in the same scope. */
export function reappear(
  req: SimRequest,
  book: VenueBook,
  account: SimAccount,
  category: Category,
  selector: Selector,
): void {
  const market = instrumentsOf(category).find((m) =>
    selector.symbol !== undefined
      ? m.symbol === selector.symbol
      : selector.baseCoin !== undefined
      ? m.base === selector.baseCoin
      : selector.settleCoin !== undefined
      ? m.settle === selector.settleCoin
      : true
  );
  // No instrument in scope: the fault is spent and nothing appears.
  book.reappear(req, account, () => {
    if (!market) return undefined;
    const spec = { venue: "bybit", account: account.index, count: 1, market: category } as const;
    return makeOrder(account, { ...spec, symbol: market.symbol }, book);
  });
}

function statusText(order: SimOrder): string {
  switch (order.status) {
    case "open":
      return order.kind === "conditional" ? "Untriggered" : "New";
    case "partially_filled":
      return "PartiallyFilled";
    case "filled":
      return "Filled";
    case "canceled":
      return order.kind === "conditional" ? "Deactivated" : "Cancelled";
  }
}

/** Renders an order as an item of GET /v5/order/realtime. */
export function render(order: SimOrder): Record<string, unknown> {
  const x = order.extra;
  const conditional = order.kind === "conditional";
  const qty = x.qty ?? "1";
  const filled = order.status === "partially_filled" ? (Number(qty) / 2).toString() : "0";
  const leaves = order.status === "filled" || order.status === "canceled"
    ? "0"
    : (Number(qty) - Number(filled)).toString();
  return {
    orderId: order.id,
    orderLinkId: order.clientId,
    blockTradeId: "",
    symbol: order.symbol,
    price: x.price ?? "0",
    qty,
    side: x.side ?? "Buy",
    isLeverage: order.market === "spot" ? "0" : "",
    positionIdx: 0,
    orderStatus: statusText(order),
    createType: order.market === "linear" || order.market === "inverse"
      ? "CreateByUser"
      : undefined,
    cancelType: order.status === "canceled" ? "CancelByUser" : "UNKNOWN",
    rejectReason: "EC_NoError",
    avgPrice: order.status === "partially_filled" ? x.price ?? "" : "",
    leavesQty: leaves,
    leavesValue: (Number(leaves) * Number(x.price ?? "0")).toString(),
    cumExecQty: filled,
    cumExecValue: (Number(filled) * Number(x.price ?? "0")).toString(),
    cumExecFee: "0",
    timeInForce: "GTC",
    orderType: x.orderType ?? "Limit",
    stopOrderType: x.stopOrderType ?? "",
    orderIv: "",
    marketUnit: order.market === "spot" ? "baseCoin" : "",
    triggerPrice: x.triggerPrice ?? "",
    takeProfit: "",
    stopLoss: "",
    tpslMode: order.market === "spot" || order.market === "option" ? "" : "Full",
    ocoTriggerBy: "",
    tpLimitPrice: "",
    slLimitPrice: "",
    tpTriggerBy: "",
    slTriggerBy: "",
    triggerDirection: conditional ? 1 : 0,
    triggerBy: conditional ? "LastPrice" : "",
    lastPriceOnCreated: "",
    reduceOnly: false,
    closeOnTrigger: false,
    placeType: "",
    smpType: "None",
    smpGroup: 0,
    smpOrderId: "",
    createdTime: String(order.createdMs),
    updatedTime: String(order.updatedMs),
  };
}

/** A new order for a seed call: the categories and their markets in turn, unless named. */
export function makeOrder(account: SimAccount, spec: SeedSpec, book: VenueBook): SimOrder {
  const seq = book.get(SEQ, account);
  book.set(SEQ, account, seq + 1);
  const wanted = isCategory(spec.market) ? spec.market : undefined;
  let category: Category;
  let market: Market;
  if (spec.symbol !== undefined) {
    [category, market] = marketOf(spec.symbol, wanted);
  } else {
    category = wanted ?? CATEGORIES[seq % CATEGORIES.length] ?? "linear";
    const list = MARKETS[category];
    const step = wanted ? seq : Math.floor(seq / CATEGORIES.length);
    market = list[step % list.length] ?? list[0] ?? MARKETS.linear[0] ??
      { symbol: "BTCUSDT", base: "BTC", settle: "USDT", price: 1 };
  }
  const kind = spec.kind ?? "regular";
  const types = CONDITIONAL_TYPES[category];
  const futures = category === "linear" || category === "inverse";
  const stopOrderType = kind === "conditional"
    ? types[seq % types.length] ?? "Stop"
    : futures
    ? "UNKNOWN"
    : "";
  const side = seq % 2 === 0 ? "Buy" : "Sell";
  const offset = 1 + ((seq % 7) + 1) / 100;
  const price = side === "Buy" ? market.price / offset : market.price * offset;
  const now = Date.now();
  return {
    id: category === "spot" ? book.state.nextNumericId() : book.state.nextUuid(),
    clientId: seq % 5 === 4 ? "" : `sim-${account.index}-${seq}`,
    symbol: market.symbol,
    kind,
    market: category,
    baseCoin: market.base,
    settleCoin: market.settle,
    status: spec.status ?? "open",
    createdMs: now,
    updatedMs: now,
    extra: {
      side,
      price: price.toPrecision(6),
      qty: category === "spot" ? "0.01" : "1",
      orderType: "Limit",
      stopOrderType,
      triggerPrice: kind === "conditional" ? market.price.toPrecision(6) : "",
    },
  };
}
