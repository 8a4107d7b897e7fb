import { bybitScope } from "../venues/bybit/scope.ts";
import { assert, assertEquals, assertMatch, assertRejects, assertThrows } from "@std/assert";
import { BybitClient, createBybitAccount } from "../venues/bybit/mod.ts";
import { bybitSim } from "../sim/bybit.ts";
import { type RunningServer, startServer } from "../sim/server.ts";
import type { SimAccount, SimState } from "../sim/core.ts";
import type { AccountAdapter, OpenOrder, StepOutcome } from "../engine/types.ts";
import type { TypedClause as ScopeClause } from "../venues/registry.ts";
import { REFINEMENTS } from "../venues/registry.ts";
import { InputError, VenueError } from "../venues/errors.ts";
import { seed } from "./_bybit.ts";
import { cancelAll as cancelAllRun, listAll } from "../engine/run.ts";
import { clauseApplies, membership } from "../engine/match.ts";
import { plan as planFor } from "../engine/plan.ts";
import { Scope } from "../engine/scope.ts";

const BOTH = ["regular", "conditional"] as const;

function offline(): AccountAdapter {
  return createBybitAccount(new BybitClient({ apiKey: "k", secret: "s" }), "main");
}

const cancelAll = (params: Record<string, string>) => ({
  action: "cancel-all",
  method: "POST",
  host: "api.bybit.com",
  path: "/v5/order/cancel-all",
  params,
});
const listing = (params: Record<string, string>) => ({
  method: "GET",
  host: "api.bybit.com",
  path: "/v5/order/realtime",
  params: { ...params, limit: "50" },
});
const shape = (plan: ReturnType<AccountAdapter["compile"]>) =>
  plan.steps.map((s) => ({ action: s.action, ...s.request }));

/** The orders in `clause` the adapter's listings show (engine/run.ts listAll). */
const listOpen = (adapter: AccountAdapter, clause: ScopeClause, signal: AbortSignal) =>
  listAll(adapter, [adapter.compile(clause)], signal);
/** Re-cancels orders left over, as the engine does. */
const cancelRemaining = (
  adapter: AccountAdapter,
  orders: readonly OpenOrder[],
  clause: ScopeClause,
  signal: AbortSignal,
): Promise<StepOutcome> => adapter.cancelOrders(orders, adapter.compile(clause), signal);
/** Whether the engine's one rule puts `order` in `clause`. */
const matches = (adapter: AccountAdapter, order: OpenOrder, clause: ScopeClause) =>
  membership(order, clause, adapter.refinement) === "in";

Deno.test("compile() of a bare clause: linear per settle coin, inverse by its listing, spot per filter, option bare", () => {
  const plan = offline().compile({ kinds: [...BOTH] });
  // Inverse: the configured coins at once; the verifying bare inverse listing catches others.
  assertEquals(shape(plan), [
    cancelAll({ category: "linear", settleCoin: "USDT" }),
    cancelAll({ category: "linear", settleCoin: "USDC" }),
    cancelAll({ category: "inverse", settleCoin: "BTC" }),
    cancelAll({ category: "inverse", settleCoin: "ETH" }),
    cancelAll({ category: "spot", orderFilter: "Order" }),
    cancelAll({ category: "spot", orderFilter: "tpslOrder" }),
    cancelAll({ category: "spot", orderFilter: "StopOrder" }),
    cancelAll({ category: "spot", orderFilter: "OcoOrder" }),
    cancelAll({ category: "spot", orderFilter: "BidirectionalTpslOrder" }),
    cancelAll({ category: "option" }),
  ]);
  assertEquals(plan.listings.map((l) => l.request), [
    listing({ category: "linear", settleCoin: "USDT" }),
    listing({ category: "linear", settleCoin: "USDC" }),
    listing({ category: "inverse" }),
    listing({ category: "spot" }),
    listing({ category: "option" }),
  ]);
  assert(plan.steps.every((s) => s.note.length > 0));
});

Deno.test("compiled steps carry the client's own parameters, and notes read without stutter", () => {
  const a = offline();
  const plan = a.compile({ kinds: [...BOTH] });
  // A step's params are what it hands the client (BybitCancelAllParams), not the display record.
  assertEquals(plan.steps[0]?.params, { category: "linear", settleCoin: "USDT" });
  assertEquals(plan.steps.map((s) => s.venue), plan.steps.map(() => "bybit"));
  assertEquals(
    plan.steps[0]?.note,
    "linear, settleCoin USDT (configured linearSettleCoins), all kinds, at most 500 per call",
  );
  const sweeps = a.compile({ kinds: ["regular"], baseCoins: ["BTC"], settleCoins: ["USDT"] });
  for (const step of [...plan.steps, ...sweeps.steps]) {
    assert(!/\b(\w+) \1\b/.test(step.note), step.note);
  }
});

