/**
 * The p99 spot simulator: `/api/v1/spot/...` with the venue's paths, bare-array listings,
 * `{"error": CODE}` envelopes, 401-with-empty-body authentication failures, HMAC signature
 * checks recomputed from the raw query and body, the ±5000 ms timestamp window, and the
 * engine backlog's 503 `ENGINE_BUSY`.
 *
 * Choices where the docs are silent or contradict themselves (UNVERIFIED against the live venue):
 * - another user's order answers 404 `ORDER_NOT_FOUND` (the cancel page), not 403 `FORBIDDEN`;
 * - a malformed order id answers 400 `{"error": "invalid id"}` (the error-code page);
 * - a bad `status`/`start`/`end` on the listing answers 400 `INVALID_PARAMS`;
 * - the HMAC key header is `X-MBX-APIKEY` only (`X-API-Key` is the admin header per the general
 *   page); a signature over the URL-decoded query is also accepted (the auth page says the
 *   server falls back to it);
 * - the engine backlog is modelled per account: more than `maxInFlight` (default 50) order
 *   requests in flight at once answer 503 `ENGINE_BUSY`;
 * - every response carries a `Date` header from the venue's (skewable) clock;
 * - cancel-all with an unknown symbol answers `{"canceled": []}`;
 * - `GET /spot/markets` lists the default markets, the ones a test adds with
 *   {@linkcode configureP99Sim} (any id, any tokens: ids are never parsed by the client), and
 *   every symbol seeded through the control API (tokens taken from a USDC/USDT suffix, a
 *   simulator convention only).
 *
 * @module
 */

import { hmacHex, timingSafeEqual } from "../venues/_crypto.ts";
import { AccountSlot, cancelNow, type VenueBook, VenueSlot } from "./book.ts";
import type { SeedSpec, SimAccount, SimOrder, SimRequest, SimState, VenueSim } from "./core.ts";
import { isActive, json } from "./core.ts";

/** A spot market as `GET /spot/markets` states it. */
export interface P99SimMarket {
  /** Market id (`DFUSDT`); case-sensitive. */
  readonly id: string;
  /** Base token. */
  readonly base: string;
  /** Quote token. */
  readonly quote: string;
  /** A price for seeded orders; default 1. */
  readonly price?: number | undefined;
  /** A lot for seeded orders; default 1. */
  readonly qty?: number | undefined;
}

/** Knobs of the p99 engine model. */
export interface P99SimConfig {
  /** Order requests one account may have in flight before 503 ENGINE_BUSY; default 50. */
  readonly maxInFlight: number;
  /** Time the engine spends on each order request, ms; default 1. */
  readonly engineMs: number;
  /** Markets listed besides the defaults (`GET /spot/markets`); seeding may name them. */
  readonly markets: readonly P99SimMarket[];
}

const DEFAULT_CONFIG: P99SimConfig = { maxInFlight: 50, engineMs: 1, markets: [] };
/** The engine model of one simulator. */
const CONFIG = new VenueSlot<P99SimConfig>(() => DEFAULT_CONFIG);
/** Markets listed because an order was seeded on them. */
const SEEDED = new VenueSlot<readonly P99SimMarket[]>(() => []);
/** Order requests in flight per account (the engine backlog). */
const IN_FLIGHT = new AccountSlot(() => 0);
/** Orders seeded per account, to spread them over markets and creation times. */
const SEQUENCE = new AccountSlot(() => 0);

/**
 * Changes the p99 engine model of one simulator state (tests use it to provoke ENGINE_BUSY).
 *
 * @example Make the engine easy to overload
 * ```ts
 * import { SimState } from "./core.ts";
 * import { configureP99Sim } from "./p99.ts";
 * const state = new SimState({ accounts: 1 });
 * configureP99Sim(state, { maxInFlight: 2, engineMs: 20 });
 * ```
 */
export function configureP99Sim(state: SimState, config: Partial<P99SimConfig>): void {
  const book = state.book("p99");
  book.set(CONFIG, { ...book.get(CONFIG), ...config });
}

