// The engine against the simulator, all four venues: the scenarios an operator meets, a
// property test over random scopes and books, and the round-trip bound.

import { listAll } from "../engine/run.ts";
import { REFINEMENTS } from "../venues/registry.ts";
import { bybitScope } from "../venues/bybit/scope.ts";
import { bitgetScope } from "../venues/bitget/scope.ts";
import { assert, assertEquals } from "@std/assert";
import { cancelAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import type { AccountAdapter } from "../engine/types.ts";
import type { TypedClause as ScopeClause } from "../venues/registry.ts";
import type { Report } from "../engine/report.ts";
import { SimControl, type SimOrderView, type Simulator, startSimulator } from "../sim/mod.ts";
import { BitgetClient, createBitgetAccount } from "../venues/bitget/mod.ts";
import { BybitClient, createBybitAccount } from "../venues/bybit/mod.ts";
import { createOkxAccount, OkxSpreadClient } from "../venues/okx/mod.ts";
import { createP99Account, P99Client } from "../venues/p99/mod.ts";
import type { TransportOptions } from "../venues/transport.ts";
import { type VenueId, VENUES } from "../venues/types.ts";

const FAST: TransportOptions = { backoffBaseMs: 5, backoffMaxMs: 40, timeoutMs: 2000 };

function adaptersFor(sim: Simulator, transport: TransportOptions = FAST): AccountAdapter[] {
  const i = sim.info;
  const okx = i.okx.accounts[0]!;
  const bybit = i.bybit.accounts[0]!;
  const bitget = i.bitget.accounts[0]!;
  const p99 = i.p99.accounts[0]!;
  return [
    createOkxAccount(
      new OkxSpreadClient({
        apiKey: okx.apiKey,
        secret: okx.secret,
        passphrase: okx.passphrase ?? "",
        baseUrl: i.okx.baseUrl,
        transport,
      }),
    ),
    createBybitAccount(
      new BybitClient({
        apiKey: bybit.apiKey,
        secret: bybit.secret,
        baseUrl: i.bybit.baseUrl,
        transport,
      }),
    ),
    createBitgetAccount(
      new BitgetClient({
        apiKey: bitget.apiKey,
        secret: bitget.secret,
        passphrase: bitget.passphrase ?? "",
        baseUrl: i.bitget.baseUrl,
        transport,
      }),
    ),
    createP99Account(new P99Client({ jwt: p99.jwt ?? "", baseUrl: i.p99.baseUrl, transport })),
  ];
}

async function withWorld(
  fn: (w: { sim: Simulator; control: SimControl; adapters: AccountAdapter[] }) => Promise<void>,
  options: Parameters<typeof startSimulator>[0] = {},
): Promise<void> {
  const sim = await startSimulator(options);
  try {
    await fn({ sim, control: new SimControl(sim.origin), adapters: adaptersFor(sim) });
  } finally {
    await sim.close();
  }
}

function statusOf(report: Report): Record<string, string> {
  return Object.fromEntries(report.accounts.map((a) => [a.venue, a.status]));
}

async function openCount(control: SimControl, venue: VenueId): Promise<number> {
  return (await control.orders(venue, 0)).length;
}

async function countOf(control: SimControl, key: string): Promise<number> {
  return (await control.counts())[key] ?? 0;
}

// ---------------------------------------------------------------------------------------
// Scenarios, for every venue
// ---------------------------------------------------------------------------------------

Deno.test("every venue: nothing open ends FLAT after one listing", async () => {
  await withWorld(async ({ adapters }) => {
    const report = await cancelAll(Scope.all(), adapters);
    assertEquals(statusOf(report), { okx: "FLAT", bybit: "FLAT", bitget: "FLAT", p99: "FLAT" });
    assert(report.accounts.every((a) => a.rounds === 1));
  });
});

Deno.test("every venue: a few orders end FLAT and the books are empty", async () => {
  await withWorld(async ({ control, adapters }) => {
    for (const venue of VENUES) await control.seed({ venue, count: 4 });
    const report = await cancelAll(Scope.all(), adapters);
    assertEquals(report.outcome, "FLAT");
    for (const venue of VENUES) assertEquals(await openCount(control, venue), 0);
    assertEquals(report.totals.acknowledged >= 12, true); // OKX's mass cancel returns no ids
  });
});

Deno.test("every venue: more than one page of orders ends FLAT", async () => {
  await withWorld(async ({ control, adapters }) => {
    await control.seed({ venue: "okx", count: 230 }); // pages of 100
    await control.seed({ venue: "bybit", count: 130, market: "spot", symbol: "BTCUSDT" }); // pages of 50
    await control.seed({ venue: "bitget", count: 250, market: "USDT-FUTURES", symbol: "BTCUSDT" }); // 100
    await control.seed({ venue: "p99", count: 450 }); // pages of 200
    // Verify through listings that really page: the first listing must still see them all.
    for (const a of adapters) {
      const account = a;
      const open = await listAll(
        account,
        [account.compile(Scope.all().clauses[0]!)],
        AbortSignal.timeout(5000),
      );
      assertEquals(open.length, { okx: 230, bybit: 130, bitget: 250, p99: 450 }[a.venue]);
    }
    const report = await cancelAll(Scope.all(), adapters);
    assertEquals(report.outcome, "FLAT");
    for (const venue of VENUES) assertEquals(await openCount(control, venue), 0);
  });
});

Deno.test("Bybit above 500 futures orders: cancel-all again until the random 500-cap leaves none", async () => {
  await withWorld(async ({ control, adapters }) => {
    await control.seed({ venue: "bybit", count: 1200, market: "linear", symbol: "BTCUSDT" });
    const report = await cancelAll(
      Scope.all().venues("bybit").refine(bybitScope({ categories: ["linear"] })),
      adapters,
    );
    assertEquals(report.outcome, "FLAT");
    assertEquals(await openCount(control, "bybit"), 0);
    assert(await countOf(control, "bybit POST /v5/order/cancel-all") >= 4); // 2 settle coins + re-issues
    assertEquals(report.accounts[0]?.acknowledged.length, 1200);
  });
});

Deno.test("OKX delayed removal: the ack is not trusted, the engine lists until the book is empty", async () => {
  await withWorld(async ({ control, adapters }) => {
    await control.configure({ okxCancelDelayMs: 300 });
    await control.seed({ venue: "okx", count: 20 });
    const report = await cancelAll(Scope.all().venues("okx"), adapters);
    assertEquals(report.outcome, "FLAT");
    assert((report.accounts[0]?.rounds ?? 0) >= 2, "the first listing still showed the orders");
    assertEquals(await openCount(control, "okx"), 0);
  });
});

Deno.test("Bitget failureList: the failed orders are reported and canceled in the verify round", async () => {
  await withWorld(async ({ control, adapters }) => {
    await control.seed({ venue: "bitget", count: 10, market: "USDT-FUTURES", symbol: "BTCUSDT" });
    await control.fault({
      venue: "bitget",
      path: "/cancel-all-orders",
      kind: "partial-failure",
      orders: 3,
      count: 1,
    });
    // One product type, so the one faulted cancel-all is the one that holds the orders.
    const scope = Scope.all().venues("bitget").refine(
      bitgetScope({ productTypes: ["USDT-FUTURES"] }),
    );
    const report = await cancelAll(scope, adapters);
    assertEquals(report.outcome, "FLAT");
    const account = report.accounts[0]!;
    assertEquals(account.errors.filter((e) => e.kind === "item").length, 3);
    assert(account.rounds >= 2);
    assertEquals(await openCount(control, "bitget"), 0);
  });
});

Deno.test("p99 503 bursts: ENGINE_BUSY is retried with backoff and ends FLAT", async () => {
  await withWorld(async ({ control, adapters }) => {
    await control.seed({ venue: "p99", count: 15 });
    await control.fault({
      venue: "p99",
      method: "DELETE",
      kind: "code",
      code: "ENGINE_BUSY",
      count: 2,
    });
    const report = await cancelAll(Scope.all().venues("p99"), adapters);
    assertEquals(report.outcome, "FLAT");
    assertEquals(report.accounts[0]?.requests.retries, 2);
    assertEquals(await countOf(control, "p99 DELETE /api/v1/spot/orders"), 3);
    assertEquals(await openCount(control, "p99"), 0);
  });
});

Deno.test("every venue: orders placed during the sweep are caught by the verify rounds", async () => {
  await withWorld(async ({ control, adapters }) => {
    for (const venue of VENUES) {
      await control.seed({ venue, count: 5 });
      await control.fault({ venue, kind: "reappear", orders: 3, count: 1 });
    }
    const report = await cancelAll(Scope.all(), adapters);
    assertEquals(report.outcome, "FLAT");
    for (const venue of VENUES) {
      // 5 seeded + 3 placed after the first cancel landed: all gone, none missed.
      assertEquals((await control.orders(venue, 0, true)).length, 8, venue);
      assertEquals(await openCount(control, venue), 0);
    }
  });
});

Deno.test("a venue that stays down is UNKNOWN and the others are still FLAT", async () => {
  await withWorld(async ({ control, adapters }) => {
    for (const venue of VENUES) await control.seed({ venue, count: 3 });
    await control.fault({ venue: "bybit", kind: "http", status: 502 });
    const started = performance.now();
    const report = await cancelAll(Scope.all(), adapters, { deadlineMs: 2000 });
    assertEquals(statusOf(report), { okx: "FLAT", bybit: "UNKNOWN", bitget: "FLAT", p99: "FLAT" });
    assert(performance.now() - started < 3000);
    const bybit = report.accounts.find((a) => a.venue === "bybit")!;
    assert(
      bybit.errors.some((e) => e.status === 502 || e.kind === "transient"),
      JSON.stringify(bybit.errors),
    );
    for (const venue of ["okx", "bitget", "p99"] as const) {
      assertEquals(await openCount(control, venue), 0);
    }
    // The healthy venues were not held back by the one that was down. (Bitget's blind
    // trigger-order cancels, 6 plan types x 3 product types at 10/s, need a second window.)
    for (const a of report.accounts.filter((a) => a.venue !== "bybit")) {
      assert(a.timings.totalMs < (a.venue === "bitget" ? 2000 : 1000), `${a.venue}`);
    }
  });
});

Deno.test("the deadline running out: NOT FLAT with every survivor listed", async () => {
  await withWorld(async ({ control, adapters }) => {
    for (const venue of VENUES) await control.seed({ venue, count: 3 });
    await control.fault({ venue: "p99", kind: "reappear", orders: 2 }); // a strategy that never stops
    // Long enough for Bitget's 18 blind trigger-order cancels (a second 10/s window): with
    // fewer of them answered, an empty Bitget listing is UNKNOWN, never FLAT.
    const report = await cancelAll(Scope.all(), adapters, { deadlineMs: 1600 });
    assertEquals(statusOf(report), { okx: "FLAT", bybit: "FLAT", bitget: "FLAT", p99: "NOT_FLAT" });
    const p99 = report.accounts.find((a) => a.venue === "p99")!;
    const open = (await control.orders("p99", 0)).map((o) => o.id).sort();
    assertEquals(p99.remaining.map((o) => o.id).sort(), open);
    assert(open.length > 0);
  });
});

// ---------------------------------------------------------------------------------------
// Property: random scopes over random books
// ---------------------------------------------------------------------------------------

/** Whether the simulator's order is in the clause: written from the scope's definition, not from the adapters. */
function refInClause(venue: VenueId, o: SimOrderView, c: ScopeClause): boolean {
  const eq = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();
  if (c.venues && !c.venues.includes(venue)) return false;
  if (!c.kinds.includes(o.kind)) return false;
  if (c.symbols && !c.symbols.some((s) => eq(s, o.symbol))) return false;
  if (c.baseCoins && !c.baseCoins.includes(o.baseCoin)) return false;
  if (c.settleCoins && !c.settleCoins.includes(o.settleCoin)) return false;
  if (venue === "okx" && c.okx?.sprdIds && !c.okx.sprdIds.includes(o.symbol)) return false;
  if (
    venue === "bybit" && c.bybit?.categories && !(c.bybit.categories as string[]).includes(o.market)
  ) {
    return false;
  }
  if (venue === "bitget") {
    if (c.bitget?.productTypes && !(c.bitget.productTypes as string[]).includes(o.market)) {
      return false;
    }
    if (c.bitget?.marginCoins && !c.bitget.marginCoins.includes(o.settleCoin)) return false;
  }
  if (venue === "p99" && c.p99?.symbols && !c.p99.symbols.includes(o.symbol)) return false;
  return true;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, xs: readonly T[], max: number): T[] {
  const n = 1 + Math.floor(r() * Math.min(max, xs.length));
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) {
    out.push(pool.splice(Math.floor(r() * pool.length), 1)[0]!);
  }
  return out;
}

