/**
 * A box for credentials that refuses to print itself.
 *
 * @module
 */

const REDACTED = "[redacted]";

/**
 * Holds a secret string. `String()`, `JSON.stringify`, `Deno.inspect` and `console.log`
 * all show `[redacted]`; only {@linkcode Secret.reveal} returns the value, and only the
 * signers call it.
 *
 * @example Wrap a secret
 * ```ts
 * import { Secret } from "./secret.ts";
 * const s = new Secret("hunter2");
 * String(s); // "[redacted]"
 * JSON.stringify({ s }); // '{"s":"[redacted]"}'
 * s.reveal(); // "hunter2"
 * ```
 */
export class Secret {
  #value: string;

  /** Wraps `value`. */
  constructor(value: string) {
    this.#value = value;
  }

  /** Returns the secret value. Call only where it is signed with or sent. */
  reveal(): string {
    return this.#value;
  }

  /** Always `[redacted]`. */
  toString(): string {
    return REDACTED;
  }

  /** Always `[redacted]`. */
  toJSON(): string {
    return REDACTED;
  }

  /** Always `[redacted]`, for `Deno.inspect` and `console.log`. */
  [Symbol.for("Deno.customInspect")](): string {
    return REDACTED;
  }

  /** Always `[redacted]`, for Node's `util.inspect`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return REDACTED;
  }
}

/**
 * Wraps a string in a {@linkcode Secret}, or returns an existing one unchanged.
 *
 * @example Accept either form
 * ```ts
 * import { secret } from "./secret.ts";
 * secret("abc").reveal(); // "abc"
 * ```
 */
export function secret(value: string | Secret): Secret {
  return value instanceof Secret ? value : new Secret(value);
}
