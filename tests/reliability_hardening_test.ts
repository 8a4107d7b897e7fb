// Issue 14, "never lie, never lose the report, never leak, never stall the cancels": one
// regression per item, in process where the mechanism lives in the library, as a subprocess
// where it lives in the scripts.

import { REFINEMENTS } from "../venues/registry.ts";
import { assert, assertEquals, assertMatch, assertRejects } from "@std/assert";
import { formatReport, type Report } from "../engine/report.ts";
import { cancelAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import type { AccountAdapter } from "../engine/types.ts";
import { BitgetClient, createBitgetAccount } from "../venues/bitget/mod.ts";
import { BybitClient, createBybitAccount } from "../venues/bybit/mod.ts";
import { InputError, VenueError } from "../venues/errors.ts";
import { createOkxAccount, OkxSpreadClient } from "../venues/okx/mod.ts";
import { createP99Account, P99Client } from "../venues/p99/mod.ts";
import { Transport, type TransportOptions } from "../venues/transport.ts";
import type { VenueId } from "../venues/types.ts";
import { FakeAdapter } from "./_fake_adapter.ts";
import { assertNoLeak, forbiddenStrings, simAccounts } from "./_reliability.ts";
import { ALL_OUTPUT, simEnv, simHost } from "./_script.ts";
import { SimControl, type Simulator, startSimulator } from "../sim/mod.ts";

const CREDS = {
  apiKey: "hardening-key-7f3a9c2e11",
  secret: "hardening-secret-55b1d0e9a4c7",
  passphrase: "hardening-pass-0c8e4471",
  // A structurally valid JWT (header {"alg":"HS256","typ":"JWT"}).
  jwt: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJoYXJkZW5pbmctand0LXN1YmplY3QifQ." +
    "aGFyZGVuaW5nLWp3dC1zaWduYXR1cmUtOTk",
};

/** A venue's own error envelope, carrying `echo` as its message. */
function envelope(venue: VenueId, echo: string): { status: number; body: string } {
  switch (venue) {
    case "okx":
      return { status: 200, body: `{"code":"50000","msg":${JSON.stringify(echo)},"data":[]}` };
    case "bybit":
      return {
        status: 200,
        body: `{"retCode":10001,"retMsg":${
          JSON.stringify(echo)
        },"result":{},"retExtInfo":{},"time":1}`,
      };
    case "bitget":
      return {
        status: 400,
        body: `{"code":"40034","msg":${JSON.stringify(echo)},"requestTime":1,"data":null}`,
      };
    case "p99":
      return { status: 400, body: `{"error":${JSON.stringify(echo)}}` };
  }
}

/** A client of `venue` whose every request is answered by `answer`. */
function account(venue: VenueId, transport: TransportOptions): AccountAdapter {
  const base = { transport: { timeoutMs: 500, backoffBaseMs: 1, backoffMaxMs: 2, ...transport } };
  switch (venue) {
    case "okx":
      return createOkxAccount(
        new OkxSpreadClient({ ...CREDS, baseUrl: "https://okx.test", ...base }),
      );
    case "bybit":
      return createBybitAccount(
        new BybitClient({
          apiKey: CREDS.apiKey,
          secret: CREDS.secret,
          baseUrl: "https://bybit.test",
          ...base,
        }),
      );
    case "bitget":
      return createBitgetAccount(
        new BitgetClient({ ...CREDS, baseUrl: "https://bitget.test", ...base }),
      );
    case "p99":
      return createP99Account(
        new P99Client({ jwt: CREDS.jwt, baseUrl: "https://p99.test/api/v1", ...base }),
      );
  }
}

const VENUE_IDS: VenueId[] = ["okx", "bybit", "bitget", "p99"];

Deno.test("venue text echoing a credential or a signature is redacted for every venue, by one mechanism", async (t) => {
  for (const venue of VENUE_IDS) {
    await t.step(venue, async () => {
      const sent: string[] = [];
      const fetch: typeof globalThis.fetch = (input, init) => {
        const url = String(input);
        const all = Object.entries((init?.headers ?? {}) as Record<string, string>);
        const headers = all.map(([, v]) => v);
        // Credentials and signatures: the auth headers and p99's signature parameter.
        for (const [name, value] of all) {
          if (/sign|key|pass|authorization/i.test(name)) sent.push(value, ...value.split(" "));
        }
        sent.push(...new URL(url).searchParams.getAll("signature"));
        // The venue echoes everything it got, the secret it never got, and a JSON escape of it.
        const escaped = `\\u00${CREDS.secret.charCodeAt(0).toString(16)}${CREDS.secret.slice(1)}`;
        const echo = `bad request ${url} ${headers.join(" ")} ${CREDS.secret}`;
        const { status, body } = envelope(venue, echo);
        const withEscape = body.replace(CREDS.secret, escaped);
        return Promise.resolve(new Response(withEscape, { status }));
      };
      const progress: string[] = [];
      const report = await cancelAll(Scope.all(), [account(venue, { fetch })], {
        deadlineMs: 1500,
        onProgress: (e) =>
          progress.push(
            JSON.stringify(e, (_k, v) => v instanceof Error ? { ...v, message: v.message } : v),
          ),
      });
      assert(report.accounts[0]?.errors.length, "the venue's refusal is reported");
      const signatures = sent.filter((s) => s.length >= 16);
      assertNoLeak(
        [JSON.stringify(report), formatReport(report), ...progress],
        [CREDS.apiKey, CREDS.secret, CREDS.passphrase, CREDS.jwt, ...signatures],
      );
      assertMatch(JSON.stringify(report), /\[redacted\]/);
    });
  }
});

Deno.test("a redirect is never followed: the error names the status and the target host", async () => {
  const calls: RequestInit[] = [];
  const transport = new Transport("okx", {
    maxRetries: 0,
    fetch: (_input, init) => {
      calls.push(init ?? {});
      return Promise.resolve(
        new Response("", { status: 302, headers: { location: "https://evil.example:8443/x" } }),
      );
    },
  });
  const error = await assertRejects(
    () =>
      transport.call({
        endpoint: "GET /api/v5/sprd/orders-pending",
        build: () =>
          Promise.resolve({
            method: "GET",
            url: "https://www.okx.com/api/v5/sprd/orders-pending",
            headers: {},
            body: "",
          }),
        parse: () => "followed",
      }),
    VenueError,
  );
  assertEquals(calls.length, 1);
  assertEquals(calls[0]?.redirect, "manual");
  assertEquals(error.status, 302);
  assertEquals(error.retryable, false);
  assertMatch(error.message, /HTTP 302 redirect to host evil\.example:8443 not followed/);
});

Deno.test("a response body larger than the endpoint's cap ends the attempt without reading it all", async () => {
  let pulled = 0;
  const transport = new Transport("bybit", {
    maxRetries: 0,
    fetch: () => {
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        },
      });
      return Promise.resolve(new Response(stream, { status: 200 }));
    },
  });
  const error = await assertRejects(
    () =>
      transport.call({
        endpoint: "GET /v5/order/realtime",
        maxBodyBytes: 256 * 1024,
        build: () =>
          Promise.resolve({ method: "GET", url: "https://api.bybit.com/x", headers: {}, body: "" }),
        parse: (r) => r.text.length,
      }),
    VenueError,
  );
  assertMatch(error.message, /response body exceeds 262144 bytes/);
  assertEquals(error.kind, "format");
  assert(pulled <= 8, `read ${pulled} chunks of an endless body`);
});

