import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { BybitClient } from "../venues/bybit/mod.ts";
import {
  AlreadyGoneError,
  AuthError,
  BadRequestError,
  InputError,
  RateLimitError,
  ResponseFormatError,
  TimestampError,
  TransientError,
} from "../venues/errors.ts";

interface Captured {
  method: string;
  url: string;
  body: string;
  headers: Record<string, string>;
}

type Reply = { status?: number; body: string; headers?: Record<string, string> };

/** A client whose fetch records every request and answers from `replies` in turn. */
function fake(replies: Reply[] | ((req: Captured) => Reply)) {
  const sent: Captured[] = [];
  let i = 0;
  const fetchFn: typeof fetch = (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => headers[k] = v);
    const req: Captured = {
      method: init?.method ?? "GET",
      url: String(input),
      body: typeof init?.body === "string" ? init.body : "",
      headers,
    };
    sent.push(req);
    const reply = typeof replies === "function"
      ? replies(req)
      : replies[Math.min(i++, replies.length - 1)];
    if (!reply) throw new Error("no reply");
    return Promise.resolve(
      new Response(reply.body, { status: reply.status ?? 200, headers: reply.headers ?? {} }),
    );
  };
  const client = new BybitClient({
    apiKey: "fixture-key",
    secret: "fixture-secret",
    transport: { fetch: fetchFn, backoffBaseMs: 1, backoffMaxMs: 2, maxRetries: 2 },
  });
  return { client, sent };
}

const OK = (result: unknown, ext: unknown = {}) =>
  JSON.stringify({ retCode: 0, retMsg: "OK", result, retExtInfo: ext, time: 1700000000000 });

const SIGNED_HEADERS = ["x-bapi-api-key", "x-bapi-recv-window", "x-bapi-sign", "x-bapi-timestamp"];

Deno.test("cancelAll() sends POST /v5/order/cancel-all with the body in signing order", async () => {
  const { client, sent } = fake([{
    body: OK({ list: [{ orderId: "1", orderLinkId: "a" }], success: "1" }),
  }]);
  const result = await client.cancelAll({
    category: "linear",
    symbol: "BTCUSDT",
    orderFilter: "StopOrder",
    stopOrderType: "Stop",
  });
  assertEquals(result, { list: [{ orderId: "1", orderLinkId: "a" }], success: "1" });
  const req = sent[0]!;
  assertEquals(req.method, "POST");
  assertEquals(req.url, "https://api.bybit.com/v5/order/cancel-all");
  assertEquals(
    req.body,
    '{"category":"linear","symbol":"BTCUSDT","orderFilter":"StopOrder","stopOrderType":"Stop"}',
  );
  assertEquals(
    Object.keys(req.headers).filter((h) => h.startsWith("x-bapi")).sort(),
    SIGNED_HEADERS,
  );
  assertEquals(req.headers["content-type"], "application/json");
  assertEquals(req.headers["x-bapi-recv-window"], "5000");
});

Deno.test("cancelAll() accepts a null list and a missing success field", async () => {
  const { client } = fake([{ body: OK({ list: null }) }]);
  assertEquals(await client.cancelAll({ category: "spot" }), { list: [] });
});

Deno.test("cancelOrder() sends POST /v5/order/cancel with orderId or orderLinkId", async () => {
  const { client, sent } = fake([
    { body: OK({ orderId: "c6f055d9", orderLinkId: "linear-004" }) },
    { body: OK({ orderId: "", orderLinkId: "x-1" }) },
  ]);
  assertEquals(
    await client.cancelOrder({ category: "linear", symbol: "BTCUSDT", orderId: "c6f055d9" }),
    { orderId: "c6f055d9", orderLinkId: "linear-004" },
  );
  await client.cancelOrder({ category: "spot", symbol: "ETHUSDT", orderLinkId: "x-1" });
  assertEquals(sent[0]!.url, "https://api.bybit.com/v5/order/cancel");
  assertEquals(sent[0]!.body, '{"category":"linear","symbol":"BTCUSDT","orderId":"c6f055d9"}');
  assertEquals(sent[1]!.body, '{"category":"spot","symbol":"ETHUSDT","orderLinkId":"x-1"}');
});

