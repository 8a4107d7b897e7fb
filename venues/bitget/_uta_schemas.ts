// Zod schemas for the Bitget unified trading account (UTA, v3) requests and responses.
// Private: mod.ts re-exports none of them; uta_client.ts declares the plain interfaces.

import { z } from "npm:zod@4";
import { clientOid, orderId, symbol } from "./_schemas.ts";
import { BITGET_UTA_CATEGORIES } from "./uta_categories.ts";

export { clientOptionsSchema, serverTimeSchema } from "./_schemas.ts";

const category = z.enum(BITGET_UTA_CATEGORIES, {
  error: () => `must be one of ${BITGET_UTA_CATEGORIES.join(", ")}`,
});

const oneId = {
  error: () => "orderId or clientOid is required",
  path: ["orderId"],
};

// ---------------------------------------------------------------------------------------------
// Request inputs

export const cancelSymbolInput = z.object({ category, symbol: symbol.optional() });

export const cancelOrderInput = z.object({
  orderId: orderId.optional(),
  clientOid: clientOid.optional(),
}).refine((v) => v.orderId !== undefined || v.clientOid !== undefined, oneId);

/** cancel-batch: at most 20 orders, all of one category (bitget.com/api-doc/uta/trade/Cancel-Batch). */
export const cancelBatchInput = z.object({
  category,
  orders: z.array(
    z.object({
      symbol,
      orderId: orderId.optional(),
      clientOid: clientOid.optional(),
    }).refine((v) => v.orderId !== undefined || v.clientOid !== undefined, oneId),
    { error: () => "must be a list" },
  ).min(1, { error: () => "must not be empty" })
    .max(20, { error: () => "must hold at most 20 orders" }),
});

const epochMs = z.number({ error: () => "must be epoch milliseconds" })
  .int({ error: () => "must be a whole number of milliseconds" })
  .min(0, { error: () => "must not be negative" })
  .max(Number.MAX_SAFE_INTEGER, { error: () => "is too large" });

export const listUnfilledInput = z.object({
  category: category.optional(),
  symbol: symbol.optional(),
  startTime: epochMs.optional(),
  endTime: epochMs.optional(),
}).refine((v) => v.startTime === undefined || v.endTime === undefined || v.startTime <= v.endTime, {
  error: () => "must not be after endTime",
  path: ["startTime"],
});

/** Strategy order types the listing takes: tpsl and trigger (tiagosiebler/bitget-api types). */
export const STRATEGY_TYPES = ["tpsl", "trigger"] as const;

export const listStrategyInput = z.object({
  category,
  type: z.enum(STRATEGY_TYPES, { error: () => "must be tpsl or trigger" }).optional(),
});

export const countdownInput = z.number({ error: () => "must be a number of seconds" })
  .int({ error: () => "must be a whole number of seconds" })
  .refine((n) => n === 0 || (n >= 5 && n <= 60), {
    error: () => "must be 0 (off) or 5 to 60 seconds",
  });

// ---------------------------------------------------------------------------------------------
// Responses. Every documented string may arrive as a number or null in items.

const str = z.union([z.string(), z.number()]).transform((v) => String(v));
const optStr = z.union([z.string(), z.number(), z.null()]).optional()
  .transform((v) => (v === undefined || v === null ? "" : String(v)));

/** One per-item result of a cancel: `code`/`msg` set when that order was not canceled. */
const itemResult = z.object({ orderId: optStr, clientOid: optStr, code: optStr, msg: optStr });

/**
 * cancel-symbol-order: `data.list[{orderId, clientOid, code, msg}]`. A null or missing list reads
 * as no item: the listing, not this answer, decides FLAT.
 */
export const cancelSymbolSchema = z.union([
  z.object({ list: z.array(itemResult).nullish().transform((v) => v ?? []) }),
  z.null(),
]).optional().transform((v) => v?.list ?? []);

/** cancel-batch: the page shows `data` as a list of items; `{list: [...]}` is read the same. */
export const cancelBatchSchema = z.union([
  z.array(itemResult),
  z.object({ list: z.array(itemResult).nullish().transform((v) => v ?? []) }).transform((v) =>
    v.list
  ),
  z.null(),
]).optional().transform((v) => v ?? []);

/** cancel-order and cancel-strategy-order: `{orderId, clientOid}` (one page shows `null`). */
export const cancelOneSchema = z.union([
  z.object({ orderId: optStr, clientOid: optStr }),
  z.null(),
]).optional().transform((v) => v ?? { orderId: "", clientOid: "" });

const unfilledOrder = z.object({
  orderId: str,
  clientOid: optStr,
  category: optStr,
  symbol: str,
  orderType: optStr,
  side: optStr,
  price: optStr,
  qty: optStr,
  orderStatus: optStr,
  posSide: optStr,
  createdTime: optStr,
  updatedTime: optStr,
});

/**
 * An unfilled-orders page, read fail-closed: `data` must be an object whose `list` is an array
 * (the documented shape). A missing or null `data`, a missing or null `list`, or any other shape
 * is a ResponseFormatError (retried, then UNKNOWN), never an empty book.
 */
export const unfilledPageSchema = z.object({
  list: z.array(unfilledOrder, {
    error: (issue) => (issue.input === undefined ? "is missing" : "must be a list of orders"),
  }),
  cursor: z.union([z.string(), z.number(), z.null()]).optional()
    .transform((v) => (v === undefined || v === null || v === "" ? undefined : String(v))),
}, { error: () => "must be an object" });

const strategyOrder = z.object({
  orderId: str,
  clientOid: optStr,
  category: optStr,
  symbol: str,
  type: optStr,
  status: optStr,
  qty: optStr,
  side: optStr,
  posSide: optStr,
  triggerPrice: optStr,
  takeProfit: optStr,
  stopLoss: optStr,
  createdTime: optStr,
});

/**
 * unfilled-strategy-orders: `data` is a list of strategy orders (tiagosiebler/bitget-api
 * `StrategyOrderV3[]`, no cursor). Only a list proves anything; `null`, an object or a missing
 * `data` is a ResponseFormatError.
 */
export const strategyListSchema = z.array(strategyOrder, {
  error: (issue) => (issue.input === undefined ? "is missing" : "must be a list of orders"),
});

/** account/settings: any object; success itself says the account is a UTA. */
export const settingsSchema = z.record(z.string(), z.unknown(), {
  error: () => "must be an object",
});

/** countdown-cancel-all: `data: "success"` (or anything the venue sends with code 00000). */
export const countdownSchema = z.unknown().transform((v) => (typeof v === "string" ? v : ""));