Deno.test("the transport's default body cap applies to calls that set none", async () => {
  const transport = new Transport("p99", {
    maxRetries: 0,
    maxBodyBytes: 1000,
    fetch: () => Promise.resolve(new Response("x".repeat(5000), { status: 200 })),
  });
  await assertRejects(
    () =>
      transport.call({
        endpoint: "GET /spot/orders",
        build: () =>
          Promise.resolve({ method: "GET", url: "https://p99.test/x", headers: {}, body: "" }),
        parse: (r) => r.text,
      }),
    VenueError,
    "response body exceeds 1000 bytes",
  );
});

Deno.test("plain HTTP is allowed only for 127.0.0.0/8 literals, ::1 and localhost", () => {
  const ok = [
    "http://127.0.0.1:8080",
    "http://127.1.2.3",
    "http://127.1",
    "http://localhost:9",
    "http://[::1]:9",
  ];
  const refused = [
    "http://127.evil.example",
    "http://127.0.0.1.nip.io",
    "http://127.0.0.1x.example",
    "http://128.0.0.1",
    "http://localhost.evil.example",
    "http://[::2]",
  ];
  for (const baseUrl of ok) {
    new OkxSpreadClient({ ...CREDS, baseUrl });
  }
  for (const baseUrl of refused) {
    for (
      const make of [
        () => new OkxSpreadClient({ ...CREDS, baseUrl }),
        () => new BybitClient({ apiKey: CREDS.apiKey, secret: CREDS.secret, baseUrl }),
        () => new BitgetClient({ ...CREDS, baseUrl }),
        () => new P99Client({ jwt: CREDS.jwt, baseUrl }),
      ]
    ) {
      let refusedWith = "";
      try {
        make();
      } catch (e) {
        refusedWith = e instanceof Error ? e.message : "";
      }
      assertMatch(refusedWith, /https|not a valid URL/, `${baseUrl} accepted over plain http`);
    }
  }
});