/** Every market of one simulator state: defaults, configured ones, then seeded ones. */
function marketsOf(book: VenueBook): P99SimMarket[] {
  const extra = [...book.get(CONFIG).markets, ...book.get(SEEDED)];
  const ids = new Set<string>(MARKETS.map((m) => m.id));
  return [...MARKETS, ...extra.filter((m) => !ids.has(m.id) && (ids.add(m.id), true))];
}

/** The markets the simulator knows: id, base, quote, a price and a lot. */
const MARKETS = [
  { id: "DFUSDT", base: "DF", quote: "USDT", price: 0.5, qty: 100 },
  { id: "BTCUSDT", base: "BTC", quote: "USDT", price: 60000, qty: 0.01 },
  { id: "ETHUSDT", base: "ETH", quote: "USDT", price: 3000, qty: 0.5 },
  { id: "BTCUSDC", base: "BTC", quote: "USDC", price: 60010, qty: 0.02 },
] as const;

const PREFIX = "/api/v1";
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const STATUSES = new Set(["open", "partially_filled", "filled", "canceled", "rejected", "expired"]);
const WINDOW_MS = 5000;

/**
 * The p99 spot handler for the simulator server.
 *
 * @example Serve p99 on a loopback port
 * ```ts
 * import { startServer } from "./server.ts";
 * import { p99Sim } from "./p99.ts";
 * const server = startServer([p99Sim], { port: 0 });
 * const baseUrl = `${server.origin}/api/v1`;
 * await server.close();
 * ```
 */
export const p99Sim: VenueSim = {
  venue: "p99",
  prefixes: [`${PREFIX}/spot/`],
  markets: MARKETS.map((m) => ({ market: "spot", symbol: m.id })),
  handle: (req, state) => handle(req, state.book("p99")).then((res) => stamp(res, state)),
  errorFor,
  makeOrder,
  render,
};

async function handle(req: SimRequest, book: VenueBook): Promise<Response> {
  const path = req.path.slice(PREFIX.length);
  if (req.method === "GET" && path === "/spot/health") {
    return json({ engine: "running", queue_depth: 0, books_loaded: MARKETS.length });
  }
  if (req.method === "GET" && path === "/spot/markets") {
    return json(
      marketsOf(book).map((m) => ({
        id: m.id,
        base_token: m.base,
        quote_token: m.quote,
        tick_size: "0.0001",
        lot_size: "0.01",
        min_notional: "1",
        maker_fee_bps: 0,
        taker_fee_bps: 0,
        status: "listed",
      })),
    );
  }
  const byId = /^\/spot\/orders\/([^/]+)$/.exec(path);
  const isList = path === "/spot/orders";
  if (!isList && !byId) return json({ error: "NOT_FOUND" }, 404);
  if (req.method !== "GET" && req.method !== "DELETE") return json({ error: "NOT_FOUND" }, 404);

  const account = await authenticate(req, book);
  if (!account) return new Response(null, { status: 401 });

  const config = book.get(CONFIG);
  const inFlight = book.get(IN_FLIGHT, account) + 1;
  if (inFlight > config.maxInFlight) return json({ error: "ENGINE_BUSY" }, 503);
  book.set(IN_FLIGHT, account, inFlight);
  try {
    if (config.engineMs > 0) await new Promise((r) => setTimeout(r, config.engineMs));
    const params = new URLSearchParams(req.rawQuery);
    if (isList && req.method === "DELETE") return cancelAll(account, params, req, book);
    if (isList) return list(account, params);
    const id = safeDecode(byId?.[1] ?? "");
    if (!UUID_RE.test(id)) return json({ error: "invalid id" }, 400);
    const order = account.orders.get(id.toLowerCase()) ?? account.orders.get(id);
    if (req.method === "GET") {
      return order ? json(render(order)) : json({ error: "ORDER_NOT_FOUND" }, 404);
    }
    if (!order || !isActive(order)) return json({ error: "ORDER_NOT_FOUND" }, 404);
    cancelNow(order);
    const body = render(order);
    reappear(account, req, book, order.symbol);
    return json(body);
  } finally {
    book.set(IN_FLIGHT, account, book.get(IN_FLIGHT, account) - 1);
  }
}

