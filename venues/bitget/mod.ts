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
export { BITGET_ERROR_CODES, bitgetErrorKind, isGoneFailure } from "./codes.ts";
export { type BitgetAccountOptions, createBitgetAccount } from "./adapter.ts";