Deno.test("Scope.fromClauses refuses an unknown field instead of widening the scope", () => {
  const cases: [unknown, RegExp][] = [
    [{ kinds: ["regular"], symbol: ["BTCUSDT"] }, /clauses\[0\]: unknown field "symbol"/],
    [
      { kinds: ["regular"], bybit: { category: ["linear"] } },
      /clauses\[0\]\.bybit: unknown field "category"/,
    ],
    [
      { kinds: ["regular"], p99: { symbol: ["DFUSDT"] } },
      /clauses\[0\]\.p99: unknown field "symbol"/,
    ],
    [{ kinds: ["regular"], symbols: "BTCUSDT" }, /clauses\[0\]\.symbols must be a non-empty list/],
    [{ kinds: ["regular"], venues: [] }, /clauses\[0\]\.venues must be a non-empty list/],
    [{ venues: ["okx"] }, /clauses\[0\]\.kinds is required/],
    [null, /clauses\[0\] must be an object/],
  ];
  for (const [clause, message] of cases) {
    let error: unknown;
    try {
      Scope.fromClauses([clause as never], REFINEMENTS);
    } catch (e) {
      error = e;
    }
    if (!(error instanceof InputError)) throw new Error(`${JSON.stringify(clause)}: ${error}`);
    assertMatch(error.message, message);
  }
});

Deno.test("cancelAll with no account, or a scope selecting none, is refused: never a vacuous FLAT", async () => {
  await assertRejects(() => cancelAll(Scope.all(), []), InputError, "no account given");
  const okx = new FakeAdapter("okx", "default");
  await assertRejects(
    () => cancelAll(Scope.all().venues("bybit"), [okx]),
    InputError,
    "the scope selects no given account",
  );
  assertEquals(okx.calls, []);
});

Deno.test("cancelAll refuses a deadline that is not a positive finite number, by name", async () => {
  for (const deadlineMs of [NaN, -1, 0, Infinity, -Infinity, "5" as unknown as number]) {
    const fake = new FakeAdapter("okx", "default");
    fake.seed(1);
    await assertRejects(
      () => cancelAll(Scope.all(), [fake], { deadlineMs }),
      InputError,
      "deadlineMs must be a positive, finite number of milliseconds",
    );
    assertEquals(fake.calls, [], `${deadlineMs}: something was sent`);
  }
});

