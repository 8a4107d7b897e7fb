/**
 * The venues' real host names as the simulator knows them, written from the venues' own pages
 * (docs/fidelity/<venue>.md, `host.*` rows) and independently of the clients' `hosts.ts`: a
 * client that names a host the venue does not have, or the wrong one for an account, is refused
 * here exactly as the real venue (or DNS) would refuse it.
 *
 * @module
 */

import type { VenueId } from "./types.ts";

/** One real host: which venue answers on it and which site (key environment) it serves. */
export interface SimHost {
  /** Venue. */
  readonly venue: VenueId;
  /** The site whose keys work there: `global`, `eea`, `us` (OKX); `mainnet`, `testnet`, ... */
  readonly site: string;
  /** Path prefix of the venue's API on this host (p99: `/api/v1`). */
  readonly basePath: string;
}

const okx = (site: string): SimHost => ({ venue: "okx", site, basePath: "" });
const bybit = (site: string): SimHost => ({ venue: "bybit", site, basePath: "" });

/**
 * Every host the simulator answers for under TLS.
 *
 * @example Look a host up
 * ```ts
 * import { SIM_HOSTS } from "./hosts.ts";
 * SIM_HOSTS["api.bybit.com"]?.venue; // "bybit"
 * ```
 */
export const SIM_HOSTS: Readonly<Record<string, SimHost>> = Object.freeze({
  // OKX docs-v5 overview; openapi.okx.com per OKX's 2026-05 changelog (same global site).
  "www.okx.com": okx("global"),
  "openapi.okx.com": okx("global"),
  "eea.okx.com": okx("eea"),
  "us.okx.com": okx("us"),
  // bybit-exchange/docs docs/v5/guide.mdx (mainnet, testnet, demo, regional entities).
  "api.bybit.com": bybit("mainnet"),
  "api.bytick.com": bybit("mainnet"),
  "api-testnet.bybit.com": bybit("testnet"),
  "api-demo.bybit.com": bybit("demo"),
  "api.bybit.nl": bybit("nl"),
  "api.bybit.tr": bybit("tr"),
  "api.bybit.kz": bybit("kz"),
  "api.bybitgeorgia.ge": bybit("ge"),
  "api.bybit.ae": bybit("ae"),
  "api.bybit.eu": bybit("eu"),
  "api.bybit.id": bybit("id"),
  "api.manepa.jp": bybit("jp"),
  // bitget.com/api-doc/common/intro: one host; demo is a header (paptrading: 1).
  "api.bitget.com": { venue: "bitget", site: "live", basePath: "" },
  // docs.p99.world/spot: the Sepolia testnet is the only documented spot host.
  "api-sepolia.p99.world": { venue: "p99", site: "sepolia", basePath: "/api/v1" },
});

/** The site an account lives on when nothing else is said: each venue's main production site. */
export const DEFAULT_SITES: Readonly<Record<VenueId, string>> = Object.freeze({
  okx: "global",
  bybit: "mainnet",
  bitget: "live",
  p99: "sepolia",
});

/**
 * The site a request is for: the host's site, plus `+demo` when it carries the venue's demo
 * header (OKX `x-simulated-trading: 1`, Bitget `paptrading: 1`).
 *
 * @example A demo request to OKX
 * ```ts
 * import { requestSite } from "./hosts.ts";
 * requestSite("okx", "global", new Headers({ "x-simulated-trading": "1" })); // "global+demo"
 * ```
 */
export function requestSite(venue: VenueId, hostSite: string, headers: Headers): string {
  const demo = (venue === "okx" && headers.get("x-simulated-trading") === "1") ||
    (venue === "bitget" && headers.get("paptrading") === "1");
  return demo ? `${hostSite}+demo` : hostSite;
}

/** The API key (or JWT) a request authenticates with, per venue; undefined for public calls. */
export function requestKey(venue: VenueId, headers: Headers): string | undefined {
  switch (venue) {
    case "okx":
      return headers.get("ok-access-key") ?? undefined;
    case "bybit":
      return headers.get("x-bapi-api-key") ?? undefined;
    case "bitget":
      return headers.get("access-key") ?? undefined;
    case "p99": {
      const auth = headers.get("authorization");
      if (auth?.startsWith("Bearer ")) return auth.slice(7);
      return headers.get("x-mbx-apikey") ?? headers.get("x-api-key") ?? undefined;
    }
  }
}

/**
 * What the venue answers when a key is used on a site it does not belong to: OKX 50119 (key
 * does not exist, another region's key) or 50101 (live key on demo and the other way round);
 * Bybit 10003 (invalid key: testnet/demo keys on mainnet); Bitget does not document its answer to
 * a demo key without the demo header, so the simulator answers its invalid-key code 40006
 * (ASSUMED); p99 401 with an empty body.
 */
export function wrongSiteCode(
  venue: VenueId,
  accountSite: string,
  requestSite: string,
): { code: string; status: number } {
  switch (venue) {
    case "okx": {
      const demoMismatch = accountSite.endsWith("+demo") !== requestSite.endsWith("+demo");
      return { code: demoMismatch ? "50101" : "50119", status: 401 };
    }
    case "bybit":
      return { code: "10003", status: 401 };
    case "bitget":
      return { code: "40006", status: 400 };
    case "p99":
      return { code: "401", status: 401 };
  }
}
