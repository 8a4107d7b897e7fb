import { assertEquals, assertInstanceOf, assertRejects, assertThrows } from "@std/assert";
import {
  AlreadyGoneError,
  AuthError,
  BadRequestError,
  InputError,
  RateLimitError,
  ResponseFormatError,
  TimestampError,
  TransientError,
  VenueError,
} from "../venues/errors.ts";
import { Secret } from "../venues/secret.ts";
import { type OkxOrderRef, OkxSpreadClient, signOkxRequest } from "../venues/okx/mod.ts";

interface Captured {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const NOW = 1767225600123;
const CREDS = { apiKey: "test-key", secret: "test-secret", passphrase: "test-pass" };
const AUTH_HEADERS = [
  "Content-Type",
  "OK-ACCESS-KEY",
  "OK-ACCESS-PASSPHRASE",
  "OK-ACCESS-SIGN",
  "OK-ACCESS-TIMESTAMP",
];

function order(ordId: string, sprdId = "BTC-USDT_BTC-USDT-SWAP"): Record<string, string> {
  return {
    sprdId,
    ordId,
    clOrdId: `c${ordId}`,
    tag: "",
    px: "10",
    sz: "1",
    ordType: "limit",
    side: "buy",
    fillSz: "0",
    fillPx: "",
    tradeId: "",
    accFillSz: "0",
    pendingFillSz: "1",
    pendingSettleSz: "0",
    canceledSz: "0",
    state: "live",
    avgPx: "0",
    cancelSource: "",
    uTime: "1597026383085",
    cTime: "1597026383085",
  };
}

/** A client whose fetch records requests and answers from `answers` in turn. */
function fixture(
  answers: Array<{ status?: number; body: unknown }>,
  extra: Record<string, unknown> = {},
): { client: OkxSpreadClient; captured: Captured[] } {
  const captured: Captured[] = [];
  let i = 0;
  const fakeFetch: typeof fetch = (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => headers[k] = v);
    captured.push({
      method: init?.method ?? "GET",
      url: String(input),
      headers: Object.fromEntries(
        Object.entries(init?.headers ?? {}).map(([k, v]) => [k, String(v)]),
      ),
      body: typeof init?.body === "string" ? init.body : "",
    });
    const answer = answers[Math.min(i++, answers.length - 1)] ?? { body: {} };
    const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    return Promise.resolve(new Response(text, { status: answer.status ?? 200 }));
  };
  const client = new OkxSpreadClient({
    ...CREDS,
    transport: { fetch: fakeFetch, maxRetries: 0, now: () => NOW },
    ...extra,
  });
  return { client, captured };
}

async function expectSigned(c: Captured, path: string, body: string): Promise<void> {
  const url = new URL(c.url);
  const query = [...url.searchParams.entries()].map(([k, v]) => [k, v] as const);
  const method = c.method === "POST" ? "POST" : "GET";
  const signed = await signOkxRequest(
    { method, path, query, body: body === "" ? undefined : JSON.parse(body) },
    CREDS,
    NOW,
    { baseUrl: "https://www.okx.com" },
  );
  assertEquals(c.headers, signed.headers);
}

Deno.test("cancelOrder({ordId}) posts the ordId body to /api/v5/sprd/cancel-order", async () => {
  const { client, captured } = fixture([{
    body: {
      code: "0",
      msg: "",
      data: [{ ordId: "2510789768709120", clOrdId: "", sCode: "0", sMsg: "" }],
    },
  }]);
  const ack = await client.cancelOrder({ ordId: "2510789768709120" });
  assertEquals(ack, { ordId: "2510789768709120", clOrdId: "", sCode: "0", sMsg: "" });
  const c = captured[0]!;
  assertEquals(c.method, "POST");
  assertEquals(c.url, "https://www.okx.com/api/v5/sprd/cancel-order");
  assertEquals(c.body, '{"ordId":"2510789768709120"}');
  assertEquals(Object.keys(c.headers).sort(), AUTH_HEADERS);
  await expectSigned(c, "/api/v5/sprd/cancel-order", c.body);
  // Same bytes as the ccxt vector for the same input.
  const vector = await signOkxRequest(
    {
      method: "POST",
      path: "/api/v5/sprd/cancel-order",
      query: [],
      body: { ordId: "2510789768709120" },
    },
    CREDS,
    NOW,
    { baseUrl: "https://www.okx.com" },
  );
  assertEquals(vector.headers["OK-ACCESS-SIGN"], "/zvNAszXXomIMkrvyVU51rE1gkLjPh0OtM3U75hsiVI=");
  assertEquals(c.headers["OK-ACCESS-SIGN"], vector.headers["OK-ACCESS-SIGN"]);
});

