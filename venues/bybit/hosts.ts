/**
 * Bybit v5 REST hosts per environment and region.
 *
 * Keys are bound to the environment they were created in: a testnet or demo key on a
 * mainnet host answers 10003 (`API key is invalid`). Demo trading needs no extra header,
 * only the demo host and a demo key.
 *
 * @module
 */

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

/**
 * REST host of each Bybit environment (`host` only: the client adds `https://`).
 *
 * Regional hosts come from Bybit's integration guide; a Hong Kong host is not documented.
 *
 * @example Pick the testnet host
 * ```ts
 * import { BYBIT_HOSTS } from "./hosts.ts";
 * const url = `https://${BYBIT_HOSTS.testnet}`; // "https://api-testnet.bybit.com"
 * ```
 */
export const BYBIT_HOSTS: Readonly<Record<BybitEnvironment, string>> = Object.freeze({
  "mainnet": "api.bybit.com",
  "mainnet-bytick": "api.bytick.com",
  "testnet": "api-testnet.bybit.com",
  "demo": "api-demo.bybit.com",
  "nl": "api.bybit.nl",
  "tr": "api.bybit.tr",
  "kz": "api.bybit.kz",
  "ge": "api.bybitgeorgia.ge",
  "ae": "api.bybit.ae",
  "eu": "api.bybit.eu",
  "id": "api.bybit.id",
  "jp": "api.manepa.jp",
});

/**
 * Extra headers an environment needs. Bybit needs none (demo trading is a separate host),
 * so every entry is empty; the table exists so that callers can treat every venue alike.
 *
 * @example Read the demo headers
 * ```ts
 * import { BYBIT_DEMO_HEADERS } from "./hosts.ts";
 * Object.keys(BYBIT_DEMO_HEADERS).length; // 0
 * ```
 */
export const BYBIT_DEMO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The base URL (`https://host`) of an environment.
 *
 * @example Base URL of the EU entity
 * ```ts
 * import { bybitBaseUrl } from "./hosts.ts";
 * bybitBaseUrl("eu"); // "https://api.bybit.eu"
 * ```
 */
export function bybitBaseUrl(environment: BybitEnvironment): string {
  return `https://${BYBIT_HOSTS[environment]}`;
}
