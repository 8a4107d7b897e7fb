/**
 * The p99 spot REST client: cancel all, cancel one, list (all pages), query one.
 *
 * @module
 */

import type { z } from "npm:zod@4";
import { inputError, ResponseFormatError, TransientError } from "../errors.ts";
import { type Endpoint, resolveEndpoint } from "../endpoint.ts";
import { type Secret, secret } from "../secret.ts";
import { Transport, type TransportEvent, type TransportOptions } from "../transport.ts";
import type { UnsignedRequest } from "../types.ts";
import { parseP99Response } from "./codes.ts";
import {
  P99_API_KEY_HEADER,
  P99_DEFAULT_ENVIRONMENT,
  P99_HOSTS,
  P99_SERVER_TIME_PATH,
  type P99Environment,
} from "./hosts.ts";
import {
  cancelAllSchema,
  clientOptionsSchema,
  healthSchema,
  listOrdersInputSchema,
  marketListSchema,
  orderIdSchema,
  orderListSchema,
  orderSchema,
  symbolInputSchema,
} from "./_schemas.ts";
import { type P99Credentials, signP99Request } from "./signer.ts";

/** Options of {@linkcode P99Client}. Give either `jwt`, or `apiKey` and `secret`. */
export interface P99ClientOptions {
  /** HMAC API key (sent in `X-MBX-APIKEY`). */
  readonly apiKey?: string | Secret | undefined;
  /** HMAC API secret (signs; never sent). */
  readonly secret?: string | Secret | undefined;
  /** A JWT, sent as `Authorization: Bearer <jwt>`, instead of an API key. */
  readonly jwt?: string | Secret | undefined;
  /** Base URL including the `/api/v1` prefix; overrides `environment`. https, or http on loopback. */
  readonly baseUrl?: string | undefined;
  /** Documented environment; default `sepolia` (the only documented spot host). */
  readonly environment?: P99Environment | undefined;
  /** API-key header name; default `X-MBX-APIKEY` (one docs page says `X-API-Key`: UNVERIFIED). */
  readonly apiKeyHeader?: string | undefined;
  /**
   * Requests in flight at once for this client (1..100, default 16). p99 has no weight limits but
   * answers 503 ENGINE_BUSY when the engine's backlog overflows; this keeps the client polite.
   */
  readonly maxInFlight?: number | undefined;
  /** Transport knobs (fetch injection, timeouts, retries). `backoffBaseMs` defaults to 200 here. */
  readonly transport?: TransportOptions | undefined;
}

/** Order statuses. Active: `open`, `partially_filled`. Terminal: the rest. */
export type P99OrderStatus =
  | "open"
  | "partially_filled"
  | "filled"
  | "canceled"
  | "rejected"
  | "expired";

/** A p99 spot order, in the venue's own field names. Decimals are strings. */
export interface P99Order {
  /** Order id (UUID). */
  readonly id: string;
  /** Market id, e.g. `DFUSDT`. */
  readonly symbol: string;
  /** `buy` or `sell`. */
  readonly side?: string | undefined;
  /** `limit` or `market`. */
  readonly type?: string | undefined;
  /** `gtc`, `ioc` or `post_only`. */
  readonly tif?: string | null | undefined;
  /** Limit price. */
  readonly price?: string | null | undefined;
  /** Base quantity. */
  readonly quantity?: string | null | undefined;
  /** Quote amount of a market buy. */
  readonly quote_quantity?: string | null | undefined;
  /** Base quantity filled. */
  readonly filled_qty?: string | null | undefined;
  /** Average fill price (`"0"` when none). */
  readonly avg_fill_price?: string | null | undefined;
  /** Status (a {@linkcode P99OrderStatus}; other strings passed through). */
  readonly status: string;
  /** Why the order was rejected, when it was. */
  readonly reject_reason?: string | null | undefined;
  /** Creation time, unix seconds. */
  readonly created_at: number;
  /** Last update, unix seconds. */
  readonly updated_at?: number | null | undefined;
}

/** Input of {@linkcode P99Client.prototype.listOrders}: one page of `GET /spot/orders`. */
export interface P99ListOrdersInput {
  /** Market id (case-sensitive). */
  readonly symbol?: string | undefined;
  /** Status filter. */
  readonly status?: P99OrderStatus | undefined;
  /** Orders with `created_at >= start` (unix seconds). */
  readonly start?: number | undefined;
  /** Orders with `created_at <= end` (unix seconds). */
  readonly end?: number | undefined;
  /** Page size; values above 200 are sent as 200 (the venue's maximum). Venue default 50. */
  readonly limit?: number | undefined;
}

