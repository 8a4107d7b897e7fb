// zod schemas for p99 spot: client options, method inputs, and every response. Private: the
// public API uses the plain interfaces declared in client.ts.

import { z } from "npm:zod@4";
import { credential } from "../_client.ts";
import type { TransportOptions } from "../transport.ts";

/** Order statuses p99 documents. Active: open, partially_filled. */
export const ORDER_STATUSES = [
  "open",
  "partially_filled",
  "filled",
  "canceled",
  "rejected",
  "expired",
] as const;

/** Loose UUID: 8-4-4-4-12 hex digits, any version (the docs' examples are not all v4). */
export const UUID_RE =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A p99 market id: uppercase letters and digits (`DFUSDT`); p99 symbols are case-sensitive. */
export const SYMBOL_RE = /^[A-Z0-9]{2,32}$/;

const JWT_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

// ---------------------------------------------------------------------------------------------
// Inputs

/** A string credential arrives trimmed (a key pasted with a newline still works). */
const trimmed = <T>(schema: z.ZodType<T>) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : v), schema);

/** Client options (shape only; the base URL is checked by parseBaseUrl afterwards). */
export const clientOptionsSchema = z
  .object({
    apiKey: trimmed(credential()).optional(),
    secret: credential().optional(),
    jwt: trimmed(credential({
      pattern: JWT_RE,
      message: "must look like a JWT (three base64url parts separated by dots, no 'Bearer ')",
    })).optional(),
    baseUrl: z.string({ error: "must be a string" }).optional(),
    environment: z.enum(["sepolia"], { error: "must be sepolia" }).optional(),
    apiKeyHeader: z
      .string({ error: "must be a string" })
      .regex(/^[A-Za-z0-9-]{1,64}$/, { error: "must be an HTTP header name" })
      .optional(),
    maxInFlight: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be at least 1" })
      .max(100, { error: "must be at most 100" })
      .optional(),
    transport: z
      .custom<TransportOptions>((v) => typeof v === "object" && v !== null, {
        error: "must be an object",
      })
      .optional(),
  })
  .superRefine((o, ctx) => {
    if (o.jwt !== undefined) {
      if (o.apiKey !== undefined || o.secret !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["jwt"],
          message: "cannot be combined with apiKey/secret: choose one way to authenticate",
        });
      }
      return;
    }
    if (o.apiKey === undefined) {
      ctx.addIssue({ code: "custom", path: ["apiKey"], message: "is required (or pass jwt)" });
    }
    if (o.secret === undefined) {
      ctx.addIssue({ code: "custom", path: ["secret"], message: "is required (or pass jwt)" });
    }
  });

/** An order id: a UUID. */
export const orderIdSchema = z
  .string({ error: "must be a string" })
  .min(1, { error: "must not be empty" })
  .regex(UUID_RE, { error: "must be a UUID like 9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10" });

/** A market id. */
export const symbolSchema = z
  .string({ error: "must be a string" })
  .min(1, { error: "must not be empty" })
  .regex(SYMBOL_RE, {
    error: "must be an uppercase market id like DFUSDT (p99 symbols are case-sensitive)",
  });

/** Input of cancelAll() and listActiveOrders(). */
export const symbolInputSchema = z.object({ symbol: symbolSchema.optional() }, {
  error: "must be an object",
});

const unixSeconds = z
  .number({ error: "must be a number" })
  .int({ error: "must be whole unix seconds" })
  .min(0, { error: "must not be negative" });

/** Input of listOrders(). */
export const listOrdersInputSchema = z.object({
  symbol: symbolSchema.optional(),
  status: z.enum(ORDER_STATUSES, { error: `must be one of ${ORDER_STATUSES.join(", ")}` })
    .optional(),
  start: unixSeconds.optional(),
  end: unixSeconds.optional(),
  limit: z
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .optional(),
}, { error: "must be an object" });

// ---------------------------------------------------------------------------------------------
// Responses

/** Decimal fields: strings per the docs; numbers tolerated and turned into strings. */
const decimal = z.union([z.string(), z.number()]).transform((v) => String(v));

/** Unix seconds: integers per the docs; numeric strings tolerated. */
const seconds = z.union([
  z.number().int(),
  z.string().regex(/^\d+$/).transform((v) => Number(v)),
]);

/** One order, as every order endpoint returns it. Unused fields are optional. */
export const orderSchema = z.object({
  id: z.string().min(1),
  symbol: z.string().min(1),
  side: z.string().optional(),
  type: z.string().optional(),
  tif: z.string().nullable().optional(),
  price: decimal.nullable().optional(),
  quantity: decimal.nullable().optional(),
  quote_quantity: decimal.nullable().optional(),
  filled_qty: decimal.nullable().optional(),
  avg_fill_price: decimal.nullable().optional(),
  status: z.string().min(1),
  reject_reason: z.string().nullable().optional(),
  created_at: seconds,
  updated_at: seconds.nullable().optional(),
});

/**
 * GET /spot/orders: a bare JSON array, as documented. Nothing else proves an empty book: a
 * `null` body, an object, or an item that is not an order is a format error (retried, then
 * UNKNOWN), never "no orders".
 */
export const orderListSchema = z.array(orderSchema);

/** DELETE /spot/orders: `{canceled: [...]}` (null or missing list tolerated as empty). */
export const cancelAllSchema = z.object({
  canceled: z.array(orderSchema).nullable().optional().transform((v) => v ?? []),
});

/**
 * One row of GET /spot/markets (public): the market id and the tokens it trades, as the venue
 * states them. Unused fields are optional; the coins are required, since they are what a
 * coin-scoped run reads from it.
 */
export const marketSchema = z.object({
  id: z.string().min(1),
  base_token: z.string().min(1),
  quote_token: z.string().min(1),
  status: z.string().optional(),
  tick_size: decimal.optional(),
  lot_size: decimal.optional(),
  min_notional: decimal.optional(),
});

/** GET /spot/markets: a bare array, as documented (null or an object is a format error). */
export const marketListSchema = z.array(marketSchema);

/** GET /spot/health. */
export const healthSchema = z.object({
  engine: z.string(),
  queue_depth: z.number().optional(),
  books_loaded: z.number().optional(),
});

/** Error envelope `{"error": "<CODE>"}`. */
export const errorSchema = z.object({
  error: z.string(),
  message: z.string().optional(),
});
