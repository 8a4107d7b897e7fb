/**
 * `deno task bench:sim`: does the simulator slow clients down at size? For each venue, the
 * latency of single requests made by the real clients (cancel one order by id, and one
 * listing page) against a simulator holding 100 accounts of 10 orders, then 100 accounts of
 * 10,000 open orders each. One venue at a time, to bound memory.
 *
 * @module
 */

import { SimControl } from "../sim/control.ts";
import { type Simulator, startSimulator } from "../sim/mod.ts";
import { BitgetClient } from "../venues/bitget/mod.ts";
import { BybitClient } from "../venues/bybit/mod.ts";
import { OkxSpreadClient } from "../venues/okx/mod.ts";
import { P99Client } from "../venues/p99/mod.ts";
import type { VenueId } from "../venues/types.ts";
import { summarize } from "./_stats.ts";

const ACCOUNTS = 100;
const SAMPLES = 60;
const MARKET: Record<VenueId, { market: string; symbol: string }> = {
  okx: { market: "sprd", symbol: "BTC-USDT_BTC-USDT-SWAP" },
  bybit: { market: "linear", symbol: "BTCUSDT" },
  bitget: { market: "USDT-FUTURES", symbol: "BTCUSDT" },
  p99: { market: "spot", symbol: "BTCUSDT" },
};

interface Ops {
  cancelOne(account: number, id: string): Promise<unknown>;
  listPage(account: number): Promise<unknown>;
}

function ops(sim: Simulator, venue: VenueId): Ops {
  const i = sim.info;
  const fast = { maxRetries: 0 };
  switch (venue) {
    case "okx": {
      const c = i.okx.accounts.map((a) =>
        new OkxSpreadClient({
          apiKey: a.apiKey,
          secret: a.secret,
          passphrase: a.passphrase ?? "",
          baseUrl: i.okx.baseUrl,
          transport: fast,
        })
      );
      return {
        cancelOne: (n, id) => c[n]!.cancelOrder({ ordId: id }),
        listPage: (n) => c[n]!.getOrder({ ordId: "600000000000007919" }).catch(() => undefined),
      };
    }
    case "bybit": {
      const c = i.bybit.accounts.map((a) =>
        new BybitClient({
          apiKey: a.apiKey,
          secret: a.secret,
          baseUrl: i.bybit.baseUrl,
          transport: fast,
        })
      );
      return {
        cancelOne: (n, id) =>
          c[n]!.cancelOrder({ category: "linear", symbol: "BTCUSDT", orderId: id }),
        listPage: (n) =>
          c[n]!.listOpenOrders({ category: "linear", symbol: "BTCUSDT" }, { maxPages: 1 }),
      };
    }
    case "bitget": {
      const c = i.bitget.accounts.map((a) =>
        new BitgetClient({
          apiKey: a.apiKey,
          secret: a.secret,
          passphrase: a.passphrase ?? "",
          baseUrl: i.bitget.baseUrl,
          transport: fast,
        })
      );
      return {
        cancelOne: (n, id) =>
          c[n]!.cancelOrder({ symbol: "BTCUSDT", productType: "USDT-FUTURES", orderId: id }),
        listPage: (n) => c[n]!.serverTime().then(() => undefined),
      };
    }
    case "p99": {
      const c = i.p99.accounts.map((a) =>
        new P99Client({ jwt: a.jwt ?? "", baseUrl: i.p99.baseUrl, transport: fast })
      );
      return {
        cancelOne: (n, id) => c[n]!.cancelOrder(id),
        listPage: (n) => c[n]!.listOrders({ status: "open", limit: 200 }),
      };
    }
  }
}

async function measure(
  sim: Simulator,
  venue: VenueId,
  perAccount: number,
): Promise<{ cancel: number[]; list: number[]; seedMs: number }> {
  const control = new SimControl(sim.origin);
  await control.configure({ rateLimits: false });
  const started = performance.now();
  const targets: string[][] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    const ids: string[] = [];
    for (let left = perAccount; left > 0; left -= 5000) {
      ids.push(
        ...await control.seed({ venue, account: a, count: Math.min(5000, left), ...MARKET[venue] }),
      );
    }
    targets.push(ids);
  }
  const seedMs = performance.now() - started;
  const o = ops(sim, venue);
  const cancel: number[] = [];
  const list: number[] = [];
  for (let k = 0; k < SAMPLES; k++) {
    const account = (k * 37) % ACCOUNTS;
    const ids = targets[account] ?? [];
    const id = ids[(k * 7919) % ids.length] ?? "";
    let t = performance.now();
    await o.cancelOne(account, id);
    cancel.push(performance.now() - t);
    t = performance.now();
    await o.listPage(account);
    list.push(performance.now() - t);
  }
  return { cancel: cancel.slice(5), list: list.slice(5), seedMs };
}

const LIST_LABEL: Record<VenueId, string> = {
  okx: "order query",
  bybit: "listing page (50)",
  bitget: "server time",
  p99: "listing page (200)",
};

if (import.meta.main) {
  const rows: string[] = [
    "| Venue | Request | 100 x 10 orders: p50 [p95] ms | 100 x 10,000 orders: p50 [p95] ms | Seeding 1,000,000 orders |",
    "|---|---|---|---|---|",
  ];
  for (const venue of ["okx", "bybit", "bitget", "p99"] as const) {
    const results = [];
    for (const perAccount of [10, 10_000]) {
      const sim = await startSimulator({ accounts: ACCOUNTS, okxMaxPendingOrders: 10_000 });
      try {
        results.push(await measure(sim, venue, perAccount));
      } finally {
        await sim.close();
      }
    }
    const [small, large] = results;
    if (!small || !large) continue;
    const fmt = (xs: number[]) => {
      const s = summarize(xs);
      return `${s.median.toFixed(2)} [${percentile(xs, 0.95).toFixed(2)}]`;
    };
    rows.push(
      `| ${venue} | cancel one by id | ${fmt(small.cancel)} | ${fmt(large.cancel)} | ${
        (large.seedMs / 1000).toFixed(1)
      } s |`,
    );
    rows.push(`| ${venue} | ${LIST_LABEL[venue]} | ${fmt(small.list)} | ${fmt(large.list)} | |`);
    console.error(`bench:sim: ${venue} done`);
  }
  console.log(rows.join("\n"));
}

function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}
