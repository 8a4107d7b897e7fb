import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { InputError, ResponseFormatError } from "../venues/errors.ts";
import { P99Client, type P99ClientOptions } from "../venues/p99/mod.ts";

const TS = 1767225600123;
const BASE = "https://api-sepolia.p99.world/api/v1";

interface Captured {
  method: string;
  url: string;
  body: string | undefined;
  headers: Record<string, string>;
}

const ORDER = {
  id: "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10",
  symbol: "DFUSDT",
  side: "buy",
  type: "limit",
  tif: "gtc",
  price: "0.5000",
  quantity: "100",
  quote_quantity: null,
  filled_qty: "0",
  avg_fill_price: "0",
  status: "canceled",
  reject_reason: null,
  created_at: 1778400000,
  updated_at: 1778400300,
};

/** A client whose fetch records each request and answers with `answer(url)`. */
function capture(
  answer: (url: URL) => unknown = () => [],
  options: Partial<P99ClientOptions> = {},
): { client: P99Client; seen: Captured[] } {
  const seen: Captured[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = String(input);
    seen.push({
      method: init?.method ?? "GET",
      url,
      body: typeof init?.body === "string" ? init.body : undefined,
      headers: { ...(init?.headers as Record<string, string>) },
    });
    return Promise.resolve(
      new Response(JSON.stringify(answer(new URL(url))), {
        status: 200,
        headers: { date: new Date(TS).toUTCString() },
      }),
    );
  };
  // `options` may swap the key pair for a JWT (with apiKey and secret set to undefined).
  const client = new P99Client({
    apiKey: "test-key",
    secret: "test-secret",
    transport: { fetch, now: () => TS, maxRetries: 0 },
    ...options,
  } as P99ClientOptions);
  return { client, seen };
}

async function sig(query: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode("test-secret"),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(query)))
    .toHex();
}

Deno.test("cancelAll() sends DELETE /spot/orders signed like the ccxt vector", async () => {
  const { client, seen } = capture(() => ({ canceled: [ORDER] }));
  const canceled = await client.cancelAll();
  assertEquals(canceled.map((o) => o.id), [ORDER.id]);
  assertEquals(seen, [{
    method: "DELETE",
    url:
      `${BASE}/spot/orders?timestamp=1767225600123&signature=5a7063f80b494714e45d1e1838b269eda1c28a6f1666962c0fa27cd1adbda21a`,
    body: undefined,
    headers: { "X-MBX-APIKEY": "test-key" },
  }]);
});

Deno.test("cancelAll({symbol}) sends the symbol before the timestamp", async () => {
  const { client, seen } = capture(() => ({ canceled: [] }));
  assertEquals(await client.cancelAll({ symbol: "DFUSDT" }), []);
  assertEquals(
    seen[0]?.url,
    `${BASE}/spot/orders?symbol=DFUSDT&timestamp=1767225600123&signature=099b55490fa22a8b1deb941b5382a8a45a76da69590c41949805612eec525f7e`,
  );
});

Deno.test("cancelAll() accepts a null canceled list as empty", async () => {
  const { client } = capture(() => ({ canceled: null }));
  assertEquals(await client.cancelAll(), []);
});

Deno.test("cancelOrder() sends DELETE /spot/orders/{id}", async () => {
  const { client, seen } = capture(() => ORDER);
  const order = await client.cancelOrder(ORDER.id);
  assertEquals(order.status, "canceled");
  const q = "timestamp=1767225600123";
  assertEquals(seen[0]?.method, "DELETE");
  assertEquals(seen[0]?.url, `${BASE}/spot/orders/${ORDER.id}?${q}&signature=${await sig(q)}`);
  assertEquals(Object.keys(seen[0]?.headers ?? {}), ["X-MBX-APIKEY"]);
});

Deno.test("getOrder() sends GET /spot/orders/{id}", async () => {
  const { client, seen } = capture(() => ({ ...ORDER, status: "open" }));
  assertEquals((await client.getOrder(ORDER.id)).status, "open");
  const q = "timestamp=1767225600123";
  assertEquals(seen[0]?.method, "GET");
  assertEquals(seen[0]?.url, `${BASE}/spot/orders/${ORDER.id}?${q}&signature=${await sig(q)}`);
});

