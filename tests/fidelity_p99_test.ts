// The p99 ledger (docs/fidelity/p99.md) against the code: format, sources, one row per error
// code the client classifies, and every ASSUMED row in README's UNVERIFIED list.

import { assert } from "@std/assert";
import { P99_ERROR_CODES } from "../venues/p99/codes.ts";
import { checkLedger, readLedger } from "./_ledger.ts";

Deno.test("p99 ledger: well formed, sourced, covers every client code, ASSUMED rows in README", async () => {
  await checkLedger("p99", Object.keys(P99_ERROR_CODES));
});

Deno.test("p99 ledger: every endpoint the client calls has a row", async () => {
  const ids = new Set((await readLedger("p99")).map((r) => r.id));
  for (
    const id of [
      "endpoint.cancel-all",
      "endpoint.cancel-order",
      "endpoint.get-order",
      "endpoint.list-orders",
      "endpoint.markets",
      "endpoint.health",
      "code.http-401",
    ]
  ) {
    assert(ids.has(id), `p99 ledger lacks ${id}`);
  }
});

Deno.test("p99 ledger: each code row's client column names the class the client gives the code", async () => {
  const rows = new Map((await readLedger("p99")).map((r) => [r.id, r]));
  for (const [code, kind] of Object.entries(P99_ERROR_CODES)) {
    const client = rows.get(`code.${code}`)?.client ?? "";
    assert(
      client.startsWith(`\`${kind}\``),
      `code.${code}: the client treats it as ${kind}: "${client}"`,
    );
  }
});
