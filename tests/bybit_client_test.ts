import { assert, assertEquals, assertRejects } from "@std/assert";
import { BybitClient } from "../venues/bybit/mod.ts";
import { bybitSim } from "../sim/bybit.ts";
import { type RunningServer, startServer } from "../sim/server.ts";
import type { SimAccount, SimState } from "../sim/core.ts";
import {
  AlreadyGoneError,
  AuthError,
  InputError,
  RateLimitError,
  ResponseFormatError,
  TransientError,
} from "../venues/errors.ts";
import type { TransportEvent } from "../venues/transport.ts";
import { seed } from "./_bybit.ts";
import { FakeClock } from "../venues/clock.ts";

const FAST = { backoffBaseMs: 1, backoffMaxMs: 5, timeoutMs: 2000 };

async function withSim(
  fn: (
    ctx: {
      server: RunningServer;
      state: SimState;
      account: SimAccount;
      client: BybitClient;
      count: (path: string, method?: string) => number;
    },
  ) => Promise<void>,
) {
  const server = startServer([bybitSim], { port: 0 });
  try {
    const account = server.state.account("bybit", 0);
    const client = new BybitClient({
      apiKey: account.apiKey,
      secret: account.secret,
      baseUrl: server.origin,
      transport: FAST,
    });
    const count = (path: string, method = "POST") =>
      server.state.counts.get(`bybit ${method} ${path}`) ?? 0;
    await fn({ server, state: server.state, account, client, count });
  } finally {
    await server.close();
  }
}

Deno.test("cancelOrder() cancels one order in the sim, then reports it gone", async () => {
  await withSim(async ({ state, account, client }) => {
    const [id, other] = seed(state, account, 2, "linear", "BTCUSDT");
    const ack = await client.cancelOrder({ category: "linear", symbol: "BTCUSDT", orderId: id! });
    assertEquals(ack.orderId, id);
    assertEquals(account.orders.get(id!)?.status, "canceled");
    assertEquals(account.orders.get(other!)?.status, "open");
    const e = await assertRejects(
      () => client.cancelOrder({ category: "linear", symbol: "BTCUSDT", orderId: id! }),
      AlreadyGoneError,
    );
    assertEquals(e.code, "110001");
    const spot = await assertRejects(
      () => client.cancelOrder({ category: "spot", symbol: "BTCUSDT", orderLinkId: "nope" }),
      AlreadyGoneError,
    );
    assertEquals(spot.code, "170213");
  });
});

Deno.test("cancelOrder() passes orderFilter for spot, so a spot TP/SL order can be reached", async () => {
  await withSim(async ({ state, account, client }) => {
    const [tpsl] = seed(state, account, 1, "spot", "ETHUSDT", "conditional");
    assertEquals(account.orders.get(tpsl!)?.extra.stopOrderType, "tpslOrder");
    const e = await assertRejects(
      () => client.cancelOrder({ category: "spot", symbol: "ETHUSDT", orderId: tpsl! }),
      AlreadyGoneError,
    );
    assertEquals(e.code, "170213");
    const ack = await client.cancelOrder({
      category: "spot",
      symbol: "ETHUSDT",
      orderId: tpsl!,
      orderFilter: "tpslOrder",
    });
    assertEquals(ack.orderId, tpsl);
    assertEquals(account.orders.get(tpsl!)?.status, "canceled");
    await assertRejects(
      () =>
        client.cancelOrder({
          category: "linear",
          symbol: "BTCUSDT",
          orderId: "x",
          orderFilter: "StopOrder",
        }),
      InputError,
      "orderFilter is only valid for category spot",
    );
  });
});

Deno.test("cancelAll() mass-cancels one settle coin and leaves every other order alone", async () => {
  await withSim(async ({ state, account, client }) => {
    seed(state, account, 30, "linear", "BTCUSDT");
    seed(state, account, 10, "linear", "ETHUSDT", "conditional");
    const keep = [
      ...seed(state, account, 7, "linear", "BTCPERP"),
      ...seed(state, account, 5, "spot", "BTCUSDT"),
    ];
    const { list, success } = await client.cancelAll({ category: "linear", settleCoin: "USDT" });
    assertEquals([list.length, success], [40, "1"]);
    const left = state.openOrders(account).map((o) => o.id).sort();
    assertEquals(left, keep.sort());
    assertEquals(await client.listOpenOrders({ category: "linear", settleCoin: "USDT" }), []);
  });
});

