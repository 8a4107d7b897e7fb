// The environment variables the scripts read: the one definition, imported by the flag help
// (which must load nothing heavy) and by the account configuration.

import type { VenueId } from "../../venues/types.ts";

/** Credential variable names of each venue's default account. */
export const ENV_NAMES: Readonly<Record<VenueId, readonly string[]>> = {
  okx: ["OKX_API_KEY", "OKX_API_SECRET", "OKX_API_PASSPHRASE"],
  bybit: ["BYBIT_API_KEY", "BYBIT_API_SECRET"],
  bitget: ["BITGET_API_KEY", "BITGET_API_SECRET", "BITGET_API_PASSPHRASE"],
  p99: ["P99_API_KEY", "P99_API_SECRET", "P99_JWT"],
};

/** Base URL override variable of each venue. */
export const BASE_URL_ENV: Readonly<Record<VenueId, string>> = {
  okx: "OKX_BASE_URL",
  bybit: "BYBIT_BASE_URL",
  bitget: "BITGET_BASE_URL",
  p99: "P99_BASE_URL",
};
