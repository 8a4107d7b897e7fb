/**
 * The Bybit v5 REST client: cancel-all, cancel, cancel-batch, open-order listing (all
 * pages) and server time, each input validated before anything is signed or sent.
 *
 * @module
 */

import type { BybitCategory } from "./categories.ts";
import { validate } from "../_response.ts";
import {
  InputError,
  inputError,
  ResponseFormatError,
  TransientError,
  VenueError,
} from "../errors.ts";
import type { RateLimit } from "../rate_limit.ts";
import { Secret, secret } from "../secret.ts";
import {
  type RawResponse,
  Transport,
  type TransportEvent,
  type TransportOptions,
} from "../transport.ts";
import { encodeQuery, type SignedRequest, type UnsignedRequest } from "../types.ts";
import type { z } from "npm:zod@4";
import {
  CancelAllInput,
  CancelAllResult,
  CancelBatchExtInfo,
  CancelBatchInput,
  CancelBatchResult,
  CancelOrderInput,
  CancelOrderResult,
  ClientOptionsInput,
  InstrumentsInput,
  InstrumentsPage,
  ListOpenInput,
  OpenOrdersPage,
  ServerTimeResult,
} from "./_schemas.ts";
import { type BybitOk, parseBybitEnvelope } from "./codes.ts";
import { BYBIT_HOSTS, BYBIT_SERVER_TIME_PATH, type BybitEnvironment } from "./hosts.ts";
import { type Endpoint, resolveEndpoint } from "../endpoint.ts";
import { signBybitRequest } from "./signer.ts";

export type { BybitCategory };

/** Options of {@linkcode BybitClient}. */
export interface BybitClientOptions {
  /** API key. */
  readonly apiKey: string | Secret;
  /** API secret. */
  readonly secret: string | Secret;
  /** Environment or region; default `mainnet` (`api.bybit.com`). Ignored when `baseUrl` is set. */
  readonly environment?: BybitEnvironment | undefined;
  /** Base URL override (https, or http on loopback for the simulator). */
  readonly baseUrl?: string | undefined;
  /** `X-BAPI-RECV-WINDOW` in milliseconds; default 5000. */
  readonly recvWindow?: number | undefined;
  /** Transport knobs: fetch injection, timeouts, retries, shared rate limiter. */
  readonly transport?: TransportOptions | undefined;
}

/** Per-call options. */
export interface BybitCallOptions {
  /** Aborts the call (the engine's deadline). */
  readonly signal?: AbortSignal | undefined;
}

/** Options of {@linkcode BybitClient.listOpenOrders}. */
export interface BybitListOptions extends BybitCallOptions {
  /**
   * Stop after this many pages (50 orders each) and return what was read: a cheap probe of
   * whether anything is open. Default: every page.
   */
  readonly maxPages?: number | undefined;
}

/** Parameters of {@linkcode BybitClient.cancelAll}. */
export interface BybitCancelAllParams {
  /** Product type. */
  readonly category: BybitCategory;
  /** Symbol, uppercase (`BTCUSDT`); wins over baseCoin and settleCoin. */
  readonly symbol?: string | undefined;
  /** Base coin, uppercase; wins over settleCoin. */
  readonly baseCoin?: string | undefined;
  /** Settle coin, uppercase; not for spot. */
  readonly settleCoin?: string | undefined;
  /**
   * Which orders: spot `Order` (default), `tpslOrder`, `StopOrder`, `OcoOrder`,
   * `BidirectionalTpslOrder`; linear/inverse `Order`, `StopOrder`, `OpenOrder` (all kinds
   * when omitted); option `Order`, `StopOrder` (all kinds when omitted).
   */
  readonly orderFilter?: string | undefined;
  /** `Stop`: only with linear/inverse and orderFilter `StopOrder` (spares TP/SL and trailing). */
  readonly stopOrderType?: "Stop" | undefined;
}

/** An order the venue named in an acknowledgement. */
export interface BybitOrderRef {
  /** Order id. */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly orderLinkId: string;
}

/** Acknowledgement of a cancel-all: the orders it accepted to cancel (not yet verified). */
export interface BybitCancelAllResult {
  /** Orders accepted for cancellation. Futures: at most 500 per call. */
  readonly list: readonly BybitOrderRef[];
  /** `"1"` success, `"0"` failure; absent for some account types. */
  readonly success?: string | undefined;
}