Deno.test("cancelOrders() re-cancels with the compiled steps: a clause it did not compile is refused", async () => {
  const a = offline();
  const foreign = { clause: { kinds: ["regular" as const] }, steps: [], listings: [] };
  await assertRejects(
    () => a.cancelOrders([], foreign, AbortSignal.timeout(1000)),
    Error,
    "not compiled by this account",
  );
});

Deno.test("compile() maps kinds to orderFilter; a symbol is planned in every category, not guessed from its name", () => {
  const a = offline();
  const plan = a.compile({ kinds: ["regular"], symbols: ["BTCUSDT", "BTCUSD"] });
  assertEquals(
    shape(plan),
    ["linear", "inverse", "spot", "option"].flatMap((category) =>
      ["BTCUSDT", "BTCUSD"].map((symbol) => cancelAll({ category, symbol, orderFilter: "Order" }))
    ),
  );
  assert(plan.steps.every((s) => s.note.includes("GET /v5/market/instruments-info")));
  assertEquals(
    shape(
      a.compile({
        kinds: ["conditional"],
        baseCoins: ["ETH"],
        bybit: { categories: ["linear", "spot"] },
      }),
    ),
    [
      cancelAll({ category: "linear", baseCoin: "ETH", orderFilter: "StopOrder" }),
      cancelAll({ category: "spot", baseCoin: "ETH", orderFilter: "tpslOrder" }),
      cancelAll({ category: "spot", baseCoin: "ETH", orderFilter: "StopOrder" }),
      cancelAll({ category: "spot", baseCoin: "ETH", orderFilter: "OcoOrder" }),
      cancelAll({ category: "spot", baseCoin: "ETH", orderFilter: "BidirectionalTpslOrder" }),
    ],
  );
  assertEquals(
    shape(
      a.compile({
        kinds: [...BOTH],
        settleCoins: ["USDC", "BTC"],
        bybit: { categories: ["inverse", "option"] },
      }),
    ),
    [
      cancelAll({ category: "inverse", settleCoin: "USDC" }),
      cancelAll({ category: "inverse", settleCoin: "BTC" }),
      cancelAll({ category: "option", settleCoin: "USDC" }),
    ],
  );
  assertEquals(
    shape(
      a.compile({ kinds: [...BOTH], bybit: { categories: ["linear"], orderFilter: "StopOrder" } }),
    ),
    [
      cancelAll({ category: "linear", settleCoin: "USDT", orderFilter: "StopOrder" }),
      cancelAll({ category: "linear", settleCoin: "USDC", orderFilter: "StopOrder" }),
    ],
  );
});

Deno.test("compile() sweeps where cancel-all would reach outside the clause", () => {
  const a = offline();
  const both = a.compile({ kinds: ["regular"], baseCoins: ["BTC"], settleCoins: ["USDT"] });
  assertEquals(shape(both), [
    { action: "sweep", ...listing({ category: "linear", baseCoin: "BTC" }) },
    { action: "sweep", ...listing({ category: "inverse", baseCoin: "BTC" }) },
    { action: "sweep", ...listing({ category: "spot" }) },
    { action: "sweep", ...listing({ category: "option", baseCoin: "BTC" }) },
  ]);
  const spotSettle = a.compile({
    kinds: ["regular"],
    settleCoins: ["USDC"],
    bybit: { categories: ["spot"] },
  });
  assertEquals(shape(spotSettle), [{ action: "sweep", ...listing({ category: "spot" }) }]);
  const symbolAndCoin = a.compile({
    kinds: ["regular"],
    symbols: ["ETHUSDT"],
    baseCoins: ["ETH"],
    bybit: { categories: ["linear"] },
  });
  assertEquals(shape(symbolAndCoin), [{
    action: "sweep",
    ...listing({ category: "linear", symbol: "ETHUSDT" }),
  }]);
});

Deno.test("a clause naming other venues or accounts plans nothing for the account", () => {
  // The engine decides which clauses reach an account (clauseApplies) before compiling.
  const a = offline();
  const planned = (clause: ScopeClause) =>
    planFor(Scope.fromClauses([clause], REFINEMENTS), [a]).accounts;
  for (
    const clause of [{ kinds: [...BOTH], venues: ["okx"] }, {
      kinds: [...BOTH],
      accounts: ["desk-2"],
    }] as ScopeClause[]
  ) {
    assert(!clauseApplies(clause, a.venue, a.account));
    assertEquals(planned(clause), []);
  }
  assertEquals(
    a.compile({ kinds: [...BOTH], venues: ["bybit"], accounts: ["main"] }).steps.length,
    10,
  );
  assertEquals(
    planned({ kinds: [...BOTH], venues: ["bybit"], accounts: ["main"] })[0]?.steps.length,
    10,
  );
});

