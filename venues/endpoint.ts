/**
 * Where a venue account's requests go. Each venue's `hosts.ts` is the only place that knows its
 * host names, as a table of {@linkcode VenueHost} entries in this one shape; a client resolves
 * its {@linkcode Endpoint} from that table (or from a base-URL override) and nothing else builds
 * a URL.
 *
 * @module
 */

import { parseBaseUrl } from "./_base_url.ts";

/**
 * What an endpoint trades against: real money (`production`), a venue's test network
 * (`testnet`), its demo or paper trading (`demo`), or a base URL the operator set (`custom`).
 */
export type VenueEnvironment = "production" | "testnet" | "demo" | "custom";

/**
 * One documented host of a venue.
 *
 * @example Describe a host
 * ```ts
 * import type { VenueHost } from "./endpoint.ts";
 * const host: VenueHost = {
 *   host: "api.bybit.com",
 *   basePath: "",
 *   environment: "production",
 *   label: "Bybit mainnet",
 * };
 * ```
 */
export interface VenueHost {
  /** Host name, exactly as `--allow-net` names it (no scheme, no path). */
  readonly host: string;
  /** Path prefix below the host (`/api/v1` for p99), `""` for none. */
  readonly basePath: string;
  /** What the host trades against. */
  readonly environment: Exclude<VenueEnvironment, "custom">;
  /** Human name for reports and `--print-permissions`. */
  readonly label: string;
}

/**
 * A resolved endpoint: the base URL a client sends to and what it is.
 *
 * @example Read an endpoint
 * ```ts
 * import { resolveEndpoint } from "./endpoint.ts";
 * const e = resolveEndpoint(
 *   { host: "www.okx.com", basePath: "", environment: "production", label: "OKX global" },
 *   undefined,
 * );
 * e.baseUrl; // "https://www.okx.com"
 * ```
 */
export interface Endpoint {
  /** Base URL without a trailing slash (`https://host[/basePath]`). */
  readonly baseUrl: string;
  /** `host[:port]`: what `--allow-net` must name. */
  readonly host: string;
  /** What the endpoint trades against. */
  readonly environment: VenueEnvironment;
  /** Human name (`OKX global`, `p99 Sepolia testnet`, `custom base URL`). */
  readonly label: string;
}

/**
 * Builds the HTTPS base URL of a documented host.
 *
 * @example The p99 testnet base URL
 * ```ts
 * import { hostBaseUrl } from "./endpoint.ts";
 * hostBaseUrl({
 *   host: "api-sepolia.p99.world",
 *   basePath: "/api/v1",
 *   environment: "testnet",
 *   label: "p99 Sepolia testnet",
 * }); // "https://api-sepolia.p99.world/api/v1"
 * ```
 */
export function hostBaseUrl(host: VenueHost): string {
  return `https://${host.host}${host.basePath}`;
}

/**
 * The endpoint a client uses: the documented host, or `override` when one is given (validated:
 * HTTPS, or plain HTTP on loopback only). Throws `InputError` naming `field` for a bad override.
 *
 * @example An override wins over the documented host
 * ```ts
 * import { resolveEndpoint } from "./endpoint.ts";
 * const e = resolveEndpoint(
 *   { host: "api.bitget.com", basePath: "", environment: "production", label: "Bitget" },
 *   "http://127.0.0.1:8080",
 * );
 * e.host; // "127.0.0.1:8080"
 * e.environment; // "custom"
 * ```
 */
export function resolveEndpoint(
  documented: VenueHost,
  override: string | undefined,
  field = "baseUrl",
): Endpoint {
  const url = parseBaseUrl(override ?? hostBaseUrl(documented), field);
  const baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  if (override === undefined) {
    return {
      baseUrl,
      host: url.host,
      environment: documented.environment,
      label: documented.label,
    };
  }
  return { baseUrl, host: url.host, environment: "custom", label: "custom base URL" };
}
