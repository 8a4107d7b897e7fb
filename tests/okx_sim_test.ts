// Simulator fidelity with hand-built requests (no client code), so a client bug cannot hide
// a simulator bug.
import { assert, assertEquals, assertThrows } from "@std/assert";
import { hmacBase64 } from "../venues/_crypto.ts";
import type { SimAccount, SimState } from "../sim/core.ts";
import { createOkxSim, OKX_SIM_SPREADS, okxSim } from "../sim/okx.ts";
import { startServer } from "../sim/server.ts";
import signatures from "./data/signatures.json" with { type: "json" };

const vectors = signatures.requests.filter((r) => r.venue === "okx");

interface Hand {
  method: string;
  path: string;
  query?: string;
  body?: string;
  /** Override what is signed. */
  signPath?: string;
  signBody?: string;
  signTs?: string;
  ts?: string;
  key?: string;
  pass?: string;
  secret?: string;
  extraHeaders?: Record<string, string>;
  omit?: string[];
}

interface Answer {
  status: number;
  json: { code: string; msg: string; data?: Array<Record<string, unknown>> };
}

async function send(origin: string, acc: SimAccount, h: Hand): Promise<Answer> {
  const ts = h.ts ?? new Date().toISOString();
  const query = h.query ?? "";
  const body = h.body ?? "";
  const requestPath = `${h.path}${query === "" ? "" : `?${query}`}`;
  const prehash = `${h.signTs ?? ts}${h.method}${h.signPath ?? requestPath}${h.signBody ?? body}`;
  const headers: Record<string, string> = {
    "OK-ACCESS-KEY": h.key ?? acc.apiKey,
    "OK-ACCESS-SIGN": await hmacBase64(h.secret ?? acc.secret, prehash),
    "OK-ACCESS-TIMESTAMP": ts,
    "OK-ACCESS-PASSPHRASE": h.pass ?? acc.passphrase,
    "Content-Type": "application/json",
    ...h.extraHeaders,
  };
  for (const name of h.omit ?? []) delete headers[name];
  const init: RequestInit = { method: h.method, headers };
  if (body !== "") init.body = body;
  const res = await fetch(`${origin}${requestPath}`, init);
  return { status: res.status, json: await res.json() };
}

async function withSim(
  fn: (origin: string, state: SimState, acc: SimAccount) => Promise<void>,
  options: { okxCancelDelayMs?: number; accounts?: number } = {},
): Promise<void> {
  const server = startServer([okxSim], { accounts: options.accounts ?? 1, ...options });
  try {
    await fn(server.origin, server.state, server.state.account("okx", 0));
  } finally {
    await server.close();
  }
}

function seed(state: SimState, acc: SimAccount, n: number, symbol?: string): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = okxSim.makeOrder(acc, { venue: "okx", account: acc.index, count: 1, symbol }, state);
    acc.orders.set(o.id, o);
    ids.push(o.id);
  }
  return ids;
}

Deno.test("okx sim accepts every signature vector replayed with fresh time and sim credentials", async () => {
  await withSim(async (origin, _state, acc) => {
    for (const v of vectors) {
      const url = new URL(v.url);
      const a = await send(origin, acc, {
        method: v.method,
        path: url.pathname,
        query: url.search.slice(1),
        body: v.body,
      });
      assertEquals(a.status, 200, v.url);
      // Accepted: cancel-order of an unknown id answers the per-item 51400, not an auth code.
      if (url.pathname.endsWith("/cancel-order")) {
        assertEquals(a.json.code, "1");
        assertEquals(a.json.data?.[0]?.sCode, "51400");
      } else {
        assertEquals(a.json.code, "0", v.url);
      }
    }
  });
});

