/**
 * The OKX v5 Spread Trading client: cancel one, mass cancel, cancel-all-after (dead-man
 * switch), pending-order listing (all pages), order query, spread metadata and server time. Every input is
 * validated before anything is signed or sent; every response is validated at the boundary.
 *
 * @module
 */

import type { z } from "npm:zod@4";
import {
  InputError,
  inputError,
  ResponseFormatError,
  TransientError,
  VenueError,
} from "../errors.ts";
import type { RateLimit } from "../rate_limit.ts";
import { type Secret, secret } from "../secret.ts";
import {
  type RawResponse,
  Transport,
  type TransportEvent,
  type TransportOptions,
} from "../transport.ts";
import type { SignedRequest, UnsignedRequest } from "../types.ts";
import {
  arrayOf,
  CancelAllAfterItemSchema,
  ClientOptionsSchema,
  listOf,
  ListPendingInputSchema,
  MassCancelInputSchema,
  MassCancelItemSchema,
  OrderRefSchema,
  OrderSchema,
  SpreadSchema,
  SpreadsInputSchema,
  TimeItemSchema,
  TimeOutSchema,
} from "./_schemas.ts";
import { parseOkxItemResponse, parseOkxResponse } from "./codes.ts";
import { OKX_DEMO_HEADERS, OKX_SERVER_TIME_PATH, okxHost, type OkxRegion } from "./hosts.ts";
import { type Endpoint, resolveEndpoint } from "../endpoint.ts";
import { signOkxRequest } from "./signer.ts";

/** Options of {@linkcode OkxSpreadClient}. */
export interface OkxSpreadClientOptions {
  /** API key. */
  readonly apiKey: string | Secret;
  /** API secret. */
  readonly secret: string | Secret;
  /** API passphrase. */
  readonly passphrase: string | Secret;
  /**
   * Site whose host to use (`global` = www.okx.com, `openapi` = openapi.okx.com, `eea`, `us`);
   * default `global`.
   */
  readonly region?: OkxRegion | undefined;
  /** Demo trading: same host, header `x-simulated-trading: 1`, demo keys. Default false. */
  readonly demo?: boolean | undefined;
  /** Base URL override (https, or http on loopback for the simulator); wins over `region`. */
  readonly baseUrl?: string | undefined;
  /** Transport knobs: fetch injection, timeouts, retries, shared rate limiter. */
  readonly transport?: TransportOptions | undefined;
}

/** An order reference: exactly one of `ordId` or `clOrdId`. */
export type OkxOrderRef =
  | { readonly ordId: string; readonly clOrdId?: never }
  | { readonly clOrdId: string; readonly ordId?: never };

