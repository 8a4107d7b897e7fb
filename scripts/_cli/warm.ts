// Connection warm-up: while the clients and their schemas load, open the TLS connection (HTTP/2
// where the venue offers it) to every venue host a run will use, with one public server-time
// request each. The cancels then start on a warm connection and multiplex over it instead of
// each paying DNS, TCP and TLS. Only for real runs with --yes: a dry run, a confirmation prompt
// or --print-permissions sends nothing.

import { BITGET_HOSTS, BITGET_SERVER_TIME_PATH } from "../../venues/bitget/hosts.ts";
import { BYBIT_HOSTS, BYBIT_SERVER_TIME_PATH } from "../../venues/bybit/hosts.ts";
import { hostBaseUrl } from "../../venues/endpoint.ts";
import { OKX_SERVER_TIME_PATH, okxHost } from "../../venues/okx/hosts.ts";
import {
  P99_DEFAULT_ENVIRONMENT,
  P99_HOSTS,
  P99_SERVER_TIME_PATH,
} from "../../venues/p99/hosts.ts";
import { type VenueId, VENUES } from "../../venues/types.ts";
import type { EnvironmentChoice } from "./config.ts";
import { BASE_URL_ENV, ENV_NAMES } from "./env_names.ts";
import { readEnv } from "./env.ts";
import { netGranted } from "./permissions.ts";

/** The base URL and server-time path a venue's default account will use, or undefined. */
function target(venue: VenueId, env: EnvironmentChoice): string | undefined {
  const override = readEnv(BASE_URL_ENV[venue]);
  if (override.state === "set") {
    // A custom base URL is validated later by the client; warm only a well-formed HTTPS one
    // (plain HTTP has no handshake to save and no multiplexing to share).
    try {
      const url = new URL(override.value);
      if (url.protocol !== "https:") return undefined;
      return `${url.origin}${url.pathname.replace(/\/+$/, "")}${timePath(venue)}`;
    } catch {
      return undefined;
    }
  }
  switch (venue) {
    case "okx":
      return hostBaseUrl(okxHost(env.okxRegion, env.okxDemo)) + OKX_SERVER_TIME_PATH;
    case "bybit":
      return hostBaseUrl(BYBIT_HOSTS[env.bybitEnv]) + BYBIT_SERVER_TIME_PATH;
    case "bitget":
      return hostBaseUrl(BITGET_HOSTS[env.bitgetDemo ? "demo" : "live"]) +
        BITGET_SERVER_TIME_PATH;
    case "p99":
      return hostBaseUrl(P99_HOSTS[P99_DEFAULT_ENVIRONMENT]) + P99_SERVER_TIME_PATH;
  }
}

/**
 * Whether the venue's default credentials are all readable, set and clean, so that the run will
 * not stop on a usage error after the warm-up was sent (a usage error sends nothing at all).
 */
function credentialsLookComplete(venue: VenueId): boolean {
  const clean = (name: string) => {
    const r = readEnv(name);
    return r.state === "set" && r.value.trim() === r.value && r.value !== "" &&
      ![...r.value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  };
  if (venue === "p99") {
    const jwt = readEnv("P99_JWT").state === "set";
    const key = readEnv("P99_API_KEY").state === "set";
    return jwt !== key &&
      (jwt ? clean("P99_JWT") : clean("P99_API_KEY") && clean("P99_API_SECRET"));
  }
  return ENV_NAMES[venue].every(clean);
}

function timePath(venue: VenueId): string {
  return {
    okx: OKX_SERVER_TIME_PATH,
    bybit: BYBIT_SERVER_TIME_PATH,
    bitget: BITGET_SERVER_TIME_PATH,
    p99: P99_SERVER_TIME_PATH,
  }[venue];
}

/** The warm-up in flight: each host's request, settled or not. */
export interface Warmup {
  /**
   * A `fetch` for the transports: a request to a host being warmed waits (at most `capMs`)
   * for the warm-up to finish, so the first cancels multiplex over the warm HTTP/2 connection
   * instead of each opening its own. Every other request goes straight through.
   */
  readonly fetch: typeof fetch;
}

/**
 * Starts one server-time request to each venue whose default account has complete credentials
 * (of `venues`, when given), on hosts `--allow-net` already grants. Never throws: a failure
 * only means the first cancel opens its own connection.
 */
export function warmConnections(
  env: EnvironmentChoice,
  venues?: readonly VenueId[],
  capMs = 1000,
): Warmup {
  const pending = new Map<string, Promise<void>>();
  const chosen = (venues ?? VENUES).filter(credentialsLookComplete);
  for (const venue of chosen) {
    const url = target(venue, env);
    if (url === undefined) continue;
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      continue;
    }
    if (!netGranted(host)) continue;
    // Venues sharing a host share its connection: one warm-up per host.
    if (pending.has(host)) continue;
    pending.set(
      host,
      fetch(url, { signal: AbortSignal.timeout(5000), redirect: "manual" })
        .then((res) => res.body?.cancel())
        .catch(() => {}),
    );
  }
  const cap = <T>(p: Promise<T>) =>
    Promise.race([p, new Promise<void>((r) => setTimeout(r, capMs))]);
  return {
    fetch: async (input, init) => {
      const host = hostOfInput(input);
      const warm = host === undefined ? undefined : pending.get(host);
      if (warm) await cap(warm);
      return await fetch(input, init);
    },
  };
}

function hostOfInput(input: string | URL | Request): string | undefined {
  try {
    return new URL(
      typeof input === "string" ? input : input instanceof URL ? input.href : input.url,
    )
      .host;
  } catch {
    return undefined;
  }
}
