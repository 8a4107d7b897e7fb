/**
 * Bybit v5 simulator handler: unified-account (UTA) semantics of cancel-all, cancel,
 * cancel-batch, the open-order listing and the public instruments listing, with Bybit's
 * signature check, recv window, per-UID rate limits (and their `X-Bapi-Limit*` headers), error
 * codes and HTTP statuses.
 *
 * Sources: bybit-exchange/docs `docs/v5/guide.mdx`, `order/cancel-all.mdx`,
 * `order/cancel-order.mdx`, `order/open-order.mdx`, `order/batch-cancel.mdx`,
 * `market/instrument.mdx`, `error.mdx`, `rate-limit.mdx`; one row per rule in
 * `docs/fidelity/bybit.md`. Points no source settled are marked UNVERIFIED (ASSUMED there).
 *
 * @module
 */

import { hmacHex, timingSafeEqual } from "../venues/_crypto.ts";
import {
  cancelNow,
  isActive,
  json,
  type SeedSpec,
  type SimAccount,
  type SimOrder,
  type SimRequest,
  type SimState,
  type VenueSim,
} from "./core.ts";

type Category = "spot" | "linear" | "inverse" | "option";
const CATEGORIES: readonly Category[] = ["linear", "spot", "inverse", "option"];

interface Market {
  readonly symbol: string;
  readonly base: string;
  readonly settle: string;
  readonly price: number;
}

/** The simulated instruments. Spot "settle" is the quote coin. */
const MARKETS: Readonly<Record<Category, readonly Market[]>> = {
  linear: [
    { symbol: "BTCUSDT", base: "BTC", settle: "USDT", price: 60000 },
    { symbol: "ETHUSDT", base: "ETH", settle: "USDT", price: 3000 },
    { symbol: "SOLUSDT", base: "SOL", settle: "USDT", price: 150 },
    { symbol: "BTCPERP", base: "BTC", settle: "USDC", price: 60000 },
    { symbol: "ETHPERP", base: "ETH", settle: "USDC", price: 3000 },
  ],
  spot: [
    { symbol: "BTCUSDT", base: "BTC", settle: "USDT", price: 60000 },
    { symbol: "ETHUSDT", base: "ETH", settle: "USDT", price: 3000 },
    { symbol: "SOLUSDC", base: "SOL", settle: "USDC", price: 150 },
    { symbol: "ETHBTC", base: "ETH", settle: "BTC", price: 0.05 },
  ],
  inverse: [
    { symbol: "BTCUSD", base: "BTC", settle: "BTC", price: 60000 },
    { symbol: "ETHUSD", base: "ETH", settle: "ETH", price: 3000 },
    { symbol: "BTCUSDZ25", base: "BTC", settle: "BTC", price: 61000 },
  ],
  option: [
    { symbol: "BTC-26DEC25-100000-C", base: "BTC", settle: "USDC", price: 1200 },
    { symbol: "ETH-26DEC25-4000-P", base: "ETH", settle: "USDC", price: 300 },
    { symbol: "SOL-26DEC25-200-C-USDT", base: "SOL", settle: "USDT", price: 12 },
  ],
};

/**
 * Instruments listed by GET /v5/market/instruments-info and seedable by symbol, but not in
 * the default seeding rotation: names that do not spell their coins the usual way (a spot
 * pair quoted in BRZ; a linear contract whose base coin carries a multiplier), so that
 * nothing may guess coins from a symbol's spelling.
 */
const EXTRA_MARKETS: Readonly<Record<Category, readonly Market[]>> = {
  linear: [{ symbol: "SHIB1000USDT", base: "SHIB1000", settle: "USDT", price: 0.02 }],
  spot: [{ symbol: "USDTBRZ", base: "USDT", settle: "BRZ", price: 5 }],
  inverse: [],
  option: [],
};

/** Every instrument of a category: the rotation and the extras. */
function instrumentsOf(category: Category): readonly Market[] {
  return [...MARKETS[category], ...EXTRA_MARKETS[category]];
}

