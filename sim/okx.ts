/**
 * The OKX v5 Spread Trading simulator: `/api/v5/sprd/*` and `/api/v5/public/time`, with
 * OKX's envelopes, string fields, codes and HTTP statuses, public spread metadata
 * (`GET /api/v5/sprd/spreads`), its signature check (written
 * independently of the client's signer), per-user rate limits, paging by `ordId`, the
 * asynchronous cancel (acknowledged first, off the book `okxCancelDelayMs` later), the
 * cancel-all-after timer and the 500 pending-order cap.
 *
 * UNVERIFIED points, chosen and kept configurable or documented here:
 * - the order of the auth checks (headers, timestamp format, key, environment, passphrase,
 *   timestamp window, signature);
 * - an empty POST body is accepted as `{}` (the live venue may answer 50000);
 * - unknown order on `GET /sprd/order` answers 51603; unknown path answers HTTP 404;
 * - `beginId` returns the `limit` orders just newer than it, newest first;
 * - a user cancel records `cancelSource` "1";
 * - `GET /api/v5/sprd/spreads` lists every catalogued spread as `live` (whether the venue
 *   lists suspended or expired spreads without `state` is not documented), and knows nothing
 *   of a spread id outside `OKX_SIM_SPREAD_INFO`, even when orders were seeded on it;
 * - the `sprdType` / `quoteCcy` of the hybrid and USD-margined catalogue spreads.
 *
 * Each point is a row of docs/fidelity/okx.md.
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

/** Options of {@linkcode createOkxSim}. */
export interface OkxSimOptions {
  /** Pending spread orders allowed per account (the venue's cap is 500). */
  readonly maxPendingOrders?: number | undefined;
}

/**
 * Spreads the simulator knows (a mass cancel of any other spread id answers 51001, unless an
 * order was seeded with it); seeding without a symbol cycles through them.
 *
 * @example Seed one order per spread
 * ```ts
 * import { OKX_SIM_SPREADS } from "./okx.ts";
 * const seeds = OKX_SIM_SPREADS.map((symbol) => ({ venue: "okx", account: 0, count: 1, symbol }));
 * ```
 */
export const OKX_SIM_SPREADS: readonly string[] = [
  "BTC-USDT_BTC-USDT-SWAP",
  "ETH-USDT_ETH-USDT-SWAP",
  "BTC-USD-SWAP_BTC-USD-261225",
  "SOL-USDT_SOL-USDT-SWAP",
  "ETH-USDC_ETH-USDC-SWAP",
];

/** A spread's metadata, in the shape `GET /api/v5/sprd/spreads` documents. */
export interface OkxSimSpread {
  readonly sprdId: string;
  readonly sprdType: "linear" | "inverse" | "hybrid";
  readonly baseCcy: string;
  readonly szCcy: string;
  readonly quoteCcy: string;
  readonly legs: readonly { readonly instId: string; readonly side: "buy" | "sell" }[];
  /** The coin its orders settle in, for the simulator's normalised view ("" = several). */
  readonly settle: string;
}

const leg = (instId: string, side: "buy" | "sell") => ({ instId, side });

/**
 * Every spread the simulator lists on `GET /api/v5/sprd/spreads`, written out by hand as the
 * venue states them (never derived from the id's spelling): the five seeding spreads, a
 * hybrid spread, and a USD-margined spread whose legs (`BTC-USD_UM-SWAP`) contain `_`
 * themselves. An order seeded on any other spread id has no metadata here, like a spread
 * the venue does not list. UNVERIFIED: the `quoteCcy` and `sprdType` of the hybrid and
 * USD-margined spreads (no documented example).
 *
 * @example Base currency of a spread
 * ```ts
 * import { OKX_SIM_SPREAD_INFO } from "./okx.ts";
 * OKX_SIM_SPREAD_INFO["BTC-USD_UM-SWAP_BTC-USD_UM-261225"]?.baseCcy; // "BTC"
 * ```
 */
