// What a script run's account is once resolved (venue, boxed credentials, environment choice,
// base-URL override) and the helpers both account sources share: an incomplete account, the
// base-URL override, the JWT shape check. Re-exported by config.ts.

import type { BitgetAccountMode } from "../../venues/bitget/uta_categories.ts";
import type { BybitEnvironment } from "../../venues/bybit/hosts.ts";
import type { VenueEnvironment } from "../../venues/endpoint.ts";
import type { BitgetCredentials } from "../../venues/bitget/signer.ts";
import type { BybitCredentials } from "../../venues/bybit/signer.ts";
import type { OkxRegion } from "../../venues/okx/hosts.ts";
import type { OkxCredentials } from "../../venues/okx/signer.ts";
import type { P99ClientCredentials } from "../../venues/p99/client_types.ts";
import type { VenueId } from "../../venues/types.ts";
import { optionalEnv } from "./env.ts";
import { MissingVariableError, UsageError } from "./errors.ts";
import { documentedHost } from "./venue_hosts.ts";

/**
 * Environment selection per venue, from flags or the accounts file. The scripts pass these to
 * the clients, whose `hosts.ts` alone turns them into a host; nothing here builds a URL.
 */
export interface EnvironmentChoice {
  readonly okxRegion: OkxRegion;
  readonly okxDemo: boolean;
  readonly bybitEnv: BybitEnvironment;
  readonly bitgetDemo: boolean;
  /**
   * Bitget account mode: `classic` (v2), `uta` (unified trading account, v3) or `auto` (learned
   * from the first answers, the default when unset).
   */
  readonly bitgetMode?: BitgetAccountMode | undefined;
}

/**
 * An account's venue and its credentials, in that venue's own shape (boxed in Secrets): OKX and
 * Bitget a key, secret and passphrase; Bybit a key and secret; p99 a JWT or a key and secret.
 */
export type VenueCredentials =
  | { readonly venue: "okx"; readonly credentials: Boxed<OkxCredentials> }
  | { readonly venue: "bybit"; readonly credentials: Boxed<BybitCredentials> }
  | { readonly venue: "bitget"; readonly credentials: Boxed<BitgetCredentials> }
  | { readonly venue: "p99"; readonly credentials: Boxed<P99ClientCredentials> };

/** A venue's credential shape with every value boxed: a script never holds a plain string. */
type Boxed<T> = { readonly [K in keyof T]: Exclude<T[K], string> };

/** One account to run, resolved: credentials boxed, environment chosen. */
export type AccountSpec = VenueCredentials & {
  readonly label: string;
  /** Base-URL override (a variable or the accounts file); absent: the venue's documented host. */
  readonly baseUrl?: string | undefined;
  /** Where the override came from, for messages. */
  readonly baseUrlSource?: string | undefined;
  readonly env: EnvironmentChoice;
  /** Environment variables this account reads (for --print-permissions). */
  readonly envNames: readonly string[];
};

/** The account spec of one venue. */
export type AccountSpecOf<V extends VenueId> = Extract<AccountSpec, { readonly venue: V }>;

/**
 * An account whose credentials are incomplete (a needed variable is not set). It is reported
 * NOT FLAT with this message while the other accounts run; only when no account can run is it
 * a usage error (exit 2).
 */
export class IncompleteAccountError extends UsageError {
  /** Builds the error for one account. */
  constructor(
    message: string,
    readonly venue: VenueId,
    readonly label: string,
    readonly host: string,
    readonly envNames: readonly string[],
    readonly environment: VenueEnvironment = "custom",
  ) {
    super(message);
    this.name = "IncompleteAccountError";
  }
}

/** Rethrows a missing variable of one account as that account's IncompleteAccountError. */
export function incomplete(
  error: unknown,
  venue: VenueId,
  label: string,
  env: EnvironmentChoice,
  baseUrl: string | undefined,
  envNames: readonly string[],
): unknown {
  if (!(error instanceof MissingVariableError)) return error;
  const documented = documentedHost(venue, env);
  let host = documented.host;
  if (baseUrl !== undefined) {
    try {
      host = new URL(baseUrl).host;
    } catch {
      host = baseUrl; // The base URL itself is checked when the client is built.
    }
  }
  return new IncompleteAccountError(
    error.message,
    venue,
    label,
    host,
    envNames,
    baseUrl === undefined ? documented.environment : "custom",
  );
}

/** The base-URL override of an account, if any: the accounts file's value, else the variable. */
export function resolveBaseUrl(
  varName: string | undefined,
  fixed?: string,
): { baseUrl?: string; baseUrlSource?: string; envNames: string[] } {
  if (fixed !== undefined) return { baseUrl: fixed, baseUrlSource: "accounts file", envNames: [] };
  const override = varName ? optionalEnv(varName) : undefined;
  if (override !== undefined && varName) {
    return { baseUrl: override, baseUrlSource: varName, envNames: [varName] };
  }
  return { envNames: [] };
}

/** A JWT has three base64url parts and a JSON header. */
export function checkJwt(token: string, name: string): void {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
    throw new UsageError(`${name} is not a JWT (expected three base64url parts)`);
  }
  try {
    const header = JSON.parse(atob(parts[0]!.replace(/-/g, "+").replace(/_/g, "/")));
    if (typeof header !== "object" || header === null) throw new Error("not an object");
  } catch {
    throw new UsageError(`${name} is not a JWT (its header is not JSON)`);
  }
}
