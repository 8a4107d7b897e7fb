import { assert, assertEquals, assertInstanceOf, assertRejects, assertThrows } from "@std/assert";
import vectors from "./data/signatures.json" with { type: "json" };
import { bitgetSim } from "../sim/bitget.ts";
import type { SimAccount, SimState } from "../sim/core.ts";
import { startServer } from "../sim/server.ts";
import {
  AlreadyGoneError,
  AuthError,
  BadRequestError,
  InputError,
  RateLimitError,
  ResponseFormatError,
  TransientError,
} from "../venues/errors.ts";
import { BitgetClient, type BitgetClientOptions } from "../venues/bitget/mod.ts";

// ---------------------------------------------------------------------------------------------
// Request fixtures: a fake fetch captures exactly what would be sent.

interface Captured {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

function fakeFetch(responses: Array<{ status?: number; body: string }>) {
  const sent: Captured[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    sent.push({
      method: init?.method ?? "GET",
      url: String(input),
      headers,
      body: typeof init?.body === "string" ? init.body : "",
    });
    const next = responses.length > 1 ? responses.shift() : responses[0];
    return Promise.resolve(
      new Response(next?.body ?? "", {
        status: next?.status ?? 200,
        headers: { "content-type": "application/json" },
      }),
    );
  };
  return { fetch, sent };
}

const { apiKey, secret, passphrase, timestampMs } = vectors.inputs;
const vector = (url: string, body: string) => {
  const v = vectors.requests.find((r) => r.venue === "bitget" && r.url === url && r.body === body);
  if (!v) throw new Error(`no vector for ${url} ${body}`);
  return v;
};

function fixtureClient(responseBody: string, extra: Partial<BitgetClientOptions> = {}) {
  const f = fakeFetch([{ body: responseBody }]);
  const client = new BitgetClient({
    apiKey,
    secret,
    passphrase,
    transport: { fetch: f.fetch, now: () => timestampMs, maxRetries: 0 },
    ...extra,
  });
  return { client, sent: f.sent };
}

const OK_LISTS =
  '{"code":"00000","msg":"success","requestTime":1,"data":{"successList":[],"failureList":[]}}';
const SIGNED = [
  "access-key",
  "access-passphrase",
  "access-sign",
  "access-timestamp",
  "content-type",
  "locale",
];

Deno.test("cancelAllOrders() sends the documented body, signed exactly like the ccxt vector", async () => {
  const { client, sent } = fixtureClient(OK_LISTS);
  await client.cancelAllOrders({ productType: "USDT-FUTURES", marginCoin: "USDT" });
  const v = vector(
    "https://api.bitget.com/api/v2/mix/order/cancel-all-orders",
    '{"productType":"USDT-FUTURES","marginCoin":"USDT"}',
  );
  assertEquals(sent.length, 1);
  assertEquals(sent[0]?.method, "POST");
  assertEquals(sent[0]?.url, v.url);
  assertEquals(sent[0]?.body, v.body);
  assertEquals(Object.keys(sent[0]?.headers ?? {}).sort(), SIGNED);
  assertEquals(sent[0]?.headers["access-sign"], v.headers["ACCESS-SIGN"]);
  assertEquals(sent[0]?.headers["access-timestamp"], "1767225600123");
  assertEquals(sent[0]?.headers["content-type"], "application/json");
  assertEquals(sent[0]?.headers.locale, "en-US");
});

Deno.test("cancelAllOrders() without marginCoin sends productType only (vector 2)", async () => {
  const { client, sent } = fixtureClient(OK_LISTS);
  await client.cancelAllOrders({ productType: "COIN-FUTURES" });
  const v = vector(
    "https://api.bitget.com/api/v2/mix/order/cancel-all-orders",
    '{"productType":"COIN-FUTURES"}',
  );
  assertEquals(sent[0]?.body, v.body);
  assertEquals(sent[0]?.headers["access-sign"], v.headers["ACCESS-SIGN"]);
});

Deno.test("cancelOrder() sends symbol, productType, orderId in the vector's order", async () => {
  const { client, sent } = fixtureClient(
    '{"code":"00000","data":{"orderId":"121211212122","clientOid":""},"msg":"success","requestTime":1}',
  );
  const ack = await client.cancelOrder({
    symbol: "BTCUSDT",
    productType: "USDT-FUTURES",
    orderId: "121211212122",
  });
  assertEquals(ack, { orderId: "121211212122", clientOid: "" });
  const v = vector(
    "https://api.bitget.com/api/v2/mix/order/cancel-order",
    '{"symbol":"BTCUSDT","productType":"USDT-FUTURES","orderId":"121211212122"}',
  );
  assertEquals(sent[0]?.url, v.url);
  assertEquals(sent[0]?.body, v.body);
  assertEquals(sent[0]?.headers["access-sign"], v.headers["ACCESS-SIGN"]);
});

Deno.test("cancelOrder() by clientOid with a margin coin, symbol uppercased", async () => {
  const { client, sent } = fixtureClient(
    '{"code":"00000","data":{"orderId":"1","clientOid":"my-1"},"msg":"success","requestTime":1}',
  );
  await client.cancelOrder({
    symbol: "ethusdt",
    productType: "USDT-FUTURES",
    clientOid: "my-1",
    marginCoin: "USDT",
  });
  assertEquals(
    sent[0]?.body,
    '{"symbol":"ETHUSDT","productType":"USDT-FUTURES","marginCoin":"USDT","clientOid":"my-1"}',
  );
});

Deno.test("batchCancelOrders() sends symbol, productType and the id list", async () => {
  const { client, sent } = fixtureClient(
    '{"code":"00000","data":{"successList":[{"orderId":"1","clientOid":""}],"failureList":[{"orderId":"2","clientOid":"","errorMsg":"Order does not exist","errorCode":"40768"}]},"msg":"success","requestTime":1}',
  );
  const r = await client.batchCancelOrders({
    symbol: "BTCUSDT",
    productType: "USDT-FUTURES",
    orderIdList: [{ orderId: "1" }, { orderId: "2" }, { clientOid: "c3" }],
  });
  assertEquals(sent[0]?.url, "https://api.bitget.com/api/v2/mix/order/batch-cancel-orders");
  assertEquals(
    sent[0]?.body,
    '{"symbol":"BTCUSDT","productType":"USDT-FUTURES","orderIdList":[{"orderId":"1"},{"orderId":"2"},{"clientOid":"c3"}]}',
  );
  assertEquals(Object.keys(sent[0]?.headers ?? {}).sort(), SIGNED);
  assertEquals(r.successList, [{ orderId: "1", clientOid: "" }]);
  assertEquals(r.failureList, [
    { orderId: "2", clientOid: "", errorMsg: "Order does not exist", errorCode: "40768" },
  ]);
});

Deno.test("batchCancelOrders() without an id list cancels a whole symbol: symbol and productType only", async () => {
  const { client, sent } = fixtureClient(OK_LISTS);
  await client.batchCancelOrders({ symbol: "ethusdt", productType: "USDT-FUTURES" });
  assertEquals(sent[0]?.body, '{"symbol":"ETHUSDT","productType":"USDT-FUTURES"}');
});

Deno.test("listings send status and the creation-time window; bad windows and blind track_plan are refused unsent", async () => {
  const { client, sent } = fixtureClient(
    '{"code":"00000","msg":"success","requestTime":1,"data":{"entrustedList":null,"endId":null}}',
  );
  await client.listPendingOrders({
    productType: "USDT-FUTURES",
    status: "partially_filled",
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_000_000 + 88 * 24 * 3600 * 1000,
  });
  assertEquals(
    sent[0]?.url,
    "https://api.bitget.com/api/v2/mix/order/orders-pending?endTime=1707603200000&limit=100&productType=USDT-FUTURES&startTime=1700000000000&status=partially_filled",
  );
  await client.listPlanOrders({
    productType: "USDT-FUTURES",
    planType: "track_plan",
    startTime: 1_700_000_000_000,
  });
  assertEquals(
    sent[1]?.url,
    "https://api.bitget.com/api/v2/mix/order/orders-plan-pending?limit=100&planType=track_plan&productType=USDT-FUTURES&startTime=1700000000000",
  );
  const day = 24 * 3600 * 1000;
  await assertRejects(
    () =>
      client.listPendingOrders({
        productType: "USDT-FUTURES",
        startTime: 1_700_000_000_000,
        endTime: 1_700_000_000_000 + 91 * day,
      }),
    InputError,
    "at most 90 days",
  );
  await assertRejects(
    () =>
      client.listPlanOrders({
        productType: "USDT-FUTURES",
        planType: "normal_plan",
        startTime: 1_700_000_000_000,
        endTime: 1_600_000_000_000,
      }),
    InputError,
    "startTime must not be after endTime",
  );
  await assertRejects(
    () => client.cancelPlanOrders({ productType: "USDT-FUTURES", planType: "track_plan" }),
    InputError,
    "track_plan is not documented for cancel-plan-order",
  );
  await assertRejects(
    () =>
      client.batchCancelOrders({ productType: "USDT-FUTURES", orderIdList: [{ orderId: "1" }] }),
    InputError,
    "symbol is required when orderIdList is set",
  );
  assertEquals(sent.length, 2);
  // track_plan by id is allowed (UNVERIFIED that the venue takes it).
  await client.cancelPlanOrders({
    productType: "USDT-FUTURES",
    symbol: "BTCUSDT",
    planType: "track_plan",
    orderIdList: [{ orderId: "7" }],
  });
  assertEquals(
    sent[2]?.body,
    '{"productType":"USDT-FUTURES","symbol":"BTCUSDT","planType":"track_plan","orderIdList":[{"orderId":"7"}]}',
  );
});

Deno.test("cancelPlanOrders() sends productType, marginCoin and planType; failureList without errorCode", async () => {
  const { client, sent } = fixtureClient(
    '{"code":"00000","data":{"successList":[],"failureList":[{"orderId":"3","clientOid":"123","errorMsg":"notExistend"}]},"msg":"success","requestTime":1}',
  );
  const r = await client.cancelPlanOrders({
    productType: "USDT-FUTURES",
    marginCoin: "USDT",
    planType: "profit_plan",
  });
  assertEquals(sent[0]?.url, "https://api.bitget.com/api/v2/mix/order/cancel-plan-order");
  assertEquals(
    sent[0]?.body,
    '{"productType":"USDT-FUTURES","marginCoin":"USDT","planType":"profit_plan"}',
  );
  assertEquals(r.failureList, [
    { orderId: "3", clientOid: "123", errorMsg: "notExistend", errorCode: undefined },
  ]);
});

Deno.test("listPendingOrders() first page is the vector's GET, query in signed order", async () => {
  const { client, sent } = fixtureClient(
    '{"code":"00000","data":{"entrustedList":null,"endId":null},"msg":"success","requestTime":1}',
  );
  assertEquals(await client.listPendingOrders({ productType: "USDT-FUTURES" }), []);
  const v = vector(
    "https://api.bitget.com/api/v2/mix/order/orders-pending?limit=100&productType=USDT-FUTURES",
    "",
  );
  assertEquals(sent[0]?.method, "GET");
  assertEquals(sent[0]?.url, v.url);
  assertEquals(sent[0]?.body, "");
  assertEquals(sent[0]?.headers["access-sign"], v.headers["ACCESS-SIGN"]);
});

Deno.test("listPlanOrders() sends planType and productType, sorted", async () => {
  const { client, sent } = fixtureClient(
    '{"code":"00000","data":{"entrustedList":[],"endId":""},"msg":"success","requestTime":1}',
  );
  await client.listPlanOrders({
    productType: "COIN-FUTURES",
    planType: "profit_loss",
    symbol: "BTCUSD",
  });
  assertEquals(
    sent[0]?.url,
    "https://api.bitget.com/api/v2/mix/order/orders-plan-pending?limit=100&planType=profit_loss&productType=COIN-FUTURES&symbol=BTCUSD",
  );
});

Deno.test("serverTime() is sent unsigned and returns epoch ms", async () => {
  const { client, sent } = fixtureClient(
    '{"code":"00000","msg":"success","requestTime":1688008631614,"data":{"serverTime":"1688008631614"}}',
  );
  assertEquals(await client.serverTime(), 1688008631614);
  assertEquals(sent[0]?.url, "https://api.bitget.com/api/v2/public/time");
  assertEquals(Object.keys(sent[0]?.headers ?? {}), ["locale"]);
});

Deno.test("demo: true adds paptrading: 1 to signed and public requests", async () => {
  const { client, sent } = fixtureClient(OK_LISTS, { demo: true });
  await client.cancelAllOrders({ productType: "SUSDT-FUTURES" });
  assertEquals(sent[0]?.headers.paptrading, "1");
  assertEquals(sent[0]?.body, '{"productType":"SUSDT-FUTURES"}');
  assertEquals(client.demo, true);
});

Deno.test("listPendingOrders() pages with idLessThan = endId and stops on a short page", async () => {
  const item = (id: number) =>
    `{"symbol":"btcusdt","orderId":"${id}","clientOid":"","status":"live","marginCoin":"usdt"}`;
  const full = (from: number) =>
    `{"code":"00000","data":{"entrustedList":[${
      Array.from({ length: 100 }, (_, i) => item(from - i)).join(",")
    }],"endId":"${from - 99}"},"msg":"success","requestTime":1}`;
  const f = fakeFetch([
    { body: full(1000) },
    { body: full(900) },
    {
      body: `{"code":"00000","data":{"entrustedList":[${
        item(800)
      }],"endId":"800"},"msg":"","requestTime":1}`,
    },
  ]);
  const client = new BitgetClient({ apiKey, secret, passphrase, transport: { fetch: f.fetch } });
  const orders = await client.listPendingOrders({ productType: "USDT-FUTURES" });
  assertEquals(orders.length, 201);
  assertEquals(f.sent.map((s) => new URL(s.url).searchParams.get("idLessThan")), [
    null,
    "901",
    "801",
  ]);
});

Deno.test("listPendingOrders() stops when the venue repeats a cursor (no endless loop)", async () => {
  const items = Array.from(
    { length: 100 },
    (_, i) => `{"symbol":"btcusdt","orderId":"${500 + i}","status":"live"}`,
  ).join(",");
  const f = fakeFetch([
    {
      body:
        `{"code":"00000","data":{"entrustedList":[${items}],"endId":"500"},"msg":"","requestTime":1}`,
    },
  ]);
  const client = new BitgetClient({ apiKey, secret, passphrase, transport: { fetch: f.fetch } });
  const orders = await client.listPendingOrders({ productType: "USDT-FUTURES" });
  assertEquals(orders.length, 100);
  assertEquals(f.sent.length, 2); // the second page repeated endId 500: stop
});

// ---------------------------------------------------------------------------------------------
// Bad input: refused before anything is signed or sent.

Deno.test("bad input is refused with an InputError naming the field, and nothing is sent", async () => {
  const { client, sent } = fixtureClient(OK_LISTS);
  const cases: Array<[() => Promise<unknown>, string]> = [
    [
      () => client.cancelAllOrders({ productType: "USDT-FUTURES", marginCoin: "usdt" }),
      "Cannot cancel all orders: marginCoin must be an uppercase coin code (e.g. USDT)",
    ],
    [
      // @ts-expect-error: unknown product type
      () => client.cancelAllOrders({ productType: "SPOT" }),
      "Cannot cancel all orders: productType must be one of",
    ],
    [
      () => client.cancelOrder({ symbol: "BTCUSDT", productType: "USDT-FUTURES" }),
      "Cannot cancel order: orderId orderId or clientOid is required",
    ],
    [
      () => client.cancelOrder({ symbol: "", productType: "USDT-FUTURES", orderId: "1" }),
      "Cannot cancel order: symbol must not be empty",
    ],
    [
      () => client.cancelOrder({ symbol: "BTCUSDT", productType: "USDT-FUTURES", orderId: "abc" }),
      "Cannot cancel order: orderId must be a numeric Bitget order id",
    ],
    [
      () =>
        client.batchCancelOrders({
          symbol: "BTCUSDT",
          productType: "USDT-FUTURES",
          orderIdList: Array.from({ length: 51 }, (_, i) => ({ orderId: String(i + 1) })),
        }),
      "Cannot batch cancel orders: orderIdList must hold at most 50 orders",
    ],
    [
      () =>
        client.cancelPlanOrders({ productType: "USDT-FUTURES", orderIdList: [{ orderId: "1" }] }),
      "Cannot cancel plan orders: symbol is required when orderIdList is set",
    ],
    [
      // @ts-expect-error: planType is required
      () => client.listPlanOrders({ productType: "USDT-FUTURES" }),
      "Cannot list plan orders: planType must be one of",
    ],
  ];
  for (const [call, message] of cases) {
    const e = await assertRejects(call, InputError);
    assert(e.message.startsWith(message), `${e.message} should start with ${message}`);
  }
  assertEquals(sent.length, 0);
});

Deno.test("new BitgetClient() refuses missing or empty credentials and bad base URLs", () => {
  const base = { apiKey: "k", secret: "s", passphrase: "p" };
  assertThrows(
    // @ts-expect-error: passphrase missing
    () => new BitgetClient({ apiKey: "k", secret: "s" }),
    InputError,
    "Cannot create Bitget client: passphrase is required",
  );
  assertThrows(
    () => new BitgetClient({ ...base, apiKey: "" }),
    InputError,
    "Cannot create Bitget client: apiKey must not be empty",
  );
  assertThrows(
    () => new BitgetClient({ ...base, baseUrl: "http://api.bitget.com" }),
    InputError,
    "Cannot create Bitget client: baseUrl must be https://",
  );
  assertThrows(
    () => new BitgetClient({ ...base, baseUrl: "not a url" }),
    InputError,
    "Cannot create Bitget client: baseUrl not a valid URL",
  );
  const c = new BitgetClient({ ...base, baseUrl: "http://127.0.0.1:8080/" });
  assertEquals(c.baseUrl, "http://127.0.0.1:8080");
  assertEquals(c.host, "127.0.0.1:8080");
  assertEquals(new BitgetClient(base).host, "api.bitget.com");
});

// ---------------------------------------------------------------------------------------------
// Responses become typed errors, never crashes or results.

Deno.test("error envelopes, HTML, truncated JSON and odd statuses become typed errors", async () => {
  const cases: Array<[number, string, new (...a: never[]) => Error, string | undefined]> = [
    [
      400,
      '{"code":"40009","msg":"sign signature error","requestTime":1,"data":null}',
      AuthError,
      "40009",
    ],
    [
      400,
      '{"code":"22001","msg":"No order to cancel","requestTime":1,"data":null}',
      AlreadyGoneError,
      "22001",
    ],
    // 40808 is retried: the FAQ (Q14) lists it among the weekly-release errors, and the
    // client refuses the one input that earns it otherwise (a lowercase marginCoin).
    [
      400,
      '{"code":"40808","msg":"margin coin must be capitalized","data":null}',
      TransientError,
      "40808",
    ],
    [
      400,
      '{"code":"45129","msg":"Cancel order is too frequent","data":null}',
      RateLimitError,
      "45129",
    ],
    [
      400,
      '{"code":"43033","msg":"Trailing order does not exist","data":null}',
      AlreadyGoneError,
      "43033",
    ],
    [400, '{"code":"99999","msg":"unknown","data":null}', BadRequestError, "99999"],
    [503, '{"code":"99999","msg":"unknown","data":null}', TransientError, "99999"],
    [
      429,
      '{"code":"429","msg":"Too Many Requests","requestTime":1,"data":null}',
      RateLimitError,
      "429",
    ],
    [429, "Too Many Requests", RateLimitError, "429"],
    [502, "<html><body>502 Bad Gateway</body></html>", TransientError, undefined],
    [200, "<html><body>maintenance</body></html>", ResponseFormatError, undefined],
    [200, '{"code":"00000","data":{"successList":[{"orderId":"12', ResponseFormatError, undefined],
    [200, '{"code":"00000","data":{"successList":"nope"}}', ResponseFormatError, undefined],
    [200, '{"msg":"no code"}', ResponseFormatError, undefined],
  ];
  for (const [status, body, type, code] of cases) {
    const f = fakeFetch([{ status, body }]);
    const client = new BitgetClient({
      apiKey,
      secret,
      passphrase,
      transport: { fetch: f.fetch, maxRetries: 0 },
    });
    const e = await assertRejects(() => client.cancelAllOrders({ productType: "USDT-FUTURES" }));
    assertInstanceOf(e, type, `${status} ${body}`);
    assertEquals((e as { code?: string }).code, code, body);
    assertEquals((e as { endpoint?: string }).endpoint, "POST /api/v2/mix/order/cancel-all-orders");
  }
});

// ---------------------------------------------------------------------------------------------
// End to end over real HTTP against the simulator.

function seed(
  state: SimState,
  n: number,
  spec: { market?: string; kind?: "regular" | "conditional"; symbol?: string } = {},
  account = 0,
): string[] {
  const acc: SimAccount = state.account("bitget", account);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = bitgetSim.makeOrder(acc, { venue: "bitget", account, count: 1, ...spec }, state);
    acc.orders.set(o.id, o);
    ids.push(o.id);
  }
  return ids;
}

