/**
 * The error tree every client raises. Each class is an `Error`; none holds a credential,
 * a signed header, a signature or a signed URL: errors carry the request's method and path only.
 *
 * @module
 */

import type { VenueId } from "./types.ts";

/**
 * How a venue failure should be treated:
 * - `gone`: the order is already canceled, filled or unknown: counts as done;
 * - `rate_limit`: slow down and retry;
 * - `auth`: wrong key, passphrase, signature or environment: do not retry;
 * - `timestamp`: the request's clock was outside the venue's window: resync once, retry;
 * - `bad_request`: the venue refused the parameters: do not retry;
 * - `transient`: 5xx, engine busy, network failure, timeout: retry with backoff;
 * - `permanent`: the venue refuses this environment (p99 `spot trading disabled`): do not retry;
 * - `format`: the response did not match its schema.
 */
export type ErrorKind =
  | "gone"
  | "rate_limit"
  | "auth"
  | "timestamp"
  | "bad_request"
  | "transient"
  | "permanent"
  | "format";

/** What a {@linkcode VenueError} knows about the failed call. */
export interface VenueErrorInit {
  /** The venue that answered (or failed to). */
  readonly venue: VenueId;
  /** The venue's own code (`"50011"`, `"10006"`, `"ENGINE_BUSY"`), when it sent one. */
  readonly code?: string | undefined;
  /** HTTP status, when a response arrived. */
  readonly status?: number | undefined;
  /** Request id from the venue's response headers, when it sent one. */
  readonly requestId?: string | undefined;
  /** `METHOD /path` of the request, never its query or headers. */
  readonly endpoint?: string | undefined;
  /** Milliseconds the venue asked us to wait, when it said. */
  readonly retryAfterMs?: number | undefined;
  /** The underlying error. */
  readonly cause?: unknown;
}

/**
 * Base class of every failure a venue call can end in.
 *
 * @example Tell a rate limit from an auth failure
 * ```ts
 * import { VenueError } from "./errors.ts";
 * try {
 *   // await client.massCancel();
 * } catch (e) {
 *   if (e instanceof VenueError && e.kind === "rate_limit") console.error("slow down");
 * }
 * ```
 */
export class VenueError extends Error {
  /** The venue. */
  readonly venue: VenueId;
  /** The venue's code, when it sent one. */
  readonly code: string | undefined;
  /** HTTP status, when a response arrived. */
  readonly status: number | undefined;
  /** Request id, when the venue sent one. */
  readonly requestId: string | undefined;
  /** `METHOD /path`, no query. */
  readonly endpoint: string | undefined;
  /** Milliseconds the venue asked us to wait. */
  readonly retryAfterMs: number | undefined;
  /** How to treat this failure. */
  readonly kind: ErrorKind = "transient";