/** orderFilter values cancel-all accepts, per category. */
const CANCEL_ALL_FILTERS: Readonly<Record<Category, readonly string[]>> = {
  spot: ["Order", "tpslOrder", "StopOrder", "OcoOrder", "BidirectionalTpslOrder"],
  linear: ["Order", "StopOrder", "OpenOrder"],
  inverse: ["Order", "StopOrder", "OpenOrder"],
  option: ["Order", "StopOrder"],
};

/** orderFilter values the listing accepts, per category. */
const LIST_FILTERS: Readonly<Record<Category, readonly string[]>> = {
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

/** Per-UID limits (requests per second): cancel-all per category, the others flat. */
const CANCEL_ALL_LIMIT: Readonly<Record<Category, number>> = {
  linear: 10,
  inverse: 10,
  spot: 20,
  option: 1,
};
const CANCEL_LIMIT = 10;
const BATCH_LIMIT = 10;
const REALTIME_LIMIT = 50;
const BATCH_MAX: Readonly<Record<Category, number>> = {
  spot: 10,
  linear: 20,
  inverse: 20,
  option: 20,
};
/** Futures cancel-all removes at most this many orders per call, picked at random. */
const FUTURES_CANCEL_CAP = 500;

const MESSAGES: Readonly<Record<string, string>> = {
  "10000": "Server Timeout",
  "10001": "Request parameter error",
  "10002": "The request time exceeds the time window range.",
  "10003": "API key is invalid.",
  "10004": "Error sign, please check your signature generation algorithm.",
  "10005": "Permission denied, please check your API key permissions.",
  "10006": "Too many visits!",
  "10016": "Server error.",
  "110001": "Order does not exist",
  "110008": "The order has been completed or cancelled.",
  "110010": "The order has been cancelled",
  "170142": "Order has been canceled",
  "170202": "Invalid orderFilter parameter.",
  "170213": "Order does not exist.",
};

/**
 * HTTP status per code. The docs' HTTP table gives 401 for a wrong key; client libraries
 * (pybit's handling of 10002, 10004 and 10006 in HTTP 200 bodies) show the rest arrive
 * with 200. UNVERIFIED: whether 10004 is ever sent with 401.
 */
function statusFor(code: number): number {
  return code === 10003 ? 401 : 200;
}

// ---------------------------------------------------------------------------------------------
// Per-simulator bookkeeping that SimState does not hold.
// ---------------------------------------------------------------------------------------------

/** Request start times per rate key, for the `X-Bapi-Limit-*` headers only. */
const headerWindows = new WeakMap<SimState, Map<string, number[]>>();
/** Seed counter per account, to spread seeded orders over markets. */
const seedCounters = new WeakMap<SimAccount, number>();

interface Limit {
  readonly key: string;
  readonly limit: number;
}

/** Takes one request on `limit`; returns the headers to send and whether it is allowed. */
function takeRate(
  state: SimState,
  account: SimAccount,
  limit: Limit,
): { allowed: boolean; headers: Record<string, string> } {
  const key = `bybit:${account.index}:${limit.key}`;
  const allowed = state.takeRate(key, limit.limit, 1000);
  let windows = headerWindows.get(state);
  if (!windows) {
    windows = new Map();
    headerWindows.set(state, windows);
  }
  const now = performance.now();
  const starts = (windows.get(key) ?? []).filter((t) => t > now - 1000);
  if (allowed) starts.push(now);
  windows.set(key, starts);
  const venueNow = state.venueNow("bybit");
  const oldest = starts[0] ?? now;
  const reset = allowed ? venueNow : Math.round(venueNow + (oldest + 1000 - now));
  return {
    allowed,
    headers: {
      "X-Bapi-Limit": String(limit.limit),
      "X-Bapi-Limit-Status": String(Math.max(0, limit.limit - starts.length)),
      "X-Bapi-Limit-Reset-Timestamp": String(reset),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Envelopes
// ---------------------------------------------------------------------------------------------

function traceId(state: SimState): string {
  return state.nextUuid().replaceAll("-", "");
}

function ok(
  state: SimState,
  result: unknown,
  headers: Record<string, string> = {},
  retExtInfo: unknown = {},
): Response {
  return json(
    { retCode: 0, retMsg: "OK", result, retExtInfo, time: state.venueNow("bybit") },
    200,
    { Traceid: traceId(state), ...headers },
  );
}

function fail(
  state: SimState,
  code: number,
  message?: string,
  headers: Record<string, string> = {},
): Response {
  return json(
    {
      retCode: code,
      retMsg: message ?? MESSAGES[String(code)] ?? "error",
      result: {},
      retExtInfo: {},
      time: state.venueNow("bybit"),
    },
    statusFor(code),
    { Traceid: traceId(state), ...headers },
  );
}

/** Bybit's 10006 body omits result, retExtInfo and time (documented example). */
function tooManyVisits(headers: Record<string, string>): Response {
  return json({ retCode: 10006, retMsg: "Too many visits!" }, 200, headers);
}

// ---------------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------------

async function authenticate(req: SimRequest, state: SimState): Promise<SimAccount | Response> {
  const apiKey = req.headers.get("x-bapi-api-key") ?? "";
  const account = apiKey === "" ? undefined : state.byApiKey("bybit", apiKey);
  if (!account) return fail(state, 10003);
  const tsText = req.headers.get("x-bapi-timestamp") ?? "";
  const recvText = req.headers.get("x-bapi-recv-window") ?? "5000";
  const recv = /^\d+$/.test(recvText) ? Number(recvText) : NaN;
  if (!Number.isSafeInteger(recv) || recv <= 0) {
    return fail(state, 10001, "Invalid recv_window");
  }
  const server = state.venueNow("bybit");
  const ts = /^\d+$/.test(tsText) ? Number(tsText) : NaN;
  // Accepted when server_time - recv_window <= timestamp < server_time + 1000.
  if (!(Number.isFinite(ts) && server - recv <= ts && ts < server + 1000)) {
    return fail(
      state,
      10002,
      `invalid request, please check your server timestamp or recv_window param. req_timestamp[${tsText}],server_timestamp[${server}],recv_window[${recvText}]`,
    );
  }
  const payload = req.method === "GET" ? req.rawQuery : req.body;
  const origin = `${tsText}${apiKey}${recvText}${payload}`;
  const expected = await hmacHex(account.secret, origin);
  const given = req.headers.get("x-bapi-sign") ?? "";
  if (!timingSafeEqual(given, expected)) {
    // Bybit echoes the string it signed (which holds the API key) in this message.
    return fail(state, 10004, `error sign! origin_string[${origin}]`);
  }
  return account;
}

// ---------------------------------------------------------------------------------------------
// Parameters and filters
// ---------------------------------------------------------------------------------------------

type Params = Record<string, unknown>;

function isCategory(v: unknown): v is Category {
  return v === "spot" || v === "linear" || v === "inverse" || v === "option";
}

/** An optional uppercase string parameter: the value, undefined, or false when malformed. */
function upper(params: Params, key: string): string | undefined | false {
  const v = params[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string" || !/^[A-Z0-9][A-Z0-9-]*$/.test(v)) return false;
  return v;
}

/** Whether an order passes `orderFilter`; `listing` picks the listing's default (all kinds). */
function passesFilter(
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

interface Selector {
  readonly symbol?: string | undefined;
  readonly baseCoin?: string | undefined;
  readonly settleCoin?: string | undefined;
}

/** Priority symbol > baseCoin > settleCoin, as the venue applies it. */
function passesSelector(order: SimOrder, s: Selector): boolean {
  if (s.symbol !== undefined) return order.symbol === s.symbol;
  if (s.baseCoin !== undefined) return order.baseCoin === s.baseCoin;
  if (s.settleCoin !== undefined) return order.settleCoin === s.settleCoin;
  return true;
}

function readSelector(params: Params): Selector | false {
  const symbol = upper(params, "symbol");
  const baseCoin = upper(params, "baseCoin");
  const settleCoin = upper(params, "settleCoin");
  if (symbol === false || baseCoin === false || settleCoin === false) return false;
  return { symbol, baseCoin, settleCoin };
}

// ---------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------

function parseBody(req: SimRequest): Params | undefined {
  try {
    const value: unknown = JSON.parse(req.body);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    return Object.fromEntries(Object.entries(value));
  } catch {
    return undefined;
  }
}

function cancelAll(req: SimRequest, state: SimState, account: SimAccount): Response {
  const params = parseBody(req);
  if (!params) return fail(state, 10001);
  const category = params.category;
  if (!isCategory(category)) return fail(state, 10001, "params error: category invalid");
  const selector = readSelector(params);
  if (!selector) return fail(state, 10001, "params error: symbol/baseCoin/settleCoin invalid");
  const futures = category === "linear" || category === "inverse";
  if (futures && !selector.symbol && !selector.baseCoin && !selector.settleCoin) {
    return fail(state, 10001, "params error: symbol or baseCoin or settleCoin is required");
  }
  if (selector.symbol !== undefined && !listed(category, selector.symbol)) {
    return fail(state, 10001, `params error: symbol invalid ${selector.symbol}`);
  }
  if (category === "spot" && selector.settleCoin !== undefined) {
    // UNVERIFIED: the docs say "not supported"; the exact answer is unknown.
    return fail(state, 10001, "params error: settleCoin is not supported for spot");
  }
  const filter = params.orderFilter;
  if (filter !== undefined && !CANCEL_ALL_FILTERS[category].includes(String(filter))) {
    return category === "spot" ? fail(state, 170202) : fail(state, 10001, "orderFilter invalid");
  }
  const stopOrderType = params.stopOrderType;
  if (
    stopOrderType !== undefined &&
    (stopOrderType !== "Stop" || !futures || filter !== "StopOrder")
  ) {
    return fail(state, 10001, "params error: stopOrderType invalid");
  }
  const rate = takeRate(state, account, {
    key: `cancel-all:${category}`,
    limit: CANCEL_ALL_LIMIT[category],
  });
  if (!rate.allowed) return tooManyVisits(rate.headers);
  let targets = state.openOrders(account).filter((o) =>
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
    targets = pickRandom(targets, FUTURES_CANCEL_CAP, state);
  }
  for (const o of targets) cancelNow(o);
  reappear(req, state, account, category, selector);
  const list = targets.map((o) => ({ orderId: o.id, orderLinkId: o.clientId }));
  // UTA 1.0 inverse answers without `success` (documented); keep that variant alive.
  const result = category === "inverse" ? { list } : { list, success: "1" };
  return ok(state, result, rate.headers);
}

/** `n` distinct orders chosen uniformly at random (partial Fisher-Yates). */
function pickRandom(orders: SimOrder[], n: number, state: SimState): SimOrder[] {
  const a = orders.slice();
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(state.random() * (a.length - i));
    const t = a[i];
    const u = a[j];
    if (t === undefined || u === undefined) break;
    a[i] = u;
    a[j] = t;
  }
  return a.slice(0, n);
}

/** Finds the order a cancel names: orderId wins over orderLinkId. */
function findOrder(
  account: SimAccount,
  orderId: unknown,
  orderLinkId: unknown,
): SimOrder | undefined {
  if (typeof orderId === "string" && orderId !== "") return account.orders.get(orderId);
  if (typeof orderLinkId === "string" && orderLinkId !== "") {
    for (const o of account.orders.values()) {
      if (o.clientId === orderLinkId && isActive(o)) return o;
    }
  }
  return undefined;
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
  account: SimAccount,
  category: Category,
  symbol: unknown,
  orderId: unknown,
  orderLinkId: unknown,
  spotFilter = "Order",
): { code: number; order?: SimOrder | undefined } {
  const order = findOrder(account, orderId, orderLinkId);
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

function cancelOne(req: SimRequest, state: SimState, account: SimAccount): Response {
  const params = parseBody(req);
  if (!params) return fail(state, 10001);
  const category = params.category;
  if (!isCategory(category)) return fail(state, 10001, "params error: category invalid");
  if (typeof params.symbol !== "string" || params.symbol === "") {
    return fail(state, 10001, "params error: symbol is required");
  }
  if (!hasRef(params)) return fail(state, 10001, "params error: orderId or orderLinkId required");
  // orderFilter is "valid for spot only"; ASSUMED: other categories ignore it.
  const filter = params.orderFilter ?? "Order";
  if (category === "spot" && !CANCEL_ONE_SPOT_FILTERS.includes(String(filter))) {
    return fail(state, 170202);
  }
  const rate = takeRate(state, account, { key: `cancel:${category}`, limit: CANCEL_LIMIT });
  if (!rate.allowed) return tooManyVisits(rate.headers);
  const { code, order } = cancelItem(
    account,
    category,
    params.symbol,
    params.orderId,
    params.orderLinkId,
    String(filter),
  );
  reappear(req, state, account, category, { symbol: params.symbol });
  if (code !== 0 || !order) return fail(state, code, undefined, rate.headers);
  return ok(state, { orderId: order.id, orderLinkId: order.clientId }, rate.headers);
}

function cancelBatch(req: SimRequest, state: SimState, account: SimAccount): Response {
  const params = parseBody(req);
  if (!params) return fail(state, 10001);
  const category = params.category;
  if (!isCategory(category)) return fail(state, 10001, "params error: category invalid");
  const request = params.request;
  if (!Array.isArray(request) || request.length === 0) {
    return fail(state, 10001, "params error: request is required");
  }
  if (request.length > BATCH_MAX[category]) {
    return fail(state, 10001, `params error: at most ${BATCH_MAX[category]} orders per batch`);
  }
  const rate = takeRate(state, account, { key: `cancel-batch:${category}`, limit: BATCH_LIMIT });
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
    const { code, order } = cancelItem(account, category, symbol, orderId, orderLinkId);
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
  reappear(req, state, account, category, {
    symbol: typeof symbol === "string" ? symbol : undefined,
  });
  return ok(state, { list }, rate.headers, { list: ext });
}

/** The cursor names the last order of the page, Bybit-style (`page_args%3D<id>%26...`). */
function encodeCursor(order: SimOrder, category: Category): string {
  return `page_args%3D${order.id}%26category%3D${category}%26`;
}

/** Accepts the cursor as sent back verbatim or once more decoded; undefined when malformed. */
function decodeCursor(cursor: string): string | undefined {
  let c = cursor;
  for (let i = 0; i < 2 && /%[0-9A-Fa-f]{2}/.test(c); i++) {
    try {
      c = decodeURIComponent(c);
    } catch {
      return undefined;
    }
  }
  const m = /^page_args=([^&]+)&/.exec(c);
  return m?.[1];
}

function realtime(req: SimRequest, state: SimState, account: SimAccount): Response {
  const query = new URLSearchParams(req.rawQuery);
  const params: Params = {};
  for (const [k, v] of query) params[k] = v;
  const category = params.category;
  if (!isCategory(category)) return fail(state, 10001, "params error: category invalid");
  const selector = readSelector(params);
  if (!selector) return fail(state, 10001, "params error: symbol/baseCoin/settleCoin invalid");
  if (
    category === "linear" && !selector.symbol && !selector.baseCoin && !selector.settleCoin
  ) {
    // Documented for linear only; inverse, spot and option may list bare.
    return fail(state, 10001, "params error: symbol or baseCoin or settleCoin is required");
  }
  if (selector.symbol !== undefined && !listed(category, selector.symbol)) {
    return fail(state, 10001, `params error: symbol invalid ${selector.symbol}`);
  }
  if (
    category === "spot" && (selector.settleCoin !== undefined || selector.baseCoin !== undefined)
  ) {
    // UNVERIFIED: docs list baseCoin for linear/inverse/option and settleCoin as not for spot.
    return fail(state, 10001, "params error: baseCoin/settleCoin not supported for spot");
  }
  const filterText = query.get("orderFilter") ?? undefined;
  if (filterText !== undefined && !LIST_FILTERS[category].includes(filterText)) {
    return category === "spot" ? fail(state, 170202) : fail(state, 10001, "orderFilter invalid");
  }
  const limitText = query.get("limit");
  const limit = limitText === null ? 20 : /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 50)) {
    return fail(state, 10001, "params error: limit must be in [1, 50]");
  }
  const cursorText = query.get("cursor") ?? "";
  const rate = takeRate(state, account, { key: "realtime", limit: REALTIME_LIMIT });
  if (!rate.allowed) return tooManyVisits(rate.headers);

  state.settle(account);
  // Newest first: the reverse of insertion (creation) order; no sort per request.
  const all = [...account.orders.values()];
  let start = all.length - 1;
  if (cursorText !== "") {
    const id = decodeCursor(cursorText);
    let at = -1;
    if (id !== undefined) {
      for (let i = all.length - 1; i >= 0; i--) {
        if (all[i]?.id === id) {
          at = i;
          break;
        }
      }
    }
    if (at < 0) return fail(state, 10001, "params error: cursor invalid", rate.headers);
    start = at - 1;
  }
  const orderId = query.get("orderId") ?? "";
  const orderLinkId = query.get("orderLinkId") ?? "";
  const matches = (o: SimOrder): boolean => {
    if (!isActive(o) || o.market !== category) return false;
    if (orderId !== "") return o.id === orderId;
    if (orderLinkId !== "") return o.clientId === orderLinkId;
    return passesSelector(o, selector) && passesFilter(o, category, filterText, undefined, true);
  };
  const page: SimOrder[] = [];
  let more = false;
  for (let i = start; i >= 0; i--) {
    const o = all[i];
    if (!o || !matches(o)) continue;
    if (page.length === limit) {
      more = true;
      break;
    }
    page.push(o);
  }
  const last = page[page.length - 1];
  const nextPageCursor = more && last ? encodeCursor(last, category) : "";
  return ok(state, { list: page.map(render), nextPageCursor, category }, rate.headers);
}

/** Renders one instrument the way GET /v5/market/instruments-info does per category. */
function renderInstrument(category: Category, m: Market): Record<string, unknown> {
  const tick = m.price >= 1000 ? "0.10" : m.price >= 1 ? "0.01" : "0.0001";
  if (category === "spot") {
    return {
      symbol: m.symbol,
      baseCoin: m.base,
      quoteCoin: m.settle,
      innovation: "0",
      symbolType: "",
      status: "Trading",
      marginTrading: "none",
      stTag: "0",
      lotSizeFilter: {
        basePrecision: "0.000001",
        quotePrecision: "0.00000001",
        minOrderQty: "0.000048",
        maxOrderQty: "71.73956243",
        minOrderAmt: "1",
        maxOrderAmt: "2000000",
      },
      priceFilter: { tickSize: tick },
      riskParameters: { priceLimitRatioX: "0.05", priceLimitRatioY: "0.05" },
    };
  }
  if (category === "option") {
    return {
      symbol: m.symbol,
      optionsType: m.symbol.includes("-C") ? "Call" : "Put",
      status: "Trading",
      baseCoin: m.base,
      quoteCoin: m.settle === "USDT" ? "USDT" : "USD",
      settleCoin: m.settle,
      launchTime: "1735000000000",
      deliveryTime: "1766736000000",
      deliveryFeeRate: "0.00015",
      priceFilter: { minPrice: "5", maxPrice: "10000000", tickSize: "5" },
      lotSizeFilter: { maxOrderQty: "500", minOrderQty: "0.01", qtyStep: "0.01" },
      displayName: "",
    };
  }
  const dated = /\d{2}$/.test(m.symbol) || m.symbol.includes("-");
  const family = category === "linear" ? "Linear" : "Inverse";
  return {
    symbol: m.symbol,
    contractType: `${family}${dated ? "Futures" : "Perpetual"}`,
    status: "Trading",
    baseCoin: m.base,
    quoteCoin: category === "inverse" ? "USD" : m.settle,
    symbolType: "",
    launchTime: "1585526400000",
    deliveryTime: "0",
    deliveryFeeRate: "",
    priceScale: "2",
    leverageFilter: { minLeverage: "1", maxLeverage: "100.00", leverageStep: "0.01" },
    priceFilter: { minPrice: "0.10", maxPrice: "1999999.80", tickSize: tick },
    lotSizeFilter: {
      minNotionalValue: "5",
      maxOrderQty: "1190.000",
      maxMktOrderQty: "500.000",
      minOrderQty: "0.001",
      qtyStep: "0.001",
      postOnlyMaxOrderQty: "1190.000",
    },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: m.settle,
    copyTrading: "both",
    upperFundingRate: "0.005",
    lowerFundingRate: "-0.005",
    displayName: "",
    isPreListing: false,
    preListingInfo: null,
  };
}

/**
 * GET /v5/market/instruments-info (public). Per instrument.mdx: category required; spot has
 * one page (limit and cursor ignored); limit 1..1000, default 500; `status` defaults to
 * Trading (every simulated instrument trades); a `baseCoin` query on linear or inverse
 * returns linear and inverse contracts alike; option without baseCoin or symbol lists BTC.
 */
function instrumentsInfo(req: SimRequest, state: SimState): Response {
  const query = new URLSearchParams(req.rawQuery);
  const category = query.get("category");
  if (!isCategory(category)) return fail(state, 10001, "params error: category invalid");
  const symbol = query.get("symbol") ?? "";
  const baseCoin = query.get("baseCoin") ?? "";
  const status = query.get("status") ?? "";
  let rows: { category: Category; market: Market }[];
  if (baseCoin !== "" && (category === "linear" || category === "inverse")) {
    rows = (["linear", "inverse"] as const).flatMap((c) =>
      instrumentsOf(c).filter((m) => m.base === baseCoin).map((market) => ({ category: c, market }))
    );
  } else {
    rows = instrumentsOf(category).map((market) => ({ category, market }));
    if (category === "option" && symbol === "") {
      const base = baseCoin === "" ? "BTC" : baseCoin;
      rows = rows.filter((r) => r.market.base === base);
    }
  }
  if (symbol !== "") rows = rows.filter((r) => r.market.symbol === symbol);
  if (status !== "" && status !== "Trading") rows = [];
  if (category === "spot") {
    return json({
      retCode: 0,
      retMsg: "OK",
      result: { category, list: rows.map((r) => renderInstrument(r.category, r.market)) },
      retExtInfo: {},
      time: state.venueNow("bybit"),
    });
  }
  const limitText = query.get("limit");
  const limit = limitText === null ? 500 : /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) {
    return fail(state, 10001, "params error: limit must be in [1, 1000]");
  }
  const cursor = query.get("cursor") ?? "";
  const start = cursor === "" ? 0 : /^\d+$/.test(cursor) ? Number(cursor) : NaN;
  if (!Number.isInteger(start)) return fail(state, 10001, "params error: cursor invalid");
  const page = rows.slice(start, start + limit);
  const next = start + limit < rows.length ? String(start + limit) : "";
  return json({
    retCode: 0,
    retMsg: "OK",
    result: {
      category,
      list: page.map((r) => renderInstrument(r.category, r.market)),
      nextPageCursor: next,
    },
    retExtInfo: {},
    time: state.venueNow("bybit"),
  });
}

function serverTime(state: SimState): Response {
  const now = state.venueNow("bybit");
  const nano = BigInt(now) * 1_000_000n + BigInt(Math.floor(state.random() * 1_000_000));
  return json({
    retCode: 0,
    retMsg: "OK",
    result: { timeSecond: String(Math.floor(now / 1000)), timeNano: nano.toString() },
    retExtInfo: {},
    time: now,
  });
}

/** Takes a `reappear` fault after a cancel: a strategy keeps placing orders in the same scope. */
function reappear(
  req: SimRequest,
  state: SimState,
  account: SimAccount,
  category: Category,
  selector: Selector,
): void {
  const fault = state.takeFault("bybit", req.method, req.path, ["reappear"], account.index);
  if (!fault) return;
  const markets = instrumentsOf(category);
  const market = markets.find((m) =>
    selector.symbol !== undefined
      ? m.symbol === selector.symbol
      : selector.baseCoin !== undefined
      ? m.base === selector.baseCoin
      : selector.settleCoin !== undefined
      ? m.settle === selector.settleCoin
      : true
  );
  if (!market) return;
  for (let i = 0; i < (fault.orders ?? 1); i++) {
    const order = bybitSim.makeOrder(account, {
      venue: "bybit",
      account: account.index,
      count: 1,
      market: category,
      symbol: market.symbol,
    }, state);
    account.orders.set(order.id, order);
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding and rendering
// ---------------------------------------------------------------------------------------------

function marketOf(symbol: string, category: Category | undefined): [Category, Market] {
  for (const c of category ? [category] : CATEGORIES) {
    const m = instrumentsOf(c).find((x) => x.symbol === symbol);
    if (m) return [c, m];
  }
  // The venue knows its instruments; the simulator does not invent coins from a name.
  throw new RangeError(
    `bybit: ${symbol} is not a simulated ${
      category ?? "Bybit"
    } instrument (see GET /v5/market/instruments-info)`,
  );
}

/** Whether `symbol` is an instrument of `category`. */
function listed(category: Category, symbol: string): boolean {
  return instrumentsOf(category).some((m) => m.symbol === symbol);
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
function render(order: SimOrder): Record<string, unknown> {
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

function makeOrder(account: SimAccount, spec: SeedSpec, state: SimState): SimOrder {
  const seq = seedCounters.get(account) ?? 0;
  seedCounters.set(account, seq + 1);
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
    id: category === "spot" ? state.nextNumericId() : state.nextUuid(),
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

// ---------------------------------------------------------------------------------------------
// The handler
// ---------------------------------------------------------------------------------------------

type Handler = (req: SimRequest, state: SimState, account: SimAccount) => Response;

const ROUTES: Readonly<Record<string, Handler>> = {
  "POST /v5/order/cancel-all": cancelAll,
  "POST /v5/order/cancel": cancelOne,
  "POST /v5/order/cancel-batch": cancelBatch,
  "GET /v5/order/realtime": realtime,
};

/**
 * The Bybit v5 simulator (unified accounts).
 *
 * @example Serve Bybit on a free port
 * ```ts
 * import { startServer } from "./server.ts";
 * import { bybitSim } from "./bybit.ts";
 * const server = startServer([bybitSim], { port: 0 });
 * await server.close();
 * ```
 */
export const bybitSim: VenueSim = {
  venue: "bybit",
  prefixes: ["/v5/"],
  markets: (Object.entries(MARKETS) as [Category, readonly Market[]][]).flatMap(([market, rows]) =>
    rows.map((r) => ({ market, symbol: r.symbol }))
  ),
  async handle(req: SimRequest, state: SimState): Promise<Response> {
    if (req.path === "/v5/market/time") {
      return req.method === "GET" ? serverTime(state) : notFound();
    }
    if (req.path === "/v5/market/instruments-info") {
      return req.method === "GET" ? instrumentsInfo(req, state) : notFound();
    }
    const handler = ROUTES[`${req.method} ${req.path}`];
    if (!handler) return notFound();
    const account = await authenticate(req, state);
    if (account instanceof Response) return account;
    return handler(req, state, account);
  },
  errorFor(code: string, status: number | undefined): Response {
    if (status === 403) {
      return new Response(
        "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1></body></html>",
        { status: 403, headers: { "content-type": "text/html" } },
      );
    }
    const n = /^-?\d+$/.test(code) ? Number(code) : 10016;
    if (n === 10006) {
      return json({ retCode: 10006, retMsg: MESSAGES["10006"] }, status ?? 200, {
        "X-Bapi-Limit": "10",
        "X-Bapi-Limit-Status": "0",
        "X-Bapi-Limit-Reset-Timestamp": String(Date.now() + 200),
      });
    }
    return json(
      {
        retCode: n,
        retMsg: MESSAGES[String(n)] ?? "error",
        result: {},
        retExtInfo: {},
        time: Date.now(),
      },
      status ?? statusFor(n),
    );
  },
  makeOrder,
  render,
};

function notFound(): Response {
  return new Response("404 page not found", { status: 404 });
}
