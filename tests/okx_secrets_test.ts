// No credential or signature may reach an error, its cause, a log line or the client's own
// printed form.
import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import type { FaultSpec } from "../sim/core.ts";
import { okxSim } from "../sim/okx.ts";
import { startServer } from "../sim/server.ts";
import { InputError, VenueError } from "../venues/errors.ts";
import { Secret } from "../venues/secret.ts";
import { createOkxAccount, OkxSpreadClient } from "../venues/okx/mod.ts";
import { REFUSED_ORIGIN } from "./_script.ts";

const KEY = "KEY-Zx9c3f1e2d-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
const SECRET = "SECRET-Qw7A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5";
const PASS = "PASS-Lm3!strong-passphrase";
const NEEDLES = [KEY, SECRET, PASS, "Zx9c3f1e2d", "Qw7A1B2C3D", "Lm3!strong"];

function printed(value: unknown): string[] {
  const out = [String(value), Deno.inspect(value, { depth: 10 })];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch {
    // not serialisable: the other forms are enough
  }
  if (value instanceof Error) {
    out.push(value.stack ?? "", value.message);
    if (value.cause !== undefined) out.push(...printed(value.cause));
  }
  return out;
}

function assertClean(value: unknown, signatures: readonly string[], what: string): void {
  for (const text of printed(value)) {
    for (const needle of [...NEEDLES, ...signatures]) {
      assert(
        !text.includes(needle),
        `${what} leaks ${needle.slice(0, 12)}…: ${text.slice(0, 200)}`,
      );
    }
  }
}

/** A client with distinctive credentials whose fetch records every signature it sends. */
function spyClient(baseUrl: string, transport: Record<string, number> = {}) {
  const signatures: string[] = [];
  const spy: typeof fetch = (input, init) => {
    const sign = new Headers(init?.headers).get("OK-ACCESS-SIGN");
    if (sign) signatures.push(sign);
    return fetch(input, init);
  };
  const client = new OkxSpreadClient({
    apiKey: KEY,
    secret: new Secret(SECRET),
    passphrase: PASS,
    baseUrl,
    transport: { fetch: spy, maxRetries: 1, backoffBaseMs: 1, backoffMaxMs: 2, ...transport },
  });
  return { client, signatures };
}

Deno.test("secrets: every error the client raises is free of credentials and signatures", async () => {
  const server = startServer([okxSim]);
  try {
    const fault = (f: Omit<FaultSpec, "venue">) => {
      server.state.clearFaults();
      server.state.addFault({ venue: "okx", ...f });
    };
    const { client, signatures } = spyClient(server.origin);
    const errors: Array<[string, unknown]> = [];
    const capture = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
        errors.push([what, new Error(`${what}: no error`)]);
      } catch (e) {
        errors.push([what, e]);
      }
    };
    await capture("auth (unknown key)", () => client.massCancel());
    fault({ kind: "code", code: "50011" });
    await capture(
      "rate limit",
      () => client.listPendingOrders({ sprdId: "BTC-USDT_BTC-USDT-SWAP" }),
    );
    fault({ kind: "code", code: "50102" });
    await capture("timestamp", () => client.cancelOrder({ ordId: "1" }));
    fault({ kind: "code", code: "51400" });
    await capture("gone", () => client.cancelOrder({ clOrdId: "x1" }));
    fault({ kind: "html" });
    await capture("html", () => client.cancelAllAfter(30));
    fault({ kind: "truncated" });
    await capture("truncated", () => client.getOrder({ ordId: "5" }));
    fault({ kind: "drop" });
    await capture("dropped", () => client.massCancel());
    fault({ kind: "stall", ms: 200 });
    const slow = spyClient(server.origin, { timeoutMs: 30, maxRetries: 0 });
    await capture("timeout", () => slow.client.massCancel());
    server.state.clearFaults();
    await capture("bad input", () => client.cancelAllAfter(7));
    await capture("bad ref", () => client.cancelOrder({ ordId: "" }));
    for (const [what, e] of errors) {
      assert(e instanceof VenueError || e instanceof InputError, `${what}: ${String(e)}`);
      assertClean(e, [...signatures, ...slow.signatures], what);
    }
    assert(signatures.length >= 8);
    assertEquals(errors.length, 10);
  } finally {
    await server.close();
  }
});

Deno.test("secrets: a refused connection leaks nothing", async () => {
  const { client, signatures } = spyClient(REFUSED_ORIGIN, { maxRetries: 0 });
  // The shared transport words it "network error" (Deno 2.9 keeps the reason in `cause`).
  const e = await assertRejects(() => client.massCancel(), VenueError, "Request failed");
  assertEquals(e.kind, "transient");
  assertClean(e, signatures, "refused");
});

