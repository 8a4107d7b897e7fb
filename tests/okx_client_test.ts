// The client end to end over real HTTP against the OKX simulator.
import { assertEquals, assertInstanceOf, assertRejects, assertThrows } from "@std/assert";
import {
  AlreadyGoneError,
  AuthError,
  InputError,
  RateLimitError,
  ResponseFormatError,
  TransientError,
} from "../venues/errors.ts";
import type { TransportEvent, TransportOptions } from "../venues/transport.ts";
import type { SimAccount, SimState } from "../sim/core.ts";
import { okxSim } from "../sim/okx.ts";
import { startServer } from "../sim/server.ts";
import { OkxSpreadClient } from "../venues/okx/mod.ts";

interface Ctx {
  origin: string;
  state: SimState;
  acc: SimAccount;
  client: OkxSpreadClient;
}

async function withSim(
  fn: (ctx: Ctx) => Promise<void>,
  options: { okxCancelDelayMs?: number; transport?: TransportOptions } = {},
): Promise<void> {
  const server = startServer([okxSim], { okxCancelDelayMs: options.okxCancelDelayMs ?? 20 });
  try {
    const acc = server.state.account("okx", 0);
    const client = new OkxSpreadClient({
      apiKey: acc.apiKey,
      secret: acc.secret,
      passphrase: acc.passphrase,
      baseUrl: server.origin,
      transport: { backoffBaseMs: 1, backoffMaxMs: 5, timeoutMs: 2000, ...options.transport },
    });
    await fn({ origin: server.origin, state: server.state, acc, client });
  } finally {
    await server.close();
  }
}

function seed(state: SimState, acc: SimAccount, n: number, symbol?: string): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = okxSim.makeOrder(acc, { venue: "okx", account: 0, count: 1, symbol }, state);
    acc.orders.set(o.id, o);
    ids.push(o.id);
  }
  return ids;
}

const count = (state: SimState, route: string): number => state.counts.get(`okx ${route}`) ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("client cancels one order: acknowledged first, gone after the venue's delay", async () => {
  await withSim(async ({ state, acc, client }) => {
    const [id, other] = seed(state, acc, 2);
    const ack = await client.cancelOrder({ ordId: id! });
    assertEquals([ack.ordId, ack.sCode], [id, "0"]);
    assertEquals((await client.listPendingOrders()).length, 2, "still listed right after the ack");
    await sleep(250);
    assertEquals((await client.listPendingOrders()).map((o) => o.ordId), [other]);
    const detail = await client.getOrder({ ordId: id! });
    assertEquals([detail.state, detail.cancelSource], ["canceled", "1"]);
    // A removal window wide enough that a loaded machine still lists the order right after the ack.
  }, { okxCancelDelayMs: 200 });
});

Deno.test("client cancels by clOrdId and reads a pending re-cancel (51410) as acknowledged", async () => {
  await withSim(async ({ state, acc, client }) => {
    const [id] = seed(state, acc, 1);
    assertEquals((await client.cancelOrder({ clOrdId: `c${id}` })).sCode, "0");
    assertEquals((await client.cancelOrder({ ordId: id! })).sCode, "51410");
  }, { okxCancelDelayMs: 5000 });
});

Deno.test("client mass cancel (bare and by spread) empties what it covers", async () => {
  await withSim(async ({ state, acc, client }) => {
    seed(state, acc, 10);
    assertEquals(await client.massCancel({ sprdId: "ETH-USDT_ETH-USDT-SWAP" }), true);
    await sleep(40);
    const left = await client.listPendingOrders();
    assertEquals(left.length, 8);
    assertEquals(left.some((o) => o.sprdId === "ETH-USDT_ETH-USDT-SWAP"), false);
    assertEquals(await client.massCancel(), true);
    await sleep(40);
    assertEquals(await client.listPendingOrders(), []);
  });
});

Deno.test("client lists every page of 250 orders, newest first", async () => {
  await withSim(async ({ state, acc, client }) => {
    const ids = seed(state, acc, 250, "BTC-USDT_BTC-USDT-SWAP");
    seed(state, acc, 5, "SOL-USDT_SOL-USDT-SWAP");
    const orders = await client.listPendingOrders({ sprdId: "BTC-USDT_BTC-USDT-SWAP" });
    assertEquals(orders.map((o) => o.ordId), [...ids].reverse());
    assertEquals(count(state, "GET /api/v5/sprd/orders-pending"), 3);
    assertEquals((await client.listPendingOrders({ state: "live", ordType: "limit" })).length, 255);
  });
});

Deno.test("client retries a transient fault and succeeds", async () => {
  await withSim(async ({ state, acc, client }) => {
    seed(state, acc, 1);
    state.addFault({ venue: "okx", kind: "http", status: 503, count: 2, path: "/mass-cancel" });
    const retries: TransportEvent[] = [];
    client.subscribe((e) => e.type === "retry" && retries.push(e));
    assertEquals(await client.massCancel(), true);
    assertEquals(count(state, "POST /api/v5/sprd/mass-cancel"), 3);
    assertEquals(retries.length, 2);
  });
});

Deno.test("client retries a rate-limit code (50011, HTTP 429) and succeeds", async () => {
  await withSim(async ({ state, client }) => {
    state.addFault({
      venue: "okx",
      kind: "code",
      code: "50011",
      count: 1,
      path: "/orders-pending",
    });
    assertEquals(await client.listPendingOrders(), []);
    assertEquals(count(state, "GET /api/v5/sprd/orders-pending"), 2);
  });
});