Deno.test("a deadline past the 2^31 ms timer limit runs to FLAT instead of expiring at once", async () => {
  for (const deadlineMs of [2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
    const fake = new FakeAdapter("okx", "default", { latencyMs: 5 });
    fake.seed(3);
    const report = await cancelAll(Scope.all(), [fake], { deadlineMs });
    assertEquals(report.outcome, "FLAT", `${deadlineMs}: ${report.accounts[0]?.reason}`);
  }
});

Deno.test("a progress callback that throws or rejects never stops the cancels", async () => {
  for (
    const onProgress of [
      () => {
        throw new Error("stderr is closed");
      },
      () => Promise.reject(new Error("async sink failed")),
    ]
  ) {
    const fake = new FakeAdapter("bybit", "default");
    fake.seed(5);
    const report = await cancelAll(Scope.all(), [fake], {
      deadlineMs: 2000,
      onProgress: onProgress as () => void,
    });
    assertEquals(report.outcome, "FLAT");
    assertEquals(fake.book, []);
  }
});

// Script runs: the scripts as operators run them, against the simulator.

const SCRIPT = new URL("../scripts/cancel_all_everywhere.ts", import.meta.url).href;

/** `deno run` arguments and environment for the script against `sim`, as the README says. */
function scriptCommand(
  sim: Simulator,
  args: string[],
): { args: string[]; env: Record<string, string> } {
  const env = simEnv(sim);
  const base: Record<string, string> = { NO_COLOR: "1" };
  for (const k of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) base[k] = v;
  }
  return {
    args: [
      "run",
      "--no-prompt",
      `--allow-net=${simHost(sim)}`,
      `--allow-env=${Object.keys(env).join(",")}`,
      SCRIPT,
      ...args,
    ],
    env: { ...base, ...env },
  };
}

async function withSim(fn: (sim: Simulator, control: SimControl) => Promise<void>): Promise<void> {
  const sim = await startSimulator({ ordersPerMarket: 2 });
  const from = ALL_OUTPUT.length;
  try {
    await fn(sim, new SimControl(sim.origin));
    // No output of the run holds a credential or a signature the simulator received.
    assertNoLeak([...ALL_OUTPUT.slice(from), ""], await forbiddenStrings(sim));
  } finally {
    await sim.close();
  }
}