  /** Builds an error; `message` must not contain credentials. */
  constructor(message: string, init: VenueErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.venue = init.venue;
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.endpoint = init.endpoint;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** Whether the transport may retry the same request. */
  get retryable(): boolean {
    return this.kind === "transient" || this.kind === "rate_limit";
  }

  /** A plain object for reports: venue, kind, code, status, endpoint, message. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      venue: this.venue,
      code: this.code,
      status: this.status,
      requestId: this.requestId,
      endpoint: this.endpoint,
      message: this.message,
    };
  }
}

/**
 * The order is already canceled, filled or unknown to the venue. Counts as done.
 *
 * @example Treat as done
 * ```ts
 * import { AlreadyGoneError } from "./errors.ts";
 * const e = new AlreadyGoneError("Order already canceled", { venue: "okx", code: "51401" });
 * e.kind; // "gone"
 * ```
 */
export class AlreadyGoneError extends VenueError {
  /** Always `gone`. */
  override readonly kind: ErrorKind = "gone";
}

/**
 * The venue rate-limited the request.
 *
 * @example Inspect the wait
 * ```ts
 * import { RateLimitError } from "./errors.ts";
 * const e = new RateLimitError("Too many visits", { venue: "bybit", code: "10006", retryAfterMs: 200 });
 * e.retryAfterMs; // 200
 * ```
 */
export class RateLimitError extends VenueError {
  /** Always `rate_limit`. */
  override readonly kind: ErrorKind = "rate_limit";
}

/**
 * Authentication failed: key, passphrase, signature or environment. Never retried.
 *
 * @example Detect a wrong key
 * ```ts
 * import { AuthError } from "./errors.ts";
 * const e = new AuthError("Invalid API key", { venue: "bitget", code: "40006", status: 400 });
 * e.retryable; // false
 * ```
 */
export class AuthError extends VenueError {
  /** Always `auth`. */
  override readonly kind: ErrorKind = "auth";
}

/**
 * The request timestamp was outside the venue's window. The client resyncs its clock once
 * and retries with a fresh signature.
 *
 * @example Detect clock skew
 * ```ts
 * import { TimestampError } from "./errors.ts";
 * new TimestampError("Timestamp expired", { venue: "okx", code: "50102" }).kind; // "timestamp"
 * ```
 */
export class TimestampError extends VenueError {
  /** Always `timestamp`. */
  override readonly kind: ErrorKind = "timestamp";
}

/**
 * The venue refused the parameters. Never retried.
 *
 * @example Parameter error
 * ```ts
 * import { BadRequestError } from "./errors.ts";
 * new BadRequestError("Parameter sprdId error", { venue: "okx", code: "51000" }).retryable; // false
 * ```
 */
export class BadRequestError extends VenueError {
  /** Always `bad_request`. */
  override readonly kind: ErrorKind = "bad_request";
}

/**
 * A failure that may pass: 5xx, engine busy, network error, timeout. Retried with backoff.
 *
 * @example Engine busy
 * ```ts
 * import { TransientError } from "./errors.ts";
 * new TransientError("Engine busy", { venue: "p99", code: "ENGINE_BUSY", status: 503 }).retryable; // true
 * ```
 */
export class TransientError extends VenueError {
  /** Always `transient`. */
  override readonly kind: ErrorKind = "transient";
}

/**
 * The venue refuses this environment for good (p99 `spot trading disabled`). Never retried.
 *
 * @example Disabled environment
 * ```ts
 * import { PermanentError } from "./errors.ts";
 * new PermanentError("spot trading disabled", { venue: "p99", status: 503 }).retryable; // false
 * ```
 */
export class PermanentError extends VenueError {
  /** Always `permanent`. */
  override readonly kind: ErrorKind = "permanent";
}

/**
 * The response did not match its schema: an HTML page, truncated JSON, a missing field.
 * Retried like a transient failure, since proxies in front of venues produce these.
 *
 * @example Malformed response
 * ```ts
 * import { ResponseFormatError } from "./errors.ts";
 * new ResponseFormatError("Response is not JSON", { venue: "bybit", status: 502 }).kind; // "format"
 * ```
 */
export class ResponseFormatError extends VenueError {
  /** Always `format`. */
  override readonly kind: ErrorKind = "format";

  /** Format errors are retried: they are usually a proxy's page. */
  override get retryable(): boolean {
    return true;
  }
}

/**
 * Bad input, found before anything was sent: a missing field, a lowercase coin, a scope
 * the venue cannot express. The message names the field.
 *
 * @example Refused input
 * ```ts
 * import { InputError } from "./errors.ts";
 * const e = new InputError("Cannot cancel order: spread order id is required");
 * e.name; // "InputError"
 * ```
 */
export class InputError extends Error {
  /** Builds an error naming the offending field. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InputError";
  }
}

/** The constructor of one error class, by kind. */
const BY_KIND: Record<ErrorKind, typeof VenueError> = {
  gone: AlreadyGoneError,
  rate_limit: RateLimitError,
  auth: AuthError,
  timestamp: TimestampError,
  bad_request: BadRequestError,
  transient: TransientError,
  permanent: PermanentError,
  format: ResponseFormatError,
};

/**
 * Builds the error class that matches `kind`.
 *
 * @example From a code table
 * ```ts
 * import { venueError } from "./errors.ts";
 * const e = venueError("rate_limit", "Rate limit reached", { venue: "okx", code: "50011" });
 * e.name; // "RateLimitError"
 * ```
 */
export function venueError(kind: ErrorKind, message: string, init: VenueErrorInit): VenueError {
  return new BY_KIND[kind](message, init);
}

/**
 * Turns an `InputError` message from zod issues: `Cannot <action>: <path> <problem>`.
 *
 * @example Format a zod failure
 * ```ts
 * import { inputError } from "./errors.ts";
 * inputError("cancel order", [{ path: ["ordId"], message: "is required" }]).message;
 * // "Cannot cancel order: ordId is required"
 * ```
 */
export function inputError(
  action: string,
  issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>,
): InputError {
  const parts = issues.map((i) => {
    const field = i.path.map(String).join(".");
    return field ? `${field} ${i.message}` : i.message;
  });
  return new InputError(`Cannot ${action}: ${parts.join("; ")}`);
}
