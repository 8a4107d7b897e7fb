/**
 * The OKX v5 Spread Trading client: cancel one, mass cancel, cancel-all-after (dead-man
 * switch), pending-order listing (all pages), order query, spread metadata and server time.
 * Every input is validated before anything is signed or sent; every response is validated at
 * the boundary. The shared client shell (`../_client.ts`) holds the credentials, the endpoint
 * and the one request path.
 *
 * @module
 */

import { check, checkOptions, ClientShell, inspectClient, secrets } from "../_client.ts";
import type { Endpoint } from "../endpoint.ts";
import type { TransportEvent } from "../transport.ts";
import {
  arrayOf,
  CancelAllAfterItemSchema,
  ClientOptionsSchema,
  listOf,
  MassCancelInputSchema,
  MassCancelItemSchema,
  OrderRefSchema,
  OrderSchema,
  SpreadSchema,
  SpreadsInputSchema,
  TimeItemSchema,
  TimeOutSchema,
} from "./_schemas.ts";
import type {
  OkxCallOptions,
  OkxCancelAllAfterResult,
  OkxCancelResult,
  OkxCredentials,
  OkxListPendingInput,
  OkxMassCancelInput,
  OkxOrderRef,
  OkxSpread,
  OkxSpreadClientOptions,
  OkxSpreadOrder,
  OkxSpreadsInput,
} from "./client_types.ts";
import { parseOkxItemResponse } from "./codes.ts";
import { callOkx, LIMITS, listPending, type OkxShell } from "./_client_calls.ts";
import { OKX_DEMO_HEADERS, OKX_SERVER_TIME_PATH, okxHost, type OkxRegion } from "./hosts.ts";
import { signOkxRequest } from "./signer.ts";

export type * from "./client_types.ts";

/**
 * A client for one OKX account's Spread Trading (`/api/v5/sprd/*`).
 *
 * @example Cancel every spread order, then check
 * ```ts
 * import { OkxSpreadClient } from "./client.ts";
 * const client = new OkxSpreadClient({
 *   apiKey: "key",
 *   secret: "secret",
 *   passphrase: "pass",
 *   baseUrl: "http://127.0.0.1:8080",
 * });
 * // await client.massCancel();            // true = received, not done
 * // await client.listPendingOrders();     // read back until empty
 * ```
 */
export class OkxSpreadClient {
  /** Where requests go: base URL, host, environment and its name. */
  readonly endpoint: Endpoint;
  /** Base URL requests go to (no credentials). */
  readonly baseUrl: string;
  /** `host[:port]`, what `--allow-net` must name. */
  readonly host: string;
  /** The region whose host is used (when no baseUrl override). */
  readonly region: OkxRegion;
  /** Whether requests carry the demo-trading header. */
  readonly demo: boolean;
  readonly #shell: OkxShell;