/** Parameters of {@linkcode BybitClient.cancelOrder}. */
export interface BybitCancelOrderParams {
  /** Product type. */
  readonly category: BybitCategory;
  /** Symbol, uppercase. */
  readonly symbol: string;
  /** Order id; wins over orderLinkId. */
  readonly orderId?: string | undefined;
  /** Client order id. */
  readonly orderLinkId?: string | undefined;
  /**
   * Spot only: which kind of order the id names, `Order` (default), `tpslOrder` or
   * `StopOrder`. A spot TP/SL or stop order cancelled without its filter is answered
   * "order does not exist" (170213).
   */
  readonly orderFilter?: "Order" | "tpslOrder" | "StopOrder" | undefined;
}

/** One order of a batch cancel. */
export interface BybitCancelBatchItem {
  /** Symbol, uppercase. */
  readonly symbol: string;
  /** Order id; wins over orderLinkId. */
  readonly orderId?: string | undefined;
  /** Client order id. */
  readonly orderLinkId?: string | undefined;
}

/** Parameters of {@linkcode BybitClient.cancelBatch}. */
export interface BybitCancelBatchParams {
  /** Product type. */
  readonly category: BybitCategory;
  /** At most 20 orders (10 for spot). */
  readonly request: readonly BybitCancelBatchItem[];
}

/** The venue's answer for one order of a batch cancel (from `retExtInfo.list`). */
export interface BybitBatchItemResult {
  /** Symbol as requested. */
  readonly symbol: string;
  /** Order id (as requested, or as the venue echoed it). */
  readonly orderId: string;
  /** Client order id (as requested, or as the venue echoed it). */
  readonly orderLinkId: string;
  /** The item's code: 0 accepted; undefined when the venue sent none. */
  readonly code: number | undefined;
  /** The item's message. */
  readonly message: string;
}

/** Result of a batch cancel: one entry per requested order, in request order. */
export interface BybitCancelBatchResult {
  /** Per-item results. */
  readonly items: readonly BybitBatchItemResult[];
}

/** Parameters of {@linkcode BybitClient.listOpenOrders}. */
export interface BybitListOpenParams {
  /** Product type. */
  readonly category: BybitCategory;
  /** Symbol, uppercase. Linear needs symbol, baseCoin or settleCoin. */
  readonly symbol?: string | undefined;
  /** Base coin, uppercase (linear, inverse, option). */
  readonly baseCoin?: string | undefined;
  /** Settle coin, uppercase (not spot). */
  readonly settleCoin?: string | undefined;
  /** Order filter (all kinds when omitted on unified accounts). */
  readonly orderFilter?: string | undefined;
}

/** An open order as the listing returns it (the fields the toolkit uses). */
export interface BybitOpenOrder {
  /** Category it was listed under. */
  readonly category: BybitCategory;
  /** Order id. */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly orderLinkId: string;
  /** Symbol. */
  readonly symbol: string;
  /** `Buy` or `Sell`. */
  readonly side?: string | undefined;
  /** Price. */
  readonly price?: string | undefined;
  /** Quantity. */
  readonly qty?: string | undefined;
  /** `New`, `PartiallyFilled`, `Untriggered`, ... */
  readonly orderStatus: string;
  /** `Limit` or `Market`. */
  readonly orderType?: string | undefined;
  /** `""`/`UNKNOWN` for regular orders; `Stop`, `TakeProfit`, `tpslOrder`, ... for conditional. */
  readonly stopOrderType: string;
  /** Trigger price of conditional orders. */
  readonly triggerPrice?: string | undefined;
  /** Creation time, epoch ms as a string. */
  readonly createdTime?: string | undefined;
}

/** Parameters of {@linkcode BybitClient.instruments}. */
export interface BybitInstrumentsParams {
  /** Product type. */
  readonly category: BybitCategory;
  /** One symbol, uppercase. */
  readonly symbol?: string | undefined;
  /**
   * Instrument status. The venue's default is `Trading` for spot, linear and inverse
   * (`PreLaunch` lists pre-market contracts) and PreLaunch + Trading + Delivering for option.
   */
  readonly status?: "PreLaunch" | "Trading" | "Delivering" | "Closed" | undefined;
}

