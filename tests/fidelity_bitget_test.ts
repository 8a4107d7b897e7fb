// The Bitget ledger (docs/fidelity/bitget.md) against the code: the shared rules of
// tests/_ledger.ts, every code of the client's table has a row, and the rows the client's
// behaviour rests on are there.
import { assert } from "@std/assert";
import { checkLedger, readLedger } from "./_ledger.ts";
import { BITGET_ERROR_CODES } from "../venues/bitget/codes.ts";

Deno.test("the Bitget ledger is well formed, sourced, and covers every client code", async () => {
  await checkLedger("bitget", Object.keys(BITGET_ERROR_CODES));
});

Deno.test("the Bitget ledger has a row for every endpoint the client calls and every listing rule", async () => {
  const ids = new Set((await readLedger("bitget")).map((r) => r.id));
  for (
    const id of [
      "endpoint.cancel-all-orders",
      "endpoint.cancel-order",
      "endpoint.batch-cancel-orders",
      "endpoint.cancel-plan-order",
      "endpoint.orders-pending",
      "endpoint.orders-plan-pending",
      "endpoint.public-time",
      "param.cancel-plan-planType",
      "param.cancel-plan-one-type",
      "param.cancel-plan-track_plan",
      "param.pending-status-default",
      "param.list-window-default",
      "param.list-window-span",
      "shape.empty-page-null",
      "shape.page-fail-closed",
      // Codes the simulator sends that the client table leaves to the default.
      "code.40404",
    ]
  ) {
    assert(ids.has(id), `docs/fidelity/bitget.md lacks ${id}`);
  }
});