Deno.test("compile() ignores generic symbols Bybit cannot spell (uppercase, digits and '-' only)", () => {
  const a = offline();
  // An OKX spread id selects nothing here; anything Bybit could name is kept for the venue.
  const mixed = a.compile({
    kinds: ["regular"],
    symbols: ["BTC-USDT_BTC-USDT-SWAP", "BTC-26DEC25-100000-C", "ETHUSDT"],
    bybit: { categories: ["linear"] },
  });
  assertEquals(mixed.steps.map((s) => s.request.params.symbol), [
    "BTC-26DEC25-100000-C",
    "ETHUSDT",
  ]);
  const none = a.compile({ kinds: ["regular"], symbols: ["BTC-USDT_BTC-USDT-SWAP"] });
  assertEquals({ steps: none.steps, listings: none.listings }, { steps: [], listings: [] });
});

Deno.test("clauses Bybit cannot satisfy are refused before anything is sent", () => {
  const a = offline();
  // Generic checks: once, when the scope is built (compile trusts a validated clause).
  const invalid: [ScopeClause, string][] = [
    [{ kinds: [] }, ".kinds must be a non-empty list of strings"],
    [{ kinds: ["regular"], baseCoins: ["btc"] }, 'baseCoins "btc" must be an uppercase coin code'],
    [{ kinds: ["regular"], settleCoins: [] }, ".settleCoins must be a non-empty list of strings"],
    [{ kinds: ["regular"], bybit: { categories: [] } }, "Bybit category must be a non-empty list"],
  ];
  for (const [clause, message] of invalid) {
    assertThrows(() => Scope.fromClauses([clause], REFINEMENTS), InputError, message);
  }
  // What only Bybit can tell: compile refuses it.
  const refused: [ScopeClause, string][] = [
    [
      { kinds: ["conditional"], bybit: { orderFilter: "tpslOrder" } },
      "not valid for category linear",
    ],
    [
      { kinds: ["regular"], bybit: { categories: ["spot"], orderFilter: "tpslOrder" } },
      "which kinds excludes",
    ],
  ];
  for (const [clause, message] of refused) {
    assertThrows(() => a.compile(clause), InputError, `Cannot compile Bybit scope: `);
    assertThrows(() => a.compile(clause), InputError, message);
    const scope = Scope.fromClauses([clause], REFINEMENTS);
    assertThrows(() => planFor(scope, [a]), InputError, message);
  }
  assertThrows(
    () =>
      createBybitAccount(new BybitClient({ apiKey: "k", secret: "s" }), "x", {
        linearSettleCoins: ["usdt"],
      }),
    InputError,
  );
});

Deno.test("the engine's rule with Bybit's refinement applies categories, coins, kinds and the native orderFilter", async () => {
  const sent: string[] = [];
  const a = createBybitAccount(
    new BybitClient({
      apiKey: "k",
      secret: "s",
      transport: {
        fetch: (input) => {
          sent.push(String(input));
          return Promise.reject(new Error("nothing may be sent"));
        },
      },
    }),
    "main",
  );
  const order = {
    venue: "bybit" as const,
    account: "main",
    id: "1",
    symbol: "BTCUSDT",
    kind: "conditional" as const,
    market: "spot",
    status: "Untriggered",
    baseCoin: "BTC",
    settleCoin: "USDT",
    detail: { stopOrderType: "tpslOrder" },
  };
  assert(matches(a, order, { kinds: [...BOTH] }));
  assert(matches(a, order, { kinds: ["conditional"], bybit: { orderFilter: "tpslOrder" } }));
  assert(!matches(a, order, { kinds: ["conditional"], bybit: { orderFilter: "StopOrder" } }));
  assert(!matches(a, order, { kinds: ["regular"] }));
  assert(!matches(a, order, { kinds: [...BOTH], settleCoins: ["USDC"] }));
  assert(!matches(a, order, { kinds: [...BOTH], bybit: { categories: ["linear"] } }));
  // Another account's order is never this adapter's to cancel (its listings never return one).
  assertEquals(
    await cancelRemaining(
      a,
      [{ ...order, account: "other" }],
      { kinds: [...BOTH] },
      AbortSignal.timeout(1000),
    ),
    { acknowledged: [], alreadyGone: [], failures: [] },
  );
  assertEquals(sent, []);
  assert(!matches(a, order, { kinds: [...BOTH], accounts: ["other"] }));
});

// ---------------------------------------------------------------------------------------------
// Against the simulator
// ---------------------------------------------------------------------------------------------

async function withSim(
  fn: (
    server: RunningServer,
    state: SimState,
    account: SimAccount,
    adapter: AccountAdapter,
  ) => Promise<void>,
) {
  const server = startServer([bybitSim], { port: 0 });
  try {
    const account = server.state.account("bybit", 0);
    const client = new BybitClient({
      apiKey: account.apiKey,
      secret: account.secret,
      baseUrl: server.origin,
      transport: { backoffBaseMs: 1, backoffMaxMs: 5 },
    });
    await fn(server, server.state, account, createBybitAccount(client, "main"));
  } finally {
    await server.close();
  }
}

