// Zod schemas for every Bybit v5 request input and response the client handles. Private:
// the public API exposes the hand-written interfaces in client.ts instead.

import { z } from "npm:zod@4";
import { credential } from "../_client.ts";

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/** Categories (UTA). */
export { BYBIT_CATEGORIES as CATEGORIES } from "./categories.ts";
import { BYBIT_CATEGORIES as CATEGORIES } from "./categories.ts";

/** orderFilter values accepted by cancel-all, per category. */
export const CANCEL_ALL_FILTERS: Readonly<Record<(typeof CATEGORIES)[number], readonly string[]>> =
  {
    spot: ["Order", "tpslOrder", "StopOrder", "OcoOrder", "BidirectionalTpslOrder"],
    linear: ["Order", "StopOrder", "OpenOrder"],
    inverse: ["Order", "StopOrder", "OpenOrder"],
    option: ["Order", "StopOrder"],
  };

/** orderFilter values accepted by the open-order listing, per category. */
export const LIST_FILTERS: Readonly<Record<(typeof CATEGORIES)[number], readonly string[]>> = {
  spot: ["Order", "tpslOrder", "StopOrder", "OcoOrder", "BidirectionalTpslOrder"],
  linear: ["Order", "StopOrder"],
  inverse: ["Order", "StopOrder"],
  option: ["Order", "StopOrder"],
};

const category = z.enum(CATEGORIES, {
  error: (i) =>
    i.input === undefined ? "is required" : "must be one of spot, linear, inverse, option",
});

const symbol = z.string({ error: "must be a string" }).min(1, { error: "must not be empty" })
  .max(64, { error: "is too long" })
  .regex(/^[A-Z0-9][A-Z0-9-]*$/, { error: "must be uppercase letters, digits and '-' only" });

const coin = z.string({ error: "must be a string" }).min(1, { error: "must not be empty" })
  .max(20, { error: "is too long" })
  .regex(/^[A-Z0-9]+$/, { error: "must be uppercase letters and digits only" });

const orderId = z.string({ error: "must be a string" }).min(1, { error: "must not be empty" })
  .max(64, { error: "is too long" })
  .regex(/^[\x21-\x7e]+$/, { error: "must be printable ASCII without spaces" });

const orderFilter = z.string({ error: "must be a string" }).min(1, { error: "must not be empty" });

/** The part of zod's refinement context the checks use. */
interface IssueSink {
  addIssue(issue: { code: "custom"; path: (string | number)[]; message: string }): void;
}

function checkFilter(
  v: { category: (typeof CATEGORIES)[number]; orderFilter?: string | undefined },
  table: Readonly<Record<string, readonly string[]>>,
  ctx: IssueSink,
): void {
  if (v.orderFilter === undefined) return;
  const allowed = table[v.category] ?? [];
  if (!allowed.includes(v.orderFilter)) {
    ctx.addIssue({
      code: "custom",
      path: ["orderFilter"],
      message: `must be one of ${allowed.join(", ")} for category ${v.category}`,
    });
  }
}

/** Input of POST /v5/order/cancel-all. */
export const CancelAllInput = z.object({
  category,
  symbol: symbol.optional(),
  baseCoin: coin.optional(),
  settleCoin: coin.optional(),
  orderFilter: orderFilter.optional(),
  stopOrderType: z.literal("Stop", { error: "must be Stop" }).optional(),
}).strict().superRefine((v, ctx) => {
  const futures = v.category === "linear" || v.category === "inverse";
  if (futures && !v.symbol && !v.baseCoin && !v.settleCoin) {
    ctx.addIssue({
      code: "custom",
      path: ["symbol"],
      message: `or baseCoin or settleCoin is required for category ${v.category}`,
    });
  }
  if (v.category === "spot" && v.settleCoin !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["settleCoin"],
      message: "is not supported for category spot",
    });
  }
  checkFilter(v, CANCEL_ALL_FILTERS, ctx);
  if (v.stopOrderType !== undefined && !(futures && v.orderFilter === "StopOrder")) {
    ctx.addIssue({
      code: "custom",
      path: ["stopOrderType"],
      message: "is only allowed for category linear or inverse with orderFilter StopOrder",
    });
  }
});