Deno.test("cancelBatch() surfaces each item's code from retExtInfo.list", async () => {
  const { client, sent } = fake([{
    body: OK(
      {
        list: [
          { category: "spot", symbol: "BTCUSDT", orderId: "111", orderLinkId: "spot-btc-03" },
          { category: "spot", symbol: "ATOMUSDT", orderId: "", orderLinkId: "222" },
        ],
      },
      { list: [{ code: 0, msg: "OK" }, { code: 170213, msg: "Order does not exist." }] },
    ),
  }]);
  const { items } = await client.cancelBatch({
    category: "spot",
    request: [{ symbol: "BTCUSDT", orderId: "111" }, { symbol: "ATOMUSDT", orderLinkId: "222" }],
  });
  assertEquals(sent[0]!.url, "https://api.bybit.com/v5/order/cancel-batch");
  assertEquals(
    sent[0]!.body,
    '{"category":"spot","request":[{"symbol":"BTCUSDT","orderId":"111"},{"symbol":"ATOMUSDT","orderLinkId":"222"}]}',
  );
  assertEquals(items, [
    { symbol: "BTCUSDT", orderId: "111", orderLinkId: "spot-btc-03", code: 0, message: "OK" },
    {
      symbol: "ATOMUSDT",
      orderId: "",
      orderLinkId: "222",
      code: 170213,
      message: "Order does not exist.",
    },
  ]);
});

Deno.test("listOpenOrders() follows nextPageCursor with limit 50 and the cursor re-encoded", async () => {
  const item = (id: string) => ({
    orderId: id,
    orderLinkId: "",
    symbol: "BTCUSD",
    orderStatus: "New",
    stopOrderType: "UNKNOWN",
    positionIdx: 0,
    reduceOnly: false,
  });
  const { client, sent } = fake([
    {
      body: OK({
        list: [item("a"), item("b")],
        nextPageCursor: "page_args%3Db%26",
        category: "inverse",
      }),
    },
    { body: OK({ list: [item("c")], nextPageCursor: "", category: "inverse" }) },
  ]);
  const orders = await client.listOpenOrders({ category: "inverse", baseCoin: "BTC" });
  assertEquals(orders.map((o) => o.orderId), ["a", "b", "c"]);
  assertEquals(sent.map((r) => r.method), ["GET", "GET"]);
  assertEquals(
    sent[0]!.url,
    "https://api.bybit.com/v5/order/realtime?category=inverse&baseCoin=BTC&limit=50",
  );
  assertEquals(
    sent[1]!.url,
    "https://api.bybit.com/v5/order/realtime?category=inverse&baseCoin=BTC&limit=50&cursor=page_args%253Db%2526",
  );
  assertEquals(sent[0]!.body, "");
  assertEquals(sent[0]!.headers["content-type"], undefined);
  assertEquals(
    Object.keys(sent[0]!.headers).filter((h) => h.startsWith("x-bapi")).sort(),
    SIGNED_HEADERS,
  );
});

Deno.test("listOpenOrders() stops on a repeated cursor instead of looping", async () => {
  const page = OK({
    list: [{ orderId: "a", symbol: "BTCUSD", orderStatus: "New" }],
    nextPageCursor: "same",
  });
  const { client, sent } = fake([{ body: page }]);
  await assertRejects(
    () => client.listOpenOrders({ category: "inverse" }),
    ResponseFormatError,
    "repeated a page cursor",
  );
  assertEquals(sent.length, 2);
});

Deno.test("listOpenOrders() ends on an empty page even with a cursor", async () => {
  const { client, sent } = fake([{ body: OK({ list: [], nextPageCursor: "x" }) }]);
  assertEquals(await client.listOpenOrders({ category: "option" }), []);
  assertEquals(sent.length, 1);
});

Deno.test("listOpenOrders() refuses a null list: only an empty array proves an empty book", async () => {
  const { client } = fake([{ body: OK({ list: null, nextPageCursor: "" }) }]);
  await assertRejects(() => client.listOpenOrders({ category: "option" }), ResponseFormatError);
});

