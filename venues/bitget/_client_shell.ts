// What the classic (v2) and unified (v3) Bitget clients share over the client shell: the same
// host table, credentials, signature, locale and demo headers, and the envelope read. Private.

import { checkOptions, ClientShell, type Parse, secrets } from "../_client.ts";
import type { z } from "npm:zod@4";
import type { RateLimit } from "../rate_limit.ts";
import type { UnsignedRequest } from "../types.ts";
import { clientOptionsSchema } from "./_schemas.ts";
import type { BitgetClientOptions } from "./client_types.ts";
import { parseBitgetResponse } from "./codes.ts";
import { BITGET_DEMO_HEADERS, BITGET_HOSTS } from "./hosts.ts";
import { type BitgetCredentials, signBitgetRequest } from "./signer.ts";

/** The shell of a Bitget client, classic or UTA. */
export type BitgetShell = ClientShell<BitgetCredentials>;

/** A Bitget client's shell and the two settings its requests carry. */
export interface BitgetSetup {
  /** The shell. */
  readonly shell: BitgetShell;
  /** Demo trading (`paptrading: 1`). */
  readonly demo: boolean;
}

/** Validates the options and builds the shell (`name`: `Bitget` or `Bitget UTA`). */
export function bitgetSetup(
  options: BitgetClientOptions,
  name: string,
  serverTime: () => Promise<number>,
): BitgetSetup {
  const o = checkOptions(clientOptionsSchema, options, name);
  const demo = o.demo ?? false;
  const locale = o.locale ?? "en-US";
  const shell = new ClientShell<BitgetCredentials>({
    venue: "bitget",
    name,
    host: BITGET_HOSTS[demo ? "demo" : "live"],
    baseUrl: o.baseUrl,
    credentials: secrets(o, "apiKey", "secret", "passphrase"),
    sign: (request, credentials, ts, baseUrl) =>
      signBitgetRequest(request, credentials, ts, { baseUrl, demo, locale }),
    publicHeaders: { locale, ...(demo ? BITGET_DEMO_HEADERS : {}) },
    transport: options.transport,
    serverTime,
  });
  return { shell, demo };
}

/** One Bitget call: the envelope is read and `data` validated against `schema`. */
export function callBitget<T>(
  shell: BitgetShell,
  request: UnsignedRequest,
  schema: z.ZodType<T>,
  limit: { readonly key: string; readonly rule: RateLimit },
  signal: AbortSignal | undefined,
  isPublic = false,
): Promise<T> {
  const parse: Parse<T> = (res, { endpoint }) => parseBitgetResponse(endpoint, res, schema);
  return shell.call(request, parse, { limit, signal, public: isPublic });
}

/**
 * Every page of a listing paged by an id cursor (100 per page): stops on a short page, or on a
 * missing or repeated cursor; orders are merged by id.
 */
export async function pagesById<T extends { readonly orderId: string }, P>(
  page: (cursor: string | undefined) => Promise<P>,
  items: (page: P) => readonly T[],
  nextCursor: (page: P) => string | undefined,
  pageLimit: number,
  maxPages: number,
): Promise<T[]> {
  const byId = new Map<string, T>();
  const cursors = new Set<string>();
  let cursor: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const result = await page(cursor);
    const list = items(result);
    for (const item of list) byId.set(item.orderId, item);
    if (list.length < pageLimit) break;
    const next = nextCursor(result);
    if (next === undefined || cursors.has(next)) break;
    cursors.add(next);
    cursor = next;
  }
  return [...byId.values()];
}

/** Query pairs sorted by key, undefined values dropped (ccxt's order, and the signed one). */
export function sortedQuery(params: Record<string, string | undefined>): Array<[string, string]> {
  return Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `{orderId}` when given, else `{clientOid}`. */
export function oneRef(
  v: { readonly orderId?: string | undefined; readonly clientOid?: string | undefined },
): { orderId: string } | { clientOid: string | undefined } {
  return v.orderId !== undefined ? { orderId: v.orderId } : { clientOid: v.clientOid };
}
