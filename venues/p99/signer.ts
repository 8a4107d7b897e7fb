/**
 * The pure p99 request signer: JWT bearer or Binance-style HMAC query signature.
 *
 * @module
 */

import { hmacHex } from "../_crypto.ts";
import { type Secret, secret } from "../secret.ts";
import { encodeBody, encodeQuery, type SignedRequest, type UnsignedRequest } from "../types.ts";
import { P99_API_KEY_HEADER } from "./hosts.ts";

/** HMAC API-key credentials. */
export interface P99HmacCredentials {
  /** Discriminant. */
  readonly kind: "hmac";
  /** API key, sent in the key header. */
  readonly apiKey: string | Secret;
  /** API secret, used to sign; never sent. */
  readonly secret: string | Secret;
}

/** JWT credentials (`Authorization: Bearer <jwt>`). */
export interface P99JwtCredentials {
  /** Discriminant. */
  readonly kind: "jwt";
  /** The JWT. */
  readonly jwt: string | Secret;
}

/** Either way of authenticating to p99. */
export type P99Credentials = P99HmacCredentials | P99JwtCredentials;

/** Where the request goes and how the key is named. */
export interface P99SignTarget {
  /** Base URL including the `/api/v1` prefix, without a trailing slash. */
  readonly baseUrl: string;
  /** API-key header name; default `X-MBX-APIKEY`. */
  readonly apiKeyHeader?: string | undefined;
}

/**
 * Signs a p99 request. Pure: no clock, no I/O.
 *
 * - JWT: the query is sent as given, with `Authorization: Bearer <jwt>`.
 * - HMAC: `timestamp=<ms>` is appended to the query, then
 *   `signature = hex(HMAC-SHA256(secret, query + body))` is appended last; the key goes in
 *   `X-MBX-APIKEY` (or `target.apiKeyHeader`).
 *
 * The result holds credentials: never log it.
 *
 * @example Sign a cancel-all for one symbol
 * ```ts
 * import { signP99Request } from "./signer.ts";
 * const signed = await signP99Request(
 *   { method: "DELETE", path: "/spot/orders", query: [["symbol", "DFUSDT"]] },
 *   { kind: "hmac", apiKey: "test-key", secret: "test-secret" },
 *   1767225600123,
 *   { baseUrl: "https://api-sepolia.p99.world/api/v1" },
 * );
 * signed.url.includes("symbol=DFUSDT&timestamp=1767225600123&signature="); // true
 * ```
 */
export async function signP99Request(
  request: UnsignedRequest,
  credentials: P99Credentials,
  timestampMs: number,
  target: P99SignTarget,
): Promise<SignedRequest> {
  const body = encodeBody(request.body);
  const headers: Record<string, string> = {};
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  const base = `${target.baseUrl}${request.path}`;
  if (credentials.kind === "jwt") {
    const query = encodeQuery(request.query);
    headers["Authorization"] = `Bearer ${secret(credentials.jwt).reveal()}`;
    return { method: request.method, url: query ? `${base}?${query}` : base, headers, body };
  }
  const query = encodeQuery([...request.query, ["timestamp", String(Math.trunc(timestampMs))]]);
  const signature = await hmacHex(secret(credentials.secret).reveal(), query + body);
  headers[target.apiKeyHeader ?? P99_API_KEY_HEADER] = secret(credentials.apiKey).reveal();
  return {
    method: request.method,
    url: `${base}?${query}&signature=${signature}`,
    headers,
    body,
  };
}
