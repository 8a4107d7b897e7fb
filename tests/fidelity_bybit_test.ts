// The Bybit ledger (docs/fidelity/bybit.md) against the code: every code the client
// classifies has a row, every row is sourced or ASSUMED, every ASSUMED row is in README.md.

import { assert } from "@std/assert";
import { BYBIT_CODE_KINDS } from "../venues/bybit/codes.ts";
import { BYBIT_HOSTS } from "../venues/bybit/hosts.ts";
import { checkLedger, readLedger } from "./_ledger.ts";

Deno.test("the Bybit ledger passes the shared checks", async () => {
  await checkLedger("bybit", Object.keys(BYBIT_CODE_KINDS));
});

Deno.test("the Bybit ledger has a row for every host and every endpoint the client calls", async () => {
  const ids = new Set((await readLedger("bybit")).map((r) => r.id));
  for (const host of Object.values(BYBIT_HOSTS)) {
    assert(ids.has(`host.${host.host}`), `no row host.${host.host}`);
  }
  for (
    const endpoint of [
      "cancel-all",
      "cancel",
      "cancel-batch",
      "realtime",
      "instruments-info",
      "market-time",
    ]
  ) {
    assert(ids.has(`endpoint.${endpoint}`), `no row endpoint.${endpoint}`);
  }
});
