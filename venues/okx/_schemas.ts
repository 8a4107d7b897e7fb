// Zod schemas for the OKX Spread client: every input it validates and every response it
// reads. Private: mod.ts re-exports plain interfaces, never these (deno doc --lint).

import { z } from "npm:zod@4";
import { credential } from "../_client.ts";
import { OKX_REGIONS, type OkxRegion } from "./hosts.ts";

// ---------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------

/** Client options (transport options are checked by the transport itself). */
export const ClientOptionsSchema = z.object({
  apiKey: credential(),
  secret: credential(),
  passphrase: credential("passphrase"),
  baseUrl: z.string({ error: "must be a string" }).min(1, "must not be empty").optional(),
  region: z.enum(OKX_REGIONS as [OkxRegion, ...OkxRegion[]]).optional(),
  demo: z.boolean({ error: "must be true or false" }).optional(),
  transport: z.object({}).passthrough().optional(),
});

/** A non-empty id without surrounding whitespace (the issue path names the field). */
const id = () =>
  z.string({ error: "must be a string" }).min(1, "must not be empty").refine(
    (v) => v.trim() === v,
    "must not have leading or trailing spaces",
  );

/** `{ordId}` or `{clOrdId}`, exactly one. */
export const OrderRefSchema = z.object({
  ordId: id().optional(),
  clOrdId: id().optional(),
}).superRefine((v, ctx) => {
  if (v.ordId === undefined && v.clOrdId === undefined) {
    ctx.addIssue({ code: "custom", message: "ordId or clOrdId is required", path: [] });
  } else if (v.ordId !== undefined && v.clOrdId !== undefined) {
    ctx.addIssue({
      code: "custom",
      message: "give ordId or clOrdId, not both",
      path: [],
    });
  }
});

/** Legs like `BTC-USDT` or `BTC-USD-SWAP`, joined by `_`; OKX spells them in uppercase. */
export const SPREAD_ID = /^[A-Z0-9]+(-[A-Z0-9]+)+(_[A-Z0-9]+(-[A-Z0-9]+)+)+$/;

/** Spread id: `BTC-USDT_BTC-USDT-SWAP` (legs joined by `_`). */
export const SprdIdSchema = z.string({ error: "must be a string" }).min(1, "must not be empty")
  .regex(SPREAD_ID, "must be an uppercase spread id like BTC-USDT_BTC-USDT-SWAP");

/** `massCancel()` input. */
export const MassCancelInputSchema = z.object({ sprdId: SprdIdSchema.optional() }).strict();

/** `cancelAllAfter()` input: 0 (disarm) or a whole number of seconds in 10..120. */
export const TimeOutSchema = z.number({ error: "must be a number of seconds" }).int(
  "must be a whole number of seconds",
).refine((v) => v === 0 || (v >= 10 && v <= 120), "must be 0 (disarm) or 10..120 seconds");

/** Order types of spread orders. */
export const ORD_TYPES = ["market", "limit", "post_only", "ioc"] as const;
/** States the pending listing filters on. */
export const PENDING_STATES = ["live", "partially_filled"] as const;

/** `listPendingOrders()` input. */
export const ListPendingInputSchema = z.object({
  sprdId: SprdIdSchema.optional(),
  ordType: z.enum(ORD_TYPES).optional(),
  state: z.enum(PENDING_STATES).optional(),
}).strict();

/** Spread states `GET /api/v5/sprd/spreads` filters on. */
export const SPREAD_STATES = ["live", "suspend", "expired"] as const;

/** `getSpreads()` input: every documented filter, all optional. */
export const SpreadsInputSchema = z.object({
  sprdId: SprdIdSchema.optional(),
  baseCcy: z.string({ error: "must be a string" }).regex(
    /^[A-Z0-9]+$/,
    "must be an uppercase currency like BTC",
  ).optional(),
  instId: z.string({ error: "must be a string" }).regex(
    /^[A-Z0-9]+(-[A-Z0-9_]+)+$/,
    "must be an uppercase instrument id like BTC-USDT-SWAP",
  ).optional(),
  state: z.enum(SPREAD_STATES).optional(),
}).strict();

// ---------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------

