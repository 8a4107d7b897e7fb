// The UTA (v3) simulator, driven with hand-built signed requests: modes refuse the other API,
// inputs and limits are enforced as the pages document, listings page by cursor, and the
// countdown cancels everything once it runs out.
import { assert, assertEquals, assertThrows } from "@std/assert";
import { bitgetSim } from "../sim/bitget.ts";
import { setBitgetAccountMode } from "../sim/bitget_uta.ts";
import { isActive, type SimState } from "../sim/core.ts";
import { type RunningServer, startServer } from "../sim/server.ts";
import { signBitgetRequest } from "../venues/bitget/signer.ts";
import { BitgetUtaClient } from "../venues/bitget/mod.ts";

async function withSim(fn: (server: RunningServer) => Promise<void>) {
  const server = startServer([bitgetSim], { accounts: 2, bitgetUta: [0] });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

async function call(
  server: RunningServer,
  index: number,
  method: "GET" | "POST",
  path: string,
  options: { query?: Array<[string, string]>; body?: unknown; sign?: string } = {},
): Promise<{ status: number; code: string; data: unknown }> {
  const a = server.state.account("bitget", index);
  const signed = await signBitgetRequest(
    {
      method,
      path,
      query: options.query ?? [],
      body: options.body as Record<string, unknown> | undefined,
    },
    { apiKey: a.apiKey, secret: a.secret, passphrase: a.passphrase },
    Date.now(),
    { baseUrl: server.origin },
  );
  const headers = { ...signed.headers, ...(options.sign ? { "ACCESS-SIGN": options.sign } : {}) };
  const res = await fetch(signed.url, {
    method,
    headers,
    body: method === "POST" ? signed.body : null,
  });
  const json = await res.json();
  return { status: res.status, code: json.code, data: json.data };
}

function seed(
  state: SimState,
  index: number,
  count: number,
  market?: string,
  kind?: "conditional",
) {
  const account = state.account("bitget", index);
  for (let i = 0; i < count; i++) {
    const o = bitgetSim.makeOrder(account, {
      venue: "bitget",
      account: index,
      count: 1,
      market,
      kind,
    }, state);
    account.orders.set(o.id, o);
  }
}

const open = (state: SimState, index: number) =>
  [...state.account("bitget", index).orders.values()].filter(isActive);

Deno.test("a UTA account gets 40085 on v2 private calls; a classic one 40084 on v3; public time works for both", async () => {
  await withSim(async (server) => {
    const v2 = await call(server, 0, "GET", "/api/v2/mix/order/orders-pending", {
      query: [["productType", "USDT-FUTURES"]],
    });
    assertEquals([v2.status, v2.code], [400, "40085"]);
    const v3 = await call(server, 1, "GET", "/api/v3/trade/unfilled-orders");
    assertEquals([v3.status, v3.code], [400, "40084"]);
    const settings = await call(server, 0, "GET", "/api/v3/account/settings");
    assertEquals(settings.code, "00000");
    for (const path of ["/api/v2/public/time", "/api/v3/public/time"]) {
      const res = await fetch(`${server.origin}${path}`);
      assertEquals((await res.json()).code, "00000");
    }
    // A bad signature on v3 is the same refusal as on v2.
    const bad = await call(server, 0, "GET", "/api/v3/account/settings", { sign: "AAAA" });
    assertEquals(bad.code, "40009");
  });
});

Deno.test("cancel-batch takes a list of at most 20 orders of one category; unknown ids are 25204 items", async () => {
  await withSim(async (server) => {
    seed(server.state, 0, 3, "SPOT");
    const [a, b] = open(server.state, 0);
    const P = "/api/v3/trade/cancel-batch";
    assertEquals((await call(server, 0, "POST", P, { body: { orderId: a!.id } })).code, "40017");
    const many = Array.from({ length: 21 }, (_, i) => ({
      orderId: String(i + 1),
      category: "SPOT",
      symbol: "BTCUSDT",
    }));
    assertEquals((await call(server, 0, "POST", P, { body: many })).code, "400172");
    const mixed = [
      { orderId: a!.id, category: "SPOT", symbol: a!.symbol },
      { orderId: b!.id, category: "MARGIN", symbol: b!.symbol },
    ];
    assertEquals((await call(server, 0, "POST", P, { body: mixed })).code, "40017");
    const r = await call(server, 0, "POST", P, {
      body: [
        { orderId: a!.id, category: "spot", symbol: a!.symbol },
        { orderId: "999", category: "SPOT", symbol: "BTCUSDT" },
      ],
    });
    assertEquals(r.code, "00000");
    assertEquals(r.data, [
      { orderId: a!.id, clientOid: a!.clientId },
      { orderId: "999", clientOid: "", code: "25204", msg: "Order does not exist" },
    ]);
    assertEquals(open(server.state, 0).length, 2);
  });
});

Deno.test("cancel-symbol-order: category required, 5 per second, strategy orders left alone", async () => {
  await withSim(async (server) => {
    seed(server.state, 0, 4, "USDT-FUTURES");
    seed(server.state, 0, 2, "USDT-FUTURES", "conditional");
    const P = "/api/v3/trade/cancel-symbol-order";
    assertEquals((await call(server, 0, "POST", P, { body: {} })).code, "40019");
    assertEquals(
      (await call(server, 0, "POST", P, { body: { category: "OPTION" } })).code,
      "40034",
    );
    const r = await call(server, 0, "POST", P, { body: { category: "USDT-FUTURES" } });
    assertEquals((r.data as { list: unknown[] }).list.length, 4);
    assertEquals(open(server.state, 0).map((o) => o.kind), ["conditional", "conditional"]);
    // Three so far in this second; the 6th is refused with 429.
    const more = [];
    for (let i = 0; i < 3; i++) {
      more.push(await call(server, 0, "POST", P, { body: { category: "SPOT" } }));
    }
    assertEquals(more.map((m) => m.status), [200, 200, 429]);
  });
});

Deno.test("unfilled-orders pages by cursor; the client reads 250 orders in 3 pages; no time window", async () => {
  await withSim(async (server) => {
    seed(server.state, 0, 250, "SPOT");
    // Created long ago: no window hides them.
    for (const o of open(server.state, 0).slice(0, 10)) o.createdMs = Date.now() - 400 * 86_400_000;
    const a = server.state.account("bitget", 0);
    const client = new BitgetUtaClient({
      apiKey: a.apiKey,
      secret: a.secret,
      passphrase: a.passphrase,
      baseUrl: server.origin,
    });
    const list = await client.listUnfilledOrders({ category: "SPOT" });
    assertEquals(list.length, 250);
    assertEquals(server.state.counts.get("bitget GET /api/v3/trade/unfilled-orders"), 3);
    assertEquals((await client.listUnfilledOrders({ category: "MARGIN" })).length, 0);
  });
});

Deno.test("countdown-cancel-all: 5..60 or 0, and once it has run out every order of the account is canceled", async () => {
  await withSim(async (server) => {
    seed(server.state, 0, 5, "SPOT");
    seed(server.state, 0, 2, "COIN-FUTURES", "conditional");
    const P = "/api/v3/trade/countdown-cancel-all";
    assertEquals((await call(server, 0, "POST", P, { body: { countdown: "61" } })).code, "400172");
    await new Promise((r) => setTimeout(r, 1000)); // 1 request per second
    assertEquals((await call(server, 0, "POST", P, { body: { countdown: "5" } })).code, "00000");
    assertEquals(open(server.state, 0).length, 7);
    // Six seconds later on the venue's clock (within the 30 s signature window).
    server.state.skewMs.set("bitget", 6000);
    const r = await call(server, 0, "GET", "/api/v3/trade/unfilled-orders");
    assertEquals((r.data as { list: unknown[] }).list, []);
    assertEquals(open(server.state, 0).length, 0);
  });
});

Deno.test("a UTA account holds at most 400 open regular futures orders; spot and margin have their own 400", async () => {
  const server = startServer([bitgetSim], { accounts: 1 });
  try {
    setBitgetAccountMode(server.state, 0, "uta");
    seed(server.state, 0, 400, "USDT-FUTURES");
    assertThrows(() => seed(server.state, 0, 1, "COIN-FUTURES"), Error, "at most 400");
    seed(server.state, 0, 10, "SPOT");
    seed(server.state, 0, 3, "USDT-FUTURES", "conditional");
    assert(open(server.state, 0).length === 413);
  } finally {
    await server.close();
  }
});
