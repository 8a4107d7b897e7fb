import { assert, assertEquals, assertMatch } from "@std/assert";
import { bybitSim } from "../sim/bybit.ts";
import { type RunningServer, startServer } from "../sim/server.ts";
import type { SimAccount, SimState } from "../sim/core.ts";

// Hand-built requests, signed here with WebCrypto directly (neither the client's signer nor
// the simulator's helpers), so a bug on either side cannot hide behind the other.

const enc = new TextEncoder();
async function hexHmac(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(message)));
  return Array.from(sig, (b) => b.toString(16).padStart(2, "0")).join("");
}

interface Raw {
  method: "GET" | "POST";
  path: string;
  query?: string;
  body?: string;
}

interface Tamper {
  key?: string;
  ts?: number;
  signTs?: number;
  recv?: string;
  sentQuery?: string;
  sentBody?: string;
  sentPath?: string;
  sign?: string;
}

async function send(
  server: RunningServer,
  account: SimAccount,
  raw: Raw,
  t: Tamper = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const ts = t.signTs ?? t.ts ?? Date.now();
  const recv = t.recv ?? "5000";
  const payload = raw.method === "GET" ? raw.query ?? "" : raw.body ?? "";
  const sign = t.sign ?? await hexHmac(account.secret, `${ts}${account.apiKey}${recv}${payload}`);
  const query = t.sentQuery ?? raw.query ?? "";
  const url = `${server.origin}${t.sentPath ?? raw.path}${query ? `?${query}` : ""}`;
  const headers: Record<string, string> = {
    "X-BAPI-API-KEY": t.key ?? account.apiKey,
    "X-BAPI-TIMESTAMP": String(t.ts ?? ts),
    "X-BAPI-RECV-WINDOW": recv,
    "X-BAPI-SIGN": sign,
  };
  const init: RequestInit = { method: raw.method, headers };
  if (raw.method === "POST") {
    headers["Content-Type"] = "application/json";
    init.body = t.sentBody ?? raw.body ?? "";
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { text };
  }
  return { status: res.status, body, headers: res.headers };
}

async function withSim(fn: (s: RunningServer, a: SimAccount, st: SimState) => Promise<void>) {
  const server = startServer([bybitSim], { port: 0, accounts: 2 });
  try {
    await fn(server, server.state.account("bybit", 0), server.state);
  } finally {
    await server.close();
  }
}

function seed(
  state: SimState,
  account: SimAccount,
  n: number,
  spec: { market?: string; symbol?: string; kind?: "regular" | "conditional" } = {},
): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = bybitSim.makeOrder(account, {
      venue: "bybit",
      account: account.index,
      count: 1,
      ...spec,
    }, state);
    account.orders.set(o.id, o);
    ids.push(o.id);
  }
  return ids;
}

const open = (state: SimState, account: SimAccount) => state.openOrders(account);

const data = JSON.parse(
  await Deno.readTextFile(new URL("./data/signatures.json", import.meta.url)),
);
const vectors: { method: "GET" | "POST"; url: string; body: string }[] = data.requests.filter((
  r: { venue: string },
) => r.venue === "bybit");

function rawOf(v: { method: "GET" | "POST"; url: string; body: string }): Raw {
  const url = new URL(v.url);
  return { method: v.method, path: url.pathname, query: url.search.slice(1), body: v.body };
}

Deno.test("the sim accepts every Bybit vector re-signed with its own credentials", async () => {
  await withSim(async (server, account) => {
    for (const v of vectors) {
      const r = await send(server, account, rawOf(v));
      assertEquals(r.status, 200, v.url);
      // cancel of an unknown order is signed correctly but answered 110001
      const expected = v.url.endsWith("/v5/order/cancel") ? 110001 : 0;
      assertEquals(r.body.retCode, expected, `${v.url} ${JSON.stringify(r.body)}`);
    }
  });
});