Deno.test("cancelOrder({clOrdId}) posts the clOrdId body", async () => {
  const { client, captured } = fixture([{
    body: { code: "0", msg: "", data: [{ ordId: "1", clOrdId: "oktswap6", sCode: "0", sMsg: "" }] },
  }]);
  await client.cancelOrder({ clOrdId: "oktswap6" });
  assertEquals(captured[0]!.body, '{"clOrdId":"oktswap6"}');
  assertEquals(
    captured[0]!.headers["OK-ACCESS-SIGN"],
    "c1pY4gtFUAmYK5K++b+YyWDJ5hYTkyIKeHg3I4ql+L8=",
  );
});

Deno.test("massCancel() sends {} with no filter and {sprdId} with one", async () => {
  const ok = { body: { code: "0", msg: "", data: [{ result: true }] } };
  const { client, captured } = fixture([ok, ok]);
  assertEquals(await client.massCancel(), true);
  assertEquals(await client.massCancel({ sprdId: "BTC-USDT_BTC-USDT-SWAP" }), true);
  assertEquals(captured.map((c) => [c.method, c.url, c.body]), [
    ["POST", "https://www.okx.com/api/v5/sprd/mass-cancel", "{}"],
    ["POST", "https://www.okx.com/api/v5/sprd/mass-cancel", '{"sprdId":"BTC-USDT_BTC-USDT-SWAP"}'],
  ]);
  assertEquals(
    captured[1]!.headers["OK-ACCESS-SIGN"],
    "Hem7yniNTX51y1Ir1GdWJvIB0Sh9M4dIHxcu52QQjnw=",
  );
  await expectSigned(captured[0]!, "/api/v5/sprd/mass-cancel", "{}");
});

Deno.test("massCancel() returns false when the venue says result false", async () => {
  const { client } = fixture([{ body: { code: "0", msg: "", data: [{ result: false }] } }]);
  assertEquals(await client.massCancel(), false);
});

Deno.test("cancelAllAfter() sends timeOut as a string and returns ms times", async () => {
  const armed = fixture([{
    body: { code: "0", msg: "", data: [{ triggerTime: "1767225660123", ts: "1767225600123" }] },
  }]);
  assertEquals(await armed.client.cancelAllAfter(60), {
    triggerTime: 1767225660123,
    ts: 1767225600123,
  });
  assertEquals(armed.captured[0]!.body, '{"timeOut":"60"}');
  assertEquals(armed.captured[0]!.url, "https://www.okx.com/api/v5/sprd/cancel-all-after");
  assertEquals(
    armed.captured[0]!.headers["OK-ACCESS-SIGN"],
    "xnrnwplMJV5HpwN01XasUpq7x6/jNEoIanItLAIMtgs=",
  );
  const disarmed = fixture([{
    body: { code: "0", msg: "", data: [{ triggerTime: "0", ts: "1767225600123" }] },
  }]);
  assertEquals(await disarmed.client.cancelAllAfter(0), { triggerTime: 0, ts: 1767225600123 });
  assertEquals(disarmed.captured[0]!.body, '{"timeOut":"0"}');
  // The docs' example sends seconds: they are scaled to ms.
  const seconds = fixture([{
    body: { code: "0", msg: "", data: [{ triggerTime: "1587971460", ts: "1587971400" }] },
  }]);
  assertEquals(await seconds.client.cancelAllAfter(10), {
    triggerTime: 1587971460000,
    ts: 1587971400000,
  });
});