/** JWT bearer, or HMAC key + timestamp + signature recomputed from the raw request. */
async function authenticate(req: SimRequest, book: VenueBook): Promise<SimAccount | undefined> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null) {
    const m = /^Bearer ([^\s]+)$/.exec(authorization.trim());
    return m?.[1] ? book.byJwt(m[1]) : undefined;
  }
  const apiKey = req.headers.get("x-mbx-apikey");
  if (!apiKey) return undefined;
  const account = book.byApiKey(apiKey);
  if (!account) return undefined;
  const parts = req.rawQuery === "" ? [] : req.rawQuery.split("&");
  const signatures = parts.filter((p) => p.startsWith("signature="));
  if (signatures.length !== 1) return undefined;
  const signature = (signatures[0] ?? "").slice("signature=".length);
  const unsigned = parts.filter((p) => !p.startsWith("signature="));
  const timestamps = unsigned.filter((p) => p.startsWith("timestamp="));
  if (timestamps.length !== 1) return undefined;
  const timestamp = (timestamps[0] ?? "").slice("timestamp=".length);
  if (!/^\d{1,16}$/.test(timestamp)) return undefined;
  if (Math.abs(Number(timestamp) - book.now()) > WINDOW_MS) return undefined;
  const query = unsigned.join("&");
  if (timingSafeEqual(await hmacHex(account.secret, query + req.body), signature)) return account;
  const decoded = safeDecode(query);
  if (decoded !== query) {
    if (timingSafeEqual(await hmacHex(account.secret, decoded + req.body), signature)) {
      return account;
    }
  }
  return undefined;
}

function cancelAll(
  account: SimAccount,
  params: URLSearchParams,
  req: SimRequest,
  book: VenueBook,
): Response {
  const symbol = params.get("symbol");
  const canceled: Record<string, unknown>[] = [];
  for (const order of book.open(account)) {
    if (symbol !== null && order.symbol !== symbol) continue;
    cancelNow(order);
    canceled.push(render(order));
  }
  reappear(account, req, book, symbol ?? undefined);
  return json({ canceled });
}

function list(account: SimAccount, params: URLSearchParams): Response {
  const symbol = params.get("symbol");
  const status = params.get("status");
  if (status !== null && !STATUSES.has(status)) return json({ error: "INVALID_PARAMS" }, 400);
  const start = integer(params.get("start"));
  const end = integer(params.get("end"));
  if (start === null || end === null) return json({ error: "INVALID_PARAMS" }, 400);
  const rawLimit = integer(params.get("limit"));
  const limit = Math.min(200, Math.max(1, rawLimit ?? 50));
  // Newest first; ties: the most recently created first (insertion order reversed).
  const rows: { order: SimOrder; sec: number; seq: number }[] = [];
  let seq = 0;
  for (const order of account.orders.values()) {
    seq++;
    if (symbol !== null && order.symbol !== symbol) continue;
    if (status !== null && order.status !== status) continue;
    const sec = Math.floor(order.createdMs / 1000);
    if (start !== undefined && sec < start) continue;
    if (end !== undefined && sec > end) continue;
    rows.push({ order, sec, seq });
  }
  rows.sort((a, b) => b.sec - a.sec || b.seq - a.seq);
  return json(rows.slice(0, limit).map((r) => render(r.order)));
}

/** `undefined` when absent, `null` when malformed, else the integer. */
function integer(value: string | null): number | undefined | null {
  if (value === null || value === "") return undefined;
  return /^-?\d{1,15}$/.test(value) ? Number(value) : null;
}

/** After a cancel: a `reappear` fault adds new open orders (a strategy still placing). */
function reappear(
  account: SimAccount,
  req: SimRequest,
  book: VenueBook,
  symbol: string | undefined,
): void {
  book.reappear(req, account, () => {
    const order = seed(account, { venue: "p99", account: account.index, count: 1, symbol }, book);
    order.createdMs = Date.now();
    order.updatedMs = order.createdMs;
    return order;
  });
}

