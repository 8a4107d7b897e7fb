/**
 * Bybit v5 REST hosts per environment and region. This file is the only owner of Bybit host
 * names: clients resolve their endpoint from {@linkcode BYBIT_HOSTS}, scripts pass a name.
 *
 * Keys are bound to the environment they were created in: a testnet or demo key on a
 * mainnet host answers 10003 (`API key is invalid`). Demo trading needs no extra header,
 * only the demo host and a demo key.
 *
 * @module
 */

import type { VenueHost } from "../endpoint.ts";

/**
 * Where a Bybit account lives: the global mainnet (two equivalent hosts), testnet, demo
 * trading, or one of the regional entities.
 */
export type BybitEnvironment =
  | "mainnet"
  | "mainnet-bytick"
  | "testnet"
  | "demo"
  | "nl"
  | "tr"
  | "kz"
  | "ge"
  | "ae"
  | "eu"
  | "id"
  | "jp";

const prod = (host: string, label: string): VenueHost => ({
  host,
  basePath: "",
  environment: "production",
  label,
});

/**
 * The REST host of each Bybit environment. Regional hosts come from Bybit's integration guide;
 * a Hong Kong host is not documented.
 *
 * @example Pick the testnet host
 * ```ts
 * import { BYBIT_HOSTS } from "./hosts.ts";
 * BYBIT_HOSTS.testnet.host; // "api-testnet.bybit.com"
 * ```
 */
export const BYBIT_HOSTS: Readonly<Record<BybitEnvironment, VenueHost>> = Object.freeze({
  "mainnet": prod("api.bybit.com", "Bybit mainnet"),
  "mainnet-bytick": prod("api.bytick.com", "Bybit mainnet (bytick host)"),
  "testnet": {
    host: "api-testnet.bybit.com",
    basePath: "",
    environment: "testnet",
    label: "Bybit testnet",
  },
  "demo": {
    host: "api-demo.bybit.com",
    basePath: "",
    environment: "demo",
    label: "Bybit demo trading",
  },
  "nl": prod("api.bybit.nl", "Bybit NL"),
  "tr": prod("api.bybit.tr", "Bybit TR"),
  "kz": prod("api.bybit.kz", "Bybit KZ"),
  "ge": prod("api.bybitgeorgia.ge", "Bybit Georgia"),
  "ae": prod("api.bybit.ae", "Bybit AE"),
  "eu": prod("api.bybit.eu", "Bybit EU"),
  "id": prod("api.bybit.id", "Bybit ID"),
  "jp": prod("api.manepa.jp", "Bybit JP"),
});

/**
 * Every Bybit environment name, in display order.
 *
 * @example List them
 * ```ts
 * import { BYBIT_ENVIRONMENTS } from "./hosts.ts";
 * BYBIT_ENVIRONMENTS[0]; // "mainnet"
 * ```
 */
export const BYBIT_ENVIRONMENTS: readonly BybitEnvironment[] = Object.freeze(
  Object.keys(BYBIT_HOSTS) as BybitEnvironment[],
);

/**
 * The venue's public, unauthenticated server-time call (path below the base URL): what a run
 * opens its connection with before the first cancel, and what the client reads the clock from.
 *
 * @example Warm a connection
 * ```ts
 * import { BYBIT_SERVER_TIME_PATH } from "./hosts.ts";
 * BYBIT_SERVER_TIME_PATH; // "/v5/market/time"
 * ```
 */
export const BYBIT_SERVER_TIME_PATH = "/v5/market/time";
