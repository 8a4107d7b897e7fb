import { assert, assertRejects } from "@std/assert";
import { bitgetSim } from "../sim/bitget.ts";
import { listAll } from "../engine/run.ts";
import { startServer } from "../sim/server.ts";
import { InputError, VenueError } from "../venues/errors.ts";
import {
  BitgetClient,
  type BitgetClientOptions,
  createBitgetAccount,
} from "../venues/bitget/mod.ts";

const KEY = "KEY-Zx9q7Wd3Lm0pRt5v";
const SECRET = "SECRET-Qw7e2Hn8Kc4Bs1Ty";
const PASS = "PASS-Lm3u6Gf9Xa2Nz8Pj";

/** Every rendering of `value` an operator's log or report could show. */
function renderings(value: unknown): string[] {
  const out = [String(value), JSON.stringify(value) ?? "", Deno.inspect(value, { depth: 10 })];
  if (value instanceof Error) {
    out.push(value.stack ?? "", value.message);
    if (value.cause !== undefined) out.push(...renderings(value.cause));
  }
  return out;
}

function assertClean(value: unknown, signatures: readonly string[], what: string): void {
  for (const text of renderings(value)) {
    for (const s of [KEY, SECRET, PASS, ...signatures]) {
      assert(!text.includes(s), `${what} leaks ${s.slice(0, 6)}…: ${text.slice(0, 300)}`);
    }
  }
}

/** A fetch that records every signature it sends, then really sends. */
function recordingFetch(signatures: string[]): typeof fetch {
  return (input, init) => {
    const sign = new Headers(init?.headers).get("ACCESS-SIGN");
    if (sign) signatures.push(sign);
    return globalThis.fetch(input, init);
  };
}

Deno.test("no error the client can raise carries a credential or a signature", async () => {
  const server = startServer([bitgetSim], { accounts: 1 });
  const signatures: string[] = [];
  try {
    const make = (extra: Partial<BitgetClientOptions> = {}) =>
      new BitgetClient({
        apiKey: KEY,
        secret: SECRET,
        passphrase: PASS,
        baseUrl: server.origin,
        transport: {
          fetch: recordingFetch(signatures),
          maxRetries: 0,
          timeoutMs: 200,
        },
        ...extra,
      });
    const errors: Array<[string, unknown]> = [];
    const capture = async (what: string, f: () => Promise<unknown>) => {
      const e = await assertRejects(f);
      errors.push([what, e]);
      return e;
    };
    const client = make();
    // auth: the sim does not know this key (40006).
    const auth = await capture(
      "auth",
      () => client.cancelAllOrders({ productType: "USDT-FUTURES" }),
    );
    assert(auth instanceof VenueError && auth.kind === "auth");
    // auth with a known key but our secret/passphrase (40009 / 40012).
    const acc = server.state.account("bitget", 0);
    await capture(
      "sign",
      () => make({ apiKey: acc.apiKey }).listPendingOrders({ productType: "USDT-FUTURES" }),
    );
    await capture(
      "passphrase",
      () =>
        make({ apiKey: acc.apiKey, secret: acc.secret }).listPendingOrders({
          productType: "USDT-FUTURES",
        }),
    );
    // bad input.
    const bad = await capture(
      "input",
      () => client.cancelAllOrders({ productType: "USDT-FUTURES", marginCoin: "usdt" }),
    );
    assert(bad instanceof InputError);
    // rate limit, format, timeout (each answered before authentication).
    server.state.addFault({ venue: "bitget", kind: "code", code: "429", count: 1 });
    await capture("rate limit", () => client.cancelAllOrders({ productType: "USDT-FUTURES" }));
    server.state.addFault({ venue: "bitget", kind: "html", count: 1 });
    await capture("html", () => client.cancelAllOrders({ productType: "USDT-FUTURES" }));
    server.state.addFault({ venue: "bitget", kind: "truncated", count: 1 });
    await capture("truncated", () => client.cancelAllOrders({ productType: "USDT-FUTURES" }));
    server.state.addFault({ venue: "bitget", kind: "stall", ms: 400, count: 1 });
    await capture("timeout", () => client.cancelAllOrders({ productType: "USDT-FUTURES" }));
    // network refused: nothing listens on port 1.
    const refused = make({ baseUrl: "http://127.0.0.1:1" });
    await capture("refused", () => refused.cancelAllOrders({ productType: "USDT-FUTURES" }));
    // A venue that echoes the key and passphrase back in its message.
    const echo = new BitgetClient({
      apiKey: KEY,
      secret: SECRET,
      passphrase: PASS,
      transport: {
        maxRetries: 0,
        fetch: () =>
          Promise.resolve(
            new Response(
              JSON.stringify({
                code: "40006",
                msg: `apikey ${KEY} with passphrase ${PASS} does not exist`,
                data: null,
              }),
              { status: 400 },
            ),
          ),
      },
    });
    await capture("echo", () => echo.cancelAllOrders({ productType: "USDT-FUTURES" }));
    // The adapter path too.
    const adapter = createBitgetAccount(client, "main");
    await capture(
      "adapter",
      () => listAll(adapter, [adapter.compile({ kinds: ["regular"] })], AbortSignal.timeout(2000)),
    );

    assert(signatures.length >= 8, `only ${signatures.length} signatures recorded`);
    for (const [what, e] of errors) assertClean(e, signatures, what);
    assertClean(client, signatures, "client");
    assertClean(adapter, signatures, "adapter");
    assert(!JSON.stringify(client).includes("KEY-"));
    assert(String(client) !== "");
  } finally {
    await server.close();
  }
});

Deno.test("constructor errors do not echo the credentials they refuse", () => {
  for (
    const options of [
      { apiKey: KEY, secret: SECRET, passphrase: "" },
      {
        apiKey: KEY,
        secret: SECRET,
        passphrase: PASS,
        baseUrl: `http://${KEY}:${PASS}@example.com`,
      },
      {
        apiKey: KEY,
        secret: SECRET,
        passphrase: PASS,
        baseUrl: `https://user:${SECRET}@example.com`,
      },
      { apiKey: 42, secret: SECRET, passphrase: PASS },
    ]
  ) {
    try {
      // @ts-expect-error: deliberately wrong options
      new BitgetClient(options);
      throw new Error("expected an InputError");
    } catch (e) {
      assert(e instanceof InputError, String(e));
      assertClean(e, [], "constructor");
    }
  }
});
