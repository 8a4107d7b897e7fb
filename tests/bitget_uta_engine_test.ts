// Bitget unified trading accounts (v3) end to end through the real engine against the
// simulator: UTA, classic and auto-detected accounts each end FLAT (conditional orders, several
// categories, more than 20 orders left for batch cancels), and a wrong mode is named.
import { REFINEMENTS, type TypedClause } from "../venues/registry.ts";
import { bitgetScope } from "../venues/bitget/scope.ts";
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { cancelAll, type Report, Scope } from "../mod.ts";
import { listAll } from "../engine/run.ts";
import type { AccountAdapter } from "../engine/types.ts";
import { bitgetSim } from "../sim/bitget.ts";
import { setBitgetAccountMode } from "../sim/bitget_uta.ts";
import { isActive, type SimState } from "../sim/core.ts";
import { startServer } from "../sim/server.ts";
import {
  BitgetClient,
  BitgetUtaClient,
  createBitgetAccount,
  createBitgetAutoAccount,
  createBitgetUtaAccount,
} from "../venues/bitget/mod.ts";

const FAST = { backoffBaseMs: 1, backoffMaxMs: 5 };

function creds(state: SimState, index: number, origin: string) {
  const a = state.account("bitget", index);
  return {
    apiKey: a.apiKey,
    secret: a.secret,
    passphrase: a.passphrase,
    baseUrl: origin,
    transport: FAST,
  };
}

function seed(
  state: SimState,
  index: number,
  count: number,
  market?: string,
  kind: "regular" | "conditional" = "regular",
): string[] {
  const account = state.account("bitget", index);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const order = bitgetSim.makeOrder(
      account,
      { venue: "bitget", account: index, count: 1, market, kind },
      state,
    );
    account.orders.set(order.id, order);
    ids.push(order.id);
  }
  return ids;
}

const openCount = (state: SimState, index: number) =>
  [...state.account("bitget", index).orders.values()].filter(isActive).length;
const count = (state: SimState, endpoint: string) => state.counts.get(`bitget ${endpoint}`) ?? 0;

async function withSim(fn: (state: SimState, origin: string) => Promise<void>) {
  const server = startServer([bitgetSim], { accounts: 3 });
  try {
    await fn(server.state, server.origin);
  } finally {
    await server.close();
  }
}

async function run(adapters: AccountAdapter[], scope = Scope.all()): Promise<Report> {
  return await cancelAll(scope, adapters, { deadlineMs: 10_000, verifyBackoffMs: 1 });
}

Deno.test("a UTA account with orders in all five categories and strategy orders ends FLAT", async () => {
  await withSim(async (state, origin) => {
    setBitgetAccountMode(state, 0, "uta");
    for (const c of ["SPOT", "MARGIN", "USDT-FUTURES", "COIN-FUTURES", "USDC-FUTURES"]) {
      seed(state, 0, 7, c);
      seed(state, 0, 3, c, "conditional");
    }
    const adapter = createBitgetUtaAccount(new BitgetUtaClient(creds(state, 0, origin)), "uta");
    const report = await run([adapter]);
    const acc = report.accounts[0]!;
    assertEquals(acc.status, "FLAT", acc.reason);
    assertEquals(openCount(state, 0), 0);
    // One cancel-symbol-order per category; each strategy order canceled on its own.
    assertEquals(count(state, "POST /api/v3/trade/cancel-symbol-order"), 5);
    assertEquals(count(state, "POST /api/v3/trade/cancel-strategy-order"), 15);
    // Never a classic call.
    assert(![...state.counts.keys()].some((k) => k.includes("/api/v2/mix/")));
  });
});

