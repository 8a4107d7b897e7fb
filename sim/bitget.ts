/**
 * The Bitget v2 mix (futures) simulator: signature checks as the venue does them, per-account
 * per-endpoint rate limits, cancel-all-orders with successList/failureList (trigger orders
 * left alone), single, batch and plan cancels, and idLessThan/endId paginated listings. Unified
 * trading accounts (the v3 API, `/api/v3/`) are served by `bitget_uta.ts`; such an account
 * answers every v2 private call with 40085.
 *
 * Points no source settled are marked UNVERIFIED.
 *
 * @module
 */

import { hmacBase64, timingSafeEqual } from "../venues/_crypto.ts";
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
import { bitgetAccountMode, handleUta, isUtaOrder, makeUtaOrder, renderUta } from "./bitget_uta.ts";

const PRODUCT_TYPES = [
  "USDT-FUTURES",
  "COIN-FUTURES",
  "USDC-FUTURES",
  "SUSDT-FUTURES",
  "SCOIN-FUTURES",
  "SUSDC-FUTURES",
] as const;
type ProductType = (typeof PRODUCT_TYPES)[number];

/**
 * cancel-plan-order's documented plan types. Anything else, `track_plan` included (a listing
 * type), is refused with 40034 (the refusal code is ASSUMED: no page documents it).
 */
const CANCEL_PLAN_TYPES = [
  "normal_plan",
  "profit_plan",
  "loss_plan",
  "pos_profit",
  "pos_loss",
  "moving_plan",
];
/** What orders-plan-pending's `planType` selects. */
const LIST_PLAN_GROUPS: Record<string, readonly string[]> = {
  normal_plan: ["normal_plan"],
  track_plan: ["track_plan"],
  profit_loss: ["profit_plan", "loss_plan", "pos_profit", "pos_loss", "moving_plan"],
};
/**
 * Plan types seeded conditional orders rotate through: the ones cancel-plan-order documents.
 * `track_plan` orders (which no documented cancel takes) are seeded only on request (tests set
 * `extra.planType`), so that a default fire drill can end FLAT.
 */
const SEED_PLAN_TYPES = [
  "normal_plan",
  "profit_plan",
  "loss_plan",
  "normal_plan",
  "pos_profit",
  "moving_plan",
  "pos_loss",
];

/** Symbols per product family: [symbol, base coin, margin coin]. Demo types reuse them (UNVERIFIED). */
const MARKETS: Record<"USDT" | "COIN" | "USDC", ReadonlyArray<readonly [string, string, string]>> =
  {
    USDT: [["BTCUSDT", "BTC", "USDT"], ["ETHUSDT", "ETH", "USDT"], ["SOLUSDT", "SOL", "USDT"]],
    COIN: [["BTCUSD", "BTC", "BTC"], ["ETHUSD", "ETH", "ETH"]],
    USDC: [["BTCPERP", "BTC", "USDC"], ["ETHPERP", "ETH", "USDC"]],
  };
const DEFAULT_ROTATION: readonly ProductType[] = ["USDT-FUTURES", "COIN-FUTURES", "USDC-FUTURES"];

/** ACCESS-TIMESTAMP must be within this of the server clock (docs: 30 s; exact bound UNVERIFIED). */
const WINDOW_MS = 30_000;
const PAGE_MAX = 100;
/**
 * Listings cover a creation-time window: without startTime the last three months; at most
 * 90 days wide (40705 "The start and end time cannot exceed 90 days").
 */
const LIST_SPAN_MS = 90 * 24 * 3600 * 1000;

const P = {
  time: "/api/v2/public/time",
  cancelAll: "/api/v2/mix/order/cancel-all-orders",
  cancelOrder: "/api/v2/mix/order/cancel-order",
  batchCancel: "/api/v2/mix/order/batch-cancel-orders",
  cancelPlan: "/api/v2/mix/order/cancel-plan-order",
  pending: "/api/v2/mix/order/orders-pending",
  planPending: "/api/v2/mix/order/orders-plan-pending",
} as const;

