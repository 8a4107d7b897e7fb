// Zod schemas for every Bitget request input and response. Private: mod.ts re-exports none of
// them (deno doc --lint forbids zod types in the public API); client.ts declares the plain
// interfaces they produce.

import { z } from "npm:zod@4";
import { credential } from "../_client.ts";
import { BITGET_PRODUCT_TYPES as PRODUCT_TYPES } from "./product_types.ts";

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** Product types, demo (S-prefixed) included: the one definition lives in product_types.ts. */
export { BITGET_PRODUCT_TYPES as PRODUCT_TYPES } from "./product_types.ts";

/**
 * Plan types cancel-plan-order documents (bitget.com/api-doc/contract/plan/Cancel-Plan-Order):
 * `normal_plan` (the default), `profit_plan`, `loss_plan`, `pos_profit`, `pos_loss`,
 * `moving_plan`. A blind cancel (no orderIdList) is sent for these only.
 */
export const DOCUMENTED_CANCEL_PLAN_TYPES = [
  "normal_plan",
  "profit_plan",
  "loss_plan",
  "pos_profit",
  "pos_loss",
  "moving_plan",
] as const;

/**
 * What cancel-plan-order may be sent: the documented types, plus `track_plan` with an
 * orderIdList only (a listing type, not documented for cancel: UNVERIFIED that the venue takes it).
 */
export const CANCEL_PLAN_TYPES = [...DOCUMENTED_CANCEL_PLAN_TYPES, "track_plan"] as const;

/**
 * The widest span a listing's startTime..endTime may cover. The listing pages say "three
 * months"; the error page says 40705 "The start and end time cannot exceed 90 days".
 */
export const MAX_LIST_SPAN_MS = 90 * 24 * 3600 * 1000;

/** Plan types orders-plan-pending accepts. */
export const LIST_PLAN_TYPES = ["normal_plan", "track_plan", "profit_loss"] as const;

const productType = z.enum(PRODUCT_TYPES, {
  error: () => `must be one of ${PRODUCT_TYPES.join(", ")}`,
});

const marginCoin = z.string({ error: () => "must be a string" })
  .min(1, { error: () => "must not be empty" })
  .regex(/^[A-Z0-9]+$/, { error: () => "must be an uppercase coin code (e.g. USDT)" });

/**
 * Symbols are sent uppercase (`BTCUSDT`); listings return them lowercase, so both are accepted.
 * Shared with the unified (v3) schemas: one symbol, order id and clientOid rule per venue.
 */
export const symbol = z.string({ error: () => "must be a string" })
  .min(1, { error: () => "must not be empty" })
  .regex(/^[A-Za-z0-9_]+$/, { error: () => "must be a Bitget symbol such as BTCUSDT" })
  .transform((s) => s.toUpperCase());

/** A Bitget order id: digits. */
export const orderId = z.string({ error: () => "must be a string" })
  .min(1, { error: () => "must not be empty" })
  .regex(/^[0-9]+$/, { error: () => "must be a numeric Bitget order id" });

