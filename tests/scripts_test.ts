// The operator scripts, run as users run them: subprocesses with exactly the README's
// permissions (the simulator's loopback host instead of production), no terminal.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { ReportSchema } from "../engine/_report_schema.ts";
import { SimControl } from "../sim/control.ts";
import { startSimulator } from "../sim/mod.ts";
import { VENUES } from "../venues/types.ts";
import { runScript, simEnv, simHost } from "./_script.ts";

async function openCount(control: SimControl): Promise<number> {
  let n = 0;
  for (const v of VENUES) n += (await control.orders(v, 0)).length;
  return n;
}

async function cancelCalls(control: SimControl): Promise<number> {
  const counts = await control.counts();
  return Object.entries(counts)
    .filter(([k]) => !k.includes(" GET "))
    .reduce((n, [, c]) => n + c, 0);
}

Deno.test("cancel_all_everywhere flattens all four venues and exits 0", async () => {
  const sim = await startSimulator({ ordersPerMarket: 5 });
  try {
    const control = new SimControl(sim.origin);
    assert(await openCount(control) > 0);
    const r = await runScript("cancel_all_everywhere", ["--yes"], {
      env: simEnv(sim),
      allowNet: [simHost(sim)],
    });
    assertEquals(r.code, 0, r.stderr);
    assertMatch(r.stdout, /FLAT: 4\/4 accounts flat/);
    assertEquals(await openCount(control), 0);
    // Progress went to stderr, the report to stdout.
    assertStringIncludes(r.stderr, "[okx/default]");
  } finally {
    await sim.close();
  }
});