/** A string the venue may also send as a number. */
const str = z.union([z.string(), z.number()]).transform(String);
/** An optional string field; `null` and missing become `""`. */
const optStr = z.union([z.string(), z.number(), z.null()]).optional().transform((v) =>
  v === undefined || v === null ? "" : String(v)
);

/** The v5 envelope: `{code, msg, data}`; error bodies may omit `data` or `msg`. */
export const EnvelopeSchema = z.object({
  code: str,
  msg: z.union([z.string(), z.null()]).optional().transform((v) => v ?? ""),
  data: z.unknown().optional(),
});

/**
 * `data` as a list; `null` or missing means empty. Only for answers whose first item is
 * required anyway (an empty list is then an error of its own): never for a listing, where
 * an empty list is a claim that the book is empty.
 */
export function listOf<T>(item: z.ZodType<T>): z.ZodType<T[]> {
  return z.union([z.array(item), z.null(), z.undefined()]).transform((v) => v ?? []);
}

/**
 * `data` as the documented array, and nothing else: a missing or `null` `data` is a
 * malformed answer, not an empty one. Listings use this, so that only a response that
 * positively says "no orders" (`"data": []`) can prove an empty book.
 */
export function arrayOf<T>(item: z.ZodType<T>): z.ZodType<T[]> {
  return z.array(item);
}

/** Item of a per-order result (`cancel-order`). */
export const SCodeItemSchema = z.object({
  ordId: optStr,
  clOrdId: optStr,
  sCode: str,
  sMsg: optStr,
});

/** Item of `mass-cancel`: `result` is a boolean (accept `"true"` too). */
export const MassCancelItemSchema = z.object({
  result: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]),
});

/** Epoch-ms string (or number) -> number. */
const epoch = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(
  Number,
);

/** Item of `cancel-all-after`. */
export const CancelAllAfterItemSchema = z.object({ triggerTime: epoch, ts: epoch });

/** Item of `public/time`. */
export const TimeItemSchema = z.object({ ts: epoch });

/** A spread order (listing item and order detail). */
export const OrderSchema = z.object({
  // The English example of GET /sprd/order shows `instId` where the table says `sprdId`.
  sprdId: z.string().optional(),
  instId: z.string().optional(),
  ordId: z.string().min(1),
  clOrdId: optStr,
  tag: optStr,
  px: optStr,
  sz: optStr,
  ordType: optStr,
  side: optStr,
  fillSz: optStr,
  fillPx: optStr,
  tradeId: optStr,
  accFillSz: optStr,
  pendingFillSz: optStr,
  pendingSettleSz: optStr,
  canceledSz: optStr,
  state: z.string().min(1),
  avgPx: optStr,
  cancelSource: optStr,
  uTime: optStr,
  cTime: optStr,
}).refine((o) => (o.sprdId ?? o.instId) !== undefined, {
  message: "sprdId is required",
  path: ["sprdId"],
}).transform(({ instId, sprdId, ...rest }) => ({ ...rest, sprdId: sprdId ?? instId ?? "" }));

/** The parsed order, as the client returns it. */
export type OrderOutput = z.output<typeof OrderSchema>;
/** The parsed per-order result. */
export type SCodeItemOutput = z.output<typeof SCodeItemSchema>;

/** One leg of a spread, as `GET /api/v5/sprd/spreads` states it. */
const SpreadLegSchema = z.object({ instId: z.string().min(1), side: optStr });

/**
 * A spread's metadata (`GET /api/v5/sprd/spreads`). The fields the tool decides on are
 * required (`sprdId`, `sprdType`, `baseCcy`, `quoteCcy`): an item without them is a format
 * error, never a guess.
 */
export const SpreadSchema = z.object({
  sprdId: z.string().min(1),
  sprdType: z.string().min(1),
  state: optStr,
  baseCcy: z.string().min(1),
  szCcy: optStr,
  quoteCcy: z.string().min(1),
  tickSz: optStr,
  minSz: optStr,
  lotSz: optStr,
  listTime: optStr,
  expTime: optStr,
  uTime: optStr,
  legs: z.union([z.array(SpreadLegSchema), z.null()]).optional().transform((v) => v ?? []),
});

/** The parsed spread metadata. */
export type SpreadOutput = z.output<typeof SpreadSchema>;
