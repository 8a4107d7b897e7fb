/**
 * The Bitget unified trading account (UTA, v3) simulator, served beside the v2 one
 * (`sim/bitget.ts` routes `/api/v3/` here): per-account mode (classic answers every v3 private
 * call with 40084; a UTA account answers every v2 private call with 40085, in `bitget.ts`),
 * account settings, cancel-symbol-order per category, cancel-batch (a list, at most 20, one
 * category), cancel-order, cursor-paged unfilled-orders, strategy (tpsl and trigger) orders,
 * and the countdown-cancel-all dead-man switch, each with its documented limit per UID.
 *
 * Points no source settled are marked ASSUMED here and in docs/fidelity/bitget.md.
 *
 * @module
 */

import {
  cancelNow,
  isActive,
  json,
  type SeedSpec,
  type SimAccount,
  type SimOrder,
  type SimRequest,
  type SimState,
} from "./core.ts";

/** A Bitget account's mode in the simulator. */
export type SimBitgetMode = "classic" | "uta";

const modes = new WeakMap<SimState, Map<number, SimBitgetMode>>();
const countdowns = new WeakMap<SimState, Map<number, number>>();

/**
 * Puts Bitget account `index` in `mode` (default classic). Its orders stay; seed after the
 * switch for orders in the mode's shape.
 *
 * @example Make account 1 a unified trading account
 * ```ts
 * import { SimState } from "./core.ts";
 * import { bitgetAccountMode, setBitgetAccountMode } from "./bitget_uta.ts";
 * const state = new SimState({ accounts: 2 });
 * setBitgetAccountMode(state, 1, "uta");
 * bitgetAccountMode(state, 1); // "uta"
 * ```
 */
export function setBitgetAccountMode(state: SimState, index: number, mode: SimBitgetMode): void {
  state.account("bitget", index);
  let map = modes.get(state);
  if (!map) {
    map = new Map();
    modes.set(state, map);
  }
  map.set(index, mode);
}

/** Disarms every countdown (a `/__sim/reset`); account modes are kept, like account sites. */
export function resetBitgetUta(state: SimState): void {
  countdowns.get(state)?.clear();
}

/** The mode of Bitget account `index` (classic unless set). */
export function bitgetAccountMode(state: SimState, index: number): SimBitgetMode {
  return modes.get(state)?.get(index) ?? "classic";
}

/** UTA categories (bitget.com/api-doc/uta/trade/Cancel-All-Order). */
export const UTA_CATEGORIES = [
  "SPOT",
  "MARGIN",
  "USDT-FUTURES",
  "COIN-FUTURES",
  "USDC-FUTURES",
] as const;
type Category = (typeof UTA_CATEGORIES)[number];

/** Symbols per category: [symbol, base coin, settle (spot: quote) coin]. USDC symbols ASSUMED. */
const MARKETS: Record<Category, ReadonlyArray<readonly [string, string, string]>> = {
  "SPOT": [["BTCUSDT", "BTC", "USDT"], ["ETHUSDT", "ETH", "USDT"]],
  "MARGIN": [["BTCUSDT", "BTC", "USDT"], ["ETHUSDT", "ETH", "USDT"]],
  "USDT-FUTURES": [["BTCUSDT", "BTC", "USDT"], ["ETHUSDT", "ETH", "USDT"], [
    "SOLUSDT",
    "SOL",
    "USDT",
  ]],
  "COIN-FUTURES": [["BTCUSD", "BTC", "BTC"], ["ETHUSD", "ETH", "ETH"]],
  "USDC-FUTURES": [["BTCPERP", "BTC", "USDC"], ["ETHPERP", "ETH", "USDC"]],
};

/** Open regular orders per account: 400 across futures, 400 across spot and margin. */
const OPEN_ORDER_CAP = 400;
const PAGE_MAX = 100;
const STRATEGY_TYPES = ["tpsl", "trigger"];