/** What the engine does: run the plan, then list and cancel what remains until flat. */
async function drive(adapter: AccountAdapter, clause: ScopeClause): Promise<number> {
  const signal = AbortSignal.timeout(15_000);
  const compiled = adapter.compile(clause);
  for (const step of compiled.steps) await step.run(signal);
  for (let round = 0; round < 6; round++) {
    const left = await listAll(adapter, [compiled], signal);
    if (left.length === 0) return round;
    await adapter.cancelOrders(left, compiled, signal);
  }
  throw new Error("not flat after 6 rounds");
}

function seedMix(state: SimState, account: SimAccount) {
  return {
    linearUsdt: [
      ...seed(state, account, 30, "linear", "BTCUSDT"),
      ...seed(state, account, 10, "linear", "ETHUSDT", "conditional"),
    ],
    linearUsdc: seed(state, account, 5, "linear", "BTCPERP"),
    inverse: [
      ...seed(state, account, 8, "inverse", "BTCUSD"),
      ...seed(state, account, 4, "inverse", "ETHUSD", "conditional"),
    ],
    spotUsdt: [
      ...seed(state, account, 6, "spot", "BTCUSDT"),
      ...seed(state, account, 8, "spot", "ETHUSDT", "conditional"),
    ],
    spotUsdc: seed(state, account, 3, "spot", "SOLUSDC"),
    optionUsdc: seed(state, account, 4, "option", "BTC-26DEC25-100000-C"),
    optionUsdt: seed(state, account, 2, "option", "SOL-26DEC25-200-C-USDT", "conditional"),
  };
}

function openIds(state: SimState, account: SimAccount): string[] {
  return state.openOrders(account).map((o) => o.id).sort();
}

Deno.test("a USDT-settled clause ends flat and leaves every other order open", async () => {
  await withSim(async (_server, state, account, adapter) => {
    const mix = seedMix(state, account);
    const clause: ScopeClause = { kinds: [...BOTH], settleCoins: ["USDT"] };
    const rounds = await drive(adapter, clause);
    assertEquals(rounds, 0, "the plan alone made it flat");
    assertEquals(
      openIds(state, account),
      [...mix.linearUsdc, ...mix.inverse, ...mix.spotUsdc, ...mix.optionUsdc].sort(),
    );
  });
});

Deno.test("inverse orders in a coin outside inverseSettleCoins are cancelled per symbol found by the listing", async () => {
  await withSim(async (_server, state, account) => {
    const client = new BybitClient({
      apiKey: account.apiKey,
      secret: account.secret,
      baseUrl: _server.origin,
    });
    const adapter = createBybitAccount(client, "main", { inverseSettleCoins: ["BTC"] });
    const eth = seed(state, account, 6, "inverse", "ETHUSD");
    const btc = seed(state, account, 4, "inverse", "BTCUSD");
    const clause: ScopeClause = { kinds: [...BOTH], bybit: { categories: ["inverse"] } };
    const signal = AbortSignal.timeout(5000);
    for (const step of adapter.compile(clause).steps) await step.run(signal);
    const open = openIds(state, account);
    assert(btc.every((id) => !open.includes(id)), "BTC inverse went with the up-front cancel-all");
    assert(eth.every((id) => open.includes(id)), "ETH inverse is left for the verifying listing");
    assertEquals(await drive(adapter, clause), 1);
    assertEquals(openIds(state, account), []);
  });
});

Deno.test("a bare clause cancels everything, inverse per settle coin found by the listing", async () => {
  await withSim(async (_server, state, account, adapter) => {
    seedMix(state, account);
    const clause: ScopeClause = { kinds: [...BOTH] };
    const listed = (await listOpen(adapter, clause, AbortSignal.timeout(5000)))
      .filter((o) => o.market === "inverse");
    assertEquals(listed.length, 12);
    const before = state.counts.get("bybit POST /v5/order/cancel-all") ?? 0;
    const outcome = await cancelRemaining(adapter, listed, clause, AbortSignal.timeout(5000));
    assertEquals([outcome.acknowledged.length, outcome.failures.length], [12, 0]);
    // One cancel-all per settle coin found (BTC, ETH), not batches by id.
    assertEquals((state.counts.get("bybit POST /v5/order/cancel-all") ?? 0) - before, 2);
    assertEquals(state.openOrders(account).filter((o) => o.market === "inverse").length, 0);
    await drive(adapter, clause);
    assertEquals(openIds(state, account), []);
  });
});

