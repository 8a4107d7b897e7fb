/**
 * The pure Bitget request signer: no I/O, no clock, no globals.
 *
 * `ACCESS-SIGN` = Base64(HMAC-SHA256(secret, timestamp + METHOD + requestPath +
 * ("?" + queryString if non-empty) + body)), over the exact query string and body sent.
 *
 * @module
 */

import { hmacBase64 } from "../_crypto.ts";
import type { Secret } from "../secret.ts";
import { encodeBody, encodeQuery, type SignedRequest, type UnsignedRequest } from "../types.ts";
import { BITGET_DEMO_HEADERS } from "./hosts.ts";

/** The three parts of a Bitget API key. Plain strings are accepted for tests. */
export interface BitgetCredentials {
  /** API key (`ACCESS-KEY`). */
  readonly apiKey: string | Secret;
  /** API secret, the HMAC key. */
  readonly secret: string | Secret;
  /** Passphrase chosen when the key was created (`ACCESS-PASSPHRASE`). */
  readonly passphrase: string | Secret;
}

/** Where a signed request goes and how. */
export interface BitgetSignTarget {
  /** Origin (and optional path prefix) the request path is appended to, without a trailing slash. */
  readonly baseUrl: string;
  /** Demo trading: adds the `paptrading: 1` header. Default false. */
  readonly demo?: boolean | undefined;
  /** `locale` header; default `en-US`. */
  readonly locale?: string | undefined;
}

function reveal(value: string | Secret): string {
  return typeof value === "string" ? value : value.reveal();
}

/**
 * Signs one Bitget request. The query is sent and signed in the order given; the body is
 * serialised once and that exact text is both signed and sent.
 *
 * @example Sign a cancel-all request
 * ```ts
 * import { signBitgetRequest } from "./signer.ts";
 * const signed = await signBitgetRequest(
 *   {
 *     method: "POST",
 *     path: "/api/v2/mix/order/cancel-all-orders",
 *     query: [],
 *     body: { productType: "USDT-FUTURES", marginCoin: "USDT" },
 *   },
 *   { apiKey: "test-key", secret: "test-secret", passphrase: "test-pass" },
 *   1767225600123,
 *   { baseUrl: "https://api.bitget.com" },
 * );
 * signed.headers["ACCESS-SIGN"]; // "EJ7JpeZZHiqeGqvqAIGPRnNnEK87Q3A6L8wlusYVdlc="
 * ```
 */
export async function signBitgetRequest(
  request: UnsignedRequest,
  credentials: BitgetCredentials,
  timestampMs: number,
  target: BitgetSignTarget,
): Promise<SignedRequest> {
  const timestamp = String(Math.trunc(timestampMs));
  const query = encodeQuery(request.query);
  const pathWithQuery = query === "" ? request.path : `${request.path}?${query}`;
  const body = encodeBody(request.body);
  const prehash = `${timestamp}${request.method}${pathWithQuery}${body}`;
  const signature = await hmacBase64(reveal(credentials.secret), prehash);
  const headers: Record<string, string> = {
    "ACCESS-KEY": reveal(credentials.apiKey),
    "ACCESS-SIGN": signature,
    "ACCESS-TIMESTAMP": timestamp,
    "ACCESS-PASSPHRASE": reveal(credentials.passphrase),
    "Content-Type": "application/json",
    locale: target.locale ?? "en-US",
    ...(target.demo ? BITGET_DEMO_HEADERS : {}),
  };
  return {
    method: request.method,
    url: `${target.baseUrl}${pathWithQuery}`,
    headers,
    body,
  };
}