Deno.test("listOrders() sends every filter in order and clamps limit to 200", async () => {
  const { client, seen } = capture(() => [ORDER]);
  await client.listOrders({ symbol: "BTCUSDT", status: "open", start: 1, end: 2, limit: 500 });
  const q = "symbol=BTCUSDT&status=open&start=1&end=2&limit=200&timestamp=1767225600123";
  assertEquals(seen[0]?.url, `${BASE}/spot/orders?${q}&signature=${await sig(q)}`);
});

Deno.test("listActiveOrders() asks for open and partially_filled, 200 per page", async () => {
  const { client, seen } = capture(() => []);
  const result = await client.listActiveOrders({ symbol: "DFUSDT" });
  assertEquals(result, { orders: [], complete: true, pages: 2 });
  const urls = seen.map((s) => new URL(s.url).search.replace(/&signature=.*/, "")).sort();
  assertEquals(urls, [
    "?symbol=DFUSDT&status=open&limit=200&timestamp=1767225600123",
    "?symbol=DFUSDT&status=partially_filled&limit=200&timestamp=1767225600123",
  ]);
});

Deno.test("listActiveOrders() pages backwards with end and stops on a repeated page", async () => {
  // 250 open orders, two per second; the venue honours end and returns newest first.
  const all = Array.from({ length: 250 }, (_, i) => ({
    ...ORDER,
    id: `00000000-0000-4000-a000-${String(i).padStart(12, "0")}`,
    status: "open",
    created_at: 1778400000 + Math.floor(i / 2),
  })).reverse();
  const { client, seen } = capture((url) => {
    if (url.searchParams.get("status") !== "open") return [];
    const end = url.searchParams.get("end");
    return all.filter((o) => end === null || o.created_at <= Number(end)).slice(0, 200);
  });
  const result = await client.listActiveOrders();
  assertEquals(result.complete, true);
  assertEquals(result.orders.length, 250);
  assertEquals(new Set(result.orders.map((o) => o.id)).size, 250);
  const ends = seen.map((s) => new URL(s.url).searchParams.get("end")).filter((e) => e !== null);
  assertEquals(ends.length, 2);
  assert(seen.length <= 4);
});

Deno.test("listActiveOrders() says complete: false when a full page repeats", async () => {
  // The venue ignores `end` and always returns the same full page: no infinite loop.
  const page = Array.from({ length: 200 }, (_, i) => ({
    ...ORDER,
    id: `00000000-0000-4000-a000-${String(i).padStart(12, "0")}`,
    status: "open",
    created_at: 1778400000,
  }));
  const { client, seen } = capture((url) => url.searchParams.get("status") === "open" ? page : []);
  const result = await client.listActiveOrders();
  assertEquals(result.complete, false);
  assertEquals(result.orders.length, 200);
  assert(seen.length < 10);
});

Deno.test("health() sends an unsigned GET /spot/health", async () => {
  const { client, seen } = capture(() => ({ engine: "running", queue_depth: 0, books_loaded: 1 }));
  assertEquals((await client.health()).engine, "running");
  assertEquals(seen[0]?.url, `${BASE}/spot/health`);
  assertEquals(seen[0]?.headers, {});
});

Deno.test("a JWT client sends Authorization: Bearer and no signature", async () => {
  const { client, seen } = capture(() => ({ canceled: [] }), {
    apiKey: undefined,
    secret: undefined,
    jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
  });
  await client.cancelAll({ symbol: "DFUSDT" });
  assertEquals(seen[0]?.url, `${BASE}/spot/orders?symbol=DFUSDT`);
  assertEquals(seen[0]?.headers, {
    Authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
  });
  assertEquals(client.authMode, "jwt");
});

Deno.test("apiKeyHeader and baseUrl options change the header and the URL", async () => {
  const { client, seen } = capture(() => ({ canceled: [] }), {
    apiKeyHeader: "X-API-Key",
    baseUrl: "https://spot.example.com/api/v1/",
  });
  await client.cancelAll();
  assert(seen[0]?.url.startsWith("https://spot.example.com/api/v1/spot/orders?timestamp="));
  assertEquals(Object.keys(seen[0]?.headers ?? {}), ["X-API-Key"]);
  assertEquals(client.baseUrl, "https://spot.example.com/api/v1");
  assertEquals(client.host, "spot.example.com");
});