/** Input of `cancelAll()` and `listActiveOrders()`. */
export interface P99SymbolInput {
  /** Market id (case-sensitive, e.g. `DFUSDT`); unset = every market. */
  readonly symbol?: string | undefined;
}

/** Every active order, and whether the listing could see them all. */
export interface P99ActiveOrders {
  /** Open and partially filled orders, newest first, each once. */
  readonly orders: readonly P99Order[];
  /**
   * `false` when the venue's paging could not reach every order: more than one full page
   * (200) of orders share one `created_at` second, and the listing has no other cursor.
   * An incomplete listing must never be read as "flat".
   */
  readonly complete: boolean;
  /** Requests made. */
  readonly pages: number;
}

/** One market of `GET /spot/markets` (public), in the venue's own field names. */
export interface P99Market {
  /** Market id used by every order endpoint (`DFUSDT`); case-sensitive. */
  readonly id: string;
  /** Base token (`DF`). */
  readonly base_token: string;
  /** Quote token (`USDT`). */
  readonly quote_token: string;
  /** `listed`, `halted` or `delisted`. */
  readonly status?: string | undefined;
  /** Price increment. */
  readonly tick_size?: string | undefined;
  /** Quantity increment. */
  readonly lot_size?: string | undefined;
  /** Minimum order value in the quote token. */
  readonly min_notional?: string | undefined;
}

/** Spot engine health (`GET /spot/health`, public). */
export interface P99Health {
  /** `running` or `disabled`. */
  readonly engine: string;
  /** Engine command backlog. */
  readonly queue_depth?: number | undefined;
  /** Order books loaded. */
  readonly books_loaded?: number | undefined;
}

/** Per-call options. */
export interface P99CallOptions {
  /** Aborts the call (the engine's deadline). */
  readonly signal?: AbortSignal | undefined;
}

/** The venue's documented page maximum for `GET /spot/orders`. */
const MAX_LIMIT = 200;
/** Hard stop for one paged listing (200 pages x 200 = 40,000 orders per status). */
const MAX_PAGES = 500;

/**
 * A p99 spot client for one account.
 *
 * Authentication is either a JWT (`Authorization: Bearer`) or an HMAC API key (`X-MBX-APIKEY`
 * plus `timestamp` and `signature` query parameters). Credentials stay in private fields and
 * never reach an error, a log, `JSON.stringify` or `Deno.inspect`.
 *
 * Clock: p99 documents no spot server-time endpoint. With an API key, a 401 whose `Date` header
 * shows the venue's clock more than 4 s away is treated as a timestamp rejection: the client
 * reads the venue's clock from the `Date` header of the public `GET /spot/health` and retries
 * once with a fresh signature.
 *
 * @example Cancel everything on one market
 * ```ts
 * import { P99Client } from "./client.ts";
 * const client = new P99Client({ apiKey: "my-key", secret: "my-secret" });
 * // const canceled = await client.cancelAll({ symbol: "DFUSDT" });
 * ```
 */
export class P99Client {
  readonly #credentials: P99Credentials;
  readonly #baseUrl: string;
  readonly #host: string;
  readonly #endpoint: Endpoint;
  readonly #apiKeyHeader: string;
  readonly #transport: Transport;
  readonly #slots: Slots;