Deno.test("instruments() is public, follows the cursor, keeps the venue's coins and its family", async () => {
  const item = (symbol: string, contractType: string, base: string, settle: string) => ({
    symbol,
    contractType,
    status: "Trading",
    baseCoin: base,
    quoteCoin: settle,
    settleCoin: settle,
  });
  const { client, sent } = fake([
    {
      body: OK({
        category: "linear",
        list: [item("SHIB1000USDT", "LinearPerpetual", "SHIB1000", "USDT")],
        nextPageCursor: "p2",
      }),
    },
    {
      body: OK({
        category: "linear",
        list: [item("BTCUSD", "InversePerpetual", "BTC", "BTC")],
        nextPageCursor: "",
      }),
    },
  ]);
  const found = await client.instruments({ category: "linear" });
  assertEquals(found.map((i) => [i.symbol, i.baseCoin, i.settleCoin]), [[
    "SHIB1000USDT",
    "SHIB1000",
    "USDT",
  ]]);
  assertEquals(sent.map((r) => r.url), [
    "https://api.bybit.com/v5/market/instruments-info?category=linear&limit=1000",
    "https://api.bybit.com/v5/market/instruments-info?category=linear&limit=1000&cursor=p2",
  ]);
  assertEquals(Object.keys(sent[0]!.headers).filter((h) => h.startsWith("x-bapi")), []);
});

Deno.test("instruments(): spot has one page and its quote coin stands for the settle coin", async () => {
  const { client, sent } = fake([{
    body: OK({
      category: "spot",
      list: [{ symbol: "USDTBRZ", baseCoin: "USDT", quoteCoin: "BRZ", status: "Trading" }],
    }),
  }]);
  const [brz] = await client.instruments({ category: "spot" });
  assertEquals([brz?.baseCoin, brz?.settleCoin], ["USDT", "BRZ"]);
  assertEquals(sent[0]!.url, "https://api.bybit.com/v5/market/instruments-info?category=spot");
});

Deno.test("instruments() refuses an answer without a list", async () => {
  const { client } = fake([{ body: OK({ category: "spot" }) }]);
  await assertRejects(() => client.instruments({ category: "spot" }), ResponseFormatError);
});

Deno.test("serverTime() calls the public time endpoint without credentials", async () => {
  const { client, sent } = fake([{
    body: OK({ timeSecond: "1688639403", timeNano: "1688639403423213947" }),
  }]);
  assertEquals(await client.serverTime(), 1688639403423);
  assertEquals(sent[0]!.url, "https://api.bybit.com/v5/market/time");
  assertEquals(Object.keys(sent[0]!.headers).filter((h) => h.startsWith("x-bapi")), []);
});

Deno.test("the client honours environment, baseUrl path prefix and recvWindow", async () => {
  const sent: string[] = [];
  const fetchFn: typeof fetch = (input, init) => {
    sent.push(`${String(input)} ${new Headers(init?.headers).get("x-bapi-recv-window")}`);
    return Promise.resolve(new Response(OK({ list: [] })));
  };
  const demo = new BybitClient({
    apiKey: "k",
    secret: "s",
    environment: "demo",
    recvWindow: 10000,
    transport: { fetch: fetchFn },
  });
  assertEquals(demo.host, "api-demo.bybit.com");
  await demo.cancelAll({ category: "option" });
  const proxied = new BybitClient({
    apiKey: "k",
    secret: "s",
    baseUrl: "https://proxy.example/bybit/",
    transport: { fetch: fetchFn },
  });
  assertEquals(proxied.baseUrl, "https://proxy.example/bybit");
  await proxied.cancelAll({ category: "option" });
  assertEquals(sent, [
    "https://api-demo.bybit.com/v5/order/cancel-all 10000",
    "https://proxy.example/bybit/v5/order/cancel-all 5000",
  ]);
});

