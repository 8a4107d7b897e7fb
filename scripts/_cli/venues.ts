// Builds one AccountAdapter per account spec, with the venue's client. Input errors from the
// clients (bad base URL, bad credentials shape) become usage errors naming the source.

import type { AccountAdapter } from "../../engine/types.ts";
import { createBitgetAccount } from "../../venues/bitget/adapter.ts";
import { BitgetClient } from "../../venues/bitget/client.ts";
import { BitgetUtaClient } from "../../venues/bitget/uta_client.ts";
import {
  createBitgetAutoAccount,
  createBitgetUtaAccount,
} from "../../venues/bitget/uta_adapter.ts";
import { createBybitAccount } from "../../venues/bybit/adapter.ts";
import { BybitClient } from "../../venues/bybit/client.ts";
import { InputError } from "../../venues/errors.ts";
import { createOkxAccount } from "../../venues/okx/adapter.ts";
import { OkxSpreadClient } from "../../venues/okx/client.ts";
import { createP99Account } from "../../venues/p99/adapter.ts";
import { P99Client } from "../../venues/p99/client.ts";
import type { Endpoint } from "../../venues/endpoint.ts";
import type { TransportOptions } from "../../venues/transport.ts";
import type { AccountSpec, AccountSpecOf } from "./config.ts";
import { UsageError } from "./errors.ts";

export { createOkxAccount };

/** Builds the client for an OKX spec (also used by cancel_spread). */
export function okxClient(
  spec: AccountSpecOf<"okx">,
  transport: TransportOptions,
): OkxSpreadClient {
  return wrap(spec, () =>
    new OkxSpreadClient({
      ...spec.credentials,
      region: spec.env.okxRegion,
      demo: spec.env.okxDemo,
      baseUrl: spec.baseUrl,
      transport,
    }));
}

/** What every venue client offers the doctor: where it sends, and the venue's clock. */
export interface ClientProbe {
  /** Base URL, host and environment. */
  readonly endpoint: Endpoint;
  /** The venue's clock (an unauthenticated call), epoch ms. */
  serverTime(options?: { signal?: AbortSignal | undefined }): Promise<number>;
}

/** One account, built: the engine's adapter and its client's probe. */
export interface BuiltAccount {
  readonly adapter: AccountAdapter;
  readonly client: ClientProbe;
  /** Bitget: the account mode, configured or (auto) found out by the first call. */
  readonly accountMode?: () => string | undefined;
}

/** Builds the adapter for one account. */
export function buildAdapter(spec: AccountSpec, transport: TransportOptions): AccountAdapter {
  return buildAccount(spec, transport).adapter;
}

/** Builds the client and adapter of one account from its spec (region, environment, override). */
export function buildAccount(spec: AccountSpec, transport: TransportOptions): BuiltAccount {
  switch (spec.venue) {
    case "okx": {
      const client = okxClient(spec, transport);
      return { adapter: createOkxAccount(client, spec.label), client };
    }
    case "bybit": {
      const client = wrap(spec, () =>
        new BybitClient({
          ...spec.credentials,
          environment: spec.env.bybitEnv,
          baseUrl: spec.baseUrl,
          transport,
        }));
      return { adapter: createBybitAccount(client, spec.label), client };
    }
    case "bitget": {
      const options = {
        ...spec.credentials,
        baseUrl: spec.baseUrl,
        demo: spec.env.bitgetDemo,
        transport,
      };
      // classic: the v2 API only; uta: the v3 API only; auto: both, until the first answer tells.
      const mode = spec.env.bitgetMode ?? "auto";
      if (mode === "uta") {
        const client = wrap(spec, () => new BitgetUtaClient(options));
        const adapter = createBitgetUtaAccount(client, spec.label);
        return { adapter, client, accountMode: () => "uta (configured)" };
      }
      const client = wrap(spec, () => new BitgetClient(options));
      if (mode === "classic") {
        const adapter = createBitgetAccount(client, spec.label);
        return { adapter, client, accountMode: () => "classic (configured)" };
      }
      const adapter = createBitgetAutoAccount(
        client,
        wrap(spec, () => new BitgetUtaClient(options)),
        spec.label,
      );
      const detected = () => adapter.accountMode();
      return {
        adapter,
        client,
        accountMode: () => `${detected() ?? "not yet known"} (auto)`,
      };
    }
    case "p99": {
      const client = wrap(
        spec,
        () => new P99Client({ ...spec.credentials, baseUrl: spec.baseUrl, transport }),
      );
      return { adapter: createP99Account(client, spec.label), client };
    }
  }
}

function wrap<T>(spec: AccountSpec, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof InputError) {
      const msg = error.message.includes("baseUrl")
        ? `${spec.baseUrlSource ?? "base URL"} for ${spec.venue}/${spec.label}: ${error.message}`
        : `${spec.venue}/${spec.label}: ${error.message}`;
      throw new UsageError(msg);
    }
    throw error;
  }
}
