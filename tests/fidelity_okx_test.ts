// The OKX ledger (docs/fidelity/okx.md) against the code: every client code has a row, every
// row is sourced or ASSUMED, every ASSUMED row is in README's UNVERIFIED list.

import { assertEquals } from "@std/assert";
import { OKX_ACK_CODES, OKX_ERROR_CODES } from "../venues/okx/codes.ts";
import { checkLedger, readLedger } from "./_ledger.ts";

Deno.test("okx ledger: well formed, sourced, covers every client code, ASSUMED rows in README", async () => {
  await checkLedger("okx", [...Object.keys(OKX_ERROR_CODES), ...OKX_ACK_CODES]);
});

Deno.test("okx ledger: each code row states the kind the client gives that code", async () => {
  const rows = new Map((await readLedger("okx")).map((r) => [r.id, r]));
  for (const [code, kind] of Object.entries(OKX_ERROR_CODES)) {
    const row = rows.get(`code.${code}`);
    if (!row) throw new Error(`no row code.${code}`);
    assertEquals(row.what.includes(`Kind: \`${kind}\``), true, `code.${code}: ${row.what}`);
  }
  for (const code of OKX_ACK_CODES) {
    assertEquals(rows.get(`code.${code}`)?.what.includes("Kind: `ack`"), true, code);
  }
});