Deno.test("listPendingOrders() pages with endId = the last ordId until a short page", async () => {
  const page1 = Array.from({ length: 100 }, (_, i) => order(String(1000 - i)));
  const page2 = [order("900"), order("899")];
  const { client, captured } = fixture([
    { body: { code: "0", msg: "", data: page1 } },
    { body: { code: "0", msg: "", data: page2 } },
  ]);
  const orders = await client.listPendingOrders({ sprdId: "BTC-USDT_BTC-USDT-SWAP" });
  assertEquals(orders.length, 102);
  assertEquals(captured.map((c) => c.url), [
    "https://www.okx.com/api/v5/sprd/orders-pending?sprdId=BTC-USDT_BTC-USDT-SWAP&limit=100",
    "https://www.okx.com/api/v5/sprd/orders-pending?sprdId=BTC-USDT_BTC-USDT-SWAP&endId=901&limit=100",
  ]);
  assertEquals(
    captured[0]!.headers["OK-ACCESS-SIGN"],
    "/qOACdyZGG1zItqDgO1YZSvcyZeArSCYWH3mN754LCY=",
  );
  assertEquals(
    Object.keys(captured[0]!.headers).sort(),
    AUTH_HEADERS.filter((h) => h !== "Content-Type"),
  );
  assertEquals(captured[0]!.body, "");
  await expectSigned(captured[1]!, "/api/v5/sprd/orders-pending", "");
});

Deno.test("listPendingOrders() sends every filter in a fixed order", async () => {
  const { client, captured } = fixture([{ body: { code: "0", msg: "", data: [] } }]);
  await client.listPendingOrders({
    sprdId: "ETH-USDT_ETH-USDT-SWAP",
    ordType: "post_only",
    state: "live",
  });
  assertEquals(
    captured[0]!.url,
    "https://www.okx.com/api/v5/sprd/orders-pending?sprdId=ETH-USDT_ETH-USDT-SWAP&ordType=post_only&state=live&limit=100",
  );
});

Deno.test("listPendingOrders() proves an empty book only with data: [] in the documented shape", async () => {
  const { client } = fixture([{ body: { code: "0", msg: "", data: [] } }]);
  assertEquals(await client.listPendingOrders(), []);
  // Each of these once read as "no open orders" (a false FLAT); now each is a format error.
  const bad: Array<[string, { status?: number; body: unknown }]> = [
    ["missing data", { body: { code: "0", msg: "" } }],
    ["null data", { body: { code: "0", msg: "", data: null } }],
    ["data an object", { body: { code: "0", msg: "", data: { orders: [] } } }],
    ["an item of another shape", { body: { code: "0", msg: "", data: [{ id: "1" }] } }],
    ["HTTP 503 carrying code 0", { status: 503, body: { code: "0", msg: "", data: [] } }],
    ["HTTP 404 carrying code 0", { status: 404, body: { code: "0", msg: "", data: [] } }],
    ["a null body", { body: "null" }],
  ];
  for (const [what, answer] of bad) {
    const { client } = fixture([answer]);
    await assertRejects(() => client.listPendingOrders(), ResponseFormatError, undefined, what);
  }
});

Deno.test("getOrder() refuses an answer with no order: code 0 with empty, null or no data", async () => {
  for (
    const body of [{ code: "0", msg: "", data: [] }, { code: "0", msg: "", data: null }, {
      code: "0",
      msg: "",
    }]
  ) {
    const { client } = fixture([{ body }]);
    await assertRejects(() => client.getOrder({ ordId: "5" }), ResponseFormatError);
  }
  // The documented "Order does not exist" stays its own code, for the caller to report.
  const { client } = fixture([{ body: { code: "51603", msg: "Order does not exist.", data: [] } }]);
  const e = await assertRejects(() => client.getOrder({ ordId: "5" }), AlreadyGoneError);
  assertEquals(e.code, "51603");
});

Deno.test("listPendingOrders() stops with a format error when the venue repeats a page", async () => {
  const page = Array.from({ length: 100 }, (_, i) => order(String(1000 - i)));
  const { client, captured } = fixture([{ body: { code: "0", msg: "", data: page } }]);
  await assertRejects(() => client.listPendingOrders(), ResponseFormatError, "did not advance");
  assertEquals(captured.length, 2);
});

