import { assert, assertEquals, assertRejects } from "@std/assert";
import {
  AlreadyGoneError,
  AuthError,
  InputError,
  PermanentError,
  ResponseFormatError,
  TransientError,
} from "../venues/errors.ts";
import type { TransportEvent, TransportOptions } from "../venues/transport.ts";
import { P99Client } from "../venues/p99/mod.ts";
import { startServer } from "../sim/server.ts";
import type { SimState } from "../sim/core.ts";
import { p99Sim } from "../sim/p99.ts";

type Server = ReturnType<typeof startServer>;

async function withSim(fn: (server: Server) => Promise<void>): Promise<void> {
  const server = startServer([p99Sim], { port: 0, accounts: 2 });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

function hmacClient(server: Server, transport: TransportOptions = {}, account = 0): P99Client {
  const a = server.state.account("p99", account);
  return new P99Client({
    apiKey: a.apiKey,
    secret: a.secret,
    baseUrl: `${server.origin}/api/v1`,
    transport: { backoffBaseMs: 5, ...transport },
  });
}

function jwtClient(server: Server, account = 0): P99Client {
  return new P99Client({
    jwt: server.state.account("p99", account).jwt,
    baseUrl: `${server.origin}/api/v1`,
    transport: { backoffBaseMs: 5 },
  });
}

function seed(state: SimState, count: number, symbol?: string, account = 0): string[] {
  const acc = state.account("p99", account);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const o = p99Sim.makeOrder(acc, { venue: "p99", account, count: 1, symbol }, state);
    acc.orders.set(o.id, o);
    ids.push(o.id);
  }
  return ids;
}

function count(state: SimState, method: string, path: string): number {
  return state.counts.get(`p99 ${method} /api/v1${path}`) ?? 0;
}

function open(state: SimState, account = 0): string[] {
  return state.openOrders(state.account("p99", account)).map((o) => o.id);
}

Deno.test("cancelOrder() cancels one order over HTTP and leaves the others", async () => {
  await withSim(async (server) => {
    const ids = seed(server.state, 3);
    const client = hmacClient(server);
    const order = await client.cancelOrder(ids[1] ?? "");
    assertEquals(order.id, ids[1]);
    assertEquals(order.status, "canceled");
    assertEquals(open(server.state).sort(), [ids[0], ids[2]].sort());
    assertEquals((await client.getOrder(ids[1] ?? "")).status, "canceled");
  });
});

Deno.test("cancelAll() cancels one symbol, then everything, with HMAC and with a JWT", async () => {
  await withSim(async (server) => {
    seed(server.state, 8);
    const df = server.state.openOrders(server.state.account("p99", 0)).filter((o) =>
      o.symbol === "DFUSDT"
    );
    const canceled = await hmacClient(server).cancelAll({ symbol: "DFUSDT" });
    assertEquals(canceled.map((o) => o.id).sort(), df.map((o) => o.id).sort());
    assert(canceled.every((o) => o.status === "canceled" && o.symbol === "DFUSDT"));
    assertEquals(open(server.state).length, 8 - df.length);
    const rest = await jwtClient(server).cancelAll();
    assertEquals(rest.length, 8 - df.length);
    assertEquals(open(server.state), []);
    assertEquals(await jwtClient(server).cancelAll(), []);
  });
});

Deno.test("listActiveOrders() reads every page of open and partially filled orders", async () => {
  await withSim(async (server) => {
    seed(server.state, 450);
    const acc = server.state.account("p99", 0);
    for (let i = 0; i < 30; i++) {
      const o = p99Sim.makeOrder(acc, {
        venue: "p99",
        account: 0,
        count: 1,
        status: "partially_filled",
      }, server.state);
      acc.orders.set(o.id, o);
    }
    seed(server.state, 5, undefined, 1); // another account: never listed
    const filled = p99Sim.makeOrder(
      acc,
      { venue: "p99", account: 0, count: 1, status: "filled" },
      server.state,
    );
    acc.orders.set(filled.id, filled);
    const result = await hmacClient(server).listActiveOrders();
    assertEquals(result.complete, true);
    assertEquals(result.orders.length, 480);
    assertEquals(new Set(result.orders.map((o) => o.id)), new Set(open(server.state)));
    assert(result.pages >= 4, `pages ${result.pages}`);
    assertEquals(count(server.state, "GET", "/spot/orders"), result.pages);
    const dfOnly = await hmacClient(server).listActiveOrders({ symbol: "DFUSDT" });
    assert(dfOnly.orders.length > 0 && dfOnly.orders.every((o) => o.symbol === "DFUSDT"));
  });
});

Deno.test("listActiveOrders() reports complete: false past 200 orders in one second", async () => {
  await withSim(async (server) => {
    seed(server.state, 260);
    const second = Math.floor(Date.now() / 1000) * 1000;
    for (const o of server.state.account("p99", 0).orders.values()) o.createdMs = second;
    const result = await hmacClient(server).listActiveOrders();
    assertEquals(result.complete, false);
    assertEquals(result.orders.length, 200);
  });
});

Deno.test("ENGINE_BUSY and DB_ERROR are retried until the call succeeds", async () => {
  await withSim(async (server) => {
    seed(server.state, 4);
    server.state.addFault({
      venue: "p99",
      method: "DELETE",
      path: "/spot/orders",
      kind: "code",
      code: "ENGINE_BUSY",
      count: 1,
    });
    server.state.addFault({
      venue: "p99",
      method: "DELETE",
      path: "/spot/orders",
      kind: "code",
      code: "DB_ERROR",
      count: 1,
    });
    const retries: TransportEvent[] = [];
    const client = hmacClient(server);
    client.subscribe((e) => e.type === "retry" && retries.push(e));
    assertEquals((await client.cancelAll()).length, 4);
    assertEquals(count(server.state, "DELETE", "/spot/orders"), 3);
    assertEquals(retries.length, 2);
  });
});

