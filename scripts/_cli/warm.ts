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

/** The base URL a venue's default account will use, or undefined. */
function target(venue: VenueId, env: EnvironmentChoice): string | undefined {
  const override = readEnv(BASE_URL_ENV[venue]);
  if (override.state === "set") {
    // A custom base URL is validated later by the client; warm only a well-formed HTTPS one
    // (plain HTTP has no handshake to save and no multiplexing to share).
    try {
      const url = new URL(override.value);
      if (url.protocol !== "https:") return undefined;
      return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
    } catch {
      return undefined;
    }
  }
  switch (venue) {
    case "okx":
      return hostBaseUrl(okxHost(env.okxRegion, env.okxDemo));
    case "bybit":
      return hostBaseUrl(BYBIT_HOSTS[env.bybitEnv]);
    case "bitget":
      return hostBaseUrl(BITGET_HOSTS[env.bitgetDemo ? "demo" : "live"]);
    case "p99":
      return hostBaseUrl(P99_HOSTS[P99_DEFAULT_ENVIRONMENT]);
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
  /**
   * Warms the host of `baseUrl` (HTTPS only, once per host, only where `--allow-net` grants
   * it) with the venue's public server-time call.
   */
  start(venue: VenueId, baseUrl: string): void;
}

/** A warm-up with nothing started yet. */
export function createWarmup(capMs = 1000): Warmup {
  const pending = new Map<string, Promise<void>>();
  const cap = <T>(p: Promise<T>) =>
    Promise.race([p, new Promise<void>((r) => setTimeout(r, capMs))]);
  return {
    fetch: async (input, init) => {
      const host = hostOfInput(input);
      const warm = host === undefined ? undefined : pending.get(host);
      if (warm) await cap(warm);
      return await fetch(input, init);
    },
    start(venue, baseUrl) {
      let url: URL;
      try {
        url = new URL(`${baseUrl.replace(/\/+$/, "")}${timePath(venue)}`);
      } catch {
        return;
      }
      // Plain HTTP has no handshake to save and no multiplexing to share.
      if (url.protocol !== "https:" || pending.has(url.host) || !netGranted(url.host)) return;
      // Venues and accounts sharing a host share its connection: one warm-up per host.
      pending.set(
        url.host,
        fetch(url, { signal: AbortSignal.timeout(5000), redirect: "manual" })
          .then((res) => res.body?.cancel())
          .catch(() => {}),
      );
    },
  };
}

/**
 * Starts one server-time request to each venue whose default account has complete credentials
 * (of `venues`, when given): the early warm-up, while the program loads. Never throws: a
 * failure only means the first cancel opens its own connection.
 */
export function warmConnections(
  env: EnvironmentChoice,
  venues?: readonly VenueId[],
  capMs = 1000,
): Warmup {
  const warm = createWarmup(capMs);
  for (const venue of (venues ?? VENUES).filter(credentialsLookComplete)) {
    const url = target(venue, env);
    if (url !== undefined) warm.start(venue, url);
  }
  return warm;
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
