// The connection warm-up: when a run may send it, and how long a request may wait for it.

import { assert, assertEquals } from "@std/assert";
import { createWarmup, warmPlan } from "../scripts/_cli/warm.ts";

const run = { yes: true, sendsNothing: false, accountsFile: false, accountLabels: false };

Deno.test("warmPlan: nothing is sent without --yes or in a mode that sends nothing", () => {
  assertEquals(warmPlan({ ...run, yes: false }, () => true), "none");
  assertEquals(warmPlan({ ...run, sendsNothing: true }, () => true), "none");
});

Deno.test("warmPlan: early only when nothing left to check can end the run with a usage error", () => {
  assertEquals(warmPlan(run, () => true), "early");
  assertEquals(warmPlan({ ...run, venues: ["okx", "bybit"] }, () => true), "early");
  // A named venue without complete credentials, labels to check, an accounts file: later.
  assertEquals(warmPlan({ ...run, venues: ["okx", "bybit"] }, (v) => v === "okx"), "late");
  assertEquals(warmPlan({ ...run, accountLabels: true }, () => true), "late");
  assertEquals(warmPlan({ ...run, accountsFile: true }, () => true), "late");
});

Deno.test("a stalled warm-up delays its host's requests by the cap in all, not per request", async () => {
  // A listener that accepts and never answers stands for a stalled venue.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  (async () => {
    for await (const c of listener) held.push(c);
  })().catch(() => {});
  const port = (listener.addr as Deno.NetAddr).port;
  // HTTPS to a plain listener: the handshake never completes, as with a stalled venue.
  const warm = createWarmup(200);
  warm.start("bybit", `https://127.0.0.1:${port}`);
  const t0 = performance.now();
  const tries = Array.from(
    { length: 5 },
    () =>
      warm.fetch(`https://127.0.0.1:${port}/x`, { signal: AbortSignal.timeout(400) }).catch(
        () => {},
      ),
  );
  await Promise.all(tries);
  const took = performance.now() - t0;
  // Each request waited for the one 200 ms gate, then failed at its own 400 ms timeout.
  assert(took < 700, `took ${Math.round(took)} ms`);
  // A request whose signal has already fired does not wait at all.
  const t1 = performance.now();
  await warm.fetch(`https://127.0.0.1:${port}/y`, { signal: AbortSignal.abort() }).catch(() => {});
  assert(performance.now() - t1 < 100);
  listener.close();
  for (const c of held) c.close();
});