const MESSAGES: Record<string, string> = {
  "429": "Too Many Requests",
  "40001": "ACCESS_KEY cannot be empty",
  "40003": "Signature cannot be empty",
  "40005": "Invalid ACCESS_TIMESTAMP",
  "40006": "Invalid ACCESS_KEY",
  "40007": "Invalid Content_Type, please use the application/json format",
  "40008": "Request timestamp expired",
  "40009": "sign signature error",
  "40010": "Request timed out",
  "40011": "ACCESS_PASSPHRASE cannot be empty",
  "40012": "apikey/password is incorrect",
  "40017": "Parameter verification failed",
  "40019": "Parameter cannot be empty",
  "40034": "Parameter does not exist",
  "40705": "The start and end time cannot exceed 90 days",
  "40707": "Start time is greater than end time",
  "40404": "Request URL NOT FOUND",
  "40725": "service return an error",
  "40768": "Order does not exist",
  "40808": "Parameter verification exception margin coin must be capitalized",
  "43001": "The order does not exist",
  "43025": "Plan order does not exist",
  "22001": "No order to cancel",
  "400172": "Parameter verification failed",
};

function envelope(code: string, msg: string, data: unknown): Record<string, unknown> {
  return { code, msg, requestTime: Date.now(), data };
}

function ok(data: unknown): Response {
  return json(envelope("00000", "success", data));
}

/** The venue's error: `{code, msg, requestTime, data: null}`; HTTP 400 unless told (429 for "429"). */
function fail(code: string, msg?: string, status?: number): Response {
  const s = status ?? (code === "429" ? 429 : 400);
  return json(envelope(code, msg ?? MESSAGES[code] ?? "Request failed", null), s);
}

function family(productType: string): "USDT" | "COIN" | "USDC" {
  const p = productType.replace(/^S/, "");
  return p === "USDT-FUTURES" ? "USDT" : p === "USDC-FUTURES" ? "USDC" : "COIN";
}

/** Numeric ids of one length compare as strings; shorter is smaller. */
function idLess(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}

function byIdDesc(a: SimOrder, b: SimOrder): number {
  return a.id === b.id ? 0 : idLess(a.id, b.id) ? 1 : -1;
}

type Params = Record<string, unknown>;