/** Per-call options. */
export interface OkxCallOptions {
  /** Aborts the call (the engine's deadline). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * The venue's answer to one cancel. `sCode` is `"0"` (accepted) or `"51410"` (a cancel is
 * already pending): both only mean the request was received; read the book to verify.
 */
export interface OkxCancelResult {
  /** Order id. */
  readonly ordId: string;
  /** Client order id (`""` when none). */
  readonly clOrdId: string;
  /** `"0"` or `"51410"`. */
  readonly sCode: string;
  /** Venue message (`""` on success). */
  readonly sMsg: string;
}

/** The state of the spread dead-man switch. */
export interface OkxCancelAllAfterResult {
  /** When the timer fires, epoch ms; `0` = disarmed. */
  readonly triggerTime: number;
  /** When the venue received the request, epoch ms. */
  readonly ts: number;
}

/** Filters of {@linkcode OkxSpreadClient.listPendingOrders}. */
export interface OkxListPendingInput {
  /** Spread id, e.g. `BTC-USDT_BTC-USDT-SWAP`. */
  readonly sprdId?: string | undefined;
  /** Order type. */
  readonly ordType?: "market" | "limit" | "post_only" | "ioc" | undefined;
  /** Order state. */
  readonly state?: "live" | "partially_filled" | undefined;
}

/** Input of {@linkcode OkxSpreadClient.massCancel}. */
export interface OkxMassCancelInput {
  /** Only this spread; omitted = every spread order of the account. */
  readonly sprdId?: string | undefined;
}

/** A spread order as the venue reports it (every field a string, as sent). */
export interface OkxSpreadOrder {
  /** Spread id. */
  readonly sprdId: string;
  /** Order id. */
  readonly ordId: string;
  /** Client order id (`""` when none). */
  readonly clOrdId: string;
  /** Order tag. */
  readonly tag: string;
  /** Price. */
  readonly px: string;
  /** Size. */
  readonly sz: string;
  /** `market`, `limit`, `post_only`, `ioc`. */
  readonly ordType: string;
  /** `buy` or `sell`. */
  readonly side: string;
  /** Last fill size. */
  readonly fillSz: string;
  /** Last fill price. */
  readonly fillPx: string;
  /** Last trade id. */
  readonly tradeId: string;
  /** Accumulated fill size. */
  readonly accFillSz: string;
  /** Size still to fill. */
  readonly pendingFillSz: string;
  /** Size pending settlement. */
  readonly pendingSettleSz: string;
  /** Canceled size. */
  readonly canceledSz: string;
  /** `live`, `partially_filled`, `canceled`, `filled`. */
  readonly state: string;
  /** Average fill price. */
  readonly avgPx: string;
  /** Why it was canceled (`1` user, `20` cancel-all-after timer, ...). */
  readonly cancelSource: string;
  /** Update time, epoch ms. */
  readonly uTime: string;
  /** Creation time, epoch ms. */
  readonly cTime: string;
}

/** Filters of {@linkcode OkxSpreadClient.getSpreads}. */
export interface OkxSpreadsInput {
  /** One spread id. */
  readonly sprdId?: string | undefined;
  /** Spreads based in this currency (`BTC`). */
  readonly baseCcy?: string | undefined;
  /** Spreads with a leg on this instrument (`BTC-USDT-SWAP`). */
  readonly instId?: string | undefined;
  /** `live`, `suspend` or `expired`. */
  readonly state?: "live" | "suspend" | "expired" | undefined;
}

/** One leg of a spread. */
export interface OkxSpreadLeg {
  /** Instrument id, e.g. `BTC-USDT-SWAP`. */
  readonly instId: string;
  /** `buy` or `sell`. */
  readonly side: string;
}

/** A spread as `GET /api/v5/sprd/spreads` states it (every field a string, as sent). */
export interface OkxSpread {
  /** Spread id. */
  readonly sprdId: string;
  /** `linear`, `inverse` or `hybrid`. */
  readonly sprdType: string;
  /** `live`, `suspend` or `expired`. */
  readonly state: string;
  /** Currency the spread is based in (`BTC`). */
  readonly baseCcy: string;
  /** Currency order sizes are in. */
  readonly szCcy: string;
  /** Currency the spread is priced in (`USDT`, `USD`). */
  readonly quoteCcy: string;
  /** Tick size. */
  readonly tickSz: string;
  /** Minimum order size. */
  readonly minSz: string;
  /** Size increment. */
  readonly lotSz: string;
  /** Listing time, epoch ms. */
  readonly listTime: string;
  /** Expiry time, epoch ms (`""` when none). */
  readonly expTime: string;
  /** Update time, epoch ms. */
  readonly uTime: string;
  /** The legs. */
  readonly legs: readonly OkxSpreadLeg[];
}

/** Documented per-user limits of each endpoint. */
const LIMITS = {
  "sprd/cancel-order": { limit: 20, intervalMs: 2000 },
  "sprd/mass-cancel": { limit: 10, intervalMs: 2000 },
  "sprd/cancel-all-after": { limit: 1, intervalMs: 1000 },
  "sprd/orders-pending": { limit: 10, intervalMs: 2000 },
  "sprd/order": { limit: 20, intervalMs: 2000 },
  "public/time": { limit: 10, intervalMs: 2000 },
  // Public, limited per IP: 20 requests per 2 seconds.
  "sprd/spreads": { limit: 20, intervalMs: 2000 },
} as const satisfies Record<string, RateLimit>;

type LimitKey = keyof typeof LIMITS;

/** Page size of the pending listing (the venue's maximum). */
const PAGE_LIMIT = 100;
/** Pages before the listing gives up (the venue caps pending spread orders at 500). */
const MAX_PAGES = 200;

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
  readonly #apiKey: Secret;
  readonly #secret: Secret;
  readonly #passphrase: Secret;
  readonly #baseUrl: string;
  readonly #host: string;
  readonly #region: OkxRegion;
  readonly #demo: boolean;
  readonly #endpoint: Endpoint;
  readonly #transport: Transport;

