/**
 * The Bybit v5 signer: pure, no I/O, no clock.
 *
 * `X-BAPI-SIGN` = lowercase hex(HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload))
 * where `payload` is the exact query string sent (GET) or the exact raw JSON body sent (POST).
 *
 * @module
 */

import { hmacHex } from "../_crypto.ts";
import { type Secret, secret } from "../secret.ts";
import { encodeBody, encodeQuery, type SignedRequest, type UnsignedRequest } from "../types.ts";

/** A Bybit API key pair. Plain strings are accepted; they are wrapped in a {@linkcode Secret}. */
export interface BybitCredentials {
  /** API key (sent in `X-BAPI-API-KEY`). */
  readonly apiKey: string | Secret;
  /** API secret (signs; never sent). */
  readonly secret: string | Secret;
}

/** Where a signed request goes and how long it stays valid. */
export interface BybitSignTarget {
  /** Base URL without trailing slash, e.g. `https://api.bybit.com` (a path prefix is kept). */
  readonly baseUrl: string;
  /** `X-BAPI-RECV-WINDOW` in milliseconds; default 5000. */
  readonly recvWindow?: number | undefined;
}

/**
 * Signs one request for Bybit v5. Returns the URL (query exactly as signed), the body
 * exactly as signed, and the four `X-BAPI-*` headers (plus `Content-Type` for POST).
 *
 * @example Sign a cancel-all
 * ```ts
 * import { signBybitRequest } from "./signer.ts";
 * const signed = await signBybitRequest(
 *   { method: "POST", path: "/v5/order/cancel-all", query: [], body: { category: "spot" } },
 *   { apiKey: "test-key", secret: "test-secret" },
 *   1767225600123,
 *   { baseUrl: "https://api.bybit.com", recvWindow: 5000 },
 * );
 * signed.headers["X-BAPI-SIGN"]; // 64 lowercase hex characters
 * ```
 */
export async function signBybitRequest(
  request: UnsignedRequest,
  credentials: BybitCredentials,
  timestampMs: number,
  target: BybitSignTarget,
): Promise<SignedRequest> {
  const recvWindow = target.recvWindow ?? 5000;
  if (!Number.isInteger(recvWindow) || recvWindow <= 0) {
    throw new RangeError("Cannot sign Bybit request: recvWindow must be a positive integer");
  }
  if (!Number.isSafeInteger(timestampMs) || timestampMs <= 0) {
    throw new RangeError("Cannot sign Bybit request: timestamp must be a positive integer");
  }
  const query = encodeQuery(request.query);
  const body = request.method === "GET" ? "" : encodeBody(request.body);
  const payload = request.method === "GET" ? query : body;
  const apiKey = secret(credentials.apiKey).reveal();
  const timestamp = String(timestampMs);
  const window = String(recvWindow);
  const sign = await hmacHex(
    secret(credentials.secret).reveal(),
    timestamp + apiKey + window + payload,
  );
  const headers: Record<string, string> = {
    "X-BAPI-API-KEY": apiKey,
    "X-BAPI-TIMESTAMP": timestamp,
    "X-BAPI-RECV-WINDOW": window,
    "X-BAPI-SIGN": sign,
  };
  if (request.method !== "GET") headers["Content-Type"] = "application/json";
  const url = `${target.baseUrl}${request.path}${query === "" ? "" : `?${query}`}`;
  return { method: request.method, url, headers, body };
}