function randomClause(r: () => number, symbols: readonly string[]): ScopeClause {
  const kinds = pick(r, ["regular", "conditional"] as const, 2);
  const c: {
    -readonly [K in keyof ScopeClause]: ScopeClause[K];
  } = { kinds };
  if (r() < 0.5) c.venues = pick(r, VENUES, 3);
  if (r() < 0.3) c.symbols = pick(r, symbols, 3);
  if (r() < 0.25) c.baseCoins = pick(r, ["BTC", "ETH", "SOL"], 2);
  if (r() < 0.25) c.settleCoins = pick(r, ["USDT", "USDC", "BTC"], 2);
  if (r() < 0.2) {
    c.bybit = { categories: pick(r, ["spot", "linear", "inverse", "option"] as const, 2) };
  }
  if (r() < 0.2) {
    c.bitget = {
      productTypes: pick(r, ["USDT-FUTURES", "COIN-FUTURES", "USDC-FUTURES"] as const, 2),
    };
  }
  if (r() < 0.1) c.okx = { sprdIds: pick(r, symbols.filter((s) => s.includes("_")), 2) };
  if (r() < 0.1) c.p99 = { symbols: pick(r, ["DFUSDT", "BTCUSDT", "ETHUSDT", "BTCUSDC"], 2) };
  return c;
}

