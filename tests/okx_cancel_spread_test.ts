// cancel_spread.ts --ord-id / --cl-ord-id: an order the venue says it has never seen is its
// own verdict (exit 3), never "verified".

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { ReportSchema } from "../engine/_report_schema.ts";
import { SimControl } from "../sim/control.ts";
import { startSimulator } from "../sim/mod.ts";
import { runScript, simEnv, simHost } from "./_script.ts";

Deno.test("cancel_spread --ord-id of an order OKX does not know exits 3, NOT_FOUND, not FLAT", async () => {
  const sim = await startSimulator();
  try {
    const control = new SimControl(sim.origin);
    const seeded = await control.seed({ venue: "okx", count: 2 });
    const r = await runScript("cancel_spread", ["--ord-id", "999999999999", "--yes", "--json"], {
      env: simEnv(sim, ["okx"]),
      allowNet: [simHost(sim)],
    });
    assertEquals(r.code, 3, r.stderr);
    const report = ReportSchema.parse(JSON.parse(r.stdout));
    assertEquals(report.outcome, "UNKNOWN");
    const account = report.accounts[0]!;
    assertEquals(account.status, "UNKNOWN");
    assertMatch(account.reason, /NOT_FOUND: OKX has no spread order ordId=999999999999/);
    assert(account.errors.some((e) => e.code === "51603"));
    assertStringIncludes(r.stderr, "NOT FOUND");
    // Nothing else was touched.
    assertEquals((await control.orders("okx", 0)).map((o) => o.id).sort(), [...seeded].sort());
  } finally {
    await sim.close();
  }
});

Deno.test("cancel_spread --cl-ord-id of an unknown client id exits 3 with a NOT FOUND verdict", async () => {
  const sim = await startSimulator();
  try {
    const r = await runScript("cancel_spread", ["--cl-ord-id", "nosuch", "--yes"], {
      env: simEnv(sim, ["okx"]),
      allowNet: [simHost(sim)],
    });
    assertEquals(r.code, 3, r.stderr);
    assertMatch(r.stdout, /UNKNOWN/);
    assertMatch(r.stdout, /NOT_FOUND/);
    assertStringIncludes(r.stderr, "NOT FOUND: OKX does not know spread order --cl-ord-id nosuch");
  } finally {
    await sim.close();
  }
});

Deno.test("cancel_spread --ord-id of a known order still verifies it and exits 0", async () => {
  const sim = await startSimulator();
  try {
    const control = new SimControl(sim.origin);
    const [target] = await control.seed({ venue: "okx", count: 1 });
    const r = await runScript("cancel_spread", ["--ord-id", target ?? "", "--yes", "--json"], {
      env: simEnv(sim, ["okx"]),
      allowNet: [simHost(sim)],
    });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(JSON.parse(r.stdout).outcome, "FLAT");
  } finally {
    await sim.close();
  }
});