async function withSim(
  fn: (ctx: { state: SimState; client: BitgetClient; origin: string }) => Promise<void>,
) {
  const server = startServer([bitgetSim], { accounts: 2 });
  try {
    const acc = server.state.account("bitget", 0);
    const client = new BitgetClient({
      apiKey: acc.apiKey,
      secret: acc.secret,
      passphrase: acc.passphrase,
      baseUrl: server.origin,
      transport: { backoffBaseMs: 1, backoffMaxMs: 5, maxRetries: 3 },
    });
    await fn({ state: server.state, client, origin: server.origin });
  } finally {
    await server.close();
  }
}

const open = (state: SimState, account = 0) => state.openOrders(state.account("bitget", account));
const count = (state: SimState, method: string, path: string) =>
  state.counts.get(`bitget ${method} ${path}`) ?? 0;

Deno.test("e2e: cancelOrder() cancels one order on the simulator", async () => {
  await withSim(async ({ state, client }) => {
    const [id] = seed(state, 2, { market: "USDT-FUTURES", symbol: "BTCUSDT" });
    const ack = await client.cancelOrder({
      symbol: "BTCUSDT",
      productType: "USDT-FUTURES",
      orderId: id,
    });
    assertEquals(ack.orderId, id);
    assertEquals(open(state).length, 1);
  });
});