/** What the venue states about one instrument (GET /v5/market/instruments-info). */
export interface BybitInstrument {
  /** Category it was listed under. */
  readonly category: BybitCategory;
  /** Symbol. */
  readonly symbol: string;
  /** Base coin, as the venue states it. */
  readonly baseCoin: string;
  /** Quote coin. */
  readonly quoteCoin: string;
  /** Settle coin (derivatives); for spot, the quote coin. */
  readonly settleCoin: string;
  /** `Trading`, `PreLaunch`, `Delivering`, ... (`""` when not sent). */
  readonly status: string;
}

/** Page size of the open-order listing (the venue's maximum). */
const PAGE_LIMIT = 50;
/** A listing that has not ended after this many pages is treated as broken. */
const MAX_PAGES = 2_000;

const SECOND = 1000;
const CANCEL_ALL_RULES: Readonly<Record<BybitCategory, RateLimit>> = {
  linear: { limit: 10, intervalMs: SECOND },
  inverse: { limit: 10, intervalMs: SECOND },
  spot: { limit: 20, intervalMs: SECOND },
  option: { limit: 1, intervalMs: SECOND },
};
const CANCEL_RULE: RateLimit = { limit: 10, intervalMs: SECOND };
const BATCH_RULE: RateLimit = { limit: 10, intervalMs: SECOND };
const REALTIME_RULE: RateLimit = { limit: 50, intervalMs: SECOND };
/** Public market data shares the per-IP budget: 600 requests per 5 s (rate-limit.mdx). */
const MARKET_RULE: RateLimit = { limit: 600, intervalMs: 5 * SECOND };
/** Page size of the instruments listing (the venue's maximum; spot takes no limit). */
const INSTRUMENTS_LIMIT = 1000;

/**
 * A Bybit v5 client for one account. Credentials are kept in private fields and never
 * appear in errors, `JSON.stringify` or `Deno.inspect`.
 *
 * @example Cancel every USDT-settled linear order, then list what is left
 * ```ts
 * import { BybitClient } from "./client.ts";
 * const client = new BybitClient({ apiKey: "key", secret: "secret", environment: "testnet" });
 * // await client.cancelAll({ category: "linear", settleCoin: "USDT" });
 * // const left = await client.listOpenOrders({ category: "linear", settleCoin: "USDT" });
 * ```
 */
export class BybitClient {
  readonly #apiKey: Secret;
  readonly #secret: Secret;
  readonly #baseUrl: string;
  readonly #pathPrefix: string;
  readonly #host: string;
  readonly #endpoint: Endpoint;
  readonly #recvWindow: number;
  readonly #transport: Transport;

  /** Builds a client; throws `InputError` naming the bad option. */
  constructor(options: BybitClientOptions) {
    const fail = (message: string) => new InputError(`Cannot create Bybit client: ${message}`);
    if (typeof options !== "object" || options === null) throw fail("options are required");
    this.#apiKey = credential(options.apiKey, "apiKey", fail);
    this.#secret = credential(options.secret, "secret", fail);
    const parsed = ClientOptionsInput.safeParse({
      environment: options.environment,
      baseUrl: options.baseUrl,
      recvWindow: options.recvWindow,
    });
    if (!parsed.success) throw inputError("create Bybit client", parsed.error.issues);
    try {
      this.#endpoint = resolveEndpoint(
        BYBIT_HOSTS[parsed.data.environment ?? "mainnet"],
        parsed.data.baseUrl,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw fail(message.replace(/^Cannot use baseUrl: /, "baseUrl "));
    }
    this.#pathPrefix = new URL(this.#endpoint.baseUrl).pathname.replace(/\/+$/, "");
    this.#baseUrl = this.#endpoint.baseUrl;
    this.#host = this.#endpoint.host;
    this.#recvWindow = parsed.data.recvWindow ?? 5000;
    this.#transport = new Transport("bybit", options.transport);
    // The transport redacts these from every answer (one mechanism for every venue).
    this.#transport.protect(this.#apiKey, this.#secret);
    this.#transport.setServerTime(() => this.serverTime());
  }

