import { assertEquals, assertInstanceOf, assertRejects } from "@std/assert";
import {
  AuthError,
  RateLimitError,
  TimestampError,
  TransientError,
  VenueError,
} from "../venues/errors.ts";
import { FakeClock } from "../venues/clock.ts";
import { RateLimiter } from "../venues/rate_limit.ts";
import { Secret } from "../venues/secret.ts";
import { type RawResponse, Transport } from "../venues/transport.ts";
import type { SignedRequest } from "../venues/types.ts";
import { REFUSED_ORIGIN } from "./_script.ts";

const SIGNED: SignedRequest = {
  method: "POST",
  url: "https://venue.test/api/cancel?signature=SIG-SECRET-abc",
  headers: { "X-KEY": "KEY-SECRET-abc" },
  body: "{}",
};

function parseOk(r: RawResponse): string {
  if (r.status === 503) throw new TransientError("busy", { venue: "p99", status: 503 });
  if (r.status === 429) throw new RateLimitError("slow", { venue: "p99", status: 429 });
  if (r.status === 401) throw new AuthError("auth", { venue: "p99", status: 401 });
  if (r.status === 408) throw new TimestampError("ts", { venue: "p99", status: 408 });
  return r.text;
}

function scripted(statuses: number[]): { fetch: typeof fetch; calls: () => number } {
  let i = 0;
  return {
    fetch: () => {
      const status = statuses[Math.min(i++, statuses.length - 1)] ?? 200;
      return Promise.resolve(new Response(status === 200 ? "done" : "", { status }));
    },
    calls: () => i,
  };
}

const fast = { backoffBaseMs: 1, backoffMaxMs: 2 };

Deno.test("Transport retries transient failures and then succeeds", async () => {
  const f = scripted([503, 503, 200]);
  const clock = new FakeClock();
  const t = new Transport("p99", { fetch: f.fetch, clock, ...fast });
  const result = await clock.run(t.call({
    endpoint: "POST /x",
    build: () => Promise.resolve(SIGNED),
    parse: parseOk,
  }));
  assertEquals(result, "done");
  assertEquals(f.calls(), 3);
});

Deno.test("Transport stops after maxRetries and throws the last error", async () => {
  const f = scripted([503]);
  const clock = new FakeClock();
  const t = new Transport("p99", { fetch: f.fetch, maxRetries: 2, clock, ...fast });
  await assertRejects(
    () =>
      clock.run(
        t.call({ endpoint: "POST /x", build: () => Promise.resolve(SIGNED), parse: parseOk }),
      ),
    TransientError,
  );
  assertEquals(f.calls(), 3);
});

Deno.test("Transport never retries an auth failure", async () => {
  const f = scripted([401, 200]);
  const t = new Transport("p99", { fetch: f.fetch, ...fast });
  await assertRejects(
    () => t.call({ endpoint: "POST /x", build: () => Promise.resolve(SIGNED), parse: parseOk }),
    AuthError,
  );
  assertEquals(f.calls(), 1);
});

Deno.test("Transport resyncs the clock once on a timestamp rejection and re-signs", async () => {
  const f = scripted([408, 408, 200]);
  let now = 1_000_000;
  const t = new Transport("p99", { fetch: f.fetch, now: () => now, ...fast });
  t.setServerTime(() => Promise.resolve(now + 60_000));
  const stamps: number[] = [];
  const call = () =>
    t.call({
      endpoint: "POST /x",
      build: (ts) => {
        stamps.push(ts);
        return Promise.resolve(SIGNED);
      },
      parse: parseOk,
    });
  // Second timestamp rejection after the one resync is final.
  await assertRejects(call, TimestampError);
  assertEquals(stamps, [1_000_000, 1_060_000]);
  assertEquals(t.clockOffsetMs, 60_000);
  now += 1;
  assertEquals(await call(), "done");
});

Deno.test("Transport times out a stalled request as a transient error", async () => {
  const stall: typeof fetch = (_i, init) =>
    new Promise((_r, reject) =>
      init?.signal?.addEventListener("abort", () => reject(init.signal?.reason))
    );
  const clock = new FakeClock();
  const t = new Transport("okx", { fetch: stall, timeoutMs: 30, maxRetries: 1, clock, ...fast });
  const e = await assertRejects(
    () =>
      clock.run(
        t.call({ endpoint: "POST /x", build: () => Promise.resolve(SIGNED), parse: parseOk }),
      ),
    TransientError,
  );
  assertEquals((e as Error).message, "okx POST /x: Request failed: timed out after 30 ms");
  // Two attempts of 30 ms each, and one backoff of at most 2 ms between them.
  assertEquals(clock.now() >= 60 && clock.now() <= 62, true, `${clock.now()} ms`);
});

Deno.test("Transport errors never carry the URL, headers or the fetch error", async () => {
  const refuse: typeof fetch = () =>
    Promise.reject(
      new TypeError(`error sending request for url (${SIGNED.url}): connection refused`),
    );
  const t = new Transport("p99", { fetch: refuse, maxRetries: 0 });
  const e = await assertRejects(
    () =>
      t.call({
        endpoint: "DELETE /spot/orders",
        build: () => Promise.resolve(SIGNED),
        parse: parseOk,
      }),
    VenueError,
  );
  const dump = [String(e), JSON.stringify(e), (e as Error).stack, Deno.inspect(e, { depth: 10 })]
    .join("\n");
  assertEquals(dump.includes("SIG-SECRET"), false);
  assertEquals(dump.includes("KEY-SECRET"), false);
  assertEquals((e as Error).message, "p99 DELETE /spot/orders: Request failed: connection refused");
  assertEquals((e as Error).cause, undefined);
});

