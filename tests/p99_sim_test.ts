// Simulator fidelity with hand-built requests (no client code), so a client bug cannot hide
// a simulator bug.
import { assert, assertEquals } from "@std/assert";
import { startServer } from "../sim/server.ts";
import type { SimState } from "../sim/core.ts";
import { configureP99Sim, p99Sim } from "../sim/p99.ts";
import signatures from "./data/signatures.json" with { type: "json" };

type Server = ReturnType<typeof startServer>;

async function withSim(fn: (server: Server) => Promise<void>): Promise<void> {
  const server = startServer([p99Sim], { port: 0, accounts: 2 });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

async function hmac(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message)))
    .toHex();
}

interface Built {
  url: string;
  headers: Record<string, string>;
  query: string;
  signature: string;
}

/** Signs `query` (without timestamp) the documented way, for account 0 of the simulator. */
async function build(
  server: Server,
  path: string,
  query: string,
  options: { ts?: number; body?: string; account?: number } = {},
): Promise<Built> {
  const a = server.state.account("p99", options.account ?? 0);
  const ts = options.ts ?? Date.now();
  const q = query ? `${query}&timestamp=${ts}` : `timestamp=${ts}`;
  const signature = await hmac(a.secret, q + (options.body ?? ""));
  return {
    url: `${server.origin}/api/v1${path}?${q}&signature=${signature}`,
    headers: { "X-MBX-APIKEY": a.apiKey },
    query: q,
    signature,
  };
}

async function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(
    url,
    body === undefined ? { method, headers } : { method, headers, body },
  );
  return { status: res.status, text: await res.text(), headers: res.headers };
}

function seed(state: SimState, count: number, spec: { symbol?: string; account?: number } = {}) {
  const account = spec.account ?? 0;
  const acc = state.account("p99", account);
  const orders = [];
  for (let i = 0; i < count; i++) {
    const o = p99Sim.makeOrder(
      acc,
      { venue: "p99", account, count: 1, symbol: spec.symbol },
      state,
    );
    acc.orders.set(o.id, o);
    orders.push(o);
  }
  return orders;
}

const vectors = signatures.requests.filter((r) => r.venue === "p99");

for (const v of vectors) {
  const query = [...new URL(v.url).searchParams]
    .filter(([k]) => k !== "timestamp" && k !== "signature")
    .map(([k, val]) => `${k}=${val}`)
    .join("&");
  const path = new URL(v.url).pathname.slice("/api/v1".length);

  Deno.test(`sim accepts the vector ${v.method} ${path}${query ? "?" + query : ""} re-signed with a fresh timestamp`, async () => {
    await withSim(async (server) => {
      seed(server.state, 3, { symbol: "DFUSDT" });
      const b = await build(server, path, query);
      const res = await send(v.method, b.url, b.headers);
      assertEquals(res.status, 200);
      assertEquals(JSON.parse(res.text).canceled.length, 3);
    });
  });

  Deno.test(`sim rejects the vector ${v.method} ${path}${query ? "?" + query : ""} when one byte changes`, async () => {
    await withSim(async (server) => {
      const b = await build(server, path, query);
      const key = b.headers["X-MBX-APIKEY"] ?? "";
      const flip = (s: string, i: number) =>
        s.slice(0, i) + (s[i] === "1" ? "2" : "1") + s.slice(i + 1);
      const tsAt = b.url.indexOf("timestamp=") + "timestamp=".length + 12;
      const cases: [string, string, Record<string, string>, string | undefined][] = [
        ["key", b.url, { "X-MBX-APIKEY": flip(key, key.length - 1) }, undefined],
        ["timestamp", flip(b.url, tsAt), b.headers, undefined],
        ["signature", flip(b.url, b.url.length - 1), b.headers, undefined],
        ["body", b.url, b.headers, "x"],
      ];
      if (query) {
        cases.push([
          "query",
          b.url.replace("symbol=DFUSDT", "symbol=DFUSDC"),
          b.headers,
          undefined,
        ]);
      }
      for (const [what, url, headers, body] of cases) {
        const res = await send(v.method, url, headers, body);
        assertEquals(res.status, 401, what);
        assertEquals(res.text, "", `${what}: 401 has an empty body`);
      }
    });
  });
}

