/**
 * p99 spot: client, signer, account adapter and host table.
 *
 * @example Cancel every p99 spot order of one account
 * ```ts
 * import { P99Client } from "./mod.ts";
 * const client = new P99Client({ apiKey: "my-key", secret: "my-secret" });
 * // const canceled = await client.cancelAll();
 * ```
 *
 * @module
 */

export {
  type P99ActiveOrders,
  type P99CallOptions,
  P99Client,
  type P99ClientCredentials,
  type P99ClientOptions,
  type P99ConnectionOptions,
  type P99Health,
  type P99ListOrdersInput,
  type P99Market,
  type P99Order,
  type P99OrderStatus,
  type P99SymbolInput,
} from "./client.ts";
export {
  type P99Credentials,
  type P99HmacCredentials,
  type P99JwtCredentials,
  type P99SignTarget,
  signP99Request,
} from "./signer.ts";
export {
  P99_API_KEY_HEADER,
  P99_DEFAULT_ENVIRONMENT,
  P99_HOSTS,
  type P99Environment,
} from "./hosts.ts";
export { classifyP99Error, P99_ERROR_CODES } from "./codes.ts";
export {
  createP99Account,
  type P99AccountAdapter,
  type P99BulkCancelStep,
  type P99CancelStep,
  type P99CompiledClause,
  type P99SweepParams,
  type P99SweepStep,
} from "./adapter.ts";
export { P99_REFINEMENT, type P99Refinement, p99Scope } from "./scope.ts";
