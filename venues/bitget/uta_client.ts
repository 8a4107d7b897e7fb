/**
 * The Bitget unified trading account (UTA, v3 API) client: account-mode check, cancel per
 * category (`cancel-symbol-order`), batch and single cancels, strategy (TP/SL and trigger)
 * order listing and cancels, open-order listings across all pages, the dead-man switch
 * (`countdown-cancel-all`) and server time. Same host, signature, headers and demo header as
 * the classic v2 client (bitget.com/api-doc/uta): both are built on `_client_shell.ts`.
 *
 * @module
 */

import type { z } from "npm:zod@4";
import { check, inspectClient } from "../_client.ts";
import type { Endpoint } from "../endpoint.ts";
import type { TransportEvent } from "../transport.ts";
import type { UnsignedRequest } from "../types.ts";
import {
  bitgetSetup,
  type BitgetShell,
  callBitget,
  oneRef,
  pagesById,
  sortedQuery,
} from "./_client_shell.ts";
import {
  cancelBatchInput,
  cancelBatchSchema,
  cancelOneSchema,
  cancelOrderInput,
  cancelSymbolInput,
  cancelSymbolSchema,
  countdownInput,
  countdownSchema,
  listStrategyInput,
  listUnfilledInput,
  serverTimeSchema,
  settingsSchema,
  strategyListSchema,
  unfilledPageSchema,
} from "./_uta_schemas.ts";
import { LIMITS, MAX_PAGES, PAGE_LIMIT, PATHS } from "./_uta_endpoints.ts";
import { BitgetAccountModeError } from "./codes.ts";
import type { BitgetUtaCategory } from "./uta_categories.ts";
import type {
  BitgetDetectedMode,
  BitgetUtaCallOptions,
  BitgetUtaClientOptions,
  BitgetUtaItemResult,
  BitgetUtaOpenOrder,
  BitgetUtaOrderRef,
  BitgetUtaStrategyOrder,
} from "./uta_client_types.ts";

export type * from "./uta_client_types.ts";

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
  /** Where requests go: base URL, host, environment and its name. */
  readonly endpoint: Endpoint;
  /** Base URL, without credentials or trailing slash. */
  readonly baseUrl: string;
  /** `host[:port]`, what `--allow-net` must name. */
  readonly host: string;
  /** Whether this client sends demo-trading requests (`paptrading: 1`). */
  readonly demo: boolean;
  readonly #shell: BitgetShell;

  /** Validates the options; throws `InputError` naming the field. Sends nothing. */
  constructor(options: BitgetUtaClientOptions) {
    const setup = bitgetSetup(options, "Bitget UTA", () => this.serverTime());
    ({ shell: this.#shell, demo: this.demo } = setup);
    ({ endpoint: this.endpoint, baseUrl: this.baseUrl, host: this.host } = this.#shell);
  }

  /** Listens to transport events; returns the function that stops listening. */
  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#shell.subscribe(listener);
  }

  /** A safe description for logs and JSON: venue, API, base URL, demo flag. */
  toJSON(): Record<string, unknown> {
    return { venue: "bitget", api: "uta", baseUrl: this.baseUrl, demo: this.demo };
  }

  /** Same as {@linkcode BitgetUtaClient.toJSON}, for `Deno.inspect`. */
  [Symbol.for("Deno.customInspect")](): string {
    return inspectClient("BitgetUtaClient", this.toJSON());
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
    return callBitget(
      this.#shell,
      { method: "GET", path: PATHS.time, query: [] },
      serverTimeSchema,
      { key: "uta-public-time", rule: LIMITS.time },
      options.signal,
      true,
    );
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
    const v = check(cancelSymbolInput, input, "cancel orders by category");
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
    const v = check(cancelBatchInput, input, "batch cancel orders");
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
    const v = check(cancelOrderInput, input, "cancel order");
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
    const v = check(listUnfilledInput, input, "list unfilled orders");
    return await pagesById(
      (cursor) =>
        this.#call(
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
        ),
      (page): readonly BitgetUtaOpenOrder[] => page.list,
      (page) => page.cursor,
      PAGE_LIMIT,
      MAX_PAGES,
    );
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
    const v = check(listStrategyInput, input, "list strategy orders");
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
    const v = check(cancelOrderInput, input, "cancel strategy order");
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
    const n = check(countdownInput, seconds, "arm countdown cancel all");
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
    return callBitget(
      this.#shell,
      request,
      schema,
      { key: `uta-${key}`, rule: LIMITS[key] },
      signal,
    );
  }
}