Deno.test("bad input is refused with the field named and nothing is sent", async () => {
  const { client, sent } = fake([{ body: OK({}) }]);
  const cases: [() => Promise<unknown>, string][] = [
    [
      () => client.cancelAll({ category: "linear" }),
      "Cannot cancel all orders: symbol or baseCoin or settleCoin is required for category linear",
    ],
    [() => client.cancelAll({ category: "inverse" }), "category inverse"],
    [() => client.cancelAll({ category: "spot", symbol: "btcusdt" }), "symbol must be uppercase"],
    [() => client.cancelAll({ category: "linear", baseCoin: "btc" }), "baseCoin must be uppercase"],
    [
      () => client.cancelAll({ category: "spot", settleCoin: "USDT" }),
      "settleCoin is not supported for category spot",
    ],
    [
      () => client.cancelAll({ category: "linear", settleCoin: "USDT", orderFilter: "tpslOrder" }),
      "orderFilter must be one of Order, StopOrder, OpenOrder for category linear",
    ],
    [
      () => client.cancelAll({ category: "option", orderFilter: "OpenOrder" }),
      "orderFilter must be one of Order, StopOrder for category option",
    ],
    [
      () => client.cancelAll({ category: "spot", orderFilter: "StopOrder", stopOrderType: "Stop" }),
      "stopOrderType is only allowed",
    ],
    [
      () => client.cancelAll({ category: "linear", symbol: "BTCUSDT", stopOrderType: "Stop" }),
      "stopOrderType is only allowed",
    ],
    [() => client.cancelAll({ category: "futures" as never }), "category must be one of"],
    [
      () => client.cancelOrder({ category: "linear", symbol: "BTCUSDT" }),
      "Cannot cancel order: orderId or orderLinkId is required",
    ],
    [
      () => client.cancelOrder({ category: "linear", symbol: "BTCUSDT", orderId: "" }),
      "orderId must not be empty",
    ],
    [
      () =>
        client.cancelBatch({
          category: "spot",
          request: Array.from(
            { length: 11 },
            (_, i) => ({ symbol: "BTCUSDT", orderId: String(i) }),
          ),
        }),
      "request must hold at most 10 orders for category spot",
    ],
    [() => client.cancelBatch({ category: "linear", request: [] }), "request must not be empty"],
    [
      () => client.cancelBatch({ category: "linear", request: [{ symbol: "BTCUSDT" }] }),
      "request.0.orderId or orderLinkId is required",
    ],
    [
      () => client.listOpenOrders({ category: "linear" }),
      "Cannot list open orders: symbol or baseCoin or settleCoin is required for category linear",
    ],
    [
      () => client.listOpenOrders({ category: "spot", baseCoin: "BTC" }),
      "baseCoin is not supported",
    ],
  ];
  for (const [call, message] of cases) {
    const e = await assertRejects(call, InputError);
    assertStringIncludes(e.message, message);
  }
  assertEquals(sent.length, 0);
});

Deno.test("the constructor refuses missing or empty credentials and a bad base URL", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ secret: "s" }, "Cannot create Bybit client: apiKey is required"],
    [{ apiKey: "", secret: "s" }, "Cannot create Bybit client: apiKey must not be empty"],
    [{ apiKey: "k" }, "Cannot create Bybit client: secret is required"],
    [
      { apiKey: "k", secret: "s", baseUrl: "http://api.bybit.com" },
      "Cannot create Bybit client: baseUrl must be https://",
    ],
    [{ apiKey: "k", secret: "s", baseUrl: "not a url" }, "baseUrl not a valid URL"],
    [{ apiKey: "k", secret: "s", recvWindow: 0 }, "recvWindow must be at least 1"],
    [
      { apiKey: "k", secret: "s", environment: "moon" },
      "environment must be a known Bybit environment",
    ],
  ];
  for (const [options, message] of cases) {
    let error: unknown;
    try {
      new BybitClient(options as never);
    } catch (e) {
      error = e;
    }
    assertInstanceOf(error, InputError);
    assertStringIncludes(error instanceof Error ? error.message : "", message);
  }
});

Deno.test("error codes map to typed errors with code, status and endpoint", async () => {
  const env = (code: number, msg: string) =>
    JSON.stringify({ retCode: code, retMsg: msg, result: {}, retExtInfo: {}, time: 1 });
  const cases: [Reply, new (...a: never[]) => Error, string | undefined][] = [
    [{ body: env(110001, "Order does not exist") }, AlreadyGoneError, "110001"],
    [{ body: env(110008, "done") }, AlreadyGoneError, "110008"],
    [{ body: env(110010, "canceled") }, AlreadyGoneError, "110010"],
    [{ body: env(170213, "Order does not exist.") }, AlreadyGoneError, "170213"],
    [{ body: env(170142, "Order has been canceled") }, AlreadyGoneError, "170142"],
    [{ status: 401, body: env(10003, "API key is invalid.") }, AuthError, "10003"],
    [{ body: env(10004, "error sign! origin_string[1700fixture-key5000{}]") }, AuthError, "10004"],
    [{ body: env(10005, "Permission denied") }, AuthError, "10005"],
    [{ body: env(33004, "expired") }, AuthError, "33004"],
    [{ body: env(10001, "params error") }, BadRequestError, "10001"],
    [{ body: env(99999999, "new code") }, BadRequestError, "99999999"],
    [{ status: 401, body: "" }, AuthError, undefined],
  ];
  for (const [reply, type, code] of cases) {
    const { client } = fake([reply]);
    const e = await assertRejects(
      () => client.cancelOrder({ category: "linear", symbol: "BTCUSDT", orderId: "x" }),
      type,
    );
    assertEquals((e as { code?: string }).code, code);
    assertEquals((e as { endpoint?: string }).endpoint, "POST /v5/order/cancel");
    assert(!e.message.includes("fixture-key"), e.message);
  }
});

