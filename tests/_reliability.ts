// Shared by the reliability suite (tests/reliability_*_test.ts): in-process accounts pointed at
// the simulator, request accounting per venue, the "nothing lost" checks and the leak scan.

import { assert, assertEquals } from "@std/assert";
import type { AccountReport, Report } from "../engine/report.ts";
import type { AccountAdapter } from "../engine/types.ts";
import { SimControl } from "../sim/control.ts";
import type { Simulator } from "../sim/mod.ts";
import { BitgetClient, createBitgetAccount } from "../venues/bitget/mod.ts";
import { BybitClient, createBybitAccount } from "../venues/bybit/mod.ts";
import { createOkxAccount, OkxSpreadClient } from "../venues/okx/mod.ts";
import { createP99Account, P99Client } from "../venues/p99/mod.ts";
import type { TransportEvent, TransportOptions } from "../venues/transport.ts";
import type { VenueId } from "../venues/types.ts";
import { simSecrets } from "./_script.ts";

/** Retries the in-process transports may make after the first attempt (the default). */
export const MAX_RETRIES = 3;

/** Fast transports for in-process runs: short timeout and backoff, default retry count. */
export const FAST_TRANSPORT: TransportOptions = {
  timeoutMs: 800,
  backoffBaseMs: 5,
  backoffMaxMs: 40,
  maxRetries: MAX_RETRIES,
};

/** What a venue's transport did during a run, counted from its events. */
export interface Attempts {
  /** Logical calls (first attempts). */
  calls: number;
  /** Every attempt sent. */
  attempts: number;
  /** Clock resyncs. */
  resyncs: number;
}

/** Account 0 of each venue of the simulator, as engine adapters, with attempt counters. */
export function simAccounts(
  sim: Simulator,
  venues: readonly VenueId[] = ["okx", "bybit", "bitget", "p99"],
  transport: TransportOptions = FAST_TRANSPORT,
  baseUrls: Partial<Record<VenueId, string>> = {},
): { adapters: AccountAdapter[]; attempts: Map<VenueId, Attempts> } {
  const i = {
    okx: { ...sim.info.okx, baseUrl: baseUrls.okx ?? sim.info.okx.baseUrl },
    bybit: { ...sim.info.bybit, baseUrl: baseUrls.bybit ?? sim.info.bybit.baseUrl },
    bitget: { ...sim.info.bitget, baseUrl: baseUrls.bitget ?? sim.info.bitget.baseUrl },
    p99: { ...sim.info.p99, baseUrl: baseUrls.p99 ?? sim.info.p99.baseUrl },
  };
  const adapters = venues.map((v): AccountAdapter => {
    const a = i[v].accounts[0];
    if (!a) throw new Error(`no ${v} account`);
    switch (v) {
      case "okx":
        return createOkxAccount(
          new OkxSpreadClient({
            apiKey: a.apiKey,
            secret: a.secret,
            passphrase: a.passphrase ?? "",
            baseUrl: i.okx.baseUrl,
            transport,
          }),
        );
      case "bybit":
        return createBybitAccount(
          new BybitClient({
            apiKey: a.apiKey,
            secret: a.secret,
            baseUrl: i.bybit.baseUrl,
            transport,
          }),
        );
      case "bitget":
        return createBitgetAccount(
          new BitgetClient({
            apiKey: a.apiKey,
            secret: a.secret,
            passphrase: a.passphrase ?? "",
            baseUrl: i.bitget.baseUrl,
            transport,
          }),
        );
      case "p99":
        return createP99Account(
          new P99Client({ jwt: a.jwt ?? "", baseUrl: i.p99.baseUrl, transport }),
        );
    }
  });
  const attempts = new Map<VenueId, Attempts>();
  for (const adapter of adapters) {
    const counter: Attempts = { calls: 0, attempts: 0, resyncs: 0 };
    attempts.set(adapter.venue, counter);
    adapter.subscribe((e: TransportEvent) => {
      if (e.type === "request") {
        counter.attempts++;
        if (e.attempt === 0) counter.calls++;
      } else if (e.type === "clock-sync") {
        counter.resyncs++;
      }
    });
  }
  return { adapters, attempts };
}