function str(p: Params, key: string): string | undefined {
  const v = p[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Venue-side product type check: case-insensitive (the docs' examples send `usdt-futures`). */
function productTypeOf(p: Params): ProductType | Response {
  const raw = str(p, "productType");
  if (raw === undefined) return fail("40019", "Parameter productType cannot be empty");
  const up = raw.toUpperCase();
  const found = PRODUCT_TYPES.find((t) => t === up);
  return found ?? fail("40034", `Parameter productType does not exist`);
}

/** Uppercase margin coin, or the 40808 rejection a lowercase one gets. */
function marginCoinOf(p: Params): string | undefined | Response {
  const coin = str(p, "marginCoin");
  if (coin === undefined) return undefined;
  if (coin !== coin.toUpperCase()) return fail("40808");
  return coin;
}

function symbolMatches(order: SimOrder, symbol: string | undefined): boolean {
  return symbol === undefined || order.symbol.toUpperCase() === symbol.toUpperCase();
}

function coinMatches(order: SimOrder, coin: string | undefined): boolean {
  return coin === undefined || order.settleCoin === coin ||
    order.extra.marginCoin?.toUpperCase() === coin;
}

interface Ref {
  orderId: string;
  clientOid: string;
}

function refsOf(p: Params): Ref[] | undefined | Response {
  const list = p.orderIdList;
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) return fail("40017", "Parameter orderIdList must be a list");
  if (list.length > 50) return fail("400172", "orderIdList size must be less than or equal 50");
  const out: Ref[] = [];
  for (const item of list) {
    if (typeof item !== "object" || item === null) return fail("40017");
    const orderId = str(item as Params, "orderId") ?? "";
    const clientOid = str(item as Params, "clientOid") ?? "";
    if (orderId === "" && clientOid === "") {
      return fail("40019", "Either orderId or clientOid is required");
    }
    out.push({ orderId, clientOid });
  }
  return out;
}

function findOrder(account: SimAccount, ref: Ref): SimOrder | undefined {
  if (ref.orderId !== "") return account.orders.get(ref.orderId);
  for (const o of account.orders.values()) if (o.clientId === ref.clientOid) return o;
  return undefined;
}

/** Adds `reappear` orders after a cancel call: a strategy still placing orders. */
function reappear(
  req: SimRequest,
  state: SimState,
  account: SimAccount,
  productType: ProductType,
  kind: "regular" | "conditional",
): void {
  const fault = state.takeFault("bitget", req.method, req.path, ["reappear"], account.index);
  if (!fault) return;
  for (let i = 0; i < (fault.orders ?? 1); i++) {
    const order = makeOrder(
      account,
      { venue: "bitget", account: account.index, count: 1, market: productType, kind },
      state,
    );
    account.orders.set(order.id, order);
  }
}

/** Cancels `targets`, except the ones a `partial-failure` fault keeps open. */
function cancelWithFaults(
  req: SimRequest,
  state: SimState,
  account: SimAccount,
  targets: SimOrder[],
): { successList: Ref[]; failureList: Record<string, string>[] } {
  // A failure list needs something to fail: a call with nothing to cancel leaves the fault.
  const fault = targets.length === 0
    ? undefined
    : state.takeFault("bitget", req.method, req.path, ["partial-failure"], account.index);
  const keep = fault ? Math.min(targets.length, fault.orders ?? 1) : 0;
  const failureList = targets.slice(0, keep).map((o) => ({
    orderId: o.id,
    clientOid: o.clientId,
    errorMsg: MESSAGES["40725"] ?? "",
    errorCode: "40725",
  }));
  const successList = targets.slice(keep).map((o) => {
    cancelNow(o);
    return { orderId: o.id, clientOid: o.clientId };
  });
  return { successList, failureList };
}

/**
 * Cancels the orders an `orderIdList` names: those `inScope` and still active; every other
 * id becomes the endpoint's own failure item. Bitget requires the symbol with an id list.
 */
function cancelByRefs(
  req: SimRequest,
  state: SimState,
  account: SimAccount,
  refs: readonly Ref[],
  symbol: string | undefined,
  inScope: (o: SimOrder) => boolean,
  failure: (ref: Ref) => Record<string, string>,
): { successList: Ref[]; failureList: Record<string, string>[] } | Response {
  if (symbol === undefined) {
    return fail("40019", "Parameter symbol cannot be empty when orderIdList is set");
  }
  state.settle(account);
  const targets: SimOrder[] = [];
  const gone: Record<string, string>[] = [];
  for (const ref of refs) {
    const o = findOrder(account, ref);
    if (o && inScope(o) && isActive(o)) targets.push(o);
    else gone.push(failure(ref));
  }
  const r = cancelWithFaults(req, state, account, targets);
  return { successList: r.successList, failureList: [...r.failureList, ...gone] };
}

// ---------------------------------------------------------------------------------------------
// Authentication, exactly as the venue checks it.

async function authenticate(req: SimRequest, state: SimState): Promise<SimAccount | Response> {
  const key = req.headers.get("ACCESS-KEY");
  const sign = req.headers.get("ACCESS-SIGN");
  const ts = req.headers.get("ACCESS-TIMESTAMP");
  const passphrase = req.headers.get("ACCESS-PASSPHRASE");
  if (!key) return fail("40001");
  if (!sign) return fail("40003");
  if (!passphrase) return fail("40011");
  if (!ts || !/^[0-9]{1,16}$/.test(ts)) return fail("40005");
  const account = state.byApiKey("bitget", key);
  if (!account) return fail("40006");
  if (Math.abs(state.venueNow("bitget") - Number(ts)) > WINDOW_MS) return fail("40008");
  if (!timingSafeEqual(passphrase, account.passphrase)) return fail("40012");
  // The raw query exactly as received, the raw body exactly as received.
  const prehash = `${ts}${req.method.toUpperCase()}${req.path}${
    req.rawQuery === "" ? "" : `?${req.rawQuery}`
  }${req.body}`;
  const expected = await hmacBase64(account.secret, prehash);
  if (!timingSafeEqual(sign, expected)) return fail("40009");
  return account;
}

// ---------------------------------------------------------------------------------------------
// Endpoints

type Handler = (
  req: SimRequest,
  state: SimState,
  account: SimAccount,
  params: Params,
) => Response;

const cancelAllOrders: Handler = (req, state, account, p) => {
  const productType = productTypeOf(p);
  if (productType instanceof Response) return productType;
  const coin = marginCoinOf(p);
  if (coin instanceof Response) return coin;
  // Regular orders only: trigger (plan) orders are not touched by cancel-all-orders.
  const targets = state.openOrders(account).filter((o) =>
    o.kind === "regular" && o.market === productType && coinMatches(o, coin)
  ).sort(byIdDesc);
  const result = cancelWithFaults(req, state, account, targets);
  reappear(req, state, account, productType, "regular");
  return ok(result);
};

const cancelOrder: Handler = (req, state, account, p) => {
  const productType = productTypeOf(p);
  if (productType instanceof Response) return productType;
  const symbol = str(p, "symbol");
  if (symbol === undefined) return fail("40019", "Parameter symbol cannot be empty");
  const coin = marginCoinOf(p);
  if (coin instanceof Response) return coin;
  const ref = { orderId: str(p, "orderId") ?? "", clientOid: str(p, "clientOid") ?? "" };
  if (ref.orderId === "" && ref.clientOid === "") {
    return fail("40019", "Either orderId or clientOid is required");
  }
  const order = findOrder(account, ref);
  if (
    !order || order.kind !== "regular" || order.market !== productType ||
    !symbolMatches(order, symbol)
  ) return fail("40768");
  if (!isActive(order)) return fail("43001");
  cancelNow(order);
  reappear(req, state, account, productType, "regular");
  return ok({ orderId: order.id, clientOid: order.clientId });
};

const batchCancelOrders: Handler = (req, state, account, p) => {
  const productType = productTypeOf(p);
  if (productType instanceof Response) return productType;
  const coin = marginCoinOf(p);
  if (coin instanceof Response) return coin;
  const symbol = str(p, "symbol");
  const refs = refsOf(p);
  if (refs instanceof Response) return refs;
  let result;
  if (refs === undefined) {
    // No id list: every regular order of the product type (and symbol).
    const targets = state.openOrders(account).filter((o) =>
      o.kind === "regular" && o.market === productType && symbolMatches(o, symbol) &&
      coinMatches(o, coin)
    ).sort(byIdDesc);
    result = cancelWithFaults(req, state, account, targets);
  } else {
    const byRefs = cancelByRefs(
      req,
      state,
      account,
      refs,
      symbol,
      (o) => o.kind === "regular" && o.market === productType && symbolMatches(o, symbol),
      (ref) => ({ ...ref, errorMsg: MESSAGES["40768"] ?? "", errorCode: "40768" }),
    );
    if (byRefs instanceof Response) return byRefs;
    result = byRefs;
  }
  reappear(req, state, account, productType, "regular");
  return ok(result);
};

const cancelPlanOrder: Handler = (req, state, account, p) => {
  const productType = productTypeOf(p);
  if (productType instanceof Response) return productType;
  const coin = marginCoinOf(p);
  if (coin instanceof Response) return coin;
  const planType = str(p, "planType") ?? "normal_plan"; // the documented default
  if (!CANCEL_PLAN_TYPES.includes(planType)) {
    return fail("40034", "Parameter planType does not exist");
  }
  const symbol = str(p, "symbol");
  const refs = refsOf(p);
  if (refs instanceof Response) return refs;
  const inGroup = (o: SimOrder) =>
    o.kind === "conditional" && o.market === productType && o.extra.planType === planType &&
    symbolMatches(o, symbol) && coinMatches(o, coin);
  let result;
  if (refs === undefined) {
    const targets = state.openOrders(account).filter(inGroup).sort(byIdDesc);
    result = cancelWithFaults(req, state, account, targets);
  } else {
    // The documented failure item: errorMsg only, no errorCode.
    const byRefs = cancelByRefs(
      req,
      state,
      account,
      refs,
      symbol,
      inGroup,
      (ref) => ({ ...ref, errorMsg: "notExistend" }),
    );
    if (byRefs instanceof Response) return byRefs;
    result = byRefs;
  }
  reappear(req, state, account, productType, "conditional");
  return ok(result);
};

/**
 * The creation-time window a listing covers, as the listing pages describe it: no startTime,
 * the three months before endTime (default now); no endTime, three months after startTime.
 */
function windowOf(p: Params, now: number): { start: number; end: number } | Response {
  const parse = (key: string): number | undefined | Response => {
    const raw = str(p, key);
    if (raw === undefined) return undefined;
    if (!/^[0-9]{1,16}$/.test(raw)) return fail("400172", `Parameter ${key} verification failed`);
    return Number(raw);
  };
  const start = parse("startTime");
  if (start instanceof Response) return start;
  const end = parse("endTime");
  if (end instanceof Response) return end;
  if (start !== undefined && end !== undefined) {
    if (start > end) return fail("40707");
    if (end - start > LIST_SPAN_MS) return fail("40705");
    return { start, end };
  }
  if (start !== undefined) return { start, end: start + LIST_SPAN_MS };
  if (end !== undefined) return { start: end - LIST_SPAN_MS, end };
  // No bound at the top: the venue's "now" (no order is created in the future; seeded orders
  // carry the local clock, which a test may have skewed from the venue's).
  return { start: now - LIST_SPAN_MS, end: Infinity };
}

function page(
  p: Params,
  orders: SimOrder[],
): Response | { list: SimOrder[]; endId: string | null } {
  const rawLimit = str(p, "limit");
  const limit = rawLimit === undefined ? PAGE_MAX : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) {
    return fail("400172", "Parameter limit must be between 1 and 100");
  }
  const below = str(p, "idLessThan");
  orders.sort(byIdDesc); // newest first, once per request
  let start = 0;
  if (below !== undefined) {
    // First index whose id is below the cursor (binary search over the descending list).
    let lo = 0;
    let hi = orders.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const o = orders[mid];
      if (o !== undefined && idLess(o.id, below)) hi = mid;
      else lo = mid + 1;
    }
    start = lo;
  }
  const list = orders.slice(start, start + limit);
  return { list, endId: list.at(-1)?.id ?? null };
}