  /** Validates the options; throws InputError naming the field. */
  constructor(options: OkxSpreadClientOptions) {
    const o = checkOptions(ClientOptionsSchema, options, "OKX");
    const demo = o.demo ?? false;
    this.region = o.region ?? "global";
    this.demo = demo;
    this.#shell = new ClientShell<OkxCredentials>({
      venue: "okx",
      name: "OKX",
      host: okxHost(this.region, demo),
      baseUrl: o.baseUrl,
      credentials: secrets(o, "apiKey", "secret", "passphrase"),
      sign: (request, credentials, ts, baseUrl) =>
        signOkxRequest(request, credentials, ts, { baseUrl, demo }),
      // Demo trading is a header on the same host, for public data too.
      publicHeaders: demo ? OKX_DEMO_HEADERS : {},
      transport: options.transport,
      serverTime: () => this.serverTime(),
    });
    ({ endpoint: this.endpoint, baseUrl: this.baseUrl, host: this.host } = this.#shell);
  }

  /** Listens to transport events (requests, retries, clock syncs); returns the unsubscriber. */
  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#shell.subscribe(listener);
  }

  /**
   * The venue's clock, epoch ms (`GET /api/v5/public/time`, unsigned).
   *
   * @example Read the server time
   * ```ts
   * import { OkxSpreadClient } from "./client.ts";
   * const client = new OkxSpreadClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const ms = await client.serverTime();
   * ```
   */
  async serverTime(options: OkxCallOptions = {}): Promise<number> {
    const items = await callOkx(
      this.#shell,
      { method: "GET", path: OKX_SERVER_TIME_PATH, query: [] },
      listOf(TimeItemSchema),
      "public/time",
      options.signal,
      { public: true },
    );
    return first(items, "GET /api/v5/public/time", "response has no time item", this.#shell).ts;
  }

  /**
   * Cancels one spread order by `ordId` or `clOrdId` (`POST /api/v5/sprd/cancel-order`).
   * Returns the acknowledgement (`sCode` `0`, or `51410` when a cancel is already pending);
   * throws AlreadyGoneError for 51400/51401/51402.
   *
   * @example Cancel one order
   * ```ts
   * import { OkxSpreadClient } from "./client.ts";
   * const client = new OkxSpreadClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const ack = await client.cancelOrder({ ordId: "2510789768709120" });
   * ```
   */
  async cancelOrder(ref: OkxOrderRef, options: OkxCallOptions = {}): Promise<OkxCancelResult> {
    const input = check(OrderRefSchema, ref, "cancel order");
    const body = input.ordId !== undefined ? { ordId: input.ordId } : { clOrdId: input.clOrdId };
    return await this.#shell.call(
      { method: "POST", path: "/api/v5/sprd/cancel-order", query: [], body },
      (res, { endpoint }) => parseOkxItemResponse(res, endpoint),
      {
        limit: { key: "sprd/cancel-order", rule: LIMITS["sprd/cancel-order"] },
        signal: options.signal,
      },
    );
  }

  /**
   * Cancels every pending spread order, or those of one spread
   * (`POST /api/v5/sprd/mass-cancel`). `true` means the request was received, not that the
   * orders are gone: read the book back.
   *
   * @example Cancel all orders of one spread
   * ```ts
   * import { OkxSpreadClient } from "./client.ts";
   * const client = new OkxSpreadClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const received = await client.massCancel({ sprdId: "BTC-USDT_BTC-USDT-SWAP" });
   * ```
   */
  async massCancel(input: OkxMassCancelInput = {}, options: OkxCallOptions = {}): Promise<boolean> {
    const parsed = check(MassCancelInputSchema, input, "mass cancel");
    // An empty POST body may be refused (50000): send "{}" when there is no filter.
    const body = parsed.sprdId === undefined ? {} : { sprdId: parsed.sprdId };
    const items = await callOkx(
      this.#shell,
      { method: "POST", path: "/api/v5/sprd/mass-cancel", query: [], body },
      listOf(MassCancelItemSchema),
      "sprd/mass-cancel",
      options.signal,
    );
    return first(items, "POST /api/v5/sprd/mass-cancel", "response has no result", this.#shell)
      .result;
  }

  /**
   * Arms (10..120 s) or disarms (0) the spread dead-man switch
   * (`POST /api/v5/sprd/cancel-all-after`). It covers spread orders only. Returned times are
   * epoch ms; a value the venue sends in seconds (as its docs' example does) is scaled.
   *
   * @example Arm for 60 seconds
   * ```ts
   * import { OkxSpreadClient } from "./client.ts";
   * const client = new OkxSpreadClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const { triggerTime } = await client.cancelAllAfter(60);
   * ```
   */
  async cancelAllAfter(
    timeOut: number,
    options: OkxCallOptions = {},
  ): Promise<OkxCancelAllAfterResult> {
    const seconds = check(TimeOutSchema, timeOut, "arm cancel-all-after", ["timeOut"]);
    const items = await callOkx(
      this.#shell,
      {
        method: "POST",
        path: "/api/v5/sprd/cancel-all-after",
        query: [],
        body: { timeOut: String(seconds) },
      },
      listOf(CancelAllAfterItemSchema),
      "sprd/cancel-all-after",
      options.signal,
    );
    const state = first(
      items,
      "POST /api/v5/sprd/cancel-all-after",
      "response has no result",
      this.#shell,
    );
    return { triggerTime: toMs(state.triggerTime), ts: toMs(state.ts) };
  }

  /**
   * Lists every pending spread order (all pages, newest first; `GET /api/v5/sprd/orders-pending`,
   * 100 per page, paged with `endId`). Throws ResponseFormatError when the venue's paging
   * does not advance, rather than return a listing that may be incomplete.
   *
   * @example List one spread's live orders
   * ```ts
   * import { OkxSpreadClient } from "./client.ts";
   * const client = new OkxSpreadClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const orders = await client.listPendingOrders({ sprdId: "BTC-USDT_BTC-USDT-SWAP" });
   * ```
   */
  async listPendingOrders(
    input: OkxListPendingInput = {},
    options: OkxCallOptions = {},
  ): Promise<OkxSpreadOrder[]> {
    return await listPending(this.#shell, input, options.signal);
  }

  /**
   * One spread order in any state (`GET /api/v5/sprd/order`). Throws AlreadyGoneError with
   * code `51603` when the venue answers "Order does not exist" (which is not proof that the
   * order ever existed), and ResponseFormatError (retried) when the answer carries no order:
   * an empty or missing `data` is not a documented answer to an order query.
   *
   * @example Query an order
   * ```ts
   * import { OkxSpreadClient } from "./client.ts";
   * const client = new OkxSpreadClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const order = await client.getOrder({ clOrdId: "b15" });
   * ```
   */
  async getOrder(ref: OkxOrderRef, options: OkxCallOptions = {}): Promise<OkxSpreadOrder> {
    const input = check(OrderRefSchema, ref, "get order");
    const query: [string, string][] = input.ordId !== undefined
      ? [["ordId", input.ordId]]
      : [["clOrdId", input.clOrdId ?? ""]];
    const items = await callOkx(
      this.#shell,
      { method: "GET", path: "/api/v5/sprd/order", query },
      arrayOf(OrderSchema),
      "sprd/order",
      options.signal,
      {
        check: (data, res, endpoint) => {
          if (data.length === 0) {
            const what = `code 0 with no order in data (HTTP ${res.status})`;
            throw this.#shell.formatError(endpoint, what, res.status);
          }
        },
      },
    );
    return first(items, "GET /api/v5/sprd/order", "response has no order", this.#shell);
  }

  /**
   * Spread metadata as the venue states it (`GET /api/v5/sprd/spreads`, public, unsigned):
   * base currency, quote currency, type and legs. An unknown spread id answers an empty list.
   * Only `data` in the documented array shape is accepted.
   *
   * @example Read one spread's base currency
   * ```ts
   * import { OkxSpreadClient } from "./client.ts";
   * const client = new OkxSpreadClient({ apiKey: "k", secret: "s", passphrase: "p" });
   * // const [spread] = await client.getSpreads({ sprdId: "BTC-USDT_BTC-USDT-SWAP" });
   * // spread?.baseCcy; // "BTC"
   * ```
   */
  async getSpreads(
    input: OkxSpreadsInput = {},
    options: OkxCallOptions = {},
  ): Promise<OkxSpread[]> {
    const filters = check(SpreadsInputSchema, input, "get spreads");
    const query: [string, string][] = [];
    if (filters.baseCcy !== undefined) query.push(["baseCcy", filters.baseCcy]);
    if (filters.instId !== undefined) query.push(["instId", filters.instId]);
    if (filters.sprdId !== undefined) query.push(["sprdId", filters.sprdId]);
    if (filters.state !== undefined) query.push(["state", filters.state]);
    return await callOkx(
      this.#shell,
      { method: "GET", path: "/api/v5/sprd/spreads", query },
      arrayOf(SpreadSchema),
      "sprd/spreads",
      options.signal,
      { public: true },
    );
  }

  /** Never prints credentials. */
  toJSON(): Record<string, unknown> {
    return { venue: "okx", baseUrl: this.baseUrl, region: this.region, demo: this.demo };
  }

  /** Never prints credentials. */
  [Symbol.for("Deno.customInspect")](): string {
    return inspectClient("OkxSpreadClient", this.toJSON());
  }
}

/** The first item of a list the venue must not answer empty. */
function first<T>(
  items: readonly T[],
  endpoint: string,
  what: string,
  shell: OkxShell,
): T {
  const item = items[0];
  if (item === undefined) throw shell.formatError(endpoint, what);
  return item;
}

/** Epoch ms from a venue time; values that look like seconds (<= 10 digits) are scaled. */
function toMs(value: number): number {
  return value > 0 && value < 1e11 ? value * 1000 : value;
}
