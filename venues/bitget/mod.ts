/**
 * Bitget v2 mix (futures): client, signer, hosts and the account adapter the engine drives.
 *
 * @example Cancel every order of one account and verify
 * ```ts
 * import { BitgetClient, createBitgetAccount } from "./mod.ts";
 * const client = new BitgetClient({ apiKey: "k", secret: "s", passphrase: "p" });
 * const account = createBitgetAccount(client, "desk-1");
 * account.compile({ kinds: ["regular"] }).steps.length; // 3: one cancel-all per product type
 * ```
 *
 * @module
 */

export {
  type BitgetBatchCancelInput,
  type BitgetCallOptions,
  type BitgetCancelAck,
  type BitgetCancelAllInput,
  type BitgetCancelFailure,
  type BitgetCancelOrderInput,
  type BitgetCancelPlanInput,
  type BitgetCancelPlanType,
  type BitgetCancelResult,
  BitgetClient,
  type BitgetClientOptions,
  type BitgetListPendingInput,
  type BitgetListPlanInput,
  type BitgetListPlanType,
  type BitgetOrderRef,
  type BitgetPendingOrder,
  type BitgetPlanOrder,
  type BitgetProductType,
} from "./client.ts";
export { type BitgetCredentials, type BitgetSignTarget, signBitgetRequest } from "./signer.ts";
export { BITGET_DEMO_HEADERS, BITGET_HOSTS, type BitgetEnvironment } from "./hosts.ts";
export {
  BITGET_ERROR_CODES,
  BitgetAccountModeError,
  bitgetErrorKind,
  isGoneFailure,
} from "./codes.ts";
export { type BitgetAccountOptions, createBitgetAccount } from "./adapter.ts";
export {
  BITGET_ACCOUNT_MODES,
  BITGET_UTA_CATEGORIES,
  type BitgetAccountMode,
  type BitgetUtaCategory,
  categoryOfProductType,
} from "./uta_categories.ts";
export {
  type BitgetDetectedMode,
  type BitgetUtaCallOptions,
  BitgetUtaClient,
  type BitgetUtaClientOptions,
  type BitgetUtaItemResult,
  type BitgetUtaOpenOrder,
  type BitgetUtaOrderRef,
  type BitgetUtaStrategyOrder,
} from "./uta_client.ts";
export {
  type BitgetAutoAccount,
  type BitgetAutoAccountOptions,
  type BitgetUtaAccountOptions,
  createBitgetAutoAccount,
  createBitgetUtaAccount,
} from "./uta_adapter.ts";
export { BITGET_REFINEMENT, type BitgetRefinement, bitgetScope } from "./scope.ts";
export { BITGET_PRODUCT_TYPES } from "./product_types.ts";
