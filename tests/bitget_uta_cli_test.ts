// The Bitget account mode on the command line and in the accounts file: bad values exit 2 and
// send nothing; each mode drives its own API (the simulator counts who was called).

import { assert, assertEquals, assertMatch } from "@std/assert";
import { SimControl, type Simulator, startSimulator } from "../sim/mod.ts";
import { assertNoLeak, forbiddenStrings } from "./_reliability.ts";
import { ALL_OUTPUT, runScript, simEnv, simHost } from "./_script.ts";

const total = (sim: Simulator) => [...sim.state.counts.values()].reduce((a, b) => a + b, 0);
const count = (sim: Simulator, key: string) => sim.state.counts.get(`bitget ${key}`) ?? 0;
const SECRETS: string[] = [];

async function withSim(fn: (sim: Simulator) => Promise<void>, uta: number[] = [0]) {
  const sim = await startSimulator({ accounts: 2, bitgetUta: uta });
  try {
    await fn(sim);
  } finally {
    SECRETS.push(...await forbiddenStrings(sim));
    await sim.close();
  }
}

function bitgetRun(sim: Simulator, args: string[], denoFlags: string[] = [], extra = {}) {
  const env = { ...simEnv(sim, ["bitget"]), ...extra };
  return runScript("cancel_all_everywhere", args, {
    env,
    allowNet: [simHost(sim)],
    denoFlags,
  });
}

Deno.test("bad --bitget-mode and --bitget-category values exit 2 and send nothing", async () => {
  await withSim(async (sim) => {
    for (
      const [args, error] of [
        [["--bitget-mode", "unified"], /--bitget-mode "unified" is not one of classic, uta, auto/],
        [["--bitget-mode", "UTA"], /--bitget-mode "UTA" is not one of/],
        [["--bitget-category", "spot"], /--bitget-category "spot" is not one of SPOT, MARGIN/],
        [["--bitget-category", "SPOT,FUTURES"], /--bitget-category "FUTURES" is not one of/],
      ] as const
    ) {
      const r = await bitgetRun(sim, [...args, "--yes"]);
      assertEquals(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assertMatch(r.stderr, error);
      assertEquals(r.stdout, "");
    }
    assertEquals(total(sim), 0);
  });
});

Deno.test("accounts-file bitgetMode: a bad value or a non-Bitget entry exits 2 and sends nothing", async () => {
  await withSim(async (sim) => {
    const dir = await Deno.makeTempDir({ prefix: "killswitch-uta-cli-" });
    try {
      const a = sim.info.bitget.accounts[0]!;
      const o = sim.info.okx.accounts[0]!;
      const env = {
        GK: a.apiKey,
        GS: a.secret,
        GP: a.passphrase!,
        OK: o.apiKey,
        OS: o.secret,
        OP: o.passphrase!,
      };
      const bitget = {
        venue: "bitget",
        label: "b",
        apiKeyEnv: "GK",
        secretEnv: "GS",
        passphraseEnv: "GP",
      };
      const okx = {
        venue: "okx",
        label: "o",
        apiKeyEnv: "OK",
        secretEnv: "OS",
        passphraseEnv: "OP",
      };
      for (
        const [entries, error] of [
          [[{ ...bitget, bitgetMode: "unified" }], /accounts\.0\.bitgetMode/],
          [
            [{ ...bitget, baseUrl: sim.info.bitget.baseUrl }, { ...okx, bitgetMode: "uta" }],
            /bitgetMode is only for bitget/,
          ],
        ] as const
      ) {
        const path = `${dir}/accounts.json`;
        await Deno.writeTextFile(path, JSON.stringify({ version: 1, accounts: entries }));
        const r = await runScript(
          "cancel_all_everywhere",
          ["--accounts-file", path, "--yes"],
          { env, allowNet: [simHost(sim)], denoFlags: [`--allow-read=${path}`] },
        );
        assertEquals(r.code, 2, r.stderr);
        assertMatch(r.stderr, error);
      }
      assertEquals(total(sim), 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("each mode drives only its own API; auto learns the mode from the first answers", async () => {
  await withSim(async (sim) => {
    const control = new SimControl(sim.origin);
    await control.seed({ venue: "bitget", account: 0, count: 10, market: "SPOT" });
    const uta = await bitgetRun(sim, ["--bitget-mode", "uta", "--yes"]);
    assertEquals(uta.code, 0, uta.stdout + uta.stderr);
    assertEquals(count(sim, "GET /api/v3/account/settings"), 0);
    assertEquals([...sim.state.counts.keys()].filter((k) => k.includes("/api/v2/mix/")), []);
    await control.reset();
    await control.seed({ venue: "bitget", account: 0, count: 10, market: "MARGIN" });
    const auto = await bitgetRun(sim, ["--yes"]);
    assertEquals(auto.code, 0, auto.stdout + auto.stderr);
    // Auto: the first answers tell the mode (v2 refuses a unified account with 40085).
    assertEquals(count(sim, "GET /api/v3/account/settings"), 0);
    assert(count(sim, "POST /api/v3/trade/cancel-symbol-order") > 0);
    await control.bitgetMode(0, "classic");
    await control.reset();
    await control.seed({ venue: "bitget", account: 0, count: 6 });
    const classic = await bitgetRun(sim, ["--bitget-mode", "classic", "--yes"]);
    assertEquals(classic.code, 0, classic.stdout + classic.stderr);
    assertEquals(count(sim, "GET /api/v3/account/settings"), 0);
    assert([...sim.state.counts.keys()].every((k) => !k.includes("/api/v3/")));
  });
});

Deno.test("no output of these runs holds a credential or a signature", () => {
  assertNoLeak(ALL_OUTPUT, SECRETS);
});
