// The one redaction every venue's text goes through. The transport holds a Redactor per
// account: the client's credentials, plus the credentials and signatures of each request it
// signs. Every response body (before the venue's parser reads it), every parsed result that
// could hold an escaped copy, and every error a parser raises pass through it, so no venue can
// echo a secret of the run into a report, a table, an error or a stack trace. Private.

import { VenueError, venueError } from "./errors.ts";
import type { Secret } from "./secret.ts";
import type { SignedRequest } from "./types.ts";

/** What replaces a secret. */
export const REDACTED = "[redacted]";

/** Shorter values are not redacted: they would match ordinary text (prices, ids). */
const MIN_LENGTH = 6;

/** Signatures of recent requests kept for redaction (a venue may echo an earlier one). */
const RECENT_SIGNATURES = 16;

/** Headers and query parameters that carry a credential or a signature. */
const SENSITIVE_NAME = /sign|key|pass|auth|token|secret/i;

/** Replaces the credentials and signatures of one account's run in venue text. */
export class Redactor {
  readonly #secrets: Secret[] = [];
  readonly #recent: string[] = [];

  /** Adds long-lived credentials (key, secret, passphrase, token). */
  protect(...secrets: readonly Secret[]): void {
    this.#secrets.push(...secrets);
  }

  /** The sensitive values a signed request carries (auth headers, signature parameters). */
  static requestValues(request: SignedRequest): string[] {
    const out: string[] = [];
    for (const [name, value] of Object.entries(request.headers)) {
      if (!SENSITIVE_NAME.test(name)) continue;
      out.push(value);
      const bearer = /^bearer\s+(.+)$/i.exec(value);
      if (bearer?.[1]) out.push(bearer[1]);
    }
    try {
      for (const [name, value] of new URL(request.url).searchParams) {
        if (SENSITIVE_NAME.test(name)) out.push(value);
      }
    } catch {
      // Not a URL: nothing to take from it.
    }
    return out;
  }

  /** Remembers a request's sensitive values; returns them for this attempt. */
  remember(request: SignedRequest): string[] {
    const values = Redactor.requestValues(request);
    for (const v of values) {
      if (v.length < MIN_LENGTH || this.#recent.includes(v)) continue;
      this.#recent.push(v);
      if (this.#recent.length > RECENT_SIGNATURES) this.#recent.shift();
    }
    return values;
  }

  /** Every form of every value to hide, longest first (so no part of one is left). */
  forms(extra: readonly string[] = []): string[] {
    const out = new Set<string>();
    const add = (value: string) => {
      if (value.length < MIN_LENGTH) return;
      out.add(value);
      // As a JSON string literal escapes it, and with `/` escaped as some encoders do.
      const escaped = JSON.stringify(value).slice(1, -1);
      out.add(escaped);
      out.add(escaped.replaceAll("/", "\\/"));
      out.add(encodeURIComponent(value));
      // A JWT's signature part identifies it: hide it on its own too.
      const parts = value.split(".");
      if (parts.length === 3) { for (const p of parts.slice(1)) if (p.length >= 16) out.add(p); }
    };
    for (const s of this.#secrets) add(s.reveal());
    for (const v of this.#recent) add(v);
    for (const v of extra) add(v);
    return [...out].sort((a, b) => b.length - a.length);
  }

  /** `text` with every form replaced. */
  text(text: string, forms: readonly string[] = this.forms()): string {
    let out = text;
    for (const f of forms) if (out.includes(f)) out = out.split(f).join(REDACTED);
    return out;
  }

  /**
   * `text` with every JSON `\uXXXX` escape of a printable ASCII character (other than `"` and
   * `\`) written out: the same JSON, in which a plain search finds a credential the venue sent
   * escaped (before a parser shortens the text and cuts a copy in two).
   */
  static unescapeAscii(text: string): string {
    if (!text.includes("\\u")) return text;
    return text.replace(/\\(?:u([0-9a-fA-F]{4})|[^])/g, (match, hex: string | undefined) => {
      if (hex === undefined) return match;
      const code = parseInt(hex, 16);
      return code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c
        ? match
        : String.fromCharCode(code);
    });
  }

  /** Whether `text` holds any form (or an escape that could hide one). */
  suspicious(text: string, forms: readonly string[]): boolean {
    return text.includes("\\u") || forms.some((f) => text.includes(f));
  }

  /** A copy of `value` with every string redacted (plain objects and arrays are walked). */
  value<T>(value: T, forms: readonly string[] = this.forms()): T {
    return walk(value, (s) => this.text(s, forms), 0) as T;
  }

  /** The same error with its venue-derived text redacted; other errors pass unchanged. */
  error(error: unknown, forms: readonly string[] = this.forms()): unknown {
    if (!(error instanceof VenueError)) {
      if (error instanceof Error) error.message = this.text(error.message, forms);
      return error;
    }
    const message = this.text(error.message, forms);
    const code = error.code === undefined ? undefined : this.text(error.code, forms);
    const requestId = error.requestId === undefined ? undefined : this.text(error.requestId, forms);
    if (message === error.message && code === error.code && requestId === error.requestId) {
      return error;
    }
    return venueError(error.kind, message, {
      venue: error.venue,
      code,
      status: error.status,
      requestId,
      endpoint: error.endpoint,
      retryAfterMs: error.retryAfterMs,
    });
  }
}

function walk(value: unknown, redact: (s: string) => string, depth: number): unknown {
  if (typeof value === "string") return redact(value);
  if (depth > 32 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => walk(v, redact, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = walk(v, redact, depth + 1);
  return out;
}
