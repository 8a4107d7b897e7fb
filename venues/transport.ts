/**
 * The one request path every client uses: rate limiting, signing per attempt, timeout,
 * bounded jittered retries for transient failures, one clock resync on a timestamp
 * rejection, and error mapping through the venue's parser. Redirects are never followed,
 * bodies are read up to a cap, and every piece of venue text (bodies, parsed results, errors)
 * passes through one redaction of the account's credentials and the run's signatures.
 *
 * @module
 */

import {
  abortReason,
  BodyTooLarge,
  describeNetworkError,
  nonNegative,
  nonNegativeInt,
  positive,
  readCapped,
} from "./_http.ts";
import { Redactor } from "./_redact.ts";
import { type Clock, systemClock } from "./clock.ts";
import { PermanentError, ResponseFormatError, TransientError, VenueError } from "./errors.ts";
import { type RateLimit, RateLimiter } from "./rate_limit.ts";
import type { Secret } from "./secret.ts";
import type { SignedRequest, VenueId } from "./types.ts";

/** A response as received, before the venue's parser looks at it. */
export interface RawResponse {
  /** HTTP status. */
  readonly status: number;
  /** Response headers. */
  readonly headers: Headers;
  /** Body text (may be empty, HTML, or truncated JSON). */
  readonly text: string;
}

/** What the transport reports while it works, for progress lines and reports. */
export type TransportEvent =
  | {
    readonly type: "request";
    readonly venue: VenueId;
    readonly endpoint: string;
    readonly attempt: number;
  }
  | {
    readonly type: "response";
    readonly venue: VenueId;
    readonly endpoint: string;
    readonly status: number;
    readonly ms: number;
  }
  | {
    readonly type: "retry";
    readonly venue: VenueId;
    readonly endpoint: string;
    readonly attempt: number;
    readonly delayMs: number;
    readonly error: VenueError;
  }
  | { readonly type: "clock-sync"; readonly venue: VenueId; readonly offsetMs: number };

/** Knobs of the transport. Every field has a default. */
export interface TransportOptions {
  /** `fetch` implementation; default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Timeout of one attempt in milliseconds; default 5000. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt for transient failures and rate limits; default 3. */
  readonly maxRetries?: number;
  /** First backoff in milliseconds, doubled per retry, jittered; default 100. */
  readonly backoffBaseMs?: number;
  /** Longest backoff in milliseconds; default 2000. */
  readonly backoffMaxMs?: number;
  /**
   * Longest wait a venue may ask for (rate-limit reset) that is still worth waiting out, ms;
   * default 5000. A longer one (Bybit's 10-minute IP ban) ends the call at once.
   */
  readonly maxRetryAfterMs?: number;
  /** Random source in [0, 1) for jitter; default `Math.random`. */
  readonly random?: () => number;
  /** Shared rate limiter (one per account); default a new one on this transport's clock. */
  readonly limiter?: RateLimiter;
  /** Time: timestamps, timeouts, backoff sleeps, latencies; default the system clock. */
  readonly clock?: Clock;
  /** Wall clock in epoch milliseconds, overriding `clock.now` for request timestamps only. */
  readonly now?: () => number;
  /**
   * Largest response body read, in bytes, for calls that set no cap of their own; default
   * 16 MiB. A longer body ends the attempt with a `ResponseFormatError`.
   */
  readonly maxBodyBytes?: number;
}

/** Default cap on a response body: far above any venue page (a 500-order answer is ~100 KiB). */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** One logical call: how to sign it (per attempt), how to read the answer, how to pace it. */
export interface CallSpec<T> {
  /** `METHOD /path`, for errors and events; never includes the query. */
  readonly endpoint: string;
  /** Rate-limit key and rule within this account; omitted for unlimited endpoints. */
  readonly rateLimit?: { readonly key: string; readonly rule: RateLimit } | undefined;
  /** Builds the signed request for a timestamp (epoch ms, already clock-corrected). */
  readonly build: (timestampMs: number) => Promise<SignedRequest>;
  /** Reads the response: returns the validated result or throws a {@linkcode VenueError}. */
  readonly parse: (response: RawResponse) => T;
  /** Aborts the call (and any backoff) when the caller's deadline passes. */
  readonly signal?: AbortSignal | undefined;
  /** Largest body this endpoint may answer with, bytes; default the transport's cap. */
  readonly maxBodyBytes?: number | undefined;
}

/**
 * Sends requests for one account of one venue.
 *
 * @example Call an endpoint
 * ```ts
 * import { Transport } from "./transport.ts";
 * const transport = new Transport("okx", { timeoutMs: 3000 });
 * const ts = await transport.call({
 *   endpoint: "GET /api/v5/public/time",
 *   build: () => Promise.resolve({ method: "GET", url: "http://127.0.0.1:1/api/v5/public/time", headers: {}, body: "" }),
 *   parse: (r) => r.status,
 * }).catch(() => 0);
 * ```
 */
