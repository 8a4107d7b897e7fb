import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { InputError, VenueError } from "../venues/errors.ts";
import { createP99Account, P99Client, type P99CompiledClause } from "../venues/p99/mod.ts";
import type { P99AccountAdapter as AccountAdapter } from "../venues/p99/mod.ts";
import type { OpenOrder } from "../engine/types.ts";
import { clauseApplies, membership } from "../engine/match.ts";
import { plan as planOf, stepView } from "../engine/plan.ts";
import { cancelAll, listAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import { REFINEMENTS, type TypedClause as ScopeClause } from "../venues/registry.ts";
import { startServer } from "../sim/server.ts";
import type { SimState } from "../sim/core.ts";
import { configureP99Sim, p99Sim } from "../sim/p99.ts";

type Server = ReturnType<typeof startServer>;

const offline = createP99Account(
  new P99Client({ apiKey: "k", secret: "s" }),
  "desk-1",
);
const HOST = "api-sepolia.p99.world";
const PATH = "/api/v1/spot/orders";

/** A compiled clause as a plan shows it: display records only. */
function view(c: P99CompiledClause) {
  return { steps: c.steps.map(stepView), listings: c.listings.map((l) => l.request) };
}

function listings(symbol?: string) {
  return ["open", "partially_filled"].map((status) => ({
    method: "GET",
    host: HOST,
    path: PATH,
    params: { ...(symbol ? { symbol } : {}), status, limit: "200" },
  }));
}

Deno.test("compile() with no filter is one bare DELETE /spot/orders", () => {
  const compiled = offline.compile({ kinds: ["regular", "conditional"] });
  assertEquals(view(compiled), {
    steps: [{
      action: "cancel-all",
      request: { method: "DELETE", host: HOST, path: PATH, params: {} },
      note: "every market",
    }],
    listings: listings(),
  });
  // The step carries the client's own input for P99Client#cancelAll.
  assertEquals(compiled.steps[0]?.params, {});
});

Deno.test("compile() narrows generic symbols by p99.symbols (a clause is a conjunction)", () => {
  const plan = offline.compile({
    kinds: ["regular"],
    symbols: ["DFUSDT", "ETHUSDT", "BTC-USDT_BTC-USDT-SWAP"],
    p99: { symbols: ["ETHUSDT", "SOLUSDT"] },
  });
  assertEquals(plan.steps.map((s) => [s.action, s.request.method, s.request.params]), [
    ["cancel-all", "DELETE", { symbol: "ETHUSDT" }],
  ]);
  assertEquals(view(plan).listings, listings("ETHUSDT"));
  const own = offline.compile({ kinds: ["regular"], p99: { symbols: ["ETHUSDT", "DFUSDT"] } });
  assertEquals(own.steps.map((s) => s.request.params), [{ symbol: "ETHUSDT" }, {
    symbol: "DFUSDT",
  }]);
  assertEquals(own.steps.map((s) => s.params), [{ symbol: "ETHUSDT" }, { symbol: "DFUSDT" }]);
  const disjoint = offline.compile({
    kinds: ["regular"],
    symbols: ["BTCUSDT"],
    p99: { symbols: ["DFUSDT"] },
  });
  assertEquals(disjoint.steps, []);
});

Deno.test("compile() turns coin filters with named symbols into a sweep over those symbols", () => {
  const plan = offline.compile({
    kinds: ["regular"],
    symbols: ["DFUSDT", "BTCUSDT"],
    baseCoins: ["BTC"],
    settleCoins: ["USDT"],
  });
  assertEquals(plan.steps.map((s) => [s.action, s.request.method, s.request.path]), [
    ["sweep", "GET", "/api/v1/spot/markets"],
  ]);
  assert(plan.steps[0]?.note.includes("DFUSDT, BTCUSDT"));
  assertEquals(plan.steps[0]?.params, {
    symbols: ["DFUSDT", "BTCUSDT"],
    baseCoins: ["BTC"],
    settleCoins: ["USDT"],
  });
  assertEquals(view(plan).listings, [...listings("DFUSDT"), ...listings("BTCUSDT")]);
});

Deno.test("compile() turns coin filters without symbols into a sweep that reads GET /spot/markets", () => {
  const plan = offline.compile({ kinds: ["regular"], baseCoins: ["BTC"] });
  assertEquals(plan.steps.length, 1);
  assertEquals(plan.steps[0]?.action, "sweep");
  assertEquals(plan.steps[0]?.request, {
    method: "GET",
    host: HOST,
    path: "/api/v1/spot/markets",
    params: {},
  });
  assertEquals(view(plan).listings, listings());
});

Deno.test("nothing is planned for other venues, other accounts or conditional-only scopes", () => {
  const empty = { steps: [], listings: [] };
  // Which clauses reach an account is the engine's check, made before compile() is called.
  const planned = (clause: ScopeClause) =>
    planOf(Scope.fromClauses([clause], REFINEMENTS), [offline]).accounts;
  for (
    const clause of [
      { kinds: ["regular"], venues: ["okx", "bybit"] },
      { kinds: ["regular"], accounts: ["desk-2"] },
    ] as const
  ) {
    assert(!clauseApplies(clause, offline.venue, offline.account));
    assertEquals(planned(clause), []);
  }
  assertEquals(view(offline.compile({ kinds: ["conditional"] })), empty);
  assertEquals(planned({ kinds: ["conditional"] }), []);
  assertEquals(
    view(offline.compile({ kinds: ["regular"], symbols: ["BTC-USDT_BTC-USDT-SWAP"] })),
    empty,
  );
  assertEquals(
    offline.compile({ kinds: ["regular"], accounts: ["desk-1"], venues: ["p99"] }).steps.length,
    1,
  );
});

Deno.test("compile() refuses a malformed p99.symbols entry before anything is sent", () => {
  assertThrows(
    () => offline.compile({ kinds: ["regular"], p99: { symbols: ["dfusdt"] } }),
    InputError,
    'p99.symbols entry "dfusdt" must be an uppercase market id',
  );
});

Deno.test("the engine's membership follows symbols, coins, kinds and accounts for p99 orders", async () => {
  const order = (symbol: string, extra: Partial<OpenOrder> = {}): OpenOrder => ({
    venue: "p99",
    account: "desk-1",
    id: crypto.randomUUID(),
    symbol,
    kind: "regular",
    market: "spot",
    status: "open",
    ...extra,
  });
  const matches = (o: OpenOrder, c: ScopeClause) => membership(o, c, offline.refinement) === "in";
  const clause: ScopeClause = { kinds: ["regular"], baseCoins: ["BTC"], settleCoins: ["USDC"] };
  const coins = (baseCoin: string, settleCoin: string) => ({ baseCoin, settleCoin });
  assert(matches(order("BTCUSDC", coins("BTC", "USDC")), clause));
  assert(!matches(order("BTCUSDT", coins("BTC", "USDT")), clause));
  assert(matches(order("ABCXYZ"), { kinds: ["regular"] }));
  assert(!matches(order("DFUSDT"), { kinds: ["conditional"] }));
  assert(
    !matches(order("DFUSDT", { account: "desk-2" }), {
      kinds: ["regular"],
      accounts: ["desk-1"],
    }),
  );
  assert(!matches(order("DFUSDT", { venue: "okx" }), { kinds: ["regular"], venues: ["p99"] }));
  // The p99 refinement: p99.symbols is case-sensitive.
  assert(matches(order("DFUSDT"), { kinds: ["regular"], p99: { symbols: ["DFUSDT"] } }));
  assert(!matches(order("DFUSDT"), { kinds: ["regular"], p99: { symbols: ["ETHUSDT"] } }));
  // Another venue's or another account's order never goes out on this account's key (the
  // offline client's host is not reachable: anything sent would fail).
  const compiled = offline.compile({ kinds: ["regular"] });
  for (const other of [order("DFUSDT", { venue: "okx" }), order("DFUSDT", { account: "desk-2" })]) {
    assertEquals(
      await offline.cancelOrders([other], compiled, AbortSignal.timeout(1000)),
      { acknowledged: [], alreadyGone: [], failures: [] },
    );
  }
});

Deno.test("membership never guesses coins from a market id: unknown coins are undecided, not 'out of scope'", () => {
  const order: OpenOrder = {
    venue: "p99",
    account: "desk-1",
    id: crypto.randomUUID(),
    symbol: "BTCUSDC",
    kind: "regular",
    market: "spot",
    status: "open",
  };
  // Never cancelled by guess, never dropped: the engine keeps it open and reports it.
  assertEquals(
    membership(order, { kinds: ["regular"], baseCoins: ["BTC"] }, offline.refinement),
    "undecided",
  );
});

// ---------------------------------------------------------------------------------------------
// Against the simulator

async function withSim(fn: (server: Server) => Promise<void>): Promise<void> {
  const server = startServer([p99Sim], { port: 0, accounts: 2 });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

function adapter(server: Server, account = 0, label = "main"): AccountAdapter {
  const a = server.state.account("p99", account);
  return createP99Account(
    new P99Client({
      apiKey: a.apiKey,
      secret: a.secret,
      baseUrl: `${server.origin}/api/v1`,
      transport: { backoffBaseMs: 5 },
    }),
    label,
  );
}

function seedAll(state: SimState, perMarket: number, account = 0): void {
  const acc = state.account("p99", account);
  for (const symbol of ["DFUSDT", "BTCUSDT", "ETHUSDT", "BTCUSDC"]) {
    for (let i = 0; i < perMarket; i++) {
      const o = p99Sim.makeOrder(acc, { venue: "p99", account, count: 1, symbol }, state);
      acc.orders.set(o.id, o);
    }
  }
}

function openSymbols(state: SimState, account = 0): string[] {
  return [...new Set(state.openOrders(state.account("p99", account)).map((o) => o.symbol))].sort();
}

/** The orders in `clause` that the account's listings show, as the engine reads them. */
function listOpen(account: AccountAdapter, clause: ScopeClause, signal: AbortSignal) {
  return listAll(account, [account.compile(clause)], signal);
}

/** What the engine does: run every step, verify, cancel what remains, verify again. */
async function run(account: AccountAdapter, clause: ScopeClause): Promise<OpenOrder[]> {
  const signal = AbortSignal.timeout(10_000);
  const compiled = account.compile(clause);
  for (const step of compiled.steps) await step.run(signal);
  let left = await listAll(account, [compiled], signal);
  for (let round = 0; left.length > 0 && round < 3; round++) {
    await account.cancelOrders(left, compiled, signal);
    left = await listAll(account, [compiled], signal);
  }
  return left;
}

Deno.test("a baseCoin sweep cancels BTC markets only and leaves the rest and other accounts", async () => {
  await withSim(async (server) => {
    seedAll(server.state, 5);
    seedAll(server.state, 2, 1);
    const account = adapter(server);
    const clause: ScopeClause = { kinds: ["regular"], baseCoins: ["BTC"] };
    const before = await listOpen(account, clause, AbortSignal.timeout(5000));
    assertEquals(before.length, 10);
    assert(before.every((o) => o.baseCoin === "BTC" && o.market === "spot"));
    const outcome = await account.compile(clause).steps[0]!.run(AbortSignal.timeout(5000));
    assertEquals(outcome.acknowledged.length, 10);
    assertEquals(outcome.failures, []);
    assertEquals(await listOpen(account, clause, AbortSignal.timeout(5000)), []);
    assertEquals(openSymbols(server.state), ["DFUSDT", "ETHUSDT"]);
    assertEquals(openSymbols(server.state, 1).length, 4);
    assertEquals(server.state.counts.get("p99 DELETE /api/v1/spot/orders"), 2, "one per symbol");
  });
});

Deno.test("a symbol scope cancels that symbol and nothing else", async () => {
  await withSim(async (server) => {
    seedAll(server.state, 3);
    const left = await run(adapter(server), { kinds: ["regular"], p99: { symbols: ["ETHUSDT"] } });
    assertEquals(left, []);
    assertEquals(openSymbols(server.state), ["BTCUSDC", "BTCUSDT", "DFUSDT"]);
  });
});

Deno.test("orders that reappear after the first pass are caught by cancelOrders()", async () => {
  await withSim(async (server) => {
    seedAll(server.state, 2);
    server.state.addFault({
      venue: "p99",
      kind: "reappear",
      method: "DELETE",
      path: "/spot/orders",
      orders: 4,
      count: 1,
    });
    const account = adapter(server);
    const clause: ScopeClause = { kinds: ["regular"], settleCoins: ["USDT"] };
    const signal = AbortSignal.timeout(5000);
    const compiled = account.compile(clause);
    for (const step of compiled.steps) await step.run(signal);
    const left = await listAll(account, [compiled], signal);
    assertEquals(left.length, 4);
    const outcome = await account.cancelOrders(left, compiled, signal);
    assertEquals(outcome.acknowledged.length, 4);
    assertEquals(await listAll(account, [compiled], signal), []);
    assertEquals(openSymbols(server.state), ["BTCUSDC"]);
  });
});

Deno.test("cancelOrders() counts orders the venue skipped as already gone", async () => {
  await withSim(async (server) => {
    seedAll(server.state, 1);
    const account = adapter(server);
    const clause: ScopeClause = { kinds: ["regular"], p99: { symbols: ["DFUSDT"] } };
    const [order] = await listOpen(account, clause, AbortSignal.timeout(5000));
    for (const o of server.state.account("p99", 0).orders.values()) {
      if (o.id === order?.id) o.status = "filled";
    }
    const outcome = await account.cancelOrders(
      [order!],
      account.compile(clause),
      AbortSignal.timeout(5000),
    );
    assertEquals(outcome, { acknowledged: [], alreadyGone: [order!.id], failures: [] });
  });
});

Deno.test("everything in one account goes flat with 10,000 orders; the other account is untouched", async () => {
  await withSim(async (server) => {
    seedAll(server.state, 2500);
    seedAll(server.state, 3, 1);
    const started = performance.now();
    const left = await run(adapter(server), { kinds: ["regular"] });
    assertEquals(left, []);
    assert(performance.now() - started < 5000, `${performance.now() - started} ms`);
    assertEquals(openSymbols(server.state), []);
    assertEquals(server.state.openOrders(server.state.account("p99", 1)).length, 12);
  });
});

Deno.test("a listing refuses to call an account flat when it is incomplete", async () => {
  await withSim(async (server) => {
    seedAll(server.state, 60);
    const second = Math.floor(Date.now() / 1000) * 1000;
    for (const o of server.state.account("p99", 0).orders.values()) o.createdMs = second;
    const e = await assertRejects(
      () => listOpen(adapter(server), { kinds: ["regular"] }, AbortSignal.timeout(5000)),
      VenueError,
    );
    assertEquals(e.code, "LISTING_INCOMPLETE");
  });
});

Deno.test("a read-only listing that is incomplete refuses too, and sends no cancel", async () => {
  await withSim(async (server) => {
    seedAll(server.state, 60);
    const second = Math.floor(Date.now() / 1000) * 1000;
    for (const o of server.state.account("p99", 0).orders.values()) o.createdMs = second;
    const account = adapter(server);
    const e = await assertRejects(
      () =>
        listAll(
          account,
          [account.compile({ kinds: ["regular"] })],
          AbortSignal.timeout(5000),
          undefined,
          undefined,
          { readOnly: true },
        ),
      VenueError,
    );
    assertEquals(e.code, "LISTING_INCOMPLETE");
    assert(e.message.includes("read-only: no cancel re-sent"), e.message);
    assertEquals(server.state.counts.get("p99 DELETE /api/v1/spot/orders") ?? 0, 0);
    assertEquals(server.state.openOrders(server.state.account("p99", 0)).length, 240);
  });
});

Deno.test("the two active-status listings of a market share one read of the book", async () => {
  await withSim(async (server) => {
    seedAll(server.state, 3);
    const account = adapter(server);
    const compiled = account.compile({ kinds: ["regular"], p99: { symbols: ["DFUSDT"] } });
    assertEquals(compiled.listings.length, 2);
    const seen = await listAll(account, [compiled], AbortSignal.timeout(5000));
    assertEquals(seen.length, 3);
    // As many pages as one listActiveOrders call (status=open and status=partially_filled) reads.
    const a = server.state.account("p99", 0);
    const client = new P99Client({
      apiKey: a.apiKey,
      secret: a.secret,
      baseUrl: `${server.origin}/api/v1`,
    });
    const { pages } = await client.listActiveOrders({ symbol: "DFUSDT" });
    assertEquals(server.state.counts.get("p99 GET /api/v1/spot/orders"), 2 * pages);
  });
});

Deno.test("a permanent venue refusal surfaces from a step's run()", async () => {
  await withSim(async (server) => {
    server.state.addFault({ venue: "p99", kind: "code", code: "spot trading disabled" });
    const account = adapter(server);
    const clause: ScopeClause = { kinds: ["regular"] };
    const e = await assertRejects(
      () => account.compile(clause).steps[0]!.run(AbortSignal.timeout(5000)),
      VenueError,
    );
    assertEquals(e.kind, "permanent");
  });
});

Deno.test("450 orders created in one second: the run keeps cancelling while the listing is incomplete, then goes flat", async () => {
  await withSim(async (server) => {
    seedAll(server.state, 2);
    // The first bulk cancel is followed by 450 new orders in the same second: more than one
    // 200-order page shares a created_at second, so no listing can see them all.
    server.state.addFault({
      venue: "p99",
      kind: "reappear",
      method: "DELETE",
      path: "/spot/orders",
      orders: 450,
      count: 1,
    });
    const report = await cancelAll(Scope.all(), [adapter(server)], {
      deadlineMs: 4000,
      verifyBackoffMs: 5,
    });
    const account = report.accounts[0]!;
    assertEquals(account.status, "FLAT", account.reason);
    assertEquals(server.state.openOrders(server.state.account("p99", 0)).length, 0);
    assert((server.state.counts.get("p99 DELETE /api/v1/spot/orders") ?? 0) >= 2);
  });
});

Deno.test("an account whose listing never completes stays UNKNOWN, never FLAT, and keeps cancelling", async () => {
  await withSim(async (server) => {
    // Every bulk cancel is followed by 450 more orders in one second (a runaway strategy).
    server.state.addFault({
      venue: "p99",
      kind: "reappear",
      method: "DELETE",
      path: "/spot/orders",
      orders: 450,
    });
    const report = await cancelAll(Scope.all(), [adapter(server)], {
      deadlineMs: 1500,
      verifyBackoffMs: 5,
    });
    const account = report.accounts[0]!;
    assertEquals(account.status, "UNKNOWN", account.reason);
    assert(account.errors.some((e) => e.code === "LISTING_INCOMPLETE"), account.reason);
    assert((server.state.counts.get("p99 DELETE /api/v1/spot/orders") ?? 0) >= 3);
  });
});

// Fix 5 (issue 12): a market's coins are what GET /spot/markets states, never a parse of its id.

/** DFBUSD trades DF for BUSD; its id parses as base "DFB", quote "USD" by suffix. */
const ODD = { id: "DFBUSD", base: "DF", quote: "BUSD", price: 0.5, qty: 100 };

function seedOn(state: SimState, symbol: string, count: number, account = 0): void {
  const acc = state.account("p99", account);
  for (let i = 0; i < count; i++) {
    const o = p99Sim.makeOrder(acc, { venue: "p99", account, count: 1, symbol }, state);
    acc.orders.set(o.id, o);
  }
}

Deno.test("coin scopes use the tokens GET /spot/markets states, not the market id's suffix", async () => {
  await withSim(async (server) => {
    configureP99Sim(server.state, { markets: [ODD] });
    seedAll(server.state, 2);
    seedOn(server.state, "DFBUSD", 3);
    const quote = await cancelAll(Scope.all().settleCoins("BUSD"), [adapter(server)], {
      deadlineMs: 3000,
    });
    assertEquals(quote.accounts[0]?.status, "FLAT", quote.accounts[0]?.reason);
    assertEquals(quote.accounts[0]?.acknowledged.length, 3);
    assertEquals(openSymbols(server.state), ["BTCUSDC", "BTCUSDT", "DFUSDT", "ETHUSDT"]);
    const base = await cancelAll(Scope.all().baseCoins("DF"), [adapter(server)], {
      deadlineMs: 3000,
    });
    assertEquals(base.accounts[0]?.status, "FLAT", base.accounts[0]?.reason);
    assertEquals(openSymbols(server.state), ["BTCUSDC", "BTCUSDT", "ETHUSDT"]);
  });
});

Deno.test("an order on a market GET /spot/markets does not list makes a coin-scoped run UNKNOWN, never FLAT", async () => {
  await withSim(async (server) => {
    seedAll(server.state, 1);
    // An order on a market the venue's metadata does not list (delisted, or listed since).
    const acc = server.state.account("p99", 0);
    const o = p99Sim.makeOrder(acc, { venue: "p99", account: 0, count: 1 }, server.state);
    o.symbol = "ZZZUSDT";
    acc.orders.set(o.id, o);
    const report = await cancelAll(Scope.all().settleCoins("USDT"), [adapter(server)], {
      deadlineMs: 1500,
    });
    const account = report.accounts[0]!;
    assertEquals(account.status, "UNKNOWN", account.reason);
    assert(account.reason.includes("ZZZUSDT"), account.reason);
    assert(account.errors.some((e) => e.code === "UNKNOWN_MARKET"));
    assertEquals(server.state.account("p99", 0).orders.get(o.id)?.status, "open");
    // Read once, then once more for the market it lacked; never per listing round.
    assertEquals(server.state.counts.get("p99 GET /api/v1/spot/markets"), 2);
  });
});

Deno.test("GET /spot/markets is read only for coin scopes, once per run", async () => {
  await withSim(async (server) => {
    seedAll(server.state, 3);
    const symbols = await cancelAll(Scope.all().symbols("DFUSDT"), [adapter(server)], {
      deadlineMs: 3000,
    });
    assertEquals(symbols.outcome, "FLAT");
    assertEquals(server.state.counts.get("p99 GET /api/v1/spot/markets") ?? 0, 0);
    server.state.addFault({
      venue: "p99",
      kind: "reappear",
      method: "DELETE",
      path: "/spot/orders",
      orders: 2,
      count: 1,
    });
    const coins = await cancelAll(Scope.all().settleCoins("USDT"), [adapter(server)], {
      deadlineMs: 3000,
      verifyBackoffMs: 5,
    });
    assertEquals(coins.outcome, "FLAT", coins.accounts[0]?.reason);
    assert((coins.accounts[0]?.rounds ?? 0) >= 2);
    assertEquals(server.state.counts.get("p99 GET /api/v1/spot/markets"), 1);
    assertEquals(openSymbols(server.state), ["BTCUSDC"]);
  });
});