const ordersPending: Handler = (_req, state, account, p) => {
  const productType = productTypeOf(p);
  if (productType instanceof Response) return productType;
  const symbol = str(p, "symbol");
  const status = str(p, "status");
  if (status !== undefined && status !== "live" && status !== "partially_filled") {
    return fail("40034", "Parameter status does not exist");
  }
  // No status: live orders only (the English page), never the partially filled ones.
  const wanted = status === "partially_filled" ? "partially_filled" : "open";
  const w = windowOf(p, state.venueNow("bitget"));
  if (w instanceof Response) return w;
  const orders = state.openOrders(account).filter((o) =>
    o.kind === "regular" && o.market === productType && symbolMatches(o, symbol) &&
    o.status === wanted && o.createdMs >= w.start && o.createdMs <= w.end
  );
  const r = page(p, orders);
  if (r instanceof Response) return r;
  // An empty page comes back as nulls, as the live venue sends it.
  if (r.list.length === 0) return ok({ entrustedList: null, endId: null });
  return ok({ entrustedList: r.list.map(renderRegular), endId: r.endId });
};

const ordersPlanPending: Handler = (_req, state, account, p) => {
  const productType = productTypeOf(p);
  if (productType instanceof Response) return productType;
  const planType = str(p, "planType");
  if (planType === undefined) return fail("40019", "Parameter planType cannot be empty");
  const group = LIST_PLAN_GROUPS[planType];
  if (!group) return fail("40034", "Parameter planType does not exist");
  const symbol = str(p, "symbol");
  const w = windowOf(p, state.venueNow("bitget"));
  if (w instanceof Response) return w;
  const orders = state.openOrders(account).filter((o) =>
    o.kind === "conditional" && o.market === productType && symbolMatches(o, symbol) &&
    group.includes(o.extra.planType ?? "") && o.createdMs >= w.start && o.createdMs <= w.end
  );
  const r = page(p, orders);
  if (r instanceof Response) return r;
  if (r.list.length === 0) return ok({ entrustedList: null, endId: null });
  return ok({ entrustedList: r.list.map(renderPlan), endId: r.endId });
};

