// Bad input, table-driven: flags, scope combinations, environment values and accounts files.
// Each case runs the script as users do (a subprocess with --no-prompt and exact permissions,
// the simulator's credentials in the environment and --yes, so that anything accepted would be
// sent) and must exit 2 with one line on stderr naming the problem, print nothing on stdout,
// and send nothing: the simulator sees zero requests. Cases run four at a time.

import { assert, assertEquals, assertMatch } from "@std/assert";
import { BASE_URL_ENV, ENV_NAMES } from "../scripts/_cli/config.ts";
import { SimControl, type Simulator, startSimulator } from "../sim/mod.ts";
import { assertNoLeak, forbiddenStrings, inBatches } from "./_reliability.ts";
import { ALL_OUTPUT, runScript, type ScriptResult, simEnv, simHost } from "./_script.ts";

type Env = Record<string, string>;

interface InputCase {
  readonly name: string;
  readonly script?: "cancel_all_everywhere" | "cancel_spread";
  readonly args?: readonly string[];
  /** Changes to the simulator's environment for all four venues. */
  readonly env?: (base: Env) => Env;
  /** An accounts file (its text); passed with --accounts-file and --allow-read. */
  readonly file?: string | ((base: Env) => string);
  /** Variables allowed besides the ones set. */
  readonly allowEnv?: readonly string[];
  /** Names the problem. */
  readonly error: RegExp;
}

/** Values that are not credentials of the simulator but must not be echoed either. */
const BAD_VALUES = {
  notJwt: "notajwt-leakcheck-4f1e9a",
  badHeaderJwt: "leakcheckhdr.leakcheckpayload.leakchecksig",
  literalSecret: "literal-secret-leakcheck-77d0",
};

const without = (env: Env, ...names: string[]): Env =>
  Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));

const accounts = (entries: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ version: 1, accounts: entries, ...extra });

const bybitEntry = { venue: "bybit", label: "main", apiKeyEnv: "BYBIT_API_KEY" };

