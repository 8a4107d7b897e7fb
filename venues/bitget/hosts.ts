/**
 * Bitget hosts. This file is the only owner of Bitget host names. Live and demo trading share
 * one host; demo requests carry the `paptrading: 1` header and must be signed with a demo key.
 *
 * @module
 */

import type { VenueHost } from "../endpoint.ts";

/** Bitget environments: live trading or demo (paper) trading. */
export type BitgetEnvironment = "live" | "demo";

/**
 * The host per environment. Both are `api.bitget.com`: the environment is chosen by the API
 * key and the `paptrading` header, not by the host.
 *
 * @example Pick the live host
 * ```ts
 * import { BITGET_HOSTS } from "./hosts.ts";
 * BITGET_HOSTS.live.host; // "api.bitget.com"
 * ```
 */
export const BITGET_HOSTS: Readonly<Record<BitgetEnvironment, VenueHost>> = Object.freeze({
  live: { host: "api.bitget.com", basePath: "", environment: "production", label: "Bitget" },
  demo: {
    host: "api.bitget.com",
    basePath: "",
    environment: "demo",
    label: "Bitget demo trading",
  },
});

/**
 * Extra headers demo trading needs on every request (bitget.com/api-doc/common/demotrading).
 *
 * @example Add the demo header
 * ```ts
 * import { BITGET_DEMO_HEADERS } from "./hosts.ts";
 * const headers = { ...BITGET_DEMO_HEADERS }; // { paptrading: "1" }
 * ```
 */
export const BITGET_DEMO_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  paptrading: "1",
});

/**
 * The venue's public, unauthenticated server-time call (path below the base URL): what a run
 * opens its connection with before the first cancel, and what the client reads the clock from.
 *
 * @example Warm a connection
 * ```ts
 * import { BITGET_SERVER_TIME_PATH } from "./hosts.ts";
 * BITGET_SERVER_TIME_PATH; // "/api/v2/public/time"
 * ```
 */
export const BITGET_SERVER_TIME_PATH = "/api/v2/public/time";

/**
 * The unified trading account (v3) API's public server-time call (tiagosiebler/bitget-api
 * `getServerTime`), what the UTA client resyncs its clock from. Same host as v2.
 *
 * @example The v3 clock
 * ```ts
 * import { BITGET_UTA_SERVER_TIME_PATH } from "./hosts.ts";
 * BITGET_UTA_SERVER_TIME_PATH; // "/api/v3/public/time"
 * ```
 */
export const BITGET_UTA_SERVER_TIME_PATH = "/api/v3/public/time";