export const OKX_SIM_SPREAD_INFO: Readonly<Record<string, OkxSimSpread>> = Object.freeze(
  Object.fromEntries(
    ([
      {
        sprdId: "BTC-USDT_BTC-USDT-SWAP",
        sprdType: "linear",
        baseCcy: "BTC",
        szCcy: "BTC",
        quoteCcy: "USDT",
        legs: [leg("BTC-USDT", "sell"), leg("BTC-USDT-SWAP", "buy")],
        settle: "USDT",
      },
      {
        sprdId: "ETH-USDT_ETH-USDT-SWAP",
        sprdType: "linear",
        baseCcy: "ETH",
        szCcy: "ETH",
        quoteCcy: "USDT",
        legs: [leg("ETH-USDT", "sell"), leg("ETH-USDT-SWAP", "buy")],
        settle: "USDT",
      },
      {
        sprdId: "BTC-USD-SWAP_BTC-USD-261225",
        sprdType: "inverse",
        baseCcy: "BTC",
        szCcy: "USD",
        quoteCcy: "USD",
        legs: [leg("BTC-USD-SWAP", "sell"), leg("BTC-USD-261225", "buy")],
        settle: "BTC",
      },
      {
        sprdId: "SOL-USDT_SOL-USDT-SWAP",
        sprdType: "linear",
        baseCcy: "SOL",
        szCcy: "SOL",
        quoteCcy: "USDT",
        legs: [leg("SOL-USDT", "sell"), leg("SOL-USDT-SWAP", "buy")],
        settle: "USDT",
      },
      {
        sprdId: "ETH-USDC_ETH-USDC-SWAP",
        sprdType: "linear",
        baseCcy: "ETH",
        szCcy: "ETH",
        quoteCcy: "USDC",
        legs: [leg("ETH-USDC", "sell"), leg("ETH-USDC-SWAP", "buy")],
        settle: "USDC",
      },
      {
        sprdId: "BTC-USDT_BTC-USD-SWAP",
        sprdType: "hybrid",
        baseCcy: "BTC",
        szCcy: "BTC",
        quoteCcy: "USDT",
        legs: [leg("BTC-USDT", "sell"), leg("BTC-USD-SWAP", "buy")],
        settle: "",
      },
      {
        sprdId: "BTC-USD_UM-SWAP_BTC-USD_UM-261225",
        sprdType: "linear",
        baseCcy: "BTC",
        szCcy: "BTC",
        quoteCcy: "USD",
        legs: [leg("BTC-USD_UM-SWAP", "sell"), leg("BTC-USD_UM-261225", "buy")],
        settle: "",
      },
    ] satisfies OkxSimSpread[]).map((sp) => [sp.sprdId, Object.freeze(sp)]),
  ),
);

/** Messages by code, as the venue words them. */
const MESSAGES: Record<string, string> = {
  "1": "Operation failed.",
  "50000": "Body for POST request cannot be empty.",
  "50001": "Service temporarily unavailable. Please try again later.",
  "50002": "JSON syntax error",
  "50004": "API endpoint request timeout. ",
  "50011": "Too Many Requests",
  "50013": "Systems are busy. Please try again later.",
  "50014": "Parameter {param0} can not be empty.",
  "50015": "Either parameter ordId or clOrdId is required",
  "50026": "System error. Try again later",
  "50101": "APIKey does not match current environment.",
  "50102": "Timestamp request expired.",
  "50103": 'Request header "OK-ACCESS-KEY" cannot be empty.',
  "50104": 'Request header "OK-ACCESS-PASSPHRASE" cannot be empty.',
  "50105": 'Request header "OK-ACCESS-PASSPHRASE" incorrect.',
  "50106": 'Request header "OK-ACCESS-SIGN" cannot be empty.',
  "50107": 'Request header "OK-ACCESS-TIMESTAMP" cannot be empty.',
  "50111": "Invalid OK-ACCESS-KEY.",
  "50112": "Invalid OK-ACCESS-TIMESTAMP.",
  "50113": "Invalid signature.",
  "50115": "Invalid request method.",
  "50119": "API key doesn't exist",
  "51000": "Parameter {param0} error",
  "51001": "Instrument ID, Instrument ID code or Spread ID doesn't exist.",
  "51400": "Cancellation failed as the order does not exist.",
  "51401": "Cancellation failed as the order is already canceled.",
  "51402": "Cancellation failed as the order is already completed.",
  "51410": "Cancellation failed as the order is already in canceling status or pending settlement.",
  "51603": "Order does not exist.",
  "50005": "API endpoint is inactive or unavailable.",
  "50035": "This endpoint requires that APIKey must be bound to IP",
  "50100": "API frozen, please contact customer service.",
  "50110": "Your IP {param0} is not included in your API key's IP whitelist.",
  "50114": "Invalid authorization.",
  "50120": "This API key doesn't have permission to use this function",
  "51054": "Request timed out. Please try again.",
  "51405": "Cancellation failed as you don't have any pending orders.",
  "51411": "Account does not have permission for mass cancellation.",
  "51412": "Cancellation timed out, please try again later.",
  "75002": "{sprdId} : unable to place new orders or modify existing orders at the moment",
};

