// The simulator's one per-venue state model (sim/book.ts): slots per account and per venue,
// what a reset keeps, fault rules per venue, the reappear loop; and the simulator's
// independence from the code it tests (it imports no client, adapter or engine module).

import { assert, assertEquals, assertThrows } from "@std/assert";
import { AccountSlot, type SimOrder, type SimRequest, SimState, VenueSlot } from "../sim/core.ts";
import { bitgetAccountMode } from "../sim/bitget_uta.ts";
import { createOkxSim } from "../sim/okx.ts";
import { SimControl, startSimulator } from "../sim/mod.ts";
import { hmacBase64 } from "../venues/_crypto.ts";

function order(id: string, clientId = ""): SimOrder {
  return {
    id,
    clientId,
    symbol: "X",
    kind: "regular",
    market: "m",
    baseCoin: "A",
    settleCoin: "B",
    status: "open",
    createdMs: 0,
    updatedMs: 0,
    extra: {},
  };
}

Deno.test("book slots: one value per account or per venue, made on first use", () => {
  const state = new SimState({ accounts: 2 });
  const seq = new AccountSlot(() => 0);
  const config = new VenueSlot(() => ({ n: 1 }));
  const bybit = state.book("bybit");
  bybit.set(seq, 0, 5);
  assertEquals(bybit.get(seq, 0), 5);
  assertEquals(bybit.get(seq, bybit.account(1)), 0);
  assertEquals(state.book("okx").get(seq, 0), 0, "another venue's book has its own values");
  bybit.set(config, { n: 2 });
  assertEquals(bybit.get(config).n, 2);
  assertEquals(state.book("p99").get(config).n, 1);
});

Deno.test("book reset: orders and fault rules go, slots stay unless marked clearOnReset", () => {
  const state = new SimState({ accounts: 1 });
  const kept = new AccountSlot(() => "classic");
  const cleared = new AccountSlot<number | undefined>(() => undefined, { clearOnReset: true });
  const book = state.book("bitget");
  const account = book.account(0);
  book.add(account, order("1"));
  book.set(kept, account, "uta");
  book.set(cleared, account, 42);
  state.addFault({ venue: "bitget", kind: "http" });
  state.reset();
  assertEquals(account.orders.size, 0);
  assertEquals(book.get(kept, account), "uta");
  assertEquals(book.get(cleared, account), undefined);
  assertEquals(book.takeFault("GET", "/x", ["http"]), undefined);
});

Deno.test("fault rules live in their venue's book and are taken in the order they were added", () => {
  const state = new SimState({ accounts: 1 });
  state.addFault({ venue: "okx", kind: "http", status: 501, count: 1 });
  state.addFault({ venue: "bybit", kind: "http", status: 502, count: 1 });
  state.addFault({ venue: "okx", kind: "http", status: 503, count: 1 });
  assertEquals(state.takeFault("bybit", "GET", "/v5/x", ["http"])?.status, 502);
  assertEquals(state.takeFault("bybit", "GET", "/v5/x", ["http"]), undefined);
  assertEquals(state.book("okx").takeFault("GET", "/a", ["http"])?.status, 501);
  assertEquals(state.takeFault("okx", "GET", "/a", ["http"])?.status, 503);
  assertThrows(() => state.addFault({ venue: "okx", kind: "reapear" as "reappear" }));
});

Deno.test("book.reappear adds the rule's orders and stops when the venue refuses one", () => {
  const state = new SimState({ accounts: 1 });
  const book = state.book("p99");
  const account = book.account(0);
  const req = {
    method: "DELETE",
    url: new URL("http://127.0.0.1/api/v1/spot/orders"),
    path: "/api/v1/spot/orders",
    rawQuery: "",
    headers: new Headers(),
    body: "",
  };
  book.reappear(req, account, () => order("never"));
  assertEquals(account.orders.size, 0, "no rule, no order");
  state.addFault({ venue: "p99", kind: "reappear", orders: 3, count: 1 });
  let n = 0;
  book.reappear(req, account, () => (++n <= 2 ? order(String(n)) : undefined));
  assertEquals([...account.orders.keys()], ["1", "2"]);
  book.reappear(req, account, () => order("late"));
  assertEquals(account.orders.size, 2, "the rule was used up");
});