/** bitget.com/api-doc/common/faq Q13: [0-9a-zA-Z-+_#], under 50 characters. */
export const clientOid = z.string({ error: () => "must be a string" })
  .min(1, { error: () => "must not be empty" })
  .max(50, { error: () => "must be at most 50 characters" })
  .regex(/^[0-9A-Za-z\-+_#]+$/, { error: () => "may contain only 0-9 a-z A-Z - + _ #" });

const idRef = z.object({
  orderId: orderId.optional(),
  clientOid: clientOid.optional(),
}).refine((v) => v.orderId !== undefined || v.clientOid !== undefined, {
  error: () => "orderId or clientOid is required",
});

// ---------------------------------------------------------------------------------------------
// Client options

export const clientOptionsSchema = z.object({
  apiKey: credential(),
  secret: credential(),
  passphrase: credential("passphrase"),
  baseUrl: z.string({ error: () => "must be a string" }).optional(),
  demo: z.boolean({ error: () => "must be true or false" }).optional(),
  locale: z.string().regex(/^[a-z]{2}-[A-Z]{2}$/, { error: () => "must look like en-US" })
    .optional(),
  transport: z.record(z.string(), z.unknown(), { error: () => "must be an object" }).optional(),
});

// ---------------------------------------------------------------------------------------------
// Request inputs

export const cancelAllInput = z.object({
  productType,
  marginCoin: marginCoin.optional(),
});

export const cancelOrderInput = z.object({
  symbol,
  productType,
  orderId: orderId.optional(),
  clientOid: clientOid.optional(),
  marginCoin: marginCoin.optional(),
}).refine((v) => v.orderId !== undefined || v.clientOid !== undefined, {
  error: () => "orderId or clientOid is required",
  path: ["orderId"],
});

export const batchCancelInput = z.object({
  symbol: symbol.optional(),
  productType,
  marginCoin: marginCoin.optional(),
  orderIdList: z.array(idRef, { error: () => "must be a list" })
    .min(1, { error: () => "must not be empty" })
    .max(50, { error: () => "must hold at most 50 orders" })
    .optional(),
}).refine((v) => v.orderIdList === undefined || v.symbol !== undefined, {
  error: () => "is required when orderIdList is set",
  path: ["symbol"],
});

export const cancelPlanInput = z.object({
  productType,
  symbol: symbol.optional(),
  marginCoin: marginCoin.optional(),
  planType: z.enum(CANCEL_PLAN_TYPES, {
    error: () => `must be one of ${CANCEL_PLAN_TYPES.join(", ")}`,
  }).optional(),
  orderIdList: z.array(idRef, { error: () => "must be a list" })
    .min(1, { error: () => "must not be empty" })
    .max(50, { error: () => "must hold at most 50 orders" })
    .optional(),
}).refine((v) => v.orderIdList === undefined || v.symbol !== undefined, {
  error: () => "is required when orderIdList is set",
  path: ["symbol"],
}).refine((v) => v.planType !== "track_plan" || v.orderIdList !== undefined, {
  error: () => "track_plan is not documented for cancel-plan-order: only with an orderIdList",
  path: ["planType"],
});

const epochMs = z.number({ error: () => "must be epoch milliseconds" })
  .int({ error: () => "must be a whole number of milliseconds" })
  .min(0, { error: () => "must not be negative" })
  .max(Number.MAX_SAFE_INTEGER, { error: () => "is too large" });

/** startTime..endTime: start not after end, at most 90 days apart (40707, 40705). */
function withinSpan<T extends { startTime?: number | undefined; endTime?: number | undefined }>(
  v: T,
): boolean {
  if (v.startTime === undefined || v.endTime === undefined) return true;
  return v.startTime <= v.endTime && v.endTime - v.startTime <= MAX_LIST_SPAN_MS;
}
const windowError = {
  error: () => "startTime must not be after endTime, and at most 90 days before it",
  path: ["startTime"],
};

export const listPendingInput = z.object({
  productType,
  symbol: symbol.optional(),
  status: z.enum(["live", "partially_filled"], {
    error: () => "must be live or partially_filled",
  }).optional(),
  startTime: epochMs.optional(),
  endTime: epochMs.optional(),
}).refine(withinSpan, windowError);

export const listPlanInput = z.object({
  productType,
  planType: z.enum(LIST_PLAN_TYPES, {
    error: () => `must be one of ${LIST_PLAN_TYPES.join(", ")}`,
  }),
  symbol: symbol.optional(),
  startTime: epochMs.optional(),
  endTime: epochMs.optional(),
}).refine(withinSpan, windowError);

// ---------------------------------------------------------------------------------------------
// Responses. Every field the venue documents as a string may arrive as a number or null.

const str = z.union([z.string(), z.number()]).transform((v) => String(v));
const optStr = z.union([z.string(), z.number(), z.null()]).optional()
  .transform((v) => (v === undefined || v === null ? "" : String(v)));

/** `{code, msg, requestTime, data}`; `code` "00000" is success, anything else an error. */
export const envelopeSchema = z.object({
  code: str,
  msg: z.union([z.string(), z.null()]).optional().transform((v) => v ?? ""),
  requestTime: z.union([z.number(), z.string(), z.null()]).optional(),
  data: z.unknown().optional(),
});

const successItem = z.object({ orderId: optStr, clientOid: optStr });
const failureItem = z.object({
  orderId: optStr,
  clientOid: optStr,
  errorMsg: optStr,
  errorCode: z.union([z.string(), z.number(), z.null()]).optional()
    .transform((v) => (v === undefined || v === null || v === "" ? undefined : String(v))),
}).transform((v) => ({
  orderId: v.orderId,
  clientOid: v.clientOid,
  errorMsg: v.errorMsg,
  errorCode: v.errorCode,
}));

/** cancel-all-orders, batch-cancel-orders, cancel-plan-order. `null` lists read as empty. */
export const cancelListSchema = z.object({
  successList: z.array(successItem).nullish().transform((v) => v ?? []),
  failureList: z.array(failureItem).nullish().transform((v) => v ?? []),
});

export const cancelOrderSchema = z.object({ orderId: optStr, clientOid: optStr });

export const pendingOrderSchema = z.object({
  symbol: str,
  orderId: str,
  clientOid: optStr,
  status: optStr,
  marginCoin: optStr,
  side: optStr,
  price: optStr,
  size: optStr,
  orderType: optStr,
  posSide: optStr,
  tradeSide: optStr,
  cTime: optStr,
  uTime: optStr,
});

export const planOrderSchema = z.object({
  planType: optStr,
  symbol: str,
  orderId: str,
  clientOid: optStr,
  planStatus: optStr,
  marginCoin: optStr,
  side: optStr,
  size: optStr,
  price: optStr,
  triggerPrice: optStr,
  triggerType: optStr,
  cTime: optStr,
});

/**
 * A listing page, read fail-closed: it proves an empty page only in a documented shape.
 * `data` must be an object holding the `entrustedList` key: an array, or `null` with no
 * cursor (`{"entrustedList":null,"endId":null}`, what peer libraries read as an empty book).
 * A missing key, a missing or null `data`, `null` next to a cursor, or any other shape is
 * a ResponseFormatError (retried, then UNKNOWN), never an empty book.
 */
function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    entrustedList: z.union([z.array(item), z.null()], {
      error: (issue) =>
        issue.input === undefined ? "is missing" : "must be a list of orders or null",
    }),
    endId: z.union([z.string(), z.number(), z.null()]).optional()
      .transform((v) => (v === undefined || v === null || v === "" ? undefined : String(v))),
  }, { error: () => "must be an object" }).superRefine((v, ctx) => {
    if (v.entrustedList === null && v.endId !== undefined) {
      ctx.addIssue({ code: "custom", message: "null next to a cursor", path: ["entrustedList"] });
    }
  }).transform((v) => ({ entrustedList: v.entrustedList ?? [], endId: v.endId }));
}

export const pendingPageSchema = pageSchema(pendingOrderSchema);

export const planPageSchema = pageSchema(planOrderSchema);

export const serverTimeSchema = z.object({ serverTime: str }).transform((v, ctx) => {
  const n = Number(v.serverTime);
  if (!Number.isSafeInteger(n) || n <= 0) {
    ctx.addIssue({ code: "custom", message: "serverTime is not epoch milliseconds" });
    return z.NEVER;
  }
  return n;
});
