import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import { createP99Account, P99Client } from "../venues/p99/mod.ts";
import { formatPlan, plan } from "../engine/plan.ts";
import { formatReport } from "../engine/report.ts";
import { cancelAll } from "../engine/run.ts";
import { Scope } from "../engine/scope.ts";
import { FakeAdapter } from "./_fake_adapter.ts";
import { FakeClock } from "../venues/clock.ts";
import type { ScopeClause } from "../engine/types.ts";
import { reportJsonSchema, ReportSchema } from "../engine/_report_schema.ts";

Deno.test("cancelAll() reports FLAT only after a listing shows nothing in scope", async () => {
  const a = new FakeAdapter("okx", "main");
  a.seed(3);
  const report = await cancelAll(Scope.all(), [a]);
  assertEquals(report.outcome, "FLAT");
  assertEquals(report.accounts[0]?.status, "FLAT");
  assertEquals(report.accounts[0]?.acknowledged.length, 3);
  assertEquals(a.calls, ["POST /cancel-all", "GET /list"]);
  assertEquals(report.accounts[0]?.requests.total, 2);
});

Deno.test("cancelAll() cancels again while orders remain (a per-call cap)", async () => {
  const a = new FakeAdapter("bybit", "main", { cap: 500 });
  a.seed(1200);
  const report = await cancelAll(Scope.all(), [a], { verifyBackoffMs: 1 });
  assertEquals(report.outcome, "FLAT");
  assertEquals(a.book.length, 0);
  assertEquals(report.accounts[0]?.acknowledged.length, 1200);
  assertEquals(a.calls.filter((c) => c === "POST /cancel-all").length, 3);
});

Deno.test("cancelAll() ends NOT_FLAT at the deadline and lists every survivor", async () => {
  const a = new FakeAdapter("p99", "main", { reappear: 2 });
  a.seed(1);
  const report = await cancelAll(Scope.all(), [a], { deadlineMs: 150, verifyBackoffMs: 5 });
  assertEquals(report.outcome, "NOT_FLAT");
  const acc = report.accounts[0];
  assertEquals(acc?.status, "NOT_FLAT");
  assertEquals(acc?.remaining.length, 2);
  assertMatch(acc?.reason ?? "", /still open at the deadline/);
});

Deno.test("cancelAll() ends UNKNOWN when no listing succeeds, without delaying other venues", async () => {
  const down = new FakeAdapter("bitget", "main", { listAlwaysFails: true });
  const up = new FakeAdapter("okx", "main");
  down.seed(1);
  up.seed(5);
  const report = await cancelAll(Scope.all(), [down, up], { deadlineMs: 300, verifyBackoffMs: 5 });
  assertEquals(report.outcome, "UNKNOWN");
  assertEquals(report.accounts.map((r) => r.status), ["UNKNOWN", "FLAT"]);
  const okx = report.accounts[1];
  // The healthy venue finished long before the deadline.
  assertEquals((okx?.timings.totalMs ?? 1e9) < 100, true);
  assertMatch(report.accounts[0]?.reason ?? "", /could not list open orders/);
});

Deno.test("cancelAll() retries a failed listing until one succeeds", async () => {
  const a = new FakeAdapter("bybit", "main", { listFailures: 2 });
  a.seed(2);
  const report = await cancelAll(Scope.all(), [a], { verifyBackoffMs: 1 });
  assertEquals(report.outcome, "FLAT");
  assertEquals(report.accounts[0]?.rounds, 3);
});

Deno.test("cancelAll() never touches orders outside the scope", async () => {
  const a = new FakeAdapter("okx", "main");
  a.seed(3, "BTCUSDT");
  a.seed(4, "ETHUSDT");
  const report = await cancelAll(Scope.all().symbols("BTCUSDT"), [a]);
  assertEquals(report.outcome, "FLAT");
  assertEquals(a.book.length, 4);
  assertEquals(a.book.every((o) => o.symbol === "ETHUSDT"), true);
});

Deno.test("cancelAll() with dryRun sends nothing and reports the plan", async () => {
  const a = new FakeAdapter("okx", "main");
  a.seed(3);
  const report = await cancelAll(Scope.all(), [a], { dryRun: true });
  assertEquals(a.calls, []);
  assertEquals(report.dryRun, true);
  assertEquals(report.accounts[0]?.plan.length, 1);
  assertMatch(formatReport(report), /DRY RUN \(nothing sent\)/);
});

Deno.test("plan() skips accounts outside the scope and lists each host once", () => {
  const accounts = [
    new FakeAdapter("okx", "a"),
    new FakeAdapter("okx", "b"),
    new FakeAdapter("bybit", "a"),
  ];
  const p = plan(Scope.all().venues("okx"), accounts);
  assertEquals(p.accounts.map((x) => `${x.venue}/${x.account}`), ["okx/a", "okx/b"]);
  assertEquals(p.hosts, ["okx.test"]);
  assertMatch(formatPlan(p), /cancel-all {2}POST okx\.test\/cancel-all/);
});

Deno.test("plan() refuses the same account listed twice", () => {
  let message = "";
  try {
    plan(Scope.all(), [new FakeAdapter("okx", "a"), new FakeAdapter("okx", "a")]);
  } catch (e) {
    message = (e as Error).message;
  }
  assertEquals(message, 'Cannot plan: account "a" of okx is listed twice');
});