export class Transport {
  readonly #venue: VenueId;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #backoffBaseMs: number;
  readonly #backoffMaxMs: number;
  readonly #maxRetryAfterMs: number;
  readonly #random: () => number;
  readonly #limiter: RateLimiter;
  readonly #clock: Clock;
  readonly #now: () => number;
  readonly #maxBodyBytes: number;
  readonly #redactor = new Redactor();
  readonly #listeners = new Set<(e: TransportEvent) => void>();
  #clockOffsetMs = 0;
  #serverTime: (() => Promise<number>) | undefined;
  #syncing: Promise<number> | undefined;
  #startingSync = false;

  /** Builds a transport for `venue`. */
  constructor(venue: VenueId, options: TransportOptions = {}) {
    this.#venue = venue;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = positive(options.timeoutMs ?? 5000, "timeoutMs");
    this.#maxRetries = nonNegativeInt(options.maxRetries ?? 3, "maxRetries");
    this.#backoffBaseMs = nonNegative(options.backoffBaseMs ?? 100, "backoffBaseMs");
    this.#backoffMaxMs = nonNegative(options.backoffMaxMs ?? 2000, "backoffMaxMs");
    this.#maxRetryAfterMs = nonNegative(options.maxRetryAfterMs ?? 5000, "maxRetryAfterMs");
    this.#random = options.random ?? Math.random;
    this.#clock = options.clock ?? systemClock;
    this.#limiter = options.limiter ?? new RateLimiter({ clock: this.#clock });
    const clock = this.#clock;
    this.#now = options.now ?? (() => clock.now());
    this.#maxBodyBytes = positive(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, "maxBodyBytes");
  }

  /**
   * Registers the account's credentials: any venue text that echoes one of them (or a
   * signature this transport sent) reaches the parser, the results and the errors as
   * `[redacted]`. Every client calls it once with all its credentials.
   */
  protect(...secrets: readonly Secret[]): void {
    this.#redactor.protect(...secrets);
  }

  /** `text` with this account's credentials and recent signatures replaced by `[redacted]`. */
  redact(text: string): string {
    return this.#redactor.text(text);
  }

  /** The venue this transport talks to. */
  get venue(): VenueId {
    return this.#venue;
  }

  /** Milliseconds added to the local clock to get the venue's clock (0 until a resync). */
  get clockOffsetMs(): number {
    return this.#clockOffsetMs;
  }

  /** The venue's clock as this transport believes it, in epoch milliseconds. */
  now(): number {
    return this.#now() + this.#clockOffsetMs;
  }

  /**
   * How many requests on rate-limit `key` could start now without waiting (see
   * {@linkcode RateLimiter.available}): the one answer to "how much of this window is left".
   */
  capacity(key: string, rule: RateLimit): number {
    return this.#limiter.available(key, rule);
  }

  /** Sets how to read the venue's clock (the client's public server-time call). */
  setServerTime(serverTime: () => Promise<number>): void {
    this.#serverTime = serverTime;
  }