const ROUTES: Record<string, Handler> = {
  [`POST ${P.cancelAll}`]: cancelAllOrders,
  [`POST ${P.cancelOrder}`]: cancelOrder,
  [`POST ${P.batchCancel}`]: batchCancelOrders,
  [`POST ${P.cancelPlan}`]: cancelPlanOrder,
  [`GET ${P.pending}`]: ordersPending,
  [`GET ${P.planPending}`]: ordersPlanPending,
};

async function handle(req: SimRequest, state: SimState): Promise<Response> {
  if (req.path === P.time && req.method === "GET") {
    // Public; 20 req/s per IP.
    if (!state.takeRate("bitget:ip:public-time", 20, 1000)) return fail("429");
    return ok({ serverTime: String(state.venueNow("bitget")) });
  }
  // Unified trading accounts' v3 API: sim/bitget_uta.ts, with the same authentication.
  if (req.path.startsWith("/api/v3/")) return await handleUta(req, state, authenticate);
  const handler = ROUTES[`${req.method} ${req.path}`];
  if (!handler) return fail("40404", undefined, 404);
  const account = await authenticate(req, state);
  if (account instanceof Response) return account;
  // A unified trading account refuses every classic private call (JKorf/Bitget.Net#69).
  if (bitgetAccountMode(state, account.index) === "uta") {
    return fail(
      "40085",
      "You are in Unified Account mode, and the Classic Account API is not supported at this time",
    );
  }
  // 10 requests per second per UID per endpoint (each endpoint's documented limit).
  if (!state.takeRate(`bitget:${account.index}:${req.path}`, 10, 1000)) return fail("429");
  let params: Params;
  if (req.method === "GET") {
    params = Object.fromEntries(new URLSearchParams(req.rawQuery));
  } else {
    const type = req.headers.get("content-type") ?? "";
    if (!type.toLowerCase().includes("application/json")) return fail("40007"); // UNVERIFIED code
    try {
      const parsed: unknown = req.body === "" ? {} : JSON.parse(req.body);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        return fail("40017");
      }
      params = parsed as Params;
    } catch {
      return fail("40017");
    }
  }
  return handler(req, state, account, params);
}