Deno.test("a UTA account: more than 20 orders left after a partial failure are batch-canceled 20 at a time", async () => {
  await withSim(async (state, origin) => {
    setBitgetAccountMode(state, 0, "uta");
    // Only one category holds orders, so the fault lands on its bulk cancel whatever the order
    // the five per-category calls arrive in (a call with nothing to cancel leaves the fault).
    seed(state, 0, 45, "USDT-FUTURES");
    // The bulk cancel keeps 45 orders open (per-item code 40725): the verify round cancels them.
    state.addFault({
      venue: "bitget",
      path: "/api/v3/trade/cancel-symbol-order",
      kind: "partial-failure",
      orders: 45,
      count: 1,
    });
    const adapter = createBitgetUtaAccount(new BitgetUtaClient(creds(state, 0, origin)), "uta");
    const report = await run([adapter], Scope.all().kinds("regular"));
    const acc = report.accounts[0]!;
    assertEquals(acc.status, "FLAT", acc.reason);
    assertEquals(openCount(state, 0), 0);
    // 45 USDT-FUTURES orders: three cancel-batch calls (20, 20, 5), one category each.
    assertEquals(count(state, "POST /api/v3/trade/cancel-batch"), 3);
    assert(acc.errors.some((e) => e.code === "40725"), "the per-item failure is surfaced");
  });
});

Deno.test("a classic account, a UTA account and an auto account (of each mode) end FLAT together, auto with no probe", async () => {
  const server = startServer([bitgetSim], { accounts: 4 });
  try {
    const state = server.state;
    setBitgetAccountMode(state, 1, "uta");
    setBitgetAccountMode(state, 3, "uta");
    for (const i of [0, 2]) {
      seed(state, i, 12);
      seed(state, i, 4, undefined, "conditional");
    }
    for (const i of [1, 3]) {
      for (const c of ["SPOT", "USDT-FUTURES", "COIN-FUTURES"]) {
        seed(state, i, 6, c);
        seed(state, i, 2, c, "conditional");
      }
    }
    const o = server.origin;
    const adapters = [
      createBitgetAccount(new BitgetClient(creds(state, 0, o)), "classic"),
      createBitgetUtaAccount(new BitgetUtaClient(creds(state, 1, o)), "uta"),
      createBitgetAutoAccount(
        new BitgetClient(creds(state, 2, o)),
        new BitgetUtaClient(creds(state, 2, o)),
        "auto-classic",
      ),
      createBitgetAutoAccount(
        new BitgetClient(creds(state, 3, o)),
        new BitgetUtaClient(creds(state, 3, o)),
        "auto-uta",
      ),
    ];
    const report = await run(adapters);
    for (const acc of report.accounts) {
      assertEquals(acc.status, "FLAT", `${acc.account}: ${acc.reason}`);
    }
    for (const i of [0, 1, 2, 3]) assertEquals(openCount(state, i), 0, `account ${i}`);
    assertEquals(report.outcome, "FLAT");
    // Auto sent its first cancels to both APIs and learned the mode from the answers: no probe,
    // and the other API's refusals (40084, 40085) are not reported as errors.
    assertEquals(count(state, "GET /api/v3/account/settings"), 0);
    for (const acc of report.accounts.slice(2)) assertEquals(acc.errors, [], acc.account);
    const auto = adapters as unknown as Array<{ accountMode?: () => string | undefined }>;
    assertEquals(auto[2]!.accountMode?.(), "classic");
    assertEquals(auto[3]!.accountMode?.(), "uta");
  } finally {
    await server.close();
  }
});

Deno.test("a UTA account run as classic, and a classic one run as UTA, are UNKNOWN naming the mode to use", async () => {
  await withSim(async (state, origin) => {
    setBitgetAccountMode(state, 0, "uta");
    seed(state, 0, 3, "SPOT");
    seed(state, 1, 3);
    const report = await cancelAll(Scope.all(), [
      createBitgetAccount(new BitgetClient(creds(state, 0, origin)), "wrong-classic"),
      createBitgetUtaAccount(new BitgetUtaClient(creds(state, 1, origin)), "wrong-uta"),
    ], { deadlineMs: 1500, verifyBackoffMs: 1 });
    const [a, b] = report.accounts;
    assertEquals(a!.status, "UNKNOWN");
    assertStringIncludes(a!.reason, "--bitget-mode uta");
    assert(a!.errors.some((e) => e.code === "40085"));
    assertEquals(b!.status, "UNKNOWN");
    assertStringIncludes(b!.reason, "--bitget-mode classic");
    assert(b!.errors.some((e) => e.code === "40084"));
    // Nothing was canceled on either.
    assertEquals(openCount(state, 0), 3);
    assertEquals(openCount(state, 1), 3);
  });
});