  /** Listens to transport events; returns the function that stops listening. */
  subscribe(listener: (e: TransportEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads the venue's clock and stores the offset; returns it. */
  syncClock(): Promise<number> {
    const serverTime = this.#serverTime;
    if (!serverTime) return Promise.resolve(this.#clockOffsetMs);
    // Concurrent rejections share one sync; calls made by the sync itself never resync.
    this.#syncing ??= (async () => {
      try {
        const before = this.#now();
        // The server-time call starts synchronously here: mark it so it never waits on itself.
        this.#startingSync = true;
        let pending: Promise<number>;
        try {
          pending = serverTime();
        } finally {
          this.#startingSync = false;
        }
        const server = await pending;
        const after = this.#now();
        this.#clockOffsetMs = Math.round(server - (before + after) / 2);
        this.#emit({ type: "clock-sync", venue: this.#venue, offsetMs: this.#clockOffsetMs });
        return this.#clockOffsetMs;
      } finally {
        this.#syncing = undefined;
      }
    })();
    return this.#syncing;
  }

  /** Runs one call with the retry rules; returns the parsed result or throws a VenueError. */
  async call<T>(spec: CallSpec<T>): Promise<T> {
    // The sync's own server-time call never resyncs (it would wait on itself).
    let resynced = this.#startingSync;
    // The failure that led to the current attempt: when the caller's deadline then cuts that
    // attempt short, it is the cause worth reporting (a timeout, a 503), not the abort.
    let previous: VenueError | undefined;
    for (let attempt = 0;; attempt++) {
      try {
        return await this.#attempt(spec, attempt);
      } catch (error) {
        if (!(error instanceof VenueError)) throw error;
        if (spec.signal?.aborted) throw previous ?? error;
        previous = error;
        if (error.kind === "timestamp" && !resynced && this.#serverTime) {
          // Calls rejected while another call's resync is in flight wait for that one.
          resynced = true;
          await this.syncClock();
          continue;
        }
        if (!error.retryable || attempt >= this.#maxRetries) throw error;
        // A venue that asks for a longer wait than we would ever wait (Bybit's 403 IP ban:
        // 10 min) must not be hammered: give up now and let the report say why.
        if ((error.retryAfterMs ?? 0) > this.#maxRetryAfterMs) throw error;
        const delayMs = this.#backoff(attempt, error.retryAfterMs);
        this.#emit({
          type: "retry",
          venue: this.#venue,
          endpoint: spec.endpoint,
          attempt: attempt + 1,
          delayMs,
          error,
        });
        await this.#clock.sleep(delayMs, spec.signal).catch(() => {
          throw error;
        });
      }
    }
  }

  async #attempt<T>(spec: CallSpec<T>, attempt: number): Promise<T> {
    let release: (() => void) | undefined;
    if (spec.rateLimit) {
      release = await this.#limiter.acquire(spec.rateLimit.key, spec.rateLimit.rule, spec.signal)
        .catch(() => {
          throw this.#transient(spec.endpoint, "Aborted while waiting for the rate limit");
        });
    }
    let response: Response;
    let text: string;
    let sensitive: string[] = [];
    const started = this.#clock.monotonic();
    const timeout = this.#clock.timeout(this.#timeoutMs);
    try {
      const signed = await spec.build(this.now());
      sensitive = this.#redactor.remember(signed);
      this.#emit({ type: "request", venue: this.#venue, endpoint: spec.endpoint, attempt });
      const signal = spec.signal ? AbortSignal.any([timeout, spec.signal]) : timeout;
      try {
        // A redirect is never followed: it would carry signed headers to another host.
        const init: RequestInit = {
          method: signed.method,
          headers: signed.headers,
          signal,
          redirect: "manual",
        };
        if (signed.body !== "") init.body = signed.body;
        response = await this.#fetch(signed.url, init);
        if (response.status >= 300 && response.status < 400) {
          await response.body?.cancel().catch(() => {});
          throw this.#redirect(spec.endpoint, response);
        }
        text = await readCapped(response, spec.maxBodyBytes ?? this.#maxBodyBytes);
      } catch (error) {
        if (error instanceof VenueError) throw error;
        if (error instanceof BodyTooLarge) {
          throw new ResponseFormatError(
            `${this.#venue} ${spec.endpoint}: response body exceeds ${error.limit} bytes (HTTP ${error.status})`,
            { venue: this.#venue, endpoint: spec.endpoint, status: error.status },
          );
        }
        // Never keep the fetch error: its message can contain the URL, and p99's URL carries
        // the signature. Keep only a short reason.
        const reason = timeout.aborted
          ? `timed out after ${this.#timeoutMs} ms`
          : spec.signal?.aborted
          ? `aborted: ${abortReason(spec.signal)}`
          : describeNetworkError(error);
        throw this.#transient(spec.endpoint, `Request failed: ${reason}`);
      }
    } finally {
      // The venue has counted the request by the time its answer (or our failure) is here.
      release?.();
    }
    this.#emit({
      type: "response",
      venue: this.#venue,
      endpoint: spec.endpoint,
      status: response.status,
      ms: this.#clock.monotonic() - started,
    });
    // One redaction for every venue: the parser sees the body with any echoed credential or
    // signature already replaced, and whatever it returns or raises is checked again (a
    // unicode escape in JSON could hide a value from the text pass).
    const forms = this.#redactor.forms(sensitive);
    text = Redactor.unescapeAscii(text);
    const suspicious = this.#redactor.suspicious(text, forms);
    if (suspicious) text = this.#redactor.text(text, forms);
    let result: T;
    try {
      result = spec.parse({ status: response.status, headers: response.headers, text });
    } catch (error) {
      throw this.#redactor.error(error, forms);
    }
    return suspicious ? this.#redactor.value(result, forms) : result;
  }

  #redirect(endpoint: string, response: Response): PermanentError {
    const location = response.headers.get("location");
    let target = "no Location header";
    if (location !== null) {
      try {
        target = `to host ${new URL(location, response.url || "http://invalid/").host || "?"}`;
      } catch {
        target = "to an invalid Location";
      }
    }
    return new PermanentError(
      this.#redactor.text(
        `${this.#venue} ${endpoint}: HTTP ${response.status} redirect ${target} not followed`,
      ),
      { venue: this.#venue, endpoint, status: response.status },
    );
  }

  #transient(endpoint: string, message: string): TransientError {
    return new TransientError(`${this.#venue} ${endpoint}: ${message}`, {
      venue: this.#venue,
      endpoint,
    });
  }

  #backoff(attempt: number, retryAfterMs: number | undefined): number {
    const exp = Math.min(this.#backoffMaxMs, this.#backoffBaseMs * 2 ** attempt);
    const jittered = exp / 2 + this.#random() * (exp / 2);
    return Math.round(Math.max(jittered, retryAfterMs ?? 0));
  }

  #emit(event: TransportEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not break a cancel.
      }
    }
  }
}