Deno.test("Transport honours the caller's abort signal during backoff", async () => {
  const f = scripted([503]);
  const clock = new FakeClock();
  const t = new Transport("p99", {
    fetch: f.fetch,
    backoffBaseMs: 10_000,
    backoffMaxMs: 10_000,
    clock,
  });
  const started = clock.monotonic();
  await assertRejects(() =>
    clock.run(t.call({
      endpoint: "POST /x",
      build: () => Promise.resolve(SIGNED),
      parse: parseOk,
      signal: clock.timeout(50),
    }))
  );
  assertEquals(clock.monotonic() - started < 1000, true);
  assertEquals(f.calls(), 1);
});

Deno.test("Transport paces an endpoint to its rate limit", async () => {
  const f = scripted([200]);
  const clock = new FakeClock();
  const limiter = new RateLimiter({ marginMs: 0, clock });
  const t = new Transport("okx", { fetch: f.fetch, limiter, clock });
  const started = clock.monotonic();
  await clock.run(Promise.all(
    Array.from({ length: 6 }, () =>
      t.call({
        endpoint: "POST /x",
        rateLimit: { key: "x", rule: { limit: 3, intervalMs: 100 } },
        build: () => Promise.resolve(SIGNED),
        parse: parseOk,
      })),
  ));
  const elapsed = clock.monotonic() - started;
  assertEquals(elapsed >= 95, true, `6 calls at 3/100ms took ${elapsed} ms`);
  assertEquals(elapsed < 400, true);
  assertEquals(f.calls(), 6);
});

Deno.test("Transport.capacity() reads the limiter's window for a key and rule", async () => {
  const f = scripted([200]);
  const clock = new FakeClock();
  const t = new Transport("okx", { fetch: f.fetch, clock });
  const rule = { limit: 3, intervalMs: 100 };
  const call = () =>
    t.call({
      endpoint: "POST /x",
      rateLimit: { key: "x", rule },
      build: () => Promise.resolve(SIGNED),
      parse: parseOk,
    });
  assertEquals(t.capacity("x", rule), 3);
  await call();
  await call();
  assertEquals(t.capacity("x", rule), 1);
  assertEquals(t.capacity("other", rule), 3);
  // The default limiter adds a 5 ms margin to each window, on the transport's clock.
  await clock.advance(104);
  assertEquals(t.capacity("x", rule), 1);
  await clock.advance(1);
  assertEquals(t.capacity("x", rule), 3);
});

Deno.test("Transport rejects nonsensical options with the field named", () => {
  let message = "";
  try {
    new Transport("okx", { timeoutMs: 0 });
  } catch (e) {
    assertInstanceOf(e, Error);
    message = (e as Error).message;
  }
  assertEquals(message, "Cannot create transport: timeoutMs must be a positive number");
});

Deno.test("Transport does not resync while the server-time call itself is rejected", async () => {
  const f = scripted([408]);
  const t = new Transport("p99", { fetch: f.fetch, ...fast });
  const call = () =>
    t.call({ endpoint: "GET /time", build: () => Promise.resolve(SIGNED), parse: parseOk });
  t.setServerTime(async () => Number(await call()));
  await assertRejects(call, TimestampError);
  // One original attempt, one server-time attempt: no recursion.
  assertEquals(f.calls(), 2);
});

Deno.test("Transport gives up at once when the venue asks for a wait beyond its budget", async () => {
  let calls = 0;
  const t = new Transport("bybit", {
    fetch: () => {
      calls++;
      return Promise.resolve(new Response("", { status: 403 }));
    },
    ...fast,
  });
  await assertRejects(
    () =>
      t.call({
        endpoint: "POST /v5/order/cancel-all",
        build: () => Promise.resolve(SIGNED),
        parse: () => {
          throw new RateLimitError("IP banned", {
            venue: "bybit",
            status: 403,
            retryAfterMs: 600_000,
          });
        },
      }),
    RateLimitError,
  );
  assertEquals(calls, 1);
});

Deno.test("Transport names a refused connection from the fetch error's cause", async () => {
  const t = new Transport("okx", { maxRetries: 0 });
  const e = await assertRejects(() =>
    t.call({
      endpoint: "GET /api/v5/public/time",
      build: () =>
        Promise.resolve({
          method: "GET",
          url: `${REFUSED_ORIGIN}/api/v5/public/time`,
          headers: {},
          body: "",
        }),
      parse: parseOk,
    }), TransientError);
  assertEquals(
    (e as Error).message,
    "okx GET /api/v5/public/time: Request failed: connection refused",
  );
});

Deno.test("Transport redacts a credential the venue escaped, and the JSON still means the same", async () => {
  const SECRET = "SECRET-Qw7r4Tn8Yp";
  const escaped = [...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .join("");
  // An escaped secret, an escaped backslash before `u0041`, an escaped quote and a non-ASCII
  // character: only the first may change, and only to `[redacted]`.
  const body = `{"echo":"${escaped}","path":"C:\\\\u0041","quote":"\\u0022","e":"\\u00e9"}`;
  const t = new Transport("p99", {
    fetch: () => Promise.resolve(new Response(body)),
    maxRetries: 0,
  });
  t.protect(new Secret(SECRET));
  const parsed = await t.call({
    endpoint: "GET /x",
    build: () => Promise.resolve(SIGNED),
    parse: (r) => JSON.parse(r.text) as Record<string, string>,
  });
  assertEquals(parsed, { echo: "[redacted]", path: "C:\\u0041", quote: '"', e: "é" });
});