  /** Base URL requests go to (no credentials). */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** Where requests go: base URL, host, environment and its name. */
  get endpoint(): Endpoint {
    return this.#endpoint;
  }

  /** `host[:port]`, what `--allow-net` must name. */
  get host(): string {
    return this.#host;
  }

  /** `X-BAPI-RECV-WINDOW` in milliseconds. */
  get recvWindow(): number {
    return this.#recvWindow;
  }

  /** Path prefix of the base URL (`""` for a bare host), for plans that show paths as sent. */
  get pathPrefix(): string {
    return this.#pathPrefix;
  }

  /** Listens to this client's transport events; returns the function that stops listening. */
  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#transport.subscribe(listener);
  }

  /**
   * Cancels every open order matching the parameters (POST /v5/order/cancel-all). The answer
   * is an acknowledgement: verify with {@linkcode BybitClient.listOpenOrders}. Futures cancel
   * at most 500 orders per call, picked at random when more are open.
   *
   * @example Cancel all BTCUSDT perpetual orders
   * ```ts
   * import { BybitClient } from "./client.ts";
   * const client = new BybitClient({ apiKey: "key", secret: "secret" });
   * // const { list } = await client.cancelAll({ category: "linear", symbol: "BTCUSDT" });
   * ```
   */
  async cancelAll(
    params: BybitCancelAllParams,
    options: BybitCallOptions = {},
  ): Promise<BybitCancelAllResult> {
    const input = check(CancelAllInput, params, "cancel all orders");
    const endpoint = "POST /v5/order/cancel-all";
    const body = compact({
      category: input.category,
      symbol: input.symbol,
      baseCoin: input.baseCoin,
      settleCoin: input.settleCoin,
      orderFilter: input.orderFilter,
      stopOrderType: input.stopOrderType,
    });
    return await this.#call(
      { method: "POST", path: "/v5/order/cancel-all", query: [], body },
      endpoint,
      (ok, raw) => {
        const result = validate("bybit", endpoint, raw, CancelAllResult, ok.result);
        return result.success === undefined
          ? { list: result.list }
          : { list: result.list, success: result.success };
      },
      { key: `cancel-all:${input.category}`, rule: CANCEL_ALL_RULES[input.category] },
      options.signal,
    );
  }

  /**
   * Cancels one order (POST /v5/order/cancel). An order that is already gone raises
   * `AlreadyGoneError` (110001, 110008, 110010, 170213, 170142).
   *
   * @example Cancel one order
   * ```ts
   * import { BybitClient } from "./client.ts";
   * const client = new BybitClient({ apiKey: "key", secret: "secret" });
   * // await client.cancelOrder({ category: "linear", symbol: "BTCUSDT", orderId: "c6f055d9-..." });
   * ```
   */
  async cancelOrder(
    params: BybitCancelOrderParams,
    options: BybitCallOptions = {},
  ): Promise<BybitOrderRef> {
    const input = check(CancelOrderInput, params, "cancel order");
    const endpoint = "POST /v5/order/cancel";
    const body = compact({
      category: input.category,
      symbol: input.symbol,
      orderId: input.orderId,
      orderLinkId: input.orderLinkId,
      orderFilter: input.orderFilter,
    });
    return await this.#call(
      { method: "POST", path: "/v5/order/cancel", query: [], body },
      endpoint,
      (ok, raw) => validate("bybit", endpoint, raw, CancelOrderResult, ok.result),
      { key: `cancel:${input.category}`, rule: CANCEL_RULE },
      options.signal,
    );
  }

  /**
   * Cancels up to 20 orders (10 for spot) in one request (POST /v5/order/cancel-batch). Each
   * item's own code is returned (0 accepted; 110001 and friends: already gone). The batch
   * takes no orderFilter: it reaches spot normal orders only, and a spot TP/SL, stop or OCO
   * order named here is answered "order does not exist" (use cancelOrder with its
   * orderFilter, or cancelAll with orderFilter).
   *
   * @example Cancel two spot orders
   * ```ts
   * import { BybitClient } from "./client.ts";
   * const client = new BybitClient({ apiKey: "key", secret: "secret" });
   * // const { items } = await client.cancelBatch({
   * //   category: "spot",
   * //   request: [{ symbol: "BTCUSDT", orderId: "1666800494330512128" }, { symbol: "ETHUSDT", orderLinkId: "a-1" }],
   * // });
   * ```
   */
  async cancelBatch(
    params: BybitCancelBatchParams,
    options: BybitCallOptions = {},
  ): Promise<BybitCancelBatchResult> {
    const input = check(CancelBatchInput, params, "cancel orders in batch");
    const endpoint = "POST /v5/order/cancel-batch";
    const request = input.request.map((r) =>
      compact({ symbol: r.symbol, orderId: r.orderId, orderLinkId: r.orderLinkId })
    );
    return await this.#call(
      {
        method: "POST",
        path: "/v5/order/cancel-batch",
        query: [],
        body: { category: input.category, request },
      },
      endpoint,
      (ok, raw) => {
        const result = validate("bybit", endpoint, raw, CancelBatchResult, ok.result);
        const ext = validate("bybit", endpoint, raw, CancelBatchExtInfo, ok.retExtInfo);
        const codes = ext?.list ?? [];
        const items = input.request.map((r, i): BybitBatchItemResult => {
          const echoed = result.list[i];
          const code = codes[i];
          return {
            symbol: r.symbol,
            orderId: r.orderId ?? echoed?.orderId ?? "",
            orderLinkId: r.orderLinkId ?? echoed?.orderLinkId ?? "",
            code: code?.code,
            message: code === undefined ? "no per-item result from the venue" : (code.msg ?? ""),
          };
        });
        return { items };
      },
      { key: `cancel-batch:${input.category}`, rule: BATCH_RULE },
      options.signal,
    );
  }

  /**
   * Lists every open order matching the parameters (GET /v5/order/realtime), following
   * `nextPageCursor` with 50 orders per page until the venue has no more. A venue that
   * repeats a cursor or never ends raises `ResponseFormatError` rather than loop.
   *
   * @example List open inverse orders
   * ```ts
   * import { BybitClient } from "./client.ts";
   * const client = new BybitClient({ apiKey: "key", secret: "secret" });
   * // const orders = await client.listOpenOrders({ category: "inverse" });
   * ```
   */
  async listOpenOrders(
    params: BybitListOpenParams,
    options: BybitListOptions = {},
  ): Promise<BybitOpenOrder[]> {
    const maxPages = options.maxPages ?? Infinity;
    if (!(maxPages >= 1)) {
      throw new InputError("Cannot list open orders: maxPages must be 1 or more");
    }
    const input = check(ListOpenInput, params, "list open orders");
    const endpoint = "GET /v5/order/realtime";
    const base: [string, string][] = [["category", input.category]];
    for (const key of ["symbol", "baseCoin", "settleCoin", "orderFilter"] as const) {
      const value = input[key];
      if (value !== undefined) base.push([key, value]);
    }
    base.push(["limit", String(PAGE_LIMIT)]);
    const seenCursors = new Set<string>();
    const byId = new Map<string, BybitOpenOrder>();
    let cursor = "";
    for (let page = 0;; page++) {
      if (page >= MAX_PAGES) {
        throw new ResponseFormatError(
          `bybit ${endpoint}: listing did not end after ${MAX_PAGES} pages`,
          { venue: "bybit", endpoint },
        );
      }
      const query = cursor === "" ? base : [...base, ["cursor", cursor] as [string, string]];
      const result = await this.#call(
        { method: "GET", path: "/v5/order/realtime", query },
        endpoint,
        (ok, raw) => {
          const page = validate("bybit", endpoint, raw, OpenOrdersPage, ok.result);
          if (page.category && page.category !== input.category) {
            throw new ResponseFormatError(
              `bybit ${endpoint}: asked for category ${input.category}, the venue answered for ${page.category}`,
              { venue: "bybit", endpoint, status: raw.status },
            );
          }
          return page;
        },
        { key: "realtime", rule: REALTIME_RULE },
        options.signal,
      );
      for (const item of result.list) {
        byId.set(item.orderId, {
          category: input.category,
          orderId: item.orderId,
          orderLinkId: item.orderLinkId,
          symbol: item.symbol,
          side: item.side ?? undefined,
          price: item.price ?? undefined,
          qty: item.qty ?? undefined,
          orderStatus: item.orderStatus,
          orderType: item.orderType ?? undefined,
          stopOrderType: item.stopOrderType,
          triggerPrice: item.triggerPrice ?? undefined,
          createdTime: item.createdTime ?? undefined,
        });
      }
      const next = result.nextPageCursor;
      if (next === "" || result.list.length === 0 || page + 1 >= maxPages) break;
      if (seenCursors.has(next) || next === cursor) {
        throw new ResponseFormatError(
          `bybit ${endpoint}: the venue repeated a page cursor; listing is incomplete`,
          { venue: "bybit", endpoint },
        );
      }
      seenCursors.add(next);
      cursor = next;
    }
    return [...byId.values()];
  }

  /**
   * What the venue states about its instruments (GET /v5/market/instruments-info, public):
   * symbol, base, quote and settle coin. Follows `nextPageCursor` (1000 per page; spot has
   * one page). Option without a symbol lists BTC options only (the venue's default).
   *
   * @example Look up one symbol's coins
   * ```ts
   * import { BybitClient } from "./client.ts";
   * const client = new BybitClient({ apiKey: "key", secret: "secret" });
   * // const [btc] = await client.instruments({ category: "linear", symbol: "BTCUSDT" });
   * // btc?.settleCoin; // "USDT"
   * ```
   */
  async instruments(
    params: BybitInstrumentsParams,
    options: BybitCallOptions = {},
  ): Promise<BybitInstrument[]> {
    const input = check(InstrumentsInput, params, "list instruments");
    const endpoint = "GET /v5/market/instruments-info";
    const base: [string, string][] = [["category", input.category]];
    if (input.symbol !== undefined) base.push(["symbol", input.symbol]);
    if (input.status !== undefined) base.push(["status", input.status]);
    if (input.category !== "spot") base.push(["limit", String(INSTRUMENTS_LIMIT)]);
    const out = new Map<string, BybitInstrument>();
    const seen = new Set<string>();
    let cursor = "";
    for (let page = 0;; page++) {
      if (page >= 100) {
        throw new ResponseFormatError(`bybit ${endpoint}: listing did not end after 100 pages`, {
          venue: "bybit",
          endpoint,
        });
      }
      const query = cursor === "" ? base : [...base, ["cursor", cursor] as [string, string]];
      const result = await this.#call(
        { method: "GET", path: "/v5/market/instruments-info", query },
        endpoint,
        (ok, raw) => {
          const r = validate("bybit", endpoint, raw, InstrumentsPage, ok.result);
          if (r.category && r.category !== input.category) {
            throw new ResponseFormatError(
              `bybit ${endpoint}: asked for category ${input.category}, the venue answered for ${r.category}`,
              { venue: "bybit", endpoint, status: raw.status },
            );
          }
          return r;
        },
        { key: "market", rule: MARKET_RULE },
        options.signal,
        false,
      );
      for (const item of result.list) {
        // Derivatives name their family: a linear query never reports an inverse contract.
        const family = item.contractType ?? "";
        if (input.category === "linear" && family !== "" && !family.startsWith("Linear")) continue;
        if (input.category === "inverse" && family !== "" && !family.startsWith("Inverse")) {
          continue;
        }
        const settle = input.category === "spot" ? item.quoteCoin : item.settleCoin;
        if (!settle) {
          throw new ResponseFormatError(
            `bybit ${endpoint}: ${item.symbol} has no settleCoin`,
            { venue: "bybit", endpoint },
          );
        }
        out.set(item.symbol, {
          category: input.category,
          symbol: item.symbol,
          baseCoin: item.baseCoin,
          quoteCoin: item.quoteCoin,
          settleCoin: settle,
          status: item.status ?? "",
        });
      }
      const next = input.category === "spot" ? "" : result.nextPageCursor;
      if (next === "" || result.list.length === 0) break;
      if (seen.has(next)) {
        throw new ResponseFormatError(`bybit ${endpoint}: the venue repeated a page cursor`, {
          venue: "bybit",
          endpoint,
        });
      }
      seen.add(next);
      cursor = next;
    }
    return [...out.values()];
  }

  /**
   * The venue's clock in epoch milliseconds (GET /v5/market/time, public), from `timeNano`
   * (or `timeSecond`, or the envelope's `time`).
   *
   * @example Measure clock offset
   * ```ts
   * import { BybitClient } from "./client.ts";
   * const client = new BybitClient({ apiKey: "key", secret: "secret" });
   * // const offset = (await client.serverTime()) - Date.now();
   * ```
   */
  async serverTime(options: BybitCallOptions = {}): Promise<number> {
    const endpoint = "GET /v5/market/time";
    return await this.#call(
      { method: "GET", path: BYBIT_SERVER_TIME_PATH, query: [] },
      endpoint,
      (ok, raw) => {
        const r = validate("bybit", endpoint, raw, ServerTimeResult, ok.result ?? {});
        if (r.timeNano !== undefined && /^\d{10,}$/.test(r.timeNano)) {
          return Number(BigInt(r.timeNano) / 1_000_000n);
        }
        if (r.timeSecond !== undefined && /^\d+$/.test(r.timeSecond)) {
          return Number(r.timeSecond) * 1000;
        }
        if (ok.time !== undefined) return ok.time;
        throw new ResponseFormatError(`bybit ${endpoint}: no time in the response`, {
          venue: "bybit",
          endpoint,
          status: raw.status,
        });
      },
      undefined,
      options.signal,
      false,
    );
  }

  /** Plain description for `JSON.stringify`: venue and base URL only. */
  toJSON(): Record<string, unknown> {
    return { venue: "bybit", baseUrl: this.#baseUrl };
  }

  /** Description for `Deno.inspect`: venue and base URL only. */
  [Symbol.for("Deno.customInspect")](): string {
    return `BybitClient { baseUrl: "${this.#baseUrl}" }`;
  }

  async #call<T>(
    request: UnsignedRequest,
    endpoint: string,
    read: (ok: BybitOk, raw: RawResponse) => T,
    rateLimit: { readonly key: string; readonly rule: RateLimit } | undefined,
    signal: AbortSignal | undefined,
    signed = true,
  ): Promise<T> {
    return await this.#transport.call({
      endpoint,
      rateLimit,
      signal,
      build: (timestampMs) => this.#build(request, timestampMs, signed),
      parse: (raw) => {
        try {
          return read(parseBybitEnvelope(raw, { endpoint }), raw);
        } catch (error) {
          // A public call is not signed: a timestamp code there must not start another resync.
          if (!signed && error instanceof VenueError && error.kind === "timestamp") {
            throw new TransientError(error.message, {
              venue: "bybit",
              endpoint,
              code: error.code,
              status: error.status,
            });
          }
          throw error;
        }
      },
    });
  }

  #build(request: UnsignedRequest, timestampMs: number, signed: boolean): Promise<SignedRequest> {
    if (!signed) {
      const query = request.query.length === 0 ? "" : `?${encodeQuery(request.query)}`;
      return Promise.resolve({
        method: request.method,
        url: `${this.#baseUrl}${request.path}${query}`,
        headers: {},
        body: "",
      });
    }
    return signBybitRequest(
      request,
      { apiKey: this.#apiKey, secret: this.#secret },
      Math.round(timestampMs),
      { baseUrl: this.#baseUrl, recvWindow: this.#recvWindow },
    );
  }
}

/** Validates a credential without letting its value reach any message. */
function credential(
  value: string | Secret | undefined,
  field: string,
  fail: (message: string) => InputError,
): Secret {
  if (value === undefined || value === null) return raise(fail(`${field} is required`));
  if (typeof value !== "string" && !(value instanceof Secret)) {
    return raise(fail(`${field} must be a string`));
  }
  const wrapped = secret(value);
  const text = wrapped.reveal();
  if (text.trim() === "") return raise(fail(`${field} must not be empty`));
  if (!/^[\x21-\x7e]+$/.test(text)) {
    return raise(fail(`${field} must be printable ASCII without spaces`));
  }
  return wrapped;
}

function raise(error: Error): never {
  throw error;
}

/** Validates input with `schema`; an `InputError` naming the field otherwise. */
function check<S extends z.ZodType>(schema: S, value: unknown, action: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw inputError(action, parsed.error.issues);
  return parsed.data;
}

/** Drops undefined fields, keeping insertion order (the signed body order). */
function compact(record: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
  return out;
}