const P = {
  time: "/api/v3/public/time",
  settings: "/api/v3/account/settings",
  cancelSymbol: "/api/v3/trade/cancel-symbol-order",
  cancelBatch: "/api/v3/trade/cancel-batch",
  cancelOrder: "/api/v3/trade/cancel-order",
  unfilled: "/api/v3/trade/unfilled-orders",
  strategy: "/api/v3/trade/unfilled-strategy-orders",
  cancelStrategy: "/api/v3/trade/cancel-strategy-order",
  countdown: "/api/v3/trade/countdown-cancel-all",
} as const;

/** Requests per second per UID, per endpoint (strategy listing and settings ASSUMED). */
const LIMITS: Record<string, number> = {
  [P.settings]: 5,
  [P.cancelSymbol]: 5,
  [P.cancelBatch]: 5,
  [P.cancelOrder]: 10,
  [P.unfilled]: 20,
  [P.strategy]: 20,
  [P.cancelStrategy]: 10,
  [P.countdown]: 1,
};

const MESSAGES: Record<string, string> = {
  "429": "Too Many Requests",
  "22001": "No order to cancel",
  "25204": "Order does not exist",
  "40007": "Invalid Content_Type, please use the application/json format",
  "40017": "Parameter verification failed",
  "40019": "Parameter cannot be empty",
  "40034": "Parameter does not exist",
  "40084": "You are in Classic Account mode, and the Unified Account API is not supported",
  "40404": "Request URL NOT FOUND",
  "40725": "service return an error",
  "400172": "Parameter verification failed",
};

function ok(data: unknown): Response {
  return json({ code: "00000", msg: "success", requestTime: Date.now(), data });
}

function fail(code: string, msg?: string, status?: number): Response {
  const s = status ?? (code === "429" ? 429 : code === "40404" ? 404 : 400);
  return json(
    { code, msg: msg ?? MESSAGES[code] ?? "Request failed", requestTime: Date.now(), data: null },
    s,
  );
}

type Params = Record<string, unknown>;

