/**
 * p99 spot base URLs per environment.
 *
 * p99 documents only its Sepolia testnet host for the spot API; the production spot host is
 * UNVERIFIED (futures use `api.ztdx.io`), so pass `baseUrl` to the client for anything else.
 * The base URL includes the `/api/v1` path prefix.
 *
 * @module
 */

/** The p99 environments with a documented spot base URL. */
export type P99Environment = "sepolia";

/**
 * Spot REST base URLs by environment, path prefix included.
 *
 * @example Pick the Sepolia base URL
 * ```ts
 * import { P99_HOSTS } from "./hosts.ts";
 * P99_HOSTS.sepolia; // "https://api-sepolia.p99.world/api/v1"
 * ```
 */
export const P99_HOSTS: Readonly<Record<P99Environment, string>> = Object.freeze({
  sepolia: "https://api-sepolia.p99.world/api/v1",
});

/**
 * The base URL used when the client is given neither `baseUrl` nor `environment`.
 *
 * @example Read the default
 * ```ts
 * import { P99_DEFAULT_BASE_URL } from "./hosts.ts";
 * P99_DEFAULT_BASE_URL.endsWith("/api/v1"); // true
 * ```
 */
export const P99_DEFAULT_BASE_URL: string = P99_HOSTS.sepolia;

/**
 * The API-key header the venue's spot docs name (`X-MBX-APIKEY`). One orders page says
 * `X-API-Key`, which the general page reserves for admin keys: UNVERIFIED, so the client
 * lets you choose with `apiKeyHeader`.
 *
 * @example Read the default header name
 * ```ts
 * import { P99_API_KEY_HEADER } from "./hosts.ts";
 * P99_API_KEY_HEADER; // "X-MBX-APIKEY"
 * ```
 */
export const P99_API_KEY_HEADER = "X-MBX-APIKEY";
