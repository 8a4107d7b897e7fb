/**
 * The Bitget unified trading account (UTA, v3 API) client: account-mode check, cancel per
 * category (`cancel-symbol-order`), batch and single cancels, strategy (TP/SL and trigger)
 * order listing and cancels, open-order listings across all pages, the dead-man switch
 * (`countdown-cancel-all`) and server time. Same host, signature, headers and demo header as
 * the classic v2 client (bitget.com/api-doc/uta).
 *
 * @module
 */

import type { z } from "npm:zod@4";
import { type Endpoint, resolveEndpoint } from "../endpoint.ts";
import { inputError } from "../errors.ts";
import type { RateLimit } from "../rate_limit.ts";
import { type Secret, secret } from "../secret.ts";
import { Transport, type TransportEvent } from "../transport.ts";
import type { SignedRequest, UnsignedRequest } from "../types.ts";
import {
  cancelBatchInput,
  cancelBatchSchema,
  cancelOneSchema,
  cancelOrderInput,
  cancelSymbolInput,
  cancelSymbolSchema,
  clientOptionsSchema,
  countdownInput,
  countdownSchema,
  listStrategyInput,
  listUnfilledInput,
  serverTimeSchema,
  settingsSchema,
  strategyListSchema,
  unfilledPageSchema,
} from "./_uta_schemas.ts";
import { BitgetAccountModeError, parseBitgetResponse } from "./codes.ts";
import { BITGET_DEMO_HEADERS, BITGET_HOSTS, BITGET_UTA_SERVER_TIME_PATH } from "./hosts.ts";
import { signBitgetRequest } from "./signer.ts";
import type { BitgetUtaCategory } from "./uta_categories.ts";
import type { BitgetClientOptions } from "./client.ts";

export type { BitgetUtaCategory };

/** Options of {@linkcode BitgetUtaClient}: the same as the classic client's. */
export type BitgetUtaClientOptions = BitgetClientOptions;