Deno.test("okx sim rejects one changed byte in key, timestamp, path, query or body", async () => {
  await withSim(async (origin, _state, acc) => {
    const get = {
      method: "GET",
      path: "/api/v5/sprd/orders-pending",
      query: "sprdId=BTC-USDT_BTC-USDT-SWAP&limit=100",
    };
    const post = {
      method: "POST",
      path: "/api/v5/sprd/mass-cancel",
      body: '{"sprdId":"BTC-USDT_BTC-USDT-SWAP"}',
    };
    const flip = (s: string) => s.slice(0, -1) + (s.endsWith("0") ? "1" : "0");
    // The last millisecond digit: still a valid, current timestamp, not the one signed.
    const flipDigit = (s: string) => s.slice(0, -2) + (s.at(-2) === "0" ? "1" : "0") + "Z";
    const ts = new Date().toISOString();
    const cases: Array<[string, Hand, string]> = [
      ["key", { ...get, key: flip(acc.apiKey) }, "50111"],
      ["timestamp", { ...get, ts: flipDigit(ts), signTs: ts }, "50113"],
      ["path", { ...post, signPath: "/api/v5/sprd/mass-cancem" }, "50113"],
      [
        "query",
        { ...get, signPath: `${get.path}?sprdId=BTC-USDT_BTC-USDT-SWAP&limit=101` },
        "50113",
      ],
      ["body", { ...post, signBody: '{"sprdId":"BTC-USDT_BTC-USDT-SWAQ"}' }, "50113"],
      ["secret", { ...post, secret: flip(acc.secret) }, "50113"],
      ["passphrase", { ...post, pass: flip(acc.passphrase) }, "50105"],
      [
        "demo header on a live key",
        { ...post, extraHeaders: { "x-simulated-trading": "1" } },
        "50101",
      ],
      ["old timestamp", { ...post, ts: new Date(Date.now() - 31_000).toISOString() }, "50102"],
      ["future timestamp", { ...post, ts: new Date(Date.now() + 31_000).toISOString() }, "50102"],
      [
        "timestamp without ms",
        { ...post, ts: new Date().toISOString().replace(/\.\d{3}/, "") },
        "50112",
      ],
      ["no key", { ...post, omit: ["OK-ACCESS-KEY"] }, "50103"],
      ["no passphrase", { ...post, omit: ["OK-ACCESS-PASSPHRASE"] }, "50104"],
      ["no sign", { ...post, omit: ["OK-ACCESS-SIGN"] }, "50106"],
      ["no timestamp", { ...post, omit: ["OK-ACCESS-TIMESTAMP"] }, "50107"],
    ];
    for (const [what, hand, code] of cases) {
      const a = await send(origin, acc, hand);
      assertEquals([a.status, a.json.code], [401, code], what);
      assertEquals(a.json.data, [], what);
    }
  });
});

Deno.test("okx sim uses the venue clock with injected skew (30 s window)", async () => {
  await withSim(async (origin, state, acc) => {
    state.skewMs.set("okx", 45_000);
    const hand = { method: "GET", path: "/api/v5/sprd/orders-pending" };
    assertEquals((await send(origin, acc, hand)).json.code, "50102");
    const time = await (await fetch(`${origin}/api/v5/public/time`)).json();
    const venueTs = new Date(Number(time.data[0].ts)).toISOString();
    const a = await send(origin, acc, { ...hand, ts: venueTs });
    assertEquals([a.status, a.json.code], [200, "0"]);
  });
});

Deno.test("okx sim mass-cancel acknowledges first and the orders leave the book later", async () => {
  await withSim(async (origin, state, acc) => {
    seed(state, acc, 5, "BTC-USDT_BTC-USDT-SWAP");
    const other = seed(state, acc, 2, "ETH-USDT_ETH-USDT-SWAP");
    const a = await send(origin, acc, {
      method: "POST",
      path: "/api/v5/sprd/mass-cancel",
      body: '{"sprdId":"BTC-USDT_BTC-USDT-SWAP"}',
    });
    assertEquals(a.json, { code: "0", msg: "", data: [{ result: true }] });
    const right = await send(origin, acc, { method: "GET", path: "/api/v5/sprd/orders-pending" });
    assertEquals(right.json.data?.length, 7, "a listing right after the ack still shows them");
    await new Promise((r) => setTimeout(r, 260));
    const later = await send(origin, acc, { method: "GET", path: "/api/v5/sprd/orders-pending" });
    assertEquals(later.json.data?.map((o) => o.ordId).sort(), other.sort());
  }, { okxCancelDelayMs: 200 });
});

Deno.test("okx sim bare mass-cancel takes an empty body or {} and covers every spread", async () => {
  await withSim(async (origin, state, acc) => {
    seed(state, acc, 6);
    assertEquals(new Set([...acc.orders.values()].map((o) => o.symbol)).size, 5);
    const a = await send(origin, acc, {
      method: "POST",
      path: "/api/v5/sprd/mass-cancel",
      body: "{}",
    });
    assertEquals(a.json.code, "0");
    assertEquals(state.openOrders(acc).length, 0);
    seed(state, acc, 2);
    const b = await send(origin, acc, { method: "POST", path: "/api/v5/sprd/mass-cancel" });
    assertEquals(b.json.code, "0");
    assertEquals(state.openOrders(acc).length, 0);
  }, { okxCancelDelayMs: 0 });
});

