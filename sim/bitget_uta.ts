/**
 * The Bitget unified trading account (UTA, v3) simulator, served beside the v2 one
 * (`sim/bitget.ts` routes `/api/v3/` here): per-account mode (classic answers every v3 private
 * call with 40084; a UTA account answers every v2 private call with 40085, in `bitget.ts`),
 * account settings, cancel-symbol-order per category, cancel-batch (a list, at most 20, one
 * category), cancel-order, cursor-paged unfilled-orders, strategy (tpsl and trigger) orders,
 * and the countdown-cancel-all dead-man switch, each with its documented limit per UID.
 *
 * Points no source settled are marked ASSUMED here and in docs/fidelity/bitget.md.
 *
 * This file holds the account modes and routes v3 requests; the endpoints are in
 * `bitget/uta.ts`, the order shapes in `bitget/uta_orders.ts`, and what v2 and v3 share
 * (signature, envelopes, parameters, order matching) in `bitget/wire.ts` and
 * `bitget/orders.ts`. State lives in the venue's book.
 *
 * @module
 */

import { AccountSlot } from "./book.ts";
import type { SimRequest, SimState } from "./core.ts";
import { fireCountdown, UTA_ROUTES } from "./bitget/uta.ts";
import { authenticate, failUta, publicTime, readParams } from "./bitget/wire.ts";

/** A Bitget account's mode in the simulator. */
export type SimBitgetMode = "classic" | "uta";

/** Each Bitget account's mode (classic unless set); kept across resets, like account sites. */
const MODE = new AccountSlot<SimBitgetMode>(() => "classic");

/**
 * Puts Bitget account `index` in `mode` (default classic). Its orders stay; seed after the
 * switch for orders in the mode's shape.
 *
 * @example Make account 1 a unified trading account
 * ```ts
 * import { SimState } from "./core.ts";
 * import { bitgetAccountMode, setBitgetAccountMode } from "./bitget_uta.ts";
 * const state = new SimState({ accounts: 2 });
 * setBitgetAccountMode(state, 1, "uta");
 * bitgetAccountMode(state, 1); // "uta"
 * ```
 */
export function setBitgetAccountMode(state: SimState, index: number, mode: SimBitgetMode): void {
  const book = state.book("bitget");
  book.account(index);
  book.set(MODE, index, mode);
}

/** The mode of Bitget account `index` (classic unless set). */
export function bitgetAccountMode(state: SimState, index: number): SimBitgetMode {
  return state.book("bitget").get(MODE, index);
}

/** Answers one `/api/v3/` request (same headers, signature and errors as v2). */
export async function handleUta(req: SimRequest, state: SimState): Promise<Response> {
  const book = state.book("bitget");
  if (req.path === "/api/v3/public/time" && req.method === "GET") {
    return publicTime(book, "ip:uta-public-time");
  }
  const route = UTA_ROUTES[`${req.method} ${req.path}`];
  if (!route) return failUta("40404");
  const account = await authenticate(req, book);
  if (account instanceof Response) return account;
  if (bitgetAccountMode(state, account.index) !== "uta") return failUta("40084");
  fireCountdown(book, account);
  if (!book.takeRate(`${account.index}:${req.path}`, route.limit, 1000)) return failUta("429");
  const params = readParams(req, true);
  if (params instanceof Response) return params;
  return route.handler(req, book, account, params);
}