Deno.test("cancel_all_everywhere --json writes one report that matches the schema", async () => {
  const sim = await startSimulator({ ordersPerMarket: 3 });
  try {
    const r = await runScript("cancel_all_everywhere", ["--yes", "--json"], {
      env: simEnv(sim, ["bybit", "p99"], "hmac"),
      allowNet: [simHost(sim)],
    });
    assertEquals(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assertEquals(lines.length, 1);
    const report = ReportSchema.parse(JSON.parse(lines[0] ?? ""));
    assertEquals(report.outcome, "FLAT");
    assertEquals(report.accounts.map((a) => a.venue), ["bybit", "p99"]);
    assertStringIncludes(report.permissions ?? "", `--allow-net=${simHost(sim)}`);
  } finally {
    await sim.close();
  }
});

Deno.test("cancel_all_everywhere --dry-run prints the plan and sends no cancel", async () => {
  const sim = await startSimulator({ ordersPerMarket: 2 });
  try {
    const control = new SimControl(sim.origin);
    const before = await openCount(control);
    const r = await runScript("cancel_all_everywhere", ["--dry-run"], {
      env: simEnv(sim),
      allowNet: [simHost(sim)],
    });
    assertEquals(r.code, 0, r.stderr);
    assertStringIncludes(r.stdout, "DRY RUN: nothing was sent.");
    assertStringIncludes(r.stdout, `POST ${simHost(sim)}/api/v5/sprd/mass-cancel`);
    assertStringIncludes(r.stdout, "Permissions: deno run --no-prompt");
    assertEquals(await cancelCalls(control), 0);
    assertEquals(await openCount(control), before);
  } finally {
    await sim.close();
  }
});

Deno.test("cancel_all_everywhere reports a venue that stays down and still flattens the rest", async () => {
  const sim = await startSimulator({ ordersPerMarket: 2 });
  try {
    const control = new SimControl(sim.origin);
    await control.fault({ venue: "bitget", kind: "http", status: 503 });
    const r = await runScript("cancel_all_everywhere", ["--yes", "--json", "--deadline", "3"], {
      env: simEnv(sim),
      allowNet: [simHost(sim)],
    });
    assertEquals(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    const status = Object.fromEntries(
      report.accounts.map((a: { venue: string; status: string }) => [a.venue, a.status]),
    );
    assertEquals(status, { okx: "FLAT", bybit: "FLAT", bitget: "UNKNOWN", p99: "FLAT" });
    for (const v of ["okx", "bybit", "p99"] as const) {
      assertEquals((await control.orders(v, 0)).length, 0);
    }
  } finally {
    await sim.close();
  }
});

Deno.test("cancel_all_everywhere without --allow-net for one host reports it NOT FLAT with the flag", async () => {
  const sim = await startSimulator({ ordersPerMarket: 2 });
  try {
    const control = new SimControl(sim.origin);
    // p99 goes through a second name for the same loopback server, which is not permitted.
    const env = {
      ...simEnv(sim),
      P99_BASE_URL: sim.info.p99.baseUrl.replace("127.0.0.1", "localhost"),
    };
    const host = simHost(sim);
    const blocked = host.replace("127.0.0.1", "localhost");
    const r = await runScript("cancel_all_everywhere", ["--yes", "--json"], {
      env,
      allowNet: [host],
    });
    assertEquals(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    const p99 = report.accounts.find((a: { venue: string }) => a.venue === "p99");
    assertEquals(p99.status, "NOT_FLAT");
    assertStringIncludes(p99.reason, `add --allow-net=${blocked}`);
    assertEquals(report.totals.flat, 3);
    assert((await control.orders("p99", 0)).length > 0, "p99 was not contacted");
    assertEquals((await control.orders("okx", 0)).length, 0);
  } finally {
    await sim.close();
  }
});

Deno.test("cancel_all_everywhere without credentials exits 2 naming the variables", async () => {
  const r = await runScript("cancel_all_everywhere", ["--yes"], { env: {} });
  assertEquals(r.code, 2);
  assertMatch(r.stderr, /^error: no venue credentials found: .*OKX_API_KEY/);
  assertEquals(r.stderr.trim().split("\n").length, 1);
  assertEquals(r.stdout, "");
});

Deno.test("cancel_all_everywhere without a terminal and without --yes exits 2 having sent nothing", async () => {
  const sim = await startSimulator({ ordersPerMarket: 1 });
  try {
    const control = new SimControl(sim.origin);
    const r = await runScript("cancel_all_everywhere", [], {
      env: simEnv(sim),
      allowNet: [simHost(sim)],
    });
    assertEquals(r.code, 2);
    assertStringIncludes(r.stderr, "refusing to cancel without --yes");
    assertEquals(Object.keys(await control.counts()).length, 0);
  } finally {
    await sim.close();
  }
});

Deno.test("--print-permissions prints the exact line for the configuration, hosts one by one", async () => {
  const sim = await startSimulator();
  try {
    const env = simEnv(sim, ["okx", "bybit"]);
    const r = await runScript("cancel_all_everywhere", ["--print-permissions"], { env });
    assertEquals(r.code, 0, r.stderr);
    const expected = `deno run --no-prompt --allow-net=${simHost(sim)} ` +
      "--allow-env=BYBIT_API_KEY,BYBIT_API_SECRET,BYBIT_BASE_URL,OKX_API_KEY,OKX_API_PASSPHRASE,OKX_API_SECRET,OKX_BASE_URL ";
    assert(r.stdout.startsWith(expected), r.stdout);
    assert(r.stdout.trim().endsWith("scripts/cancel_all_everywhere.ts"), r.stdout);
    const prod = await runScript("cancel_all_everywhere", [
      "--print-permissions",
      "--bybit-env",
      "testnet",
    ], {
      env: { BYBIT_API_KEY: "k", BYBIT_API_SECRET: "s" },
    });
    assertMatch(
      prod.stdout,
      /--allow-net=api-testnet\.bybit\.com --allow-env=BYBIT_API_KEY,BYBIT_API_SECRET /,
    );
  } finally {
    await sim.close();
  }
});

Deno.test("cancel_spread cancels one order by id and verifies it through the order query", async () => {
  const sim = await startSimulator();
  try {
    const control = new SimControl(sim.origin);
    const [target, other] = await control.seed({ venue: "okx", count: 2 });
    const r = await runScript("cancel_spread", ["--ord-id", target ?? "", "--yes", "--json"], {
      env: simEnv(sim, ["okx"]),
      allowNet: [simHost(sim)],
    });
    assertEquals(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assertEquals(report.outcome, "FLAT");
    assert(report.accounts[0].requests.byEndpoint["GET /api/v5/sprd/order"] >= 1);
    const open = (await control.orders("okx", 0)).map((o) => o.id);
    assertEquals(open, [other]);
  } finally {
    await sim.close();
  }
});

Deno.test("cancel_spread --sprd-id cancels that spread only; --arm and --disarm set the switch", async () => {
  const sim = await startSimulator();
  try {
    const control = new SimControl(sim.origin);
    await control.seed({ venue: "okx", count: 3, symbol: "BTC-USDT_BTC-USDT-SWAP" });
    await control.seed({ venue: "okx", count: 2, symbol: "ETH-USDT_ETH-USDT-SWAP" });
    const env = simEnv(sim, ["okx"]);
    const allowNet = [simHost(sim)];
    const r = await runScript("cancel_spread", ["--sprd-id", "BTC-USDT_BTC-USDT-SWAP", "--yes"], {
      env,
      allowNet,
    });
    assertEquals(r.code, 0, r.stderr);
    const left = await control.orders("okx", 0);
    assertEquals(left.map((o) => o.symbol), ["ETH-USDT_ETH-USDT-SWAP", "ETH-USDT_ETH-USDT-SWAP"]);
    const arm = await runScript("cancel_spread", ["--arm", "30", "--yes", "--json"], {
      env,
      allowNet,
    });
    assertEquals(arm.code, 0, arm.stderr);
    const doc = JSON.parse(arm.stdout);
    assertEquals(doc.armed, true);
    const delta = Date.parse(doc.triggerTime) - Date.now();
    assert(delta > 20_000 && delta <= 31_000, `trigger in ${delta} ms`);
    const disarm = await runScript("cancel_spread", ["--disarm", "--yes"], { env, allowNet });
    assertEquals(disarm.code, 0, disarm.stderr);
    assertStringIncludes(disarm.stdout, "DISARMED");
  } finally {
    await sim.close();
  }
});

Deno.test("cancel_spread refuses --ord-id with --cl-ord-id, exit 2, nothing sent", async () => {
  const r = await runScript("cancel_spread", ["--ord-id", "1", "--cl-ord-id", "a", "--yes"], {
    env: { OKX_API_KEY: "k", OKX_API_SECRET: "s", OKX_API_PASSPHRASE: "p" },
  });
  assertEquals(r.code, 2);
  assertEquals(r.stderr.trim(), "error: --ord-id and --cl-ord-id cannot be combined");
});

Deno.test("cancel_all_everywhere --accounts-file runs several accounts per venue, each verified", async () => {
  const sim = await startSimulator({ accounts: 2, ordersPerMarket: 3 });
  const dir = await Deno.makeTempDir({ prefix: "killswitch-accounts-" });
  try {
    const control = new SimControl(sim.origin);
    const i = sim.info;
    const env: Record<string, string> = {};
    const accounts = [];
    for (const venue of ["okx", "bybit", "bitget", "p99"] as const) {
      for (const [n, a] of i[venue].accounts.entries()) {
        const tag = `${venue.toUpperCase()}_DESK${n}`;
        const entry: Record<string, string> = {
          venue,
          label: `desk-${n}`,
          baseUrl: i[venue].baseUrl,
        };
        if (venue === "p99") {
          env[`${tag}_JWT`] = a.jwt ?? "";
          entry.jwtEnv = `${tag}_JWT`;
        } else {
          env[`${tag}_KEY`] = a.apiKey;
          env[`${tag}_SECRET`] = a.secret;
          entry.apiKeyEnv = `${tag}_KEY`;
          entry.secretEnv = `${tag}_SECRET`;
          if (a.passphrase) {
            env[`${tag}_PASS`] = a.passphrase;
            entry.passphraseEnv = `${tag}_PASS`;
          }
        }
        accounts.push(entry);
      }
    }
    const file = `${dir}/accounts.json`;
    await Deno.writeTextFile(file, JSON.stringify({ version: 1, accounts }));
    // Least privilege: only desk-1's variables are allowed; desk-0's are never read.
    const r = await runScript(
      "cancel_all_everywhere",
      ["--accounts-file", file, "--account", "desk-1", "--yes", "--json"],
      {
        env,
        allowEnv: Object.keys(env).filter((k) => k.includes("DESK1")),
        allowNet: [simHost(sim)],
        denoFlags: [`--allow-read=${file}`],
      },
    );
    assertEquals(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assertEquals(
      report.accounts.map((a: { venue: string; account: string }) => `${a.venue}/${a.account}`),
      ["okx/desk-1", "bybit/desk-1", "bitget/desk-1", "p99/desk-1"],
    );
    for (const venue of VENUES) {
      assertEquals((await control.orders(venue, 1)).length, 0, `${venue} desk-1 flattened`);
      assert((await control.orders(venue, 0)).length > 0, `${venue} desk-0 untouched`);
    }
    // The printed permissions name the file and exactly the variables it names.
    assertStringIncludes(report.permissions, `--allow-read=${file}`);
    assertStringIncludes(report.permissions, "OKX_DESK1_KEY");
    assertEquals(report.permissions.includes("DESK0"), false);
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a scope that selects nothing on any configured account exits 2 instead of a vacuous FLAT", async () => {
  const sim = await startSimulator({ ordersPerMarket: 1 });
  try {
    const control = new SimControl(sim.origin);
    // OKX spread orders are all regular: conditional-only selects nothing there.
    const r = await runScript("cancel_all_everywhere", [
      "--venues",
      "okx",
      "--kinds",
      "conditional",
      "--yes",
    ], {
      env: simEnv(sim, ["okx"]),
      allowNet: [simHost(sim)],
    });
    assertEquals(r.code, 2, r.stdout);
    assertEquals(
      r.stderr.trim(),
      "error: the scope selects nothing on any configured account (conditional orders on okx): nothing to cancel",
    );
    assertEquals(Object.keys(await control.counts()).length, 0);
  } finally {
    await sim.close();
  }
});
