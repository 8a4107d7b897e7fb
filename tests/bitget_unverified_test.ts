// Bitget's listings see a creation-time window; only the blind bulk cancels reach older orders.
// An empty listing proves FLAT only once every one of those cancels went out.

import { assertEquals, assertMatch } from "@std/assert";
import { cancelAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import { startSimulator } from "../sim/mod.ts";
import { createBitgetAccount } from "../venues/bitget/adapter.ts";
import { BitgetClient } from "../venues/bitget/client.ts";

Deno.test("an empty Bitget listing is not FLAT when a blind trigger-order cancel failed", async () => {
  const sim = await startSimulator({ ordersPerMarket: 1 });
  try {
    // Every cancel-plan-order fails (an outage of that endpoint); listings still work.
    sim.state.addFault({
      venue: "bitget",
      path: "/api/v2/mix/order/cancel-plan-order",
      kind: "http",
      status: 500,
    });
    const a = sim.info.bitget.accounts[0]!;
    const account = createBitgetAccount(
      new BitgetClient({
        apiKey: a.apiKey,
        secret: a.secret,
        passphrase: a.passphrase!,
        baseUrl: sim.info.bitget.baseUrl,
        transport: { backoffBaseMs: 1, backoffMaxMs: 5 },
      }),
    );
    const report = await cancelAll(Scope.all(), [account], { deadlineMs: 3000 });
    const r = report.accounts[0]!;
    assertEquals(sim.state.openOrders(sim.state.account("bitget", 0)).length, 0);
    assertEquals(r.status, "UNKNOWN");
    assertMatch(
      r.reason,
      /bulk cancel\(s\) that reach orders older than the listing window did not go out/,
    );
    // With the trigger-order sweep out of scope, the same empty listing is FLAT.
    const regular = await cancelAll(Scope.all().kinds("regular"), [account], { deadlineMs: 3000 });
    assertEquals(regular.accounts[0]?.status, "FLAT");
  } finally {
    await sim.close();
  }
});