Deno.test("regular-only on spot and linear leaves conditional orders and other categories", async () => {
  await withSim(async (_server, state, account, adapter) => {
    const mix = seedMix(state, account);
    await drive(adapter, { kinds: ["regular"], bybit: { categories: ["linear", "spot"] } });
    const conditional = state.openOrders(account).filter((o) =>
      o.market === "linear" || o.market === "spot"
    );
    assert(conditional.every((o) => o.kind === "conditional"));
    assertEquals(conditional.length, 18);
    assert(mix.inverse.every((id) => account.orders.get(id)?.status === "open"));
  });
});

Deno.test("baseCoins with settleCoins sweeps exactly: BTC/USDC only", async () => {
  await withSim(async (_server, state, account, adapter) => {
    const mix = seedMix(state, account);
    const clause: ScopeClause = { kinds: [...BOTH], baseCoins: ["BTC"], settleCoins: ["USDC"] };
    const rounds = await drive(adapter, clause);
    assertEquals(rounds, 0);
    const gone = [...mix.linearUsdc, ...mix.optionUsdc];
    assert(gone.every((id) => account.orders.get(id)?.status === "canceled"));
    const kept = openIds(state, account);
    assertEquals(kept.length, 80 - gone.length);
  });
});

Deno.test("past the futures 500 cap, a cancel-all step re-issues itself in waves until one comes back short", async () => {
  await withSim(async (server, state, account, adapter) => {
    seed(state, account, 1200, "linear", "BTCUSDT");
    const keep = seed(state, account, 3, "linear", "ETHUSDT");
    const clause: ScopeClause = {
      kinds: ["regular"],
      symbols: ["BTCUSDT"],
      bybit: { categories: ["linear"] },
    };
    const signal = AbortSignal.timeout(10_000);
    const [step] = adapter.compile(clause).steps;
    const outcome = await step!.run(signal);
    assertEquals(outcome.acknowledged.length, 1200);
    const count = (p: string) => server.state.counts.get(`bybit POST ${p}`) ?? 0;
    // 1 call, then one wave of 9 (the rest of the 10/s window): 500 + 500 + 200 + 7 x 0.
    assertEquals([count("/v5/order/cancel-all"), count("/v5/order/cancel-batch")], [10, 0]);
    assertEquals(await listOpen(adapter, clause, signal), []);
    assertEquals(openIds(state, account), keep.sort());
  });
});

Deno.test("past the cap with every wave full, one listing page decides whether to wait for another window", async () => {
  await withSim(async (server, state, account, adapter) => {
    seed(state, account, 5000, "linear", "BTCUSDT");
    const clause: ScopeClause = {
      kinds: ["regular"],
      symbols: ["BTCUSDT"],
      bybit: { categories: ["linear"] },
    };
    const [step] = adapter.compile(clause).steps;
    const outcome = await step!.run(AbortSignal.timeout(10_000));
    assertEquals(outcome.acknowledged.length, 5000);
    // Ten full calls fill the window; the probe sees an empty book, so no 11th call waits.
    assertEquals(server.state.counts.get("bybit POST /v5/order/cancel-all"), 10);
    assertEquals(server.state.counts.get("bybit GET /v5/order/realtime"), 1);
  });
});

Deno.test("a drain call refused mid-way keeps what the first calls acknowledged; the refusal is the step's failure", async () => {
  let calls = 0;
  const fetch: typeof globalThis.fetch = () => {
    calls++;
    const body = calls === 1
      ? {
        retCode: 0,
        retMsg: "OK",
        result: {
          list: Array.from({ length: 500 }, (_, i) => ({ orderId: `o${i}`, orderLinkId: "" })),
          success: "1",
        },
        retExtInfo: {},
        time: 1,
      }
      : { retCode: 10001, retMsg: "params error", result: {}, retExtInfo: {}, time: 1 };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  };
  const adapter = createBybitAccount(
    new BybitClient({ apiKey: "k", secret: "s", transport: { fetch, maxRetries: 0 } }),
    "main",
  );
  const [step] = adapter.compile({
    kinds: ["regular"],
    baseCoins: ["BTC"],
    bybit: { categories: ["linear"] },
  }).steps;
  const outcome = await step!.run(AbortSignal.timeout(5000));
  assertEquals(outcome.acknowledged.length, 500);
  assert(outcome.failures.length > 0 && outcome.failures.every((f) => f.code === "10001"));
});

Deno.test("cancelOrders() re-issues the native cancel-all when more remain than batches would cover", async () => {
  await withSim(async (server, state, account, adapter) => {
    seed(state, account, 300, "linear", "BTCUSDT");
    const clause: ScopeClause = {
      kinds: ["regular"],
      symbols: ["BTCUSDT"],
      bybit: { categories: ["linear"] },
    };
    const signal = AbortSignal.timeout(10_000);
    const left = await listOpen(adapter, clause, signal);
    assertEquals(left.length, 300);
    const outcome = await cancelRemaining(adapter, left, clause, signal);
    assertEquals(outcome.acknowledged.length, 300);
    const count = (p: string) => server.state.counts.get(`bybit POST ${p}`) ?? 0;
    assertEquals([count("/v5/order/cancel-all"), count("/v5/order/cancel-batch")], [1, 0]);
  });
});

