// The one shell every venue client is built on (composition: each client holds one in a
// private field and keeps only its thin typed methods). The shell resolves and owns the
// endpoint, keeps the account's credentials in private fields where only the venue's signer
// sees them, wires the transport (server-time resync, redaction of every credential the venue
// echoes back, rate-limit capacity), and is the one request path: signed or public, parsed by
// the venue's reader. Input checks share one message style, `Cannot <verb> <thing>: <reason>`.
// Private.

import { z } from "npm:zod@4";
import { type Endpoint, resolveEndpoint, type VenueHost } from "./endpoint.ts";
import {
  InputError,
  inputError,
  ResponseFormatError,
  TransientError,
  VenueError,
} from "./errors.ts";
import type { RateLimit } from "./rate_limit.ts";
import { Secret, secret } from "./secret.ts";
import {
  type RawResponse,
  Transport,
  type TransportEvent,
  type TransportOptions,
} from "./transport.ts";
import { encodeQuery, type SignedRequest, type UnsignedRequest, type VenueId } from "./types.ts";

// ---------------------------------------------------------------------------------------------
// Input checks

/** Venue-issued keys, secrets and tokens: printable ASCII, no spaces. */
const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * A passphrase the user chose (OKX, Bitget): printable ASCII, and a space inside is allowed
 * (no venue page found says one is excluded: ASSUMED; refusing a working passphrase would stop
 * the kill switch from running at all), but not at either end.
 */
const PASSPHRASE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * A credential option: a string or a {@linkcode Secret}, present, non-empty, printable ASCII
 * without spaces (a `passphrase` may hold one inside), and of `format`, when given. Issue
 * messages never quote the value.
 */
