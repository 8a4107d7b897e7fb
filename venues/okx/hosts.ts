/**
 * OKX hosts by region, and the demo-trading header.
 *
 * @module
 */

/** OKX regions: each account belongs to one, and its keys work only on that region's host. */
export type OkxRegion = "global" | "eea" | "us";

/**
 * Base URL per region. `global` is documented; `eea` and `us` come from tiagosiebler/okx-api
 * (UNVERIFIED in OKX's own text). A key used on the wrong region's host is refused with 50119
 * (key does not exist) or 50101 (key does not match the environment).
 *
 * @example Pick the EEA host
 * ```ts
 * import { OKX_HOSTS } from "./hosts.ts";
 * OKX_HOSTS.eea; // "https://eea.okx.com"
 * ```
 */
export const OKX_HOSTS: Readonly<Record<OkxRegion, string>> = Object.freeze({
  global: "https://www.okx.com",
  eea: "https://eea.okx.com",
  us: "https://us.okx.com",
});

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