Deno.test("bad input is refused before anything is sent", async () => {
  const { client, seen } = capture();
  await assertRejects(() => client.cancelOrder("not-a-uuid"), InputError, "id must be a UUID");
  await assertRejects(() => client.cancelOrder(""), InputError, "Cannot cancel p99 order: id");
  await assertRejects(() => client.getOrder("123"), InputError, "Cannot get p99 order: id");
  await assertRejects(
    () => client.cancelAll({ symbol: "dfusdt" }),
    InputError,
    "Cannot cancel all p99 orders: symbol must be an uppercase market id",
  );
  await assertRejects(() => client.cancelAll({ symbol: "" }), InputError, "symbol");
  await assertRejects(
    () => client.listOrders({ limit: 0 }),
    InputError,
    "Cannot list p99 orders: limit must be at least 1",
  );
  await assertRejects(
    () => client.listOrders({ status: "live" as "open" }),
    InputError,
    "status must be one of",
  );
  await assertRejects(() => client.listOrders({ end: 1.5 }), InputError, "end");
  assertEquals(seen.length, 0);
});

Deno.test("the constructor names the missing or wrong option", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{}, "Cannot create p99 client: apiKey is required (or pass jwt); secret is required"],
    [{ apiKey: "k" }, "Cannot create p99 client: secret is required"],
    [{ apiKey: "", secret: "s" }, "Cannot create p99 client: apiKey must not be empty"],
    [{ jwt: "not-a-jwt" }, "Cannot create p99 client: jwt must look like a JWT"],
    [{ jwt: "Bearer a.b.c" }, "Cannot create p99 client: jwt must look like a JWT"],
    [{ jwt: "a.b.c", apiKey: "k", secret: "s" }, "jwt cannot be combined with apiKey/secret"],
    [{ apiKey: "k", secret: "s", apiKeyHeader: "bad header" }, "apiKeyHeader must be"],
    [{ apiKey: "k", secret: "s", maxInFlight: 0 }, "maxInFlight must be at least 1"],
    [
      { apiKey: "k", secret: "s", baseUrl: "http://example.com" },
      "Cannot create p99 client: baseUrl must be https://",
    ],
    [
      { apiKey: "k", secret: "s", baseUrl: "not a url" },
      "Cannot create p99 client: baseUrl not a valid URL",
    ],
  ];
  for (const [options, message] of cases) {
    const e = assertThrows(() => new P99Client(options as never), InputError);
    assert(e.message.includes(message), `${e.message} should include ${message}`);
  }
});

Deno.test("the default base URL is the documented Sepolia host", () => {
  const client = new P99Client({ apiKey: "k", secret: "s" });
  assertEquals(client.baseUrl, BASE);
  assertEquals(client.host, "api-sepolia.p99.world");
  assertEquals(client.pathPrefix, "/api/v1");
});

Deno.test("markets() sends an unsigned GET /spot/markets and reads the stated tokens", async () => {
  const row = {
    id: "DFUSDT",
    base_token: "DF",
    quote_token: "USDT",
    tick_size: "0.0001",
    lot_size: "0.01",
    min_notional: "1",
    maker_fee_bps: 0,
    taker_fee_bps: 0,
    status: "listed",
  };
  const { client, seen } = capture(() => [row]);
  const markets = await client.markets();
  assertEquals(seen[0]?.method, "GET");
  assertEquals(seen[0]?.url, `${BASE}/spot/markets`);
  assertEquals(seen[0]?.headers, {});
  assertEquals(markets.map((m) => [m.id, m.base_token, m.quote_token]), [["DFUSDT", "DF", "USDT"]]);
});

Deno.test("markets() refuses null, an object, or rows without tokens", async () => {
  for (const answer of [null, { markets: [] }, [{ id: "DFUSDT" }]]) {
    const { client } = capture(() => answer);
    await assertRejects(() => client.markets(), ResponseFormatError);
  }
});