const CASES: InputCase[] = [
  // Flags.
  {
    name: "a misspelled flag --dryrun",
    args: ["--dryrun"],
    error: /unknown flag --dryrun.*--dry-run/,
  },
  { name: "--yes=no gives a value to a switch", args: ["--yes=no"], error: /--yes takes no value/ },
  {
    name: "an unknown flag --venue",
    args: ["--venue", "okx"],
    error: /unknown flag --venue\b.*--venues/,
  },
  { name: "an unknown short flag -y", args: ["-y"], error: /unknown flag -y/ },
  { name: "a stray positional argument", args: ["okx"], error: /unexpected argument "okx"/ },
  { name: "--json given twice", args: ["--json", "--json"], error: /--json given more than once/ },
  { name: "--deadline without a value", args: ["--deadline"], error: /--deadline needs a value/ },
  {
    name: "--deadline that is not a number",
    args: ["--deadline", "ten"],
    error: /--deadline must be a number of seconds, got "ten"/,
  },
  {
    name: "--deadline of zero",
    args: ["--deadline", "0"],
    error: /--deadline must be more than 0/,
  },
  {
    name: "--deadline that is negative",
    args: ["--deadline=-5"],
    error: /--deadline must be a number of seconds, got "-5"/,
  },
  {
    name: "--deadline beyond 600 s",
    args: ["--deadline", "601"],
    error: /--deadline must be more than 0 and at most 600 seconds, got 601/,
  },
  {
    name: "--deadline in exponent notation",
    args: ["--deadline", "1e3"],
    error: /--deadline must be a number of seconds, got "1e3"/,
  },
  {
    name: "--deadline given twice",
    args: ["--deadline", "5", "--deadline", "6"],
    error: /--deadline given more than once/,
  },
  // Scope.
  {
    name: "a venue named twice in one list",
    args: ["--venues", "okx,okx"],
    error: /--venues names "okx" twice/,
  },
  {
    name: "a venue named twice across flags",
    args: ["--venues", "okx", "--venues", "okx"],
    error: /--venues names "okx" twice/,
  },
  {
    name: "an unknown venue",
    args: ["--venues", "kraken"],
    error: /--venues "kraken" is not one of okx, bybit, bitget, p99/,
  },
  {
    name: "a venue in uppercase",
    args: ["--venues", "OKX"],
    error: /--venues "OKX" is not one of/,
  },
  {
    name: "an empty item in --venues",
    args: ["--venues", "okx,"],
    error: /--venues has an empty item/,
  },
  {
    name: "a venue named without credentials",
    args: ["--venues", "bitget"],
    env: (b) => without(b, "BITGET_API_KEY", "BITGET_API_SECRET", "BITGET_API_PASSPHRASE"),
    error: /BITGET_API_KEY is needed for bitget but is not set/,
  },
  {
    name: "a lowercase base coin",
    args: ["--base-coin", "btc"],
    error: /--base-coin "btc" must be an uppercase coin code/,
  },
  {
    name: "a lowercase settle coin",
    args: ["--settle-coin", "usdt"],
    error: /--settle-coin "usdt" must be an uppercase coin code/,
  },
  {
    name: "a lowercase Bitget margin coin",
    args: ["--bitget-margin-coin", "usdt"],
    error: /--bitget-margin-coin "usdt" must be an uppercase coin code/,
  },
  {
    name: "an unknown Bybit category",
    args: ["--bybit-category", "futures"],
    error: /--bybit-category "futures" is not one of spot, linear, inverse, option/,
  },
  {
    name: "a lowercase Bitget product type",
    args: ["--bitget-product-type", "usdt-futures"],
    error: /--bitget-product-type "usdt-futures" is not one of USDT-FUTURES/,
  },
  {
    name: "an unknown Bitget product type",
    args: ["--bitget-product-type", "SPOT"],
    error: /--bitget-product-type "SPOT" is not one of/,
  },
  {
    name: "an unknown order kind",
    args: ["--kinds", "stop"],
    error: /--kinds "stop" is not one of regular, conditional/,
  },
  {
    name: "an unknown OKX region",
    args: ["--okx-region", "asia"],
    error: /--okx-region "asia" is not one of global, openapi, eea, us/,
  },
  {
    name: "an unknown Bybit environment",
    args: ["--bybit-env", "moon"],
    error: /--bybit-env "moon" is not one of mainnet/,
  },
  {
    name: "an account label that matches no account",
    args: ["--account", "nosuch"],
    error: /--account nosuch matches no account/,
  },
  {
    name: "an order filter no Bybit category takes",
    args: ["--bybit-order-filter", "Bogus"],
    error: /bybit\.orderFilter Bogus is not valid for category/,
  },
  {
    name: "an order kind named twice",
    args: ["--kinds", "regular,regular"],
    error: /--kinds names "regular" twice/,
  },

  // cancel_spread flags.
  {
    name: "cancel_spread: --ord-id with --cl-ord-id",
    script: "cancel_spread",
    args: ["--ord-id", "1", "--cl-ord-id", "a"],
    error: /--ord-id and --cl-ord-id cannot be combined/,
  },
  {
    name: "cancel_spread: --ord-id with --sprd-id",
    script: "cancel_spread",
    args: ["--ord-id", "1", "--sprd-id", "BTC-USDT_BTC-USDT-SWAP"],
    error: /--ord-id and --sprd-id cannot be combined/,
  },
  {
    name: "cancel_spread: --arm with --disarm",
    script: "cancel_spread",
    args: ["--arm", "30", "--disarm"],
    error: /--arm and --disarm cannot be combined/,
  },
  {
    name: "cancel_spread: --arm below 10 s",
    script: "cancel_spread",
    args: ["--arm", "5"],
    error: /--arm must be a whole number of seconds from 10 to 120, got "5"/,
  },
  {
    name: "cancel_spread: --arm that is not a number",
    script: "cancel_spread",
    args: ["--arm", "soon"],
    error: /--arm must be a whole number of seconds from 10 to 120, got "soon"/,
  },
  {
    name: "cancel_spread: an empty --ord-id",
    script: "cancel_spread",
    args: ["--ord-id", ""],
    error: /--ord-id needs a value/,
  },
  {
    name: "cancel_spread: the misspelled flag --dryrun",
    script: "cancel_spread",
    args: ["--dryrun"],
    error: /unknown flag --dryrun.*--dry-run/,
  },
  {
    name: "cancel_spread: --venues, which it does not take",
    script: "cancel_spread",
    args: ["--venues", "okx"],
    error: /unknown flag --venues/,
  },
  // Environment values.
  {
    name: "an empty API key",
    env: (b) => ({ ...b, BYBIT_API_KEY: "" }),
    error: /BYBIT_API_KEY is empty or only whitespace/,
  },
  {
    name: "an API secret of only whitespace",
    env: (b) => ({ ...b, BYBIT_API_SECRET: "   " }),
    error: /BYBIT_API_SECRET is empty or only whitespace/,
  },
  {
    name: "a passphrase with a trailing space",
    env: (b) => ({ ...b, OKX_API_PASSPHRASE: `${b.OKX_API_PASSPHRASE} ` }),
    error: /OKX_API_PASSPHRASE has leading or trailing whitespace/,
  },
  {
    // With other venues configured, they run and OKX is reported NOT FLAT (hardening suite).
    name: "a missing OKX passphrase when OKX is the only venue",
    args: ["--venues", "okx"],
    env: (b) => without(b, "OKX_API_PASSPHRASE"),
    error: /OKX_API_PASSPHRASE is needed for okx but is not set/,
  },
  {
    name: "an OKX secret with a line feed inside",
    env: (b) => ({ ...b, OKX_API_SECRET: `${b.OKX_API_SECRET}\nX-Injected: 1` }),
    error: /OKX_API_SECRET contains a control character \(LF at position \d+\)/,
  },
  {
    name: "a Bitget passphrase with a carriage return inside",
    env: (b) => ({ ...b, BITGET_API_PASSPHRASE: `ab\rcd${b.BITGET_API_PASSPHRASE}` }),
    error: /BITGET_API_PASSPHRASE contains a control character \(CR at position 3\)/,
  },
  {
    name: "a p99 JWT with an escape character inside",
    env: (b) => ({ ...b, P99_JWT: `${b.P99_JWT?.slice(0, 10)}\x1b${b.P99_JWT?.slice(10)}` }),
    error: /P99_JWT contains a control character \(U\+001b at position 11\)/,
  },

  {
    name: "a plain-HTTP base URL on a host name that only starts with 127.",
    env: (b) => ({ ...b, OKX_BASE_URL: "http://127.evil.example:8080" }),
    error: /OKX_BASE_URL for okx\/default: .*must be https:\/\//,
  },
  {
    name: "a JWT that is not one",
    env: (b) => ({ ...b, P99_JWT: BAD_VALUES.notJwt }),
    error: /P99_JWT is not a JWT \(expected three base64url parts\)/,
  },
  {
    name: "a JWT whose header is not JSON",
    env: (b) => ({ ...b, P99_JWT: BAD_VALUES.badHeaderJwt }),
    error: /P99_JWT is not a JWT \(its header is not JSON\)/,
  },
  {
    name: "both a p99 JWT and a p99 API key",
    env: (b) => ({ ...b, P99_API_KEY: "sim-key-extra", P99_API_SECRET: "sim-secret-extra" }),
    error: /set either P99_JWT or P99_API_KEY with P99_API_SECRET, not both/,
  },
  {
    name: "a p99 API key without its secret when p99 is the only venue",
    args: ["--venues", "p99"],
    env: (b) => ({ ...without(b, "P99_JWT"), P99_API_KEY: "sim-key-lonely" }),
    error: /P99_API_SECRET is needed for p99 but is not set/,
  },
  {
    name: "a base URL that is not a URL",
    env: (b) => ({ ...b, OKX_BASE_URL: "not a url" }),
    error: /OKX_BASE_URL for okx\/default: .*not a valid URL/,
  },
  {
    name: "a non-HTTPS production base URL",
    env: (b) => ({ ...b, BYBIT_BASE_URL: "http://api.bybit.com" }),
    error: /BYBIT_BASE_URL for bybit\/default: .*must be https:\/\//,
  },
  {
    name: "a base URL with credentials in it",
    env: (b) => ({ ...b, BITGET_BASE_URL: "https://user:pw@api.bitget.com" }),
    error: /BITGET_BASE_URL for bitget\/default: .*must not contain credentials/,
  },
  {
    name: "a base URL with a query",
    env: (b) => ({ ...b, P99_BASE_URL: `${b.P99_BASE_URL}?x=1` }),
    error: /P99_BASE_URL for p99\/default: .*must not contain a query/,
  },
  {
    name: "an empty base URL",
    env: (b) => ({ ...b, OKX_BASE_URL: "" }),
    error: /OKX_BASE_URL is empty or only whitespace/,
  },
  {
    name: "an ftp base URL",
    env: (b) => ({ ...b, BITGET_BASE_URL: "ftp://127.0.0.1/" }),
    error: /BITGET_BASE_URL for bitget\/default: .*must be https:\/\//,
  },
  // Accounts files.
  {
    name: "an accounts file that is not JSON",
    file: "{ accounts: [",
    error: /accounts file .* is not valid JSON/,
  },
  {
    name: "an accounts file with an unknown top-level field",
    file: accounts([bybitEntry], { acounts: [] }),
    error: /accounts file .*: \(top level\): unknown field "acounts"/,
  },
  {
    name: "an accounts file holding a literal secret",
    file: accounts([{
      ...bybitEntry,
      secretEnv: "BYBIT_API_SECRET",
      apiSecret: BAD_VALUES.literalSecret,
    }]),
    error: /accounts file .*: accounts\.0: unknown field "apiSecret"/,
  },
  {
    name: "an accounts file naming a variable that is empty",
    file: accounts([{ ...bybitEntry, secretEnv: "BYBIT_SECRET_EMPTY" }]),
    env: (b) => ({ ...b, BYBIT_SECRET_EMPTY: "" }),
    error: /BYBIT_SECRET_EMPTY is empty or only whitespace/,
  },
  {
    name: "an accounts file naming a variable that is not set",
    file: accounts([{ ...bybitEntry, secretEnv: "BYBIT_SECRET_UNSET" }]),
    allowEnv: ["BYBIT_SECRET_UNSET"],
    error: /BYBIT_SECRET_UNSET is needed by accounts file .*bybit\/main.* but is not set/,
  },
  {
    name: "an accounts file naming a variable that is absent",
    file: accounts([{ ...bybitEntry, secretEnv: "NO_SUCH_VARIABLE" }]),
    error:
      /NO_SUCH_VARIABLE is needed by accounts file .*bybit\/main.* but not readable: add it to --allow-env/,
  },
  {
    name: "an accounts file giving a Bybit entry OKX's and Bitget's demo switch",
    file: accounts([{ ...bybitEntry, demo: true }]),
    error: /accounts file .*bybit\/main.*: demo is only for okx and bitget/,
  },
  {
    name: "an accounts file giving a Bybit entry an OKX region",
    file: accounts([{ ...bybitEntry, okxRegion: "eea" }]),
    error: /accounts file .*bybit\/main.*: okxRegion is only for okx/,
  },
  {
    name: "an accounts file with no accounts",
    file: accounts([]),
    error: /accounts file .*: accounts: must list at least one account/,
  },
  {
    name: "an accounts file with an unknown venue",
    file: accounts([{ ...bybitEntry, venue: "kraken" }]),
    error: /accounts file .*: accounts\.0\.venue: /,
  },
  {
    name: "an accounts file with a label used twice",
    file: accounts([{ ...bybitEntry, secretEnv: "BYBIT_API_SECRET" }, {
      ...bybitEntry,
      secretEnv: "BYBIT_API_SECRET",
    }]),
    error: /accounts file .*bybit\/main.*: label used twice for bybit/,
  },
  {
    name: "an accounts file with a plain-HTTP production base URL",
    file: accounts([{
      ...bybitEntry,
      secretEnv: "BYBIT_API_SECRET",
      baseUrl: "http://api.bybit.com",
    }]),
    error: /accounts file for bybit\/main: .*must be https:\/\//,
  },
  {
    name: "an accounts file giving Bybit a passphrase",
    file: accounts([{
      ...bybitEntry,
      secretEnv: "BYBIT_API_SECRET",
      passphraseEnv: "OKX_API_PASSPHRASE",
    }]),
    error: /bybit takes apiKeyEnv and secretEnv only/,
  },
  {
    name: "an accounts file of version 2",
    file: accounts([bybitEntry], { version: 2 }),
    error: /accounts file .*: version: /,
  },
  {
    name: "an accounts file without the venue --venues names",
    args: ["--venues", "p99"],
    file: accounts([{ ...bybitEntry, secretEnv: "BYBIT_API_SECRET" }]),
    error: /--venues names p99 but the accounts file has no p99 account/,
  },
  {
    name: "an accounts file with two accounts arrays",
    file: `{"version":1,"accounts":[${
      JSON.stringify({ ...bybitEntry, secretEnv: "BYBIT_API_SECRET" })
    }],"accounts":[]}`,
    error: /accounts file .*: \(top level\): duplicate key "accounts"/,
  },
  {
    name: "an accounts file with a key given twice in one entry",
    file: `{"accounts":[{"venue":"bybit","label":"a","apiKeyEnv":"BYBIT_API_KEY",` +
      `"secretEnv":"BYBIT_API_SECRET","label":"b"}]}`,
    error: /accounts file .*: accounts\.0: duplicate key "label"/,
  },
  {
    name: "an accounts file that does not exist",
    file: "",
    error: /cannot read accounts file .*: it does not exist or is not readable/,
  },
];