Deno.test("e2e: cancelAllOrders() clears regular orders and leaves trigger orders alone", async () => {
  await withSim(async ({ state, client }) => {
    seed(state, 5, { market: "USDT-FUTURES" });
    seed(state, 2, { market: "COIN-FUTURES" });
    seed(state, 3, { market: "USDT-FUTURES", kind: "conditional" });
    const r = await client.cancelAllOrders({ productType: "USDT-FUTURES", marginCoin: "USDT" });
    assertEquals(r.successList.length, 5);
    assertEquals(r.failureList.length, 0);
    const left = open(state);
    assertEquals(left.filter((o) => o.kind === "conditional").length, 3);
    assertEquals(left.filter((o) => o.market === "COIN-FUTURES").length, 2);
    assertEquals(await client.listPendingOrders({ productType: "USDT-FUTURES" }), []);
  });
});

Deno.test("e2e: listPendingOrders() and listPlanOrders() read every page", async () => {
  await withSim(async ({ state, client }) => {
    const ids = seed(state, 250, { market: "USDT-FUTURES" });
    seed(state, 3, { market: "USDC-FUTURES" });
    const orders = await client.listPendingOrders({ productType: "USDT-FUTURES" });
    assertEquals(orders.length, 250);
    assertEquals(new Set(orders.map((o) => o.orderId)), new Set(ids));
    assertEquals(orders[0]?.symbol, orders[0]?.symbol.toLowerCase());
    assertEquals(count(state, "GET", "/api/v2/mix/order/orders-pending"), 3);
    seed(state, 16, { market: "USDT-FUTURES", kind: "conditional" });
    const normal = await client.listPlanOrders({
      productType: "USDT-FUTURES",
      planType: "normal_plan",
    });
    const tpsl = await client.listPlanOrders({
      productType: "USDT-FUTURES",
      planType: "profit_loss",
    });
    const track = await client.listPlanOrders({
      productType: "USDT-FUTURES",
      planType: "track_plan",
    });
    assertEquals(normal.length + tpsl.length + track.length, 16);
    assert(tpsl.every((o) => o.planType !== "normal_plan" && o.planType !== "track_plan"));
  });
});

