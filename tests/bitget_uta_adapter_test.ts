// Bitget on engine contract v2, below the engine: what the unified (v3) and auto adapters
// compile (typed client parameters, display records), how the Bitget refinement judges orders
// of either API, and an auto account that lists in the wrong mode first.
import { assertEquals, assertStringIncludes } from "@std/assert";
import { membership } from "../engine/match.ts";
import { stepView } from "../engine/plan.ts";
import { cancelAll, listAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import type { OpenOrder } from "../engine/types.ts";
import { bitgetSim } from "../sim/bitget.ts";
import { setBitgetAccountMode } from "../sim/bitget_uta.ts";
import { isActive } from "../sim/core.ts";
import { startServer } from "../sim/server.ts";
import {
  BitgetClient,
  BitgetUtaClient,
  createBitgetAccount,
  createBitgetAutoAccount,
  createBitgetUtaAccount,
} from "../venues/bitget/mod.ts";
import { BITGET_REFINEMENT } from "../venues/bitget/scope.ts";
import type { TypedClause } from "../venues/registry.ts";

const creds = { apiKey: "k", secret: "s", passphrase: "p" };
const uta = createBitgetUtaAccount(new BitgetUtaClient(creds), "uta");
const H = "api.bitget.com";

Deno.test("UTA steps carry the client's own parameters; the display record shows the same", () => {
  const c = uta.compile({ kinds: ["regular"], symbols: ["BTCUSDT"] });
  assertEquals(c.steps.map((s) => s.params), [
    { category: "SPOT", symbol: "BTCUSDT" },
    { category: "MARGIN", symbol: "BTCUSDT" },
    { category: "USDT-FUTURES", symbol: "BTCUSDT" },
  ]);
  assertEquals(c.steps.map(stepView)[2], {
    action: "cancel-all",
    request: {
      method: "POST",
      host: H,
      path: "/api/v3/trade/cancel-symbol-order",
      params: { category: "USDT-FUTURES", symbol: "BTCUSDT" },
    },
    note: "USDT-FUTURES BTCUSDT: every regular order",
  });
  assertEquals(c.listings.map((l) => l.request.params.category), [
    "SPOT",
    "MARGIN",
    "USDT-FUTURES",
  ]);
});

Deno.test("UTA coin scopes and strategy orders are sweeps whose params are the listing inputs", () => {
  const c = uta.compile({ kinds: ["regular", "conditional"], baseCoins: ["ETH"] });
  assertEquals(c.steps.length, 10);
  assertEquals(c.steps.every((s) => s.action === "sweep"), true);
  assertEquals(c.steps[0]?.params, { category: "SPOT" });
  assertEquals(c.steps[1]?.params, [
    { category: "SPOT" },
    { category: "SPOT", type: "tpsl" },
    { category: "SPOT", type: "trigger" },
  ]);
  assertEquals(c.listings.length, 5 * 4);
});

Deno.test("UTA and classic reach the same markets for a margin coin: futures only where it can margin", () => {
  const clause: TypedClause = { kinds: ["regular"], bitget: { marginCoins: ["BTC"] } };
  assertEquals(uta.compile(clause).steps.map((s) => s.params), [
    { category: "SPOT" },
    { category: "MARGIN" },
    { category: "COIN-FUTURES" },
  ]);
  const classic = createBitgetAccount(new BitgetClient(creds), "classic");
  assertEquals(classic.compile(clause).steps.map((s) => s.params), [
    { productType: "COIN-FUTURES", marginCoin: "BTC" },
  ]);
  // USDC can margin USDC-M futures only, and be the quote of spot and margin pairs.
  const usdc = uta.compile({ kinds: ["regular"], settleCoins: ["USDC"] });
  assertEquals(usdc.steps.map((s) => s.params), [
    { category: "SPOT" },
    { category: "MARGIN" },
    { category: "USDC-FUTURES" },
  ]);
});

Deno.test("auto compiles both modes' steps, each marked, with the inner adapters' parameters", () => {
  const auto = createBitgetAutoAccount(new BitgetClient(creds), new BitgetUtaClient(creds));
  const c = auto.compile({ kinds: ["regular"], bitget: { productTypes: ["USDT-FUTURES"] } });
  assertEquals(c.steps.map((s) => [s.note, s.params]), [
    ["if UTA: USDT-FUTURES all symbols: every regular order", { category: "USDT-FUTURES" }],
    ["if classic: USDT-FUTURES all margin coins", { productType: "USDT-FUTURES" }],
  ]);
  assertEquals(c.listings.length, 1 + 2);
});

function order(market: string, extra: Partial<OpenOrder> = {}): OpenOrder {
  return {
    venue: "bitget",
    account: "a",
    id: "1",
    symbol: "BTCUSDT",
    kind: "regular",
    market,
    status: "live",
    baseCoin: "BTC",
    settleCoin: "USDT",
    ...extra,
  };
}

Deno.test("the Bitget refinement judges markets of either API and leaves an unknown margin coin undecided", () => {
  const m = (o: OpenOrder, bitget: TypedClause["bitget"]) =>
    membership(o, { kinds: ["regular"], bitget }, BITGET_REFINEMENT);
  // Product types name their own markets and, on a unified account, their categories.
  assertEquals(m(order("USDT-FUTURES"), { productTypes: ["USDT-FUTURES"] }), "in");
  assertEquals(m(order("COIN-FUTURES"), { productTypes: ["USDT-FUTURES"] }), "out");
  assertEquals(m(order("SPOT"), { productTypes: ["USDT-FUTURES"] }), "out");
  assertEquals(m(order("SUSDT-FUTURES"), { productTypes: ["USDT-FUTURES"] }), "out");
  // Categories name themselves and the classic product types of their futures.
  assertEquals(m(order("SPOT"), { categories: ["SPOT"] }), "in");
  assertEquals(m(order("SUSDT-FUTURES"), { categories: ["USDT-FUTURES"] }), "in");
  assertEquals(m(order("MARGIN"), { categories: ["SPOT"] }), "out");
  // Margin coins: the settle coin; one not known is never guessed either way.
  assertEquals(m(order("SPOT"), { marginCoins: ["USDT"] }), "in");
  assertEquals(m(order("SPOT"), { marginCoins: ["USDC"] }), "out");
  assertEquals(m(order("SPOT", { settleCoin: undefined }), { marginCoins: ["USDT"] }), "undecided");
  assertEquals(
    m(order("SPOT", { settleCoin: undefined }), { marginCoins: ["USDT"], categories: ["MARGIN"] }),
    "out",
  );
});

Deno.test("a classic order of another account is never canceled through this one", async () => {
  const classic = createBitgetAccount(new BitgetClient(creds), "mine");
  const compiled = classic.compile({ kinds: ["regular"] });
  // Offline client: a cancel attempt would reject; nothing in scope means nothing is sent.
  const outcome = await classic.cancelOrders(
    [order("USDT-FUTURES", { account: "other" })],
    compiled,
    AbortSignal.timeout(1000),
  );
  assertEquals(outcome, { acknowledged: [], alreadyGone: [], failures: [] });
});

Deno.test("auto: a listing answered in the other mode switches once and lists that mode", async () => {
  const server = startServer([bitgetSim], { accounts: 1 });
  try {
    const state = server.state;
    setBitgetAccountMode(state, 0, "uta");
    const account = state.account("bitget", 0);
    for (let i = 0; i < 3; i++) {
      const o = bitgetSim.makeOrder(
        account,
        { venue: "bitget", account: 0, count: 1, market: "SPOT" },
        state,
      );
      account.orders.set(o.id, o);
    }
    // The settings probe is refused as a bad request: auto takes the account for classic.
    state.addFault({
      venue: "bitget",
      path: "/api/v3/account/settings",
      kind: "code",
      code: "40034",
      count: 1,
    });
    const options = {
      apiKey: account.apiKey,
      secret: account.secret,
      passphrase: account.passphrase,
      baseUrl: server.origin,
      transport: { backoffBaseMs: 1, backoffMaxMs: 5 },
    };
    const auto = createBitgetAutoAccount(
      new BitgetClient(options),
      new BitgetUtaClient(options),
      "auto",
    );
    const open = await listAll(
      auto,
      [auto.compile({ kinds: ["regular"] })],
      AbortSignal.timeout(5000),
    );
    assertEquals(open.length, 3);
    assertEquals(open.every((o) => o.market === "SPOT"), true);
    assertEquals(auto.accountMode(), "uta");
    // The classic listings were tried (and refused with 40085) before the unified ones.
    const count = (key: string) => state.counts.get(`bitget ${key}`) ?? 0;
    assertEquals(count("GET /api/v3/account/settings"), 1);
    assertEquals(count("GET /api/v2/mix/order/orders-pending") > 0, true);
    assertEquals(count("GET /api/v3/trade/unfilled-orders"), 5);
  } finally {
    await server.close();
  }
});

Deno.test("UTA: an order whose symbol hides its coins is left open under a coin scope, never canceled by guess", async () => {
  const server = startServer([bitgetSim], { accounts: 1 });
  try {
    const state = server.state;
    setBitgetAccountMode(state, 0, "uta");
    const account = state.account("bitget", 0);
    const ids: string[] = [];
    for (const symbol of ["BTCUSDT", "BTCUSDT", "ETHUSDT", "BTCXYZ"]) {
      const o = bitgetSim.makeOrder(
        account,
        { venue: "bitget", account: 0, count: 1, market: "SPOT", symbol: "BTCUSDT" },
        state,
      );
      o.symbol = symbol; // BTCXYZ: no quote coin Bitget's spot symbols are read against
      account.orders.set(o.id, o);
      ids.push(o.id);
    }
    const client = new BitgetUtaClient({
      apiKey: account.apiKey,
      secret: account.secret,
      passphrase: account.passphrase,
      baseUrl: server.origin,
      transport: { backoffBaseMs: 1, backoffMaxMs: 5 },
    });
    const report = await cancelAll(
      Scope.all().baseCoins("BTC").kinds("regular"),
      [createBitgetUtaAccount(client, "uta")],
      { deadlineMs: 5000, verifyBackoffMs: 1 },
    );
    const acc = report.accounts[0]!;
    assertEquals(acc.status, "UNKNOWN", acc.reason);
    assertStringIncludes(acc.reason, "1 open order(s)");
    assertStringIncludes(acc.reason, "whose coin is not known");
    assertEquals(acc.acknowledged.length, 2);
    const open = [...account.orders.values()].filter(isActive).map((o) => o.id).sort();
    // The BTC orders went; the ETH order and the undecided one are still open.
    assertEquals(open, [ids[2]!, ids[3]!].sort());
  } finally {
    await server.close();
  }
});
