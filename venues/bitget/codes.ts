/**
 * Bitget error codes and the response parser: an envelope whose `code` is not `"00000"`
 * becomes the matching {@linkcode VenueError} subclass, never a result.
 *
 * @module
 */

import type { z } from "npm:zod@4";
import { type ErrorKind, RateLimitError, TransientError, venueError } from "../errors.ts";
import { decodeJson, requestId, validate } from "../_response.ts";
import type { RawResponse } from "../transport.ts";
import { envelopeSchema } from "./_schemas.ts";

/**
 * Bitget codes and how to treat them. Sources: bitget.com/api-doc (common error codes,
 * contract trade pages), ccxt `bitget.ts` exceptions, and the shared VENUES.md.
 * Unknown codes are `bad_request`, or `transient` when the HTTP status is 5xx.
 *
 * @example Look up a code
 * ```ts
 * import { BITGET_ERROR_CODES } from "./codes.ts";
 * BITGET_ERROR_CODES["40768"]; // "gone"
 * ```
 */
export const BITGET_ERROR_CODES: Readonly<Record<string, ErrorKind>> = Object.freeze({
  // Already gone: counts as done.
  "22001": "gone", // No order to cancel
  "43001": "gone", // Order does not exist
  "40768": "gone", // Order does not exist / cancel not found
  "43025": "gone", // Plan order does not exist
  // Rate limit (HTTP 429).
  "429": "rate_limit",
  // Clock.
  "40004": "timestamp", // Request timestamp expired (ccxt)
  "40005": "timestamp", // Invalid ACCESS-TIMESTAMP
  "40008": "timestamp", // Request timestamp expired
  // Authentication and permissions.
  "40001": "auth", // ACCESS-KEY cannot be empty
  "40002": "auth", // SECRET-KEY cannot be empty
  "40003": "auth", // Signature cannot be empty
  "40006": "auth", // Invalid ACCESS-KEY
  "40009": "auth", // sign signature error
  "40011": "auth", // ACCESS-PASSPHRASE cannot be empty
  "40012": "auth", // apikey/passphrase is incorrect
  "40014": "auth", // Incorrect permissions
  "40018": "auth", // Invalid IP
  "40037": "auth", // Apikey does not exist
  // Parameters.
  "40007": "bad_request", // Invalid Content-Type
  "40017": "bad_request", // Parameter verification failed
  "40019": "bad_request", // Parameter cannot be empty
  "40034": "bad_request", // Parameter does not exist
  "40808": "bad_request", // Parameter verification exception (lowercase marginCoin)
  "400172": "bad_request", // Parameter verification failed
  // Transient: try again.
  "40010": "transient", // Request timed out
  "40015": "transient", // System is abnormal, please try again later
  "40725": "transient", // Service returned an error (release window, faq Q14)
  "45001": "transient", // Unknown error (release window, faq Q14)
});

/**
 * How to treat a Bitget `code` answered with HTTP `status`.
 *
 * @example Classify a signature error
 * ```ts
 * import { bitgetErrorKind } from "./codes.ts";
 * bitgetErrorKind("40009", 400); // "auth"
 * bitgetErrorKind("99999", 503); // "transient"
 * ```
 */
export function bitgetErrorKind(code: string, status: number): ErrorKind {
  if (status === 429) return "rate_limit";
  const known = BITGET_ERROR_CODES[code];
  if (known) return known;
  return status >= 500 ? "transient" : "bad_request";
}

/** Messages of per-item failures (failureList) that mean the order is no longer open. */
const GONE_MESSAGE =
  /notexist|not\s*exist|does not exist|not found|no order|already (?:been )?(?:cancel|fill|clos|complet)/i;

/**
 * Whether a failureList item means "already gone" (counts as done): a gone code, or, when the
 * venue sends no code (cancel-plan-order sends only `errorMsg: "notExistend"`), a gone message.
 *
 * @example Read a failureList item
 * ```ts
 * import { isGoneFailure } from "./codes.ts";
 * isGoneFailure({ errorMsg: "notExistend" }); // true
 * isGoneFailure({ errorCode: "40725", errorMsg: "service return an error" }); // false
 * ```
 */
export function isGoneFailure(
  item: { readonly errorCode?: string | undefined; readonly errorMsg?: string | undefined },
): boolean {
  if (item.errorCode !== undefined && item.errorCode !== "") {
    return BITGET_ERROR_CODES[item.errorCode] === "gone";
  }
  return GONE_MESSAGE.test(item.errorMsg ?? "");
}

/** Removes what must never reach an error message. */
export type Scrub = (text: string) => string;

function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

/**
 * Reads a Bitget response: decodes the JSON envelope, turns a non-`"00000"` code into the
 * right error, validates `data` against `schema`. Private to the client.
 */
export function parseBitgetResponse<T>(
  endpoint: string,
  res: RawResponse,
  schema: z.ZodType<T>,
  scrub: Scrub = (s) => s,
): T {
  const base = {
    venue: "bitget" as const,
    endpoint,
    status: res.status,
    requestId: requestId(res.headers),
  };
  let body: unknown;
  try {
    body = decodeJson("bitget", endpoint, res);
  } catch (error) {
    if (res.status === 429) {
      throw new RateLimitError(`bitget ${endpoint}: Too Many Requests (HTTP 429)`, {
        ...base,
        code: "429",
        retryAfterMs: retryAfterMs(res.headers),
      });
    }
    if (res.status >= 500) {
      throw new TransientError(`bitget ${endpoint}: HTTP ${res.status} without a JSON body`, base);
    }
    throw error;
  }
  const envelope = validate("bitget", endpoint, res, envelopeSchema, body);
  if (envelope.code !== "00000") {
    const kind = bitgetErrorKind(envelope.code, res.status);
    const msg = scrub(envelope.msg).slice(0, 200);
    throw venueError(kind, `bitget ${endpoint}: ${envelope.code} ${msg} (HTTP ${res.status})`, {
      ...base,
      code: envelope.code,
      retryAfterMs: kind === "rate_limit" ? retryAfterMs(res.headers) : undefined,
    });
  }
  if (res.status < 200 || res.status >= 300) {
    // A success code with a failure status: believe neither.
    throw venueError(
      res.status >= 500 ? "transient" : "format",
      `bitget ${endpoint}: code 00000 with HTTP ${res.status}`,
      base,
    );
  }
  return validate("bitget", endpoint, res, schema, envelope.data);
}
