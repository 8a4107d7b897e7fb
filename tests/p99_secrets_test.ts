import { assert, assertEquals, assertRejects } from "@std/assert";
import { AuthError, InputError, VenueError } from "../venues/errors.ts";
import type { TransportOptions } from "../venues/transport.ts";
import { createP99Account, P99Client } from "../venues/p99/mod.ts";
import { listAll } from "../engine/run.ts";
import { startServer } from "../sim/server.ts";
import { p99Sim } from "../sim/p99.ts";

const KEY = "KEY-Zx9q7Lw2Vb";
const SECRET = "SECRET-Qw7r4Tn8Yp";
const JWT = "eyJKWT-Lm3h.eyJKWTBODY-Pk5s.SIGJWT-Hd6f";

type Server = ReturnType<typeof startServer>;

/** Every string a credential could leak through. */
function renderings(e: unknown): string[] {
  const out = [String(e), JSON.stringify(e), Deno.inspect(e, { depth: 10 })];
  if (e instanceof Error) {
    out.push(e.stack ?? "", e.message);
    if (e.cause !== undefined) {
      out.push(String(e.cause), JSON.stringify(e.cause) ?? "", Deno.inspect(e.cause));
      if (e.cause instanceof Error) out.push(e.cause.stack ?? "");
    }
  }
  return out;
}

function assertClean(texts: string[], secrets: string[]): void {
  for (const text of texts) {
    for (const s of secrets) {
      assert(!text.includes(s), `leaked ${s.slice(0, 8)}... in: ${text.slice(0, 300)}`);
    }
  }
}

/** A fetch that remembers every signature it sent, so the test can look for them. */
function recording(signatures: string[]): typeof fetch {
  return (input, init) => {
    const sig = new URL(String(input)).searchParams.get("signature");
    if (sig) signatures.push(sig);
    return fetch(input, init);
  };
}

async function collect(
  server: Server,
  make: (transport: TransportOptions, baseUrl: string) => P99Client,
): Promise<{ errors: unknown[]; signatures: string[]; clients: P99Client[] }> {
  const signatures: string[] = [];
  const errors: unknown[] = [];
  const clients: P99Client[] = [];
  const base = `${server.origin}/api/v1`;
  const attempt = async (p: () => Promise<unknown>) => {
    try {
      await p();
      errors.push(new Error("expected a failure"));
    } catch (e) {
      errors.push(e);
    }
  };
  const client = (t: TransportOptions = {}, url = base) => {
    const c = make({ fetch: recording(signatures), maxRetries: 0, ...t }, url);
    clients.push(c);
    return c;
  };
  // auth (the simulator does not know these credentials)
  await attempt(() => client().cancelAll());
  // auth after a clock resync (timestamp path)
  server.state.skewMs.set("p99", 30_000);
  await attempt(() => client().cancelAll({ symbol: "DFUSDT" }));
  server.state.skewMs.set("p99", 0);
  // bad input
  await attempt(() => client().cancelOrder("not-a-uuid"));
  // engine busy (the venue's rate limit) and permanent refusal
  server.state.addFault({ venue: "p99", kind: "code", code: "ENGINE_BUSY", count: 1 });
  await attempt(() => client().listActiveOrders());
  server.state.addFault({ venue: "p99", kind: "code", code: "spot trading disabled", count: 1 });
  await attempt(() => client().cancelAll());
  // format
  server.state.addFault({ venue: "p99", kind: "html", count: 1 });
  await attempt(() => client().cancelAll());
  server.state.addFault({ venue: "p99", kind: "truncated", count: 1 });
  await attempt(() => client().getOrder(crypto.randomUUID()));
  // timeout
  server.state.addFault({ venue: "p99", kind: "stall", ms: 200, count: 1 });
  await attempt(() => client({ timeoutMs: 30 }).cancelAll());
  // network refused
  await attempt(() => client({}, "http://127.0.0.1:1/api/v1").cancelAll());
  // adapter path
  const adapter = createP99Account(client(), "desk");
  await attempt(() =>
    listAll(adapter, [adapter.compile({ kinds: ["regular"] })], AbortSignal.timeout(2000))
  );
  await new Promise((r) => setTimeout(r, 250));
  return { errors, signatures, clients };
}