Deno.test("getOrder() queries by ordId or clOrdId and reads instId as the spread id", async () => {
  const legacy = { ...order("5"), instId: "BTC-USD-SWAP_BTC-USD-261225" } as Record<string, string>;
  delete legacy.sprdId;
  const { client, captured } = fixture([
    { body: { code: "0", msg: "", data: [order("5")] } },
    { body: { code: "0", msg: "", data: [legacy] } },
  ]);
  assertEquals((await client.getOrder({ ordId: "5" })).state, "live");
  assertEquals((await client.getOrder({ clOrdId: "c5" })).sprdId, "BTC-USD-SWAP_BTC-USD-261225");
  assertEquals(captured.map((c) => c.url), [
    "https://www.okx.com/api/v5/sprd/order?ordId=5",
    "https://www.okx.com/api/v5/sprd/order?clOrdId=c5",
  ]);
});

Deno.test("serverTime() is an unsigned GET of /api/v5/public/time", async () => {
  const { client, captured } = fixture([{
    body: { code: "0", msg: "", data: [{ ts: "1597026383085" }] },
  }]);
  assertEquals(await client.serverTime(), 1597026383085);
  assertEquals(captured[0]!.url, "https://www.okx.com/api/v5/public/time");
  assertEquals(captured[0]!.headers, {});
});

Deno.test("the region picks the host and demo adds x-simulated-trading", async () => {
  const ok = { body: { code: "0", msg: "", data: [{ result: true }] } };
  for (
    const [region, host] of [["eea", "eea.okx.com"], ["us", "us.okx.com"], [
      "global",
      "www.okx.com",
    ]] as const
  ) {
    const { client, captured } = fixture([ok], { region, demo: true });
    assertEquals(client.host, host);
    await client.massCancel();
    assertEquals(new URL(captured[0]!.url).host, host);
    assertEquals(captured[0]!.headers["x-simulated-trading"], "1");
  }
});

Deno.test("a baseUrl override wins over the region and keeps its path prefix", async () => {
  const { client, captured } = fixture(
    [{ body: { code: "0", msg: "", data: [{ result: true }] } }],
    {
      region: "eea",
      baseUrl: "http://127.0.0.1:8123/okx/",
    },
  );
  assertEquals(client.baseUrl, "http://127.0.0.1:8123/okx");
  assertEquals(client.host, "127.0.0.1:8123");
  await client.massCancel();
  assertEquals(captured[0]!.url, "http://127.0.0.1:8123/okx/api/v5/sprd/mass-cancel");
});

Deno.test("new OkxSpreadClient() names the missing or bad field", () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ apiKey: "k", secret: "s" }, "Cannot create OKX client: passphrase is required"],
    [
      { apiKey: "", secret: "s", passphrase: "p" },
      "Cannot create OKX client: apiKey must not be empty",
    ],
    [{ apiKey: "k", secret: 5, passphrase: "p" }, "Cannot create OKX client: secret must be"],
    [
      { ...CREDS, baseUrl: "http://example.com" },
      "Cannot create OKX client: baseUrl must be https://",
    ],
    [{ ...CREDS, baseUrl: "not a url" }, "Cannot create OKX client: baseUrl not a valid URL"],
    [{ ...CREDS, region: "asia" }, "Cannot create OKX client: region"],
    [{ ...CREDS, transport: { timeoutMs: -1 } }, "timeoutMs"],
  ];
  for (const [options, message] of cases) {
    // @ts-expect-error: deliberately wrong options
    assertThrows(() => new OkxSpreadClient(options), InputError, message);
  }
  new OkxSpreadClient({
    apiKey: new Secret("k"),
    secret: new Secret("s"),
    passphrase: new Secret("p"),
  });
});