const DOCUMENTED = [...Object.values(ENV_NAMES).flat(), ...Object.values(BASE_URL_ENV)];

let sim: Simulator;
let dir: string;

async function runCase(c: InputCase, i: number): Promise<ScriptResult> {
  const base = simEnv(sim);
  const env = c.env ? c.env(base) : base;
  const args = [...(c.args ?? []), "--yes"];
  const denoFlags: string[] = [];
  if (c.file !== undefined) {
    const path = `${dir}/accounts-${i}.json`;
    const text = typeof c.file === "string" ? c.file : c.file(base);
    if (text !== "") await Deno.writeTextFile(path, text);
    args.push("--accounts-file", path);
    denoFlags.push(`--allow-read=${path}`);
  }
  return await runScript(c.script ?? "cancel_all_everywhere", args, {
    env,
    allowNet: [simHost(sim)],
    // Every documented variable is allowed, as the README's command line does.
    allowEnv: [...new Set([...DOCUMENTED, ...Object.keys(env), ...(c.allowEnv ?? [])])],
    denoFlags,
  });
}

Deno.test(`bad input: ${CASES.length} cases, each exit 2 with one line naming it, nothing sent`, async (t) => {
  sim = await startSimulator({ ordersPerMarket: 1 });
  dir = await Deno.makeTempDir({ prefix: "killswitch-input-" });
  try {
    const control = new SimControl(sim.origin);
    const results: PromiseSettledResult<ScriptResult>[] = [];
    const requests: Record<string, number>[] = [];
    // Four at a time; after each batch the simulator must still have seen nothing.
    for (let start = 0; start < CASES.length; start += 4) {
      const batch = CASES.slice(start, start + 4);
      results.push(...await inBatches(batch.map((c, j) => () => runCase(c, start + j)), 4));
      const counts = await control.counts();
      await control.reset();
      if (Object.keys(counts).length === 0) {
        for (const _ of batch) requests.push({});
        continue;
      }
      // Something was sent: run this batch's cases again one by one to name the culprit.
      for (const [j, c] of batch.entries()) {
        await runCase(c, start + j).catch(() => undefined);
        requests.push(await control.counts());
        await control.reset();
      }
    }
    for (const [i, c] of CASES.entries()) {
      await t.step(
        `${c.script === "cancel_spread" ? "" : "cancel_all_everywhere: "}${c.name}`,
        () => {
          const r = results[i];
          if (!r || r.status === "rejected") throw r?.reason ?? new Error("not run");
          const { code, stdout, stderr } = r.value;
          assertEquals(code, 2, `exit code; stderr: ${stderr}`);
          const lines = stderr.trimEnd().split("\n");
          assertEquals(lines.length, 1, `one line on stderr: ${stderr}`);
          assertMatch(lines[0] ?? "", /^error: /);
          assertMatch(lines[0] ?? "", c.error);
          assertEquals(stdout, "");
          assertEquals(requests[i], {}, "the simulator saw requests");
        },
      );
    }
    await t.step("no output of any case holds a credential or a bad value given", async () => {
      assertNoLeak(ALL_OUTPUT, [...(await forbiddenStrings(sim)), ...Object.values(BAD_VALUES)]);
      assert(ALL_OUTPUT.length >= CASES.length * 2);
    });
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});