/** HTTP status by code (the docs' table); everything else is 200. */
const STATUS: Record<string, number> = {
  "50000": 400,
  "50001": 503,
  "50002": 400,
  "50004": 400,
  "50011": 429,
  "50013": 429,
  "50014": 400,
  "50015": 400,
  "50005": 410,
  "50026": 500,
  "50035": 403,
  "50100": 400,
  "50101": 401,
  "50102": 401,
  "50103": 401,
  "50104": 401,
  "50105": 401,
  "50106": 401,
  "50107": 401,
  "50108": 401,
  "50109": 401,
  "50110": 401,
  "50111": 401,
  "50112": 401,
  "50113": 401,
  "50114": 401,
  "50115": 405,
  "51000": 400,
  "51054": 500,
  "51406": 400,
};

/** Per-user limits: requests per window. */
const LIMITS: Record<string, { limit: number; intervalMs: number }> = {
  "POST /api/v5/sprd/cancel-order": { limit: 20, intervalMs: 2000 },
  "POST /api/v5/sprd/mass-cancel": { limit: 10, intervalMs: 2000 },
  "POST /api/v5/sprd/cancel-all-after": { limit: 1, intervalMs: 1000 },
  "GET /api/v5/sprd/orders-pending": { limit: 10, intervalMs: 2000 },
  "GET /api/v5/sprd/order": { limit: 20, intervalMs: 2000 },
};
/** Public, per IP: every client of the simulator shares one loopback address. */
const SPREADS_LIMIT = { limit: 20, intervalMs: 2000 };
const SPREAD_STATES = new Set(["live", "suspend", "expired"]);

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const WINDOW_MS = 30_000;
const ORD_TYPES = new Set(["market", "limit", "post_only", "ioc"]);
const STATES = new Set(["live", "partially_filled"]);

/** An OKX envelope with a code; `data: []` unless said otherwise. */
function envelope(code: string, msg?: string, status?: number): Response {
  const text = msg ?? MESSAGES[code] ?? "";
  if (code === "50011" && (status ?? 429) === 429) {
    // The 429 body carries no data (as seen from live clients).
    return json({ msg: text, code }, 429);
  }
  return json({ code, msg: text, data: [] }, status ?? STATUS[code] ?? 200);
}

function ok(data: unknown[]): Response {
  return json({ code: "0", msg: "", data });
}

/** Numeric-string order ids compared as numbers. */
function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

function wireState(order: SimOrder): string {
  return order.status === "open" ? "live" : order.status;
}

/**
 * Builds an OKX Spread simulator. The default cap on pending orders is the venue's 500:
 * seeding beyond it throws (the control route then answers 500), as placing would be
 * refused; raise `maxPendingOrders` for load tests.
 *
 * @example Start a server with a higher cap
 * ```ts
 * import { createOkxSim } from "./okx.ts";
 * import { startServer } from "./server.ts";
 * const server = startServer([createOkxSim({ maxPendingOrders: 10_000 })]);
 * await server.close();
 * ```
 */