function str(p: Params, key: string): string | undefined {
  const v = p[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

function categoryOf(p: Params, required: boolean): Category | undefined | Response {
  const raw = str(p, "category");
  if (raw === undefined) {
    return required ? fail("40019", "Parameter category cannot be empty") : undefined;
  }
  // The pages' own examples send lowercase ("spot", "usdt-futures"): accepted in any case.
  const up = raw.toUpperCase();
  return UTA_CATEGORIES.find((c) => c === up) ?? fail("40034", "Parameter category does not exist");
}

function isUta(o: SimOrder): boolean {
  return o.extra.uta === "1";
}

function symbolMatches(o: SimOrder, symbol: string | undefined): boolean {
  return symbol === undefined || o.symbol.toUpperCase() === symbol.toUpperCase();
}

function idLess(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}

function byIdDesc(a: SimOrder, b: SimOrder): number {
  return a.id === b.id ? 0 : idLess(a.id, b.id) ? 1 : -1;
}

function findOrder(account: SimAccount, p: Params): SimOrder | undefined {
  const orderId = str(p, "orderId");
  if (orderId !== undefined) return account.orders.get(orderId);
  const clientOid = str(p, "clientOid");
  if (clientOid === undefined) return undefined;
  for (const o of account.orders.values()) if (o.clientId === clientOid) return o;
  return undefined;
}

function open(state: SimState, account: SimAccount, kind: "regular" | "conditional"): SimOrder[] {
  return state.openOrders(account).filter((o) => isUta(o) && o.kind === kind);
}

/** Adds `reappear` orders after a cancel call: a strategy still placing orders. */
function reappear(
  req: SimRequest,
  state: SimState,
  account: SimAccount,
  category: Category,
  kind: "regular" | "conditional",
): void {
  const fault = state.takeFault("bitget", req.method, req.path, ["reappear"], account.index);
  if (!fault) return;
  for (let i = 0; i < (fault.orders ?? 1); i++) {
    const order = makeUtaOrder(
      account,
      { venue: "bitget", account: account.index, count: 1, market: category, kind },
      state,
    );
    account.orders.set(order.id, order);
  }
}

/** Cancels `targets` except those a `partial-failure` fault keeps open (per-item code 40725). */
function cancelItems(
  req: SimRequest,
  state: SimState,
  account: SimAccount,
  targets: SimOrder[],
): Record<string, string>[] {
  const fault = targets.length === 0
    ? undefined
    : state.takeFault("bitget", req.method, req.path, ["partial-failure"], account.index);
  const keep = fault ? Math.min(targets.length, fault.orders ?? 1) : 0;
  return targets.map((o, i) => {
    if (i < keep) {
      return { orderId: o.id, clientOid: o.clientId, code: "40725", msg: MESSAGES["40725"]! };
    }
    cancelNow(o);
    return { orderId: o.id, clientOid: o.clientId };
  });
}

type Handler = (
  req: SimRequest,
  state: SimState,
  account: SimAccount,
  params: Params | unknown[],
) => Response;

const asObject = (params: Params | unknown[]): Params | Response =>
  Array.isArray(params) ? fail("40017") : params;

const settings: Handler = () =>
  // ASSUMED shape: the client reads only the code (00000: a unified trading account).
  ok({ assetMode: "union", holdMode: "hedge_mode", marginMode: "crossed" });

const cancelSymbol: Handler = (req, state, account, raw) => {
  const p = asObject(raw);
  if (p instanceof Response) return p;
  const category = categoryOf(p, true);
  if (category instanceof Response || category === undefined) return category ?? fail("40019");
  const symbol = str(p, "symbol");
  // Regular orders only: no page says cancel-symbol-order removes strategy orders (ASSUMED).
  const targets = open(state, account, "regular")
    .filter((o) => o.market === category && symbolMatches(o, symbol)).sort(byIdDesc);
  const list = cancelItems(req, state, account, targets);
  reappear(req, state, account, category, "regular");
  return ok({ list });
};

const cancelBatch: Handler = (req, state, account, raw) => {
  if (!Array.isArray(raw)) {
    return fail("40017", "Parameter verification failed: a list is required");
  }
  if (raw.length === 0) return fail("40019", "Parameter orderList cannot be empty");
  if (raw.length > 20) return fail("400172", "No more than 20 orders per batch");
  let category: Category | undefined;
  const refs: Params[] = [];
  for (const item of raw) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return fail("40017");
    const p = item as Params;
    const c = categoryOf(p, true);
    if (c instanceof Response || c === undefined) return c ?? fail("40019");
    if (category !== undefined && c !== category) {
      return fail("40017", "All orders must have the same category");
    }
    category = c;
    if (str(p, "symbol") === undefined) return fail("40019", "Parameter symbol cannot be empty");
    if (str(p, "orderId") === undefined && str(p, "clientOid") === undefined) {
      return fail("40019", "Either orderId or clientOid is required");
    }
    refs.push(p);
  }
  state.settle(account);
  const targets: SimOrder[] = [];
  const gone: Record<string, string>[] = [];
  for (const p of refs) {
    const o = findOrder(account, p);
    if (
      o && isUta(o) && o.kind === "regular" && o.market === category &&
      symbolMatches(o, str(p, "symbol")) && isActive(o)
    ) {
      targets.push(o);
    } else {
      gone.push({
        orderId: str(p, "orderId") ?? "",
        clientOid: str(p, "clientOid") ?? "",
        code: "25204",
        msg: MESSAGES["25204"]!,
      });
    }
  }
  const items = cancelItems(req, state, account, targets);
  if (category !== undefined) reappear(req, state, account, category, "regular");
  // The documented answer: `data` is the list of items.
  return ok([...items, ...gone]);
};

const cancelOne = (kind: "regular" | "conditional"): Handler => (req, state, account, raw) => {
  const p = asObject(raw);
  if (p instanceof Response) return p;
  if (str(p, "orderId") === undefined && str(p, "clientOid") === undefined) {
    return fail("40019", "Either orderId or clientOid is required");
  }
  state.settle(account);
  const o = findOrder(account, p);
  if (!o || !isUta(o) || o.kind !== kind || !isActive(o)) return fail("25204");
  cancelNow(o);
  reappear(req, state, account, o.market as Category, kind);
  return ok({ orderId: o.id, clientOid: o.clientId });
};

const unfilled: Handler = (_req, state, account, raw) => {
  const p = asObject(raw);
  if (p instanceof Response) return p;
  const category = categoryOf(p, false);
  if (category instanceof Response) return category;
  const num = (key: string): number | undefined | Response => {
    const v = str(p, key);
    if (v === undefined) return undefined;
    return /^[0-9]{1,16}$/.test(v) ? Number(v) : fail("400172", `Parameter ${key} error`);
  };
  const start = num("startTime");
  if (start instanceof Response) return start;
  const end = num("endTime");
  if (end instanceof Response) return end;
  const rawLimit = str(p, "limit");
  const limit = rawLimit === undefined ? PAGE_MAX : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) {
    return fail("400172", "Parameter limit must be between 1 and 100");
  }
  const symbol = str(p, "symbol");
  const cursor = str(p, "cursor");
  // No time window: no page documents one (startTime/endTime filter only when given).
  const orders = open(state, account, "regular").filter((o) =>
    (category === undefined || o.market === category) && symbolMatches(o, symbol) &&
    (start === undefined || o.createdMs >= start) && (end === undefined || o.createdMs <= end) &&
    (cursor === undefined || idLess(o.id, cursor))
  ).sort(byIdDesc).slice(0, limit);
  return ok({ list: orders.map(renderRegular), cursor: orders.at(-1)?.id ?? null });
};