export function credential(
  format?: { readonly pattern: RegExp; readonly message: string } | "passphrase",
): z.ZodType<string | Secret> {
  const passphrase = format === "passphrase";
  const rule = passphrase ? undefined : format;
  const printable = passphrase
    ? { pattern: PASSPHRASE, message: "must be printable ASCII, without spaces at either end" }
    : { pattern: PRINTABLE, message: "must be printable ASCII without spaces" };
  return z.custom<string | Secret>((v) => typeof v === "string" || v instanceof Secret, {
    error: (issue) => (issue.input === undefined ? "is required" : "must be a string or a Secret"),
  }).superRefine((value, ctx) => {
    const text = typeof value === "string" ? value : value.reveal();
    const problem = text.trim() === ""
      ? "must not be empty"
      : rule && !rule.pattern.test(text)
      ? rule.message
      : printable.pattern.test(text)
      ? undefined
      : printable.message;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

/** The named credential options, each boxed in a {@linkcode Secret} (order kept). */
export function secrets<K extends string>(
  options: Readonly<Record<K, string | Secret>>,
  ...names: readonly K[]
): Record<K, Secret> {
  const out = {} as Record<K, Secret>;
  for (const name of names) out[name] = secret(options[name]);
  return out;
}

/**
 * Validates `value` with `schema`; otherwise an `InputError` `Cannot <action>: <field> <problem>`
 * (`path` is put in front of each issue's own path).
 */
export function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  action: string,
  path: readonly PropertyKey[] = [],
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw inputError(
    action,
    parsed.error.issues.map((i) => ({ path: [...path, ...i.path], message: i.message })),
  );
}

/** Validates a client's options object: `Cannot create <name> client: ...`. */
export function checkOptions<S extends z.ZodType>(
  schema: S,
  options: unknown,
  name: string,
): z.output<S> {
  if (typeof options !== "object" || options === null) {
    throw new InputError(`Cannot create ${name} client: options are required`);
  }
  return check(schema, options, `create ${name} client`);
}

// ---------------------------------------------------------------------------------------------
// The shell

/** How a client signs one request with its credentials (the venue's pure signer). */
export type Sign<C> = (
  request: UnsignedRequest,
  credentials: C,
  timestampMs: number,
  baseUrl: string,
) => Promise<SignedRequest>;

/** What a client gives its shell. */
export interface ShellInit<C extends object> {
  /** The venue. */
  readonly venue: VenueId;
  /** Name in messages: `Cannot create <name> client: ...`. */
  readonly name: string;
  /** The documented host the client's options chose. */
  readonly host: VenueHost;
  /** Base-URL override (validated here: https, or http on loopback). */
  readonly baseUrl?: string | undefined;
  /** The account's credentials: kept private, handed only to `sign`, redacted from answers. */
  readonly credentials: C;
  /** The venue's signer. */
  readonly sign: Sign<C>;
  /** Headers of public (unsigned) requests: demo flags, locale. */
  readonly publicHeaders?: Readonly<Record<string, string>> | undefined;
  /** The caller's transport options. */
  readonly transport?: TransportOptions | undefined;
  /** The venue's defaults under the caller's transport options. */
  readonly transportDefaults?: TransportOptions | undefined;
  /** Reads the venue's clock, for a resync after a timestamp rejection; omitted: none. */
  readonly serverTime?: (() => Promise<number>) | undefined;
}

/** What the venue's reader learns about the call besides the response. */
export interface CallContext {
  /** `METHOD /path`, for messages. */
  readonly endpoint: string;
  /** The timestamp the request was signed with (undefined for a public call). */
  readonly signedAtMs: number | undefined;
}

/** How one call goes through the shell. */
export interface ShellCallOptions {
  /** Sent unsigned, with the public headers (market data, server time). */
  readonly public?: boolean | undefined;
  /** Rate-limit key and rule within this account. */
  readonly limit?: { readonly key: string; readonly rule: RateLimit } | undefined;
  /** The caller's deadline. */
  readonly signal?: AbortSignal | undefined;
}

/** Reads an answer: the result, or a thrown `VenueError`. */
export type Parse<T> = (res: RawResponse, context: CallContext) => T;

/** Endpoint, credentials, transport and the one request path of one venue account. */
export class ClientShell<C extends object> {
  readonly #venue: VenueId;
  readonly #endpoint: Endpoint;
  readonly #credentials: C;
  readonly #sign: Sign<C>;
  readonly #publicHeaders: Readonly<Record<string, string>>;
  readonly #transport: Transport;

  /** Resolves the endpoint and builds the transport; throws `InputError` for a bad base URL. */
  constructor(init: ShellInit<C>) {
    this.#venue = init.venue;
    try {
      this.#endpoint = resolveEndpoint(init.host, init.baseUrl);
    } catch (error) {
      const reason = error instanceof Error
        ? error.message.replace(/^Cannot use baseUrl: /, "")
        : "";
      throw new InputError(`Cannot create ${init.name} client: baseUrl ${reason || "is invalid"}`);
    }
    this.#credentials = init.credentials;
    this.#sign = init.sign;
    this.#publicHeaders = init.publicHeaders ?? {};
    this.#transport = new Transport(init.venue, { ...init.transportDefaults, ...init.transport });
    // One redaction for every venue: any answer echoing a credential shows `[redacted]`.
    this.#transport.protect(
      ...Object.values(init.credentials).filter((v): v is Secret => v instanceof Secret),
    );
    if (init.serverTime) this.#transport.setServerTime(init.serverTime);
  }

  /** Where requests go: base URL, host, environment and its name. */
  get endpoint(): Endpoint {
    return this.#endpoint;
  }

  /** Base URL requests go to, without a trailing slash (no credentials). */
  get baseUrl(): string {
    return this.#endpoint.baseUrl;
  }

  /** `host[:port]`, what `--allow-net` must name. */
  get host(): string {
    return this.#endpoint.host;
  }

  /** Path prefix of the base URL (`""` for a bare host). */
  get pathPrefix(): string {
    return new URL(this.#endpoint.baseUrl).pathname.replace(/\/+$/, "");
  }

  /** Listens to transport events; returns the function that stops listening. */
  subscribe(listener: (event: TransportEvent) => void): () => void {
    return this.#transport.subscribe(listener);
  }

  /** Requests on rate-limit `key` that could start now without waiting. */
  capacity(key: string, rule: RateLimit): number {
    return this.#transport.capacity(key, rule);
  }

  /**
   * The one request path: rate limit, sign per attempt (or send public), read the answer,
   * retry and resync in the transport. A public call cannot have a bad timestamp, so a
   * timestamp code there is an ordinary transient failure (not another resync).
   */
  call<T>(request: UnsignedRequest, parse: Parse<T>, options: ShellCallOptions = {}): Promise<T> {
    const endpoint = `${request.method} ${request.path}`;
    let signedAtMs: number | undefined;
    return this.#transport.call({
      endpoint,
      rateLimit: options.limit,
      signal: options.signal,
      build: (timestampMs) => {
        if (options.public) return Promise.resolve(this.#unsigned(request));
        signedAtMs = timestampMs;
        return this.#sign(request, this.#credentials, timestampMs, this.#endpoint.baseUrl);
      },
      parse: (res) => {
        try {
          return parse(res, { endpoint, signedAtMs });
        } catch (error) {
          if (options.public && error instanceof VenueError && error.kind === "timestamp") {
            throw new TransientError(error.message, {
              venue: error.venue,
              code: error.code,
              status: error.status,
              requestId: error.requestId,
              endpoint,
            });
          }
          throw error;
        }
      },
    });
  }

  /** A malformed-answer error: `<venue> <endpoint>: <what>`. */
  formatError(endpoint: string, what: string, status?: number): ResponseFormatError {
    return new ResponseFormatError(`${this.#venue} ${endpoint}: ${what}`, {
      venue: this.#venue,
      endpoint,
      status,
    });
  }

  #unsigned(request: UnsignedRequest): SignedRequest {
    const query = request.query.length === 0 ? "" : `?${encodeQuery(request.query)}`;
    return {
      method: request.method,
      url: `${this.#endpoint.baseUrl}${request.path}${query}`,
      headers: { ...this.#publicHeaders },
      body: "",
    };
  }
}

/** How a client prints itself (`Deno.inspect`): its class name and its credential-free JSON. */
export function inspectClient(name: string, json: Record<string, unknown>): string {
  return `${name} ${JSON.stringify(json)}`;
}