Deno.test("listOpenOrders() reads every page (50 per request) and returns conditional orders", async () => {
  await withSim(async ({ state, account, client, count }) => {
    const ids = [
      ...seed(state, account, 100, "inverse", "BTCUSD"),
      ...seed(state, account, 20, "inverse", "ETHUSD", "conditional"),
    ];
    seed(state, account, 9, "option", "BTC-26DEC25-100000-C");
    const orders = await client.listOpenOrders({ category: "inverse" });
    assertEquals(orders.map((o) => o.orderId).sort(), ids.sort());
    assertEquals(count("/v5/order/realtime", "GET"), 3);
    const conditional = orders.filter((o) =>
      o.stopOrderType !== "" && o.stopOrderType !== "UNKNOWN"
    );
    assertEquals(conditional.length, 20);
    assert(conditional.every((o) => o.orderStatus === "Untriggered"));
    assertEquals(
      (await client.listOpenOrders({ category: "inverse", baseCoin: "ETH" })).length,
      20,
    );
  });
});

Deno.test("a transient fault is retried and counted once more", async () => {
  await withSim(async ({ state, account, client, count }) => {
    seed(state, account, 3, "spot", "ETHUSDT");
    state.addFault({
      venue: "bybit",
      path: "/v5/order/cancel-all",
      kind: "http",
      status: 503,
      count: 1,
    });
    state.addFault({
      venue: "bybit",
      path: "/v5/order/cancel-all",
      kind: "code",
      code: "10016",
      count: 1,
    });
    const { list } = await client.cancelAll({ category: "spot" });
    assertEquals(list.length, 3);
    assertEquals(count("/v5/order/cancel-all"), 3);
  });
});

Deno.test("a 10006 fault is retried after the venue's reset time", async () => {
  await withSim(async ({ state, client, count }) => {
    state.addFault({
      venue: "bybit",
      path: "/v5/order/cancel-all",
      kind: "code",
      code: "10006",
      count: 1,
    });
    const events: TransportEvent[] = [];
    client.subscribe((e) => events.push(e));
    await client.cancelAll({ category: "spot" });
    assertEquals(count("/v5/order/cancel-all"), 2);
    const retry = events.find((e) => e.type === "retry");
    assert(retry && retry.type === "retry" && retry.error instanceof RateLimitError);
  });
});

Deno.test("clock skew: a 10002 triggers one server-time sync and a re-signed retry", async () => {
  await withSim(async ({ state, account, client, count }) => {
    seed(state, account, 2, "spot", "ETHUSDT");
    state.skewMs.set("bybit", -30_000);
    const events: TransportEvent[] = [];
    client.subscribe((e) => events.push(e));
    const { list } = await client.cancelAll({ category: "spot" });
    assertEquals(list.length, 2);
    assertEquals(count("/v5/order/cancel-all"), 2);
    assertEquals(count("/v5/market/time", "GET"), 1);
    const sync = events.find((e) => e.type === "clock-sync");
    assert(sync && sync.type === "clock-sync" && Math.abs(sync.offsetMs + 30_000) < 1000);
    // The next call is signed with the corrected clock straight away.
    await client.listOpenOrders({ category: "spot" });
    assertEquals(count("/v5/market/time", "GET"), 1);
  });
});

Deno.test("bad input sends nothing to the sim", async () => {
  await withSim(async ({ server, client }) => {
    await assertRejects(
      () => client.cancelAll({ category: "linear" }),
      InputError,
      "symbol or baseCoin or settleCoin",
    );
    await assertRejects(() => client.listOpenOrders({ category: "linear" }), InputError);
    await assertRejects(
      () => client.cancelOrder({ category: "spot", symbol: "BTCUSDT" }),
      InputError,
    );
    assertEquals(server.state.counts.size, 0);
  });
});

