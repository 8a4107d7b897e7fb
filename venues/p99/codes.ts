/**
 * p99 spot error codes and the response parser that turns a failed response into the right
 * {@linkcode VenueError} subclass.
 *
 * p99 answers errors as `{"error": "<CODE>"}` plus an HTTP status, and authentication failures
 * (bad or missing JWT, unknown key, wrong signature, timestamp outside ±5000 ms) as HTTP 401
 * with an empty body, so a timestamp failure cannot be told from a bad key by the body alone.
 *
 * @module
 */

import type { z } from "npm:zod@4";
import { type ErrorKind, type VenueError, venueError } from "../errors.ts";
import { decodeJson, requestId, validate } from "../_response.ts";
import type { RawResponse } from "../transport.ts";
import { errorSchema } from "./_schemas.ts";

/**
 * Every error code of p99's spot error-code page (docs.ztdx.io/spot/error-codes), entry by
 * entry, with how to treat it, plus `INVALID_TIMESTAMP` (the futures auth page's name for a
 * timestamp outside the window). Codes are matched exactly, then case-insensitively. Unknown
 * codes: `transient` on HTTP 5xx, `bad_request` otherwise. HTTP 401 always comes with an
 * empty body (no code): `auth`, or `timestamp` when the `Date` header shows our clock off.
 *
 * - Already gone: `ORDER_NOT_FOUND` (404: missing, terminal, or another user's order).
 * - Overloaded (retried with 200/400/800 ms backoff): `ENGINE_BUSY` (503, engine backlog
 *   full), `ENGINE_RESTARTING` (503), `DB_ERROR` (500). p99 documents no rate-limit code.
 * - Timestamp: `INVALID_TIMESTAMP` (futures page; the spot page says a stale timestamp is a
 *   401 with an empty body).
 * - Authentication: `API Key permission denied` (403: the endpoint is JWT-only).
 * - Permanent for the environment: `spot trading disabled` (503), never retried.
 * - Everything else is a bad request, never retried: `FORBIDDEN` (403, another user's
 *   resource), market state (`MARKET_NOT_FOUND` 404, `MARKET_HALTED` 409, `MARKET_DELISTED`
 *   410), order placement (400), `invalid id` (400), `WITHDRAWAL_NOT_FOUND` (404).
 *
 * @example Look up a code
 * ```ts
 * import { P99_ERROR_CODES } from "./codes.ts";
 * P99_ERROR_CODES["ENGINE_BUSY"]; // "transient"
 * ```
 */
export const P99_ERROR_CODES: Readonly<Record<string, ErrorKind>> = Object.freeze({
  // Auth & permission
  "API Key permission denied": "auth",
  FORBIDDEN: "bad_request",
  INVALID_TIMESTAMP: "timestamp",
  // Market state
  MARKET_NOT_FOUND: "bad_request",
  MARKET_HALTED: "bad_request",
  MARKET_DELISTED: "bad_request",
  // Order placement (POST /spot/orders; the kill switch never places orders)
  "invalid side": "bad_request",
  "invalid type": "bad_request",
  "invalid tif": "bad_request",
  "quantity required for limit": "bad_request",
  "quantity required for market sell": "bad_request",
  "quote_quantity required for market buy": "bad_request",
  INVALID_TICK: "bad_request",
  INVALID_LOT: "bad_request",
  BELOW_MIN_NOTIONAL: "bad_request",
  INSUFFICIENT_BALANCE: "bad_request",
  POST_ONLY_REJECT: "bad_request",
  SELF_TRADE: "bad_request",
  // Order management
  "invalid id": "bad_request",
  ORDER_NOT_FOUND: "gone",
  WITHDRAWAL_NOT_FOUND: "bad_request",
  // Engine availability and storage
  "spot trading disabled": "permanent",
  ENGINE_BUSY: "transient",
  ENGINE_RESTARTING: "transient",
  DB_ERROR: "transient",
});