const strategies: Handler = (_req, state, account, raw) => {
  const p = asObject(raw);
  if (p instanceof Response) return p;
  const category = categoryOf(p, true);
  if (category instanceof Response || category === undefined) return category ?? fail("40019");
  const type = str(p, "type");
  if (type !== undefined && !STRATEGY_TYPES.includes(type)) {
    return fail("40034", "Parameter type does not exist");
  }
  // No type: every type (ASSUMED; the client also lists each type explicitly).
  const orders = open(state, account, "conditional").filter((o) =>
    o.market === category && (type === undefined || o.extra.strategyType === type)
  ).sort(byIdDesc);
  return ok(orders.map(renderStrategy));
};

const countdown: Handler = (_req, state, account, raw) => {
  const p = asObject(raw);
  if (p instanceof Response) return p;
  const v = p.countdown;
  const n = typeof v === "string" && /^[0-9]{1,3}$/.test(v)
    ? Number(v)
    : typeof v === "number"
    ? v
    : NaN;
  if (!Number.isInteger(n) || !(n === 0 || (n >= 5 && n <= 60))) {
    return fail("400172", "countdown must be 0 or from 5 to 60 seconds");
  }
  let map = countdowns.get(state);
  if (!map) {
    map = new Map();
    countdowns.set(state, map);
  }
  if (n === 0) map.delete(account.index);
  else map.set(account.index, state.venueNow("bitget") + n * 1000);
  return ok("success");
};

/** When an armed countdown has run out: every UTA order of the account is canceled, disarmed. */
function fireCountdown(state: SimState, account: SimAccount): void {
  const map = countdowns.get(state);
  const at = map?.get(account.index);
  if (at === undefined || state.venueNow("bitget") < at) return;
  map?.delete(account.index);
  for (const o of state.openOrders(account)) if (isUta(o)) cancelNow(o);
}

const ROUTES: Record<string, Handler> = {
  [`GET ${P.settings}`]: settings,
  [`POST ${P.cancelSymbol}`]: cancelSymbol,
  [`POST ${P.cancelBatch}`]: cancelBatch,
  [`POST ${P.cancelOrder}`]: cancelOne("regular"),
  [`GET ${P.unfilled}`]: unfilled,
  [`GET ${P.strategy}`]: strategies,
  [`POST ${P.cancelStrategy}`]: cancelOne("conditional"),
  [`POST ${P.countdown}`]: countdown,
};

/**
 * Answers one `/api/v3/` request. `authenticate` is the v2 simulator's check (same headers,
 * signature and errors).
 */