Deno.test("HTML, truncated and malformed answers become ResponseFormatError, not crashes", async () => {
  await withSim(async ({ state, client }) => {
    const noRetry = new BybitClient({
      apiKey: state.account("bybit", 0).apiKey,
      secret: state.account("bybit", 0).secret,
      baseUrl: client.baseUrl,
      transport: { ...FAST, maxRetries: 0 },
    });
    for (const kind of ["html", "truncated", "malformed"] as const) {
      // An HTML page at 200 is a format error; at 5xx it is the status that counts.
      state.addFault({ venue: "bybit", kind, count: 1, status: kind === "html" ? 200 : undefined });
      await assertRejects(() => noRetry.cancelAll({ category: "spot" }), ResponseFormatError);
    }
    state.addFault({ venue: "bybit", kind: "drop", count: 1 });
    await assertRejects(() => noRetry.cancelAll({ category: "spot" }), TransientError);
    state.addFault({ venue: "bybit", kind: "code", code: "", status: 403, count: 1 });
    const ban = await assertRejects(() => noRetry.cancelAll({ category: "spot" }), RateLimitError);
    assertEquals(ban.retryAfterMs, 600_000);
  });
});

Deno.test("a wrong secret is an AuthError (10004) and is not retried", async () => {
  await withSim(async ({ server, account, count }) => {
    const client = new BybitClient({
      apiKey: account.apiKey,
      secret: "wrong-secret",
      baseUrl: server.origin,
      transport: FAST,
    });
    const e = await assertRejects(() => client.cancelAll({ category: "spot" }), AuthError);
    assertEquals([e.code, e.status], ["10004", 200]);
    assertEquals(count("/v5/order/cancel-all"), 1);
    const stranger = new BybitClient({
      apiKey: "unknown-key",
      secret: "s",
      baseUrl: server.origin,
      transport: FAST,
    });
    const e2 = await assertRejects(() => stranger.listOpenOrders({ category: "spot" }), AuthError);
    assertEquals([e2.code, e2.status], ["10003", 401]);
  });
});

Deno.test("the client's limiter keeps option cancel-all under 1 request per second", async () => {
  await withSim(async ({ client, count }) => {
    const started = performance.now();
    await Promise.all([
      client.cancelAll({ category: "option" }),
      client.cancelAll({ category: "option" }),
    ]);
    const ms = performance.now() - started;
    assertEquals(count("/v5/order/cancel-all"), 2, "no 10006 retry was needed");
    assert(ms >= 990, `second call waited for the window (${ms.toFixed(0)} ms)`);
  });
});

Deno.test("cancelAllCapacity() reads the client's own limiter with cancelAll's key and rule", async () => {
  const clock = new FakeClock(1_767_225_600_000);
  const sent: string[] = [];
  const fetch: typeof globalThis.fetch = (_input, init) => {
    sent.push(String(init?.body ?? ""));
    return Promise.resolve(
      new Response('{"retCode":0,"retMsg":"OK","result":{"list":[],"success":"1"},"time":1}'),
    );
  };
  const client = new BybitClient({
    apiKey: "key",
    secret: "secret",
    baseUrl: "https://bybit.test",
    transport: { fetch, clock, maxRetries: 0 },
  });
  assertEquals(
    (["linear", "inverse", "spot", "option"] as const).map((c) => client.cancelAllCapacity(c)),
    [10, 10, 20, 1],
  );
  for (let i = 0; i < 3; i++) await client.cancelAll({ category: "linear", settleCoin: "USDT" });
  // Another settle coin of the same category shares the category's window.
  await client.cancelAll({ category: "linear", settleCoin: "USDC" });
  await client.cancelAll({ category: "option" });
  assertEquals(sent.length, 5);
  assertEquals(client.cancelAllCapacity("linear"), 6);
  assertEquals(client.cancelAllCapacity("inverse"), 10);
  assertEquals(client.cancelAllCapacity("option"), 0);
  // The window reopens one second (plus the limiter's margin) after each response.
  await clock.advance(1000);
  assertEquals(client.cancelAllCapacity("linear"), 6);
  await clock.advance(5);
  assertEquals(client.cancelAllCapacity("linear"), 10);
  assertEquals(client.cancelAllCapacity("option"), 1);
  // Capacity is what cancelAll can really start: the 11th call in a window waits for it.
  const wave = Array.from(
    { length: 11 },
    () => client.cancelAll({ category: "linear", symbol: "BTCUSDT" }),
  );
  await clock.advance(0);
  assertEquals(sent.length, 15);
  assertEquals(client.cancelAllCapacity("linear"), 0);
  await clock.run(Promise.all(wave));
  assertEquals(sent.length, 16);
});
