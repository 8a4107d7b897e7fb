/**
 * The types of the p99 spot client's options, inputs and results (re-exported by `client.ts`
 * and `mod.ts`).
 *
 * @module
 */

import type { Secret } from "../secret.ts";
import type { TransportOptions } from "../transport.ts";
import type { P99Environment } from "./hosts.ts";

/**
 * p99 credentials, one way or the other: a JWT (sent as `Authorization: Bearer <jwt>`), or an
 * HMAC API key (sent in `X-MBX-APIKEY`) with its secret (signs; never sent). Never both.
 */
export type P99ClientCredentials =
  | {
    /** The JWT. */
    readonly jwt: string | Secret;
    /** Not with a JWT. */
    readonly apiKey?: undefined;
    /** Not with a JWT. */
    readonly secret?: undefined;
  }
  | {
    /** HMAC API key. */
    readonly apiKey: string | Secret;
    /** HMAC API secret. */
    readonly secret: string | Secret;
    /** Not with an API key. */
    readonly jwt?: undefined;
  };

/** Where and how a {@linkcode P99Client} sends, besides its credentials. */
export interface P99ConnectionOptions {
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

/** Options of {@linkcode P99Client}: either `jwt`, or `apiKey` and `secret`; then where to send. */
export type P99ClientOptions = P99ClientCredentials & P99ConnectionOptions;

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
