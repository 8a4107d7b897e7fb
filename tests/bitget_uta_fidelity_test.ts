// The UTA (v3) rows of the Bitget ledger (docs/fidelity/bitget.md): one row for every v3
// endpoint, limit, shape and code the UTA client and simulator rely on.
import { assert } from "@std/assert";
import { readLedger } from "./_ledger.ts";

Deno.test("the Bitget ledger has a row for every v3 (UTA) behaviour the client and simulator rely on", async () => {
  const rows = new Map((await readLedger("bitget")).map((r) => [r.id, r]));
  for (
    const id of [
      "host.uta-same-host",
      "host.uta-demo",
      "endpoint.uta-public-time",
      "endpoint.uta-settings",
      "quirk.uta-auto-detect",
      "quirk.uta-classic",
      "endpoint.uta-cancel-symbol-order",
      "param.uta-category",
      "param.uta-cancel-symbol-symbol",
      "shape.uta-cancel-items",
      "quirk.uta-cancel-item-success",
      "quirk.uta-cancel-symbol-empty",
      "quirk.uta-cancel-symbol-strategy",
      "endpoint.uta-cancel-batch",
      "shape.uta-cancel-batch",
      "endpoint.uta-cancel-order",
      "endpoint.uta-unfilled-orders",
      "param.uta-unfilled-cursor",
      "shape.uta-unfilled-page",
      "shape.uta-unfilled-fail-closed",
      "quirk.uta-listing-window",
      "limit.uta-open-orders",
      "endpoint.uta-unfilled-strategy-orders",
      "param.uta-strategy-type",
      "shape.uta-strategy-list",
      "endpoint.uta-cancel-strategy-order",
      "endpoint.uta-countdown-cancel-all",
      "param.uta-countdown-range",
      "limit.uta-settings",
      "limit.uta-cancel-symbol-order",
      "limit.uta-cancel-batch",
      "limit.uta-cancel-order",
      "limit.uta-unfilled-orders",
      "limit.uta-strategy-list",
      "limit.uta-cancel-strategy-order",
      "limit.uta-countdown",
      "quirk.uta-coins-from-symbol",
      "code.40084",
      "code.40085",
      "code.25204",
      "code.24056",
      "code.25004",
      "code.22001",
      "code.429",
      "code.40008",
    ]
  ) {
    assert(rows.has(id), `docs/fidelity/bitget.md lacks ${id}`);
  }
  // Every UTA row that rests on the venue's own pages names a v3 page or a peer library.
  for (const [id, row] of rows) {
    if (!id.includes("uta-") || row.source.startsWith("ASSUMED")) continue;
    assert(
      /api-doc\/uta|bitget-api|passivbot|Bitget\.Net|hummingbot/.test(row.source),
      `${id}: source does not name a v3 page or peer library`,
    );
  }
});