Deno.test("transient codes, 5xx and malformed bodies are retried, then typed", async () => {
  const cases: [Reply, new (...a: never[]) => Error][] = [
    [{ body: JSON.stringify({ retCode: 10016, retMsg: "Server error." }) }, TransientError],
    [{ body: JSON.stringify({ retCode: 10000, retMsg: "Server Timeout" }) }, TransientError],
    [{ status: 503, body: JSON.stringify({ retCode: 777, retMsg: "x" }) }, TransientError],
    [{ status: 502, body: "Bad Gateway" }, TransientError],
    [{ status: 502, body: "<html><body>502</body></html>" }, TransientError],
    [{ status: 200, body: "<html><body>maintenance</body></html>" }, ResponseFormatError],
    [{ body: '{"retCode":0,"result":{"list":[' }, ResponseFormatError],
    [{ body: "OK" }, ResponseFormatError],
    [{ body: JSON.stringify({ retCode: 0, result: { list: "nope" } }) }, ResponseFormatError],
    [{ body: JSON.stringify({ hello: 1 }) }, ResponseFormatError],
  ];
  for (const [reply, type] of cases) {
    const { client, sent } = fake([reply]);
    await assertRejects(() => client.cancelAll({ category: "spot" }), type);
    assertEquals(sent.length, 3, `${reply.body} retried twice`);
  }
});

Deno.test("10006 and HTTP 403/429 are rate limits with the venue's wait", async () => {
  const { client } = fake([{
    body: JSON.stringify({ retCode: 10006, retMsg: "Too many visits!", time: 1000 }),
    headers: { "X-Bapi-Limit-Reset-Timestamp": "1250" },
  }]);
  const e = await assertRejects(() => client.cancelAll({ category: "spot" }), RateLimitError);
  assertEquals(e.code, "10006");
  assertEquals(e.retryAfterMs, 250);
  const banned = fake([{ status: 403, body: "<html>403 Forbidden</html>" }]);
  const e403 = await assertRejects(
    () => banned.client.cancelAll({ category: "spot" }),
    RateLimitError,
  );
  assertEquals(e403.status, 403);
  assertEquals(e403.retryAfterMs, 600_000);
  const busy = fake([{ status: 429, body: "" }]);
  await assertRejects(() => busy.client.cancelAll({ category: "spot" }), RateLimitError);
});

Deno.test("10002 triggers one clock resync and a re-signed retry", async () => {
  let calls = 0;
  const { client, sent } = fake((req) => {
    calls++;
    if (req.url.endsWith("/v5/market/time")) {
      return {
        body: OK({ timeSecond: "0", timeNano: String(BigInt(Date.now() + 30_000) * 1_000_000n) }),
      };
    }
    if (calls === 1) return { body: JSON.stringify({ retCode: 10002, retMsg: "invalid request" }) };
    return { body: OK({ list: [] }) };
  });
  await client.cancelAll({ category: "spot" });
  assertEquals(sent.map((r) => new URL(r.url).pathname), [
    "/v5/order/cancel-all",
    "/v5/market/time",
    "/v5/order/cancel-all",
  ]);
  const first = Number(sent[0]!.headers["x-bapi-timestamp"]);
  const second = Number(sent[2]!.headers["x-bapi-timestamp"]);
  assert(second - first > 25_000, `resynced timestamp ${second - first}`);
  assert(sent[0]!.headers["x-bapi-sign"] !== sent[2]!.headers["x-bapi-sign"]);
  const stuck = fake((req) =>
    req.url.endsWith("/v5/market/time")
      ? { body: OK({ timeNano: String(BigInt(Date.now()) * 1_000_000n) }) }
      : { body: JSON.stringify({ retCode: 10002, retMsg: "x" }) }
  );
  await assertRejects(() => stuck.client.cancelAll({ category: "spot" }), TimestampError);
  assertEquals(stuck.sent.length, 3, "one resync, one retry, then the error");
});

Deno.test("a 10002 from the public time endpoint does not start a resync loop", async () => {
  const { client, sent } = fake([{ body: JSON.stringify({ retCode: 10002, retMsg: "x" }) }]);
  await assertRejects(() => client.cancelAll({ category: "spot" }), TransientError);
  assert(sent.length <= 4, `bounded: ${sent.length} requests`);
});