Deno.test("e2e: a transient 503 is retried and the cancel lands", async () => {
  await withSim(async ({ state, client }) => {
    seed(state, 2, { market: "USDT-FUTURES" });
    state.addFault({
      venue: "bitget",
      path: "/api/v2/mix/order/cancel-all-orders",
      kind: "http",
      status: 503,
      count: 2,
    });
    const r = await client.cancelAllOrders({ productType: "USDT-FUTURES" });
    assertEquals(r.successList.length, 2);
    assertEquals(count(state, "POST", "/api/v2/mix/order/cancel-all-orders"), 3);
  });
});

Deno.test("e2e: a venue 429 is retried; 40010 is transient too", async () => {
  await withSim(async ({ state, client }) => {
    state.addFault({ venue: "bitget", kind: "code", code: "429", count: 1 });
    state.addFault({ venue: "bitget", kind: "code", code: "40010", count: 1 });
    assertEquals(await client.listPendingOrders({ productType: "COIN-FUTURES" }), []);
    assertEquals(count(state, "GET", "/api/v2/mix/order/orders-pending"), 3);
  });
});

Deno.test("e2e: canceling a gone order raises AlreadyGoneError (40768 unknown, 43001 canceled)", async () => {
  await withSim(async ({ state, client }) => {
    const [id] = seed(state, 1, { market: "USDT-FUTURES", symbol: "ETHUSDT" });
    await client.cancelOrder({ symbol: "ETHUSDT", productType: "USDT-FUTURES", orderId: id });
    const again = await assertRejects(
      () => client.cancelOrder({ symbol: "ETHUSDT", productType: "USDT-FUTURES", orderId: id }),
      AlreadyGoneError,
    );
    assertEquals(again.code, "43001");
    const unknown = await assertRejects(
      () => client.cancelOrder({ symbol: "ETHUSDT", productType: "USDT-FUTURES", orderId: "42" }),
      AlreadyGoneError,
    );
    assertEquals(unknown.code, "40768");
    assertEquals(unknown.status, 400);
  });
});