function errorFor(code: string, status: number | undefined): Response {
  switch (code) {
    case "":
    case "401":
    case "UNAUTHORIZED":
      return new Response(null, { status: status ?? 401 });
    case "ENGINE_BUSY":
    case "ENGINE_RESTARTING":
    case "spot trading disabled":
      return json({ error: code }, status ?? 503);
    case "ORDER_NOT_FOUND":
      return json({ error: code }, status ?? 404);
    case "FORBIDDEN":
      return json({ error: code }, status ?? 403);
    case "DB_ERROR":
      return json({ error: code }, status ?? 500);
    default:
      return json({ error: code }, status ?? 400);
  }
}

function makeOrder(account: SimAccount, spec: SeedSpec, state: SimState): SimOrder {
  return seed(account, spec, state.book("p99"));
}

function seed(account: SimAccount, spec: SeedSpec, book: VenueBook): SimOrder {
  const seq = account.orders.size === 0 ? 0 : book.get(SEQUENCE, account);
  book.set(SEQUENCE, account, seq + 1);
  const markets = marketsOf(book);
  const symbol = spec.symbol ?? (MARKETS[seq % MARKETS.length] ?? MARKETS[0]).id;
  let known = markets.find((m) => m.id === symbol);
  if (!known) {
    // A symbol no market lists: the simulator lists it (the venue refuses orders on unknown
    // markets), with tokens from a USDC/USDT suffix: a simulator convention, never the client's.
    const quote = symbol.endsWith("USDC") ? "USDC" : "USDT";
    known = { id: symbol, base: symbol.slice(0, Math.max(1, symbol.length - quote.length)), quote };
    book.set(SEEDED, [...book.get(SEEDED), known]);
  }
  const market = { price: known.price ?? 1, qty: known.qty ?? 1 };
  const { base, quote } = known;
  // Spread creation times: 5 orders per second over the last hour, so paging by `end`
  // (unix seconds) works as it does on a live account.
  const now = Date.now();
  const createdMs = Math.min(now, now - 3_600_000 + (seq % 18_000) * 200);
  const status = spec.status ?? "open";
  const side = seq % 2 === 0 ? "buy" : "sell";
  const step = 1 + (seq % 50) / 1000;
  const price = side === "buy" ? market.price / step : market.price * step;
  const quantity = market.qty * (1 + (seq % 7));
  const filled = status === "partially_filled" ? quantity / 2 : status === "filled" ? quantity : 0;
  return {
    id: book.state.nextUuid(),
    clientId: "",
    symbol,
    kind: "regular",
    market: "spot",
    baseCoin: base,
    settleCoin: quote,
    status,
    createdMs,
    updatedMs: createdMs,
    extra: {
      side,
      type: "limit",
      tif: "gtc",
      price: price.toFixed(4),
      quantity: String(Number(quantity.toFixed(4))),
      filled_qty: String(Number(filled.toFixed(4))),
      avg_fill_price: filled > 0 ? price.toFixed(4) : "0",
    },
  };
}

function render(order: SimOrder): Record<string, unknown> {
  return {
    id: order.id,
    symbol: order.symbol,
    side: order.extra["side"] ?? "buy",
    type: order.extra["type"] ?? "limit",
    tif: order.extra["tif"] ?? "gtc",
    price: order.extra["price"] ?? "0",
    quantity: order.extra["quantity"] ?? "0",
    quote_quantity: null,
    filled_qty: order.extra["filled_qty"] ?? "0",
    avg_fill_price: order.extra["avg_fill_price"] ?? "0",
    status: order.status,
    reject_reason: null,
    created_at: Math.floor(order.createdMs / 1000),
    updated_at: Math.floor(order.updatedMs / 1000),
  };
}

/** Every answer carries the venue's clock, as a live server's `Date` header does. */
function stamp(res: Response, state: SimState): Response {
  res.headers.set("date", new Date(state.venueNow("p99")).toUTCString());
  return res;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
