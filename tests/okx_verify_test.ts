// Verification fails closed: an OKX account is FLAT only when a listing positively said "no
// orders" in the documented shape. Runs the engine against the simulator with faults that
// make the listing lie in ways a real proxy or venue might.

import { assert, assertEquals, assertNotEquals } from "@std/assert";
import { cancelAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import { okxSim } from "../sim/okx.ts";
import { startServer } from "../sim/server.ts";
import { createOkxAccount, OkxSpreadClient } from "../venues/okx/mod.ts";
import { singleSpreadOrder } from "../scripts/_cli/spread_order.ts";

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

/**
 * Runs the engine on one account whose every pending-orders listing (or order query) gets
 * `answer`, while everything else reaches the simulator. Returns the account's status and how
 * many times the lying endpoint was asked.
 */
async function runWith(
  answer: { status?: number; text: string },
  path = "/api/v5/sprd/orders-pending",
  single?: { ordId: string },
): Promise<{ status: string; asked: number; reason: string }> {
  const server = startServer([okxSim], { okxCancelDelayMs: 60_000 });
  try {
    const acc = server.state.account("okx", 0);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const o = okxSim.makeOrder(acc, { venue: "okx", account: 0, count: 1 }, server.state);
      acc.orders.set(o.id, o);
      ids.push(o.id);
    }
    let asked = 0;
    const lying: typeof fetch = (input, init) => {
      if (new URL(String(input)).pathname === path) {
        asked++;
        return Promise.resolve(new Response(answer.text, { status: answer.status ?? 200 }));
      }
      return fetch(input, init);
    };
    const client = new OkxSpreadClient({
      apiKey: acc.apiKey,
      secret: acc.secret,
      passphrase: acc.passphrase,
      baseUrl: server.origin,
      transport: { fetch: lying, backoffBaseMs: 1, backoffMaxMs: 5, timeoutMs: 1000 },
    });
    const adapter = single
      ? singleSpreadOrder(client, { ordId: single.ordId === "*" ? ids[0]! : single.ordId })
      : createOkxAccount(client);
    const report = await cancelAll(Scope.all().venues("okx"), [adapter], { deadlineMs: 800 });
    const account = report.accounts[0]!;
    return { status: account.status, asked, reason: account.reason };
  } finally {
    await server.close();
  }
}

const CASES: Array<[string, { status?: number; text: string }]> = [
  ["a listing with no data field", { text: '{"code":"0","msg":""}' }],
  ["a listing with data: null", { text: '{"code":"0","msg":"","data":null}' }],
  ["a listing whose data is an object", { text: '{"code":"0","msg":"","data":{"orders":[]}}' }],
  ["a listing whose items have another shape", {
    text: '{"code":"0","msg":"","data":[{"id":"1"}]}',
  }],
  ["a listing with a null body", { text: "null" }],
  ["a listing with HTTP 500 carrying code 0", {
    status: 500,
    text: '{"code":"0","msg":"","data":[]}',
  }],
];

for (const [what, answer] of CASES) {
  Deno.test(`${what} is retried, then UNKNOWN, never FLAT`, async () => {
    const r = await runWith(answer);
    assertEquals(r.status, "UNKNOWN", r.reason);
    assert(r.asked > 1, `asked ${r.asked} time(s): a malformed answer must be retried`);
  });
}

Deno.test("an order query answering code 0 with no order is retried, then UNKNOWN (not FLAT, not NOT_FOUND)", async () => {
  const r = await runWith(
    { text: '{"code":"0","msg":"","data":[]}' },
    "/api/v5/sprd/order",
    { ordId: "*" },
  );
  assertEquals(r.status, "UNKNOWN", r.reason);
  assertEquals(r.reason.includes("NOT_FOUND"), false, r.reason);
  assert(r.asked > 1, `asked ${r.asked} time(s)`);
});
