/**
 * OKX hosts by site, and the demo-trading header. This file is the only owner of OKX host
 * names: clients resolve their endpoint from {@linkcode okxHost}, scripts pass a site.
 *
 * @module
 */

import type { VenueHost } from "../endpoint.ts";

/**
 * Where an OKX account lives. `global` and `openapi` are two hosts of the same global site
 * (keys work on both); `eea` and `us` are separate sites whose keys work only on their own host.
 */
export type OkxRegion = "global" | "openapi" | "eea" | "us";

/**
 * Every OKX site, in display order.
 *
 * @example List the sites
 * ```ts
 * import { OKX_REGIONS } from "./hosts.ts";
 * OKX_REGIONS.join(","); // "global,openapi,eea,us"
 * ```
 */
export const OKX_REGIONS: readonly OkxRegion[] = Object.freeze([
  "global",
  "openapi",
  "eea",
  "us",
]);

/**
 * The host of each site. `www.okx.com` stays the default: OKX's changelog says it "will
 * continue to work and will not be deprecated", it is what every peer library defaults to, and
 * it is what operators' egress rules already admit. `openapi.okx.com` is the REST host OKX's
 * pages name since 2026-05. A key used on the wrong site's host is refused with 50119 (key does
 * not exist) or 50101 (key does not match the environment).
 *
 * @example Pick the EEA host
 * ```ts
 * import { OKX_HOSTS } from "./hosts.ts";
 * OKX_HOSTS.eea.host; // "eea.okx.com"
 * ```
 */
export const OKX_HOSTS: Readonly<Record<OkxRegion, VenueHost>> = Object.freeze({
  global: { host: "www.okx.com", basePath: "", environment: "production", label: "OKX global" },
  openapi: {
    host: "openapi.okx.com",
    basePath: "",
    environment: "production",
    label: "OKX global (openapi host)",
  },
  eea: { host: "eea.okx.com", basePath: "", environment: "production", label: "OKX EEA" },
  us: { host: "us.okx.com", basePath: "", environment: "production", label: "OKX US" },
});

/**
 * The host of a site, in demo trading when `demo` is set (same host, demo header, demo keys).
 *
 * @example The demo host of the global site
 * ```ts
 * import { okxHost } from "./hosts.ts";
 * okxHost("global", true).environment; // "demo"
 * ```
 */
export function okxHost(region: OkxRegion, demo: boolean): VenueHost {
  const host = OKX_HOSTS[region];
  return demo ? { ...host, environment: "demo", label: `${host.label} demo trading` } : host;
}

/**
 * Headers that switch a request to demo trading, on the same host. Demo keys are separate:
 * a live key sent with this header is refused with 50101, and the other way round.
 *
 * @example Build demo headers
 * ```ts
 * import { OKX_DEMO_HEADERS } from "./hosts.ts";
 * const headers = { ...OKX_DEMO_HEADERS }; // { "x-simulated-trading": "1" }
 * ```
 */
export const OKX_DEMO_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "x-simulated-trading": "1",
});

/**
 * The venue's public, unauthenticated server-time call (path below the base URL): what a run
 * opens its connection with before the first cancel, and what the client reads the clock from.
 *
 * @example Warm a connection
 * ```ts
 * import { OKX_SERVER_TIME_PATH } from "./hosts.ts";
 * OKX_SERVER_TIME_PATH; // "/api/v5/public/time"
 * ```
 */
export const OKX_SERVER_TIME_PATH = "/api/v5/public/time";