  /** Validates the options; throws InputError naming the field. */
  constructor(options: OkxSpreadClientOptions) {
    const parsed = ClientOptionsSchema.safeParse(options);
    if (!parsed.success) throw inputError("create OKX client", parsed.error.issues);
    const o = parsed.data;
    this.#apiKey = secret(o.apiKey);
    this.#secret = secret(o.secret);
    this.#passphrase = secret(o.passphrase);
    this.#region = o.region ?? "global";
    this.#demo = o.demo ?? false;
    try {
      this.#endpoint = resolveEndpoint(okxHost(this.#region, this.#demo), o.baseUrl);
    } catch (e) {
      const reason = e instanceof Error ? e.message.replace(/^Cannot use baseUrl: /, "") : "";
      throw new InputError(`Cannot create OKX client: baseUrl ${reason || "is invalid"}`);
    }
    this.#baseUrl = this.#endpoint.baseUrl;
    this.#host = this.#endpoint.host;
    this.#transport = new Transport("okx", options.transport ?? {});
    this.#transport.protect(this.#apiKey, this.#secret, this.#passphrase);
    this.#transport.setServerTime(() => this.serverTime());
  }

  /** Base URL requests go to (no credentials). */
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

  /** The region whose host is used (when no baseUrl override). */
  get region(): OkxRegion {
    return this.#region;
  }

  /** Whether requests carry the demo-trading header. */
  get demo(): boolean {
    return this.#demo;
  }