Deno.test("no HMAC credential or signature reaches any error or the client's printouts", async () => {
  const server = startServer([p99Sim], { port: 0 });
  try {
    const { errors, signatures, clients } = await collect(
      server,
      (transport, baseUrl) => new P99Client({ apiKey: KEY, secret: SECRET, baseUrl, transport }),
    );
    assert(signatures.length >= 5, "signatures were sent");
    assert(errors.some((e) => e instanceof AuthError));
    assert(errors.some((e) => e instanceof InputError));
    assert(errors.every((e) => e instanceof VenueError || e instanceof InputError), "typed");
    assertEquals(errors.length, 10);
    assertClean(errors.flatMap(renderings), [KEY, SECRET, ...signatures]);
    const c = clients[0]!;
    assertClean([Deno.inspect(c, { depth: 10 }), JSON.stringify(c), String(c)], [KEY, SECRET]);
    assertClean(
      [Deno.inspect(createP99Account(c), { depth: 10 }), JSON.stringify(createP99Account(c))],
      [KEY, SECRET],
    );
  } finally {
    await server.close();
  }
});

Deno.test("no JWT reaches any error or the client's printouts", async () => {
  const server = startServer([p99Sim], { port: 0 });
  try {
    const { errors, clients } = await collect(
      server,
      (transport, baseUrl) => new P99Client({ jwt: JWT, baseUrl, transport }),
    );
    assert(errors.some((e) => e instanceof AuthError));
    const parts = JWT.split(".");
    assertClean(errors.flatMap(renderings), [JWT, ...parts]);
    const c = clients[0]!;
    assertClean([Deno.inspect(c, { depth: 10 }), JSON.stringify(c)], [JWT, ...parts]);
  } finally {
    await server.close();
  }
});

Deno.test("option errors never echo the credential they refuse", () => {
  for (
    const options of [
      { jwt: `Bearer ${JWT}` },
      { jwt: SECRET },
      { apiKey: KEY },
      { apiKey: KEY, secret: SECRET, baseUrl: `http://${KEY}:${SECRET}@example.com` },
    ]
  ) {
    try {
      new P99Client(options);
      throw new Error("expected InputError");
    } catch (e) {
      assert(e instanceof InputError);
      assertClean(renderings(e), [KEY, SECRET, JWT]);
    }
  }
});

/** `text` with every character JSON-escaped as `\uXXXX`: invisible to a plain text search. */
function unicodeEscaped(text: string): string {
  return [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
}

/** A client whose every request is answered `status` with the error code `echo(signature)`. */
function echoClient(
  credentials: { jwt: string } | { apiKey: string; secret: string },
  status: number,
  echo: (signature: string) => string,
) {
  const signatures: string[] = [];
  const fetch: typeof globalThis.fetch = (input) => {
    const signature = new URL(String(input)).searchParams.get("signature") ?? "";
    if (signature) signatures.push(signature);
    return Promise.resolve(
      new Response(`{"error":"${echo(signature)}"}`, {
        status,
        headers: { "x-request-id": echo(signature) },
      }),
    );
  };
  const client = new P99Client({
    ...credentials,
    baseUrl: "https://p99.test/api/v1",
    transport: { fetch, maxRetries: 0 },
  });
  return { client, signatures };
}

Deno.test("a p99 error whose venue text echoes the key, secret or signature never shows it", async () => {
  const echoes = [
    (sig: string) => `key ${KEY} secret ${SECRET}${sig ? ` sig ${sig}` : ""}`,
    () => `${unicodeEscaped(KEY)} ${unicodeEscaped(SECRET)}`,
    // Past the 80 characters of a code the client shows: a cut must not leave a prefix.
    () => `${"x".repeat(70)}${unicodeEscaped(SECRET)}`,
  ];
  for (const echo of echoes) {
    for (const status of [400, 403, 503]) {
      const { client, signatures } = echoClient({ apiKey: KEY, secret: SECRET }, status, echo);
      const error = await assertRejects(() => client.cancelAll({ symbol: "DFUSDT" }), VenueError);
      assert(error.message.includes("[redacted]"), `the echo reached it: ${error.message}`);
      assertClean(renderings(error), [KEY, SECRET, SECRET.slice(0, 10), ...signatures]);
    }
  }
});

Deno.test("a p99 error whose venue text echoes the JWT never shows it", async () => {
  const echoes = [
    () => `Bearer ${JWT} is not valid`,
    () => `jwt ${unicodeEscaped(JWT)}`,
  ];
  for (const echo of echoes) {
    for (const status of [400, 403, 503]) {
      const { client } = echoClient({ jwt: JWT }, status, echo);
      const error = await assertRejects(() => client.listOrders({ symbol: "DFUSDT" }), VenueError);
      assert(error.message.includes("[redacted]"), `the echo reached it: ${error.message}`);
      assertClean(renderings(error), [JWT, JWT.slice(0, 12)]);
    }
  }
});
