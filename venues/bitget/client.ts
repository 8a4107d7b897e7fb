/**
 * The Bitget v2 mix (futures) client: cancel-all, single and batch cancels, trigger (plan)
 * order cancels, open-order listings across all pages, and server time. The shared client
 * shell (`../_client.ts`, set up for Bitget in `_client_shell.ts`) holds the credentials, the
 * endpoint and the one request path.
 *
 * @module
 */

import type { z } from "npm:zod@4";
import { check, inspectClient } from "../_client.ts";
import type { Endpoint } from "../endpoint.ts";
import type { RateLimit } from "../rate_limit.ts";
import type { TransportEvent } from "../transport.ts";
import type { UnsignedRequest } from "../types.ts";
import {
  batchCancelInput,
  cancelAllInput,
  cancelListSchema,
  cancelOrderInput,
  cancelOrderSchema,
  cancelPlanInput,
  listPendingInput,
  listPlanInput,
  pendingPageSchema,
  planPageSchema,
  serverTimeSchema,
} from "./_schemas.ts";
import {
  bitgetSetup,
  type BitgetShell,
  callBitget,
  oneRef,
  pagesById,
  sortedQuery,
} from "./_client_shell.ts";
import type {
  BitgetBatchCancelInput,
  BitgetCallOptions,
  BitgetCancelAck,
  BitgetCancelAllInput,
  BitgetCancelOrderInput,
  BitgetCancelPlanInput,
  BitgetCancelResult,
  BitgetClientOptions,
  BitgetListPendingInput,
  BitgetListPlanInput,
  BitgetPendingOrder,
  BitgetPlanOrder,
} from "./client_types.ts";
import { BITGET_SERVER_TIME_PATH } from "./hosts.ts";

export type * from "./client_types.ts";

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

function refs(
  list: ReadonlyArray<{ orderId?: string | undefined; clientOid?: string | undefined }>,
) {
  return list.map(oneRef);
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
  constructor(options: BitgetClientOptions) {
    const setup = bitgetSetup(options, "Bitget", () => this.serverTime());
    ({ shell: this.#shell, demo: this.demo } = setup);
    ({ endpoint: this.endpoint, baseUrl: this.baseUrl, host: this.host } = this.#shell);
  }

  /** Listens to transport events; returns the function that stops listening. */
  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#shell.subscribe(listener);
  }

  /** A safe description for logs and JSON: venue, base URL, demo flag. */
  toJSON(): Record<string, unknown> {
    return { venue: "bitget", baseUrl: this.baseUrl, demo: this.demo };
  }

  /** Same as {@linkcode BitgetClient.toJSON}, for `Deno.inspect`. */
  [Symbol.for("Deno.customInspect")](): string {
    return inspectClient("BitgetClient", this.toJSON());
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
    return callBitget(
      this.#shell,
      { method: "GET", path: PATHS.time, query: [] },
      serverTimeSchema,
      { key: "public-time", rule: PER_SECOND_20 },
      options.signal,
      true,
    );
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
    const v = check(cancelAllInput, input, "cancel all orders");
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
    const v = check(cancelOrderInput, input, "cancel order");
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
    const v = check(batchCancelInput, input, "batch cancel orders");
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
    const v = check(cancelPlanInput, input, "cancel plan orders");
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
    const v = check(listPendingInput, input, "list pending orders");
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
    const v = check(listPlanInput, input, "list plan orders");
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

  #pages<T extends { readonly orderId: string }>(
    path: string,
    rateKey: string,
    query: (cursor: string | undefined) => Array<[string, string]>,
    schema: z.ZodType<{ entrustedList: T[]; endId: string | undefined }>,
    signal: AbortSignal | undefined,
  ): Promise<T[]> {
    return pagesById(
      (cursor) =>
        this.#call({ method: "GET", path, query: query(cursor) }, schema, rateKey, signal),
      (page) => page.entrustedList,
      // A full page with no endId: continue below the last id seen, as endId would.
      (page) => page.endId ?? page.entrustedList.at(-1)?.orderId,
      PAGE_LIMIT,
      MAX_PAGES,
    );
  }

  #call<T>(
    request: UnsignedRequest,
    schema: z.ZodType<T>,
    rateKey: string,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    return callBitget(this.#shell, request, schema, { key: rateKey, rule: PER_SECOND_10 }, signal);
  }
}