Deno.test("secrets: the client, its adapter and option errors print no credential", () => {
  const client = new OkxSpreadClient({ apiKey: KEY, secret: SECRET, passphrase: PASS });
  assertClean(client, [], "client");
  assertEquals(JSON.parse(JSON.stringify(client)), {
    venue: "okx",
    baseUrl: "https://www.okx.com",
    region: "global",
    demo: false,
  });
  assertClean(createOkxAccount(client, "desk"), [], "adapter");
  const bad: Array<Record<string, unknown>> = [
    { apiKey: KEY, secret: SECRET, passphrase: 12345 },
    { apiKey: KEY, secret: SECRET },
    {
      apiKey: KEY,
      secret: SECRET,
      passphrase: PASS,
      baseUrl: `https://${KEY}:${PASS}@www.okx.com`,
    },
    { apiKey: KEY, secret: SECRET, passphrase: PASS, baseUrl: `http://example.com/${SECRET}` },
    { apiKey: KEY, secret: SECRET, passphrase: PASS, region: SECRET },
  ];
  for (const options of bad) {
    // @ts-expect-error: deliberately wrong options
    const e = assertThrows(() => new OkxSpreadClient(options), InputError);
    assertClean(e, [], "options");
  }
});

/** A fetch answering every request with `answer(signature)`, recording each signature sent. */
function echoing(answer: (signature: string) => { status: number; body: string }) {
  const signatures: string[] = [];
  const fetch: typeof globalThis.fetch = (_input, init) => {
    // Public calls (the server time of a resync) carry no signature.
    const signature = new Headers(init?.headers).get("OK-ACCESS-SIGN") ?? "";
    if (signature) signatures.push(signature);
    const { status, body } = answer(signature);
    return Promise.resolve(new Response(body, { status }));
  };
  return { fetch, signatures };
}

/** `text` with every character JSON-escaped as `\uXXXX`: invisible to a plain text search. */
function unicodeEscaped(text: string): string {
  return [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
}

Deno.test("secrets: a venue message echoing the key, secret, passphrase or signature never shows it", async () => {
  const echoes = [
    (sig: string) => `Invalid Sign ${sig} for key ${KEY} secret ${SECRET} passphrase ${PASS}`,
    () => `${unicodeEscaped(KEY)} / ${unicodeEscaped(SECRET)} / ${unicodeEscaped(PASS)}`,
  ];
  for (const echo of echoes) {
    const answers = [
      // An envelope error (auth), an item error (cancel-order), and a timestamp rejection.
      (sig: string) => ({
        status: 401,
        body: `{"code":"50113","msg":"${echo(sig)}","data":[]}`,
      }),
      (sig: string) => ({
        status: 200,
        body: `{"code":"1","msg":"","data":[{"ordId":"1","clOrdId":"","sCode":"51000",` +
          `"sMsg":"${echo(sig)}"}]}`,
      }),
      (sig: string) => ({ status: 401, body: `{"code":"50102","msg":"${echo(sig)}","data":[]}` }),
    ];
    for (const answer of answers) {
      const f = echoing(answer);
      const client = new OkxSpreadClient({
        apiKey: KEY,
        secret: new Secret(SECRET),
        passphrase: PASS,
        baseUrl: "https://okx.test",
        transport: { fetch: f.fetch, maxRetries: 0 },
      });
      const e = await assertRejects(() => client.cancelOrder({ ordId: "1" }), VenueError);
      assert(e.message.includes("[redacted]"), `the echo reached the message: ${e.message}`);
      assertClean(e, f.signatures, `echo ${answer.toString().slice(0, 40)}`);
    }
  }
});

Deno.test("secrets: a listing whose fields echo a credential returns them redacted", async () => {
  const order = {
    sprdId: "BTC-USDT_BTC-USDT-SWAP",
    ordId: "1",
    clOrdId: "",
    // The secret is never sent: only the client's own list of credentials can catch it.
    tag: SECRET,
    px: "1",
    sz: "1",
    ordType: "limit",
    side: "buy",
    fillSz: "0",
    fillPx: "",
    tradeId: "",
    accFillSz: "0",
    pendingFillSz: "1",
    pendingSettleSz: "0",
    canceledSz: "0",
    state: "live",
    avgPx: "",
    cancelSource: "",
    uTime: "1",
    cTime: "1",
  };
  const body = JSON.stringify({ code: "0", msg: "", data: [order] })
    .replace(SECRET, unicodeEscaped(SECRET));
  const f = echoing(() => ({ status: 200, body }));
  const client = new OkxSpreadClient({
    apiKey: KEY,
    secret: SECRET,
    passphrase: PASS,
    baseUrl: "https://okx.test",
    transport: { fetch: f.fetch, maxRetries: 0 },
  });
  const [listed] = await client.listPendingOrders();
  assertEquals(listed?.tag, "[redacted]");
  assertClean(listed, f.signatures, "listed order");
});