Deno.test("property: a FLAT report is true, and no order outside the scope is touched", async () => {
  const seed = Number(Deno.env.get("KILLSWITCH_PROPERTY_SEED") ?? 20261122);
  const r = rng(seed);
  await withWorld(async ({ control, adapters }) => {
    await control.configure({ okxCancelDelayMs: 5 });
    for (let round = 0; round < 8; round++) {
      await control.reset();
      for (const venue of VENUES) await control.seed({ venue, count: 24 });
      await control.seed({ venue: "bybit", count: 8, kind: "conditional" });
      await control.seed({ venue: "bitget", count: 8, kind: "conditional" });
      const before = new Map<VenueId, SimOrderView[]>();
      for (const venue of VENUES) before.set(venue, await control.orders(venue, 0));
      const symbols = [...new Set([...before.values()].flat().map((o) => o.symbol))];
      const clauses = [randomClause(r, symbols)];
      if (r() < 0.25) clauses.push(randomClause(r, symbols));
      const scope = Scope.fromClauses(clauses, REFINEMENTS);
      const report = await cancelAll(scope, adapters, { deadlineMs: 5000 });
      const label = `seed ${seed} round ${round}: ${scope}`;
      for (const venue of VENUES) {
        const after = new Set((await control.orders(venue, 0)).map((o) => o.id));
        const inScope = (o: SimOrderView) => clauses.some((c) => refInClause(venue, o, c));
        for (const o of before.get(venue) ?? []) {
          if (!inScope(o)) {
            assert(after.has(o.id), `${label}: ${venue} ${o.symbol} ${o.kind} ${o.id} was touched`);
          }
        }
        const account = report.accounts.find((a) => a.venue === venue);
        const survivors = (before.get(venue) ?? []).filter((o) => inScope(o) && after.has(o.id));
        if (account === undefined) {
          assertEquals(survivors.length, 0, `${label}: ${venue} had orders in scope but no plan`);
        } else {
          assertEquals(account.status, "FLAT", `${label}: ${venue} ${account.reason}`);
          assertEquals(
            survivors.map((o) => o.id),
            [],
            `${label}: ${venue} reported FLAT with orders left`,
          );
        }
      }
    }
  });
});

// ---------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------

Deno.test("four venues, every order fits one call: one cancel round trip plus one listing", async () => {
  const latency = 150;
  await withWorld(async ({ control, adapters }) => {
    for (const venue of VENUES) await control.seed({ venue, count: 20 });
    await control.latency(latency);
    const report = await cancelAll(Scope.all(), adapters);
    assertEquals(report.outcome, "FLAT");
    for (const a of report.accounts) {
      assertEquals(a.rounds, 1, `${a.venue} listed more than once`);
      assertEquals(a.requests.retries, 0, a.venue);
      // Bitget sends 18 blind cancel-plan-order requests (6 plan types x 3 product types)
      // at 10/s: its cancel phase is two round trips, one rate-limit window apart.
      const wait = a.venue === "bitget" ? 1000 + latency : 0;
      // Two round trips take 2 x latency; three would take at least 3 x latency.
      assert(a.timings.totalMs < wait + 2.8 * latency, `${a.venue}: ${a.timings.totalMs} ms`);
      assert(
        a.timings.cancelMs < wait + 1.8 * latency,
        `${a.venue} cancel phase: ${a.timings.cancelMs} ms`,
      );
    }
  });
});