export async function handleUta(
  req: SimRequest,
  state: SimState,
  authenticate: (req: SimRequest, state: SimState) => Promise<SimAccount | Response>,
): Promise<Response> {
  if (req.path === P.time && req.method === "GET") {
    if (!state.takeRate("bitget:ip:uta-public-time", 20, 1000)) return fail("429");
    return ok({ serverTime: String(state.venueNow("bitget")) });
  }
  const handler = ROUTES[`${req.method} ${req.path}`];
  if (!handler) return fail("40404");
  const account = await authenticate(req, state);
  if (account instanceof Response) return account;
  if (bitgetAccountMode(state, account.index) !== "uta") return fail("40084");
  fireCountdown(state, account);
  if (!state.takeRate(`bitget:${account.index}:${req.path}`, LIMITS[req.path] ?? 10, 1000)) {
    return fail("429");
  }
  let params: Params | unknown[];
  if (req.method === "GET") {
    params = Object.fromEntries(new URLSearchParams(req.rawQuery));
  } else {
    const type = req.headers.get("content-type") ?? "";
    if (!type.toLowerCase().includes("application/json")) return fail("40007");
    try {
      const parsed: unknown = req.body === "" ? {} : JSON.parse(req.body);
      if (typeof parsed !== "object" || parsed === null) return fail("40017");
      params = parsed as Params | unknown[];
    } catch {
      return fail("40017");
    }
  }
  return handler(req, state, account, params);
}

// ---------------------------------------------------------------------------------------------
// Orders: seeding and rendering

/**
 * A new order of a unified trading account: `market` is its category (default: the five in
 * turn); `conditional` orders are strategy orders, tpsl and trigger in turn. At most 400 open
 * regular orders across futures, and 400 across spot and margin (the listing page's limits).
 */
export function makeUtaOrder(account: SimAccount, spec: SeedSpec, state: SimState): SimOrder {
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
  if (kind === "regular") {
    const futures = category.endsWith("-FUTURES");
    const same = state.openOrders(account).filter((o) =>
      isUta(o) && o.kind === "regular" && o.market.endsWith("-FUTURES") === futures
    ).length;
    if (same >= OPEN_ORDER_CAP) {
      throw new Error(
        `Bitget UTA holds at most ${OPEN_ORDER_CAP} open ${
          futures ? "futures" : "spot and margin"
        } orders`,
      );
    }
  }
  const [symbol, baseCoin, settleCoin] = row ?? ["BTCUSDT", "BTC", "USDT"];
  const id = state.nextNumericId();
  const now = Date.now();
  const side = n % 2 === 0 ? "buy" : "sell";
  const basePrice = baseCoin === "BTC" ? 60000 : baseCoin === "ETH" ? 3000 : 150;
  const price = (basePrice * (side === "buy" ? 0.9 : 1.1) + (n % 50)).toFixed(1);
  const extra: Record<string, string> = {
    uta: "1",
    side,
    price,
    qty: ((n % 9) + 1).toFixed(2),
    posSide: category.endsWith("-FUTURES") ? (side === "buy" ? "long" : "short") : "",
    orderType: "limit",
  };
  if (kind === "conditional") {
    extra.strategyType = STRATEGY_TYPES[n % STRATEGY_TYPES.length] ?? "tpsl";
    extra.triggerPrice = (Number(price) * (side === "buy" ? 0.98 : 1.02)).toFixed(1);
  }
  return {
    id,
    clientId: `sim${id.slice(-12)}`,
    symbol,
    kind,
    market: category,
    baseCoin,
    settleCoin,
    status: spec.status ?? "open",
    createdMs: now,
    updatedMs: now,
    extra,
  };
}

/** An unfilled-orders item (the page's fields, strings). */
function renderRegular(o: SimOrder): Record<string, unknown> {
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
function renderStrategy(o: SimOrder): Record<string, unknown> {
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
  return o.kind === "conditional" ? renderStrategy(o) : renderRegular(o);
}

/** Whether an order belongs to a unified trading account. */
export function isUtaOrder(o: SimOrder): boolean {
  return isUta(o);
}
