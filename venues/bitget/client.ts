/**
 * The Bitget v2 mix (futures) client: cancel-all, single and batch cancels, trigger (plan)
 * order cancels, open-order listings across all pages, and server time.
 *
 * @module
 */

import type { z } from "npm:zod@4";
import { type Endpoint, resolveEndpoint } from "../endpoint.ts";
import { inputError } from "../errors.ts";
import type { RateLimit } from "../rate_limit.ts";
import { type Secret, secret } from "../secret.ts";
import { Transport, type TransportEvent, type TransportOptions } from "../transport.ts";
import type { SignedRequest, UnsignedRequest } from "../types.ts";
import {
  batchCancelInput,
  cancelAllInput,
  cancelListSchema,
  cancelOrderInput,
  cancelOrderSchema,
  cancelPlanInput,
  clientOptionsSchema,
  listPendingInput,
  listPlanInput,
  pendingPageSchema,
  planPageSchema,
  serverTimeSchema,
} from "./_schemas.ts";
import { parseBitgetResponse } from "./codes.ts";
import { BITGET_DEMO_HEADERS, BITGET_HOSTS, BITGET_SERVER_TIME_PATH } from "./hosts.ts";
import { signBitgetRequest } from "./signer.ts";
import type { BitgetProductType } from "./product_types.ts";

export type { BitgetProductType };

/**
 * Plan (trigger) order types cancel-plan-order takes. The first six are documented (bitget.com
 * api-doc contract/plan/Cancel-Plan-Order). `track_plan` is what the listing calls trailing
 * trigger orders: not documented for cancel, so the client sends it only with an orderIdList
 * (whether the venue accepts it is UNVERIFIED).
 */
export type BitgetCancelPlanType =
  | "normal_plan"
  | "profit_plan"
  | "loss_plan"
  | "pos_profit"
  | "pos_loss"
  | "moving_plan"
  | "track_plan";

/** Plan types the orders-plan-pending listing takes (`profit_loss` covers every TP/SL type). */
export type BitgetListPlanType = "normal_plan" | "track_plan" | "profit_loss";

/** Options of {@linkcode BitgetClient}. */
export interface BitgetClientOptions {
  /** API key. Kept in a {@linkcode Secret}. */
  readonly apiKey: string | Secret;
  /** API secret. Kept in a {@linkcode Secret}. */
  readonly secret: string | Secret;
  /** Passphrase of the key. Kept in a {@linkcode Secret}. */
  readonly passphrase: string | Secret;
  /** Base URL; default `https://api.bitget.com`. HTTPS, or plain HTTP on loopback only. */
  readonly baseUrl?: string | undefined;
  /** Demo trading: sends `paptrading: 1` on every request. Needs a demo key. Default false. */
  readonly demo?: boolean | undefined;
  /** `locale` header; default `en-US`. */
  readonly locale?: string | undefined;
  /** Transport knobs: fetch, timeouts, retries, shared limiter. */
  readonly transport?: TransportOptions | undefined;
}

/** Per-call options. */
export interface BitgetCallOptions {
  /** Aborts the call and any backoff (the engine's deadline). */
  readonly signal?: AbortSignal | undefined;
}

/** One order a cancel acknowledged. */
export interface BitgetCancelAck {
  /** Order id (`""` when the venue sent none). */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
}

/** One order a cancel did not cancel, with the venue's reason. */
export interface BitgetCancelFailure {
  /** Order id (`""` when the venue sent none). */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
  /** Failure reason (`"notExistend"`, ...). */
  readonly errorMsg: string;
  /** Error code, when the venue sent one (cancel-plan-order sends none). */
  readonly errorCode: string | undefined;
}

/**
 * What cancel-all-orders, batch-cancel-orders and cancel-plan-order answer. Both lists are
 * surfaced: a success is an acknowledgement, not a verified cancellation.
 */