Deno.test("e2e: a clock 60 s off triggers one server-time sync and a re-signed retry", async () => {
  await withSim(async ({ state, client }) => {
    seed(state, 1, { market: "USDT-FUTURES" });
    state.skewMs.set("bitget", 60_000);
    const r = await client.cancelAllOrders({ productType: "USDT-FUTURES" });
    assertEquals(r.successList.length, 1);
    assertEquals(count(state, "GET", "/api/v2/public/time"), 1);
    assertEquals(count(state, "POST", "/api/v2/mix/order/cancel-all-orders"), 2);
  });
});

Deno.test("e2e: wrong credentials are AuthErrors and are not retried", async () => {
  await withSim(async ({ state, origin }) => {
    const acc = state.account("bitget", 0);
    for (
      const [creds, code] of [
        [{ apiKey: "nope", secret: acc.secret, passphrase: acc.passphrase }, "40006"],
        [{ apiKey: acc.apiKey, secret: "wrong", passphrase: acc.passphrase }, "40009"],
        [{ apiKey: acc.apiKey, secret: acc.secret, passphrase: "wrong" }, "40012"],
      ] as const
    ) {
      const c = new BitgetClient({ ...creds, baseUrl: origin, transport: { backoffBaseMs: 1 } });
      const e = await assertRejects(
        () => c.listPendingOrders({ productType: "USDT-FUTURES" }),
        AuthError,
      );
      assertEquals(e.code, code);
      assertEquals(e.status, 400);
    }
    assertEquals(count(state, "GET", "/api/v2/mix/order/orders-pending"), 3);
  });
});

