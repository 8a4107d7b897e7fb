// `deno task sim` as users run it: one JSON line on stdout, then a live server whose control
// API drives the fire drill.

import { assert, assertEquals, assertRejects } from "@std/assert";
import { BybitClient } from "../venues/bybit/mod.ts";
import { RateLimitError } from "../venues/errors.ts";
import { SimControl } from "../sim/control.ts";
import type { SimulatorInfo } from "../sim/mod.ts";

Deno.test("sim/main.ts prints exactly one JSON line, honours its flags, and serves the control API", async () => {
  const fault = JSON.stringify({
    venue: "bybit",
    path: "/v5/order/cancel-all",
    kind: "code",
    code: "10006",
    count: 2,
  });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "--allow-net=127.0.0.1",
      new URL("../sim/main.ts", import.meta.url).href,
      "--accounts",
      "2",
      "--orders",
      "3",
      "--latency",
      "5",
      "--fault",
      fault,
    ],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    const [line, rest] = [text.slice(0, text.indexOf("\n")), text.slice(text.indexOf("\n") + 1)];
    assertEquals(rest, "", "nothing after the one line");
    const info = JSON.parse(line) as SimulatorInfo;
    for (const venue of ["okx", "bybit", "bitget", "p99"] as const) {
      assertEquals(info[venue].accounts.length, 2);
      assert(info[venue].baseUrl.startsWith("http://127.0.0.1:"));
      for (const a of info[venue].accounts) assert(a.apiKey && a.secret);
    }
    assert(
      info.okx.accounts.every((a) => a.passphrase) &&
        info.bitget.accounts.every((a) => a.passphrase),
    );
    assert(info.p99.accounts.every((a) => a.jwt?.split(".").length === 3));
    assert(info.p99.baseUrl.endsWith("/api/v1"));
    const control = new SimControl(new URL(info.control).origin);
    // 3 per market on each of the 5 OKX spreads, for both accounts.
    assertEquals((await control.orders("okx", 1)).length, 15);
    await control.seed({ venue: "p99", account: 1, count: 4, symbol: "DFUSDT" });
    assertEquals((await control.orders("p99", 1)).filter((o) => o.symbol === "DFUSDT").length, 7);
    // The --fault flag is live: the first Bybit cancel-all is answered 10006.
    const bybit = info.bybit.accounts[0]!;
    const client = new BybitClient({
      apiKey: bybit.apiKey,
      secret: bybit.secret,
      baseUrl: info.bybit.baseUrl,
      transport: { maxRetries: 0 },
    });
    const e = await assertRejects(() => client.cancelAll({ category: "spot" }), RateLimitError);
    assertEquals((e as RateLimitError).code, "10006");
    await control.reset();
    assertEquals((await control.orders("okx", 0)).length, 0);
    await reader.cancel();
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await child.stderr.cancel();
  }
});