export interface BitgetCancelResult {
  /** Orders the venue accepted to cancel. */
  readonly successList: readonly BitgetCancelAck[];
  /** Orders the venue did not cancel. */
  readonly failureList: readonly BitgetCancelFailure[];
}

/** One open regular order from orders-pending. Symbols and coins come back lowercase. */
export interface BitgetPendingOrder {
  /** Symbol as sent by the venue (often lowercase, `ethusdt`). */
  readonly symbol: string;
  /** Order id. */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
  /** `live` or `partially_filled`. */
  readonly status: string;
  /** Margin coin as sent (often lowercase). */
  readonly marginCoin: string;
  /** `buy` or `sell`. */
  readonly side: string;
  /** Limit price. */
  readonly price: string;
  /** Size. */
  readonly size: string;
  /** `limit` or `market`. */
  readonly orderType: string;
  /** Position side. */
  readonly posSide: string;
  /** `open` or `close`. */
  readonly tradeSide: string;
  /** Creation time, epoch ms as a string. */
  readonly cTime: string;
  /** Update time, epoch ms as a string. */
  readonly uTime: string;
}

/** One open trigger (plan) order from orders-plan-pending. */
export interface BitgetPlanOrder {
  /** Plan type of the order (`normal_plan`, `profit_plan`, `track_plan`, ...). */
  readonly planType: string;
  /** Symbol as sent (often lowercase). */
  readonly symbol: string;
  /** Order id. */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
  /** Plan status (`live`, `not_trigger`). */
  readonly planStatus: string;
  /** Margin coin as sent (often lowercase). */
  readonly marginCoin: string;
  /** `buy` or `sell`. */
  readonly side: string;
  /** Size. */
  readonly size: string;
  /** Execute price. */
  readonly price: string;
  /** Trigger price. */
  readonly triggerPrice: string;
  /** Trigger price type. */
  readonly triggerType: string;
  /** Creation time, epoch ms as a string. */
  readonly cTime: string;
}

/** Input of {@linkcode BitgetClient.cancelAllOrders}. */
export interface BitgetCancelAllInput {
  /** Product type (required). */
  readonly productType: BitgetProductType;
  /** Margin coin, uppercase (`USDT`); lowercase is refused before sending. */
  readonly marginCoin?: string | undefined;
}

/** Input of {@linkcode BitgetClient.cancelOrder}: `orderId` or `clientOid`. */
export interface BitgetCancelOrderInput {
  /** Symbol (`BTCUSDT`). */
  readonly symbol: string;
  /** Product type. */
  readonly productType: BitgetProductType;
  /** Order id; wins over `clientOid`. */
  readonly orderId?: string | undefined;
  /** Client order id. */
  readonly clientOid?: string | undefined;
  /** Margin coin, uppercase. */
  readonly marginCoin?: string | undefined;
}

/** One order of a batch: `orderId` or `clientOid`. */
export interface BitgetOrderRef {
  /** Order id; wins over `clientOid`. */
  readonly orderId?: string | undefined;
  /** Client order id. */
  readonly clientOid?: string | undefined;
}

/**
 * Input of {@linkcode BitgetClient.batchCancelOrders}. With `orderIdList`, those orders (then
 * `symbol` is required); without it, every regular order of the product type (and symbol),
 * whatever its age: no listing, no time window.
 */
export interface BitgetBatchCancelInput {
  /** Symbol; required with `orderIdList`. */
  readonly symbol?: string | undefined;
  /** Product type. */
  readonly productType: BitgetProductType;
  /** Margin coin, uppercase. */
  readonly marginCoin?: string | undefined;
  /** 1 to 50 orders; every order of the symbol when omitted. */
  readonly orderIdList?: readonly BitgetOrderRef[] | undefined;
}