const LOWER = new Map(Object.entries(P99_ERROR_CODES).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * How to treat a p99 error code at an HTTP status.
 *
 * @example Classify codes
 * ```ts
 * import { classifyP99Error } from "./codes.ts";
 * classifyP99Error("ORDER_NOT_FOUND", 404); // "gone"
 * classifyP99Error("SOMETHING_NEW", 502); // "transient"
 * classifyP99Error("SOMETHING_NEW", 400); // "bad_request"
 * ```
 */
export function classifyP99Error(code: string | undefined, status: number): ErrorKind {
  if (code !== undefined) {
    const kind = P99_ERROR_CODES[code] ?? LOWER.get(code.trim().toLowerCase());
    if (kind) return kind;
  }
  if (status === 401) return "auth";
  if (status === 429) return "rate_limit";
  if (status >= 500) return "transient";
  if (status === 403) return "auth";
  return "bad_request";
}

/** What the parser knows about the request it reads the answer to. */
export interface P99ParseContext {
  /**
   * The `timestamp` the request was signed with (HMAC only). With the response's `Date`
   * header it lets a 401 be recognised as a clock problem: when the venue's clock is more
   * than {@linkcode P99_SKEW_SUSPECT_MS} away, the 401 becomes a `TimestampError` so the
   * transport resyncs once and retries.
   */
  readonly signedAtMs?: number | undefined;
}

/** Distance between our timestamp and the venue's `Date` header that makes a 401 a clock problem. */
export const P99_SKEW_SUSPECT_MS = 4000;

/**
 * Reads a p99 response: a 2xx body validated against `schema`, or the matching VenueError.
 *
 * @example Parse an engine-busy answer
 * ```ts
 * import { z } from "npm:zod@4";
 * import { parseP99Response } from "./codes.ts";
 * try {
 *   parseP99Response("DELETE /spot/orders", {
 *     status: 503,
 *     headers: new Headers(),
 *     text: '{"error":"ENGINE_BUSY"}',
 *   }, z.object({}));
 * } catch (e) {
 *   // e is a TransientError with code "ENGINE_BUSY"
 * }
 * ```
 */
export function parseP99Response<T>(
  endpoint: string,
  res: RawResponse,
  schema: z.ZodType<T>,
  context: P99ParseContext = {},
): T {
  if (res.status < 200 || res.status >= 300) throw p99ErrorFromResponse(endpoint, res, context);
  const value = decodeJson("p99", endpoint, res);
  const envelope = isErrorEnvelope(value);
  if (envelope) throw fromCode(endpoint, res, envelope.error);
  return validate("p99", endpoint, res, schema, value);
}

/**
 * The VenueError for a non-2xx p99 response.
 *
 * @example A 401 with an empty body
 * ```ts
 * import { p99ErrorFromResponse } from "./codes.ts";
 * const e = p99ErrorFromResponse("GET /spot/orders", { status: 401, headers: new Headers(), text: "" });
 * e.kind; // "auth"
 * ```
 */
export function p99ErrorFromResponse(
  endpoint: string,
  res: RawResponse,
  context: P99ParseContext = {},
): VenueError {
  if (res.status === 401) return unauthorized(endpoint, res, context);
  if (res.text.trim() === "") {
    const kind = classifyP99Error(undefined, res.status);
    return venueError(kind, `p99 ${endpoint}: HTTP ${res.status} with an empty body`, {
      venue: "p99",
      status: res.status,
      endpoint,
      requestId: requestId(res.headers),
      retryAfterMs: retryAfter(res.headers),
    });
  }
  const value = decodeJson("p99", endpoint, res);
  const envelope = isErrorEnvelope(value);
  if (!envelope) {
    // A failure status whose body looks like a success (an array, a cancel-all or order
    // object): not what p99 sends, so a proxy or a fault. Never read as success, and retried
    // as a format error rather than refused as a bad request.
    const kind = res.status < 500 && looksSuccessful(value)
      ? "format"
      : classifyP99Error(undefined, res.status);
    return venueError(kind, `p99 ${endpoint}: HTTP ${res.status} without an error code`, {
      venue: "p99",
      status: res.status,
      endpoint,
      requestId: requestId(res.headers),
      retryAfterMs: retryAfter(res.headers),
    });
  }
  return fromCode(endpoint, res, envelope.error);
}

function fromCode(endpoint: string, res: RawResponse, code: string): VenueError {
  const kind = classifyP99Error(code, res.status);
  // The code is the venue's own short text; cap it so a proxy cannot inject a page into it.
  const shown = code.length > 80 ? `${code.slice(0, 80)}...` : code;
  return venueError(kind, `p99 ${endpoint}: ${shown} (HTTP ${res.status})`, {
    venue: "p99",
    code: shown,
    status: res.status,
    endpoint,
    requestId: requestId(res.headers),
    retryAfterMs: retryAfter(res.headers),
  });
}

function unauthorized(endpoint: string, res: RawResponse, context: P99ParseContext): VenueError {
  const init = {
    venue: "p99" as const,
    status: 401,
    endpoint,
    requestId: requestId(res.headers),
  };
  const skew = venueSkewMs(res.headers, context.signedAtMs);
  if (skew !== undefined && Math.abs(skew) > P99_SKEW_SUSPECT_MS) {
    return venueError(
      "timestamp",
      `p99 ${endpoint}: unauthorized (HTTP 401); the request timestamp was about ${
        Math.round(Math.abs(skew) / 1000)
      } s ${skew > 0 ? "behind" : "ahead of"} the venue's clock (its Date header)`,
      init,
    );
  }
  return venueError(
    "auth",
    `p99 ${endpoint}: unauthorized (HTTP 401): bad or missing JWT, unknown API key, wrong ` +
      "signature, or a timestamp outside ±5000 ms of the venue's clock",
    init,
  );
}

/** Venue clock minus our signing timestamp, from the `Date` header (1 s resolution). */
function venueSkewMs(headers: Headers, signedAtMs: number | undefined): number | undefined {
  if (signedAtMs === undefined) return undefined;
  const date = headers.get("date");
  if (!date) return undefined;
  const venueMs = Date.parse(date);
  if (!Number.isFinite(venueMs)) return undefined;
  return venueMs + 500 - signedAtMs;
}

function retryAfter(headers: Headers): number | undefined {
  const value = headers.get("retry-after");
  if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  return Math.round(Number(value) * 1000);
}

/** A body in the shape of a successful answer: an array, `{canceled}`, or an order. */
function looksSuccessful(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  return "canceled" in value || ("id" in value && "status" in value) || "engine" in value;
}

function isErrorEnvelope(value: unknown): { error: string } | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const parsed = errorSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