Deno.test("script: stderr that cannot be written (2>/dev/full, a closed pipe) stops no cancel", async (t) => {
  await withSim(async (sim, control) => {
    await t.step("2>/dev/full: exit 0, the report on stdout with one notice", async () => {
      const { args, env } = scriptCommand(sim, ["--yes"]);
      const out = await new Deno.Command("sh", {
        args: ["-c", 'exec "$0" "$@" 2>/dev/full', Deno.execPath(), ...args],
        env,
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "inherit",
      }).output();
      const stdout = new TextDecoder().decode(out.stdout);
      ALL_OUTPUT.push(stdout);
      assertEquals(out.code, 0, stdout);
      assertMatch(stdout, /^FLAT: 4\/4 accounts flat/m);
      assertMatch(stdout, /note: progress could not be written to stderr/);
      for (const v of ["okx", "bybit", "bitget", "p99"] as const) {
        assertEquals(await control.orders(v, 0), [], `${v} book`);
      }
    });
    await control.reset();
    await control.seed({ venue: "bybit", account: 0, count: 5 });
    await t.step("a closed stderr pipe: exit 0, the report on stdout", async () => {
      const { args, env } = scriptCommand(sim, ["--yes", "--venues", "bybit"]);
      const child = new Deno.Command(Deno.execPath(), {
        args,
        env,
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      await child.stderr.cancel();
      const out = await child.output();
      const stdout = new TextDecoder().decode(out.stdout);
      ALL_OUTPUT.push(stdout);
      assertEquals(out.code, 0, stdout);
      assertMatch(stdout, /^FLAT: 1\/1 accounts flat/m);
      assertEquals(await control.orders("bybit", 0), []);
    });
  });
});

for (const [signal, json] of [["SIGTERM", true], ["SIGHUP", false], ["SIGINT", true]] as const) {
  Deno.test(`script: ${signal} stops the run, lists once more and prints the ${json ? "JSON " : ""}report, exit 1`, async () => {
    await withSim(async (sim, control) => {
      // Slow enough that the signal lands mid-run; the final listing still fits the reserve.
      await control.latency(700);
      const { args, env } = scriptCommand(sim, [
        "--yes",
        "--venues",
        "okx,p99",
        "--deadline",
        "30",
        ...(json ? ["--json"] : []),
      ]);
      const child = new Deno.Command(Deno.execPath(), {
        args,
        env,
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const started = Date.now();
      while (Object.keys(await control.counts()).length === 0) {
        assert(Date.now() - started < 20_000, "the run never reached the simulator");
        await new Promise((r) => setTimeout(r, 25));
      }
      child.kill(signal);
      const out = await child.output();
      const stdout = new TextDecoder().decode(out.stdout);
      const stderr = new TextDecoder().decode(out.stderr);
      ALL_OUTPUT.push(stdout, stderr);
      assertEquals(out.code, 1, `stdout: ${stdout}\nstderr: ${stderr}`);
      assert(Date.now() - started < 15_000, "the run went on to its 30 s deadline");
      assertMatch(stderr, /Interrupted: stopping and reporting what is known/);
      if (json) {
        const report = JSON.parse(stdout) as Report;
        assertEquals(report.accounts.length, 2);
        for (const a of report.accounts) {
          assert(a.rounds >= 1, `${a.venue}: no final listing`);
          if (a.status !== "FLAT") assertMatch(a.reason, /interrupted/);
          assert(!/deadline/.test(JSON.stringify(a.errors)), JSON.stringify(a.errors));
        }
      } else {
        assertMatch(stdout, /^VENUE\s+ACCOUNT\s+HOST\s+ENV\s+STATUS/);
        assertMatch(stdout, /accounts flat/);
        assert(!/deadline/.test(stdout), stdout);
      }
    });
  });
}

Deno.test("the text table escapes control characters: venue text cannot forge a FLAT line", async () => {
  class Hostile extends FakeAdapter {
    override list(): Promise<never> {
      return Promise.reject(
        new VenueError("busy\nFLAT: 1/1 accounts flat\x1b[2K\r\u2028ok", { venue: "okx" }),
      );
    }
  }
  const fake = new Hostile("okx", "desk\n1");
  fake.seed(1);
  const report = await cancelAll(Scope.all(), [fake], { deadlineMs: 400 });
  const text = formatReport(report);
  assertEquals(report.outcome, "UNKNOWN");
  const lines = text.split("\n");
  assertEquals(lines.filter((l) => l.startsWith("FLAT")), []);
  // deno-lint-ignore no-control-regex
  assert(!/[\x00-\x08\x0b-\x1f\x7f\u2028]/.test(text), JSON.stringify(text));
  assertMatch(text, /busy\\nFLAT: 1\/1 accounts flat\\x1b\[2K\\r\\u2028ok/);
  assertMatch(lines.at(-1) ?? "", /^UNKNOWN: 0\/1 accounts flat/);
});

Deno.test("script: one venue with incomplete credentials is NOT FLAT with the problem; the others are flattened, exit 1", async (t) => {
  await withSim(async (sim, control) => {
    for (
      const [name, drop, venue] of [
        ["OKX without its passphrase", ["OKX_API_PASSPHRASE"], "okx"],
        ["p99 with a key but no secret", ["P99_JWT"], "p99"],
      ] as const
    ) {
      await t.step(name, async () => {
        await control.reset();
        for (const v of VENUE_IDS) await control.seed({ venue: v, account: 0, count: 3 });
        const { args, env } = scriptCommand(sim, ["--yes", "--json"]);
        for (const d of drop) delete env[d];
        if (venue === "p99") env.P99_API_KEY = sim.info.p99.accounts[0]?.apiKey ?? "";
        // Every documented variable allowed, as the README's command line does.
        const allowEnv = `--allow-env=${
          [...new Set([...Object.keys(env), ...drop, "P99_API_SECRET"])].join(",")
        }`;
        const out = await new Deno.Command(Deno.execPath(), {
          args: args.map((a) => a.startsWith("--allow-env=") ? allowEnv : a),
          env,
          clearEnv: true,
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output();
        const stdout = new TextDecoder().decode(out.stdout);
        const stderr = new TextDecoder().decode(out.stderr);
        ALL_OUTPUT.push(stdout, stderr);
        assertEquals(out.code, 1, stderr);
        const report = JSON.parse(stdout) as Report;
        const broken = report.accounts.find((a) => a.venue === venue);
        assertEquals(broken?.status, "NOT_FLAT");
        assertMatch(broken?.reason ?? "", /not run: .* is needed for .* but is not set/);
        assertEquals(broken?.errors[0]?.kind, "configuration");
        for (const v of VENUE_IDS.filter((v) => v !== venue)) {
          assertEquals(report.accounts.find((a) => a.venue === v)?.status, "FLAT", v);
          assertEquals(await control.orders(v, 0), [], `${v} book`);
        }
        assert((await control.orders(venue, 0)).length >= 3, `${venue} was touched`);
      });
    }
  });
});

Deno.test("script: an accounts file that is a device, a FIFO or too large fails fast with exit 2", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "killswitch-hardening-" });
  try {
    const fifo = `${dir}/accounts.fifo`;
    await new Deno.Command("mkfifo", { args: [fifo] }).output();
    const big = `${dir}/big.json`;
    await Deno.writeTextFile(big, `{"accounts":[],"pad":"${"x".repeat(1024 * 1024)}"}`);
    await withSim(async (sim, control) => {
      for (
        const [path, error] of [
          ["/dev/zero", /cannot read accounts file \/dev\/zero: not a regular file/],
          [fifo, /cannot read accounts file .*accounts\.fifo: not a regular file/],
          [big, /cannot read accounts file .*big\.json: larger than 1048576 bytes/],
        ] as const
      ) {
        await t.step(path.replace(dir, "TMP"), async () => {
          const { args, env } = scriptCommand(sim, ["--yes", "--accounts-file", path]);
          const started = Date.now();
          const out = await new Deno.Command(Deno.execPath(), {
            args: [args[0]!, args[1]!, `--allow-read=${path}`, ...args.slice(2)],
            env,
            clearEnv: true,
            stdin: "null",
            stdout: "piped",
            stderr: "piped",
          }).output();
          const stderr = new TextDecoder().decode(out.stderr);
          ALL_OUTPUT.push(stderr);
          assertEquals(out.code, 2, stderr);
          assertMatch(stderr, error);
          assert(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
          assertEquals(await control.counts(), {});
        });
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the simulator refuses a fault rule with an unknown field or kind: 400, nothing injected", async () => {
  await withSim(async (sim, control) => {
    const post = async (body: unknown) => {
      const r = await fetch(`${sim.origin}/__sim/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() as { error?: string } };
    };
    for (
      const [rule, error] of [
        [{ venue: "bybit", kind: "reapear" }, /kind must be one of/],
        [{ venue: "bybit", kind: "code", cod: "10006" }, /unknown field "cod"/],
        [{ venu: "bybit", kind: "http" }, /unknown field "venu"/],
        [{ venue: "bybit", kind: "code" }, /code is required for kind code/],
        [{ venue: "kraken", kind: "http" }, /venue must be one of/],
        [{ venue: "okx", kind: "http", count: 0 }, /count must be a whole number >= 1/],
        [{ venue: "okx", kind: "http", status: "500" }, /status must be an HTTP status/],
      ] as const
    ) {
      const r = await post(rule);
      assertEquals(r.status, 400, JSON.stringify(rule));
      assertMatch(r.body.error ?? "", error);
    }
    await assertRejects(
      () => control.fault({ venue: "bybit", kind: "reapear" as "reappear" }),
      Error,
      "HTTP 400: Cannot add fault: kind must be one of",
    );
    // Nothing was injected: a listing goes through.
    const report = await cancelAll(Scope.all().venues("bybit"), [
      createBybitAccount(
        new BybitClient({
          apiKey: sim.info.bybit.accounts[0]?.apiKey ?? "",
          secret: sim.info.bybit.accounts[0]?.secret ?? "",
          baseUrl: sim.info.bybit.baseUrl,
        }),
      ),
    ], { deadlineMs: 3000 });
    assertEquals(report.outcome, "FLAT");
    assertEquals((await post({ venue: "bybit", kind: "http", status: 503, count: 1 })).status, 200);
  });
});

Deno.test("a scope that matches nothing while orders just outside it are open warns, naming the filter and the nearest", async () => {
  await withSim(async (sim, control) => {
    await control.reset();
    await control.seed({ venue: "bitget", account: 0, count: 4, symbol: "BTCUSDT" });
    await control.seed({ venue: "bitget", account: 0, count: 1, symbol: "ETHUSDT" });
    const { adapters } = simAccounts(sim, ["bitget"]);
    const report = await cancelAll(Scope.all().symbols("BTCUSTD"), adapters, { deadlineMs: 4000 });
    const account = report.accounts[0];
    assertEquals(account?.status, "FLAT");
    assertEquals(
      account?.requests.byEndpoint["POST /api/v2/mix/order/batch-cancel-orders"],
      undefined,
    );
    assertMatch(
      account?.warnings?.[0] ?? "",
      /matched no order here, but 5 order\(s\) outside it are open; symbols BTCUSTD: nearest open BTCUSDT \(4\), ETHUSDT \(1\)/,
    );
    assertMatch(formatReport(report), /bitget\/default warning: the scope matched no order here/);
    // Nothing outside the scope was touched.
    assertEquals((await control.orders("bitget", 0)).length, 5);
    // A scope that matched orders gives no warning.
    const hit = await cancelAll(Scope.all().symbols("BTCUSDT"), adapters, { deadlineMs: 4000 });
    assertEquals(hit.accounts[0]?.warnings, undefined);
  });
});

Deno.test("a 5xx or 429 without a JSON body is labelled by its status for every venue, never a format error", async (t) => {
  for (const venue of VENUE_IDS) {
    await t.step(venue, async () => {
      for (
        const [status, body, kind] of [
          [503, "Service Unavailable", "transient"],
          [502, "<html><body>Bad Gateway</body></html>", "transient"],
          [429, "Too Many Requests", "rate_limit"],
        ] as const
      ) {
        const fetch = () => Promise.resolve(new Response(body, { status }));
        const report = await cancelAll(
          Scope.all(),
          [account(venue, { fetch, maxRetries: 0 })],
          { deadlineMs: 300 },
        );
        const kinds = new Set(report.accounts[0]?.errors.map((e) => e.kind));
        assert(!kinds.has("format"), `${venue} ${status}: ${[...kinds]}`);
        assert(kinds.has(kind), `${venue} ${status}: ${[...kinds]}`);
      }
    });
  }
});

Deno.test("script: progress goes to stderr with --json as in text mode; --quiet drops it", async () => {
  await withSim(async (sim) => {
    for (
      const [args, progress] of [
        [["--json"], true],
        [["--json", "--quiet"], false],
        [["--quiet"], false],
      ] as const
    ) {
      const { args: argv, env } = scriptCommand(sim, ["--yes", "--venues", "bybit", ...args]);
      const out = await new Deno.Command(Deno.execPath(), {
        args: argv,
        env,
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stdout = new TextDecoder().decode(out.stdout);
      const stderr = new TextDecoder().decode(out.stderr);
      ALL_OUTPUT.push(stdout, stderr);
      assertEquals(out.code, 0, stderr);
      assertEquals(/\[bybit\/default\] cancel: /.test(stderr), progress, `${args}: ${stderr}`);
      if ((args as readonly string[]).includes("--json")) {
        assertEquals((JSON.parse(stdout) as Report).outcome, "FLAT");
      } else assertMatch(stdout, /^FLAT: 1\/1 accounts flat/m);
    }
  });
});