/** Requests one account may have in flight when the deadline aborts them. */
const IN_FLIGHT_AT_DEADLINE = 16;

/** Requests the simulator received per venue. */
export async function simRequests(control: SimControl): Promise<Map<VenueId, number>> {
  const out = new Map<VenueId, number>();
  for (const [key, n] of Object.entries(await control.counts())) {
    const venue = key.split(" ")[0] as VenueId;
    out.set(venue, (out.get(venue) ?? 0) + n);
  }
  return out;
}

/**
 * Retries stayed within their bounds: the simulator saw no request the transport did not make
 * (requests the deadline aborted may not reach it: at most the few in flight at that moment),
 * and no logical call took more than 1 + MAX_RETRIES attempts (+1 for a clock resync).
 */
export function assertRetryBounds(
  venue: VenueId,
  seen: number,
  counter: Attempts,
): void {
  assert(seen <= counter.attempts, `${venue}: simulator saw ${seen} > ${counter.attempts} sent`);
  assert(
    counter.attempts - seen <= IN_FLIGHT_AT_DEADLINE,
    `${venue}: ${counter.attempts} sent but only ${seen} reached the simulator`,
  );
  const bound = counter.calls * (MAX_RETRIES + 1) + counter.resyncs;
  assert(
    counter.attempts <= bound,
    `${venue}: ${counter.attempts} attempts for ${counter.calls} calls exceeds ${bound}`,
  );
}

/** Ids of the open orders of one simulator account. */
export async function openIds(
  control: SimControl,
  venue: VenueId,
  account: number,
): Promise<string[]> {
  return (await control.orders(venue, account)).map((o) => o.id).sort();
}

/**
 * Nothing lost: a FLAT account holds no open order in scope; a NOT FLAT account's report lists
 * every order still open (`inScope` picks the in-scope ones from the simulator's view).
 */
export async function assertTruthful(
  control: SimControl,
  account: AccountReport,
  inScope: (o: { id: string; baseCoin: string }) => boolean = () => true,
): Promise<void> {
  const open = (await control.orders(account.venue, 0)).filter(inScope).map((o) => o.id);
  if (account.status === "FLAT") {
    assertEquals(open, [], `${account.venue} reported FLAT with orders open`);
  } else if (account.status === "NOT_FLAT") {
    const listed = new Set(account.remaining.map((o) => o.id));
    const missing = open.filter((id) => !listed.has(id));
    assertEquals(missing, [], `${account.venue} NOT FLAT report misses surviving orders`);
  }
}

/** Every string that must never appear in an output: credentials and signatures. */
export async function forbiddenStrings(sim: Simulator): Promise<string[]> {
  const control = new SimControl(sim.origin);
  const out = [...simSecrets(sim), ...(await control.signatures())];
  // The parts of a JWT are secrets too (a printed payload or signature leaks it).
  for (const s of simSecrets(sim)) if (s.split(".").length === 3) out.push(...s.split("."));
  return out.filter((s) => s.length >= 8);
}

/** Asserts that none of `secrets` occurs in `texts`; names the first leak found. */
export function assertNoLeak(texts: readonly string[], secrets: readonly string[]): void {
  const all = texts.join("\n");
  assert(secrets.length > 0, "nothing to scan for");
  for (const s of secrets) {
    const at = all.indexOf(s);
    assert(at < 0, `leaked "${s.slice(0, 12)}...": ...${all.slice(Math.max(0, at - 60), at)}`);
  }
}

/** The JSON of a report, for the leak scan. */
export function reportText(report: Report): string {
  return JSON.stringify(report);
}

/** Runs `tasks` at most `width` at a time, keeping their order; never rejects. */
export async function inBatches<T>(
  tasks: readonly (() => Promise<T>)[],
  width: number,
): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i];
      if (!task) continue;
      try {
        results[i] = { status: "fulfilled", value: await task() };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
  return results;
}