Deno.test("the sim rejects one changed byte in key, timestamp, query and body with Bybit's codes", async () => {
  await withSim(async (server, account) => {
    for (const v of vectors) {
      const raw = rawOf(v);
      const flip = (s: string) => s.slice(0, -1) + (s.endsWith("A") ? "B" : "A");
      const badKey = await send(server, account, raw, { key: flip(account.apiKey) });
      assertEquals([badKey.status, badKey.body.retCode], [401, 10003], "key");
      const now = Date.now();
      const badTs = await send(server, account, raw, { signTs: now, ts: now - 1 });
      assertEquals([badTs.status, badTs.body.retCode], [200, 10004], "timestamp");
      if (v.method === "GET") {
        const badQuery = await send(server, account, raw, {
          sentQuery: raw.query!.replace("USDT", "USDC"),
        });
        assertEquals([badQuery.status, badQuery.body.retCode], [200, 10004], "query");
      } else {
        const badBody = await send(server, account, raw, {
          sentBody: raw.body!.replace('"linear"', '"inverse"').replace('"spot"', '"spoT"'),
        });
        assertEquals([badBody.status, badBody.body.retCode], [200, 10004], "body");
      }
      const badSign = await send(server, account, raw, { sign: "0".repeat(64) });
      assertEquals(badSign.body.retCode, 10004);
      assertMatch(String(badSign.body.retMsg), /^error sign! origin_string\[/);
    }
  });
});

Deno.test("the sim does not sign the path (Bybit signs timestamp+key+window+payload only)", async () => {
  await withSim(async (server, account) => {
    const raw: Raw = { method: "POST", path: "/v5/order/cancel-all", body: '{"category":"spot"}' };
    const moved = await send(server, account, raw, { sentPath: "/v5/order/cancel" });
    assertEquals(
      moved.body.retCode,
      10001,
      "same signature accepted on another path; params then refused",
    );
    const unknown = await send(server, account, raw, { sentPath: "/v5/order/cancel-everything" });
    assertEquals(unknown.status, 404);
  });
});

Deno.test("the sim enforces server-recvWindow <= timestamp < server+1000, with injected skew", async () => {
  await withSim(async (server, account, state) => {
    const raw: Raw = { method: "POST", path: "/v5/order/cancel-all", body: '{"category":"spot"}' };
    assertEquals((await send(server, account, raw, { ts: Date.now() + 500 })).body.retCode, 0);
    const ahead = await send(server, account, raw, { ts: Date.now() + 1500 });
    assertEquals([ahead.status, ahead.body.retCode], [200, 10002]);
    assertMatch(
      String(ahead.body.retMsg),
      /req_timestamp\[\d+\],server_timestamp\[\d+\],recv_window\[5000\]/,
    );
    assertEquals((await send(server, account, raw, { ts: Date.now() - 4000 })).body.retCode, 0);
    assertEquals((await send(server, account, raw, { ts: Date.now() - 6000 })).body.retCode, 10002);
    assertEquals(
      (await send(server, account, raw, { ts: Date.now() - 6000, recv: "10000" })).body.retCode,
      0,
    );
    state.skewMs.set("bybit", 60_000);
    assertEquals((await send(server, account, raw)).body.retCode, 10002);
    assertEquals((await send(server, account, raw, { ts: Date.now() + 60_000 })).body.retCode, 0);
  });
});

Deno.test("the sim serves public server time without auth, in seconds and nanoseconds", async () => {
  await withSim(async (server, _account, state) => {
    state.skewMs.set("bybit", 5000);
    const res = await fetch(`${server.origin}/v5/market/time`);
    const body = await res.json();
    assertEquals(body.retCode, 0);
    const ms = Number(BigInt(body.result.timeNano) / 1_000_000n);
    assert(Math.abs(ms - (Date.now() + 5000)) < 1000);
    assertEquals(body.result.timeSecond, String(Math.floor(ms / 1000)));
  });
});

Deno.test("futures cancel-all removes at most 500 orders, picked at random; spot has no cap", async () => {
  await withSim(async (server, account, state) => {
    const ids = seed(state, account, 600, { market: "linear", symbol: "BTCUSDT" });
    const r = await send(server, account, {
      method: "POST",
      path: "/v5/order/cancel-all",
      body: '{"category":"linear","symbol":"BTCUSDT"}',
    });
    const list = (r.body.result as { list: unknown[] }).list;
    assertEquals(list.length, 500);
    const left = open(state, account).map((o) => o.id);
    assertEquals(left.length, 100);
    assert(left.join() !== ids.slice(500).join(), "not simply the first 500");
    seed(state, account, 700, { market: "spot", symbol: "ETHUSDT" });
    const spot = await send(server, account, {
      method: "POST",
      path: "/v5/order/cancel-all",
      body: '{"category":"spot"}',
    });
    assertEquals((spot.body.result as { list: unknown[] }).list.length, 700);
    assertEquals(open(state, account).filter((o) => o.market === "spot").length, 0);
  });
});

Deno.test("cancel-all: linear/inverse need a coin or symbol; priority symbol > baseCoin > settleCoin", async () => {
  await withSim(async (server, account, state) => {
    const post = (body: string) =>
      send(server, account, { method: "POST", path: "/v5/order/cancel-all", body });
    assertEquals((await post('{"category":"linear"}')).body.retCode, 10001);
    assertEquals((await post('{"category":"inverse"}')).body.retCode, 10001);
    assertEquals((await post('{"category":"spot","settleCoin":"USDT"}')).body.retCode, 10001);
    assertEquals(
      (await post('{"category":"spot","orderFilter":"OpenOrder"}')).body.retCode,
      170202,
    );
    assertEquals(
      (await post('{"category":"linear","symbol":"BTCUSDT","stopOrderType":"Stop"}')).body.retCode,
      10001,
    );
    seed(state, account, 3, { market: "linear", symbol: "BTCUSDT" });
    seed(state, account, 3, { market: "linear", symbol: "ETHUSDT" });
    seed(state, account, 3, { market: "linear", symbol: "BTCPERP" });
    await post('{"category":"linear","symbol":"ETHUSDT","baseCoin":"BTC","settleCoin":"USDC"}');
    assertEquals(open(state, account).map((o) => o.symbol).sort(), [
      ...Array(3).fill("BTCPERP"),
      ...Array(3).fill("BTCUSDT"),
    ]);
    await post('{"category":"linear","baseCoin":"BTC","settleCoin":"USDT"}');
    assertEquals(
      open(state, account).length,
      0,
      "baseCoin wins over settleCoin: BTCPERP (USDC) canceled too",
    );
  });
});

Deno.test("cancel-all orderFilter semantics per category", async () => {
  await withSim(async (server, account, state) => {
    const post = (body: string) =>
      send(server, account, { method: "POST", path: "/v5/order/cancel-all", body });
    const count = (market: string, kind: string) =>
      open(state, account).filter((o) => o.market === market && o.kind === kind).length;
    seed(state, account, 4, { market: "linear", symbol: "BTCUSDT" });
    seed(state, account, 8, { market: "linear", symbol: "BTCUSDT", kind: "conditional" });
    await post(
      '{"category":"linear","symbol":"BTCUSDT","orderFilter":"StopOrder","stopOrderType":"Stop"}',
    );
    assertEquals(count("linear", "conditional"), 6, "only stopOrderType Stop (2 of 8)");
    await post('{"category":"linear","symbol":"BTCUSDT","orderFilter":"Order"}');
    assertEquals([count("linear", "regular"), count("linear", "conditional")], [0, 6]);
    seed(state, account, 2, { market: "linear", symbol: "BTCUSDT" });
    await post('{"category":"linear","symbol":"BTCUSDT"}');
    assertEquals(
      count("linear", "regular") + count("linear", "conditional"),
      0,
      "omitted = all kinds",
    );
    seed(state, account, 3, { market: "spot", symbol: "BTCUSDT" });
    seed(state, account, 8, { market: "spot", symbol: "BTCUSDT", kind: "conditional" });
    await post('{"category":"spot"}');
    assertEquals(
      [count("spot", "regular"), count("spot", "conditional")],
      [0, 8],
      "spot default = Order",
    );
    await post('{"category":"spot","orderFilter":"tpslOrder"}');
    assertEquals(count("spot", "conditional"), 6);
    await post('{"category":"spot","orderFilter":"StopOrder"}');
    assertEquals(count("spot", "conditional"), 4);
    await post('{"category":"spot","orderFilter":"OcoOrder"}');
    await post('{"category":"spot","orderFilter":"BidirectionalTpslOrder"}');
    assertEquals(count("spot", "conditional"), 0);
  });
});

Deno.test("realtime: linear needs a selector, others list bare; limit 1..50 default 20; cursor pages", async () => {
  await withSim(async (server, account, state) => {
    const get = (query: string) =>
      send(server, account, { method: "GET", path: "/v5/order/realtime", query });
    assertEquals((await get("category=linear")).body.retCode, 10001);
    for (const c of ["inverse", "spot", "option"]) {
      assertEquals((await get(`category=${c}`)).body.retCode, 0, c);
    }
    assertEquals((await get("category=inverse&limit=51")).body.retCode, 10001);
    assertEquals((await get("category=inverse&limit=0")).body.retCode, 10001);
    const ids = seed(state, account, 45, { market: "inverse", symbol: "BTCUSD" });
    seed(state, account, 5, { market: "inverse", symbol: "BTCUSD", kind: "conditional" });
    const first = await get("category=inverse");
    const r1 = first.body.result as {
      list: { orderId: string; stopOrderType: string }[];
      nextPageCursor: string;
    };
    assertEquals(r1.list.length, 20);
    assert(
      r1.list.slice(0, 5).every((o) => o.stopOrderType !== "" && o.stopOrderType !== "UNKNOWN"),
      "conditional listed, newest first",
    );
    const seen = new Set(r1.list.map((o) => o.orderId));
    let cursor = r1.nextPageCursor;
    let pages = 1;
    while (cursor) {
      const r = (await get(`category=inverse&limit=20&cursor=${encodeURIComponent(cursor)}`)).body
        .result as typeof r1;
      r.list.forEach((o) => seen.add(o.orderId));
      cursor = r.nextPageCursor;
      pages++;
    }
    assertEquals([seen.size, pages], [50, 3]);
    assert(ids.every((id) => seen.has(id)));
    // The cursor sent back undecoded (as some libraries do) works too.
    const raw = await get(`category=inverse&limit=20&cursor=${r1.nextPageCursor}`);
    assertEquals((raw.body.result as typeof r1).list.length, 20);
    assertEquals((await get("category=inverse&cursor=bogus")).body.retCode, 10001);
    const regular = (await get("category=inverse&orderFilter=Order&limit=50")).body
      .result as typeof r1;
    assertEquals(regular.list.length, 45);
  });
});

Deno.test("every signed response carries X-Bapi-Limit headers; 10006 past the per-UID limit", async () => {
  await withSim(async (server, account) => {
    const post = () =>
      send(server, account, {
        method: "POST",
        path: "/v5/order/cancel-all",
        body: '{"category":"option"}',
      });
    const a = await post();
    assertEquals(a.body.retCode, 0);
    assertEquals(a.headers.get("X-Bapi-Limit"), "1");
    assertEquals(a.headers.get("X-Bapi-Limit-Status"), "0");
    assertMatch(a.headers.get("X-Bapi-Limit-Reset-Timestamp") ?? "", /^\d{13}$/);
    assertMatch(a.headers.get("Traceid") ?? "", /^[0-9a-f]{32}$/);
    const b = await post();
    assertEquals(b.status, 200);
    assertEquals(b.body, { retCode: 10006, retMsg: "Too many visits!" });
    const reset = Number(b.headers.get("X-Bapi-Limit-Reset-Timestamp"));
    assert(reset > Date.now() && reset <= Date.now() + 1000, "reset within the 1 s window");
    // Limits are per account and per category.
    const other = await send(server, server.state.account("bybit", 1), {
      method: "POST",
      path: "/v5/order/cancel-all",
      body: '{"category":"option"}',
    });
    assertEquals(other.body.retCode, 0);
    const spot = await send(server, account, {
      method: "POST",
      path: "/v5/order/cancel-all",
      body: '{"category":"spot"}',
    });
    assertEquals([spot.body.retCode, spot.headers.get("X-Bapi-Limit")], [0, "20"]);
  });
});

Deno.test("cancel of a gone order answers 110001 (spot 170213); batch reports per item", async () => {
  await withSim(async (server, account, state) => {
    const [id] = seed(state, account, 1, { market: "linear", symbol: "ETHUSDT" });
    const cancel = (body: string) =>
      send(server, account, { method: "POST", path: "/v5/order/cancel", body });
    const ok = await cancel(`{"category":"linear","symbol":"ETHUSDT","orderId":"${id}"}`);
    assertEquals([ok.body.retCode, (ok.body.result as { orderId: string }).orderId], [0, id]);
    const again = await cancel(`{"category":"linear","symbol":"ETHUSDT","orderId":"${id}"}`);
    assertEquals([again.status, again.body.retCode], [200, 110001]);
    assertEquals(
      (await cancel('{"category":"spot","symbol":"BTCUSDT","orderId":"123"}')).body.retCode,
      170213,
    );
    assertEquals((await cancel('{"category":"linear","symbol":"ETHUSDT"}')).body.retCode, 10001);
    const [live] = seed(state, account, 1, { market: "spot", symbol: "BTCUSDT" });
    const batch = await send(server, account, {
      method: "POST",
      path: "/v5/order/cancel-batch",
      body: JSON.stringify({
        category: "spot",
        request: [{ symbol: "BTCUSDT", orderId: live }, { symbol: "BTCUSDT", orderId: "404" }],
      }),
    });
    assertEquals(batch.body.retCode, 0);
    assertEquals((batch.body.retExtInfo as { list: { code: number }[] }).list.map((x) => x.code), [
      0,
      170213,
    ]);
    const tooMany = await send(server, account, {
      method: "POST",
      path: "/v5/order/cancel-batch",
      body: JSON.stringify({
        category: "spot",
        request: Array.from({ length: 11 }, (_, i) => ({ symbol: "BTCUSDT", orderId: String(i) })),
      }),
    });
    assertEquals(tooMany.body.retCode, 10001);
  });
});

Deno.test("spot conditional orders: cancel-batch and a filterless cancel answer 170213; the right orderFilter cancels", async () => {
  await withSim(async (server, account, state) => {
    // Seeded spot conditional types rotate tpslOrder, Stop, OcoOrder, BidirectionalTpslOrder.
    const ids = seed(state, account, 4, { market: "spot", symbol: "ETHUSDT", kind: "conditional" });
    const type = (id: string) => account.orders.get(id)?.extra.stopOrderType;
    const tpsl = ids.find((id) => type(id) === "tpslOrder")!;
    const stop = ids.find((id) => type(id) === "Stop")!;
    const batch = await send(server, account, {
      method: "POST",
      path: "/v5/order/cancel-batch",
      body: JSON.stringify({
        category: "spot",
        request: ids.map((orderId) => ({ symbol: "ETHUSDT", orderId })),
      }),
    });
    assertEquals(batch.body.retCode, 0);
    assertEquals(
      (batch.body.retExtInfo as { list: { code: number }[] }).list.map((x) => x.code),
      [170213, 170213, 170213, 170213],
    );
    assertEquals(open(state, account).length, 4, "cancel-batch reached no conditional order");
    const cancel = (body: Record<string, string>) =>
      send(server, account, {
        method: "POST",
        path: "/v5/order/cancel",
        body: JSON.stringify({ category: "spot", symbol: "ETHUSDT", ...body }),
      });
    assertEquals((await cancel({ orderId: tpsl })).body.retCode, 170213);
    assertEquals((await cancel({ orderId: tpsl, orderFilter: "Order" })).body.retCode, 170213);
    assertEquals((await cancel({ orderId: tpsl, orderFilter: "StopOrder" })).body.retCode, 170213);
    assertEquals((await cancel({ orderId: tpsl, orderFilter: "tpslOrder" })).body.retCode, 0);
    assertEquals((await cancel({ orderId: stop, orderFilter: "StopOrder" })).body.retCode, 0);
    assertEquals((await cancel({ orderId: stop, orderFilter: "OcoOrder" })).body.retCode, 170202);
    assertEquals(open(state, account).length, 2);
  });
});

Deno.test("instruments-info: public, documented shape per category, the venue's defaults and quirks", async () => {
  await withSim(async (server) => {
    const get = async (query: string) => {
      const res = await fetch(`${server.origin}/v5/market/instruments-info?${query}`);
      return { status: res.status, body: await res.json() };
    };
    const spot = await get("category=spot");
    assertEquals([spot.status, spot.body.retCode, spot.body.result.category], [200, 0, "spot"]);
    assert(!("nextPageCursor" in spot.body.result), "spot does not paginate");
    const brz = spot.body.result.list.find((i: { symbol: string }) => i.symbol === "USDTBRZ");
    assertEquals([brz.baseCoin, brz.quoteCoin, brz.status, "settleCoin" in brz], [
      "USDT",
      "BRZ",
      "Trading",
      false,
    ]);
    const one = await get("category=linear&symbol=SHIB1000USDT");
    assertEquals(
      one.body.result.list.map((i: Record<string, string>) => [
        i.symbol,
        i.contractType,
        i.baseCoin,
        i.quoteCoin,
        i.settleCoin,
      ]),
      [["SHIB1000USDT", "LinearPerpetual", "SHIB1000", "USDT", "USDT"]],
    );
    assertEquals(one.body.result.nextPageCursor, "");
    // "When querying by baseCoin, regardless of if category=linear or inverse, the result
    // will contain USDT contract, USDC contract and Inverse contract symbols."
    const byBase = await get("category=linear&baseCoin=BTC");
    const families = new Set(
      byBase.body.result.list.map((i: { contractType: string }) => i.contractType),
    );
    assert(families.has("LinearPerpetual") && families.has("InversePerpetual"));
    // option: BTC by default
    const option = await get("category=option");
    assert(option.body.result.list.every((i: { baseCoin: string }) => i.baseCoin === "BTC"));
    assertEquals((await get("category=linear&symbol=ETHBTC")).body.result.list, []);
    assertEquals((await get("category=linear&status=PreLaunch")).body.result.list, []);
    const paged = await get("category=linear&limit=2");
    assertEquals(paged.body.result.list.length, 2);
    const next = await get(`category=linear&limit=2&cursor=${paged.body.result.nextPageCursor}`);
    assert(next.body.result.list[0].symbol !== paged.body.result.list[0].symbol);
    assertEquals((await get("category=linear&limit=1001")).body.retCode, 10001);
    assertEquals((await get("category=futures")).body.retCode, 10001);
  });
});

Deno.test("a symbol the category does not list is refused with 10001 (cancel-all, listing)", async () => {
  await withSim(async (server, account) => {
    const all = await send(server, account, {
      method: "POST",
      path: "/v5/order/cancel-all",
      body: '{"category":"linear","symbol":"ETHBTC"}',
    });
    assertEquals(all.body.retCode, 10001);
    assertMatch(String(all.body.retMsg), /symbol invalid/);
    const list = await send(server, account, {
      method: "GET",
      path: "/v5/order/realtime",
      query: "category=linear&symbol=ETHBTC",
    });
    assertEquals(list.body.retCode, 10001);
  });
});

Deno.test("reappear faults add orders in the canceled scope after the call", async () => {
  await withSim(async (server, account, state) => {
    state.addFault({
      venue: "bybit",
      kind: "reappear",
      path: "/v5/order/cancel-all",
      orders: 3,
      count: 1,
    });
    seed(state, account, 5, { market: "linear", symbol: "SOLUSDT" });
    const r = await send(server, account, {
      method: "POST",
      path: "/v5/order/cancel-all",
      body: '{"category":"linear","symbol":"SOLUSDT"}',
    });
    assertEquals((r.body.result as { list: unknown[] }).list.length, 5);
    assertEquals(open(state, account).map((o) => o.symbol), ["SOLUSDT", "SOLUSDT", "SOLUSDT"]);
  });
});

Deno.test("errorFor renders Bybit's envelopes and statuses", async () => {
  const rl = bybitSim.errorFor("10006", undefined);
  assertEquals([rl.status, await rl.json()], [200, { retCode: 10006, retMsg: "Too many visits!" }]);
  assert(rl.headers.get("X-Bapi-Limit-Reset-Timestamp"));
  const key = bybitSim.errorFor("10003", undefined);
  assertEquals([key.status, (await key.json()).retCode], [401, 10003]);
  const busy = bybitSim.errorFor("10016", undefined);
  assertEquals([busy.status, (await busy.json()).retMsg], [200, "Server error."]);
  const ban = bybitSim.errorFor("", 403);
  assertEquals(ban.status, 403);
  await ban.body?.cancel();
});

Deno.test("the sim pages through 10,000 open orders without slowing per page", async () => {
  await withSim(async (_server, account, state) => {
    seed(state, account, 10_000, { market: "linear", symbol: "BTCUSDT" });
    state.rateLimits = false;
    const signedReq = async (query: string) => {
      const ts = Date.now();
      const sign = await hexHmac(account.secret, `${ts}${account.apiKey}5000${query}`);
      const url = new URL(`http://sim/v5/order/realtime?${query}`);
      return {
        method: "GET",
        url,
        path: url.pathname,
        rawQuery: query,
        headers: new Headers({
          "X-BAPI-API-KEY": account.apiKey,
          "X-BAPI-TIMESTAMP": String(ts),
          "X-BAPI-RECV-WINDOW": "5000",
          "X-BAPI-SIGN": sign,
        }),
        body: "",
      };
    };
    const started = performance.now();
    let cursor = "";
    let total = 0;
    for (let page = 0; page < 200; page++) {
      const q = `category=linear&symbol=BTCUSDT&limit=50${
        cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""
      }`;
      const res = await bybitSim.handle(await signedReq(q), state);
      const body = await res.json();
      total += body.result.list.length;
      cursor = body.result.nextPageCursor;
    }
    const ms = performance.now() - started;
    assertEquals([total, cursor], [10_000, ""]);
    assert(ms < 5000, `200 pages of 10,000 orders took ${ms.toFixed(0)} ms`);
  });
});
