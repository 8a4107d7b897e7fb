import { assert, assertEquals } from "@std/assert";
import { BybitClient, createBybitAccount } from "../venues/bybit/mod.ts";
import { bybitSim } from "../sim/bybit.ts";
import { startServer } from "../sim/server.ts";
import { Secret } from "../venues/secret.ts";
import { REFUSED_ORIGIN } from "./_script.ts";

const KEY = "KEY-Zx9q7Lw2Rt5Yu8Io";
const SECRET = "SECRET-Qw7Er4Ty1Ui9Op3As6";

/** Every printable view of an error, its cause, and the cause's cause. */
function views(e: unknown): string[] {
  const out: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; depth < 3 && cur !== undefined; depth++) {
    out.push(String(cur), JSON.stringify(cur) ?? "", Deno.inspect(cur, { depth: 10 }));
    if (cur instanceof Error) {
      out.push(cur.stack ?? "", cur.message);
      cur = cur.cause;
    } else cur = undefined;
  }
  return out;
}

function assertClean(e: unknown, secrets: readonly string[], what: string): void {
  assert(e instanceof Error, `${what}: expected an error`);
  for (const view of views(e)) {
    for (const s of secrets) {
      assert(!view.includes(s), `${what}: leaked ${s.slice(0, 6)}... in ${view.slice(0, 200)}`);
    }
  }
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

Deno.test("no error, inspection or JSON of the client carries a credential or a signature", async () => {
  const server = startServer([bybitSim], { port: 0 });
  const signatures: string[] = [];
  const urls: string[] = [];
  const recording: typeof fetch = (input, init) => {
    const sign = new Headers(init?.headers).get("x-bapi-sign");
    if (sign) signatures.push(sign);
    urls.push(String(input));
    return fetch(input, init);
  };
  const transport = {
    fetch: recording,
    backoffBaseMs: 1,
    backoffMaxMs: 2,
    maxRetries: 0,
    timeoutMs: 300,
  };
  try {
    const simAccount = server.state.account("bybit", 0);
    const client = new BybitClient({
      apiKey: KEY,
      secret: new Secret(SECRET),
      baseUrl: server.origin,
      transport,
    });
    // Same key as the sim knows, wrong secret: the sim echoes the signed string (with the key).
    const wrongSecret = new BybitClient({
      apiKey: simAccount.apiKey,
      secret: SECRET,
      baseUrl: server.origin,
      transport,
    });
    const secrets = () => [KEY, SECRET, simAccount.apiKey, simAccount.secret, ...signatures];
    const errors: [string, unknown][] = [];

    errors.push(["auth 10003", await caught(client.cancelAll({ category: "spot" }))]);
    errors.push(["auth 10004", await caught(wrongSecret.cancelAll({ category: "spot" }))]);
    errors.push(["bad input", await caught(client.cancelAll({ category: "spot", symbol: KEY }))]);
    errors.push([
      "bad input list",
      await caught(client.listOpenOrders({ category: "linear", baseCoin: SECRET })),
    ]);
    server.state.addFault({ venue: "bybit", kind: "code", code: "10006", count: 1 });
    errors.push(["rate limit", await caught(client.cancelAll({ category: "spot" }))]);
    server.state.addFault({ venue: "bybit", kind: "html", status: 200, count: 1 });
    errors.push(["format", await caught(client.listOpenOrders({ category: "spot" }))]);
    server.state.addFault({ venue: "bybit", kind: "stall", ms: 2000, count: 1 });
    errors.push(["timeout", await caught(client.cancelAll({ category: "spot" }))]);
    server.state.addFault({ venue: "bybit", kind: "drop", count: 1 });
    errors.push(["dropped", await caught(client.cancelAll({ category: "spot" }))]);
    const refused = new BybitClient({
      apiKey: KEY,
      secret: SECRET,
      baseUrl: REFUSED_ORIGIN,
      transport,
    });
    errors.push(["network refused", await caught(refused.cancelAll({ category: "spot" }))]);
    for (
      const options of [
        { apiKey: `${KEY} x`, secret: SECRET },
        { apiKey: KEY, secret: "" },
        { apiKey: KEY, secret: SECRET, baseUrl: `https://${KEY}:${SECRET}@example.com` },
      ]
    ) {
      try {
        new BybitClient(options);
      } catch (e) {
        errors.push(["constructor", e]);
      }
    }

    assert(signatures.length >= 5, "requests were signed");
    assertEquals(errors.length, 12);
    const names = errors.map(([, e]) => e instanceof Error ? e.name : "?");
    assertEquals(names, [
      "AuthError",
      "AuthError",
      "InputError",
      "InputError",
      "RateLimitError",
      "ResponseFormatError",
      "TransientError",
      "TransientError",
      "TransientError",
      "InputError",
      "InputError",
      "InputError",
    ]);
    for (const [what, e] of errors) assertClean(e, secrets(), what);
    assert(String((errors[1]![1] as Error).message).includes("origin_string[redacted]"));

    for (const c of [client, wrongSecret]) {
      for (const view of [Deno.inspect(c, { depth: 10 }), JSON.stringify(c), String(c)]) {
        for (const s of secrets()) assert(!view.includes(s), `client view leaked: ${view}`);
      }
    }
    const plan = createBybitAccount(client, "main").compile({ kinds: ["regular", "conditional"] });
    for (const s of secrets()) assert(!JSON.stringify(plan).includes(s));
    for (const url of urls) {
      for (const s of secrets()) assert(!url.includes(s), "no credential in URLs");
    }
  } finally {
    await server.close();
  }
});