Deno.test("okx sim mass-cancel of an unknown spread answers 51001", async () => {
  await withSim(async (origin, _state, acc) => {
    const a = await send(origin, acc, {
      method: "POST",
      path: "/api/v5/sprd/mass-cancel",
      body: '{"sprdId":"DOGE-USDT_DOGE-USDT-SWAP"}',
    });
    assertEquals([a.status, a.json.code, a.json.data], [200, "51001", []]);
  });
});

Deno.test("okx sim cancel-order answers 51400/51401/51402/51410 per item with envelope code 1", async () => {
  await withSim(async (origin, state, acc) => {
    const [live, canceled, filled, pending] = seed(state, acc, 4);
    acc.orders.get(canceled!)!.status = "canceled";
    acc.orders.get(filled!)!.status = "filled";
    const cancel = (body: string) =>
      send(origin, acc, { method: "POST", path: "/api/v5/sprd/cancel-order", body });
    const first = await cancel(`{"ordId":"${pending}"}`);
    assertEquals(first.json.data?.[0], {
      ordId: pending,
      clOrdId: `c${pending}`,
      sCode: "0",
      sMsg: "",
    });
    const cases: Array<[string, string]> = [
      [`{"ordId":"999"}`, "51400"],
      [`{"ordId":"${canceled}"}`, "51401"],
      [`{"ordId":"${filled}"}`, "51402"],
      [`{"ordId":"${pending}"}`, "51410"],
    ];
    for (const [body, sCode] of cases) {
      const a = await cancel(body);
      assertEquals([a.status, a.json.code, a.json.data?.[0]?.sCode], [200, "1", sCode], body);
    }
    // ordId wins over clOrdId.
    const both = await cancel(`{"ordId":"${live}","clOrdId":"c${filled}"}`);
    assertEquals(both.json.data?.[0]?.ordId, live);
    assertEquals(both.json.code, "0");
    const byClient = await cancel(`{"clOrdId":"nope"}`);
    assertEquals(byClient.json.data?.[0]?.sCode, "51400");
    const neither = await cancel("{}");
    assertEquals([neither.status, neither.json.code], [400, "50015"]);
    const broken = await cancel("{ordId");
    assertEquals([broken.status, broken.json.code], [400, "50002"]);
  }, { okxCancelDelayMs: 1000 });
});

Deno.test("okx sim lists pending orders newest first, 100 per page, paged by endId", async () => {
  await withSim(async (origin, state, acc) => {
    const ids = seed(state, acc, 250, "BTC-USDT_BTC-USDT-SWAP");
    const newestFirst = [...ids].reverse();
    const seen: string[] = [];
    let endId = "";
    for (let page = 0; page < 4; page++) {
      const a = await send(origin, acc, {
        method: "GET",
        path: "/api/v5/sprd/orders-pending",
        query: `sprdId=BTC-USDT_BTC-USDT-SWAP${endId ? `&endId=${endId}` : ""}&limit=100`,
      });
      const items = a.json.data ?? [];
      for (const o of items) {
        for (const v of Object.values(o)) assertEquals(typeof v, "string");
      }
      seen.push(...items.map((o) => String(o.ordId)));
      if (items.length < 100) break;
      endId = String(items[items.length - 1]!.ordId);
    }
    assertEquals(seen, newestFirst);
    const begin = await send(origin, acc, {
      method: "GET",
      path: "/api/v5/sprd/orders-pending",
      query: `beginId=${ids[9]}&limit=3`,
    });
    assertEquals(begin.json.data?.map((o) => o.ordId), [ids[12], ids[11], ids[10]]);
    for (const bad of ["limit=101", "limit=0", "state=filled", "ordType=stop"]) {
      const a = await send(origin, acc, {
        method: "GET",
        path: "/api/v5/sprd/orders-pending",
        query: bad,
      });
      assertEquals([a.status, a.json.code], [400, "51000"], bad);
    }
  });
});

Deno.test("okx sim holds at most 500 pending spread orders per account", async () => {
  await withSim(async (origin, state, acc) => {
    seed(state, acc, 500);
    assertThrows(() => seed(state, acc, 1), Error, "500 pending spread orders");
    const res = await fetch(`${origin}/__sim/seed`, {
      method: "POST",
      body: JSON.stringify({ venue: "okx", account: 0, count: 1 }),
    });
    assertEquals(res.status, 500);
    await res.body?.cancel();
    assertEquals(state.openOrders(acc).length, 500);
    // Terminal orders do not count; a raised cap lets load tests go further.
    seed(state, acc, 0);
    const big = createOkxSim({ maxPendingOrders: 2000 });
    for (let i = 0; i < 600; i++) {
      const o = big.makeOrder(acc, { venue: "okx", account: 0, count: 1 }, state);
      acc.orders.set(o.id, o);
    }
    assertEquals(state.openOrders(acc).length, 1100);
  });
});