Deno.test("bad input is refused with the field named and nothing is sent", async () => {
  const { client, captured } = fixture([{ body: {} }]);
  const refs: Array<[unknown, string]> = [
    [{}, "Cannot cancel order: ordId or clOrdId is required"],
    [{ ordId: "" }, "Cannot cancel order: ordId must not be empty"],
    [{ ordId: "1", clOrdId: "x" }, "Cannot cancel order: give ordId or clOrdId, not both"],
    [{ ordId: " 1" }, "Cannot cancel order: ordId must not have leading or trailing spaces"],
  ];
  for (const [ref, message] of refs) {
    // deno-lint-ignore no-explicit-any
    await assertRejects(() => client.cancelOrder(ref as any), InputError, message);
  }
  await assertRejects(
    () => client.massCancel({ sprdId: "" }),
    InputError,
    "sprdId must not be empty",
  );
  await assertRejects(
    () => client.massCancel({ sprdId: "BTCUSDT" }),
    InputError,
    "sprdId must be an uppercase spread id",
  );
  for (const t of [5, 121, -1, 30.5, NaN]) {
    await assertRejects(
      () => client.cancelAllAfter(t),
      InputError,
      "Cannot arm cancel-all-after: timeOut",
    );
  }
  // @ts-expect-error: a state the listing does not take
  await assertRejects(() => client.listPendingOrders({ state: "filled" }), InputError, "state");
  // @ts-expect-error: neither id
  await assertRejects(() => client.getOrder({}), InputError, "Cannot get order");
  assertEquals(captured.length, 0);
});

Deno.test("the type of an order reference allows exactly one id", () => {
  const a: OkxOrderRef = { ordId: "1" };
  const b: OkxOrderRef = { clOrdId: "x" };
  // @ts-expect-error: both ids
  const c: OkxOrderRef = { ordId: "1", clOrdId: "x" };
  // @ts-expect-error: no id
  const d: OkxOrderRef = {};
  assertEquals([a, b, c, d].length, 4);
});

Deno.test("codes become typed errors: gone, auth, rate limit, timestamp, bad request, transient", async () => {
  const cases: Array<[{ status?: number; body: unknown }, typeof VenueError, string]> = [
    [
      {
        body: {
          code: "1",
          msg: "Operation failed.",
          data: [{ ordId: "1", clOrdId: "", sCode: "51400", sMsg: "does not exist" }],
        },
      },
      AlreadyGoneError,
      "51400",
    ],
    [
      {
        body: {
          code: "1",
          msg: "",
          data: [{ ordId: "1", clOrdId: "", sCode: "51401", sMsg: "canceled" }],
        },
      },
      AlreadyGoneError,
      "51401",
    ],
    [
      {
        body: {
          code: "1",
          msg: "",
          data: [{ ordId: "1", clOrdId: "", sCode: "51402", sMsg: "done" }],
        },
      },
      AlreadyGoneError,
      "51402",
    ],
    [
      { status: 401, body: { code: "50113", msg: "Invalid signature.", data: [] } },
      AuthError,
      "50113",
    ],
    [{ status: 401, body: { code: "50111", msg: "Invalid OK-ACCESS-KEY." } }, AuthError, "50111"],
    [{ status: 401, body: { code: "50105", msg: "passphrase incorrect" } }, AuthError, "50105"],
    [{ status: 401, body: { code: "50101", msg: "env" } }, AuthError, "50101"],
    [{ body: { code: "50119", msg: "API key doesn't exist", data: [] } }, AuthError, "50119"],
    [{ status: 429, body: { msg: "Too Many Requests", code: "50011" } }, RateLimitError, "50011"],
    [{ body: { code: "50011", msg: "Rate limit reached.", data: [] } }, RateLimitError, "50011"],
    [
      { status: 401, body: { code: "50102", msg: "Timestamp request expired." } },
      TimestampError,
      "50102",
    ],
    [
      { status: 400, body: { code: "51000", msg: "Parameter ordId error", data: [] } },
      BadRequestError,
      "51000",
    ],
    [
      { status: 503, body: { code: "50001", msg: "Service temporarily unavailable." } },
      TransientError,
      "50001",
    ],
    [{ status: 500, body: { code: "50026", msg: "System error." } }, TransientError, "50026"],
    [{ body: { code: "50013", msg: "busy", data: [] } }, TransientError, "50013"],
    [{ status: 502, body: { code: "59999", msg: "?" } }, TransientError, "59999"],
    [{ body: { code: "59999", msg: "?" } }, BadRequestError, "59999"],
  ];
  const time = { body: { code: "0", msg: "", data: [{ ts: String(NOW) }] } };
  for (const [answer, type, code] of cases) {
    // A timestamp rejection resyncs once (server time) and retries once.
    const { client } = fixture([answer, time, answer]);
    const e = await assertRejects(() => client.cancelOrder({ ordId: "1" }));
    assertInstanceOf(e, type);
    assertInstanceOf(e, VenueError);
    assertEquals(e.code, code);
  }
});