  /** Builds a client; throws `InputError` naming the field when an option is wrong. */
  constructor(options: P99ClientOptions) {
    const parsed = clientOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) throw inputError("create p99 client", parsed.error.issues);
    const o = parsed.data;
    this.#endpoint = resolveEndpoint(
      P99_HOSTS[o.environment ?? P99_DEFAULT_ENVIRONMENT],
      o.baseUrl,
    );
    this.#baseUrl = this.#endpoint.baseUrl;
    this.#host = this.#endpoint.host;
    this.#apiKeyHeader = o.apiKeyHeader ?? P99_API_KEY_HEADER;
    if (o.jwt !== undefined) {
      const jwt = typeof o.jwt === "string" ? o.jwt.trim() : o.jwt;
      this.#credentials = { kind: "jwt", jwt: secret(jwt) };
    } else if (o.apiKey !== undefined && o.secret !== undefined) {
      const key = typeof o.apiKey === "string" ? o.apiKey.trim() : o.apiKey;
      this.#credentials = { kind: "hmac", apiKey: secret(key), secret: secret(o.secret) };
    } else {
      // Unreachable: the schema requires one of the two.
      throw inputError("create p99 client", [{ path: ["apiKey"], message: "is required" }]);
    }
    this.#slots = new Slots(o.maxInFlight ?? 16);
    this.#transport = new Transport("p99", { backoffBaseMs: 200, ...o.transport });
    // The transport redacts these from every answer (one mechanism for every venue).
    const c = this.#credentials;
    this.#transport.protect(
      ...(c.kind === "jwt" ? [c.jwt] : [c.apiKey, c.secret]).map((v) => secret(v)),
    );
    if (this.#credentials.kind === "hmac") {
      this.#transport.setServerTime(() => this.serverTime());
    }
  }

  /** Base URL, `/api/v1` prefix included; no credentials. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** `host[:port]`, what `--allow-net` must name. */
  get host(): string {
    return this.#host;
  }

  /** Where requests go: base URL, host, environment and its name. */
  get endpoint(): Endpoint {
    return this.#endpoint;
  }

  /** The path prefix of the base URL (`/api/v1`), which native plans show in front of paths. */
  get pathPrefix(): string {
    return new URL(this.#baseUrl).pathname.replace(/\/$/, "");
  }

  /** `jwt` or `hmac`. */
  get authMode(): "jwt" | "hmac" {
    return this.#credentials.kind;
  }

  /** Listens to transport events; returns the function that stops listening. */
  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#transport.subscribe(listener);
  }

  /**
   * `DELETE /spot/orders`: cancels every open and partially filled order of the caller,
   * optionally on one market. Returns the orders it canceled; an empty list is success.
   * The answer is an acknowledgement: verify with {@linkcode P99Client.prototype.listActiveOrders}.
   *
   * @example Cancel everything on DFUSDT
   * ```ts
   * import { P99Client } from "./client.ts";
   * const client = new P99Client({ apiKey: "my-key", secret: "my-secret" });
   * // const canceled = await client.cancelAll({ symbol: "DFUSDT" });
   * ```
   */
  async cancelAll(
    input: P99SymbolInput = {},
    options: P99CallOptions = {},
  ): Promise<P99Order[]> {
    const parsed = symbolInputSchema.safeParse(input);
    if (!parsed.success) throw inputError("cancel all p99 orders", parsed.error.issues);
    const query: [string, string][] = parsed.data.symbol ? [["symbol", parsed.data.symbol]] : [];
    const result = await this.#call(
      { method: "DELETE", path: "/spot/orders", query },
      cancelAllSchema,
      options.signal,
    );
    return result.canceled;
  }

  /**
   * `DELETE /spot/orders/{id}`: cancels one order. Throws `AlreadyGoneError` (404
   * `ORDER_NOT_FOUND`) when it is missing or already terminal.
   *
   * @example Cancel one order
   * ```ts
   * import { P99Client } from "./client.ts";
   * const client = new P99Client({ apiKey: "my-key", secret: "my-secret" });
   * // await client.cancelOrder("9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10");
   * ```
   */
  async cancelOrder(id: string, options: P99CallOptions = {}): Promise<P99Order> {
    const orderId = this.#orderId(id, "cancel p99 order");
    return await this.#call(
      { method: "DELETE", path: `/spot/orders/${orderId}`, query: [] },
      orderSchema,
      options.signal,
    );
  }

  /**
   * `GET /spot/orders/{id}`: one order, in any status.
   *
   * @example Read one order
   * ```ts
   * import { P99Client } from "./client.ts";
   * const client = new P99Client({ jwt: "aaa.bbb.ccc" });
   * // const order = await client.getOrder("9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10");
   * ```
   */
  async getOrder(id: string, options: P99CallOptions = {}): Promise<P99Order> {
    const orderId = this.#orderId(id, "get p99 order");
    return await this.#call(
      { method: "GET", path: `/spot/orders/${orderId}`, query: [] },
      orderSchema,
      options.signal,
    );
  }

  /**
   * `GET /spot/orders`: one page, newest first (the venue has no cursor; page with `end`).
   *
   * @example List the newest open orders
   * ```ts
   * import { P99Client } from "./client.ts";
   * const client = new P99Client({ apiKey: "my-key", secret: "my-secret" });
   * // const page = await client.listOrders({ status: "open", limit: 200 });
   * ```
   */
  async listOrders(
    input: P99ListOrdersInput = {},
    options: P99CallOptions = {},
  ): Promise<P99Order[]> {
    const parsed = listOrdersInputSchema.safeParse(input);
    if (!parsed.success) throw inputError("list p99 orders", parsed.error.issues);
    const i = parsed.data;
    const query: [string, string][] = [];
    if (i.symbol !== undefined) query.push(["symbol", i.symbol]);
    if (i.status !== undefined) query.push(["status", i.status]);
    if (i.start !== undefined) query.push(["start", String(i.start)]);
    if (i.end !== undefined) query.push(["end", String(i.end)]);
    if (i.limit !== undefined) query.push(["limit", String(Math.min(i.limit, MAX_LIMIT))]);
    return await this.#call(
      { method: "GET", path: "/spot/orders", query },
      orderListSchema,
      options.signal,
    );
  }

  /**
   * Every active order: `status=open` and `status=partially_filled`, all pages of each,
   * merged and deduplicated. Pages go backwards with `end` = the oldest `created_at` seen;
   * the result says `complete: false` when paging could not reach every order.
   *
   * @example Verify a market is flat
   * ```ts
   * import { P99Client } from "./client.ts";
   * const client = new P99Client({ apiKey: "my-key", secret: "my-secret" });
   * // const { orders, complete } = await client.listActiveOrders({ symbol: "DFUSDT" });
   * // const flat = complete && orders.length === 0;
   * ```
   */
  async listActiveOrders(
    input: P99SymbolInput = {},
    options: P99CallOptions = {},
  ): Promise<P99ActiveOrders> {
    const parsed = symbolInputSchema.safeParse(input);
    if (!parsed.success) throw inputError("list active p99 orders", parsed.error.issues);
    const symbol = parsed.data.symbol;
    const [open, partial] = await Promise.all([
      this.#pageBackwards(symbol, "open", options.signal),
      this.#pageBackwards(symbol, "partially_filled", options.signal),
    ]);
    const byId = new Map<string, P99Order>();
    for (const o of open.orders) byId.set(o.id, o);
    for (const o of partial.orders) byId.set(o.id, o);
    const orders = [...byId.values()].sort((a, b) => b.created_at - a.created_at);
    return {
      orders,
      complete: open.complete && partial.complete,
      pages: open.pages + partial.pages,
    };
  }

  /**
   * `GET /spot/markets` (public): every market with its base and quote token, as the venue
   * states them. The only source of a market's coins: p99 market ids are not parsed.
   *
   * @example Read the coins of each market
   * ```ts
   * import { P99Client } from "./client.ts";
   * const client = new P99Client({ jwt: "aaa.bbb.ccc" });
   * // for (const m of await client.markets()) console.log(m.id, m.base_token, m.quote_token);
   * ```
   */
  async markets(options: P99CallOptions = {}): Promise<P99Market[]> {
    const endpoint = "GET /spot/markets";
    const url = `${this.#baseUrl}/spot/markets`;
    return await this.#transport.call({
      endpoint,
      build: () => Promise.resolve({ method: "GET", url, headers: {}, body: "" }),
      parse: (res) => parseP99Response(endpoint, res, marketListSchema),
      signal: options.signal,
    });
  }

  /**
   * `GET /spot/health` (public): the spot engine's state.
   *
   * @example Check the engine
   * ```ts
   * import { P99Client } from "./client.ts";
   * const client = new P99Client({ jwt: "aaa.bbb.ccc" });
   * // const { engine } = await client.health(); // "running" | "disabled"
   * ```
   */
  async health(options: P99CallOptions = {}): Promise<P99Health> {
    return (await this.#health(options.signal)).health;
  }

  /**
   * The venue's clock in epoch ms, read from the `Date` header of the public
   * `GET /spot/health` (p99 documents no time endpoint; 1 s resolution, so ±500 ms).
   *
   * @example Read the venue's clock
   * ```ts
   * import { P99Client } from "./client.ts";
   * const client = new P99Client({ jwt: "aaa.bbb.ccc" });
   * // const ms = await client.serverTime();
   * ```
   */
  async serverTime(options: P99CallOptions = {}): Promise<number> {
    return (await this.#health(options.signal)).dateMs;
  }

  /** A plain description without credentials. */
  toJSON(): Record<string, string> {
    return { venue: "p99", baseUrl: this.#baseUrl, auth: this.#credentials.kind };
  }

  #health(signal: AbortSignal | undefined): Promise<{ health: P99Health; dateMs: number }> {
    const endpoint = "GET /spot/health";
    const url = `${this.#baseUrl}${P99_SERVER_TIME_PATH}`;
    // Public and outside the in-flight slots: it runs inside other calls' clock resync.
    return this.#transport.call({
      endpoint,
      build: () => Promise.resolve({ method: "GET", url, headers: {}, body: "" }),
      parse: (res) => {
        const health = parseP99Response(endpoint, res, healthSchema);
        const date = Date.parse(res.headers.get("date") ?? "");
        if (!Number.isFinite(date)) {
          throw new ResponseFormatError(`p99 ${endpoint}: no Date header to read the clock from`, {
            venue: "p99",
            endpoint,
            status: res.status,
          });
        }
        return { health, dateMs: date + 500 };
      },
      signal,
    });
  }

  #orderId(id: string, action: string): string {
    const parsed = orderIdSchema.safeParse(id);
    if (!parsed.success) {
      throw inputError(action, parsed.error.issues.map((i) => ({ ...i, path: ["id"] })));
    }
    return parsed.data;
  }

  async #pageBackwards(
    symbol: string | undefined,
    status: "open" | "partially_filled",
    signal: AbortSignal | undefined,
  ): Promise<{ orders: P99Order[]; complete: boolean; pages: number }> {
    const found = new Map<string, P99Order>();
    let complete = true;
    let end: number | undefined;
    let pages = 0;
    for (;;) {
      if (pages >= MAX_PAGES) {
        complete = false;
        break;
      }
      const items = await this.listOrders({ symbol, status, end, limit: MAX_LIMIT }, { signal });
      pages++;
      if (items.length === 0) break;
      let fresh = 0;
      let oldest = Number.POSITIVE_INFINITY;
      for (const o of items) {
        if (!found.has(o.id)) {
          found.set(o.id, o);
          fresh++;
        }
        oldest = Math.min(oldest, o.created_at);
      }
      if (end !== undefined && oldest > end) {
        // The venue ignored `end`: paging cannot go on safely.
        complete = false;
        break;
      }
      let next = oldest;
      if (fresh === 0) {
        // A short page of known orders: the end of the listing. A short page with new orders
        // is not trusted as the end, in case the venue's real page cap is below 200.
        if (items.length < MAX_LIMIT) break;
        // A full page of known orders: more than a page shares second `oldest`; those past
        // the page are out of reach. Skip the second and say the listing is incomplete.
        complete = false;
        next = oldest - 1;
      }
      if (next < 0 || (end !== undefined && next > end)) break;
      end = next;
    }
    return { orders: [...found.values()], complete, pages };
  }

  async #call<T>(
    request: UnsignedRequest,
    schema: z.ZodType<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const endpoint = `${request.method} ${request.path}`;
    await this.#slots.acquire(signal).catch(() => {
      throw new TransientError(`p99 ${endpoint}: aborted while waiting for a request slot`, {
        venue: "p99",
        endpoint,
      });
    });
    try {
      let signedAtMs: number | undefined;
      const hmac = this.#credentials.kind === "hmac";
      return await this.#transport.call({
        endpoint,
        build: (timestampMs) => {
          signedAtMs = timestampMs;
          return signP99Request(request, this.#credentials, timestampMs, {
            baseUrl: this.#baseUrl,
            apiKeyHeader: this.#apiKeyHeader,
          });
        },
        parse: (res) =>
          parseP99Response(endpoint, res, schema, { signedAtMs: hmac ? signedAtMs : undefined }),
        signal,
      });
    } finally {
      this.#slots.release();
    }
  }
}

/** A counting semaphore: at most `size` holders at once, first come first served. */
class Slots {
  #free: number;
  #waiting: Array<() => void> = [];

  constructor(size: number) {
    this.#free = size;
  }

  acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.#waiting.indexOf(grant);
        if (i >= 0) this.#waiting.splice(i, 1);
        reject(signal?.reason);
      };
      this.#waiting.push(grant);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }
}