  /** Listens to transport events (requests, retries, clock syncs); returns the unsubscriber. */
  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#transport.subscribe(listener);
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
    const endpoint = "GET /api/v5/public/time";
    const items = await this.#transport.call({
      endpoint,
      rateLimit: { key: "public/time", rule: LIMITS["public/time"] },
      signal: options.signal,
      build: () =>
        Promise.resolve(this.#unsigned({ method: "GET", path: OKX_SERVER_TIME_PATH, query: [] })),
      parse: (res) => {
        try {
          return parseOkxResponse(res, endpoint, listOf(TimeItemSchema));
        } catch (e) {
          // An unsigned call cannot have a bad timestamp; passing the kind on would make the
          // transport resync through this very call, over and over.
          if (e instanceof VenueError && e.kind === "timestamp") {
            throw new TransientError(e.message, {
              venue: "okx",
              code: e.code,
              status: e.status,
              endpoint,
            });
          }
          throw e;
        }
      },
    });
    const first = items[0];
    if (!first) throw this.#formatError("GET /api/v5/public/time", "response has no time item");
    return first.ts;
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
    const endpoint = "POST /api/v5/sprd/cancel-order";
    return await this.#transport.call({
      endpoint,
      rateLimit: { key: "sprd/cancel-order", rule: LIMITS["sprd/cancel-order"] },
      signal: options.signal,
      build: (ts) =>
        this.#sign({ method: "POST", path: "/api/v5/sprd/cancel-order", query: [], body }, ts),
      parse: (res: RawResponse) => parseOkxItemResponse(res, endpoint),
    });
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
    const items = await this.#call(
      { method: "POST", path: "/api/v5/sprd/mass-cancel", query: [], body },
      listOf(MassCancelItemSchema),
      "sprd/mass-cancel",
      options.signal,
    );
    const first = items[0];
    if (!first) throw this.#formatError("POST /api/v5/sprd/mass-cancel", "response has no result");
    return first.result;
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
    const items = await this.#call(
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
    const first = items[0];
    if (!first) {
      throw this.#formatError("POST /api/v5/sprd/cancel-all-after", "response has no result");
    }
    return { triggerTime: toMs(first.triggerTime), ts: toMs(first.ts) };
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
    const filters = check(ListPendingInputSchema, input, "list pending orders");
    const base: [string, string][] = [];
    if (filters.sprdId !== undefined) base.push(["sprdId", filters.sprdId]);
    if (filters.ordType !== undefined) base.push(["ordType", filters.ordType]);
    if (filters.state !== undefined) base.push(["state", filters.state]);
    const out: OkxSpreadOrder[] = [];
    const seen = new Set<string>();
    let endId: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query: [string, string][] = [...base];
      if (endId !== undefined) query.push(["endId", endId]);
      query.push(["limit", String(PAGE_LIMIT)]);
      // Only `"data": []` in the documented shape proves an empty page; `null`, a missing
      // `data` or any other shape is a malformed answer (retried, then reported).
      const items = await this.#call(
        { method: "GET", path: "/api/v5/sprd/orders-pending", query },
        arrayOf(OrderSchema),
        "sprd/orders-pending",
        options.signal,
      );
      let fresh = 0;
      for (const order of items) {
        if (seen.has(order.ordId)) continue;
        seen.add(order.ordId);
        out.push(order);
        fresh++;
      }
      if (items.length < PAGE_LIMIT) return out;
      const last = items[items.length - 1]?.ordId;
      if (fresh === 0 || last === undefined || last === endId) {
        throw this.#formatError(
          "GET /api/v5/sprd/orders-pending",
          "pagination did not advance (the venue repeated a page); the listing may be incomplete",
        );
      }
      endId = last;
    }
    throw this.#formatError(
      "GET /api/v5/sprd/orders-pending",
      `more than ${MAX_PAGES} pages; the listing may be incomplete`,
    );
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
    const items = await this.#call(
      { method: "GET", path: "/api/v5/sprd/order", query },
      arrayOf(OrderSchema),
      "sprd/order",
      options.signal,
      (data, res) => {
        if (data.length === 0) {
          throw new ResponseFormatError(
            `okx GET /api/v5/sprd/order: code 0 with no order in data (HTTP ${res.status})`,
            { venue: "okx", endpoint: "GET /api/v5/sprd/order", status: res.status },
          );
        }
      },
    );
    const first = items[0];
    if (!first) throw this.#formatError("GET /api/v5/sprd/order", "response has no order");
    return first;
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
    const endpoint = "GET /api/v5/sprd/spreads";
    return await this.#transport.call({
      endpoint,
      rateLimit: { key: "sprd/spreads", rule: LIMITS["sprd/spreads"] },
      signal: options.signal,
      build: () =>
        Promise.resolve(this.#unsigned({ method: "GET", path: "/api/v5/sprd/spreads", query })),
      parse: (res) => parseOkxResponse(res, endpoint, arrayOf(SpreadSchema)),
    });
  }

  /** Never prints credentials. */
  toJSON(): Record<string, unknown> {
    return { venue: "okx", baseUrl: this.#baseUrl, region: this.#region, demo: this.#demo };
  }

  /** Never prints credentials. */
  [Symbol.for("Deno.customInspect")](): string {
    return `OkxSpreadClient { baseUrl: "${this.#baseUrl}", region: "${this.#region}", demo: ${this.#demo} }`;
  }

  #sign(request: UnsignedRequest, timestampMs: number): Promise<SignedRequest> {
    return signOkxRequest(
      request,
      { apiKey: this.#apiKey, secret: this.#secret, passphrase: this.#passphrase },
      timestampMs,
      { baseUrl: this.#baseUrl, demo: this.#demo },
    );
  }

  /** The one request path: rate limit, sign per attempt, parse, retry (in the transport). */
  #call<T>(
    request: UnsignedRequest,
    schema: z.ZodType<T>,
    limit: LimitKey,
    signal: AbortSignal | undefined,
    check?: (data: T, res: RawResponse) => void,
  ): Promise<T> {
    const endpoint = `${request.method} ${request.path}`;
    return this.#transport.call({
      endpoint,
      rateLimit: { key: limit, rule: LIMITS[limit] },
      signal,
      build: (ts) => this.#sign(request, ts),
      parse: (res) => {
        const data = parseOkxResponse(res, endpoint, schema);
        // Inside parse, so that a refusal here is retried like any malformed answer.
        check?.(data, res);
        return data;
      },
    });
  }

  #unsigned(request: UnsignedRequest): SignedRequest {
    const query = request.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join("&");
    return {
      method: request.method,
      url: `${this.#baseUrl}${request.path}${query === "" ? "" : `?${query}`}`,
      // Demo trading is a header on the same host, for public data too.
      headers: this.#demo ? { ...OKX_DEMO_HEADERS } : {},
      body: "",
    };
  }

  #formatError(endpoint: string, what: string): ResponseFormatError {
    return new ResponseFormatError(`okx ${endpoint}: ${what}`, { venue: "okx", endpoint });
  }
}

/** Validates `value`; throws InputError `Cannot <action>: <field> <problem>`. */
function check<T>(
  schema: z.ZodType<T>,
  value: unknown,
  action: string,
  prefix: readonly string[] = [],
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw inputError(
    action,
    parsed.error.issues.map((i) => ({ path: [...prefix, ...i.path], message: i.message })),
  );
}

/** Epoch ms from a venue time; values that look like seconds (<= 10 digits) are scaled. */
function toMs(value: number): number {
  return value > 0 && value < 1e11 ? value * 1000 : value;
}