Deno.test("a few remaining orders are canceled by id in one batch; gone ones count as done", async () => {
  await withSim(async (server, state, account, adapter) => {
    seed(state, account, 8, "spot", "BTCUSDT");
    const clause: ScopeClause = { kinds: ["regular"], bybit: { categories: ["spot"] } };
    const signal = AbortSignal.timeout(5000);
    const left = await listOpen(adapter, clause, signal);
    assertEquals(left.length, 8);
    for (const o of state.openOrders(account).slice(0, 4)) o.status = "canceled";
    const outcome = await cancelRemaining(adapter, left, clause, signal);
    assertEquals(
      [outcome.acknowledged.length, outcome.alreadyGone.length, outcome.failures.length],
      [4, 4, 0],
    );
    const count = (p: string) => server.state.counts.get(`bybit POST ${p}`) ?? 0;
    assertEquals([count("/v5/order/cancel-batch"), count("/v5/order/cancel-all")], [1, 0]);
    assertEquals(openIds(state, account), []);
  });
});

Deno.test("leftover spot TP/SL, stop and OCO orders are re-cancelled with cancel-all and their orderFilter", async () => {
  await withSim(async (server, state, account, adapter) => {
    // cancel-batch takes no orderFilter: the venue answers it "order does not exist" for spot
    // conditional orders, so re-cancelling them by id would loop until the deadline.
    seed(state, account, 8, "spot", "ETHUSDT", "conditional");
    seed(state, account, 3, "spot", "BTCUSDT");
    const clause: ScopeClause = { kinds: [...BOTH], bybit: { categories: ["spot"] } };
    const signal = AbortSignal.timeout(5000);
    const left = await listOpen(adapter, clause, signal);
    assertEquals(left.length, 11);
    const outcome = await cancelRemaining(adapter, left, clause, signal);
    assertEquals([outcome.acknowledged.length, outcome.failures.length], [11, 0]);
    assertEquals(openIds(state, account), []);
    const count = (p: string) => server.state.counts.get(`bybit POST ${p}`) ?? 0;
    // One cancel-all per symbol and kind (tpslOrder, StopOrder, OcoOrder, Bidirectional).
    assertEquals([count("/v5/order/cancel-all"), count("/v5/order/cancel-batch")], [4, 1]);
  });
});

Deno.test("a spot TP/SL order the plan missed is cancelled in the verify loop, not retried forever", async () => {
  await withSim(async (_server, state, account, adapter) => {
    const [id] = seed(state, account, 1, "spot", "ETHUSDT", "conditional");
    const clause: ScopeClause = {
      kinds: ["conditional"],
      symbols: ["ETHUSDT"],
      bybit: { categories: ["spot"] },
    };
    // No plan step ran: the order is found by the verifying listing only.
    const signal = AbortSignal.timeout(5000);
    const left = await listOpen(adapter, clause, signal);
    assertEquals(left.map((o) => o.id), [id]);
    await cancelRemaining(adapter, left, clause, signal);
    assertEquals(account.orders.get(id!)?.status, "canceled");
  });
});

Deno.test("batch items answered with error.mdx's other gone codes count as done, not as failures", async () => {
  // 170139 filled, 170143 not on the order book, 170190 cancel finished (error.mdx).
  for (const code of [170139, 170143, 170190]) {
    const fetch: typeof globalThis.fetch = () =>
      Promise.resolve(
        new Response(
          JSON.stringify({
            retCode: 0,
            retMsg: "OK",
            result: {
              list: [{ category: "spot", symbol: "BTCUSDT", orderId: "1", orderLinkId: "" }],
            },
            retExtInfo: { list: [{ code, msg: "gone" }] },
            time: 1,
          }),
          { status: 200 },
        ),
      );
    const adapter = createBybitAccount(
      new BybitClient({ apiKey: "k", secret: "s", transport: { fetch } }),
      "main",
    );
    const order = {
      venue: "bybit" as const,
      account: "main",
      id: "1",
      symbol: "BTCUSDT",
      kind: "regular" as const,
      market: "spot",
      status: "New",
    };
    const clause: ScopeClause = { kinds: ["regular"], bybit: { categories: ["spot"] } };
    const outcome = await cancelRemaining(adapter, [order], clause, AbortSignal.timeout(5000));
    assertEquals(outcome, { acknowledged: [], alreadyGone: ["1"], failures: [] }, String(code));
  }
});

