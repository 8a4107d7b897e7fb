/**
 * Bybit's cancels: `POST /v5/order/cancel-all`, `/v5/order/cancel` and
 * `/v5/order/cancel-batch` (bybit-exchange/docs `docs/v5/order/cancel-all.mdx`,
 * `order/cancel-order.mdx`, `order/batch-cancel.mdx`), with their per-UID limits.
 *
 * @module
 */

import { cancelNow, isActive, type VenueBook } from "../book.ts";
import type { SimAccount, SimOrder, SimRequest } from "../core.ts";
import { type Category, isCategory, listed } from "./markets.ts";
import {
  CANCEL_ALL_FILTERS,
  findOrder,
  passesFilter,
  passesSelector,
  readSelector,
  reappear,
} from "./orders.ts";
import { fail, MESSAGES, ok, type Params, parseBody, takeRate, tooManyVisits } from "./wire.ts";

/** Per-UID limits (requests per second): cancel-all per category, the others flat. */
const CANCEL_ALL_LIMIT: Readonly<Record<Category, number>> = {
  linear: 10,
  inverse: 10,
  spot: 20,
  option: 1,
};
const CANCEL_LIMIT = 10;
const BATCH_LIMIT = 10;
const BATCH_MAX: Readonly<Record<Category, number>> = {
  spot: 10,
  linear: 20,
  inverse: 20,
  option: 20,
};
/** Futures cancel-all removes at most this many orders per call, picked at random. */
const FUTURES_CANCEL_CAP = 500;

/** POST /v5/order/cancel-all. */
export function cancelAll(req: SimRequest, book: VenueBook, account: SimAccount): Response {
  const params = parseBody(req);
  if (!params) return fail(book, 10001);
  const category = params.category;
  if (!isCategory(category)) return fail(book, 10001, "params error: category invalid");
  const selector = readSelector(params);
  if (!selector) return fail(book, 10001, "params error: symbol/baseCoin/settleCoin invalid");
  const futures = category === "linear" || category === "inverse";
  if (futures && !selector.symbol && !selector.baseCoin && !selector.settleCoin) {
    return fail(book, 10001, "params error: symbol or baseCoin or settleCoin is required");
  }
  if (selector.symbol !== undefined && !listed(category, selector.symbol)) {
    return fail(book, 10001, `params error: symbol invalid ${selector.symbol}`);
  }
  if (category === "spot" && selector.settleCoin !== undefined) {
    // UNVERIFIED: the docs say "not supported"; the exact answer is unknown.
    return fail(book, 10001, "params error: settleCoin is not supported for spot");
  }
  const filter = params.orderFilter;
  if (filter !== undefined && !CANCEL_ALL_FILTERS[category].includes(String(filter))) {
    return category === "spot" ? fail(book, 170202) : fail(book, 10001, "orderFilter invalid");
  }
  const stopOrderType = params.stopOrderType;
  if (
    stopOrderType !== undefined &&
    (stopOrderType !== "Stop" || !futures || filter !== "StopOrder")
  ) {
    return fail(book, 10001, "params error: stopOrderType invalid");
  }
  const rate = takeRate(book, account, {
    key: `cancel-all:${category}`,
    limit: CANCEL_ALL_LIMIT[category],
  });
  if (!rate.allowed) return tooManyVisits(rate.headers);
  let targets = book.open(account).filter((o) =>
    o.market === category && passesSelector(o, selector) &&
    passesFilter(
      o,
      category,
      filter === undefined ? undefined : String(filter),
      stopOrderType === undefined ? undefined : "Stop",
      false,
    )
  );
  if (futures && targets.length > FUTURES_CANCEL_CAP) {
    targets = pickRandom(targets, FUTURES_CANCEL_CAP, book);
  }
  for (const o of targets) cancelNow(o);
  reappear(req, book, account, category, selector);
  const list = targets.map((o) => ({ orderId: o.id, orderLinkId: o.clientId }));
  // UTA 1.0 inverse answers without `success` (documented); keep that variant alive.
  const result = category === "inverse" ? { list } : { list, success: "1" };
  return ok(book, result, rate.headers);
}

/** `n` distinct orders chosen uniformly at random (partial Fisher-Yates). */
function pickRandom(orders: SimOrder[], n: number, book: VenueBook): SimOrder[] {
  const a = orders.slice();
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(book.state.random() * (a.length - i));
    const t = a[i];
    const u = a[j];
    if (t === undefined || u === undefined) break;
    a[i] = u;
    a[j] = t;
  }
  return a.slice(0, n);
}

/** orderFilter values the single cancel takes for spot (`Order` when omitted). */
const CANCEL_ONE_SPOT_FILTERS: readonly string[] = ["Order", "tpslOrder", "StopOrder"];