Deno.test("formatReport() shows one row per account and a verdict line", async () => {
  const a = new FakeAdapter("okx", "main");
  a.seed(1);
  const text = formatReport(await cancelAll(Scope.all(), [a]));
  assertMatch(text, /^VENUE\s+ACCOUNT\s+HOST\s+ENV\s+STATUS/);
  assertMatch(text, /okx\s+main\s+okx\.test\s+production\s+FLAT/);
  assertMatch(text, /FLAT: 1\/1 accounts flat/);
});

Deno.test("Reports match the documented schema, committed as docs/report.schema.json", async () => {
  const a = new FakeAdapter("okx", "main", { reappear: 1 });
  a.seed(2);
  for (const options of [{ dryRun: true }, { deadlineMs: 60, verifyBackoffMs: 5 }]) {
    const report = await cancelAll(Scope.all(), [a], options);
    const parsed = ReportSchema.safeParse(JSON.parse(JSON.stringify(report)));
    assertEquals(parsed.success, true, JSON.stringify(parsed.error?.issues));
  }
  const committed = await Deno.readTextFile(new URL("../docs/report.schema.json", import.meta.url));
  assertEquals(committed, reportJsonSchema());
});

Deno.test("cancelAll runs at most maxAccountsPerHost accounts of a host at once, and hosts never wait on each other", async () => {
  let active = 0;
  let peak = 0;
  class Slow extends FakeAdapter {
    override async execute(clause: ScopeClause, signal: AbortSignal) {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 20));
      active--;
      return await super.execute(clause, signal);
    }
  }
  const okx = Array.from({ length: 10 }, (_, i) => new Slow("okx", `a${i}`));
  for (const a of okx) a.seed(1);
  const bybit = new FakeAdapter("bybit", "b");
  bybit.seed(1);
  const report = await cancelAll(Scope.all(), [...okx, bybit], {
    maxAccountsPerHost: 3,
    deadlineMs: 5000,
  });
  assertEquals(report.outcome, "FLAT");
  assertEquals(peak, 3);
  // Bybit's account did not queue behind OKX's ten: it finished within the first OKX wave.
  const b = report.accounts.find((a) => a.venue === "bybit");
  assert((b?.timings.totalMs ?? 1e9) < 200, `bybit took ${b?.timings.totalMs} ms`);
});

Deno.test("an account that gets no slot before the deadline is NOT_FLAT, not started", async () => {
  class Stalled extends FakeAdapter {
    override async execute(clause: ScopeClause, signal: AbortSignal) {
      await new Promise((r) => setTimeout(r, 400));
      return await super.execute(clause, signal);
    }
  }
  const accounts = [new Stalled("okx", "a"), new Stalled("okx", "b")];
  for (const a of accounts) a.seed(1);
  const report = await cancelAll(Scope.all(), accounts, {
    maxAccountsPerHost: 1,
    deadlineMs: 300,
  });
  const b = report.accounts.find((a) => a.account === "b");
  assertEquals(b?.status, "NOT_FLAT");
  assertMatch(b?.reason ?? "", /^not started: every slot for okx\.test was busy/);
});

Deno.test("on a fake clock a run with a slow venue reaches its deadline without sleeping", async () => {
  const clock = new FakeClock();
  // Every call takes 400 ms of the fake clock; the listing keeps failing, so only the deadline
  // can end the run.
  const a = new FakeAdapter("okx", "main", {
    latencyMs: 400,
    listAlwaysFails: true,
    wait: (ms, signal) => clock.sleep(ms, signal),
  });
  a.seed(2);
  const wall = performance.now();
  const report = await clock.run(cancelAll(Scope.all(), [a], { deadlineMs: 20_000, clock }));
  assert(performance.now() - wall < 5_000, "the fake 20 s took real time");
  assertEquals(report.outcome, "UNKNOWN");
  // The last 2 s are the reserve for a final listing; a failing one ends the run inside it.
  assert(report.durationMs >= 18_000 && report.durationMs <= 20_000, `${report.durationMs}`);
  assert(report.accounts[0]!.rounds > 10, `rounds: ${report.accounts[0]!.rounds}`);
});

Deno.test("plan() refuses an adapter that compiles cancel steps with no listing to verify them", () => {
  class NoListing extends FakeAdapter {
    override compile(clause: ScopeClause) {
      return { ...super.compile(clause), listings: [] };
    }
  }
  const a = new NoListing("okx", "main");
  a.seed(2);
  assertThrows(
    () => plan(Scope.all(), [a]),
    Error,
    "compiled cancel steps with no listing to verify them (POST /cancel-all)",
  );
  assertEquals(a.calls, []);
});

Deno.test("plan() keeps one sweep per clause when two coin clauses sweep the same listing", () => {
  const p99 = createP99Account(
    new P99Client({ jwt: "aaaa.bbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccc" }),
  );
  const scope = Scope.all().venues("p99").baseCoins("BTC")
    .or(Scope.all().venues("p99").baseCoins("ETH"));
  const account = plan(scope, [p99]).accounts[0]!;
  assertEquals(account.compiled.map((c) => c.steps.length), [1, 1]);
  assertEquals(account.steps.map((s) => s.action), ["sweep", "sweep"]);
  // Native cancels still merge: the same bare DELETE from two clauses is sent once.
  const bare = plan(Scope.all().venues("p99").or(Scope.all().venues("p99")), [p99]).accounts[0]!;
  assertEquals(bare.steps.length, 1);
});
