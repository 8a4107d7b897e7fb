// No error the UTA client or adapters can raise carries a credential or a signature: every
// rendering (String, JSON, stack, Deno.inspect, cause) of every error, the mode errors included.
import { assert, assertRejects } from "@std/assert";
import { cancelAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import { bitgetSim } from "../sim/bitget.ts";
import { startServer } from "../sim/server.ts";
import {
  BitgetAccountModeError,
  BitgetClient,
  BitgetUtaClient,
  createBitgetAccount,
  createBitgetAutoAccount,
  createBitgetUtaAccount,
} from "../venues/bitget/mod.ts";

function renderings(value: unknown): string[] {
  const out = [String(value), JSON.stringify(value) ?? "", Deno.inspect(value, { depth: 10 })];
  if (value instanceof Error) {
    out.push(value.stack ?? "", value.message);
    if (value.cause !== undefined) out.push(...renderings(value.cause));
  }
  return out;
}

Deno.test("no UTA error, report or client rendering carries a credential or a signature", async () => {
  const server = startServer([bitgetSim], { accounts: 2, bitgetUta: [0] });
  const signatures: string[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const sign = new Headers(init?.headers).get("ACCESS-SIGN");
    if (sign) signatures.push(sign);
    return globalThis.fetch(input, init);
  };
  try {
    const secrets: string[] = [];
    const client = (index: number, extra: Record<string, unknown> = {}) => {
      const a = server.state.account("bitget", index);
      secrets.push(a.apiKey, a.secret, a.passphrase);
      const options = {
        apiKey: a.apiKey,
        secret: a.secret,
        passphrase: a.passphrase,
        baseUrl: server.origin,
        transport: { fetch, maxRetries: 0, timeoutMs: 300 },
        ...extra,
      };
      return { uta: new BitgetUtaClient(options), classic: new BitgetClient(options) };
    };
    const seen: unknown[] = [];
    const capture = async (f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (e) {
        seen.push(e);
      }
    };
    const uta = client(0).uta;
    const wrongUta = client(1).uta; // a classic account through v3: 40084
    const wrongClassic = client(0).classic; // a UTA account through v2: 40085
    const badSecret = new BitgetUtaClient({
      apiKey: server.state.account("bitget", 0).apiKey,
      secret: "SECRET-wrong-Qw7e2Hn8Kc4Bs1Ty",
      passphrase: server.state.account("bitget", 0).passphrase,
      baseUrl: server.origin,
      transport: { fetch, maxRetries: 0 },
    });
    secrets.push("SECRET-wrong-Qw7e2Hn8Kc4Bs1Ty");
    await capture(() => wrongUta.listUnfilledOrders({ category: "SPOT" }));
    await capture(() => wrongClassic.listPendingOrders({ productType: "USDT-FUTURES" }));
    await capture(() => badSecret.cancelSymbolOrders({ category: "SPOT" }));
    await capture(() => uta.cancelOrder({ orderId: "12345" }));
    await capture(() => uta.cancelBatch({ category: "SPOT", orders: [] }));
    await capture(() => uta.countdownCancelAll(3));
    await capture(() =>
      Promise.resolve(new BitgetUtaClient({ apiKey: "", secret: "s", passphrase: "p" }))
    );
    assert(seen.some((e) => e instanceof BitgetAccountModeError), "mode errors were raised");
    assert(seen.length >= 6, `only ${seen.length} errors`);
    const report = await cancelAll(Scope.all(), [
      createBitgetUtaAccount(wrongUta, "a"),
      createBitgetAccount(wrongClassic, "b"),
      createBitgetAutoAccount(client(1).classic, client(1).uta, "c"),
    ], { deadlineMs: 800, verifyBackoffMs: 1 });
    const things: unknown[] = [...seen, report, uta, wrongClassic];
    for (const thing of things) {
      for (const text of renderings(thing)) {
        for (const s of [...secrets, ...signatures]) {
          assert(!text.includes(s), `leaks ${s.slice(0, 8)}…: ${text.slice(0, 200)}`);
        }
      }
    }
    await assertRejects(() => uta.countdownCancelAll(61));
  } finally {
    await server.close();
  }
});
