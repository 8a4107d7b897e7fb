// Connection warm-up: while the clients and their schemas load, open the TLS connection (HTTP/2
// where the venue offers it) to every venue host a run will use, with one public server-time
// request each. The cancels then start on a warm connection and multiplex over it instead of
// each paying DNS, TCP and TLS. Only for real runs with --yes: a dry run, a confirmation prompt
// or --print-permissions sends nothing.

import { BITGET_SERVER_TIME_PATH } from "../../venues/bitget/hosts.ts";
import { BYBIT_SERVER_TIME_PATH } from "../../venues/bybit/hosts.ts";
import { hostBaseUrl } from "../../venues/endpoint.ts";
import { OKX_SERVER_TIME_PATH } from "../../venues/okx/hosts.ts";
import { P99_SERVER_TIME_PATH } from "../../venues/p99/hosts.ts";
import { type VenueId, VENUES } from "../../venues/types.ts";
import type { EnvironmentChoice } from "./config.ts";
import { BASE_URL_ENV, ENV_NAMES } from "./env_names.ts";
import { readEnv } from "./env.ts";
import { netGranted } from "./permissions.ts";
import { documentedHost } from "./venue_hosts.ts";

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
  return hostBaseUrl(documentedHost(venue, env));
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

/** What a run's flags allow of the warm-up. */
export interface WarmFlags {
  /** `--yes`: no confirmation prompt stands before the first request. */
  readonly yes: boolean;
  /** A mode that must send nothing (`--dry-run`, `--print-permissions`, `--doctor`, `--help`). */
  readonly sendsNothing: boolean;
  /** `--accounts-file`: the accounts (and their hosts) are known only once the file is read. */
  readonly accountsFile: boolean;
  /** `--account`: labels are checked only once the accounts are loaded. */
  readonly accountLabels: boolean;
  /** `--venues`, when given. */
  readonly venues?: readonly VenueId[] | undefined;
}

/**
 * When a run may warm its connections: `none` (it may send nothing, or would prompt first),
 * `late` (once the accounts are loaded and validated), or `early` (now, while the program
 * loads: only when nothing left to check can still end the run with a usage error, since a
 * usage error sends nothing at all).
 *
 * @example A plain run with --yes warms early
 * ```ts
 * import { warmPlan } from "./warm.ts";
 * warmPlan(
 *   { yes: true, sendsNothing: false, accountsFile: false, accountLabels: false },
 *   () => true,
 * ); // "early"
 * ```
 */
export function warmPlan(
  flags: WarmFlags,
  complete: (venue: VenueId) => boolean = credentialsLookComplete,
): "none" | "late" | "early" {
  if (!flags.yes || flags.sendsNothing) return "none";
  if (flags.accountsFile || flags.accountLabels) return "late";
  // A venue named on the command line without complete credentials is a usage error.
  if (flags.venues && !flags.venues.every(complete)) return "late";
  return "early";
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

/**
 * A warm-up with nothing started yet. Each host gets one gate when its warm-up starts: open when
 * the warm-up answers or `capMs` after it started, whichever comes first, so a slow or stalled
 * venue delays its own first requests by at most `capMs` in all (never per request), and never
 * another host's.
 */
export function createWarmup(capMs = 750): Warmup {
  const gates = new Map<string, Promise<void>>();
  return {
    fetch: async (input, init) => {
      const host = hostOfInput(input);
      const gate = host === undefined ? undefined : gates.get(host);
      if (gate) await untilAborted(gate, init?.signal ?? undefined);
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
      if (url.protocol !== "https:" || gates.has(url.host) || !netGranted(url.host)) return;
      // Venues and accounts sharing a host share its connection: one warm-up per host.
      const warm = fetch(url, { signal: AbortSignal.timeout(5000), redirect: "manual" })
        .then((res) => res.body?.cancel())
        .catch(() => {});
      let timer: ReturnType<typeof setTimeout> | undefined;
      const cap = new Promise<void>((r) => timer = setTimeout(r, capMs));
      gates.set(url.host, Promise.race([warm, cap]).then(() => clearTimeout(timer)));
    },
  };
}

/** Waits for `gate`, or until `signal` aborts (the request then fails as it would anyway). */
function untilAborted(gate: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return gate;
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    gate.then(done, done);
  });
}

/**
 * Starts one server-time request to each venue whose default account has complete credentials
 * (of `venues`, when given): the early warm-up, while the program loads. Never throws: a
 * failure only means the first cancel opens its own connection.
 */
export function warmConnections(
  env: EnvironmentChoice,
  venues?: readonly VenueId[],
  capMs = 750,
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