Deno.test("sim: the signature covers neither method nor path (Binance-style payload)", async () => {
  await withSim(async (server) => {
    const b = await build(server, "/spot/orders", "");
    const res = await send("GET", b.url, b.headers);
    assertEquals(res.status, 200);
    assertEquals(JSON.parse(res.text), []);
  });
});

Deno.test("sim: timestamps are accepted within ±5000 ms of the venue clock only", async () => {
  await withSim(async (server) => {
    for (const [offset, status] of [[-4000, 200], [4000, 200], [-6000, 401], [6000, 401]]) {
      const b = await build(server, "/spot/orders", "", { ts: Date.now() + (offset ?? 0) });
      assertEquals((await send("GET", b.url, b.headers)).status, status, `offset ${offset}`);
    }
    server.state.skewMs.set("p99", 10_000);
    const late = await build(server, "/spot/orders", "");
    const res = await send("GET", late.url, late.headers);
    assertEquals(res.status, 401);
    const venueDate = Date.parse(res.headers.get("date") ?? "");
    assert(Math.abs(venueDate - (Date.now() + 10_000)) < 2000, "Date header shows the venue clock");
    const skewed = await build(server, "/spot/orders", "", { ts: Date.now() + 10_000 });
    assertEquals((await send("GET", skewed.url, skewed.headers)).status, 200);
  });
});

Deno.test("sim: missing signature, missing timestamp, unknown key or no auth answer 401", async () => {
  await withSim(async (server) => {
    const a = server.state.account("p99", 0);
    const base = `${server.origin}/api/v1/spot/orders`;
    const ts = Date.now();
    const h = { "X-MBX-APIKEY": a.apiKey };
    const cases: [string, Record<string, string>][] = [
      [`${base}?timestamp=${ts}`, h],
      [`${base}?signature=${await hmac(a.secret, "")}`, h],
      [`${base}?timestamp=${ts}&signature=${await hmac(a.secret, `timestamp=${ts}`)}`, {
        "X-MBX-APIKEY": "nope",
      }],
      [`${base}?timestamp=${ts}&signature=${await hmac(a.secret, `timestamp=${ts}`)}`, {
        "X-API-Key": a.apiKey,
      }],
      [base, {}],
      [base, { Authorization: `Bearer ${a.jwt}x` }],
      [base, { Authorization: a.jwt }],
    ];
    for (const [url, headers] of cases) {
      const res = await send("GET", url, headers);
      assertEquals([res.status, res.text], [401, ""], url.replace(/signature=.*/, ""));
    }
  });
});

Deno.test("sim: a JWT works on every order endpoint", async () => {
  await withSim(async (server) => {
    const [first, second] = seed(server.state, 2, { symbol: "BTCUSDT" });
    const h = { Authorization: `Bearer ${server.state.account("p99", 0).jwt}` };
    const base = `${server.origin}/api/v1/spot/orders`;
    assertEquals((await send("GET", `${base}?status=open`, h)).status, 200);
    assertEquals((await send("GET", `${base}/${first?.id}`, h)).status, 200);
    const one = await send("DELETE", `${base}/${first?.id}`, h);
    assertEquals(JSON.parse(one.text).status, "canceled");
    const all = await send("DELETE", base, h);
    assertEquals(JSON.parse(all.text).canceled.map((o: { id: string }) => o.id), [second?.id]);
  });
});

Deno.test("sim: orders render in the documented shape, strings for decimals", async () => {
  await withSim(async (server) => {
    const [order] = seed(server.state, 1, { symbol: "DFUSDT" });
    const b = await build(server, `/spot/orders/${order?.id}`, "");
    const body = JSON.parse((await send("GET", b.url, b.headers)).text);
    assertEquals(Object.keys(body), [
      "id",
      "symbol",
      "side",
      "type",
      "tif",
      "price",
      "quantity",
      "quote_quantity",
      "filled_qty",
      "avg_fill_price",
      "status",
      "reject_reason",
      "created_at",
      "updated_at",
    ]);
    for (const k of ["price", "quantity", "filled_qty", "avg_fill_price"]) {
      assertEquals(typeof body[k], "string", k);
    }
    assert(Number.isInteger(body.created_at) && body.created_at < 1e11, "unix seconds");
    assertEquals(body.quote_quantity, null);
  });
});