Deno.test("okx sim cancel-all-after arms a timer that cancels with cancelSource 20; 0 disarms", async () => {
  await withSim(async (origin, state, acc) => {
    const [a, b] = seed(state, acc, 2);
    const arm = await send(origin, acc, {
      method: "POST",
      path: "/api/v5/sprd/cancel-all-after",
      body: '{"timeOut":"10"}',
    });
    assertEquals(arm.json.code, "0");
    const item = arm.json.data?.[0] ?? {};
    assertEquals(Number(item.triggerTime) - Number(item.ts), 10_000);
    const [c] = seed(state, acc, 1); // placed while armed: covered too
    const realNow = Date.now;
    try {
      const fired = realNow() + 11_000;
      Date.now = () => fired;
      state.settle(acc);
    } finally {
      Date.now = realNow;
    }
    for (const id of [a!, b!, c!]) {
      const native = okxSim.render(acc.orders.get(id)!);
      assertEquals([native.state, native.cancelSource], ["canceled", "20"]);
    }
    // Disarm: a new timer then timeOut 0 leaves orders alone.
    const [d] = seed(state, acc, 1);
    state.rateLimits = false; // 1 request/s: tested with the other limits
    await send(origin, acc, {
      method: "POST",
      path: "/api/v5/sprd/cancel-all-after",
      body: '{"timeOut":"10"}',
    });
    assertEquals(typeof acc.orders.get(d!)!.cancelAtMs, "number");
    const off = await send(origin, acc, {
      method: "POST",
      path: "/api/v5/sprd/cancel-all-after",
      body: '{"timeOut":"0"}',
    });
    assertEquals(off.json.data?.[0]?.triggerTime, "0");
    assertEquals(acc.orders.get(d!)!.cancelAtMs, undefined);
  });
});

Deno.test("okx sim refuses a cancel-all-after timeOut outside 0 and 10..120", async () => {
  await withSim(async (origin, state, acc) => {
    state.rateLimits = false;
    for (const t of ['"5"', '"121"', '"abc"', '"-1"']) {
      const a = await send(origin, acc, {
        method: "POST",
        path: "/api/v5/sprd/cancel-all-after",
        body: `{"timeOut":${t}}`,
      });
      assertEquals([a.status, a.json.code], [400, "51000"], t);
    }
  });
});

Deno.test("okx sim rate-limits per account and endpoint with 50011 and HTTP 429", async () => {
  await withSim(async (origin, state, _acc) => {
    const acc0 = state.account("okx", 0);
    const acc1 = state.account("okx", 1);
    const list = { method: "GET", path: "/api/v5/sprd/orders-pending" };
    for (let i = 0; i < 10; i++) assertEquals((await send(origin, acc0, list)).status, 200);
    const limited = await send(origin, acc0, list);
    assertEquals(limited.status, 429);
    assertEquals(limited.json, { msg: "Too Many Requests", code: "50011" });
    // Another endpoint and another account have their own windows.
    assertEquals(
      (await send(origin, acc0, { method: "GET", path: "/api/v5/sprd/order", query: "ordId=1" }))
        .json.code,
      "51603",
    );
    assertEquals((await send(origin, acc1, list)).status, 200);
  }, { accounts: 2 });
});

Deno.test("okx sim order query shows canceled orders with their cancel source", async () => {
  await withSim(async (origin, state, acc) => {
    const [id] = seed(state, acc, 1);
    await send(origin, acc, {
      method: "POST",
      path: "/api/v5/sprd/cancel-order",
      body: `{"ordId":"${id}"}`,
    });
    const a = await send(origin, acc, {
      method: "GET",
      path: "/api/v5/sprd/order",
      query: `clOrdId=c${id}`,
    });
    assertEquals([a.json.data?.[0]?.state, a.json.data?.[0]?.cancelSource], ["canceled", "1"]);
    assertEquals(a.json.data?.[0]?.canceledSz, a.json.data?.[0]?.sz);
  }, { okxCancelDelayMs: 0 });
});

Deno.test("okx sim adds orders after a cancel when a reappear fault is set", async () => {
  await withSim(async (origin, state, acc) => {
    seed(state, acc, 3);
    state.addFault({
      venue: "okx",
      kind: "reappear",
      path: "/api/v5/sprd/mass-cancel",
      orders: 2,
      count: 1,
    });
    await send(origin, acc, { method: "POST", path: "/api/v5/sprd/mass-cancel", body: "{}" });
    assertEquals(state.openOrders(acc).length, 2);
  }, { okxCancelDelayMs: 0 });
});

