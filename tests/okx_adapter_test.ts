import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { clauseApplies, membership } from "../engine/match.ts";
import { plan as planFor, stepView } from "../engine/plan.ts";
import { cancelAll, listAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import type { CompiledClause, OpenOrder } from "../engine/types.ts";
import type { SimAccount, SimState } from "../sim/core.ts";
import { okxSim } from "../sim/okx.ts";
import { startServer } from "../sim/server.ts";
import { InputError } from "../venues/errors.ts";
import {
  createOkxAccount,
  type OkxAccount,
  OkxSpreadClient,
  okxSpreadCoins,
} from "../venues/okx/mod.ts";
import { REFINEMENTS, type TypedClause as ScopeClause } from "../venues/registry.ts";

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
/** What a dry run shows of a compiled clause: the steps' display records and listings. */
const shown = (c: CompiledClause) => ({
  steps: c.steps.map(stepView),
  listings: c.listings.map((l) => l.request),
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
  const clause: ScopeClause = { kinds: ["regular", "conditional"] };
  const compiled = offline.compile(clause);
  assertEquals(shown(compiled), {
    steps: [{
      action: "cancel-all",
      request: massCancel({}),
      note: "every spread order of the account",
    }],
    listings: [listing({})],
  });
  assertEquals(compiled.clause, clause);
  // The step carries the client's own typed input, not the display record.
  assertEquals(compiled.steps.map((s) => [s.venue, s.params]), [["okx", {}]]);
  assertEquals(compiled.listings.map((l) => l.params), [{}]);
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
  assertEquals(plan.steps.map((s) => s.params), [{ sprdId: BTC }, { sprdId: ETH }]);
  // The request names the spread; the note does not say it again.
  assertEquals(plan.steps.map((s) => s.note), [
    "this spread's orders only",
    "this spread's orders only",
  ]);
  assertEquals(shown(plan).listings, [listing({})]);
  // A clause is a conjunction: disjoint symbols and sprdIds select nothing on OKX.
  const disjoint = offline.compile({ kinds: ["regular"], symbols: [ETH], okx: { sprdIds: [BTC] } });
  assertEquals(disjoint.steps, []);
  // Other venues' symbols in a shared clause select nothing here either.
  assertEquals(offline.compile({ kinds: ["regular"], symbols: ["BTCUSDT"] }).steps, []);
  const one = offline.compile({ kinds: ["regular"], okx: { sprdIds: [SOL] } });
  assertEquals(shown(one).listings, [listing({ sprdId: SOL })]);
  assertEquals(one.listings.map((l) => l.params), [{ sprdId: SOL }]);
});

Deno.test("compile() sweeps named spreads with coins: coins are read from the venue, not the id", () => {
  const plan = offline.compile({
    kinds: ["regular"],
    okx: { sprdIds: [BTC, ETH, INV] },
    settleCoins: ["USDT"],
    baseCoins: ["ETH"],
  });
  assertEquals(plan.steps.map((s) => [s.action, s.request]), [["sweep", listing({})]]);
  assertEquals(
    plan.steps[0]!.note,
    "base and settle coins are not mass-cancel fields: list, read each spread's coins from GET /api/v5/sprd/spreads, cancel the spreads in scope",
  );
  const one = offline.compile({ kinds: ["regular"], okx: { sprdIds: [BTC] }, baseCoins: ["SOL"] });
  assertEquals(one.steps.map((s) => [s.action, s.request]), [["sweep", listing({ sprdId: BTC })]]);
  assertEquals(one.steps.map((s) => s.params), [{ sprdId: BTC }]);
  assertEquals(shown(one).listings, [listing({ sprdId: BTC })]);
});

Deno.test("compile() sweeps when only coins are given", () => {
  const plan = offline.compile({ kinds: ["regular"], baseCoins: ["BTC"] });
  assertEquals(plan.steps.length, 1);
  assertEquals(plan.steps[0]!.action, "sweep");
  assertEquals(plan.steps[0]!.request, listing({}));
  assertEquals(shown(plan).listings, [listing({})]);
});

Deno.test("compile() returns nothing for clauses that exclude this account", () => {
  // What only OKX can tell: no conditional spread orders, no spread among the symbols.
  const clauses: ScopeClause[] = [
    { kinds: ["conditional"] },
    { kinds: ["regular"], symbols: ["BTCUSDT"] },
    { kinds: ["regular"], symbols: [] },
    { kinds: ["regular"], okx: { sprdIds: [] } },
  ];
  for (const clause of clauses) {
    assertEquals(
      offline.compile(clause),
      { clause, steps: [], listings: [] },
      JSON.stringify(clause),
    );
  }
  // Venues and accounts are the engine's: such a clause never reaches this account's compile.
  for (
    const clause of [
      { kinds: ["regular"], venues: ["bybit", "bitget"] },
      { kinds: ["regular"], accounts: ["desk-2"] },
    ] satisfies ScopeClause[]
  ) {
    assertEquals(clauseApplies(clause, offline.venue, offline.account), false);
    assertEquals(planFor(Scope.fromClauses([clause], REFINEMENTS), [offline]).accounts, []);
  }
  const mine: ScopeClause = { kinds: ["regular"], venues: ["okx"], accounts: ["desk-1"] };
  assertEquals(clauseApplies(mine, offline.venue, offline.account), true);
  assertEquals(offline.compile(mine).steps.length, 1);
  // Clauses are validated once, when the scope is built.
  assertThrows(() => Scope.fromClauses([{ kinds: [] }], REFINEMENTS), InputError, "kinds");
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

Deno.test("membership (the engine's rule with the OKX refinement) checks account, kind, spread and coins", async () => {
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
  const matches = (o: OpenOrder, clause: ScopeClause) =>
    membership(o, clause, offline.refinement) === "in";
  assertEquals(matches(order, { kinds: ["regular"] }), true);
  // Another account's order is never this adapter's to cancel: it sends nothing for it.
  const theirs = { ...order, account: "desk-2" };
  const all = offline.compile({ kinds: ["regular"] });
  assertEquals(
    await offline.cancelOrders([theirs], all, AbortSignal.timeout(1000)),
    { acknowledged: [], alreadyGone: [], failures: [] },
  );
  assertEquals(matches(order, { kinds: ["conditional"] }), false);
  assertEquals(matches(order, { kinds: ["regular"], settleCoins: ["BTC"] }), true);
  assertEquals(matches(order, { kinds: ["regular"], settleCoins: ["USDT"] }), false);
  assertEquals(matches(order, { kinds: ["regular"], symbols: [BTC] }), false);
  assertEquals(matches(order, { kinds: ["regular"], okx: { sprdIds: [INV] } }), true);
  assertEquals(matches(order, { kinds: ["regular"], okx: { sprdIds: [BTC] } }), false);
});

interface World {
  state: SimState;
  acc: SimAccount;
  adapter: OkxAccount;
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

/** What the engine does: compile, run the steps, then verify and cancel what remains until flat. */
async function killSwitch(w: World, clause: ScopeClause): Promise<OpenOrder[]> {
  const signal = AbortSignal.timeout(5000);
  const compiled = w.adapter.compile(clause);
  for (const step of compiled.steps) await step.run(signal);
  for (let round = 0; round < 20; round++) {
    const open = await listAll(w.adapter, [compiled], signal);
    if (open.length === 0) return open;
    await w.adapter.cancelOrders(open, compiled, signal);
    await new Promise((r) => setTimeout(r, 15));
  }
  return await listAll(w.adapter, [compiled], signal);
}

/** The orders in `clause` a listing of this account shows (the engine's filter). */
function listOpen(w: World, clause: ScopeClause, signal: AbortSignal): Promise<OpenOrder[]> {
  return listAll(w.adapter, [w.adapter.compile(clause)], signal);
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
    const outcome = await plan.steps[0]!.run(AbortSignal.timeout(5000));
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

Deno.test("adapter listing sees acknowledged orders until they leave, normalised", async () => {
  await withWorld(async (w) => {
    const clause: ScopeClause = { kinds: ["regular"], okx: { sprdIds: [INV] } };
    const signal = AbortSignal.timeout(5000);
    await w.adapter.compile(clause).steps[0]!.run(signal);
    const still = await listOpen(w, clause, signal);
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
    const coined = await listOpen(w, { ...clause, baseCoins: ["BTC"] }, signal);
    assertEquals([coined[0]?.baseCoin, coined[0]?.settleCoin], ["BTC", "BTC"]);
    // Re-issuing is harmless: a single cancel of a pending order is acknowledged (51410).
    const again = await w.adapter.cancelOrders(
      still.slice(0, 1),
      w.adapter.compile(clause),
      signal,
    );
    assertEquals([again.acknowledged, again.failures], [[still[0]!.id], []]);
    assertEquals(w.state.counts.get("okx POST /api/v5/sprd/cancel-order"), 1);
  }, 200);
});

Deno.test("adapter does not re-cancel an order acknowledged moments ago", async () => {
  await withWorld(async (w) => {
    const signal = AbortSignal.timeout(5000);
    const clause: ScopeClause = { kinds: ["regular"], okx: { sprdIds: [SOL] } };
    const compiled = w.adapter.compile(clause);
    const open = await listAll(w.adapter, [compiled], signal);
    const first = await w.adapter.cancelOrders(open, compiled, signal);
    assertEquals(first.acknowledged.length, 8);
    const second = await w.adapter.cancelOrders(open, compiled, signal);
    assertEquals(second, { acknowledged: [], alreadyGone: [], failures: [] });
    assertEquals(w.state.counts.get("okx POST /api/v5/sprd/mass-cancel"), 1);
    await new Promise((r) => setTimeout(r, 260));
    await w.adapter.cancelOrders(open, compiled, signal);
    assertEquals(w.state.counts.get("okx POST /api/v5/sprd/mass-cancel"), 2);
  }, 5000);
});

Deno.test("adapter cancelOrders() never cancels an order outside the clause", async () => {
  await withWorld(async (w) => {
    const signal = AbortSignal.timeout(5000);
    const all = await listOpen(w, { kinds: ["regular"] }, signal);
    const clause: ScopeClause = { kinds: ["regular"], okx: { sprdIds: [SOL] } };
    const outcome = await w.adapter.cancelOrders(all, w.adapter.compile(clause), signal);
    assertEquals([...outcome.acknowledged].sort(), [...w.bySpread.get(SOL)!].sort());
    await new Promise((r) => setTimeout(r, 40));
    assertEquals(w.state.openOrders(w.acc).length, 32);
  });
});

Deno.test("adapter counts already-gone single cancels and 51001 mass cancels as done", async () => {
  await withWorld(async (w) => {
    const signal = AbortSignal.timeout(5000);
    const [one] = await listOpen(w, { kinds: ["regular"], okx: { sprdIds: [SOL] } }, signal);
    w.acc.orders.get(one!.id)!.status = "filled";
    const gone = await w.adapter.cancelOrders(
      [one!],
      w.adapter.compile({ kinds: ["regular"] }),
      signal,
    );
    assertEquals(gone, { acknowledged: [], alreadyGone: [one!.id], failures: [] });
    const clause: ScopeClause = {
      kinds: ["regular"],
      okx: { sprdIds: ["XRP-USDT_XRP-USDT-SWAP"] },
    };
    const step = w.adapter.compile(clause).steps[0]!;
    assertEquals(await step.run(signal), {
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
    const [one] = await listOpen(w, { kinds: ["regular"], okx: { sprdIds: [SOL] } }, signal);
    w.state.addFault({ venue: "okx", kind: "code", code: "51000", path: "/cancel-order" });
    const outcome = await w.adapter.cancelOrders(
      [one!],
      w.adapter.compile({ kinds: ["regular"] }),
      signal,
    );
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
    assertEquals(await listOpen(w, clause, AbortSignal.timeout(3000)), []);
  });
});

Deno.test("a settle-coin run with a hybrid spread open is UNKNOWN, never FLAT, and leaves it alone", async () => {
  await withSpreads([HYBRID, BTC, INV], 2, async (w) => {
    const report = await cancelAll(Scope.all().venues("okx").settleCoins("USDT"), [w.adapter], {
      deadlineMs: 2000,
    });
    const account = report.accounts[0]!;
    assertEquals(account.status, "UNKNOWN", account.reason);
    assertStringIncludes(account.reason, "whose coin is not known");
    // The venue's reason, per order left open (the engine's reason is venue-neutral).
    const unsettled = account.errors.map((e) => e.message)
      .filter((m) => m.includes(`${HYBRID}: sprdType hybrid`))
      .map((m) => /^order (\S+): /.exec(m)?.[1]);
    assertEquals([...new Set(unsettled)].sort(), [...w.bySpread.get(HYBRID)!].sort());
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
    const account = report.accounts[0]!;
    assertEquals(account.status, "UNKNOWN", account.reason);
    // The venue's reason, per order left open (the engine's reason is venue-neutral).
    assert(
      account.errors.some((e) => e.message.includes("the venue lists no such spread")),
      JSON.stringify(account.errors),
    );
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
      const compiled = fresh.compile({ kinds: ["regular"], baseCoins: ["ETH"] });
      await listAll(fresh, [compiled], AbortSignal.timeout(3000));
    }
    // One request per distinct spread seen, whatever the number of rounds.
    assert(spreadsCalls() <= 3, `${spreadsCalls()} metadata requests`);
  });
});