Deno.test("sim: the listing is a bare array, newest first, limit 50 by default and 200 at most", async () => {
  await withSim(async (server) => {
    seed(server.state, 260);
    const list = async (query: string) => {
      const b = await build(server, "/spot/orders", query);
      return JSON.parse((await send("GET", b.url, b.headers)).text) as {
        id: string;
        created_at: number;
        symbol: string;
        status: string;
      }[];
    };
    const page = await list("");
    assert(Array.isArray(page));
    assertEquals(page.length, 50);
    for (let i = 1; i < page.length; i++) {
      assert((page[i - 1]?.created_at ?? 0) >= (page[i]?.created_at ?? 0), "newest first");
    }
    assertEquals((await list("limit=1000")).length, 200);
    assertEquals((await list("limit=0")).length, 1);
    const oldest = page[page.length - 1]?.created_at ?? 0;
    const older = await list(`end=${oldest}&limit=200`);
    assert(older.every((o) => o.created_at <= oldest));
    assert(older.length === 200);
    const newer = await list(`start=${oldest}&limit=200`);
    assert(newer.every((o) => o.created_at >= oldest));
    assertEquals(await list("symbol=dfusdt"), [], "symbols are case-sensitive");
    assert((await list("symbol=DFUSDT&limit=200")).every((o) => o.symbol === "DFUSDT"));
    assertEquals(await list("status=filled"), []);
    const b = await build(server, "/spot/orders", "status=live");
    assertEquals(await send("GET", b.url, b.headers).then((r) => [r.status, r.text]), [
      400,
      '{"error":"INVALID_PARAMS"}',
    ]);
  });
});

Deno.test("sim: cancel-all skips terminal orders and answers an empty list when nothing is open", async () => {
  await withSim(async (server) => {
    const [done, live] = seed(server.state, 2, { symbol: "ETHUSDT" });
    if (done) done.status = "filled";
    const b1 = await build(server, "/spot/orders", "symbol=ETHUSDT");
    const first = JSON.parse((await send("DELETE", b1.url, b1.headers)).text);
    assertEquals(first.canceled.map((o: { id: string }) => o.id), [live?.id]);
    assertEquals(first.canceled[0].status, "canceled");
    const b2 = await build(server, "/spot/orders", "symbol=ETHUSDT");
    assertEquals((await send("DELETE", b2.url, b2.headers)).text, '{"canceled":[]}');
    assertEquals(done?.status, "filled");
  });
});

Deno.test("sim: cancel by id answers 400 for a bad id and 404 for terminal, unknown or foreign orders", async () => {
  await withSim(async (server) => {
    const [mine] = seed(server.state, 1);
    const [foreign] = seed(server.state, 1, { account: 1 });
    const del = async (id: string) => {
      const b = await build(server, `/spot/orders/${id}`, "");
      const r = await send("DELETE", b.url, b.headers);
      return [r.status, r.text];
    };
    assertEquals(await del("not-a-uuid"), [400, '{"error":"invalid id"}']);
    assertEquals((await del(mine?.id ?? ""))[0], 200);
    assertEquals(await del(mine?.id ?? ""), [404, '{"error":"ORDER_NOT_FOUND"}']);
    assertEquals(await del(crypto.randomUUID()), [404, '{"error":"ORDER_NOT_FOUND"}']);
    assertEquals(await del(foreign?.id ?? ""), [404, '{"error":"ORDER_NOT_FOUND"}']);
    assertEquals(foreign?.status, "open");
  });
});

Deno.test("sim: too many requests in flight for one account answer 503 ENGINE_BUSY", async () => {
  await withSim(async (server) => {
    configureP99Sim(server.state, { maxInFlight: 3, engineMs: 40 });
    const requests = await Promise.all(
      Array.from({ length: 8 }, () => build(server, "/spot/orders", "status=open")),
    );
    const answers = await Promise.all(
      requests.map((b) => send("GET", b.url, b.headers).then((r) => [r.status, r.text])),
    );
    const busy = answers.filter(([s]) => s === 503);
    assert(busy.length >= 1, JSON.stringify(answers));
    assertEquals(busy[0], [503, '{"error":"ENGINE_BUSY"}']);
    assert(answers.filter(([s]) => s === 200).length >= 3);
    // Another account has its own backlog.
    const other = await build(server, "/spot/orders", "", { account: 1 });
    assertEquals((await send("GET", other.url, other.headers)).status, 200);
  });
});

