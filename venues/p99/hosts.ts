/**
 * p99 spot hosts per environment. This file is the only owner of p99 host names.
 *
 * p99 documents only its Sepolia testnet host for the spot API; the production spot host is
 * UNVERIFIED (futures use `api.ztdx.io`), so the default is the testnet and a production run
 * needs a base URL (`P99_BASE_URL`, or `baseUrl` on the client). The base path is `/api/v1`.
 *
 * @module
 */

import type { VenueHost } from "../endpoint.ts";

/** The p99 environments with a documented spot host. */
export type P99Environment = "sepolia";

/**
 * Spot hosts by environment, path prefix included.
 *
 * @example Pick the Sepolia host
 * ```ts
 * import { P99_HOSTS } from "./hosts.ts";
 * P99_HOSTS.sepolia.host; // "api-sepolia.p99.world"
 * ```
 */
export const P99_HOSTS: Readonly<Record<P99Environment, VenueHost>> = Object.freeze({
  sepolia: {
    host: "api-sepolia.p99.world",
    basePath: "/api/v1",
    environment: "testnet",
    label: "p99 Sepolia testnet",
  },
});

/**
 * The environment used when the client is given neither `baseUrl` nor `environment`: the
 * Sepolia testnet, the only documented spot host.
 *
 * @example Read the default
 * ```ts
 * import { P99_DEFAULT_ENVIRONMENT } from "./hosts.ts";
 * P99_DEFAULT_ENVIRONMENT; // "sepolia"
 * ```
 */
export const P99_DEFAULT_ENVIRONMENT: P99Environment = "sepolia";

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

/**
 * The venue's public, unauthenticated server-time call (path below the base URL): what a run
 * opens its connection with before the first cancel, and what the client reads the clock from.
 *
 * @example Warm a connection
 * ```ts
 * import { P99_SERVER_TIME_PATH } from "./hosts.ts";
 * P99_SERVER_TIME_PATH; // "/spot/health"
 * ```
 */
export const P99_SERVER_TIME_PATH = "/spot/health";