/** Input of {@linkcode BitgetClient.cancelPlanOrders}. */
export interface BitgetCancelPlanInput {
  /** Product type (required). */
  readonly productType: BitgetProductType;
  /** Symbol; required with `orderIdList`. */
  readonly symbol?: string | undefined;
  /** Margin coin, uppercase. */
  readonly marginCoin?: string | undefined;
  /** Plan type; the venue's default is `normal_plan`. `track_plan` only with `orderIdList`. */
  readonly planType?: BitgetCancelPlanType | undefined;
  /** Up to 50 specific trigger orders; all matching orders when omitted. */
  readonly orderIdList?: readonly BitgetOrderRef[] | undefined;
}

/** Input of {@linkcode BitgetClient.listPendingOrders}. */
export interface BitgetListPendingInput {
  /** Product type (required). */
  readonly productType: BitgetProductType;
  /** Only this symbol. */
  readonly symbol?: string | undefined;
  /**
   * Only this status. Omitted, the venue returns `live` orders only (the English page), so
   * an exhaustive listing asks for `live` and `partially_filled` one after the other.
   */
  readonly status?: "live" | "partially_filled" | undefined;
  /**
   * Creation-time window start, epoch ms. Omitted, the venue covers the last three months
   * only; at most 90 days before `endTime`.
   */
  readonly startTime?: number | undefined;
  /** Creation-time window end, epoch ms. */
  readonly endTime?: number | undefined;
}

/** Input of {@linkcode BitgetClient.listPlanOrders}. */
export interface BitgetListPlanInput {
  /** Product type (required). */
  readonly productType: BitgetProductType;
  /** Plan type group (required). */
  readonly planType: BitgetListPlanType;
  /** Only this symbol. */
  readonly symbol?: string | undefined;
  /** Creation-time window start, epoch ms (omitted: the last three months only). */
  readonly startTime?: number | undefined;
  /** Creation-time window end, epoch ms. */
  readonly endTime?: number | undefined;
}

const PER_SECOND_10: RateLimit = { limit: 10, intervalMs: 1000 };
const PER_SECOND_20: RateLimit = { limit: 20, intervalMs: 1000 };
const PAGE_LIMIT = 100;
/** Hard stop for a listing (100 orders per page): far beyond any account's open orders. */
const MAX_PAGES = 1000;

const PATHS = {
  time: BITGET_SERVER_TIME_PATH,
  cancelAll: "/api/v2/mix/order/cancel-all-orders",
  cancelOrder: "/api/v2/mix/order/cancel-order",
  batchCancel: "/api/v2/mix/order/batch-cancel-orders",
  cancelPlan: "/api/v2/mix/order/cancel-plan-order",
  pending: "/api/v2/mix/order/orders-pending",
  planPending: "/api/v2/mix/order/orders-plan-pending",
} as const;

function parseInput<S extends z.ZodType>(schema: S, action: string, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw inputError(action, result.error.issues);
  return result.data;
}

function refs(
  list: ReadonlyArray<{ orderId?: string | undefined; clientOid?: string | undefined }>,
) {
  return list.map((
    r,
  ) => (r.orderId !== undefined ? { orderId: r.orderId } : { clientOid: r.clientOid }));
}

/**
 * A client for one Bitget account. Credentials live in private fields and reach only the
 * signer; errors carry `METHOD /path`, never a header, query or signature.
 *
 * @example Cancel every USDT-margined futures order, then list what is still open
 * ```ts
 * import { BitgetClient } from "./client.ts";
 * const client = new BitgetClient({ apiKey: "key", secret: "secret", passphrase: "pass" });
 * // const result = await client.cancelAllOrders({ productType: "USDT-FUTURES", marginCoin: "USDT" });
 * // result.failureList: orders the venue did not cancel
 * // const open = await client.listPendingOrders({ productType: "USDT-FUTURES" });
 * ```
 */
export class BitgetClient {
  readonly #apiKey: Secret;
  readonly #secret: Secret;
  readonly #passphrase: Secret;
  readonly #baseUrl: URL;
  readonly #endpoint: Endpoint;
  readonly #demo: boolean;
  readonly #locale: string;
  readonly #transport: Transport;

