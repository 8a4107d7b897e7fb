import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { cancelAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import type { OpenOrder } from "../engine/types.ts";
import type {
  LegacyAccountAdapter as AccountAdapter,
  LegacyClause as ScopeClause,
} from "../engine/_legacy.ts";
import type { SimAccount, SimState } from "../sim/core.ts";
import { okxSim } from "../sim/okx.ts";
import { startServer } from "../sim/server.ts";
import { InputError } from "../venues/errors.ts";
import { createOkxAccount, OkxSpreadClient, okxSpreadCoins } from "../venues/okx/mod.ts";

const BTC = "BTC-USDT_BTC-USDT-SWAP";
const ETH = "ETH-USDT_ETH-USDT-SWAP";
const INV = "BTC-USD-SWAP_BTC-USD-261225";
const SOL = "SOL-USDT_SOL-USDT-SWAP";
const ETHC = "ETH-USDC_ETH-USDC-SWAP";

const offline = createOkxAccount(
  new OkxSpreadClient({ apiKey: "k", secret: "s", passphrase: "p" }),
  "desk-1",
);
const host = "www.okx.com";
const massCancel = (params: Record<string, string>) => ({
  method: "POST",
  host,
  path: "/api/v5/sprd/mass-cancel",
  params,
});
const listing = (params: Record<string, string>) => ({
  method: "GET",
  host,
  path: "/api/v5/sprd/orders-pending",
  params: { ...params, limit: "100" },
});

Deno.test("okxSpreadCoins() reads base and settle coins from the venue's spread metadata", () => {
  const linear = { sprdType: "linear", baseCcy: "BTC", quoteCcy: "USDT" };
  assertEquals(okxSpreadCoins(linear), { baseCoin: "BTC", settleCoin: "USDT" });
  assertEquals(okxSpreadCoins({ sprdType: "inverse", baseCcy: "ETH", quoteCcy: "USD" }), {
    baseCoin: "ETH",
    settleCoin: "ETH",
  });
  // A hybrid spread settles in two coins; a USD-quoted linear spread in several USD coins.
  assertEquals(okxSpreadCoins({ sprdType: "hybrid", baseCcy: "BTC", quoteCcy: "USDT" }), {
    baseCoin: "BTC",
    settleCoin: undefined,
  });
  assertEquals(okxSpreadCoins({ sprdType: "linear", baseCcy: "BTC", quoteCcy: "USD" }), {
    baseCoin: "BTC",
    settleCoin: undefined,
  });
  assertEquals(okxSpreadCoins({ sprdType: "new", baseCcy: "", quoteCcy: "X" }), {
    baseCoin: undefined,
    settleCoin: undefined,
  });
});

Deno.test("compile() with no filter is one bare mass cancel, verified by one bare listing", () => {
  assertEquals(offline.compile({ kinds: ["regular", "conditional"] }), {
    steps: [{
      action: "cancel-all",
      request: massCancel({}),
      note: "every spread order of the account",
    }],
    listings: [listing({})],
  });
});

Deno.test("compile() sends one mass cancel per spread id of okx.sprdIds narrowed by symbols", () => {
  const plan = offline.compile({
    kinds: ["regular"],
    symbols: [ETH, BTC, "BTCUSDT"],
    okx: { sprdIds: [BTC, ETH, SOL] },
  });
  assertEquals(plan.steps.map((s) => [s.action, s.request]), [
    ["cancel-all", massCancel({ sprdId: BTC })],
    ["cancel-all", massCancel({ sprdId: ETH })],
  ]);
  assertEquals(plan.listings, [listing({})]);
  // A clause is a conjunction: disjoint symbols and sprdIds select nothing on OKX.
  const disjoint = offline.compile({ kinds: ["regular"], symbols: [ETH], okx: { sprdIds: [BTC] } });
  assertEquals(disjoint.steps, []);
  // Other venues' symbols in a shared clause select nothing here either.
  assertEquals(offline.compile({ kinds: ["regular"], symbols: ["BTCUSDT"] }).steps, []);
  const one = offline.compile({ kinds: ["regular"], okx: { sprdIds: [SOL] } });
  assertEquals(one.listings, [listing({ sprdId: SOL })]);
});

Deno.test("compile() sweeps named spreads with coins: coins are read from the venue, not the id", () => {
  const plan = offline.compile({
    kinds: ["regular"],
    okx: { sprdIds: [BTC, ETH, INV] },
    settleCoins: ["USDT"],
    baseCoins: ["ETH"],
  });
  assertEquals(plan.steps.map((s) => [s.action, s.request]), [["sweep", listing({})]]);
  const one = offline.compile({ kinds: ["regular"], okx: { sprdIds: [BTC] }, baseCoins: ["SOL"] });
  assertEquals(one.steps.map((s) => [s.action, s.request]), [["sweep", listing({ sprdId: BTC })]]);
  assertEquals(one.listings, [listing({ sprdId: BTC })]);
});

Deno.test("compile() sweeps when only coins are given", () => {
  const plan = offline.compile({ kinds: ["regular"], baseCoins: ["BTC"] });
  assertEquals(plan.steps.length, 1);
  assertEquals(plan.steps[0]!.action, "sweep");
  assertEquals(plan.steps[0]!.request, listing({}));
  assertEquals(plan.listings, [listing({})]);
});

Deno.test("compile() returns nothing for clauses that exclude this account", () => {
  const empty = { steps: [], listings: [] };
  const clauses: ScopeClause[] = [
    { kinds: ["conditional"] },
    { kinds: ["regular"], venues: ["bybit", "bitget"] },
    { kinds: ["regular"], accounts: ["desk-2"] },
    { kinds: ["regular"], symbols: ["BTCUSDT"] },
    { kinds: ["regular"], symbols: [] },
    { kinds: ["regular"], okx: { sprdIds: [] } },
  ];
  for (const clause of clauses) {
    assertEquals(offline.compile(clause), empty, JSON.stringify(clause));
  }
  assertEquals(
    offline.compile({ kinds: ["regular"], venues: ["okx"], accounts: ["desk-1"] }).steps.length,
    1,
  );
  assertThrows(() => offline.compile({ kinds: [] }), InputError, "kinds");
});

Deno.test("compile() refuses a spread id OKX would not recognise", () => {
  for (const id of ["btc-usdt_btc-usdt-swap", "BTC-USDT", "BTC_USDT", " BTC-USDT_BTC-USDT-SWAP"]) {
    assertThrows(
      () => offline.compile({ kinds: ["regular"], okx: { sprdIds: [id] } }),
      InputError,
      "is not an OKX spread id",
    );
  }
  assertThrows(
    () => offline.compile({ kinds: ["regular"], symbols: ["eth-usdt_eth-usdt-swap"] }),
    InputError,
    "is not an OKX spread id",
  );
});

Deno.test("matches() checks account, kind, spread and coins", () => {
  const order: OpenOrder = {
    venue: "okx",
    account: "desk-1",
    id: "1",
    symbol: INV,
    kind: "regular",
    market: "sprd",
    status: "live",
    baseCoin: "BTC",
    settleCoin: "BTC",
  };
  assertEquals(offline.matches(order, { kinds: ["regular"] }), true);
  assertEquals(offline.matches({ ...order, account: "desk-2" }, { kinds: ["regular"] }), false);
  assertEquals(offline.matches(order, { kinds: ["conditional"] }), false);
  assertEquals(offline.matches(order, { kinds: ["regular"], settleCoins: ["BTC"] }), true);
  assertEquals(offline.matches(order, { kinds: ["regular"], settleCoins: ["USDT"] }), false);
  assertEquals(offline.matches(order, { kinds: ["regular"], symbols: [BTC] }), false);
  assertEquals(offline.matches(order, { kinds: ["regular"], okx: { sprdIds: [INV] } }), true);
});

interface World {
  state: SimState;
  acc: SimAccount;
  adapter: AccountAdapter;
  bySpread: Map<string, string[]>;
}

async function withWorld(fn: (w: World) => Promise<void>, delayMs = 20): Promise<void> {
  const server = startServer([okxSim], { okxCancelDelayMs: delayMs });
  try {
    const acc = server.state.account("okx", 0);
    const bySpread = new Map<string, string[]>();
    for (let i = 0; i < 40; i++) {
      const o = okxSim.makeOrder(acc, { venue: "okx", account: 0, count: 1 }, server.state);
      acc.orders.set(o.id, o);
      bySpread.set(o.symbol, [...(bySpread.get(o.symbol) ?? []), o.id]);
    }
    const client = new OkxSpreadClient({
      apiKey: acc.apiKey,
      secret: acc.secret,
      passphrase: acc.passphrase,
      baseUrl: server.origin,
      transport: { backoffBaseMs: 1, backoffMaxMs: 5 },
    });
    await fn({ state: server.state, acc, adapter: createOkxAccount(client, "desk-1"), bySpread });
  } finally {
    await server.close();
  }
}

/** What the engine does: compile, execute, then verify and cancel what remains until flat. */
async function killSwitch(w: World, clause: ScopeClause): Promise<OpenOrder[]> {
  const signal = AbortSignal.timeout(5000);
  const plan = w.adapter.compile(clause);
  for (const step of plan.steps) await w.adapter.execute(step, clause, signal);
  for (let round = 0; round < 20; round++) {
    const open = await w.adapter.listOpen(clause, signal);
    if (open.length === 0) return open;
    await w.adapter.cancelRemaining(open, clause, signal);
    await new Promise((r) => setTimeout(r, 15));
  }
  return await w.adapter.listOpen(clause, signal);
}

function openIds(w: World): Set<string> {
  return new Set(w.state.openOrders(w.acc).map((o) => o.id));
}

Deno.test("adapter flattens named spreads and leaves other spreads untouched", async () => {
  await withWorld(async (w) => {
    const clause: ScopeClause = { kinds: ["regular"], okx: { sprdIds: [BTC, ETH] } };
    assertEquals(await killSwitch(w, clause), []);
    const open = openIds(w);
    for (const id of [...w.bySpread.get(BTC)!, ...w.bySpread.get(ETH)!]) {
      assertEquals(open.has(id), false);
    }
    for (const s of [INV, SOL, ETHC]) {
      for (const id of w.bySpread.get(s)!) assertEquals(open.has(id), true, s);
    }
  });
});

Deno.test("adapter sweeps a settle-coin clause without touching other settle coins", async () => {
  await withWorld(async (w) => {
    const clause: ScopeClause = { kinds: ["regular"], settleCoins: ["BTC"] };
    const plan = w.adapter.compile(clause);
    const outcome = await w.adapter.execute(plan.steps[0]!, clause, AbortSignal.timeout(5000));
    // One spread holds all 8 in-scope orders: one mass cancel acknowledges them.
    assertEquals([...outcome.acknowledged].sort(), [...w.bySpread.get(INV)!].sort());
    assertEquals(await killSwitch(w, clause), []);
    const open = openIds(w);
    assertEquals(open.size, 32);
    for (const id of w.bySpread.get(INV)!) assertEquals(open.has(id), false);
    assertEquals(w.state.counts.get("okx POST /api/v5/sprd/cancel-order") ?? 0, 0);
  });
});

Deno.test("adapter sweeps a base-coin clause across several spreads", async () => {
  await withWorld(async (w) => {
    const clause: ScopeClause = { kinds: ["regular"], baseCoins: ["ETH"] };
    assertEquals(await killSwitch(w, clause), []);
    const open = openIds(w);
    for (const s of [ETH, ETHC]) {
      for (const id of w.bySpread.get(s)!) assertEquals(open.has(id), false);
    }
    for (const s of [BTC, INV, SOL]) {
      for (const id of w.bySpread.get(s)!) assertEquals(open.has(id), true);
    }
  });
});

Deno.test("adapter bare clause flattens the whole account", async () => {
  await withWorld(async (w) => {
    assertEquals(await killSwitch(w, { kinds: ["regular"] }), []);
    assertEquals(w.state.openOrders(w.acc).length, 0);
  });
});

Deno.test("adapter listOpen() sees acknowledged orders until they leave, normalised", async () => {
  await withWorld(async (w) => {
    const clause: ScopeClause = { kinds: ["regular"], okx: { sprdIds: [INV] } };
    const signal = AbortSignal.timeout(5000);
    await w.adapter.execute(w.adapter.compile(clause).steps[0]!, clause, signal);
    const still = await w.adapter.listOpen(clause, signal);
    assertEquals(still.length, 8);
    assertEquals(still[0], {
      venue: "okx",
      account: "desk-1",
      id: still[0]!.id,
      clientId: `c${still[0]!.id}`,
      symbol: INV,
      kind: "regular",
      market: "sprd",
      status: "live",
      // No coin filter: the spread metadata is not fetched, and coins are never guessed.
      baseCoin: undefined,
      settleCoin: undefined,
    });
    assertEquals(w.state.counts.get("okx GET /api/v5/sprd/spreads") ?? 0, 0);
    const coined = await w.adapter.listOpen({ ...clause, baseCoins: ["BTC"] }, signal);
    assertEquals([coined[0]?.baseCoin, coined[0]?.settleCoin], ["BTC", "BTC"]);
    // Re-issuing is harmless: a single cancel of a pending order is acknowledged (51410).
    const again = await w.adapter.cancelRemaining(still.slice(0, 1), clause, signal);
    assertEquals([again.acknowledged, again.failures], [[still[0]!.id], []]);
    assertEquals(w.state.counts.get("okx POST /api/v5/sprd/cancel-order"), 1);
  }, 200);
});

Deno.test("adapter does not re-cancel an order acknowledged moments ago", async () => {
  await withWorld(async (w) => {
    const signal = AbortSignal.timeout(5000);
    const clause: ScopeClause = { kinds: ["regular"], okx: { sprdIds: [SOL] } };
    const open = await w.adapter.listOpen(clause, signal);
    const first = await w.adapter.cancelRemaining(open, clause, signal);
    assertEquals(first.acknowledged.length, 8);
    const second = await w.adapter.cancelRemaining(open, clause, signal);
    assertEquals(second, { acknowledged: [], alreadyGone: [], failures: [] });
    assertEquals(w.state.counts.get("okx POST /api/v5/sprd/mass-cancel"), 1);
    await new Promise((r) => setTimeout(r, 260));
    await w.adapter.cancelRemaining(open, clause, signal);
    assertEquals(w.state.counts.get("okx POST /api/v5/sprd/mass-cancel"), 2);
  }, 5000);
});

Deno.test("adapter cancelRemaining() never cancels an order outside the clause", async () => {
  await withWorld(async (w) => {
    const signal = AbortSignal.timeout(5000);
    const all = await w.adapter.listOpen({ kinds: ["regular"] }, signal);
    const clause: ScopeClause = { kinds: ["regular"], okx: { sprdIds: [SOL] } };
    const outcome = await w.adapter.cancelRemaining(all, clause, signal);
    assertEquals([...outcome.acknowledged].sort(), [...w.bySpread.get(SOL)!].sort());
    await new Promise((r) => setTimeout(r, 40));
    assertEquals(w.state.openOrders(w.acc).length, 32);
  });
});

Deno.test("adapter counts already-gone single cancels and 51001 mass cancels as done", async () => {
  await withWorld(async (w) => {
    const signal = AbortSignal.timeout(5000);
    const [one] = await w.adapter.listOpen({ kinds: ["regular"], okx: { sprdIds: [SOL] } }, signal);
    w.acc.orders.get(one!.id)!.status = "filled";
    const gone = await w.adapter.cancelRemaining([one!], { kinds: ["regular"] }, signal);
    assertEquals(gone, { acknowledged: [], alreadyGone: [one!.id], failures: [] });
    const clause: ScopeClause = {
      kinds: ["regular"],
      okx: { sprdIds: ["XRP-USDT_XRP-USDT-SWAP"] },
    };
    const step = w.adapter.compile(clause).steps[0]!;
    assertEquals(await w.adapter.execute(step, clause, signal), {
      acknowledged: [],
      alreadyGone: [],
      failures: [],
    });
    assertEquals(w.state.counts.get("okx POST /api/v5/sprd/mass-cancel"), 1);
  });
});

Deno.test("adapter reports per-item failures instead of dropping them", async () => {
  await withWorld(async (w) => {
    const signal = AbortSignal.timeout(5000);
    const [one] = await w.adapter.listOpen({ kinds: ["regular"], okx: { sprdIds: [SOL] } }, signal);
    w.state.addFault({ venue: "okx", kind: "code", code: "51000", path: "/cancel-order" });
    const outcome = await w.adapter.cancelRemaining([one!], { kinds: ["regular"] }, signal);
    assertEquals(outcome.acknowledged, []);
    assertEquals(outcome.failures.map((f) => [f.id, f.code]), [[one!.id, "51000"]]);
  });
});

Deno.test("adapter keeps cancelling while a strategy places new orders", async () => {
  await withWorld(async (w) => {
    w.state.addFault({ venue: "okx", kind: "reappear", path: "/mass-cancel", orders: 3, count: 2 });
    assertEquals(await killSwitch(w, { kinds: ["regular"] }), []);
    assertEquals(w.state.openOrders(w.acc).length, 0);
  });
});

/** A world with `n` orders on each of `symbols`, through the engine's own loop. */
async function withSpreads(
  symbols: readonly string[],
  n: number,
  fn: (w: World & { client: OkxSpreadClient }) => Promise<void>,
): Promise<void> {
  const server = startServer([okxSim], { okxCancelDelayMs: 10 });
  try {
    const acc = server.state.account("okx", 0);
    const bySpread = new Map<string, string[]>();
    for (const symbol of symbols) {
      for (let i = 0; i < n; i++) {
        const o = okxSim.makeOrder(
          acc,
          { venue: "okx", account: 0, count: 1, symbol },
          server.state,
        );
        acc.orders.set(o.id, o);
        bySpread.set(symbol, [...(bySpread.get(symbol) ?? []), o.id]);
      }
    }
    const client = new OkxSpreadClient({
      apiKey: acc.apiKey,
      secret: acc.secret,
      passphrase: acc.passphrase,
      baseUrl: server.origin,
      transport: { backoffBaseMs: 1, backoffMaxMs: 5 },
    });
    const adapter = createOkxAccount(client, "desk-1");
    await fn({ state: server.state, acc, adapter, bySpread, client });
  } finally {
    await server.close();
  }
}

// Instrument ids may contain "_" themselves (OKX's USD-margined contracts: BTC-USD_UM-SWAP), so
// a spread id split on "_" reads base coins BTC and UM here and matched no base-coin filter.
const UM = "BTC-USD_UM-SWAP_BTC-USD_UM-261225";
const HYBRID = "BTC-USDT_BTC-USD-SWAP";

Deno.test("a base-coin run cancels the orders of a spread whose legs contain '_' (base from the venue)", async () => {
  await withSpreads([UM, ETH], 3, async (w) => {
    const clause: ScopeClause = { kinds: ["regular"], baseCoins: ["BTC"] };
    const report = await cancelAll(Scope.all().venues("okx").baseCoins("BTC"), [w.adapter], {
      deadlineMs: 3000,
    });
    assertEquals(report.accounts[0]?.status, "FLAT", report.accounts[0]?.reason);
    const open = openIds(w);
    for (const id of w.bySpread.get(UM)!) assertEquals(open.has(id), false, `${UM} ${id} open`);
    for (const id of w.bySpread.get(ETH)!) assertEquals(open.has(id), true);
    assertEquals(await w.adapter.listOpen(clause, AbortSignal.timeout(3000)), []);
  });
});

Deno.test("a settle-coin run with a hybrid spread open is UNKNOWN, never FLAT, and leaves it alone", async () => {
  await withSpreads([HYBRID, BTC, INV], 2, async (w) => {
    const report = await cancelAll(Scope.all().venues("okx").settleCoins("USDT"), [w.adapter], {
      deadlineMs: 2000,
    });
    const account = report.accounts[0]!;
    assertEquals(account.status, "UNKNOWN", account.reason);
    assertStringIncludes(account.reason, `${HYBRID}: sprdType hybrid`);
    await new Promise((r) => setTimeout(r, 60)); // the venue's asynchronous removal
    const open = openIds(w);
    // What the metadata settles is done: BTC-USDT linear (USDT) cancelled, inverse (BTC) kept.
    for (const id of w.bySpread.get(BTC)!) assertEquals(open.has(id), false);
    for (const id of w.bySpread.get(INV)!) assertEquals(open.has(id), true);
    // The hybrid spread's orders are neither cancelled on a guess nor called out of scope.
    for (const id of w.bySpread.get(HYBRID)!) assertEquals(open.has(id), true);
  });
});

Deno.test("a coin filter on a spread the venue does not list is refused (UNKNOWN), not guessed", async () => {
  const unlisted = "XRP-USDT_XRP-USDT-SWAP";
  await withSpreads([unlisted], 2, async (w) => {
    const report = await cancelAll(Scope.all().venues("okx").baseCoins("XRP"), [w.adapter], {
      deadlineMs: 1500,
    });
    assertEquals(report.accounts[0]?.status, "UNKNOWN");
    assertStringIncludes(report.accounts[0]?.reason ?? "", "the venue lists no such spread");
    assertEquals(w.state.openOrders(w.acc).length, 2);
  });
});

Deno.test("spread metadata is fetched only for coin filters, once per spread per run", async () => {
  await withSpreads([BTC, ETH, SOL], 4, async (w) => {
    const spreadsCalls = () => w.state.counts.get("okx GET /api/v5/sprd/spreads") ?? 0;
    await cancelAll(Scope.all().venues("okx"), [w.adapter], { deadlineMs: 2000 });
    assertEquals(spreadsCalls(), 0);
    const fresh = createOkxAccount(w.client, "desk-1");
    for (const id of [BTC, ETH, SOL]) {
      okxSim.makeOrder(w.acc, { venue: "okx", account: 0, count: 1, symbol: id }, w.state);
    }
    for (let i = 0; i < 3; i++) {
      await fresh.listOpen({ kinds: ["regular"], baseCoins: ["ETH"] }, AbortSignal.timeout(3000));
    }
    // One request per distinct spread seen, whatever the number of rounds.
    assert(spreadsCalls() <= 3, `${spreadsCalls()} metadata requests`);
  });
});