Deno.test("e2e: HTML, truncated and malformed answers become ResponseFormatError", async () => {
  await withSim(async ({ state, origin }) => {
    const acc = state.account("bitget", 0);
    const client = new BitgetClient({
      apiKey: acc.apiKey,
      secret: acc.secret,
      passphrase: acc.passphrase,
      baseUrl: origin,
      transport: { maxRetries: 0 },
    });
    for (const kind of ["html", "truncated", "malformed"] as const) {
      state.addFault({
        venue: "bitget",
        kind,
        count: 1,
        status: kind === "html" ? 200 : undefined,
      });
      await assertRejects(
        () => client.cancelAllOrders({ productType: "USDT-FUTURES" }),
        ResponseFormatError,
      );
    }
    state.addFault({ venue: "bitget", kind: "drop", count: 1 });
    await assertRejects(
      () => client.cancelAllOrders({ productType: "USDT-FUTURES" }),
      TransientError,
    );
  });
});

Deno.test("e2e: a partial-failure surfaces failureList and the order stays open", async () => {
  await withSim(async ({ state, client }) => {
    seed(state, 4, { market: "USDT-FUTURES" });
    state.addFault({
      venue: "bitget",
      path: "/api/v2/mix/order/cancel-all-orders",
      kind: "partial-failure",
      orders: 1,
      count: 1,
    });
    const r = await client.cancelAllOrders({ productType: "USDT-FUTURES" });
    assertEquals(r.successList.length, 3);
    assertEquals(r.failureList.length, 1);
    assertEquals(r.failureList[0]?.errorCode, "40725");
    assertEquals(open(state).map((o) => o.id), [r.failureList[0]?.orderId]);
  });
});
