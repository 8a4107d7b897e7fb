/**
 * Bybit v5: client, account adapter, signer and host table.
 *
 * @example Cancel every open linear USDT order and verify
 * ```ts
 * import { BybitClient, createBybitAccount } from "./mod.ts";
 * const client = new BybitClient({ apiKey: "key", secret: "secret", environment: "testnet" });
 * const account = createBybitAccount(client, "main");
 * const plan = account.compile({ kinds: ["regular", "conditional"], settleCoins: ["USDT"], bybit: { categories: ["linear"] } });
 * // for (const step of plan.steps) await step.run(AbortSignal.timeout(5000));
 * ```
 *
 * @module
 */

export {
  type BybitBatchItemResult,
  type BybitCallOptions,
  type BybitCancelAllParams,
  type BybitCancelAllResult,
  type BybitCancelBatchItem,
  type BybitCancelBatchParams,
  type BybitCancelBatchResult,
  type BybitCancelOrderParams,
  type BybitCategory,
  BybitClient,
  type BybitClientOptions,
  type BybitInstrument,
  type BybitInstrumentsParams,
  type BybitListOpenParams,
  type BybitListOptions,
  type BybitOpenOrder,
  type BybitOrderRef,
} from "./client.ts";
export { type BybitAccountOptions, createBybitAccount } from "./adapter.ts";
export { type BybitCredentials, type BybitSignTarget, signBybitRequest } from "./signer.ts";
export { BYBIT_ENVIRONMENTS, BYBIT_HOSTS, type BybitEnvironment } from "./hosts.ts";
export { BYBIT_CODE_KINDS, bybitErrorKind } from "./codes.ts";
export { BYBIT_REFINEMENT, type BybitRefinement, bybitScope, passesOrderFilter } from "./scope.ts";
export { BYBIT_CATEGORIES } from "./categories.ts";