Deno.test("the default backoff follows the docs' 200/400/800 ms", async () => {
  await withSim(async (server) => {
    server.state.addFault({ venue: "p99", kind: "code", code: "ENGINE_RESTARTING", count: 3 });
    const a = server.state.account("p99", 0);
    const client = new P99Client({
      apiKey: a.apiKey,
      secret: a.secret,
      baseUrl: `${server.origin}/api/v1`,
      transport: { random: () => 0.999, fetch: (i, init) => fetch(i, init) },
    });
    const delays: number[] = [];
    client.subscribe((e) => e.type === "retry" && delays.push(e.delayMs));
    const started = Date.now();
    await client.cancelAll();
    assertEquals(delays, [200, 400, 800]);
    assert(Date.now() - started >= 1400);
  });
});

Deno.test("spot trading disabled is permanent and never retried", async () => {
  await withSim(async (server) => {
    server.state.addFault({ venue: "p99", kind: "code", code: "spot trading disabled" });
    const e = await assertRejects(() => hmacClient(server).cancelAll(), PermanentError);
    assertEquals(e.code, "spot trading disabled");
    assertEquals(e.status, 503);
    assertEquals(count(server.state, "DELETE", "/spot/orders"), 1);
  });
});

Deno.test("cancelOrder() of a canceled, unknown or foreign order is AlreadyGoneError", async () => {
  await withSim(async (server) => {
    const [id] = seed(server.state, 1);
    const [foreign] = seed(server.state, 1, undefined, 1);
    const client = hmacClient(server);
    await client.cancelOrder(id ?? "");
    for (const target of [id, crypto.randomUUID(), foreign]) {
      const e = await assertRejects(() => client.cancelOrder(target ?? ""), AlreadyGoneError);
      assertEquals(e.code, "ORDER_NOT_FOUND");
      assertEquals(e.status, 404);
    }
    assertEquals(open(server.state, 1), [foreign]);
  });
});

Deno.test("a skewed venue clock triggers one resync from the Date header and a re-signed retry", async () => {
  await withSim(async (server) => {
    seed(server.state, 2);
    server.state.skewMs.set("p99", 20_000);
    const client = hmacClient(server);
    const events: TransportEvent[] = [];
    client.subscribe((e) => events.push(e));
    assertEquals((await client.cancelAll()).length, 2);
    assertEquals(count(server.state, "DELETE", "/spot/orders"), 2);
    assertEquals(count(server.state, "GET", "/spot/health"), 1);
    const sync = events.find((e) => e.type === "clock-sync");
    assert(sync?.type === "clock-sync" && Math.abs(sync.offsetMs - 20_000) < 1500);
    // The corrected clock stays: the next call is accepted first time.
    await client.cancelAll();
    assertEquals(count(server.state, "DELETE", "/spot/orders"), 3);
  });
});

Deno.test("a wrong secret or JWT is AuthError, even with a skewed clock", async () => {
  await withSim(async (server) => {
    const a = server.state.account("p99", 0);
    const wrong = new P99Client({
      apiKey: a.apiKey,
      secret: "wrong-secret",
      baseUrl: `${server.origin}/api/v1`,
    });
    const e = await assertRejects(() => wrong.cancelAll(), AuthError);
    assertEquals(e.status, 401);
    assertEquals(count(server.state, "DELETE", "/spot/orders"), 1);
    server.state.skewMs.set("p99", -30_000);
    await assertRejects(() => wrong.cancelAll(), AuthError);
    const jwt = new P99Client({ jwt: "aaa.bbb.ccc", baseUrl: `${server.origin}/api/v1` });
    await assertRejects(() => jwt.listActiveOrders(), AuthError);
  });
});

Deno.test("bad input sends nothing to the venue", async () => {
  await withSim(async (server) => {
    const client = hmacClient(server);
    await assertRejects(() => client.cancelOrder("123"), InputError);
    await assertRejects(() => client.cancelAll({ symbol: "df-usdt" }), InputError);
    await assertRejects(() => client.listOrders({ limit: -1 }), InputError);
    assertEquals(server.state.counts.size, 0);
  });
});

Deno.test("HTML, truncated and malformed answers become ResponseFormatError", async () => {
  await withSim(async (server) => {
    const client = hmacClient(server, { maxRetries: 0 });
    for (const kind of ["html", "truncated", "malformed"] as const) {
      // An HTML page at 200 is a format error; at 5xx it is the status that counts.
      const status = kind === "html" ? 200 : undefined;
      server.state.addFault({ venue: "p99", kind, count: 1, status });
      await assertRejects(() => client.cancelAll(), ResponseFormatError);
    }
    server.state.addFault({ venue: "p99", kind: "drop", count: 1 });
    await assertRejects(() => client.cancelAll(), TransientError);
    server.state.addFault({ venue: "p99", kind: "http", status: 502, count: 1 });
    await assertRejects(() => client.cancelAll(), TransientError, "HTTP 502");
  });
});

Deno.test("a stalled venue times out as TransientError", async () => {
  await withSim(async (server) => {
    server.state.addFault({ venue: "p99", kind: "stall", ms: 300, count: 1 });
    const client = hmacClient(server, { maxRetries: 0, timeoutMs: 50 });
    const e = await assertRejects(() => client.cancelAll(), TransientError);
    assert(e.message.includes("timed out"));
    await new Promise((r) => setTimeout(r, 300));
  });
});
