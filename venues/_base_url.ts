// Base URL validation shared by the clients. Private.

import { InputError } from "./errors.ts";

/**
 * Whether `hostname` (as `URL` normalised it) is loopback: an IPv4 literal in 127.0.0.0/8,
 * `[::1]` or `localhost`. A name that merely starts with `127.` (`127.evil.example`) is not.
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "[::1]") return true;
  // `URL` writes every IPv4 form (`127.1`, `0x7f000001`) as four decimal octets.
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return octets !== null && octets[1] === "127" && octets.slice(2).every((o) => Number(o) <= 255);
}

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
  const loopback = isLoopbackHost(url.hostname);
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
