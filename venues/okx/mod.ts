/**
 * OKX v5 Spread Trading: the client, the account adapter for the engine, the pure signer,
 * the host table and the code table.
 *
 * @example Cancel every spread order and read the book back
 * ```ts
 * import { OkxSpreadClient } from "./mod.ts";
 * const client = new OkxSpreadClient({
 *   apiKey: "key",
 *   secret: "secret",
 *   passphrase: "pass",
 *   region: "global",
 * });
 * // await client.massCancel();
 * // const left = await client.listPendingOrders();
 * ```
 *
 * @module
 */

export {
  type OkxCallOptions,
  type OkxCancelAllAfterResult,
  type OkxCancelResult,
  type OkxListPendingInput,
  type OkxMassCancelInput,
  type OkxOrderRef,
  type OkxSpread,
  OkxSpreadClient,
  type OkxSpreadClientOptions,
  type OkxSpreadLeg,
  type OkxSpreadOrder,
  type OkxSpreadsInput,
} from "./client.ts";
export {
  createOkxAccount,
  type OkxAccount,
  type OkxAccountOptions,
  type OkxCancelStep,
  type OkxCompiledClause,
  type OkxListing,
  type OkxMassCancelStep,
  type OkxSpreadCoins,
  okxSpreadCoins,
  type OkxSweepStep,
} from "./adapter.ts";
export { type OkxCredentials, type OkxSignTarget, okxTimestamp, signOkxRequest } from "./signer.ts";
export { OKX_DEMO_HEADERS, OKX_HOSTS, OKX_REGIONS, okxHost, type OkxRegion } from "./hosts.ts";
export { OKX_ACK_CODES, OKX_ERROR_CODES, okxErrorKind } from "./codes.ts";
export { OKX_REFINEMENT, type OkxRefinement, okxScope } from "./scope.ts";
