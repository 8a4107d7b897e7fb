// Verification fails closed: an OKX account is FLAT only when a listing positively said "no
// orders" in the documented shape. Runs the engine against the simulator with faults that
// make the listing lie in ways a real proxy or venue might.

import { assert, assertEquals, assertNotEquals } from "@std/assert";
import { cancelAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import { okxSim } from "../sim/okx.ts";
import { startServer } from "../sim/server.ts";
import { createOkxAccount, OkxSpreadClient } from "../venues/okx/mod.ts";

async function run(
  fault: { status: number; code: string },
): Promise<{ status: string; open: number; listings: number; reason: string }> {
  // Orders leave the book only long after the cancel: a listing that says "empty" lies.
  const server = startServer([okxSim], { okxCancelDelayMs: 60_000 });
  try {
    const acc = server.state.account("okx", 0);
    for (let i = 0; i < 5; i++) {
      const o = okxSim.makeOrder(acc, { venue: "okx", account: 0, count: 1 }, server.state);
      acc.orders.set(o.id, o);
    }
    server.state.addFault({
      venue: "okx",
      path: "/api/v5/sprd/orders-pending",
      kind: "code",
      code: fault.code,
      status: fault.status,
    });
    const client = new OkxSpreadClient({
      apiKey: acc.apiKey,
      secret: acc.secret,
      passphrase: acc.passphrase,
      baseUrl: server.origin,
      transport: { backoffBaseMs: 1, backoffMaxMs: 5, timeoutMs: 1000 },
    });
    const report = await cancelAll(Scope.all().venues("okx"), [createOkxAccount(client)], {
      deadlineMs: 1200,
    });
    const account = report.accounts[0]!;
    return {
      status: account.status,
      open: server.state.openOrders(acc).length,
      listings: server.state.counts.get("okx GET /api/v5/sprd/orders-pending") ?? 0,
      reason: account.reason,
    };
  } finally {
    await server.close();
  }
}

Deno.test("an HTTP 5xx listing carrying code 0 and data [] is retried, then UNKNOWN, never FLAT", async () => {
  const r = await run({ status: 503, code: "0" });
  assertEquals(r.open, 5);
  assertNotEquals(r.status, "FLAT");
  assertEquals(r.status, "UNKNOWN", r.reason);
  assert(r.listings > 1, `listing sent ${r.listings} time(s): it must be retried`);
});

Deno.test("an HTTP 4xx listing carrying code 0 and data [] is UNKNOWN, never FLAT", async () => {
  const r = await run({ status: 403, code: "0" });
  assertEquals(r.open, 5);
  assertEquals(r.status, "UNKNOWN", r.reason);
});