Deno.test("byClientId lists every order with the id, oldest first; open() settles delayed cancels", () => {
  const state = new SimState({ accounts: 1 });
  const book = state.book("okx");
  const account = book.account(0);
  book.add(account, order("1", "a"));
  book.add(account, order("2", "b"));
  book.add(account, { ...order("3", "a"), cancelAtMs: Date.now() - 1 });
  assertEquals(book.byClientId(account, "a").map((o) => o.id), ["1", "3"]);
  assertEquals(book.open(account).map((o) => o.id), ["1", "2"]);
  assertEquals(account.orders.get("3")?.status, "canceled");
});

Deno.test("each OKX simulator keeps its own cancel-all-after timers in the book", async () => {
  const state = new SimState({ accounts: 1 });
  const a = createOkxSim();
  const b = createOkxSim();
  const account = state.account("okx", 0);
  const body = JSON.stringify({ timeOut: "10" });
  const path = "/api/v5/sprd/cancel-all-after";
  const ts = new Date().toISOString();
  const req: SimRequest = {
    method: "POST",
    url: new URL(`http://127.0.0.1${path}`),
    path,
    rawQuery: "",
    headers: new Headers({
      "OK-ACCESS-KEY": account.apiKey,
      "OK-ACCESS-SIGN": await hmacBase64(account.secret, `${ts}POST${path}${body}`),
      "OK-ACCESS-TIMESTAMP": ts,
      "OK-ACCESS-PASSPHRASE": account.passphrase,
    }),
    body,
  };
  const armed = await (await a.handle(req, state)).json();
  assertEquals(armed.code, "0");
  const spec = { venue: "okx", account: 0, count: 1 } as const;
  assertEquals(a.makeOrder(account, spec, state).extra.cancelSource, "20", "armed by a");
  assertEquals(b.makeOrder(account, spec, state).extra.cancelSource, "", "b has no timer");
});

Deno.test("/__sim/reset disarms a Bitget countdown but keeps the account's mode", async () => {
  const sim = await startSimulator({ accounts: 1, bitgetUta: [0] });
  const control = new SimControl(sim.origin);
  const account = sim.state.account("bitget", 0);
  const call = async (method: string, path: string, body: string, skewMs = 0) => {
    const ts = String(Date.now() + skewMs);
    const res = await fetch(`${sim.origin}${path}`, {
      method,
      headers: {
        "ACCESS-KEY": account.apiKey,
        "ACCESS-SIGN": await hmacBase64(account.secret, `${ts}${method}${path}${body}`),
        "ACCESS-TIMESTAMP": ts,
        "ACCESS-PASSPHRASE": account.passphrase,
        "content-type": "application/json",
      },
      body: method === "GET" ? null : body,
    });
    return await res.json();
  };
  try {
    const armed = await call("POST", "/api/v3/trade/countdown-cancel-all", '{"countdown":"5"}');
    assertEquals(armed.code, "00000");
    await control.reset();
    assertEquals(bitgetAccountMode(sim.state, 0), "uta");
    await control.seed({ venue: "bitget", count: 2 });
    await control.skew("bitget", 10_000);
    const listed = await call("GET", "/api/v3/trade/unfilled-orders", "", 10_000);
    assertEquals(listed.code, "00000");
    assertEquals(listed.data.list.length, 2, "a countdown armed before the reset fired");
    assertEquals((await control.orders("bitget", 0)).length, 2);
  } finally {
    await sim.close();
  }
});

Deno.test("the simulator imports no client, adapter or engine code (only WebCrypto plumbing)", async () => {
  const root = new URL("../sim/", import.meta.url);
  const outside: string[] = [];
  async function walk(dir: URL): Promise<void> {
    for await (const entry of Deno.readDir(dir)) {
      const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
      if (entry.isDirectory) await walk(url);
      else if (entry.name.endsWith(".ts")) {
        const text = await Deno.readTextFile(url);
        for (const m of text.matchAll(/^\s*(?:import|export)[^;]*?from\s+"([^"]+)"/gms)) {
          const specifier = m[1] ?? "";
          if (!specifier.startsWith(".")) continue; // built-ins (node:util) and URLs
          const target = new URL(specifier, url);
          if (!target.href.startsWith(root.href)) outside.push(`${entry.name} -> ${specifier}`);
        }
      }
    }
  }
  await walk(root);
  assert(outside.length > 0, "the walk found the WebCrypto import");
  for (const edge of outside) {
    assert(/ -> (\.\.\/)+venues\/_crypto\.ts$/.test(edge), `sim imports outside sim/: ${edge}`);
  }
});