// ---------------------------------------------------------------------------------------------
// Orders: seeding and rendering

function makeOrder(account: SimAccount, spec: SeedSpec, state: SimState): SimOrder {
  if (bitgetAccountMode(state, account.index) === "uta") return makeUtaOrder(account, spec, state);
  const n = account.orders.size;
  const upper = spec.market?.toUpperCase();
  let productType: ProductType = PRODUCT_TYPES.find((t) => t === upper) ??
    DEFAULT_ROTATION[n % DEFAULT_ROTATION.length] ?? "USDT-FUTURES";
  const market = MARKETS[family(productType)];
  let row = market[Math.floor(n / DEFAULT_ROTATION.length) % market.length];
  if (spec.symbol !== undefined) {
    const sym = spec.symbol.toUpperCase();
    const known = Object.entries(MARKETS).flatMap(([f, rows]) => rows.map((r) => [f, r] as const))
      .find(([, r]) => r[0] === sym);
    if (known) {
      if (spec.market === undefined) {
        productType = DEFAULT_ROTATION.find((t) => family(t) === known[0]) ?? productType;
      }
      row = known[1];
    } else {
      const quote = sym.endsWith("USDT") ? "USDT" : sym.endsWith("PERP") ? "PERP" : "USD";
      const base = sym.slice(0, sym.length - quote.length) || sym;
      if (spec.market === undefined) {
        productType = quote === "USDT"
          ? "USDT-FUTURES"
          : quote === "PERP"
          ? "USDC-FUTURES"
          : "COIN-FUTURES";
      }
      const f = family(productType);
      row = [sym, base, f === "COIN" ? base : f];
    }
  }
  const [symbol, baseCoin, marginCoin] = row ?? ["BTCUSDT", "BTC", "USDT"];
  const kind = spec.kind ?? "regular";
  const id = state.nextNumericId();
  const now = Date.now();
  const side = n % 2 === 0 ? "buy" : "sell";
  const basePrice = baseCoin === "BTC" ? 60000 : baseCoin === "ETH" ? 3000 : 150;
  const price = (basePrice * (side === "buy" ? 0.9 : 1.1) + (n % 50)).toFixed(1);
  const extra: Record<string, string> = {
    side,
    price,
    size: ((n % 9) + 1).toFixed(2),
    posSide: side === "buy" ? "long" : "short",
    tradeSide: "open",
    orderType: "limit",
    force: "gtc",
    marginMode: "crossed",
    marginCoin,
  };
  if (kind === "conditional") {
    extra.planType = SEED_PLAN_TYPES[n % SEED_PLAN_TYPES.length] ?? "normal_plan";
    extra.triggerPrice = (Number(price) * (side === "buy" ? 0.98 : 1.02)).toFixed(1);
  }
  return {
    id,
    clientId: `sim${id.slice(-12)}`,
    symbol,
    kind,
    market: productType,
    baseCoin,
    settleCoin: marginCoin,
    status: spec.status ?? "open",
    createdMs: now,
    updatedMs: now,
    extra,
  };
}