const orderRef = {
  orderId: orderId.optional(),
  orderLinkId: orderId.optional(),
};

function checkRef(
  v: { orderId?: string | undefined; orderLinkId?: string | undefined },
  ctx: IssueSink,
  path: (string | number)[] = [],
): void {
  if (v.orderId === undefined && v.orderLinkId === undefined) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "orderId"],
      message: "or orderLinkId is required",
    });
  }
}

/** orderFilter values the single cancel accepts (spot only; `Order` when omitted). */
export const CANCEL_ORDER_FILTERS: readonly string[] = ["Order", "tpslOrder", "StopOrder"];

/** Input of POST /v5/order/cancel. */
export const CancelOrderInput = z.object({
  category,
  symbol,
  ...orderRef,
  orderFilter: orderFilter.optional(),
}).strict().superRefine((v, ctx) => {
  checkRef(v, ctx);
  if (v.orderFilter === undefined) return;
  if (v.category !== "spot") {
    ctx.addIssue({
      code: "custom",
      path: ["orderFilter"],
      message: "is only valid for category spot",
    });
  } else if (!CANCEL_ORDER_FILTERS.includes(v.orderFilter)) {
    ctx.addIssue({
      code: "custom",
      path: ["orderFilter"],
      message: `must be one of ${CANCEL_ORDER_FILTERS.join(", ")} for category spot`,
    });
  }
});

/** Most orders one cancel-batch request may carry, per category. */
export const BATCH_MAX: Readonly<Record<(typeof CATEGORIES)[number], number>> = {
  spot: 10,
  linear: 20,
  inverse: 20,
  option: 20,
};

/** Input of POST /v5/order/cancel-batch. */
export const CancelBatchInput = z.object({
  category,
  request: z.array(z.object({ symbol, ...orderRef }).strict(), { error: "must be an array" })
    .min(1, { error: "must not be empty" }),
}).strict().superRefine((v, ctx) => {
  const max = BATCH_MAX[v.category];
  if (v.request.length > max) {
    ctx.addIssue({
      code: "custom",
      path: ["request"],
      message: `must hold at most ${max} orders for category ${v.category}`,
    });
  }
  v.request.forEach((item, i) => checkRef(item, ctx, ["request", i]));
});

/** Input of GET /v5/order/realtime (every page). */
export const ListOpenInput = z.object({
  category,
  symbol: symbol.optional(),
  baseCoin: coin.optional(),
  settleCoin: coin.optional(),
  orderFilter: orderFilter.optional(),
}).strict().superRefine((v, ctx) => {
  if (v.category === "linear" && !v.symbol && !v.baseCoin && !v.settleCoin) {
    ctx.addIssue({
      code: "custom",
      path: ["symbol"],
      message: "or baseCoin or settleCoin is required for category linear",
    });
  }
  if (v.category === "spot" && v.settleCoin !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["settleCoin"],
      message: "is not supported for category spot",
    });
  }
  if (v.category === "spot" && v.baseCoin !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["baseCoin"],
      message: "is not supported for category spot listings",
    });
  }
  checkFilter(v, LIST_FILTERS, ctx);
});

/** Input of GET /v5/market/instruments-info (every page). */
export const InstrumentsInput = z.object({
  category,
  symbol: symbol.optional(),
  status: z.enum(["PreLaunch", "Trading", "Delivering", "Closed"], {
    error: "must be PreLaunch, Trading, Delivering or Closed",
  }).optional(),
}).strict();

/** Client options (credential issues never quote the value). */
export const ClientOptionsInput = z.object({
  apiKey: credential(),
  secret: credential(),
  environment: z.enum([
    "mainnet",
    "mainnet-bytick",
    "testnet",
    "demo",
    "nl",
    "tr",
    "kz",
    "ge",
    "ae",
    "eu",
    "id",
    "jp",
  ], { error: "must be a known Bybit environment" }).optional(),
  baseUrl: z.string({ error: "must be a string" }).optional(),
  recvWindow: z.number({ error: "must be a number" }).int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" }).max(60_000, { error: "must be at most 60000" })
    .optional(),
});

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** A code that may arrive as a number or a numeric string. */
const numeric = z.union([
  z.number(),
  z.string().regex(/^-?\d+$/).transform(Number),
]);