Deno.test("client gives up after the retries with the typed error", async () => {
  await withSim(async ({ state, client }) => {
    state.addFault({ venue: "okx", kind: "code", code: "50011", path: "/mass-cancel" });
    const e = await assertRejects(() => client.massCancel(), RateLimitError);
    assertEquals(e.code, "50011");
    assertEquals(count(state, "POST /api/v5/sprd/mass-cancel"), 2);
  }, { transport: { maxRetries: 1 } });
});

Deno.test("client counts an already-canceled order as AlreadyGoneError", async () => {
  await withSim(async ({ state, acc, client }) => {
    const [id] = seed(state, acc, 1);
    acc.orders.get(id!)!.status = "canceled";
    const e = await assertRejects(() => client.cancelOrder({ ordId: id! }), AlreadyGoneError);
    assertEquals([e.code, e.status], ["51401", 200]);
    const missing = await assertRejects(() => client.cancelOrder({ ordId: "1" }), AlreadyGoneError);
    assertEquals(missing.code, "51400");
    assertInstanceOf(
      await assertRejects(() => client.getOrder({ ordId: "1" })),
      AlreadyGoneError,
    );
  });
});

Deno.test("client resyncs its clock once on 50102 and retries with a fresh signature", async () => {
  await withSim(async ({ state, acc, client }) => {
    seed(state, acc, 1);
    state.skewMs.set("okx", 120_000);
    const syncs: TransportEvent[] = [];
    client.subscribe((e) => e.type === "clock-sync" && syncs.push(e));
    assertEquals(await client.massCancel(), true);
    assertEquals(count(state, "POST /api/v5/sprd/mass-cancel"), 2);
    assertEquals(count(state, "GET /api/v5/public/time"), 1);
    assertEquals(syncs.length, 1);
    // The offset sticks: the next call needs no resync.
    assertEquals(await client.listPendingOrders(), []);
    assertEquals(count(state, "GET /api/v5/public/time"), 1);
  }, { okxCancelDelayMs: 0 });
});

Deno.test("client arms and disarms cancel-all-after", async () => {
  await withSim(async ({ state, acc, client }) => {
    const [id] = seed(state, acc, 1);
    const armed = await client.cancelAllAfter(30);
    assertEquals(armed.triggerTime - armed.ts, 30_000);
    assertEquals(typeof acc.orders.get(id!)!.cancelAtMs, "number");
    state.rateLimits = false;
    assertEquals((await client.cancelAllAfter(0)).triggerTime, 0);
    assertEquals(acc.orders.get(id!)!.cancelAtMs, undefined);
  });
});

Deno.test("client bad input sends nothing", async () => {
  await withSim(async ({ state, client }) => {
    await assertRejects(() => client.cancelAllAfter(9), InputError);
    await assertRejects(() => client.massCancel({ sprdId: "nope" }), InputError);
    // @ts-expect-error: both ids
    await assertRejects(() => client.cancelOrder({ ordId: "1", clOrdId: "x" }), InputError);
    assertEquals(state.counts.size, 0);
  });
});

Deno.test("client turns HTML, truncated and malformed answers into ResponseFormatError", async () => {
  for (const kind of ["html", "truncated", "malformed"] as const) {
    await withSim(async ({ state, client }) => {
      // An HTML page at 200 is a format error; at 5xx it is the status that counts.
      state.addFault({ venue: "okx", kind, status: kind === "html" ? 200 : undefined });
      await assertRejects(() => client.listPendingOrders(), ResponseFormatError);
      assertEquals(count(state, "GET /api/v5/sprd/orders-pending"), 2, kind);
    }, { transport: { maxRetries: 1 } });
  }
});

Deno.test("client turns a dropped connection and a stall into TransientError", async () => {
  await withSim(async ({ state, client }) => {
    state.addFault({ venue: "okx", kind: "drop" });
    await assertRejects(() => client.massCancel(), TransientError);
  }, { transport: { maxRetries: 0 } });
  await withSim(async ({ state, client }) => {
    state.addFault({ venue: "okx", kind: "stall", ms: 300 });
    await assertRejects(() => client.massCancel(), TransientError, "timed out");
  }, { transport: { maxRetries: 0, timeoutMs: 50 } });
});

Deno.test("client stops at once on an auth failure (wrong passphrase)", async () => {
  await withSim(async ({ origin, state, acc }) => {
    const client = new OkxSpreadClient({
      apiKey: acc.apiKey,
      secret: acc.secret,
      passphrase: "wrong",
      baseUrl: origin,
    });
    const e = await assertRejects(() => client.massCancel(), AuthError);
    assertEquals([e.code, e.status], ["50105", 401]);
    assertEquals(count(state, "POST /api/v5/sprd/mass-cancel"), 1);
    const demo = new OkxSpreadClient({
      apiKey: acc.apiKey,
      secret: acc.secret,
      passphrase: acc.passphrase,
      baseUrl: origin,
      demo: true,
    });
    assertEquals((await assertRejects(() => demo.massCancel(), AuthError)).code, "50101");
  });
});

Deno.test("client honours the caller's abort signal", async () => {
  await withSim(async ({ state, client }) => {
    state.addFault({ venue: "okx", kind: "stall", ms: 500 });
    const signal = AbortSignal.timeout(30);
    await assertRejects(() => client.listPendingOrders({}, { signal }), TransientError);
  });
});

Deno.test("a passphrase with a space inside is accepted; one with a space at an end is refused", () => {
  const client = new OkxSpreadClient({ apiKey: "k", secret: "s", passphrase: "two words" });
  assertEquals(client.host, "www.okx.com");
  assertThrows(
    () => new OkxSpreadClient({ apiKey: "k", secret: "s", passphrase: "trailing " }),
    InputError,
    "passphrase must be printable ASCII, without spaces at either end",
  );
});
