/**
 * Types shared by every venue client: venue ids, the signer's input and output, and
 * the transport's view of a request.
 *
 * @module
 */

/** The venues this toolkit speaks to. */
export type VenueId = "okx" | "bybit" | "bitget" | "p99";

/**
 * Every venue id, in display order.
 *
 * @example Loop over venues
 * ```ts
 * import { VENUES } from "./types.ts";
 * for (const venue of VENUES) console.log(venue); // okx, bybit, bitget, p99
 * ```
 */
export const VENUES: readonly VenueId[] = ["okx", "bybit", "bitget", "p99"];

/** HTTP methods the venues' order endpoints use. */
export type HttpMethod = "GET" | "POST" | "DELETE";

/**
 * A request before signing: what to call, venue-neutral.
 *
 * `query` keeps its order because several venues sign the exact query string that is sent.
 *
 * @example Build an unsigned request
 * ```ts
 * import type { UnsignedRequest } from "./types.ts";
 * const req: UnsignedRequest = {
 *   method: "POST",
 *   path: "/api/v5/sprd/mass-cancel",
 *   query: [],
 *   body: { sprdId: "BTC-USDT_BTC-USDT-SWAP" },
 * };
 * ```
 */
export interface UnsignedRequest {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Path below the host, starting with `/`, without query (for p99: below the base URL). */
  readonly path: string;
  /** Query parameters in the order they are sent. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** JSON body for POST requests; `undefined` sends no body. */
  readonly body?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * A signed request, ready for `fetch`: the output of a venue's pure signer.
 *
 * It holds credentials (headers, and for p99 HMAC the query signature): never log it.
 *
 * @example Send a signed request
 * ```ts
 * import type { SignedRequest } from "./types.ts";
 * const signed: SignedRequest = { method: "GET", url: "https://www.okx.com/api/v5/public/time", headers: {}, body: "" };
 * // await fetch(signed.url, { method: signed.method, headers: signed.headers });
 * ```
 */
export interface SignedRequest {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Absolute URL including the query string exactly as signed. */
  readonly url: string;
  /** Headers to send, including the authentication headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Raw body exactly as signed; `""` for none. */
  readonly body: string;
}

/**
 * Serialises query parameters exactly as they are signed and sent: `k=v&k2=v2`, values
 * percent-encoded with `encodeURIComponent`.
 *
 * @example Encode a query
 * ```ts
 * import { encodeQuery } from "./types.ts";
 * encodeQuery([["category", "linear"], ["symbol", "BTCUSDT"]]); // "category=linear&symbol=BTCUSDT"
 * ```
 */
export function encodeQuery(query: ReadonlyArray<readonly [string, string]>): string {
  return query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

/**
 * Serialises a JSON body, dropping `undefined` fields, in insertion order; `""` for none.
 *
 * @example Encode a body
 * ```ts
 * import { encodeBody } from "./types.ts";
 * encodeBody({ category: "linear", symbol: undefined }); // '{"category":"linear"}'
 * ```
 */
export function encodeBody(body: Readonly<Record<string, unknown>> | undefined): string {
  if (body === undefined) return "";
  return JSON.stringify(body);
}