Deno.test("more remaining orders than one batch holds re-issue the cheaper native cancel-all", async () => {
  await withSim(async (server, state, account, adapter) => {
    seed(state, account, 15, "spot", "BTCUSDT");
    const clause: ScopeClause = { kinds: ["regular"], bybit: { categories: ["spot"] } };
    const signal = AbortSignal.timeout(5000);
    const left = await listOpen(adapter, clause, signal);
    const outcome = await cancelRemaining(adapter, left, clause, signal);
    assertEquals(outcome.acknowledged.length, 15);
    const count = (p: string) => server.state.counts.get(`bybit POST ${p}`) ?? 0;
    assertEquals([count("/v5/order/cancel-batch"), count("/v5/order/cancel-all")], [0, 1]);
  });
});

Deno.test("cancelOrders() never cancels an order outside the clause", async () => {
  await withSim(async (_server, state, account, adapter) => {
    const [outside] = seed(state, account, 1, "linear", "ETHUSDT");
    const clause: ScopeClause = {
      kinds: ["regular"],
      symbols: ["BTCUSDT"],
      bybit: { categories: ["linear"] },
    };
    const foreign = {
      venue: "bybit" as const,
      account: "main",
      id: outside!,
      symbol: "ETHUSDT",
      kind: "regular" as const,
      market: "linear",
      status: "New",
      baseCoin: "ETH",
      settleCoin: "USDT",
    };
    const outcome = await cancelRemaining(adapter, [foreign], clause, AbortSignal.timeout(5000));
    assertEquals(outcome, { acknowledged: [], alreadyGone: [], failures: [] });
    assertEquals(account.orders.get(outside!)?.status, "open");
  });
});

