// UTA accounts under venue faults: rate limits (HTTP 429, code 25004) and 5xx bursts are retried
// to FLAT, a skewed clock is resynced from /api/v3/public/time, an outage ends UNKNOWN, and orders
// reappearing during the sweep are canceled again. Checked against the simulator's books.
import { assert, assertEquals } from "@std/assert";
import { cancelAll, type Report, Scope } from "../mod.ts";
import { bitgetSim } from "../sim/bitget.ts";
import type { FaultSpec, SimState } from "../sim/core.ts";
import { isActive } from "../sim/core.ts";
import { startServer } from "../sim/server.ts";
import { BitgetUtaClient, createBitgetUtaAccount } from "../venues/bitget/mod.ts";

async function runWith(
  faults: FaultSpec[],
  setup: (state: SimState) => void = () => {},
  deadlineMs = 6000,
): Promise<{ report: Report; open: number; state: SimState }> {
  const server = startServer([bitgetSim], { accounts: 1, bitgetUta: [0] });
  try {
    const state = server.state;
    const account = state.account("bitget", 0);
    for (const market of ["SPOT", "USDT-FUTURES", "COIN-FUTURES"]) {
      for (const kind of ["regular", "regular", "regular", "conditional"] as const) {
        const o = bitgetSim.makeOrder(
          account,
          { venue: "bitget", account: 0, count: 1, market, kind },
          state,
        );
        account.orders.set(o.id, o);
      }
    }
    for (const f of faults) state.addFault(f);
    setup(state);
    const client = new BitgetUtaClient({
      apiKey: account.apiKey,
      secret: account.secret,
      passphrase: account.passphrase,
      baseUrl: server.origin,
      transport: { backoffBaseMs: 5, backoffMaxMs: 50 },
    });
    const report = await cancelAll(Scope.all(), [createBitgetUtaAccount(client, "uta")], {
      deadlineMs,
      verifyBackoffMs: 1,
    });
    const open = [...account.orders.values()].filter(isActive).length;
    return { report, open, state };
  } finally {
    await server.close();
  }
}

const CANCEL = "/api/v3/trade/cancel-symbol-order";

Deno.test("UTA: HTTP 429 three times on the bulk cancel ends FLAT after exactly three retries", async () => {
  const { report, open } = await runWith([
    { venue: "bitget", path: CANCEL, kind: "code", code: "429", status: 429, count: 3 },
  ]);
  const acc = report.accounts[0]!;
  assertEquals(acc.status, "FLAT", acc.reason);
  assertEquals(acc.requests.retries, 3);
  assertEquals(open, 0);
});

Deno.test("UTA: code 25004 is a rate limit, retried to FLAT", async () => {
  const { report, open } = await runWith([
    { venue: "bitget", path: CANCEL, kind: "code", code: "25004", count: 2 },
  ]);
  assertEquals(report.accounts[0]!.status, "FLAT", report.accounts[0]!.reason);
  assertEquals(report.accounts[0]!.requests.retries, 2);
  assertEquals(open, 0);
});

Deno.test("UTA: a clock 40 s off is refused with 40008, resynced from /api/v3/public/time, then FLAT", async () => {
  const { report, open, state } = await runWith([], (s) => s.skewMs.set("bitget", 40_000));
  assertEquals(report.accounts[0]!.status, "FLAT", report.accounts[0]!.reason);
  assertEquals(open, 0);
  assert((state.counts.get("bitget GET /api/v3/public/time") ?? 0) >= 1);
});

Deno.test("UTA: 5xx bursts and dropped connections on the listings end FLAT", async () => {
  const { report, open } = await runWith([
    { venue: "bitget", path: "/api/v3/trade/unfilled-orders", kind: "http", status: 503, count: 2 },
    { venue: "bitget", path: "/api/v3/trade/unfilled-strategy-orders", kind: "drop", count: 2 },
  ]);
  assertEquals(report.accounts[0]!.status, "FLAT", report.accounts[0]!.reason);
  assertEquals(open, 0);
});

Deno.test("UTA: the listing down for the whole run ends UNKNOWN, never FLAT", async () => {
  const { report } = await runWith(
    [{ venue: "bitget", path: "/api/v3/trade/unfilled-orders", kind: "http", status: 500 }],
    () => {},
    1500,
  );
  assertEquals(report.accounts[0]!.status, "UNKNOWN");
});

Deno.test("UTA: orders reappearing after the bulk cancel are canceled again (cancel-batch)", async () => {
  const { report, open, state } = await runWith([
    { venue: "bitget", path: CANCEL, kind: "reappear", orders: 3, count: 1 },
  ]);
  assertEquals(report.accounts[0]!.status, "FLAT", report.accounts[0]!.reason);
  assertEquals(open, 0);
  assert((state.counts.get("bitget POST /api/v3/trade/cancel-batch") ?? 0) >= 1);
});
