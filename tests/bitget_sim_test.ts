// Simulator fidelity, with HAND-BUILT requests: the client's signer is not used here, so a
// client bug cannot hide a simulator bug.
import { assert, assertEquals } from "@std/assert";
import vectors from "./data/signatures.json" with { type: "json" };
import { bitgetSim } from "../sim/bitget.ts";
import type { SimAccount, SimOrder, SimState } from "../sim/core.ts";
import { startServer } from "../sim/server.ts";
import { hmacBase64 } from "../venues/_crypto.ts";

interface Raw {
  method: string;
  path: string;
  query?: string; // raw, as sent
  body?: string; // raw, as sent
}

interface Tamper {
  key?: string;
  passphrase?: string;
  timestamp?: string;
  /** Header timestamp differing from the signed one. */
  sentTimestamp?: string;
  signedPath?: string;
  signedQuery?: string;
  signedBody?: string;
  secret?: string;
  omit?: string;
  headers?: Record<string, string>;
}

/** Signs by hand: Base64(HMAC-SHA256(secret, ts + METHOD + path + ?query + body)). */
async function send(origin: string, acc: SimAccount, r: Raw, t: Tamper = {}) {
  const ts = t.timestamp ?? String(Date.now());
  const q = t.signedQuery ?? r.query ?? "";
  const prehash = `${ts}${r.method}${t.signedPath ?? r.path}${q ? `?${q}` : ""}${
    t.signedBody ?? r.body ?? ""
  }`;
  const headers: Record<string, string> = {
    "ACCESS-KEY": t.key ?? acc.apiKey,
    "ACCESS-SIGN": await hmacBase64(t.secret ?? acc.secret, prehash),
    "ACCESS-TIMESTAMP": t.sentTimestamp ?? ts,
    "ACCESS-PASSPHRASE": t.passphrase ?? acc.passphrase,
    "Content-Type": "application/json",
    locale: "en-US",
    ...t.headers,
  };
  if (t.omit) delete headers[t.omit];
  const url = `${origin}${r.path}${r.query ? `?${r.query}` : ""}`;
  const res = await fetch(url, {
    method: r.method,
    headers,
    body: r.method === "GET" ? null : r.body ?? "",
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
}

const DAY = 24 * 3600 * 1000;

/** Seeds `n` orders and returns them (the live objects, to age or re-type them). */
function seedOrders(
  state: SimState,
  n: number,
  spec: { market?: string; kind?: "regular" | "conditional"; symbol?: string } = {},
): SimOrder[] {
  const acc = state.account("bitget", 0);
  const out: SimOrder[] = [];
  for (let i = 0; i < n; i++) {
    const o = bitgetSim.makeOrder(acc, { venue: "bitget", account: 0, count: 1, ...spec }, state);
    acc.orders.set(o.id, o);
    out.push(o);
  }
  return out;
}

async function withSim(fn: (state: SimState, origin: string, acc: SimAccount) => Promise<void>) {
  const server = startServer([bitgetSim], { accounts: 2 });
  try {
    await fn(server.state, server.origin, server.state.account("bitget", 0));
  } finally {
    await server.close();
  }
}

function seed(
  state: SimState,
  n: number,
  spec: { market?: string; kind?: "regular" | "conditional"; symbol?: string } = {},
  account = 0,
): string[] {
  const acc = state.account("bitget", account);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = bitgetSim.makeOrder(acc, { venue: "bitget", account, count: 1, ...spec }, state);
    acc.orders.set(o.id, o);
    ids.push(o.id);
  }
  return ids;
}

const bitgetVectors = vectors.requests.filter((r) => r.venue === "bitget").map((v) => {
  const u = new URL(v.url);
  return { method: v.method, path: u.pathname, query: u.search.replace(/^\?/, ""), body: v.body };
});

const CANCEL_ALL = "/api/v2/mix/order/cancel-all-orders";
const PENDING = "/api/v2/mix/order/orders-pending";
const PLAN_PENDING = "/api/v2/mix/order/orders-plan-pending";
const CANCEL_PLAN = "/api/v2/mix/order/cancel-plan-order";

function bump(s: string, at: number): string {
  const c = s.charCodeAt(at);
  return s.slice(0, at) + String.fromCharCode(c === 0x39 ? 0x38 : c + 1) + s.slice(at + 1);
}

Deno.test("sim accepts every Bitget vector request re-signed with a fresh timestamp", async () => {
  await withSim(async (state, origin, acc) => {
    seed(state, 1, { market: "USDT-FUTURES", symbol: "BTCUSDT" });
    for (const v of bitgetVectors) {
      const r = await send(origin, acc, v);
      // cancel-order of an id the sim never issued answers "gone"; the signature was accepted.
      if (v.path.endsWith("/cancel-order")) {
        assertEquals([r.status, r.json.code], [400, "40768"], v.path);
      } else {
        assertEquals([r.status, r.json.code, r.json.msg], [200, "00000", "success"], v.path);
        assertEquals(typeof r.json.requestTime, "number");
      }
    }
  });
});

Deno.test("sim rejects one changed byte in key, timestamp, path, query and body with the venue's code", async () => {
  await withSim(async (_state, origin, acc) => {
    const post = bitgetVectors.find((v) => v.body.includes("marginCoin"));
    const get = bitgetVectors.find((v) => v.method === "GET");
    if (!post || !get) throw new Error("vectors missing");
    const now = String(Date.now());
    const cases: Array<[string, Raw, Tamper, string]> = [
      ["key", post, { key: bump(acc.apiKey, 3) }, "40006"],
      ["timestamp (outside 30 s)", post, { timestamp: now, sentTimestamp: bump(now, 7) }, "40008"],
      [
        "timestamp (inside the window)",
        post,
        { timestamp: now, sentTimestamp: String(Number(now) - 1) },
        "40009",
      ],
      ["path", post, { signedPath: bump(post.path, 10) }, "40009"],
      ["query", get, { signedQuery: bump(get.query, 6) }, "40009"],
      ["body", post, { signedBody: post.body.replace('USDT"}', 'USDC"}') }, "40009"],
      ["secret", post, { secret: bump(acc.secret, 0) }, "40009"],
      ["passphrase", post, { passphrase: bump(acc.passphrase, 2) }, "40012"],
      ["missing key", post, { omit: "ACCESS-KEY" }, "40001"],
      ["missing sign", post, { omit: "ACCESS-SIGN" }, "40003"],
      ["missing passphrase", post, { omit: "ACCESS-PASSPHRASE" }, "40011"],
      ["bad timestamp", post, { timestamp: "yesterday" }, "40005"],
    ];
    for (const [what, raw, tamper, code] of cases) {
      const r = await send(origin, acc, raw, tamper);
      assertEquals([r.status, r.json.code, r.json.data], [400, code, null], what);
      assert(typeof r.json.msg === "string" && r.json.msg.length > 0, what);
    }
  });
});

Deno.test("sim checks the timestamp against its own clock, skew included", async () => {
  await withSim(async (state, origin, acc) => {
    state.skewMs.set("bitget", 45_000);
    const r = await send(origin, acc, {
      method: "GET",
      path: PENDING,
      query: "productType=USDT-FUTURES",
    });
    assertEquals(r.json.code, "40008");
    const time = await (await fetch(`${origin}/api/v2/public/time`)).json();
    const ts = String(Number(time.data.serverTime));
    assertEquals(typeof time.data.serverTime, "string");
    const ok = await send(origin, acc, {
      method: "GET",
      path: PENDING,
      query: "productType=USDT-FUTURES",
    }, {
      timestamp: ts,
    });
    assertEquals(ok.json.code, "00000");
  });
});

Deno.test("cancel-all-orders reports successList/failureList and leaves trigger orders alone", async () => {
  await withSim(async (state, origin, acc) => {
    const regular = seed(state, 3, { market: "USDT-FUTURES" });
    const plans = seed(state, 2, { market: "USDT-FUTURES", kind: "conditional" });
    const r = await send(origin, acc, {
      method: "POST",
      path: CANCEL_ALL,
      body: '{"productType":"USDT-FUTURES","marginCoin":"USDT"}',
    });
    assertEquals(r.status, 200);
    assertEquals(
      new Set(r.json.data.successList.map((i: { orderId: string }) => i.orderId)),
      new Set(regular),
    );
    assertEquals(r.json.data.failureList, []);
    const left = state.openOrders(acc);
    assertEquals(new Set(left.map((o) => o.id)), new Set(plans));
    assert(left.every((o) => o.kind === "conditional" && o.market === "USDT-FUTURES"));
    assert(left.every((o) => o.extra.planType !== undefined));
  });
});

Deno.test("a partial-failure fault puts orders in failureList and leaves them open", async () => {
  await withSim(async (state, origin, acc) => {
    seed(state, 5, { market: "COIN-FUTURES" });
    state.addFault({
      venue: "bitget",
      kind: "partial-failure",
      orders: 2,
      count: 1,
      path: CANCEL_ALL,
    });
    const r = await send(origin, acc, {
      method: "POST",
      path: CANCEL_ALL,
      body: '{"productType":"COIN-FUTURES"}',
    });
    assertEquals(r.json.data.successList.length, 3);
    assertEquals(r.json.data.failureList.length, 2);
    assertEquals(Object.keys(r.json.data.failureList[0]).sort(), [
      "clientOid",
      "errorCode",
      "errorMsg",
      "orderId",
    ]);
    const left = state.openOrders(acc).map((o) => o.id).sort();
    assertEquals(left, r.json.data.failureList.map((f: { orderId: string }) => f.orderId).sort());
  });
});

Deno.test("lowercase marginCoin is refused with 40808 (HTTP 400)", async () => {
  await withSim(async (state, origin, acc) => {
    seed(state, 1, { market: "USDT-FUTURES" });
    const r = await send(origin, acc, {
      method: "POST",
      path: CANCEL_ALL,
      body: '{"productType":"USDT-FUTURES","marginCoin":"usdt"}',
    });
    assertEquals([r.status, r.json.code], [400, "40808"]);
    assertEquals(state.openOrders(acc).length, 1);
  });
});

Deno.test("orders-pending pages with idLessThan/endId, lowercase symbols, nulls on an empty page", async () => {
  await withSim(async (state, origin, acc) => {
    const ids = seed(state, 205, { market: "USDT-FUTURES" });
    const seen: string[] = [];
    let cursor = "";
    for (let i = 0; i < 3; i++) {
      const query = `${cursor ? `idLessThan=${cursor}&` : ""}limit=100&productType=USDT-FUTURES`;
      const r = await send(origin, acc, { method: "GET", path: PENDING, query });
      const list = r.json.data.entrustedList as Array<Record<string, unknown>>;
      for (const o of list) {
        seen.push(String(o.orderId));
        assertEquals(o.symbol, String(o.symbol).toLowerCase());
        assertEquals(o.marginCoin, "usdt");
        assert(Object.values(o).every((v) => typeof v === "string"));
      }
      assertEquals(r.json.data.endId, list.at(-1)?.orderId);
      cursor = r.json.data.endId;
    }
    assertEquals(seen.length, 205);
    assertEquals(new Set(seen), new Set(ids));
    // Newest (largest id) first.
    assertEquals(seen[0], [...ids].sort().at(-1));
    const empty = await send(origin, acc, {
      method: "GET",
      path: PENDING,
      query: `idLessThan=${cursor}&limit=100&productType=USDT-FUTURES`,
    });
    assertEquals(empty.json.data, { entrustedList: null, endId: null });
    const tooMany = await send(origin, acc, {
      method: "GET",
      path: PENDING,
      query: "limit=101&productType=USDT-FUTURES",
    });
    assertEquals([tooMany.status, tooMany.json.code], [400, "400172"]);
  });
});

Deno.test("orders-plan-pending groups plan types: normal_plan, track_plan, profit_loss", async () => {
  await withSim(async (state, origin, acc) => {
    seed(state, 16, { market: "USDT-FUTURES", kind: "conditional" });
    const types: Record<string, string[]> = {};
    for (const planType of ["normal_plan", "track_plan", "profit_loss"]) {
      const r = await send(origin, acc, {
        method: "GET",
        path: PLAN_PENDING,
        query: `limit=100&planType=${planType}&productType=USDT-FUTURES`,
      });
      types[planType] = (r.json.data.entrustedList ?? []).map((o: { planType: string }) =>
        o.planType
      );
    }
    assert(types.normal_plan?.every((t) => t === "normal_plan"));
    assert(types.track_plan?.every((t) => t === "track_plan"));
    assert(types.profit_loss?.every((t) => !["normal_plan", "track_plan"].includes(t)));
    assertEquals(Object.values(types).flat().length, 16);
    const missing = await send(origin, acc, {
      method: "GET",
      path: PLAN_PENDING,
      query: "productType=USDT-FUTURES",
    });
    assertEquals([missing.status, missing.json.code], [400, "40019"]);
  });
});

Deno.test("cancel-plan-order cancels one plan type; unknown ids come back as errorMsg notExistend", async () => {
  await withSim(async (state, origin, acc) => {
    seed(state, 8, { market: "USDT-FUTURES", kind: "conditional" });
    const normal = state.openOrders(acc).filter((o) => o.extra.planType === "normal_plan");
    assert(normal.length > 0);
    const r = await send(origin, acc, {
      method: "POST",
      path: CANCEL_PLAN,
      body: '{"productType":"USDT-FUTURES","planType":"normal_plan"}',
    });
    assertEquals(r.json.data.successList.length, normal.length);
    assert(state.openOrders(acc).every((o) => o.extra.planType !== "normal_plan"));
    const byId = await send(origin, acc, {
      method: "POST",
      path: CANCEL_PLAN,
      body:
        '{"productType":"USDT-FUTURES","symbol":"BTCUSDT","planType":"normal_plan","orderIdList":[{"orderId":"1"}]}',
    });
    assertEquals(byId.json.data.failureList, [{
      orderId: "1",
      clientOid: "",
      errorMsg: "notExistend",
    }]);
  });
});

Deno.test("cancel-plan-order without orderIdList cancels only the plan type asked for (default normal_plan)", async () => {
  await withSim(async (state, origin, acc) => {
    const types = [
      "normal_plan",
      "profit_plan",
      "loss_plan",
      "pos_profit",
      "pos_loss",
      "moving_plan",
    ];
    for (const planType of types) {
      for (const o of seedOrders(state, 2, { market: "USDT-FUTURES", kind: "conditional" })) {
        o.extra.planType = planType;
      }
    }
    for (const planType of types) {
      // normal_plan is sent bare: it is the documented default.
      const body = planType === "normal_plan"
        ? '{"productType":"USDT-FUTURES"}'
        : `{"productType":"USDT-FUTURES","planType":"${planType}"}`;
      const r = await send(origin, acc, { method: "POST", path: CANCEL_PLAN, body });
      assertEquals(r.json.code, "00000");
      assertEquals(r.json.data.successList.length, 2);
      const open = state.openOrders(acc).map((o) => o.extra.planType);
      assert(!open.includes(planType), `${planType} still open`);
      assertEquals(open.length, 2 * (types.length - types.indexOf(planType) - 1));
    }
  });
});

Deno.test("cancel-plan-order refuses track_plan and any undocumented planType with 40034 (ASSUMED code)", async () => {
  await withSim(async (state, origin, acc) => {
    const [o] = seedOrders(state, 1, { market: "USDT-FUTURES", kind: "conditional" });
    if (o === undefined) throw new Error("no order");
    o.extra.planType = "track_plan";
    for (const planType of ["track_plan", "profit_loss", "NORMAL_PLAN"]) {
      for (
        const body of [
          `{"productType":"USDT-FUTURES","planType":"${planType}"}`,
          `{"productType":"USDT-FUTURES","symbol":"${o.symbol}","planType":"${planType}","orderIdList":[{"orderId":"${o.id}"}]}`,
        ]
      ) {
        const r = await send(origin, acc, { method: "POST", path: CANCEL_PLAN, body });
        assertEquals([r.status, r.json.code, r.json.data], [400, "40034", null]);
      }
    }
    assertEquals(state.openOrders(acc).length, 1);
  });
});

Deno.test("orders-pending: an omitted status lists live orders only", async () => {
  await withSim(async (state, origin, acc) => {
    seedOrders(state, 3, { market: "USDT-FUTURES" });
    for (const o of seedOrders(state, 2, { market: "USDT-FUTURES" })) o.status = "partially_filled";
    const count = async (status: string) => {
      const q = `limit=100&productType=USDT-FUTURES${status ? `&status=${status}` : ""}`;
      const r = await send(origin, acc, { method: "GET", path: PENDING, query: q });
      return (r.json.data.entrustedList ?? []).map((x: { status: string }) => x.status);
    };
    assertEquals(await count(""), ["live", "live", "live"]);
    assertEquals(await count("live"), ["live", "live", "live"]);
    assertEquals(await count("partially_filled"), ["partially_filled", "partially_filled"]);
  });
});

Deno.test("listings cover the last three months without startTime; windows of at most 90 days", async () => {
  await withSim(async (state, origin, acc) => {
    const now = Date.now();
    const ages = [1, 80, 95, 200]; // days
    const regular: Record<number, string> = {};
    const plans: Record<number, string> = {};
    for (const age of ages) {
      const [r] = seedOrders(state, 1, { market: "USDT-FUTURES" });
      const [p] = seedOrders(state, 1, { market: "USDT-FUTURES", kind: "conditional" });
      if (r === undefined || p === undefined) throw new Error("no order");
      r.createdMs = now - age * DAY;
      p.createdMs = now - age * DAY;
      p.extra.planType = "normal_plan";
      regular[age] = r.id;
      plans[age] = p.id;
    }
    const list = async (path: string, extra: string) => {
      const planType = path === PLAN_PENDING ? "&planType=normal_plan" : "";
      const r = await send(origin, acc, {
        method: "GET",
        path,
        query: `${extra}limit=100${planType}&productType=USDT-FUTURES`,
      });
      return {
        r,
        ids: (r.json.data?.entrustedList ?? []).map((x: { orderId: string }) => x.orderId),
      };
    };
    for (const [path, ids] of [[PENDING, regular], [PLAN_PENDING, plans]] as const) {
      // Default: the last three months only.
      assertEquals(new Set((await list(path, "")).ids), new Set([ids[1], ids[80]]));
      // An explicit older window finds what the default hides.
      const start = now - 210 * DAY;
      const old = await list(path, `endTime=${start + 89 * DAY}&startTime=${start}&`);
      assertEquals(new Set(old.ids), new Set([ids[200]]));
      const mid = await list(path, `startTime=${now - 100 * DAY}&`);
      assertEquals(new Set(mid.ids), new Set([ids[95], ids[80]]));
      // Wider than 90 days, or reversed: refused.
      const wide = await list(path, `endTime=${now}&startTime=${now - 91 * DAY}&`);
      assertEquals([wide.r.status, wide.r.json.code], [400, "40705"]);
      const reversed = await list(path, `endTime=${now - DAY}&startTime=${now}&`);
      assertEquals([reversed.r.status, reversed.r.json.code], [400, "40707"]);
    }
  });
});

Deno.test("cancel-order of a gone order answers 40768 (unknown) or 43001 (already canceled)", async () => {
  await withSim(async (state, origin, acc) => {
    const [id] = seed(state, 1, { market: "USDT-FUTURES", symbol: "BTCUSDT" });
    const body = `{"symbol":"BTCUSDT","productType":"USDT-FUTURES","orderId":"${id}"}`;
    const path = "/api/v2/mix/order/cancel-order";
    const first = await send(origin, acc, { method: "POST", path, body });
    assertEquals(first.json.data, {
      orderId: id,
      clientOid: state.account("bitget", 0).orders.get(id ?? "")?.clientId,
    });
    const again = await send(origin, acc, { method: "POST", path, body });
    assertEquals([again.status, again.json.code], [400, "43001"]);
    const batch = await send(origin, acc, {
      method: "POST",
      path: "/api/v2/mix/order/batch-cancel-orders",
      body: `{"symbol":"BTCUSDT","productType":"USDT-FUTURES","orderIdList":[{"orderId":"${id}"}]}`,
    });
    assertEquals(batch.json.data.failureList[0].errorCode, "40768");
  });
});

Deno.test("S-prefixed demo product types are accepted with or without paptrading: 1", async () => {
  await withSim(async (state, origin, acc) => {
    seed(state, 2, { market: "SUSDT-FUTURES" });
    const plain = await send(origin, acc, {
      method: "GET",
      path: PENDING,
      query: "productType=SUSDT-FUTURES",
    });
    assertEquals(plain.json.data.entrustedList.length, 2);
    // A live key with the demo header is refused; bound to demo trading, the same key works.
    const live = await send(origin, acc, {
      method: "POST",
      path: CANCEL_ALL,
      body: '{"productType":"SUSDT-FUTURES"}',
    }, { headers: { paptrading: "1" } });
    assertEquals(live.json.code, "40006");
    await fetch(`${origin}/__sim/site`, {
      method: "POST",
      body: JSON.stringify({ venue: "bitget", account: 0, site: "live+demo" }),
    }).then((r) => r.body?.cancel());
    const demo = await send(origin, acc, {
      method: "POST",
      path: CANCEL_ALL,
      body: '{"productType":"SUSDT-FUTURES"}',
    }, { headers: { paptrading: "1" } });
    assertEquals(demo.json.data.successList.length, 2);
    const unknown = await send(origin, acc, {
      method: "GET",
      path: PENDING,
      query: "productType=SPOT",
    }, { headers: { paptrading: "1" } });
    assertEquals([unknown.status, unknown.json.code], [400, "40034"]);
  });
});

Deno.test("the 11th request in a second on one endpoint gets HTTP 429 {code: 429}", async () => {
  await withSim(async (_state, origin, acc) => {
    const statuses: number[] = [];
    let last: { status: number; json: Record<string, unknown> } | undefined;
    for (let i = 0; i < 11; i++) {
      last = await send(origin, acc, {
        method: "GET",
        path: PENDING,
        query: "productType=USDT-FUTURES",
      });
      statuses.push(last.status);
    }
    assertEquals(statuses.slice(0, 10), Array(10).fill(200));
    assertEquals(last?.status, 429);
    assertEquals(last?.json.code, "429");
    assertEquals(last?.json.msg, "Too Many Requests");
    // Another endpoint and another account have their own budgets.
    const other = await send(origin, acc, {
      method: "GET",
      path: PLAN_PENDING,
      query: "planType=normal_plan&productType=USDT-FUTURES",
    });
    assertEquals(other.status, 200);
  });
});

Deno.test("a reappear fault adds new open orders after a cancel", async () => {
  await withSim(async (state, origin, acc) => {
    seed(state, 2, { market: "USDT-FUTURES" });
    state.addFault({ venue: "bitget", kind: "reappear", orders: 3, count: 1, path: CANCEL_ALL });
    await send(origin, acc, {
      method: "POST",
      path: CANCEL_ALL,
      body: '{"productType":"USDT-FUTURES"}',
    });
    const left = state.openOrders(acc);
    assertEquals(left.length, 3);
    assert(left.every((o) => o.market === "USDT-FUTURES" && o.kind === "regular"));
  });
});

Deno.test("errorFor() renders the venue's error envelope; code faults use it", async () => {
  const r = bitgetSim.errorFor("40009", undefined);
  assertEquals(r.status, 400);
  const body = await r.json();
  assertEquals([body.code, body.msg, body.data], ["40009", "sign signature error", null]);
  assertEquals(bitgetSim.errorFor("429", undefined).status, 429);
  assertEquals(bitgetSim.errorFor("40010", 503).status, 503);
});

Deno.test("unknown paths get 40404 (HTTP 404); POST without JSON content type gets 40007", async () => {
  await withSim(async (_state, origin, acc) => {
    const r = await send(origin, acc, { method: "GET", path: "/api/v2/mix/order/nope" });
    assertEquals([r.status, r.json.code], [404, "40404"]);
    const t = await send(origin, acc, {
      method: "POST",
      path: CANCEL_ALL,
      body: '{"productType":"USDT-FUTURES"}',
    }, {
      headers: { "Content-Type": "text/plain" },
    });
    assertEquals([t.status, t.json.code], [400, "40007"]);
  });
});

Deno.test("makeOrder() spreads orders over product types and symbols; render() is the listing shape", async () => {
  await withSim((state) => {
    seed(state, 12);
    const orders = [...state.account("bitget", 0).orders.values()];
    assertEquals(
      new Set(orders.map((o) => o.market)),
      new Set(["USDT-FUTURES", "COIN-FUTURES", "USDC-FUTURES"]),
    );
    assert(new Set(orders.map((o) => o.symbol)).size >= 5);
    const coin = orders.find((o) => o.market === "COIN-FUTURES");
    assertEquals(coin?.settleCoin, coin?.baseCoin);
    const first = orders[0];
    if (!first) throw new Error("no order");
    const r = bitgetSim.render(first);
    assertEquals(r.status, "live");
    assertEquals(r.symbol, String(r.symbol).toLowerCase());
    return Promise.resolve();
  });
});

Deno.test("the sim lists 10,000 open orders in 100 pages quickly", async () => {
  await withSim(async (state, origin, acc) => {
    state.rateLimits = false;
    seed(state, 10_000, { market: "USDT-FUTURES" });
    const t0 = performance.now();
    let cursor = "";
    let total = 0;
    for (let i = 0; i < 101; i++) {
      const query = `${cursor ? `idLessThan=${cursor}&` : ""}limit=100&productType=USDT-FUTURES`;
      const r = await send(origin, acc, { method: "GET", path: PENDING, query });
      total += r.json.data.entrustedList?.length ?? 0;
      if (r.json.data.endId === null) break;
      cursor = r.json.data.endId;
    }
    assertEquals(total, 10_000);
    assert(performance.now() - t0 < 5000, `took ${performance.now() - t0} ms`);
  });
});