/** Per-call options. */
export interface BitgetUtaCallOptions {
  /** Aborts the call and any backoff (the engine's deadline). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * One per-item result of a cancel. `code` and `msg` are set (non-empty) when the venue did not
 * cancel that order; an item without a code is an acknowledgement, not a verified cancel.
 */
export interface BitgetUtaItemResult {
  /** Order id (`""` when the venue sent none). */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
  /** The item's error code (`""` when none: acknowledged). */
  readonly code: string;
  /** The item's message (`""` when none). */
  readonly msg: string;
}

/** One order of {@linkcode BitgetUtaClient.cancelBatch}: `orderId` or `clientOid`. */
export interface BitgetUtaOrderRef {
  /** Symbol (`BTCUSDT`). */
  readonly symbol: string;
  /** Order id; wins over `clientOid`. */
  readonly orderId?: string | undefined;
  /** Client order id. */
  readonly clientOid?: string | undefined;
}

/** One open regular order from unfilled-orders. */
export interface BitgetUtaOpenOrder {
  /** Order id. */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
  /** Category as the venue sent it (`""` when none). */
  readonly category: string;
  /** Symbol. */
  readonly symbol: string;
  /** `limit` or `market`. */
  readonly orderType: string;
  /** `buy` or `sell`. */
  readonly side: string;
  /** Limit price. */
  readonly price: string;
  /** Quantity. */
  readonly qty: string;
  /** `live` or `partially_filled`. */
  readonly orderStatus: string;
  /** Position side (futures). */
  readonly posSide: string;
  /** Creation time, epoch ms as a string. */
  readonly createdTime: string;
  /** Update time, epoch ms as a string. */
  readonly updatedTime: string;
}

/** One open strategy (TP/SL or trigger) order from unfilled-strategy-orders. */
export interface BitgetUtaStrategyOrder {
  /** Order id. */
  readonly orderId: string;
  /** Client order id (`""` when none). */
  readonly clientOid: string;
  /** Category as the venue sent it (`""` when none). */
  readonly category: string;
  /** Symbol. */
  readonly symbol: string;
  /** `tpsl`, `trigger`, ... (`""` when none). */
  readonly type: string;
  /** Strategy status (`pending`, ...). */
  readonly status: string;
  /** Quantity. */
  readonly qty: string;
  /** `buy` or `sell`. */
  readonly side: string;
  /** Position side. */
  readonly posSide: string;
  /** Trigger price (trigger orders). */
  readonly triggerPrice: string;
  /** Take-profit price (tpsl orders). */
  readonly takeProfit: string;
  /** Stop-loss price (tpsl orders). */
  readonly stopLoss: string;
  /** Creation time, epoch ms as a string. */
  readonly createdTime: string;
}

/** What `GET /api/v3/account/settings` says about an account. */
export type BitgetDetectedMode = "uta" | "classic";

const PER_SECOND = (limit: number): RateLimit => ({ limit, intervalMs: 1000 });
const PAGE_LIMIT = 100;
/** Hard stop for a listing (100 orders per page): the venue caps open orders at 400 per family. */
const MAX_PAGES = 100;

const PATHS = {
  time: BITGET_UTA_SERVER_TIME_PATH,
  settings: "/api/v3/account/settings",
  cancelSymbol: "/api/v3/trade/cancel-symbol-order",
  cancelBatch: "/api/v3/trade/cancel-batch",
  cancelOrder: "/api/v3/trade/cancel-order",
  unfilled: "/api/v3/trade/unfilled-orders",
  strategy: "/api/v3/trade/unfilled-strategy-orders",
  cancelStrategy: "/api/v3/trade/cancel-strategy-order",
  countdown: "/api/v3/trade/countdown-cancel-all",
} as const;

/**
 * Each endpoint's documented limit per UID (docs/fidelity/bitget.md `limit.uta-*` rows):
 * cancel-symbol-order and cancel-batch 5/s, cancel-order and cancel-strategy-order 10/s,
 * unfilled-orders 20/s, countdown-cancel-all 1/s; unfilled-strategy-orders 20/s and settings
 * 5/s are ASSUMED.
 */
const LIMITS: Readonly<Record<keyof typeof PATHS, RateLimit>> = {
  time: PER_SECOND(20),
  settings: PER_SECOND(5),
  cancelSymbol: PER_SECOND(5),
  cancelBatch: PER_SECOND(5),
  cancelOrder: PER_SECOND(10),
  unfilled: PER_SECOND(20),
  strategy: PER_SECOND(20),
  cancelStrategy: PER_SECOND(10),
  countdown: PER_SECOND(1),
};

function parseInput<S extends z.ZodType>(schema: S, action: string, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw inputError(action, result.error.issues);
  return result.data;
}

function oneRef(v: { orderId?: string | undefined; clientOid?: string | undefined }) {
  return v.orderId !== undefined ? { orderId: v.orderId } : { clientOid: v.clientOid };
}

/** Query pairs sorted by key, undefined values dropped (the signed order). */
function sortedQuery(params: Record<string, string | undefined>): Array<[string, string]> {
  return Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A client for one Bitget unified trading account. Credentials live in private fields and
 * reach only the signer; errors carry `METHOD /path`, never a header, query or signature. A
 * classic account answers every call with 40084: a {@linkcode BitgetAccountModeError} naming
 * the mode to use.
 *
 * @example Cancel every USDT-futures order, then list what is still open
 * ```ts
 * import { BitgetUtaClient } from "./uta_client.ts";
 * const client = new BitgetUtaClient({ apiKey: "key", secret: "secret", passphrase: "pass" });
 * // const items = await client.cancelSymbolOrders({ category: "USDT-FUTURES" });
 * // const open = await client.listUnfilledOrders({ category: "USDT-FUTURES" });
 * ```
 */
export class BitgetUtaClient {
  readonly #apiKey: Secret;
  readonly #secret: Secret;
  readonly #passphrase: Secret;
  readonly #baseUrl: URL;
  readonly #endpoint: Endpoint;
  readonly #demo: boolean;
  readonly #locale: string;
  readonly #transport: Transport;

  /** Validates the options; throws `InputError` naming the field. Sends nothing. */
  constructor(options: BitgetUtaClientOptions) {
    const parsed = parseInput(clientOptionsSchema, "create Bitget UTA client", options);
    this.#apiKey = secret(parsed.apiKey);
    this.#secret = secret(parsed.secret);
    this.#passphrase = secret(parsed.passphrase);
    this.#demo = parsed.demo ?? false;
    this.#locale = parsed.locale ?? "en-US";
    this.#endpoint = resolveEndpoint(BITGET_HOSTS[this.#demo ? "demo" : "live"], parsed.baseUrl);
    this.#baseUrl = new URL(this.#endpoint.baseUrl);
    this.#transport = new Transport("bitget", options.transport);
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

  /** A safe description for logs and JSON: venue, API, base URL, demo flag. */
  toJSON(): Record<string, unknown> {
    return { venue: "bitget", api: "uta", baseUrl: this.baseUrl, demo: this.#demo };
  }

  /** Same as {@linkcode BitgetUtaClient.toJSON}, for `Deno.inspect`. */
  [Symbol.for("Deno.customInspect")](): string {
    return `BitgetUtaClient ${JSON.stringify(this.toJSON())}`;
  }

  /**
   * The venue's clock (`GET /api/v3/public/time`), epoch ms. Public: sent unsigned.
   *
   * @example Read the server time
   * ```ts
   * import { BitgetUtaClient } from "./uta_client.ts";
   * const client = new BitgetUtaClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const ms = await client.serverTime();
   * ```
   */
  serverTime(options: BitgetUtaCallOptions = {}): Promise<number> {
    const url = `${this.baseUrl}${PATHS.time}`;
    const headers: Record<string, string> = {
      locale: this.#locale,
      ...(this.#demo ? BITGET_DEMO_HEADERS : {}),
    };
    const endpoint = `GET ${PATHS.time}`;
    return this.#transport.call({
      endpoint,
      rateLimit: { key: "uta-public-time", rule: LIMITS.time },
      build: (): Promise<SignedRequest> =>
        Promise.resolve({ method: "GET", url, headers, body: "" }),
      parse: (res) => parseBitgetResponse(endpoint, res, serverTimeSchema, this.#scrub),
      signal: options.signal,
    });
  }

  /**
   * Which API the account takes, from `GET /api/v3/account/settings`: a success means a unified
   * trading account, 40084 a classic one. Any other failure is thrown (credentials refused,
   * venue down): the mode stays unknown.
   *
   * @example Find out the mode
   * ```ts
   * import { BitgetUtaClient } from "./uta_client.ts";
   * const client = new BitgetUtaClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const mode = await client.detectMode(); // "uta" | "classic"
   * ```
   */
  async detectMode(options: BitgetUtaCallOptions = {}): Promise<BitgetDetectedMode> {
    try {
      await this.#call(
        { method: "GET", path: PATHS.settings, query: [] },
        settingsSchema,
        "settings",
        options.signal,
      );
      return "uta";
    } catch (error) {
      if (error instanceof BitgetAccountModeError) return error.accountMode;
      throw error;
    }
  }

  /**
   * Cancels every regular open order of a category (optionally one symbol):
   * `POST /api/v3/trade/cancel-symbol-order`, 5 requests/s. Returns the per-item results
   * (`data.list`); an acknowledgement, not a verified cancel.
   *
   * @example Cancel every spot order
   * ```ts
   * import { BitgetUtaClient } from "./uta_client.ts";
   * const client = new BitgetUtaClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const items = await client.cancelSymbolOrders({ category: "SPOT" });
   * ```
   */
  async cancelSymbolOrders(
    input: { readonly category: BitgetUtaCategory; readonly symbol?: string | undefined },
    options: BitgetUtaCallOptions = {},
  ): Promise<BitgetUtaItemResult[]> {
    const v = parseInput(cancelSymbolInput, "cancel orders by category", input);
    return await this.#call(
      {
        method: "POST",
        path: PATHS.cancelSymbol,
        query: [],
        body: { category: v.category, symbol: v.symbol },
      },
      cancelSymbolSchema,
      "cancelSymbol",
      options.signal,
    );
  }

  /**
   * Cancels up to 20 orders of one category: `POST /api/v3/trade/cancel-batch` (the body is a
   * list), 5 requests/s. Per-item results carry `code`/`msg` for orders not canceled.
   *
   * @example Cancel two spot orders
   * ```ts
   * import { BitgetUtaClient } from "./uta_client.ts";
   * const client = new BitgetUtaClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // await client.cancelBatch({
   * //   category: "SPOT",
   * //   orders: [{ symbol: "BTCUSDT", orderId: "1" }, { symbol: "BTCUSDT", clientOid: "b-2" }],
   * // });
   * ```
   */
  async cancelBatch(
    input: { readonly category: BitgetUtaCategory; readonly orders: readonly BitgetUtaOrderRef[] },
    options: BitgetUtaCallOptions = {},
  ): Promise<BitgetUtaItemResult[]> {
    const v = parseInput(cancelBatchInput, "batch cancel orders", input);
    const list = v.orders.map((o) => ({ ...oneRef(o), category: v.category, symbol: o.symbol }));
    return await this.#call(
      {
        method: "POST",
        path: PATHS.cancelBatch,
        query: [],
        // The documented body is a JSON list; the signer signs the exact text sent.
        body: list as unknown as Readonly<Record<string, unknown>>,
      },
      cancelBatchSchema,
      "cancelBatch",
      options.signal,
    );
  }

  /**
   * Cancels one regular order by `orderId` or `clientOid`: `POST /api/v3/trade/cancel-order`,
   * 10 requests/s. An unknown order is 25204 (an `AlreadyGoneError`).
   *
   * @example Cancel one order
   * ```ts
   * import { BitgetUtaClient } from "./uta_client.ts";
   * const client = new BitgetUtaClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // await client.cancelOrder({ orderId: "111111111111111111" });
   * ```
   */
  async cancelOrder(
    input: { readonly orderId?: string | undefined; readonly clientOid?: string | undefined },
    options: BitgetUtaCallOptions = {},
  ): Promise<{ orderId: string; clientOid: string }> {
    const v = parseInput(cancelOrderInput, "cancel order", input);
    return await this.#call(
      { method: "POST", path: PATHS.cancelOrder, query: [], body: oneRef(v) },
      cancelOneSchema,
      "cancelOrder",
      options.signal,
    );
  }

