/**
 * Unified-account Bitget (v3) endpoints: account settings, cancel-symbol-order per category,
 * cancel-batch (a list, at most 20, one category), cancel-order, cursor-paged unfilled-orders,
 * strategy (tpsl and trigger) orders and their cancel, and the countdown-cancel-all dead-man
 * switch (bitget.com/api-doc/uta/*). Points no source settled are marked ASSUMED here and in
 * docs/fidelity/bitget.md.
 *
 * @module
 */

import { AccountSlot, cancelNow, compareIds, isActive, type VenueBook } from "../book.ts";
import type { SimAccount, SimOrder, SimRequest } from "../core.ts";
import type { OrderKind } from "../types.ts";
import { byIdDesc, cancelKeeping, findOrder, reappear, symbolMatches } from "./orders.ts";
import {
  type Category,
  isUtaOrder,
  makeUtaOrder,
  renderStrategy,
  renderUnfilled,
  STRATEGY_TYPES,
  UTA_CATEGORIES,
} from "./uta_orders.ts";
import { failUta, type Handler, ok, type Params, str, UTA_MESSAGES } from "./wire.ts";

/** One unified endpoint: its parameters may be a JSON list (cancel-batch). */
export type UtaHandler = Handler<Params | unknown[]>;

const PAGE_MAX = 100;

/** Armed countdown-cancel-all deadline (venue clock, ms) per account; disarmed by a reset. */
const COUNTDOWN = new AccountSlot<number | undefined>(() => undefined, { clearOnReset: true });

function categoryOf(p: Params, required: boolean): Category | undefined | Response {
  const raw = str(p, "category");
  if (raw === undefined) {
    return required ? failUta("40019", "Parameter category cannot be empty") : undefined;
  }
  // The pages' own examples send lowercase ("spot", "usdt-futures"): accepted in any case.
  const up = raw.toUpperCase();
  return UTA_CATEGORIES.find((c) => c === up) ??
    failUta("40034", "Parameter category does not exist");
}

function open(book: VenueBook, account: SimAccount, kind: "regular" | "conditional"): SimOrder[] {
  return book.open(account).filter((o) => isUtaOrder(o) && o.kind === kind);
}

/** Cancels `targets` except those a `partial-failure` fault keeps open (per-item code 40725). */
function cancelItems(
  req: SimRequest,
  book: VenueBook,
  account: SimAccount,
  targets: SimOrder[],
): Record<string, string>[] {
  const { kept, canceled } = cancelKeeping(req, book, account, targets);
  return [
    ...kept.map((o) => ({
      orderId: o.id,
      clientOid: o.clientId,
      code: "40725",
      msg: UTA_MESSAGES["40725"]!,
    })),
    ...canceled.map((o) => ({ orderId: o.id, clientOid: o.clientId })),
  ];
}

const asObject = (params: Params | unknown[]): Params | Response =>
  Array.isArray(params) ? failUta("40017") : params;

const settings: UtaHandler = () =>
  // ASSUMED shape: the client reads only the code (00000: a unified trading account).
  ok({ assetMode: "union", holdMode: "hedge_mode", marginMode: "crossed" });

const cancelSymbol: UtaHandler = (req, book, account, raw) => {
  const p = asObject(raw);
  if (p instanceof Response) return p;
  const category = categoryOf(p, true);
  if (category instanceof Response || category === undefined) return category ?? failUta("40019");
  const symbol = str(p, "symbol");
  // Regular orders only: no page says cancel-symbol-order removes strategy orders (ASSUMED).
  const targets = open(book, account, "regular")
    .filter((o) => o.market === category && symbolMatches(o, symbol)).sort(byIdDesc);
  const list = cancelItems(req, book, account, targets);
  reappear(req, book, account, category, "regular", makeUtaOrder);
  return ok({ list });
};

const cancelBatch: UtaHandler = (req, book, account, raw) => {
  if (!Array.isArray(raw)) {
    return failUta("40017", "Parameter verification failed: a list is required");
  }
  if (raw.length === 0) return failUta("40019", "Parameter orderList cannot be empty");
  if (raw.length > 20) return failUta("400172", "No more than 20 orders per batch");
  let category: Category | undefined;
  const refs: Params[] = [];
  for (const item of raw) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return failUta("40017");
    const p = item as Params;
    const c = categoryOf(p, true);
    if (c instanceof Response || c === undefined) return c ?? failUta("40019");
    if (category !== undefined && c !== category) {
      return failUta("40017", "All orders must have the same category");
    }
    category = c;
    if (str(p, "symbol") === undefined) return failUta("40019", "Parameter symbol cannot be empty");
    if (str(p, "orderId") === undefined && str(p, "clientOid") === undefined) {
      return failUta("40019", "Either orderId or clientOid is required");
    }
    refs.push(p);
  }
  book.settle(account);
  const targets: SimOrder[] = [];
  const gone: Record<string, string>[] = [];
  for (const p of refs) {
    const o = findOrder(book, account, str(p, "orderId"), str(p, "clientOid"));
    if (
      o && isUtaOrder(o) && o.kind === "regular" && o.market === category &&
      symbolMatches(o, str(p, "symbol")) && isActive(o)
    ) {
      targets.push(o);
    } else {
      gone.push({
        orderId: str(p, "orderId") ?? "",
        clientOid: str(p, "clientOid") ?? "",
        code: "25204",
        msg: UTA_MESSAGES["25204"]!,
      });
    }
  }
  const items = cancelItems(req, book, account, targets);
  if (category !== undefined) reappear(req, book, account, category, "regular", makeUtaOrder);
  // The documented answer: `data` is the list of items.
  return ok([...items, ...gone]);
};

