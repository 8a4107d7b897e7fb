// Base URL validation shared by the clients. Private.

import { InputError } from "./errors.ts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Parses a base URL: HTTPS anywhere, plain HTTP only on loopback (the simulator). Returns it
 * without a trailing slash. The message names `field`.
 */
export function parseBaseUrl(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`Cannot use ${field}: not a valid URL`);
  }
  const loopback = LOOPBACK.has(url.hostname) || url.hostname.startsWith("127.");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new InputError(`Cannot use ${field}: must be https:// (plain http only on loopback)`);
  }
  if (url.username || url.password) {
    throw new InputError(`Cannot use ${field}: must not contain credentials`);
  }
  if (url.search || url.hash) {
    throw new InputError(`Cannot use ${field}: must not contain a query or fragment`);
  }
  url.pathname = url.pathname.replace(/\/+$/, "");
  return url;
}