/**
 * Whether a spot cancel with `orderFilter` reaches `order`: the single cancel defaults to
 * `Order` (normal orders only) and cancel-batch takes no filter at all, so a spot TP/SL,
 * stop or OCO order named without its filter "does not exist" (cancel-order.mdx).
 */
function spotFilterReaches(order: SimOrder, orderFilter: string): boolean {
  const type = order.extra.stopOrderType ?? "";
  if (orderFilter === "Order") return order.kind === "regular";
  if (order.kind !== "conditional") return false;
  return orderFilter === "StopOrder" ? type === "Stop" : type === orderFilter;
}

/** Cancels one order; returns the item's code (0, or the venue's not-found code). */
function cancelItem(
  book: VenueBook,
  account: SimAccount,
  category: Category,
  symbol: unknown,
  orderId: unknown,
  orderLinkId: unknown,
  spotFilter = "Order",
): { code: number; order?: SimOrder | undefined } {
  const order = findOrder(book, account, orderId, orderLinkId);
  const found = order && order.market === category && order.symbol === symbol &&
    isActive(order) && (category !== "spot" || spotFilterReaches(order, spotFilter));
  if (!found) return { code: category === "spot" ? 170213 : 110001 };
  cancelNow(order);
  return { code: 0, order };
}

function hasRef(item: Params): boolean {
  const id = item.orderId;
  const link = item.orderLinkId;
  return (typeof id === "string" && id !== "") || (typeof link === "string" && link !== "");
}

/** POST /v5/order/cancel. */
export function cancelOne(req: SimRequest, book: VenueBook, account: SimAccount): Response {
  const params = parseBody(req);
  if (!params) return fail(book, 10001);
  const category = params.category;
  if (!isCategory(category)) return fail(book, 10001, "params error: category invalid");
  if (typeof params.symbol !== "string" || params.symbol === "") {
    return fail(book, 10001, "params error: symbol is required");
  }
  if (!hasRef(params)) return fail(book, 10001, "params error: orderId or orderLinkId required");
  // orderFilter is "valid for spot only"; ASSUMED: other categories ignore it.
  const filter = params.orderFilter ?? "Order";
  if (category === "spot" && !CANCEL_ONE_SPOT_FILTERS.includes(String(filter))) {
    return fail(book, 170202);
  }
  const rate = takeRate(book, account, { key: `cancel:${category}`, limit: CANCEL_LIMIT });
  if (!rate.allowed) return tooManyVisits(rate.headers);
  const { code, order } = cancelItem(
    book,
    account,
    category,
    params.symbol,
    params.orderId,
    params.orderLinkId,
    String(filter),
  );
  reappear(req, book, account, category, { symbol: params.symbol });
  if (code !== 0 || !order) return fail(book, code, undefined, rate.headers);
  return ok(book, { orderId: order.id, orderLinkId: order.clientId }, rate.headers);
}

/** POST /v5/order/cancel-batch. */
export function cancelBatch(req: SimRequest, book: VenueBook, account: SimAccount): Response {
  const params = parseBody(req);
  if (!params) return fail(book, 10001);
  const category = params.category;
  if (!isCategory(category)) return fail(book, 10001, "params error: category invalid");
  const request = params.request;
  if (!Array.isArray(request) || request.length === 0) {
    return fail(book, 10001, "params error: request is required");
  }
  if (request.length > BATCH_MAX[category]) {
    return fail(book, 10001, `params error: at most ${BATCH_MAX[category]} orders per batch`);
  }
  const rate = takeRate(book, account, { key: `cancel-batch:${category}`, limit: BATCH_LIMIT });
  if (!rate.allowed) return tooManyVisits(rate.headers);
  const list: Record<string, string>[] = [];
  const ext: { code: number; msg: string }[] = [];
  for (const raw of request) {
    const item: Params = typeof raw === "object" && raw !== null ? { ...raw } : {};
    const symbol = typeof item.symbol === "string" ? item.symbol : "";
    const orderId = typeof item.orderId === "string" ? item.orderId : "";
    const orderLinkId = typeof item.orderLinkId === "string" ? item.orderLinkId : "";
    if (symbol === "" || !hasRef(item)) {
      list.push({ category, symbol, orderId, orderLinkId });
      ext.push({ code: 10001, msg: "params error" });
      continue;
    }
    const { code, order } = cancelItem(book, account, category, symbol, orderId, orderLinkId);
    list.push({
      category,
      symbol,
      orderId: order?.id ?? "",
      orderLinkId: order?.clientId ?? orderLinkId,
    });
    ext.push({ code, msg: code === 0 ? "OK" : MESSAGES[String(code)] ?? "error" });
  }
  const first = request[0];
  const symbol = typeof first === "object" && first !== null && "symbol" in first
    ? first.symbol
    : undefined;
  reappear(req, book, account, category, {
    symbol: typeof symbol === "string" ? symbol : undefined,
  });
  return ok(book, { list }, rate.headers, { list: ext });
}
