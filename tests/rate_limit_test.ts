import { assertEquals, assertRejects } from "@std/assert";
import { FakeClock } from "../venues/clock.ts";
import { RateLimiter } from "../venues/rate_limit.ts";

Deno.test("RateLimiter opens a slot one window after the response limit places earlier", async () => {
  const clock = new FakeClock(0);
  const limiter = new RateLimiter({ marginMs: 0, clock });
  const rule = { limit: 2, intervalMs: 100 };
  const r1 = await limiter.acquire("k", rule);
  const r2 = await limiter.acquire("k", rule);
  let third = false;
  const p3 = limiter.acquire("k", rule).then((r) => {
    third = true;
    return r;
  });
  await clock.advance(5);
  assertEquals(third, false, "the third request waits for the first response");
  await clock.advance(35); // the first response arrives 40 ms after it was sent
  r1();
  r2();
  await clock.advance(5);
  assertEquals(third, false, "and then one whole window after it");
  (await clock.run(p3))();
  assertEquals(third, true);
  assertEquals(clock.now(), 140);
});

Deno.test("RateLimiter releases a waiting slot when the caller aborts", async () => {
  const clock = new FakeClock();
  const limiter = new RateLimiter({ marginMs: 0, clock });
  const rule = { limit: 1, intervalMs: 60_000 };
  const release = await limiter.acquire("k", rule);
  release();
  await assertRejects(() => clock.run(limiter.acquire("k", rule, clock.timeout(20))));
  assertEquals(clock.now(), 20);
  // The aborted slot was released at once: it counts from its release, not from never.
  await clock.advance(60_000);
  assertEquals(limiter.available("k", rule), 1);
});

Deno.test("RateLimiter.available() counts unused places, then expired windows, oldest first", async () => {
  const clock = new FakeClock(1_000);
  const limiter = new RateLimiter({ marginMs: 5, clock });
  const rule = { limit: 3, intervalMs: 1000 };
  assertEquals(limiter.available("k", rule), 3, "an unused key has the whole window");
  const a = await limiter.acquire("k", rule);
  const b = await limiter.acquire("k", rule);
  assertEquals(limiter.available("k", rule), 1, "requests in flight hold their places");
  assertEquals(limiter.available("other", rule), 3, "keys do not share windows");
  await clock.advance(200);
  a();
  await clock.advance(300);
  b();
  assertEquals(limiter.available("k", rule), 1, "a response reopens its place a window later");
  await clock.advance(704); // 1 ms short of a's window plus the margin
  assertEquals(limiter.available("k", rule), 1);
  await clock.advance(1);
  assertEquals(limiter.available("k", rule), 2, "a's place is open again");
  await clock.advance(300);
  assertEquals(limiter.available("k", rule), 3, "and then b's");
});

Deno.test("RateLimiter.available() stops at a request still in flight", async () => {
  const clock = new FakeClock();
  const limiter = new RateLimiter({ marginMs: 0, clock });
  const rule = { limit: 2, intervalMs: 100 };
  await limiter.acquire("k", rule); // never answered
  const second = await limiter.acquire("k", rule);
  second();
  await clock.advance(1_000);
  // The next request would wait for the first one's response: nothing can start now.
  assertEquals(limiter.available("k", rule), 0);
});

Deno.test("RateLimiter.available() is exactly how many acquires start without waiting", async () => {
  const clock = new FakeClock();
  const limiter = new RateLimiter({ clock });
  const rule = { limit: 4, intervalMs: 250 };
  const steps = [0, 3, 1, 4, 2, 4, 0, 3];
  for (const [i, burst] of steps.entries()) {
    const expected = limiter.available("k", rule);
    let started = 0;
    const releases = Array.from(
      { length: burst },
      () =>
        limiter.acquire("k", rule).then((release) => {
          started++;
          return release;
        }),
    );
    await clock.advance(0);
    assertEquals(started, Math.min(burst, expected), `step ${i}: ${burst} asked, ${expected} free`);
    for (const release of await clock.run(Promise.all(releases))) release();
    await clock.advance(100 * (i % 3));
  }
});

Deno.test("RateLimiter takes a fake clock's sleeps: no real time passes", async () => {
  const clock = new FakeClock();
  const limiter = new RateLimiter({ clock });
  const rule = { limit: 1, intervalMs: 60_000 };
  const started = performance.now();
  for (let i = 0; i < 5; i++) (await clock.run(limiter.acquire("k", rule)))();
  assertEquals(clock.now(), 4 * 60_005);
  assertEquals(performance.now() - started < 5_000, true);
});
