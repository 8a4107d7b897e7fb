/**
 * The Bybit v5 REST client: cancel-all, cancel, cancel-batch, open-order listing (all
 * pages), instruments and server time, each input validated before anything is signed or
 * sent. The shared client shell (`../_client.ts`) holds the credentials, the endpoint and the
 * one request path; the listings live in `_client_calls.ts`.
 *
 * @module
 */

import { check, checkOptions, ClientShell, inspectClient, secrets } from "../_client.ts";
import { validate } from "../_response.ts";
import type { Endpoint } from "../endpoint.ts";
import type { RateLimit } from "../rate_limit.ts";
import type { TransportEvent } from "../transport.ts";
import { type BybitShell, callBybit, listInstruments, listOpenOrders } from "./_client_calls.ts";
import {
  CancelAllInput,
  CancelAllResult,
  CancelBatchExtInfo,
  CancelBatchInput,
  CancelBatchResult,
  CancelOrderInput,
  CancelOrderResult,
  ClientOptionsInput,
  ServerTimeResult,
} from "./_schemas.ts";
import type {
  BybitBatchItemResult,
  BybitCallOptions,
  BybitCancelAllParams,
  BybitCancelAllResult,
  BybitCancelBatchParams,
  BybitCancelBatchResult,
  BybitCancelOrderParams,
  BybitCategory,
  BybitClientOptions,
  BybitCredentials,
  BybitInstrument,
  BybitInstrumentsParams,
  BybitListOpenParams,
  BybitListOptions,
  BybitOpenOrder,
  BybitOrderRef,
} from "./client_types.ts";
import { BYBIT_HOSTS, BYBIT_SERVER_TIME_PATH } from "./hosts.ts";
import { signBybitRequest } from "./signer.ts";

export type * from "./client_types.ts";

const SECOND = 1000;
const CANCEL_ALL_RULES: Readonly<Record<BybitCategory, RateLimit>> = {
  linear: { limit: 10, intervalMs: SECOND },
  inverse: { limit: 10, intervalMs: SECOND },
  spot: { limit: 20, intervalMs: SECOND },
  option: { limit: 1, intervalMs: SECOND },
};
const CANCEL_RULE: RateLimit = { limit: 10, intervalMs: SECOND };
const BATCH_RULE: RateLimit = { limit: 10, intervalMs: SECOND };

