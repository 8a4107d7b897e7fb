// How both Bitget adapters (classic v2 and unified v3) cancel: the display record of a request,
// the outcome of a bulk or batch cancel's per-order answers, a mass cancel that found nothing,
// cancels by id in bounded batches, and sweeps (list, keep what is in the clause, cancel by
// id). Failures follow the engine's one policy (engine/outcome.ts). Private.

import { inClause } from "../../engine/match.ts";
import { failAll, mergeOutcomes, NOTHING } from "../../engine/outcome.ts";
import { mapBounded } from "../../engine/pool.ts";
import type {
  CancelStep,
  ItemFailure,
  Listing,
  NativeRequest,
  OpenOrder,
  ScopeClause,
  StepOutcome,
} from "../../engine/types.ts";
import { VenueError } from "../errors.ts";
import type { HttpMethod } from "../types.ts";
import { isGoneFailure } from "./codes.ts";
import { BITGET_REFINEMENT } from "./scope.ts";

/**
 * Requests an adapter has in flight at once when it fans out (per batch, order or listing
 * window): Bitget's per-endpoint rate is 10/s at most, and the transport paces each endpoint.
 */
export const FAN_OUT = 10;

/** A Bitget cancel step: the client's own typed parameters, and the means to send them. */
export type BitgetStep<P> = CancelStep<"bitget", P>;

/**
 * The display record of a request: parameters without the unset ones, a query sorted by key
 * as the clients send it, a body in the order given.
 */
export function nativeRequest(
  host: string,
  method: HttpMethod,
  path: string,
  params: Readonly<Record<string, string | undefined>>,
): NativeRequest {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  if (method === "GET") entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { method, host, path, params: Object.fromEntries(entries) };
}

/** One order's answer within a bulk or batch cancel. */
export interface ItemAnswer {
  /** Order id, else client order id (`""` when the venue named neither). */
  readonly id: string;
  /** Whether the venue canceled it. */
  readonly ok: boolean;
  /** The venue's code for a refusal (`""` or undefined when none). */
  readonly code?: string | undefined;
  /** The venue's message for a refusal. */
  readonly message: string;
}

/** Per-order answers as an outcome: a gone code or message is done, any other refusal fails. */
export function outcomeOfItems(items: readonly ItemAnswer[]): StepOutcome {
  const acknowledged: string[] = [];
  const alreadyGone: string[] = [];
  const failures: ItemFailure[] = [];
  for (const item of items) {
    if (item.ok) {
      if (item.id !== "") acknowledged.push(item.id);
    } else if (isGoneFailure({ errorCode: item.code, errorMsg: item.message })) {
      if (item.id !== "") alreadyGone.push(item.id);
    } else {
      failures.push({
        id: item.id === "" ? undefined : item.id,
        code: item.code === "" ? undefined : item.code,
        message: item.message === "" ? "cancel failed" : item.message,
      });
    }
  }
  return { acknowledged, alreadyGone, failures };
}

const isGone = (error: unknown) => error instanceof VenueError && error.kind === "gone";

/**
 * Sends a mass cancel (no id list). A "gone" answer (22001 no order to cancel) found nothing
 * open, which is done; an account-level failure is thrown; any other refusal is the step's
 * failure. `sent` learns whether the cancel went out and was answered, and which orders the
 * answer refused.
 */
export async function massCancel(
  send: () => Promise<readonly ItemAnswer[]>,
  sent?: (answered: boolean, refused: readonly (string | undefined)[]) => void,
): Promise<StepOutcome> {
  try {
    const outcome = outcomeOfItems(await send());
    // Answered, but the orders it names in failureList are still open.
    sent?.(true, outcome.failures.map((f) => f.id));
    return outcome;
  } catch (error) {
    sent?.(isGone(error), []);
    return isGone(error) ? NOTHING : failAll([], error);
  }
}

/**
 * Cancels orders by id: grouped by `keyOf` (what one request may hold), `size` a request, at
 * most {@linkcode FAN_OUT} requests at once. A request refused as a whole is the failure of its
 * orders (gone: they are done); an account-level failure is thrown.
 */
export async function cancelInBatches(
  orders: readonly OpenOrder[],
  keyOf: (order: OpenOrder) => string,
  size: number,
  send: (batch: readonly OpenOrder[]) => Promise<StepOutcome>,
): Promise<StepOutcome> {
  const groups = new Map<string, OpenOrder[]>();
  for (const o of orders) {
    const key = keyOf(o);
    const list = groups.get(key) ?? [];
    list.push(o);
    groups.set(key, list);
  }
  const batches: OpenOrder[][] = [];
  for (const list of groups.values()) {
    for (let i = 0; i < list.length; i += size) batches.push(list.slice(i, i + size));
  }
  const outcomes = await mapBounded(batches, FAN_OUT, async (batch) => {
    const ids = batch.map((o) => o.id);
    try {
      return await send(batch);
    } catch (error) {
      return isGone(error)
        ? { acknowledged: [], alreadyGone: ids, failures: [] }
        : failAll(ids, error);
    }
  });
  return mergeOutcomes(outcomes);
}

/** The orders of account `label` certainly in `clause`, by the engine's rule, each once. */
export function inScope(
  orders: readonly OpenOrder[],
  clause: ScopeClause,
  label: string,
): OpenOrder[] {
  const byId = new Map<string, OpenOrder>();
  for (const o of orders) {
    if (o.account === label && inClause(o, clause, BITGET_REFINEMENT)) byId.set(o.id, o);
  }
  return [...byId.values()];
}

/** Reads what a listing returns, for a sweep (no listing-round bookkeeping). */
export type Read = (signal: AbortSignal) => Promise<readonly OpenOrder[]>;

/**
 * A sweep, for what no cancel can name: reads, keeps account `label`'s orders certainly in
 * `clause` (one whose coin is not known is left for the verify rounds, which report it),
 * cancels them by id. A listing that fails is the step's failure; an account-level one is
 * thrown.
 */
export async function sweep(
  reads: readonly Read[],
  clause: ScopeClause,
  label: string,
  cancel: (orders: readonly OpenOrder[], signal: AbortSignal) => Promise<StepOutcome>,
  signal: AbortSignal,
): Promise<StepOutcome> {
  let found: OpenOrder[];
  try {
    found = (await mapBounded(reads, FAN_OUT, (read) => read(signal))).flat();
  } catch (error) {
    return failAll([], error);
  }
  return await cancel(inScope(found, clause, label), signal);
}

/** A listing that also lends its reader to sweeps. */
export interface ReadableListing extends Listing {
  /** Reads every page, as `run` does, without the listing round's bookkeeping. */
  readonly read: Read;
}