const cancelOne = (kind: OrderKind): UtaHandler => (req, book, account, raw) => {
  const p = asObject(raw);
  if (p instanceof Response) return p;
  if (str(p, "orderId") === undefined && str(p, "clientOid") === undefined) {
    return failUta("40019", "Either orderId or clientOid is required");
  }
  book.settle(account);
  const o = findOrder(book, account, str(p, "orderId"), str(p, "clientOid"));
  if (!o || !isUtaOrder(o) || o.kind !== kind || !isActive(o)) return failUta("25204");
  cancelNow(o);
  reappear(req, book, account, o.market, kind, makeUtaOrder);
  return ok({ orderId: o.id, clientOid: o.clientId });
};

const unfilled: UtaHandler = (_req, book, account, raw) => {
  const p = asObject(raw);
  if (p instanceof Response) return p;
  const category = categoryOf(p, false);
  if (category instanceof Response) return category;
  const num = (key: string): number | undefined | Response => {
    const v = str(p, key);
    if (v === undefined) return undefined;
    return /^[0-9]{1,16}$/.test(v) ? Number(v) : failUta("400172", `Parameter ${key} error`);
  };
  const start = num("startTime");
  if (start instanceof Response) return start;
  const end = num("endTime");
  if (end instanceof Response) return end;
  const rawLimit = str(p, "limit");
  const limit = rawLimit === undefined ? PAGE_MAX : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) {
    return failUta("400172", "Parameter limit must be between 1 and 100");
  }
  const symbol = str(p, "symbol");
  const cursor = str(p, "cursor");
  // No time window: no page documents one (startTime/endTime filter only when given).
  const orders = open(book, account, "regular").filter((o) =>
    (category === undefined || o.market === category) && symbolMatches(o, symbol) &&
    (start === undefined || o.createdMs >= start) && (end === undefined || o.createdMs <= end) &&
    (cursor === undefined || compareIds(o.id, cursor) < 0)
  ).sort(byIdDesc).slice(0, limit);
  return ok({ list: orders.map(renderUnfilled), cursor: orders.at(-1)?.id ?? null });
};

const strategies: UtaHandler = (_req, book, account, raw) => {
  const p = asObject(raw);
  if (p instanceof Response) return p;
  const category = categoryOf(p, true);
  if (category instanceof Response || category === undefined) return category ?? failUta("40019");
  const type = str(p, "type");
  if (type !== undefined && !STRATEGY_TYPES.includes(type)) {
    return failUta("40034", "Parameter type does not exist");
  }
  // No type: every type (ASSUMED; the client also lists each type explicitly).
  const orders = open(book, account, "conditional").filter((o) =>
    o.market === category && (type === undefined || o.extra.strategyType === type)
  ).sort(byIdDesc);
  return ok(orders.map(renderStrategy));
};

const countdown: UtaHandler = (_req, book, account, raw) => {
  const p = asObject(raw);
  if (p instanceof Response) return p;
  const v = p.countdown;
  const n = typeof v === "string" && /^[0-9]{1,3}$/.test(v)
    ? Number(v)
    : typeof v === "number"
    ? v
    : NaN;
  if (!Number.isInteger(n) || !(n === 0 || (n >= 5 && n <= 60))) {
    return failUta("400172", "countdown must be 0 or from 5 to 60 seconds");
  }
  book.set(COUNTDOWN, account, n === 0 ? undefined : book.now() + n * 1000);
  return ok("success");
};

/**
 * The unified endpoints by `METHOD path`, each with its limit per UID in requests per second
 * (the strategy listing's and the settings' ASSUMED).
 */
export const UTA_ROUTES: Readonly<
  Record<string, { readonly handler: UtaHandler; readonly limit: number }>
> = {
  "GET /api/v3/account/settings": { handler: settings, limit: 5 },
  "POST /api/v3/trade/cancel-symbol-order": { handler: cancelSymbol, limit: 5 },
  "POST /api/v3/trade/cancel-batch": { handler: cancelBatch, limit: 5 },
  "POST /api/v3/trade/cancel-order": { handler: cancelOne("regular"), limit: 10 },
  "GET /api/v3/trade/unfilled-orders": { handler: unfilled, limit: 20 },
  "GET /api/v3/trade/unfilled-strategy-orders": { handler: strategies, limit: 20 },
  "POST /api/v3/trade/cancel-strategy-order": { handler: cancelOne("conditional"), limit: 10 },
  "POST /api/v3/trade/countdown-cancel-all": { handler: countdown, limit: 1 },
};

/** When an armed countdown has run out: every UTA order of the account is canceled, disarmed. */
export function fireCountdown(book: VenueBook, account: SimAccount): void {
  const at = book.get(COUNTDOWN, account);
  if (at === undefined || book.now() < at) return;
  book.set(COUNTDOWN, account, undefined);
  for (const o of book.open(account)) if (isUtaOrder(o)) cancelNow(o);
}