Deno.test("a UTA scope narrowed to categories and symbols cancels only those", async () => {
  await withSim(async (state, origin) => {
    setBitgetAccountMode(state, 0, "uta");
    seed(state, 0, 4, "SPOT");
    seed(state, 0, 4, "MARGIN");
    seed(state, 0, 6, "USDT-FUTURES");
    seed(state, 0, 2, "USDT-FUTURES", "conditional");
    const adapter = createBitgetUtaAccount(new BitgetUtaClient(creds(state, 0, origin)), "uta");
    const scope = Scope.all().refine(bitgetScope({ categories: ["SPOT", "USDT-FUTURES"] })).symbols(
      "BTCUSDT",
    );
    const report = await run([adapter], scope);
    assertEquals(report.accounts[0]!.status, "FLAT", report.accounts[0]!.reason);
    const left = [...state.account("bitget", 0).orders.values()].filter(isActive);
    assert(left.every((o) => o.market === "MARGIN" || o.symbol !== "BTCUSDT"), "out of scope only");
    assert(left.some((o) => o.market === "MARGIN"));
    assert(left.some((o) => o.symbol !== "BTCUSDT"));
  });
});

Deno.test("a base-coin scope on a UTA account sweeps by id and leaves other coins", async () => {
  await withSim(async (state, origin) => {
    setBitgetAccountMode(state, 0, "uta");
    seed(state, 0, 10);
    const adapter = createBitgetUtaAccount(new BitgetUtaClient(creds(state, 0, origin)), "uta");
    const report = await run([adapter], Scope.all().baseCoins("BTC"));
    assertEquals(report.accounts[0]!.status, "FLAT", report.accounts[0]!.reason);
    const left = [...state.account("bitget", 0).orders.values()].filter(isActive);
    assert(left.length > 0 && left.every((o) => o.baseCoin !== "BTC"));
    assertEquals(count(state, "POST /api/v3/trade/cancel-symbol-order"), 0);
  });
});

Deno.test("auto with nothing answered yet (a listing first) asks account/settings once", async () => {
  await withSim(async (state, origin) => {
    setBitgetAccountMode(state, 0, "uta");
    seed(state, 0, 4, "SPOT");
    const adapter = createBitgetAutoAccount(
      new BitgetClient(creds(state, 0, origin)),
      new BitgetUtaClient(creds(state, 0, origin)),
      "auto",
    );
    const signal = AbortSignal.timeout(5000);
    const listed = await Promise.all([
      listAll(adapter, [adapter.compile({ kinds: ["regular"] })], signal),
      listAll(adapter, [adapter.compile({ kinds: ["regular"] })], signal),
    ]);
    assertEquals(listed.map((l) => l.length), [4, 4]);
    assertEquals(adapter.accountMode(), "uta");
    assertEquals(count(state, "GET /api/v3/account/settings"), 1);
  });
});

Deno.test("Bitget categories survive Scope.fromClauses and are validated there", () => {
  const scope = Scope.all().refine(bitgetScope({ categories: ["SPOT", "MARGIN"] }));
  const again = Scope.fromClauses(JSON.parse(JSON.stringify(scope.clauses)), REFINEMENTS);
  const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
  assertEquals(plain(again.clauses), plain(scope.clauses));
  assertEquals((again.clauses[0] as TypedClause).bitget?.categories, ["SPOT", "MARGIN"]);
  let refused = "";
  try {
    Scope.fromClauses(
      [{ kinds: ["regular"], bitget: { categories: ["OPTION"] } }] as never,
      REFINEMENTS,
    );
  } catch (e) {
    refused = e instanceof Error ? e.message : String(e);
  }
  assertStringIncludes(refused, 'unknown Bitget category "OPTION"');
});