/** The v5 envelope. Error bodies may omit result, retExtInfo and time. */
export const Envelope = z.object({
  retCode: numeric,
  retMsg: z.string().nullish(),
  result: z.unknown().optional(),
  retExtInfo: z.unknown().optional(),
  time: numeric.nullish(),
});

const str = z.union([z.string(), z.number().transform(String)]);
/** A list that a venue may send as `null` or omit when empty. */
const list = <T extends z.ZodType>(item: T) => z.array(item).nullish().transform((v) => v ?? []);

/** An `{orderId, orderLinkId}` pair. */
export const OrderRef = z.object({
  orderId: str.nullish().transform((v) => v ?? ""),
  orderLinkId: str.nullish().transform((v) => v ?? ""),
});

/** result of cancel-all. `success` is absent for some account types. */
export const CancelAllResult = z.object({
  list: list(OrderRef),
  success: str.nullish().transform((v) => v ?? undefined),
});

/** result of cancel. */
export const CancelOrderResult = z.object({
  orderId: str,
  orderLinkId: str.nullish().transform((v) => v ?? ""),
});

/** result of cancel-batch. */
export const CancelBatchResult = z.object({
  list: list(z.object({
    category: z.string().nullish(),
    symbol: z.string().nullish(),
    orderId: str.nullish().transform((v) => v ?? ""),
    orderLinkId: str.nullish().transform((v) => v ?? ""),
  })),
});

/** retExtInfo of cancel-batch: one code per request item, same order. */
export const CancelBatchExtInfo = z.object({
  list: list(z.object({ code: numeric, msg: z.string().nullish() })),
}).nullish();

/** One item of the open-order listing (only the fields the toolkit uses). */
export const OpenOrderItem = z.object({
  orderId: str,
  orderLinkId: str.nullish().transform((v) => v ?? ""),
  symbol: z.string(),
  side: z.string().nullish(),
  price: str.nullish(),
  qty: str.nullish(),
  orderStatus: z.string(),
  orderType: z.string().nullish(),
  stopOrderType: z.string().nullish().transform((v) => v ?? ""),
  triggerPrice: str.nullish(),
  createdTime: str.nullish(),
});

/**
 * result of the open-order listing. Unlike an acknowledgement, a listing is the proof that a
 * book is empty, so it must say so in the documented shape: `result` an object and `list` an
 * array (a missing or null `list` is an error, never "no orders"). `nextPageCursor` may be
 * absent: it only decides whether to read another page of a non-empty list.
 */
export const OpenOrdersPage = z.object({
  list: z.array(OpenOrderItem),
  nextPageCursor: z.string().nullish().transform((v) => v ?? ""),
  category: z.string().nullish(),
});

/** result of GET /v5/market/time. */
export const ServerTimeResult = z.object({
  timeSecond: str.optional(),
  timeNano: str.optional(),
});

/** One instrument of GET /v5/market/instruments-info (only the fields the toolkit uses). */
export const InstrumentItem = z.object({
  symbol: z.string().min(1),
  baseCoin: z.string().min(1),
  quoteCoin: z.string().min(1),
  /** Absent for spot. */
  settleCoin: z.string().min(1).nullish(),
  status: z.string().nullish(),
  /** Linear/inverse only: `LinearPerpetual`, `LinearFutures`, `InversePerpetual`, ... */
  contractType: z.string().nullish(),
});

/** result of the instruments listing: `list` must be an array (spot has no cursor). */
export const InstrumentsPage = z.object({
  category: z.string().nullish(),
  list: z.array(InstrumentItem),
  nextPageCursor: z.string().nullish().transform((v) => v ?? ""),
});
