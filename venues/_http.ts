// The transport's low-level pieces: capped body reads, network-error wording that never
// carries a URL, abort reasons, and option checks. Private.

import { InputError } from "./errors.ts";

/** Why a caller's signal aborted: its deadline, or an interruption (Ctrl-C, SIGTERM). */
export function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof DOMException && reason.name === "TimeoutError"
    ? "deadline passed"
    : "interrupted";
}

/** A body longer than the cap (internal: becomes a ResponseFormatError). */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number, readonly status: number) {
    super(`body exceeds ${limit} bytes`);
  }
}

/** Reads a body as text, stopping (and cancelling the stream) past `limit` bytes. */
export async function readCapped(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw new BodyTooLarge(limit, response.status);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(limit, response.status);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** A network error's reason without any URL in it (Deno puts the reason in `cause`). */
export function describeNetworkError(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 4; depth++) {
    messages.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  const message = messages.join(" | ");
  if (/refused/i.test(message)) return "connection refused";
  if (/reset|closed|broken pipe|incomplete|unexpected eof|connection error/i.test(message)) {
    return "connection dropped";
  }
  if (/dns|lookup|resolve|name or service/i.test(message)) return "host lookup failed";
  if (error instanceof Deno.errors.NotCapable || /NotCapable|Requires net access/.test(message)) {
    return "network permission denied";
  }
  return "network error";
}

export function positive(value: number, name: string): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new InputError(`Cannot create transport: ${name} must be a positive number`);
  }
  return value;
}

export function nonNegative(value: number, name: string): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new InputError(`Cannot create transport: ${name} must be zero or more`);
  }
  return value;
}

export function nonNegativeInt(value: number, name: string): number {
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new InputError(`Cannot create transport: ${name} must be a whole number, zero or more`);
  }
  return value;
}