Deno.test("okx sim renders code faults, unknown paths and wrong methods the venue's way", async () => {
  const r1 = okxSim.errorFor("50011", undefined);
  assertEquals([r1.status, await r1.json()], [429, { msg: "Too Many Requests", code: "50011" }]);
  const r2 = okxSim.errorFor("50011", 200);
  assertEquals(r2.status, 200);
  assertEquals((await r2.json()).code, "50011");
  const r3 = okxSim.errorFor("51000", undefined);
  assertEquals([r3.status, (await r3.json()).data], [400, []]);
  const r4 = okxSim.errorFor("50001", undefined);
  assertEquals(r4.status, 503);
  await r4.body?.cancel();
  await withSim(async (origin, _state, acc) => {
    const a = await send(origin, acc, { method: "GET", path: "/api/v5/sprd/mass-cancel" });
    assertEquals([a.status, a.json.code], [405, "50115"]);
    const b = await send(origin, acc, { method: "GET", path: "/api/v5/sprd/nothing" });
    assertEquals(b.status, 404);
  });
});

Deno.test("okx sim seeds orders per spread with OKX-shaped ids and string fields", async () => {
  const sim = createOkxSim();
  const s = startServer([sim], { ordersPerMarket: 10 });
  try {
    const acc = s.state.account("okx", 0);
    const orders = [...acc.orders.values()];
    assertEquals(orders.length, 50); // 10 per spread, 5 spreads
    assert(orders.every((o) => /^\d{18}$/.test(o.id)));
    assertEquals(new Set(orders.map((o) => o.symbol)).size, 5);
    assert(OKX_SIM_SPREADS.every((sp) => orders.filter((o) => o.symbol === sp).length === 10));
    const inverse = orders.find((o) => o.symbol === "BTC-USD-SWAP_BTC-USD-261225")!;
    assertEquals([inverse.baseCoin, inverse.settleCoin], ["BTC", "BTC"]);
    const native = sim.render(orders[0]!);
    assertEquals(Object.keys(native).length, 20);
    assert(Object.values(native).every((v) => typeof v === "string"));
    assertEquals(native.state, "live");
  } finally {
    await s.close();
  }
});

Deno.test("okx sim serves public spread metadata (GET /api/v5/sprd/spreads) in the documented shape", async () => {
  const server = startServer([okxSim]);
  try {
    const get = async (query: string) => {
      const res = await fetch(`${server.origin}/api/v5/sprd/spreads${query}`);
      return { status: res.status, json: await res.json() };
    };
    const all = await get("");
    assertEquals(all.status, 200);
    assertEquals(all.json.code, "0");
    const ids = all.json.data.map((sp: { sprdId: string }) => sp.sprdId);
    for (const id of OKX_SIM_SPREADS) assert(ids.includes(id), id);
    const um = await get("?sprdId=BTC-USD_UM-SWAP_BTC-USD_UM-261225");
    assertEquals(Object.keys(um.json.data[0]).sort(), [
      "baseCcy",
      "expTime",
      "legs",
      "listTime",
      "lotSz",
      "minSz",
      "quoteCcy",
      "sprdId",
      "sprdType",
      "state",
      "szCcy",
      "tickSz",
      "uTime",
    ]);
    assertEquals(um.json.data[0].baseCcy, "BTC");
    assertEquals(um.json.data[0].legs, [
      { instId: "BTC-USD_UM-SWAP", side: "sell" },
      { instId: "BTC-USD_UM-261225", side: "buy" },
    ]);
    // Every value a string, as documented.
    for (const [k, v] of Object.entries(um.json.data[0])) {
      if (k !== "legs") assertEquals(typeof v, "string", k);
    }
    assertEquals((await get("?sprdId=NOPE-USDT_NOPE-USDT-SWAP")).json.data, []);
    const byBase = await get("?baseCcy=ETH");
    assert(byBase.json.data.every((sp: { baseCcy: string }) => sp.baseCcy === "ETH"));
    const byLeg = await get("?instId=BTC-USD-SWAP");
    assertEquals(
      byLeg.json.data.map((sp: { sprdId: string }) => sp.sprdId).sort(),
      [
        "BTC-USDT_BTC-USD-SWAP",
        "BTC-USD-SWAP_BTC-USD-261225",
      ].sort(),
    );
    assertEquals((await get("?state=bogus")).json.code, "51000");
  } finally {
    await server.close();
  }
});