function regularStatus(o: SimOrder): string {
  return o.status === "open" ? "live" : o.status;
}

/** An orders-pending item: every field a string, symbol and coin lowercase (as documented). */
function renderRegular(o: SimOrder): Record<string, unknown> {
  return {
    symbol: o.symbol.toLowerCase(),
    size: o.extra.size ?? "1",
    orderId: o.id,
    clientOid: o.clientId,
    baseVolume: o.status === "partially_filled" ? "0.01" : "0",
    fee: "",
    price: o.extra.price ?? "",
    priceAvg: "",
    status: regularStatus(o),
    side: o.extra.side ?? "buy",
    force: o.extra.force ?? "gtc",
    totalProfits: "0",
    posSide: o.extra.posSide ?? "long",
    marginCoin: (o.extra.marginCoin ?? o.settleCoin).toLowerCase(),
    quoteVolume: "0",
    leverage: "20",
    marginMode: o.extra.marginMode ?? "crossed",
    enterPointSource: "api",
    tradeSide: o.extra.tradeSide ?? "open",
    posMode: "hedge_mode",
    orderType: o.extra.orderType ?? "limit",
    orderSource: "normal",
    cTime: String(o.createdMs),
    uTime: String(o.updatedMs),
    presetStopSurplusPrice: "",
    presetStopLossPrice: "",
  };
}

/** An orders-plan-pending item. */
function renderPlan(o: SimOrder): Record<string, unknown> {
  return {
    planType: o.extra.planType ?? "normal_plan",
    symbol: o.symbol.toLowerCase(),
    size: o.extra.size ?? "1",
    orderId: o.id,
    clientOid: o.clientId,
    price: o.extra.price ?? "",
    executePrice: o.extra.price ?? "",
    callbackRatio: "",
    triggerPrice: o.extra.triggerPrice ?? "",
    triggerType: "mark_price",
    planStatus: isActive(o) ? "live" : o.status === "canceled" ? "cancelled" : "executed",
    side: o.extra.side ?? "buy",
    posSide: o.extra.posSide ?? "long",
    marginCoin: (o.extra.marginCoin ?? o.settleCoin).toLowerCase(),
    marginMode: o.extra.marginMode ?? "crossed",
    enterPointSource: "api",
    tradeSide: o.extra.tradeSide ?? "open",
    posMode: "hedge_mode",
    orderType: o.extra.orderType ?? "limit",
    orderSource: "normal",
    cTime: String(o.createdMs),
    uTime: String(o.updatedMs),
  };
}

/**
 * The Bitget venue handler for the simulator server.
 *
 * @example Serve Bitget on a loopback port
 * ```ts
 * import { startServer } from "./server.ts";
 * import { bitgetSim } from "./bitget.ts";
 * const server = startServer([bitgetSim], { accounts: 2 });
 * await server.close();
 * ```
 */
export const bitgetSim: VenueSim = {
  venue: "bitget",
  prefixes: ["/api/v2/", "/api/v3/"],
  markets: ([["USDT-FUTURES", "USDT"], ["COIN-FUTURES", "COIN"], ["USDC-FUTURES", "USDC"]] as const)
    .flatMap(([market, family]) => MARKETS[family].map(([symbol]) => ({ market, symbol }))),
  handle,
  errorFor: (code, status) => fail(code, undefined, status),
  makeOrder,
  render: (o) =>
    isUtaOrder(o) ? renderUta(o) : o.kind === "conditional" ? renderPlan(o) : renderRegular(o),
};