export function createOkxSim(options: OkxSimOptions = {}): VenueSim {
  const cap = options.maxPendingOrders ?? 500;
  /** Armed cancel-all-after timers: account -> trigger time (epoch ms). */
  const timers = new WeakMap<SimAccount, number>();

  function armedAt(account: SimAccount): number | undefined {
    const at = timers.get(account);
    if (at !== undefined && at <= Date.now()) {
      timers.delete(account);
      return undefined;
    }
    return at;
  }

  /** A user cancel: acknowledged now, off the book `okxCancelDelayMs` later. */
  function scheduleCancel(order: SimOrder, state: SimState): void {
    const now = Date.now();
    order.extra.cancelSource = "1";
    order.extra.cancelPending = "1";
    delete order.extra.cafArmed;
    order.updatedMs = now;
    if (state.okxCancelDelayMs <= 0) {
      cancelNow(order);
      return;
    }
    const at = now + state.okxCancelDelayMs;
    order.cancelAtMs = order.cancelAtMs === undefined ? at : Math.min(order.cancelAtMs, at);
  }

  function disarm(account: SimAccount): void {
    timers.delete(account);
    for (const order of account.orders.values()) {
      if (order.extra.cafArmed !== "1") continue;
      delete order.extra.cafArmed;
      if (isActive(order) && order.extra.cancelPending !== "1") {
        order.cancelAtMs = undefined;
        order.extra.cancelSource = "";
      }
    }
  }

  function armOrder(order: SimOrder, at: number): void {
    if (!isActive(order) || order.extra.cancelPending === "1") return;
    order.extra.cafArmed = "1";
    order.extra.cancelSource = "20";
    order.cancelAtMs = at;
  }

  function makeOrder(account: SimAccount, spec: SeedSpec, state: SimState): SimOrder {
    if (spec.kind === "conditional") {
      throw new Error("OKX simulator: spread orders have no conditional kind");
    }
    const status = spec.status ?? "open";
    if (status === "open" || status === "partially_filled") {
      // Counting is O(n): only needed once the account holds `cap` orders of any state.
      if (account.orders.size >= cap && state.openOrders(account).length >= cap) {
        throw new Error(
          `OKX simulator: account ${account.index} already has ${cap} pending spread orders (the venue's cap)`,
        );
      }
    }
    const symbol = spec.symbol ?? OKX_SIM_SPREADS[account.orders.size % OKX_SIM_SPREADS.length] ??
      "BTC-USDT_BTC-USDT-SWAP";
    const id = state.nextNumericId();
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
    const at = armedAt(account);
    if (at !== undefined) armOrder(order, at);
    return order;
  }

  function render(order: SimOrder): Record<string, unknown> {
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

  function errorFor(code: string, status: number | undefined): Response {
    return envelope(code, undefined, status);
  }

  /** Authenticates a private request; returns the account or the venue's refusal. */
  async function authenticate(
    req: SimRequest,
    state: SimState,
  ): Promise<SimAccount | Response> {
    const key = req.headers.get("OK-ACCESS-KEY");
    const sign = req.headers.get("OK-ACCESS-SIGN");
    const ts = req.headers.get("OK-ACCESS-TIMESTAMP");
    const pass = req.headers.get("OK-ACCESS-PASSPHRASE");
    if (!key) return envelope("50103");
    if (!pass) return envelope("50104");
    if (!sign) return envelope("50106");
    if (!ts) return envelope("50107");
    const tsMs = TIMESTAMP.test(ts) ? Date.parse(ts) : NaN;
    if (!Number.isFinite(tsMs)) return envelope("50112");
    const account = state.byApiKey("okx", key);
    if (!account) return envelope("50111");
    // Live versus demo keys (x-simulated-trading) are checked by the server against the
    // account's site (sim/hosts.ts): 50101 when they do not match.
    if (!timingSafeEqual(pass, account.passphrase)) return envelope("50105");
    if (Math.abs(tsMs - state.venueNow("okx")) > WINDOW_MS) return envelope("50102");
    const requestPath = req.rawQuery === "" ? req.path : `${req.path}?${req.rawQuery}`;
    const expected = await hmacBase64(
      account.secret,
      `${ts}${req.method}${requestPath}${req.body}`,
    );
    if (!timingSafeEqual(sign, expected)) return envelope("50113");
    return account;
  }

  function readBody(req: SimRequest): Record<string, unknown> | Response {
    if (req.body.trim() === "") return {};
    let value: unknown;
    try {
      value = JSON.parse(req.body);
    } catch {
      return envelope("50002");
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return envelope("50002");
    }
    return Object.fromEntries(Object.entries(value));
  }

  function optionalString(
    body: Record<string, unknown>,
    field: string,
  ): string | undefined | Response {
    const v = body[field];
    if (v === undefined || v === "") return undefined;
    if (typeof v !== "string") return envelope("51000", `Parameter ${field} error`);
    return v;
  }

  function findOrder(
    account: SimAccount,
    ordId: string | undefined,
    clOrdId: string | undefined,
  ): SimOrder | undefined {
    if (ordId !== undefined) return account.orders.get(ordId);
    let found: SimOrder | undefined;
    for (const order of account.orders.values()) {
      if (order.clientId !== clOrdId) continue;
      if (!found || compareIds(order.id, found.id) > 0) found = order;
    }
    return found;
  }

  function reappear(req: SimRequest, account: SimAccount, state: SimState): void {
    const fault = state.takeFault("okx", req.method, req.path, ["reappear"], account.index);
    if (!fault) return;
    for (let i = 0; i < (fault.orders ?? 1); i++) {
      try {
        const order = makeOrder(account, { venue: "okx", account: account.index, count: 1 }, state);
        account.orders.set(order.id, order);
      } catch {
        return; // at the cap: the strategy's orders are refused
      }
    }
  }

  /** `GET /api/v5/sprd/spreads`: public metadata, filtered by the documented parameters. */
  function spreads(req: SimRequest, state: SimState): Response {
    if (!state.takeRate("okx:public:sprd/spreads", SPREADS_LIMIT.limit, SPREADS_LIMIT.intervalMs)) {
      return envelope("50011");
    }
    const q = new URLSearchParams(req.rawQuery);
    const sprdId = q.get("sprdId") || undefined;
    const baseCcy = q.get("baseCcy") || undefined;
    const instId = q.get("instId") || undefined;
    const wanted = q.get("state") || undefined;
    if (wanted !== undefined && !SPREAD_STATES.has(wanted)) {
      return envelope("51000", "Parameter state error");
    }
    const now = String(state.venueNow("okx"));
    const rows = Object.values(OKX_SIM_SPREAD_INFO).filter((sp) =>
      (sprdId === undefined || sp.sprdId === sprdId) &&
      (baseCcy === undefined || sp.baseCcy === baseCcy) &&
      (instId === undefined || sp.legs.some((l) => l.instId === instId)) &&
      (wanted === undefined || wanted === "live")
    );
    return ok(rows.map((sp) => ({
      sprdId: sp.sprdId,
      sprdType: sp.sprdType,
      state: "live",
      baseCcy: sp.baseCcy,
      szCcy: sp.szCcy,
      quoteCcy: sp.quoteCcy,
      tickSz: "0.1",
      minSz: "0.01",
      lotSz: "0.01",
      listTime: "1686903000159",
      expTime: sp.legs.some((l) => /-\d{6}$/.test(l.instId)) ? "1798185600000" : "",
      uTime: now,
      legs: sp.legs.map((l) => ({ instId: l.instId, side: l.side })),
    })));
  }

  function spreadExists(account: SimAccount, sprdId: string): boolean {
    if (OKX_SIM_SPREAD_INFO[sprdId] !== undefined) return true;
    for (const order of account.orders.values()) if (order.symbol === sprdId) return true;
    return false;
  }

  function cancelOrder(req: SimRequest, account: SimAccount, state: SimState): Response {
    const body = readBody(req);
    if (body instanceof Response) return body;
    const ordId = optionalString(body, "ordId");
    if (ordId instanceof Response) return ordId;
    const clOrdId = optionalString(body, "clOrdId");
    if (clOrdId instanceof Response) return clOrdId;
    if (ordId === undefined && clOrdId === undefined) return envelope("50015");
    state.settle(account);
    const order = findOrder(account, ordId, clOrdId);
    const fail = (sCode: string): Response =>
      json({
        code: "1",
        msg: MESSAGES["1"],
        data: [{
          ordId: order?.id ?? ordId ?? "",
          clOrdId: order?.clientId ?? clOrdId ?? "",
          sCode,
          sMsg: MESSAGES[sCode] ?? "",
        }],
      });
    let response: Response;
    if (!order) response = fail("51400");
    else if (order.status === "canceled") response = fail("51401");
    else if (order.status === "filled") response = fail("51402");
    else if (order.extra.cancelPending === "1") response = fail("51410");
    else {
      scheduleCancel(order, state);
      response = ok([{ ordId: order.id, clOrdId: order.clientId, sCode: "0", sMsg: "" }]);
    }
    reappear(req, account, state);
    return response;
  }

  function massCancel(req: SimRequest, account: SimAccount, state: SimState): Response {
    const body = readBody(req);
    if (body instanceof Response) return body;
    const sprdId = optionalString(body, "sprdId");
    if (sprdId instanceof Response) return sprdId;
    if (sprdId !== undefined && !spreadExists(account, sprdId)) return envelope("51001");
    for (const order of state.openOrders(account)) {
      if (sprdId !== undefined && order.symbol !== sprdId) continue;
      if (order.extra.cancelPending === "1") continue;
      scheduleCancel(order, state);
    }
    reappear(req, account, state);
    return ok([{ result: true }]);
  }

  function cancelAllAfter(req: SimRequest, account: SimAccount, state: SimState): Response {
    const body = readBody(req);
    if (body instanceof Response) return body;
    const raw = body.timeOut;
    if (raw === undefined || raw === "") {
      return envelope("50014", "Parameter timeOut can not be empty.");
    }
    const text = typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : "";
    const seconds = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(seconds === 0 || (seconds >= 10 && seconds <= 120))) {
      return envelope("51000", "Parameter timeOut error");
    }
    const now = state.venueNow("okx");
    disarm(account);
    if (seconds === 0) return ok([{ triggerTime: "0", ts: String(now) }]);
    const at = Date.now() + seconds * 1000;
    timers.set(account, at);
    for (const order of account.orders.values()) armOrder(order, at);
    return ok([{ triggerTime: String(now + seconds * 1000), ts: String(now) }]);
  }

  function ordersPending(req: SimRequest, account: SimAccount, state: SimState): Response {
    const q = new URLSearchParams(req.rawQuery);
    const sprdId = q.get("sprdId") || undefined;
    const ordType = q.get("ordType") || undefined;
    const wanted = q.get("state") || undefined;
    const beginId = q.get("beginId") || undefined;
    const endId = q.get("endId") || undefined;
    const limitText = q.get("limit") || "100";
    if (ordType !== undefined && !ORD_TYPES.has(ordType)) {
      return envelope("51000", "Parameter ordType error");
    }
    if (wanted !== undefined && !STATES.has(wanted)) {
      return envelope("51000", "Parameter state error");
    }
    const limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= 100)) return envelope("51000", "Parameter limit error");
    const rows = state.openOrders(account).filter((o) =>
      (sprdId === undefined || o.symbol === sprdId) &&
      (ordType === undefined || o.extra.ordType === ordType) &&
      (wanted === undefined || wireState(o) === wanted) &&
      (endId === undefined || compareIds(o.id, endId) < 0) &&
      (beginId === undefined || compareIds(o.id, beginId) > 0)
    );
    let page: SimOrder[];
    if (beginId !== undefined && endId === undefined) {
      rows.sort((a, b) => compareIds(a.id, b.id));
      page = rows.slice(0, limit).reverse();
    } else {
      rows.sort((a, b) => compareIds(b.id, a.id));
      page = rows.slice(0, limit);
    }
    return ok(page.map(render));
  }

  function getOrder(req: SimRequest, account: SimAccount, state: SimState): Response {
    const q = new URLSearchParams(req.rawQuery);
    const ordId = q.get("ordId") || undefined;
    const clOrdId = q.get("clOrdId") || undefined;
    if (ordId === undefined && clOrdId === undefined) return envelope("50015");
    state.settle(account);
    const order = findOrder(account, ordId, clOrdId);
    if (!order) return envelope("51603");
    return ok([render(order)]);
  }

  const ROUTES: Record<
    string,
    (req: SimRequest, account: SimAccount, state: SimState) => Response
  > = {
    "POST /api/v5/sprd/cancel-order": cancelOrder,
    "POST /api/v5/sprd/mass-cancel": massCancel,
    "POST /api/v5/sprd/cancel-all-after": cancelAllAfter,
    "GET /api/v5/sprd/orders-pending": ordersPending,
    "GET /api/v5/sprd/order": getOrder,
  };
  const PATHS = new Set(Object.keys(ROUTES).map((r) => r.split(" ")[1]));

  async function handle(req: SimRequest, state: SimState): Promise<Response> {
    const route = `${req.method} ${req.path}`;
    if (route === "GET /api/v5/public/time") {
      return ok([{ ts: String(state.venueNow("okx")) }]);
    }
    if (route === "GET /api/v5/sprd/spreads") return spreads(req, state);
    const handler = ROUTES[route];
    if (!handler) {
      const publicPath = req.path === "/api/v5/public/time" || req.path === "/api/v5/sprd/spreads";
      if (PATHS.has(req.path) || publicPath) return envelope("50115");
      return json({ code: "404", msg: "Not Found", data: [] }, 404);
    }
    const account = await authenticate(req, state);
    if (account instanceof Response) return account;
    const rule = LIMITS[route];
    if (rule && !state.takeRate(`okx:${account.index}:${route}`, rule.limit, rule.intervalMs)) {
      return envelope("50011");
    }
    return handler(req, account, state);
  }

  const markets = OKX_SIM_SPREADS.map((symbol) => ({ market: "sprd", symbol }));
  return { venue: "okx", prefixes: ["/api/v5/"], markets, handle, errorFor, makeOrder, render };
}

/**
 * The OKX Spread simulator with the venue's 500 pending-order cap.
 *
 * @example Serve OKX only
 * ```ts
 * import { okxSim } from "./okx.ts";
 * import { startServer } from "./server.ts";
 * const server = startServer([okxSim]);
 * console.log(server.origin);
 * await server.close();
 * ```
 */
export const okxSim: VenueSim = createOkxSim();
