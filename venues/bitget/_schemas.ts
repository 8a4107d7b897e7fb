// Zod schemas for every Bitget request input and response. Private: mod.ts re-exports none of
// them (deno doc --lint forbids zod types in the public API); client.ts declares the plain
// interfaces they produce.

import { z } from "npm:zod@4";
import { Secret } from "../secret.ts";

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** Product types, demo (S-prefixed) included. */
export const PRODUCT_TYPES = [
  "USDT-FUTURES",
  "COIN-FUTURES",
  "USDC-FUTURES",
  "SUSDT-FUTURES",
  "SCOIN-FUTURES",
  "SUSDC-FUTURES",
] as const;

/** Plan types cancel-plan-order documents, plus `track_plan` (UNVERIFIED: listed, not documented for cancel). */
export const CANCEL_PLAN_TYPES = [
  "normal_plan",
  "profit_plan",
  "loss_plan",
  "pos_profit",
  "pos_loss",
  "moving_plan",
  "track_plan",
] as const;

/** Plan types orders-plan-pending accepts. */
export const LIST_PLAN_TYPES = ["normal_plan", "track_plan", "profit_loss"] as const;

const productType = z.enum(PRODUCT_TYPES, {
  error: () => `must be one of ${PRODUCT_TYPES.join(", ")}`,
});

const marginCoin = z.string({ error: () => "must be a string" })
  .min(1, { error: () => "must not be empty" })
  .regex(/^[A-Z0-9]+$/, { error: () => "must be an uppercase coin code (e.g. USDT)" });

/** Symbols are sent uppercase (`BTCUSDT`); listings return them lowercase, so both are accepted. */
const symbol = z.string({ error: () => "must be a string" })
  .min(1, { error: () => "must not be empty" })
  .regex(/^[A-Za-z0-9_]+$/, { error: () => "must be a Bitget symbol such as BTCUSDT" })
  .transform((s) => s.toUpperCase());

const orderId = z.string({ error: () => "must be a string" })
  .min(1, { error: () => "must not be empty" })
  .regex(/^[0-9]+$/, { error: () => "must be a numeric Bitget order id" });

/** bitget.com/api-doc/common/faq Q13: [0-9a-zA-Z-+_#], under 50 characters. */
const clientOid = z.string({ error: () => "must be a string" })
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

const credential = z.union([z.string(), z.instanceof(Secret)], {
  error: (issue) => (issue.input === undefined ? "is required" : "must be a string or a Secret"),
}).refine((v) => (typeof v === "string" ? v : v.reveal()).length > 0, {
  error: () => "must not be empty",
});

export const clientOptionsSchema = z.object({
  apiKey: credential,
  secret: credential,
  passphrase: credential,
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
  symbol,
  productType,
  marginCoin: marginCoin.optional(),
  orderIdList: z.array(idRef, { error: () => "must be a list" })
    .min(1, { error: () => "must not be empty" })
    .max(50, { error: () => "must hold at most 50 orders" }),
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
});

export const listPendingInput = z.object({
  productType,
  symbol: symbol.optional(),
  status: z.enum(["live", "partially_filled"], {
    error: () => "must be live or partially_filled",
  }).optional(),
});

export const listPlanInput = z.object({
  productType,
  planType: z.enum(LIST_PLAN_TYPES, {
    error: () => `must be one of ${LIST_PLAN_TYPES.join(", ")}`,
  }),
  symbol: symbol.optional(),
});

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

/** A listing page; the live venue sends `{"entrustedList":null,"endId":null}` when empty. */
export const pendingPageSchema = z.object({
  entrustedList: z.array(pendingOrderSchema).nullish().transform((v) => v ?? []),
  endId: z.union([z.string(), z.number(), z.null()]).optional()
    .transform((v) => (v === undefined || v === null || v === "" ? undefined : String(v))),
});

export const planPageSchema = z.object({
  entrustedList: z.array(planOrderSchema).nullish().transform((v) => v ?? []),
  endId: z.union([z.string(), z.number(), z.null()]).optional()
    .transform((v) => (v === undefined || v === null || v === "" ? undefined : String(v))),
});

export const serverTimeSchema = z.object({ serverTime: str }).transform((v, ctx) => {
  const n = Number(v.serverTime);
  if (!Number.isSafeInteger(n) || n <= 0) {
    ctx.addIssue({ code: "custom", message: "serverTime is not epoch milliseconds" });
    return z.NEVER;
  }
  return n;
});
