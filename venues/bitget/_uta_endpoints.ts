// The Bitget unified trading account's endpoints and their documented limits. Private.

import type { RateLimit } from "../rate_limit.ts";
import { BITGET_UTA_SERVER_TIME_PATH } from "./hosts.ts";

const PER_SECOND = (limit: number): RateLimit => ({ limit, intervalMs: 1000 });
export const PAGE_LIMIT = 100;
/** Hard stop for a listing (100 orders per page): the venue caps open orders at 400 per family. */
export const MAX_PAGES = 100;

export const PATHS = {
  time: BITGET_UTA_SERVER_TIME_PATH,
  settings: "/api/v3/account/settings",
  cancelSymbol: "/api/v3/trade/cancel-symbol-order",
  cancelBatch: "/api/v3/trade/cancel-batch",
  cancelOrder: "/api/v3/trade/cancel-order",
  unfilled: "/api/v3/trade/unfilled-orders",
  strategy: "/api/v3/trade/unfilled-strategy-orders",
  cancelStrategy: "/api/v3/trade/cancel-strategy-order",
  countdown: "/api/v3/trade/countdown-cancel-all",
} as const;

/**
 * Each endpoint's documented limit per UID (docs/fidelity/bitget.md `limit.uta-*` rows):
 * cancel-symbol-order and cancel-batch 5/s, cancel-order and cancel-strategy-order 10/s,
 * unfilled-orders 20/s, countdown-cancel-all 1/s; unfilled-strategy-orders 20/s and settings
 * 5/s are ASSUMED.
 */
export const LIMITS: Readonly<Record<keyof typeof PATHS, RateLimit>> = {
  time: PER_SECOND(20),
  settings: PER_SECOND(5),
  cancelSymbol: PER_SECOND(5),
  cancelBatch: PER_SECOND(5),
  cancelOrder: PER_SECOND(10),
  unfilled: PER_SECOND(20),
  strategy: PER_SECOND(20),
  cancelStrategy: PER_SECOND(10),
  countdown: PER_SECOND(1),
};