Deno.test("cancelOrder() returns a 51410 (cancel already pending) as an acknowledgement", async () => {
  const { client } = fixture([{
    body: {
      code: "1",
      msg: "",
      data: [{ ordId: "1", clOrdId: "", sCode: "51410", sMsg: "canceling" }],
    },
  }]);
  assertEquals((await client.cancelOrder({ ordId: "1" })).sCode, "51410");
});

Deno.test("massCancel() maps 51001 (spread does not exist) to a BadRequestError with its code", async () => {
  const { client } = fixture([{
    body: { code: "51001", msg: "Spread ID doesn't exist.", data: [] },
  }]);
  const e = await assertRejects(
    () => client.massCancel({ sprdId: "XRP-USDT_XRP-USDT-SWAP" }),
    BadRequestError,
  );
  assertEquals(e.code, "51001");
});

Deno.test("HTML, truncated, empty and mismatched bodies become ResponseFormatError", async () => {
  const bodies: Array<{ status?: number; body: unknown }> = [
    { status: 200, body: "<html><body>maintenance</body></html>" },
    { body: '{"code":"0","data":[{"ordId":"12' },
    { body: "" },
    { body: "OK" },
    { body: { code: "0", msg: "", data: [{ result: "maybe" }] } },
    { body: { code: "0", msg: "", data: [] } },
    { body: { nothing: true } },
  ];
  for (const answer of bodies) {
    const { client } = fixture([answer]);
    await assertRejects(() => client.massCancel(), ResponseFormatError);
  }
});

Deno.test("errors carry METHOD /path and the status, never the query", async () => {
  const { client } = fixture([{
    status: 400,
    body: { code: "51000", msg: "Parameter sprdId error" },
  }]);
  const e = await assertRejects(
    () => client.listPendingOrders({ sprdId: "BTC-USDT_BTC-USDT-SWAP" }),
    BadRequestError,
  );
  assertEquals(e.endpoint, "GET /api/v5/sprd/orders-pending");
  assertEquals(e.status, 400);
  assertEquals(e.message.includes("sprdId=BTC"), false);
});

Deno.test("getSpreads() is an unsigned GET of /api/v5/sprd/spreads in the documented shape", async () => {
  const spread = {
    sprdId: "ETH-USD-SWAP_ETH-USD-231229",
    sprdType: "inverse",
    state: "live",
    baseCcy: "ETH",
    szCcy: "USD",
    quoteCcy: "USD",
    tickSz: "0.01",
    minSz: "10",
    lotSz: "10",
    listTime: "1686903000159",
    legs: [{ instId: "ETH-USD-SWAP", side: "sell" }, { instId: "ETH-USD-231229", side: "buy" }],
    expTime: "1703836800000",
    uTime: "1691376905595",
  };
  const { client, captured } = fixture([{ body: { code: "0", msg: "", data: [spread] } }]);
  const [got] = await client.getSpreads({ sprdId: "ETH-USD-SWAP_ETH-USD-231229", state: "live" });
  assertEquals(got?.baseCcy, "ETH");
  assertEquals(got?.legs.map((l) => l.instId), ["ETH-USD-SWAP", "ETH-USD-231229"]);
  assertEquals(
    captured[0]?.url,
    "https://www.okx.com/api/v5/sprd/spreads?sprdId=ETH-USD-SWAP_ETH-USD-231229&state=live",
  );
  assertEquals(captured[0]?.headers["OK-ACCESS-SIGN"], undefined);
  // No guessing: an item without baseCcy, or data that is not an array, is a format error.
  for (
    const body of [
      { code: "0", msg: "", data: [{ ...spread, baseCcy: undefined }] },
      { code: "0", msg: "", data: null },
      { code: "0", msg: "" },
    ]
  ) {
    await assertRejects(() => fixture([{ body }]).client.getSpreads(), ResponseFormatError);
  }
  await assertRejects(() => client.getSpreads({ baseCcy: "btc" }), InputError, "baseCcy");
});