  /** Validates the options; throws `InputError` naming the field. Sends nothing. */
  constructor(options: BitgetClientOptions) {
    const parsed = parseInput(clientOptionsSchema, "create Bitget client", options);
    this.#apiKey = secret(parsed.apiKey);
    this.#secret = secret(parsed.secret);
    this.#passphrase = secret(parsed.passphrase);
    this.#demo = parsed.demo ?? false;
    this.#locale = parsed.locale ?? "en-US";
    this.#endpoint = resolveEndpoint(BITGET_HOSTS[this.#demo ? "demo" : "live"], parsed.baseUrl);
    this.#baseUrl = new URL(this.#endpoint.baseUrl);
    this.#transport = new Transport("bitget", options.transport);
    // The transport redacts these from every answer (one mechanism for every venue).
    this.#transport.protect(this.#apiKey, this.#secret, this.#passphrase);
    this.#transport.setServerTime(() => this.serverTime());
  }

  /** Base URL, without credentials or trailing slash. */
  get baseUrl(): string {
    return `${this.#baseUrl.origin}${this.#baseUrl.pathname.replace(/\/+$/, "")}`;
  }

  /** `host[:port]`, what `--allow-net` must name. */
  get host(): string {
    return this.#baseUrl.host;
  }

  /** Where requests go: base URL, host, environment and its name. */
  get endpoint(): Endpoint {
    return this.#endpoint;
  }

  /** Whether this client sends demo-trading requests (`paptrading: 1`). */
  get demo(): boolean {
    return this.#demo;
  }