/** The rate-limit key and rule of cancel-all in one category (shared by all its calls). */
function cancelAllLimit(category: BybitCategory): { key: string; rule: RateLimit } {
  return { key: `cancel-all:${category}`, rule: CANCEL_ALL_RULES[category] };
}

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
  /** Where requests go: base URL, host, environment and its name. */
  readonly endpoint: Endpoint;
  /** Base URL requests go to (no credentials). */
  readonly baseUrl: string;
  /** `host[:port]`, what `--allow-net` must name. */
  readonly host: string;
  /** `X-BAPI-RECV-WINDOW` in milliseconds. */
  readonly recvWindow: number;
  /** Path prefix of the base URL (`""` for a bare host), for plans that show paths as sent. */
  readonly pathPrefix: string;
  readonly #shell: BybitShell;

  /** Builds a client; throws `InputError` naming the bad option. */
  constructor(options: BybitClientOptions) {
    const o = checkOptions(ClientOptionsInput, options, "Bybit");
    const recvWindow = o.recvWindow ?? 5000;
    this.recvWindow = recvWindow;
    this.#shell = new ClientShell<BybitCredentials>({
      venue: "bybit",
      name: "Bybit",
      host: BYBIT_HOSTS[o.environment ?? "mainnet"],
      baseUrl: o.baseUrl,
      credentials: secrets(o, "apiKey", "secret"),
      sign: (request, credentials, ts, baseUrl) =>
        signBybitRequest(request, credentials, Math.round(ts), { baseUrl, recvWindow }),
      transport: options.transport,
      serverTime: () => this.serverTime(),
    });
    ({ endpoint: this.endpoint, baseUrl: this.baseUrl, host: this.host } = this.#shell);
    this.pathPrefix = this.#shell.pathPrefix;
  }

  /** Listens to this client's transport events; returns the function that stops listening. */
  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#shell.subscribe(listener);
  }

  /**
   * The documented cancel-all limit of `category` this client paces to: at most `limit` calls
   * per `intervalMs` for the account.
   *
   * @example
   * ```ts
   * import { BybitClient } from "./client.ts";
   * const client = new BybitClient({ apiKey: "key", secret: "secret" });
   * client.cancelAllRule("linear").limit; // 10
   * ```
   */
  cancelAllRule(category: BybitCategory): RateLimit {
    return cancelAllLimit(category).rule;
  }

  /**
   * How many cancel-alls in `category` this account could start now without waiting: the
   * client's own rate limiter answers, with the key and rule every
   * {@linkcode BybitClient.cancelAll} in that category uses (linear and inverse 10/s, spot
   * 20/s, option 1/s).
   *
   * @example Size a wave of cancel-alls to what is left of this second
   * ```ts
   * import { BybitClient } from "./client.ts";
   * const client = new BybitClient({ apiKey: "key", secret: "secret" });
   * client.cancelAllCapacity("linear"); // 10 before any call
   * ```
   */
  cancelAllCapacity(category: BybitCategory): number {
    const { key, rule } = cancelAllLimit(category);
    return this.#shell.capacity(key, rule);
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
    const body = compact({
      category: input.category,
      symbol: input.symbol,
      baseCoin: input.baseCoin,
      settleCoin: input.settleCoin,
      orderFilter: input.orderFilter,
      stopOrderType: input.stopOrderType,
    });
    return await callBybit(
      this.#shell,
      { method: "POST", path: "/v5/order/cancel-all", query: [], body },
      (ok, raw, endpoint) => {
        const result = validate("bybit", endpoint, raw, CancelAllResult, ok.result);
        return result.success === undefined
          ? { list: result.list }
          : { list: result.list, success: result.success };
      },
      cancelAllLimit(input.category),
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
    const body = compact({
      category: input.category,
      symbol: input.symbol,
      orderId: input.orderId,
      orderLinkId: input.orderLinkId,
      orderFilter: input.orderFilter,
    });
    return await callBybit(
      this.#shell,
      { method: "POST", path: "/v5/order/cancel", query: [], body },
      (ok, raw, endpoint) => validate("bybit", endpoint, raw, CancelOrderResult, ok.result),
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
    const request = input.request.map((r) =>
      compact({ symbol: r.symbol, orderId: r.orderId, orderLinkId: r.orderLinkId })
    );
    return await callBybit(
      this.#shell,
      {
        method: "POST",
        path: "/v5/order/cancel-batch",
        query: [],
        body: { category: input.category, request },
      },
      (ok, raw, endpoint) => {
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
  listOpenOrders(
    params: BybitListOpenParams,
    options: BybitListOptions = {},
  ): Promise<BybitOpenOrder[]> {
    return listOpenOrders(this.#shell, params, options);
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
  instruments(
    params: BybitInstrumentsParams,
    options: BybitCallOptions = {},
  ): Promise<BybitInstrument[]> {
    return listInstruments(this.#shell, params, options);
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
    return await callBybit(
      this.#shell,
      { method: "GET", path: BYBIT_SERVER_TIME_PATH, query: [] },
      (ok, raw, endpoint) => {
        const r = validate("bybit", endpoint, raw, ServerTimeResult, ok.result ?? {});
        if (r.timeNano !== undefined && /^\d{10,}$/.test(r.timeNano)) {
          return Number(BigInt(r.timeNano) / 1_000_000n);
        }
        if (r.timeSecond !== undefined && /^\d+$/.test(r.timeSecond)) {
          return Number(r.timeSecond) * 1000;
        }
        if (ok.time !== undefined) return ok.time;
        throw this.#shell.formatError(endpoint, "no time in the response", raw.status);
      },
      undefined,
      options.signal,
      true,
    );
  }

  /** Plain description for `JSON.stringify`: venue and base URL only. */
  toJSON(): Record<string, unknown> {
    return { venue: "bybit", baseUrl: this.baseUrl };
  }

  /** Description for `Deno.inspect`: venue and base URL only. */
  [Symbol.for("Deno.customInspect")](): string {
    return inspectClient("BybitClient", this.toJSON());
  }
}

/** Drops undefined fields, keeping insertion order (the signed body order). */
function compact(record: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
  return out;
}
