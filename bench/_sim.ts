// The simulator side of the benchmarks: the documented environment of a simulator account,
// and an accounts file for many accounts (credentials passed through named variables).

import type { Simulator, VenueId } from "../sim/mod.ts";

/** The four venues, in report order. */
export const ALL_VENUES: readonly VenueId[] = ["okx", "bybit", "bitget", "p99"];

/** The documented environment for account `index` of each venue (p99 by JWT). */
export function venueEnv(
  sim: Simulator,
  venues: readonly VenueId[] = ALL_VENUES,
  index = 0,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of venues) {
    const a = sim.info[v].accounts[index];
    if (!a) throw new Error(`Cannot build the environment: no ${v} account ${index}`);
    const base = sim.info[v].baseUrl;
    if (v === "okx") {
      Object.assign(env, {
        OKX_API_KEY: a.apiKey,
        OKX_API_SECRET: a.secret,
        OKX_API_PASSPHRASE: a.passphrase ?? "",
        OKX_BASE_URL: base,
      });
    } else if (v === "bybit") {
      Object.assign(env, {
        BYBIT_API_KEY: a.apiKey,
        BYBIT_API_SECRET: a.secret,
        BYBIT_BASE_URL: base,
      });
    } else if (v === "bitget") {
      Object.assign(env, {
        BITGET_API_KEY: a.apiKey,
        BITGET_API_SECRET: a.secret,
        BITGET_API_PASSPHRASE: a.passphrase ?? "",
        BITGET_BASE_URL: base,
      });
    } else {
      Object.assign(env, { P99_JWT: a.jwt ?? "", P99_BASE_URL: base });
    }
  }
  return env;
}

/** An accounts file covering `perVenue` accounts of every venue, and the variables it names. */
export function accountsFile(
  sim: Simulator,
  perVenue: number,
  venues: readonly VenueId[] = ALL_VENUES,
): { file: string; env: Record<string, string> } {
  const env: Record<string, string> = {};
  const accounts: Record<string, unknown>[] = [];
  for (const v of venues) {
    for (let i = 0; i < perVenue; i++) {
      const a = sim.info[v].accounts[i];
      if (!a) throw new Error(`Cannot build the accounts file: no ${v} account ${i}`);
      const p = `${v.toUpperCase()}_${i}_`;
      const entry: Record<string, unknown> = { venue: v, label: `acct-${i}` };
      entry.baseUrl = sim.info[v].baseUrl;
      if (v === "p99") {
        env[`${p}JWT`] = a.jwt ?? "";
        entry.jwtEnv = `${p}JWT`;
      } else {
        env[`${p}KEY`] = a.apiKey;
        env[`${p}SECRET`] = a.secret;
        entry.apiKeyEnv = `${p}KEY`;
        entry.secretEnv = `${p}SECRET`;
        if (v !== "bybit") {
          env[`${p}PASS`] = a.passphrase ?? "";
          entry.passphraseEnv = `${p}PASS`;
        }
      }
      accounts.push(entry);
    }
  }
  return { file: JSON.stringify({ version: 1, accounts }), env };
}