  /** Listens to transport events; returns the function that stops listening. */
  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#transport.subscribe(listener);
  }

  /** A safe description for logs and JSON: venue, base URL, demo flag. */
  toJSON(): Record<string, unknown> {
    return { venue: "bitget", baseUrl: this.baseUrl, demo: this.#demo };
  }

  /** Same as {@linkcode BitgetClient.toJSON}, for `Deno.inspect`. */
  [Symbol.for("Deno.customInspect")](): string {
    return `BitgetClient ${JSON.stringify(this.toJSON())}`;
  }

  /**
   * The venue's clock (`GET /api/v2/public/time`), epoch ms. Public: sent unsigned.
   *
   * @example Read the server time
   * ```ts
   * import { BitgetClient } from "./client.ts";
   * const client = new BitgetClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const ms = await client.serverTime();
   * ```
   */
  serverTime(options: BitgetCallOptions = {}): Promise<number> {
    const url = `${this.baseUrl}${PATHS.time}`;
    const headers: Record<string, string> = {
      locale: this.#locale,
      ...(this.#demo ? BITGET_DEMO_HEADERS : {}),
    };
    const endpoint = `GET ${PATHS.time}`;
    return this.#transport.call({
      endpoint,
      rateLimit: { key: "public-time", rule: PER_SECOND_20 },
      build: (): Promise<SignedRequest> =>
        Promise.resolve({ method: "GET", url, headers, body: "" }),
      parse: (res) => parseBitgetResponse(endpoint, res, serverTimeSchema),
      signal: options.signal,
    });
  }

  /**
   * Cancels every regular open order of a product type (optionally one margin coin).
   * Trigger (plan) orders are NOT covered: use {@linkcode BitgetClient.cancelPlanOrders}.
   *
   * @example Cancel all USDT-M orders
   * ```ts
   * import { BitgetClient } from "./client.ts";
   * const client = new BitgetClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const { successList, failureList } = await client.cancelAllOrders({
   * //   productType: "USDT-FUTURES",
   * //   marginCoin: "USDT",
   * // });
   * ```
   */
  async cancelAllOrders(
    input: BitgetCancelAllInput,
    options: BitgetCallOptions = {},
  ): Promise<BitgetCancelResult> {
    const v = parseInput(cancelAllInput, "cancel all orders", input);
    return await this.#call(
      {
        method: "POST",
        path: PATHS.cancelAll,
        query: [],
        body: { productType: v.productType, marginCoin: v.marginCoin },
      },
      cancelListSchema,
      "cancel-all-orders",
      options.signal,
    );
  }

  /**
   * Cancels one order by `orderId` or `clientOid`.
   *
   * @example Cancel one order
   * ```ts
   * import { BitgetClient } from "./client.ts";
   * const client = new BitgetClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // await client.cancelOrder({ symbol: "BTCUSDT", productType: "USDT-FUTURES", orderId: "121211212122" });
   * ```
   */
  async cancelOrder(
    input: BitgetCancelOrderInput,
    options: BitgetCallOptions = {},
  ): Promise<BitgetCancelAck> {
    const v = parseInput(cancelOrderInput, "cancel order", input);
    return await this.#call(
      {
        method: "POST",
        path: PATHS.cancelOrder,
        query: [],
        body: {
          symbol: v.symbol,
          productType: v.productType,
          marginCoin: v.marginCoin,
          orderId: v.orderId,
          clientOid: v.clientOid,
        },
      },
      cancelOrderSchema,
      "cancel-order",
      options.signal,
    );
  }

  /**
   * Cancels up to 50 orders of one symbol in one request; per-order failures are in
   * `failureList`.
   *
   * @example Cancel two orders
   * ```ts
   * import { BitgetClient } from "./client.ts";
   * const client = new BitgetClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // await client.batchCancelOrders({
   * //   symbol: "BTCUSDT",
   * //   productType: "USDT-FUTURES",
   * //   orderIdList: [{ orderId: "1" }, { clientOid: "my-2" }],
   * // });
   * ```
   */
  async batchCancelOrders(
    input: BitgetBatchCancelInput,
    options: BitgetCallOptions = {},
  ): Promise<BitgetCancelResult> {
    const v = parseInput(batchCancelInput, "batch cancel orders", input);
    return await this.#call(
      {
        method: "POST",
        path: PATHS.batchCancel,
        query: [],
        body: {
          symbol: v.symbol,
          productType: v.productType,
          marginCoin: v.marginCoin,
          orderIdList: v.orderIdList ? refs(v.orderIdList) : undefined,
        },
      },
      cancelListSchema,
      "batch-cancel-orders",
      options.signal,
    );
  }

  /**
   * Cancels trigger (plan) orders: all of one plan type in a product type (optionally one
   * symbol or margin coin), or up to 50 listed ones (then `symbol` is required).
   *
   * @example Cancel every normal trigger order of USDT-M futures
   * ```ts
   * import { BitgetClient } from "./client.ts";
   * const client = new BitgetClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // await client.cancelPlanOrders({ productType: "USDT-FUTURES", planType: "normal_plan" });
   * ```
   */
  async cancelPlanOrders(
    input: BitgetCancelPlanInput,
    options: BitgetCallOptions = {},
  ): Promise<BitgetCancelResult> {
    const v = parseInput(cancelPlanInput, "cancel plan orders", input);
    return await this.#call(
      {
        method: "POST",
        path: PATHS.cancelPlan,
        query: [],
        body: {
          productType: v.productType,
          symbol: v.symbol,
          marginCoin: v.marginCoin,
          planType: v.planType,
          orderIdList: v.orderIdList ? refs(v.orderIdList) : undefined,
        },
      },
      cancelListSchema,
      "cancel-plan-order",
      options.signal,
    );
  }

  /**
   * Lists the open regular orders of a product type in one creation-time window, all pages
   * (100 per page, paged with `idLessThan` = previous `endId`; stops on a short page or a
   * repeated or missing cursor). Two limits of the venue apply: without `status` only `live`
   * orders come back, and without `startTime` only the last three months. A page proves
   * itself empty only in the documented shape; anything else throws ResponseFormatError.
   *
   * @example List open USDT-M orders, both statuses
   * ```ts
   * import { BitgetClient } from "./client.ts";
   * const client = new BitgetClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const live = await client.listPendingOrders({ productType: "USDT-FUTURES", status: "live" });
   * // const part = await client.listPendingOrders({
   * //   productType: "USDT-FUTURES",
   * //   status: "partially_filled",
   * // });
   * ```
   */
  async listPendingOrders(
    input: BitgetListPendingInput,
    options: BitgetCallOptions = {},
  ): Promise<BitgetPendingOrder[]> {
    const v = parseInput(listPendingInput, "list pending orders", input);
    return await this.#pages(
      PATHS.pending,
      "orders-pending",
      (cursor) =>
        sortedQuery({
          endTime: v.endTime === undefined ? undefined : String(v.endTime),
          idLessThan: cursor,
          limit: String(PAGE_LIMIT),
          productType: v.productType,
          startTime: v.startTime === undefined ? undefined : String(v.startTime),
          status: v.status,
          symbol: v.symbol,
        }),
      pendingPageSchema,
      options.signal,
    );
  }

  /**
   * Lists the open trigger (plan) orders of one plan type group, all pages, in one
   * creation-time window (without `startTime`, the last three months only).
   *
   * @example List open TP/SL orders
   * ```ts
   * import { BitgetClient } from "./client.ts";
   * const client = new BitgetClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const plans = await client.listPlanOrders({ productType: "USDT-FUTURES", planType: "profit_loss" });
   * ```
   */
  async listPlanOrders(
    input: BitgetListPlanInput,
    options: BitgetCallOptions = {},
  ): Promise<BitgetPlanOrder[]> {
    const v = parseInput(listPlanInput, "list plan orders", input);
    return await this.#pages(
      PATHS.planPending,
      "orders-plan-pending",
      (cursor) =>
        sortedQuery({
          endTime: v.endTime === undefined ? undefined : String(v.endTime),
          idLessThan: cursor,
          limit: String(PAGE_LIMIT),
          planType: v.planType,
          productType: v.productType,
          startTime: v.startTime === undefined ? undefined : String(v.startTime),
          symbol: v.symbol,
        }),
      planPageSchema,
      options.signal,
    );
  }

  async #pages<T extends { readonly orderId: string }>(
    path: string,
    rateKey: string,
    query: (cursor: string | undefined) => Array<[string, string]>,
    schema: z.ZodType<{ entrustedList: T[]; endId: string | undefined }>,
    signal: AbortSignal | undefined,
  ): Promise<T[]> {
    const byId = new Map<string, T>();
    const cursors = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.#call(
        { method: "GET", path, query: query(cursor) },
        schema,
        rateKey,
        signal,
      );
      for (const item of result.entrustedList) byId.set(item.orderId, item);
      if (result.entrustedList.length < PAGE_LIMIT) break;
      // A full page with no endId: continue below the last id seen, as endId would.
      const next = result.endId ?? result.entrustedList.at(-1)?.orderId;
      if (next === undefined || cursors.has(next)) break;
      cursors.add(next);
      cursor = next;
    }
    return [...byId.values()];
  }

  #call<T>(
    request: UnsignedRequest,
    schema: z.ZodType<T>,
    rateKey: string,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const endpoint = `${request.method} ${request.path}`;
    const target = { baseUrl: this.baseUrl, demo: this.#demo, locale: this.#locale };
    const credentials = {
      apiKey: this.#apiKey,
      secret: this.#secret,
      passphrase: this.#passphrase,
    };
    return this.#transport.call({
      endpoint,
      rateLimit: { key: rateKey, rule: PER_SECOND_10 },
      build: (timestampMs) => signBitgetRequest(request, credentials, timestampMs, target),
      parse: (res) => parseBitgetResponse(endpoint, res, schema),
      signal,
    });
  }
}

/** Query pairs sorted by key, undefined values dropped (ccxt's order, and the signed one). */
function sortedQuery(params: Record<string, string | undefined>): Array<[string, string]> {
  return Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