Deno.test("sim: code faults render p99's own envelopes", async () => {
  await withSim(async (server) => {
    const cases: [string, number, string][] = [
      ["ENGINE_BUSY", 503, '{"error":"ENGINE_BUSY"}'],
      ["ENGINE_RESTARTING", 503, '{"error":"ENGINE_RESTARTING"}'],
      ["spot trading disabled", 503, '{"error":"spot trading disabled"}'],
      ["DB_ERROR", 500, '{"error":"DB_ERROR"}'],
      ["FORBIDDEN", 403, '{"error":"FORBIDDEN"}'],
      ["UNAUTHORIZED", 401, ""],
    ];
    for (const [code, status, text] of cases) {
      server.state.addFault({ venue: "p99", kind: "code", code, count: 1 });
      const b = await build(server, "/spot/orders", "");
      assertEquals(await send("DELETE", b.url, b.headers).then((r) => [r.status, r.text]), [
        status,
        text,
      ]);
    }
  });
});

Deno.test("sim: a reappear fault adds new open orders after a cancel", async () => {
  await withSim(async (server) => {
    seed(server.state, 2, { symbol: "DFUSDT" });
    server.state.addFault({
      venue: "p99",
      kind: "reappear",
      method: "DELETE",
      path: "/spot/orders",
      orders: 3,
      count: 1,
    });
    const b = await build(server, "/spot/orders", "symbol=DFUSDT");
    assertEquals(JSON.parse((await send("DELETE", b.url, b.headers)).text).canceled.length, 2);
    const open = server.state.openOrders(server.state.account("p99", 0));
    assertEquals(open.length, 3);
    assert(open.every((o) => o.symbol === "DFUSDT"));
  });
});

Deno.test("sim: health and markets are public", async () => {
  await withSim(async (server) => {
    const health = await send("GET", `${server.origin}/api/v1/spot/health`, {});
    assertEquals(JSON.parse(health.text).engine, "running");
    const markets = JSON.parse(
      (await send("GET", `${server.origin}/api/v1/spot/markets`, {})).text,
    );
    assert(markets.some((m: { id: string }) => m.id === "DFUSDT"));
  });
});

Deno.test("sim: one listing page over 10,000 open orders stays fast", async () => {
  await withSim(async (server) => {
    seed(server.state, 10_000);
    const b = await build(server, "/spot/orders", "status=open&limit=200");
    const started = performance.now();
    const res = await send("GET", b.url, b.headers);
    assertEquals(JSON.parse(res.text).length, 200);
    assert(performance.now() - started < 200, `${performance.now() - started} ms`);
  });
});

Deno.test("sim: GET /spot/markets is public and states each market's tokens, configured and seeded ones too", async () => {
  await withSim(async (server) => {
    configureP99Sim(server.state, { markets: [{ id: "DFBUSD", base: "DF", quote: "BUSD" }] });
    seed(server.state, 1, { symbol: "SOLUSDC" });
    const res = await fetch(`${server.origin}/api/v1/spot/markets`);
    const rows = await res.json() as { id: string; base_token: string; quote_token: string }[];
    assertEquals(res.status, 200);
    assert(Array.isArray(rows));
    const byId = Object.fromEntries(rows.map((r) => [r.id, [r.base_token, r.quote_token]]));
    assertEquals(byId["DFUSDT"], ["DF", "USDT"]);
    assertEquals(byId["DFBUSD"], ["DF", "BUSD"]);
    assertEquals(byId["SOLUSDC"], ["SOL", "USDC"]);
    const [order] = seed(server.state, 1, { symbol: "DFBUSD" });
    const stored = server.state.account("p99", 0).orders.get(order!.id);
    assertEquals([stored?.baseCoin, stored?.settleCoin], ["DF", "BUSD"]);
  });
});
