/**
 * The OKX v5 request signer. Pure: no I/O, no clock, no globals.
 *
 * Sign = Base64(HMAC-SHA256(secret, timestamp + METHOD + requestPath + body)), where
 * `timestamp` is ISO 8601 UTC with milliseconds, `requestPath` includes `?query` for GET
 * requests and `body` is the exact JSON text sent (empty for GET).
 *
 * @module
 */

import { hmacBase64 } from "../_crypto.ts";
import { InputError } from "../errors.ts";
import { type Secret, secret } from "../secret.ts";
import { encodeBody, encodeQuery, type SignedRequest, type UnsignedRequest } from "../types.ts";
import { OKX_DEMO_HEADERS } from "./hosts.ts";

/** OKX API credentials. Plain strings are accepted; the client keeps them as {@linkcode Secret}. */
export interface OkxCredentials {
  /** API key (`OK-ACCESS-KEY`). */
  readonly apiKey: string | Secret;
  /** API secret: the HMAC key. */
  readonly secret: string | Secret;
  /** Passphrase chosen when the key was created (`OK-ACCESS-PASSPHRASE`). */
  readonly passphrase: string | Secret;
}

/** Where a signed request goes. */
export interface OkxSignTarget {
  /** Base URL (`https://www.okx.com`, or the simulator's loopback URL); a path prefix is kept. */
  readonly baseUrl: string;
  /** Adds `x-simulated-trading: 1` (demo trading on the same host). */
  readonly demo?: boolean | undefined;
}

/**
 * Formats epoch milliseconds the way OKX wants its timestamp: `2020-12-08T09:08:57.715Z`.
 *
 * @example Format a timestamp
 * ```ts
 * import { okxTimestamp } from "./signer.ts";
 * okxTimestamp(1767225600123); // "2026-01-01T00:00:00.123Z"
 * ```
 */
export function okxTimestamp(timestampMs: number): string {
  if (!Number.isFinite(timestampMs)) {
    throw new InputError("Cannot sign OKX request: timestampMs must be a finite number");
  }
  return new Date(Math.trunc(timestampMs)).toISOString();
}

/**
 * Signs one request for OKX v5. Returns the URL (query in the order given), the raw body and
 * the headers: `OK-ACCESS-KEY`, `OK-ACCESS-SIGN`, `OK-ACCESS-TIMESTAMP`, `OK-ACCESS-PASSPHRASE`,
 * `Content-Type: application/json` on POST, and `x-simulated-trading: 1` for demo.
 *
 * The result holds credentials: never log it.
 *
 * @example Sign a spread mass cancel
 * ```ts
 * import { signOkxRequest } from "./signer.ts";
 * const signed = await signOkxRequest(
 *   { method: "POST", path: "/api/v5/sprd/mass-cancel", query: [], body: { sprdId: "BTC-USDT_BTC-USDT-SWAP" } },
 *   { apiKey: "key", secret: "secret", passphrase: "pass" },
 *   1767225600123,
 *   { baseUrl: "https://www.okx.com" },
 * );
 * signed.headers["OK-ACCESS-TIMESTAMP"]; // "2026-01-01T00:00:00.123Z"
 * ```
 */
export async function signOkxRequest(
  request: UnsignedRequest,
  credentials: OkxCredentials,
  timestampMs: number,
  target: OkxSignTarget,
): Promise<SignedRequest> {
  const timestamp = okxTimestamp(timestampMs);
  const base = parseTarget(target.baseUrl);
  const query = encodeQuery(request.query);
  const requestPath = `${base.prefix}${request.path}${query === "" ? "" : `?${query}`}`;
  const body = request.method === "GET" ? "" : encodeBody(request.body);
  const sign = await hmacBase64(
    secret(credentials.secret).reveal(),
    `${timestamp}${request.method}${requestPath}${body}`,
  );
  const headers: Record<string, string> = {
    "OK-ACCESS-KEY": secret(credentials.apiKey).reveal(),
    "OK-ACCESS-SIGN": sign,
    "OK-ACCESS-TIMESTAMP": timestamp,
    "OK-ACCESS-PASSPHRASE": secret(credentials.passphrase).reveal(),
  };
  if (request.method !== "GET") headers["Content-Type"] = "application/json";
  if (target.demo) Object.assign(headers, OKX_DEMO_HEADERS);
  return { method: request.method, url: `${base.origin}${requestPath}`, headers, body };
}

function parseTarget(baseUrl: string): { origin: string; prefix: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InputError("Cannot sign OKX request: baseUrl is not a valid URL");
  }
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, "") };
}