Deno.test("listings normalise orders with market, kind and status; coins only as the venue states them", async () => {
  await withSim(async (server, state, account, adapter) => {
    seed(state, account, 1, "option", "SOL-26DEC25-200-C-USDT", "conditional");
    seed(state, account, 1, "inverse", "BTCUSDZ25");
    seed(state, account, 1, "spot", "ETHBTC");
    const brief = (orders: readonly OpenOrder[]) =>
      orders.map((o) => [o.market, o.symbol, o.baseCoin, o.settleCoin, o.kind, o.status]).sort();
    const bare = await listOpen(adapter, { kinds: [...BOTH] }, AbortSignal.timeout(5000));
    // A bare scope needs no coin: none is guessed from the names, and no metadata is read.
    assertEquals(brief(bare), [
      ["inverse", "BTCUSDZ25", undefined, undefined, "regular", "New"],
      ["option", "SOL-26DEC25-200-C-USDT", undefined, undefined, "conditional", "Untriggered"],
      ["spot", "ETHBTC", undefined, undefined, "regular", "New"],
    ]);
    assertEquals(server.state.counts.get("bybit GET /v5/market/instruments-info") ?? 0, 0);
    const scoped = await listOpen(
      adapter,
      { kinds: [...BOTH], settleCoins: ["USDT", "BTC"] },
      AbortSignal.timeout(5000),
    );
    assertEquals(brief(scoped), [
      ["inverse", "BTCUSDZ25", undefined, "BTC", "regular", "New"],
      ["option", "SOL-26DEC25-200-C-USDT", "SOL", "USDT", "conditional", "Untriggered"],
      ["spot", "ETHBTC", "ETH", "BTC", "regular", "New"],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Symbols and coins: what the venue states (instruments-info), never the spelling
// ---------------------------------------------------------------------------------------------

const metadataCalls = (server: RunningServer) =>
  server.state.counts.get("bybit GET /v5/market/instruments-info") ?? 0;

Deno.test("a spot pair quoted in a coin its name does not spell the usual way is in a settle-coin scope", async () => {
  await withSim(async (server, state, account, adapter) => {
    const brz = seed(state, account, 2, "spot", "USDTBRZ");
    const usdt = seed(state, account, 2, "spot", "BTCUSDT");
    const clause: ScopeClause = {
      kinds: [...BOTH],
      settleCoins: ["BRZ"],
      bybit: { categories: ["spot"] },
    };
    await drive(adapter, clause);
    assert(brz.every((id) => account.orders.get(id)?.status === "canceled"), "BRZ pair canceled");
    assertEquals(openIds(state, account), usdt.sort());
    // The spot table is one page, read once and reused for the run.
    assertEquals(metadataCalls(server), 1);
  });
});

Deno.test("a symbol refused by a category instruments-info does not list it in counts as nothing there", async () => {
  await withSim(async (server, state, account, adapter) => {
    // ETHBTC reads like a linear contract, but the venue lists it as a spot pair only.
    const spot = seed(state, account, 3, "spot", "ETHBTC");
    const other = seed(state, account, 2, "linear", "ETHUSDT");
    const clause: ScopeClause = { kinds: ["regular"], symbols: ["ETHBTC"] };
    assertEquals(await drive(adapter, clause), 0);
    assert(spot.every((id) => account.orders.get(id)?.status === "canceled"));
    assertEquals(openIds(state, account), other.sort());
    const count = (p: string) => server.state.counts.get(`bybit POST ${p}`) ?? 0;
    // Sent to every category at once (no extra round trip); linear, inverse and option refuse
    // it with 10001, which counts as nothing there because instruments-info does not list it.
    assertEquals(count("/v5/order/cancel-all"), 4);
    // spot (one table) + linear, inverse, option (per symbol; linear and inverse also ask for
    // pre-market contracts when the default answer is empty), once for the whole run
    assertEquals(metadataCalls(server), 6);
  });
});

Deno.test("a contract whose base coin carries a multiplier is matched by the venue's base coin", async () => {
  await withSim(async (_server, state, account, adapter) => {
    const shib = seed(state, account, 2, "linear", "SHIB1000USDT");
    const btc = seed(state, account, 2, "linear", "BTCUSDT");
    const clause: ScopeClause = {
      kinds: [...BOTH],
      baseCoins: ["SHIB1000"],
      settleCoins: ["USDT"],
      bybit: { categories: ["linear"] },
    };
    await drive(adapter, clause);
    assert(shib.every((id) => account.orders.get(id)?.status === "canceled"));
    assertEquals(openIds(state, account), btc.sort());
  });
});

Deno.test("an order on a symbol instruments-info does not list is never silently out of a coin scope", async () => {
  await withSim(async (server, state, account, adapter) => {
    const [id] = seed(state, account, 1, "spot", "BTCUSDT");
    // The instrument is gone from the venue's table (delisted), the order is still listed.
    const order = account.orders.get(id!)!;
    account.orders.set(id!, { ...order, symbol: "OLD1BRZ" });
    const clause: ScopeClause = {
      kinds: [...BOTH],
      settleCoins: ["USDT"],
      bybit: { categories: ["spot"] },
    };
    const signal = AbortSignal.timeout(5000);
    const left = await listOpen(adapter, clause, signal);
    assertEquals(left.map((o) => [o.id, o.settleCoin]), [[id, undefined]]);
    const outcome = await cancelRemaining(adapter, left, clause, signal);
    assertEquals(outcome.acknowledged, []);
    assertEquals(outcome.failures.map((f) => f.id), [id]);
    assertMatch(outcome.failures[0]!.message, /instruments-info does not list it/);
    assertEquals(account.orders.get(id!)?.status, "open", "not cancelled on a guess");
    assert(metadataCalls(server) >= 1);
  });
});

Deno.test("a bare scope never reads instrument metadata", async () => {
  await withSim(async (server, state, account, adapter) => {
    seedMix(state, account);
    assertEquals(await drive(adapter, { kinds: [...BOTH] }) >= 0, true);
    assertEquals(openIds(state, account), []);
    assertEquals(metadataCalls(server), 0);
  });
});

Deno.test("a run whose plan missed spot TP/SL and stop orders ends FLAT, not looping to the deadline", async () => {
  await withSim(async (server, state, account, adapter) => {
    seed(state, account, 8, "spot", "ETHUSDT", "conditional");
    // Every cancel-all of the plan is refused: the verify rounds must reach the orders.
    server.state.addFault({
      venue: "bybit",
      path: "/v5/order/cancel-all",
      kind: "code",
      code: "10001",
      count: 4,
    });
    const report = await cancelAllRun(
      Scope.all().venues("bybit").kinds("conditional").refine(bybitScope({ categories: ["spot"] })),
      [adapter],
      { deadlineMs: 3000 },
    );
    assertEquals(report.accounts[0]?.status, "FLAT", report.accounts[0]?.reason);
    assertEquals(openIds(state, account), []);
  });
});

Deno.test("a refusal of a symbol instruments-info does list is an error, never nothing", async () => {
  await withSim(async (server, state, account, adapter) => {
    seed(state, account, 2, "linear", "BTCUSDT");
    server.state.addFault({
      venue: "bybit",
      path: "/v5/order/realtime",
      kind: "code",
      code: "10001",
    });
    const clause: ScopeClause = {
      kinds: [...BOTH],
      symbols: ["BTCUSDT"],
      bybit: { categories: ["linear"] },
    };
    await assertRejects(() => listOpen(adapter, clause, AbortSignal.timeout(5000)), VenueError);
  });
});

Deno.test("a symbol step sends its cancel and one instruments-info lookup, not one after the other", async () => {
  await withSim(async (server, state, account, adapter) => {
    seed(state, account, 3, "linear", "BTCUSDT");
    const clause: ScopeClause = {
      kinds: [...BOTH],
      symbols: ["BTCUSDT"],
      bybit: { categories: ["linear"] },
    };
    const signal = AbortSignal.timeout(5000);
    const [step] = adapter.compile(clause).steps;
    const outcome = await step!.run(signal);
    assertEquals(outcome.acknowledged.length, 3);
    assertEquals(metadataCalls(server), 1, "asked alongside the cancel, not before it");
  });
});