  /**
   * Lists open regular orders, all pages (100 per page, `cursor` from the previous page; stops
   * on a short page or a missing or repeated cursor). No time window is documented: without
   * `startTime` nothing is filtered by age. A page proves itself empty only in the documented
   * shape (`data.list` a list); anything else throws ResponseFormatError.
   *
   * @example List open USDT-futures orders
   * ```ts
   * import { BitgetUtaClient } from "./uta_client.ts";
   * const client = new BitgetUtaClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const open = await client.listUnfilledOrders({ category: "USDT-FUTURES" });
   * ```
   */
  async listUnfilledOrders(
    input: {
      readonly category?: BitgetUtaCategory | undefined;
      readonly symbol?: string | undefined;
      readonly startTime?: number | undefined;
      readonly endTime?: number | undefined;
    } = {},
    options: BitgetUtaCallOptions = {},
  ): Promise<BitgetUtaOpenOrder[]> {
    const v = parseInput(listUnfilledInput, "list unfilled orders", input);
    const byId = new Map<string, BitgetUtaOpenOrder>();
    const cursors = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.#call(
        {
          method: "GET",
          path: PATHS.unfilled,
          query: sortedQuery({
            category: v.category,
            cursor,
            endTime: v.endTime === undefined ? undefined : String(v.endTime),
            limit: String(PAGE_LIMIT),
            startTime: v.startTime === undefined ? undefined : String(v.startTime),
            symbol: v.symbol,
          }),
        },
        unfilledPageSchema,
        "unfilled",
        options.signal,
      );
      for (const item of result.list) byId.set(item.orderId, item);
      if (result.list.length < PAGE_LIMIT) break;
      const next = result.cursor;
      if (next === undefined || cursors.has(next)) break;
      cursors.add(next);
      cursor = next;
    }
    return [...byId.values()];
  }

  /**
   * Lists open strategy orders of a category: `GET /api/v3/trade/unfilled-strategy-orders`
   * (`type` tpsl or trigger; omitted, whatever the venue returns). The answer is a list with no
   * cursor; anything else throws ResponseFormatError.
   *
   * @example List TP/SL orders of USDT futures
   * ```ts
   * import { BitgetUtaClient } from "./uta_client.ts";
   * const client = new BitgetUtaClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const tpsl = await client.listStrategyOrders({ category: "USDT-FUTURES", type: "tpsl" });
   * ```
   */
  async listStrategyOrders(
    input: {
      readonly category: BitgetUtaCategory;
      readonly type?: "tpsl" | "trigger" | undefined;
    },
    options: BitgetUtaCallOptions = {},
  ): Promise<BitgetUtaStrategyOrder[]> {
    const v = parseInput(listStrategyInput, "list strategy orders", input);
    return await this.#call(
      {
        method: "GET",
        path: PATHS.strategy,
        query: sortedQuery({ category: v.category, type: v.type }),
      },
      strategyListSchema,
      "strategy",
      options.signal,
    );
  }

  /**
   * Cancels one strategy order: `POST /api/v3/trade/cancel-strategy-order`, 10 requests/s.
   *
   * @example Cancel a TP/SL order
   * ```ts
   * import { BitgetUtaClient } from "./uta_client.ts";
   * const client = new BitgetUtaClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // await client.cancelStrategyOrder({ orderId: "111111111111111111" });
   * ```
   */
  async cancelStrategyOrder(
    input: { readonly orderId?: string | undefined; readonly clientOid?: string | undefined },
    options: BitgetUtaCallOptions = {},
  ): Promise<{ orderId: string; clientOid: string }> {
    const v = parseInput(cancelOrderInput, "cancel strategy order", input);
    return await this.#call(
      { method: "POST", path: PATHS.cancelStrategy, query: [], body: oneRef(v) },
      cancelOneSchema,
      "cancelStrategy",
      options.signal,
    );
  }

  /**
   * The dead-man switch: `POST /api/v3/trade/countdown-cancel-all`. Every order of the account
   * is canceled `seconds` (5..60) after the last call unless called again; `0` turns it off.
   * 1 request/s; Bitget enables it per account on request (a refusal is thrown as the venue's
   * error).
   *
   * @example Arm for 30 s, then disarm
   * ```ts
   * import { BitgetUtaClient } from "./uta_client.ts";
   * const client = new BitgetUtaClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // await client.countdownCancelAll(30);
   * // await client.countdownCancelAll(0);
   * ```
   */
  async countdownCancelAll(seconds: number, options: BitgetUtaCallOptions = {}): Promise<string> {
    const n = parseInput(countdownInput, "arm countdown cancel all", seconds);
    return await this.#call(
      { method: "POST", path: PATHS.countdown, query: [], body: { countdown: String(n) } },
      countdownSchema,
      "countdown",
      options.signal,
    );
  }

  #call<T>(
    request: UnsignedRequest,
    schema: z.ZodType<T>,
    key: keyof typeof PATHS,
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
      rateLimit: { key: `uta-${key}`, rule: LIMITS[key] },
      build: (timestampMs) => signBitgetRequest(request, credentials, timestampMs, target),
      parse: (res) => parseBitgetResponse(endpoint, res, schema, this.#scrub),
      signal,
    });
  }

  /** Redacts this client's credentials from text a venue echoes back. */
  #scrub = (text: string): string => {
    let out = text;
    for (const s of [this.#apiKey, this.#secret, this.#passphrase]) {
      const value = s.reveal();
      if (value.length >= 4) out = out.split(value).join("[redacted]");
    }
    return out;
  };
}
