/**
 * The p99 spot REST client: cancel all, cancel one, list (all pages), query one, markets,
 * health and the venue's clock. The shared client shell (`../_client.ts`) holds the
 * credentials, the endpoint and the one request path.
 *
 * @module
 */

import type { z } from "npm:zod@4";
import { check, checkOptions, ClientShell, inspectClient } from "../_client.ts";
import type { Endpoint } from "../endpoint.ts";
import { secret } from "../secret.ts";
import { inputError, TransientError } from "../errors.ts";
import type { TransportEvent } from "../transport.ts";
import type { UnsignedRequest } from "../types.ts";
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
import { MAX_LIMIT, pageBackwards } from "./_client_paging.ts";
import { Slots } from "./_client_slots.ts";
import type {
  P99ActiveOrders,
  P99CallOptions,
  P99ClientOptions,
  P99Health,
  P99ListOrdersInput,
  P99Market,
  P99Order,
  P99SymbolInput,
} from "./client_types.ts";
import { parseP99Response } from "./codes.ts";
import {
  P99_API_KEY_HEADER,
  P99_DEFAULT_ENVIRONMENT,
  P99_HOSTS,
  P99_SERVER_TIME_PATH,
} from "./hosts.ts";
import { type P99Credentials, signP99Request } from "./signer.ts";

export type * from "./client_types.ts";

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
  /** Where requests go: base URL, host, environment and its name. */
  readonly endpoint: Endpoint;
  /** Base URL, `/api/v1` prefix included; no credentials. */
  readonly baseUrl: string;
  /** `host[:port]`, what `--allow-net` must name. */
  readonly host: string;
  /** The path prefix of the base URL (`/api/v1`), which native plans show in front of paths. */
  readonly pathPrefix: string;
  /** `jwt` or `hmac`. */
  readonly authMode: "jwt" | "hmac";
  readonly #shell: ClientShell<P99Credentials>;
  readonly #slots: Slots;

  /** Builds a client; throws `InputError` naming the field when an option is wrong. */
  constructor(options: P99ClientOptions) {
    const o = checkOptions(clientOptionsSchema, options ?? {}, "p99");
    let credentials: P99Credentials;
    if (o.jwt !== undefined) {
      credentials = { kind: "jwt", jwt: secret(o.jwt) };
    } else if (o.apiKey !== undefined && o.secret !== undefined) {
      credentials = { kind: "hmac", apiKey: secret(o.apiKey), secret: secret(o.secret) };
    } else {
      // Unreachable: the schema requires one of the two.
      throw inputError("create p99 client", [{ path: ["apiKey"], message: "is required" }]);
    }
    this.authMode = credentials.kind;
    const apiKeyHeader = o.apiKeyHeader ?? P99_API_KEY_HEADER;
    this.#slots = new Slots(o.maxInFlight ?? 16);
    this.#shell = new ClientShell<P99Credentials>({
      venue: "p99",
      name: "p99",
      host: P99_HOSTS[o.environment ?? P99_DEFAULT_ENVIRONMENT],
      baseUrl: o.baseUrl,
      credentials,
      sign: (request, c, ts, baseUrl) => signP99Request(request, c, ts, { baseUrl, apiKeyHeader }),
      transport: o.transport,
      transportDefaults: { backoffBaseMs: 200 },
      // Only a signed timestamp can be rejected: a JWT never needs the venue's clock.
      serverTime: credentials.kind === "hmac" ? () => this.serverTime() : undefined,
    });
    ({ endpoint: this.endpoint, baseUrl: this.baseUrl, host: this.host } = this.#shell);
    this.pathPrefix = this.#shell.pathPrefix;
  }

  /** Listens to transport events; returns the function that stops listening. */
  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#shell.subscribe(listener);
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
    const { symbol } = check(symbolInputSchema, input, "cancel all p99 orders");
    const query: [string, string][] = symbol ? [["symbol", symbol]] : [];
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
    const orderId = check(orderIdSchema, id, "cancel p99 order", ["id"]);
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
    const orderId = check(orderIdSchema, id, "get p99 order", ["id"]);
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
    const i = check(listOrdersInputSchema, input, "list p99 orders");
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
    const { symbol } = check(symbolInputSchema, input, "list active p99 orders");
    const page = (query: P99ListOrdersInput) => this.listOrders(query, options);
    const [open, partial] = await Promise.all([
      pageBackwards(page, symbol, "open"),
      pageBackwards(page, symbol, "partially_filled"),
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
    return await this.#shell.call(
      { method: "GET", path: "/spot/markets", query: [] },
      (res, { endpoint }) => parseP99Response(endpoint, res, marketListSchema),
      { public: true, signal: options.signal },
    );
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
    return { venue: "p99", baseUrl: this.baseUrl, auth: this.authMode };
  }

  /** Same as {@linkcode P99Client.toJSON}, for `Deno.inspect`. */
  [Symbol.for("Deno.customInspect")](): string {
    return inspectClient("P99Client", this.toJSON());
  }

  #health(signal: AbortSignal | undefined): Promise<{ health: P99Health; dateMs: number }> {
    // Public and outside the in-flight slots: it runs inside other calls' clock resync.
    return this.#shell.call(
      { method: "GET", path: P99_SERVER_TIME_PATH, query: [] },
      (res, { endpoint }) => {
        const health = parseP99Response(endpoint, res, healthSchema);
        const date = Date.parse(res.headers.get("date") ?? "");
        if (!Number.isFinite(date)) {
          const what = "no Date header to read the clock from";
          throw this.#shell.formatError(endpoint, what, res.status);
        }
        return { health, dateMs: date + 500 };
      },
      { public: true, signal },
    );
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
      const hmac = this.authMode === "hmac";
      return await this.#shell.call(
        request,
        (res, { endpoint, signedAtMs }) =>
          parseP99Response(endpoint, res, schema, { signedAtMs: hmac ? signedAtMs : undefined }),
        { signal },
      );
    } finally {
      this.#slots.release();
    }
  }
}
