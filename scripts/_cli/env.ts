// Reading environment variables without ever triggering a permission prompt: each read first
// asks Deno whether the variable is permitted.

import { MissingVariableError, UsageError } from "./errors.ts";

/** The value of `name`, `undefined` when unset, or `"denied"` when --allow-env does not cover it. */
export type EnvRead = { readonly state: "set"; readonly value: string } | {
  readonly state: "unset";
} | { readonly state: "denied" };

/** Reads an environment variable only when the permission is already granted. */
export function readEnv(name: string): EnvRead {
  const status = Deno.permissions.querySync({ name: "env", variable: name });
  if (status.state !== "granted") return { state: "denied" };
  const value = Deno.env.get(name);
  return value === undefined ? { state: "unset" } : { state: "set", value };
}

/** Reads a variable that must be readable and set; the error names the variable. */
export function requireEnv(name: string, why: string): string {
  const r = readEnv(name);
  if (r.state === "denied") {
    throw new UsageError(`${name} is needed ${why} but not readable: add it to --allow-env`);
  }
  if (r.state === "unset") {
    throw new MissingVariableError(`${name} is needed ${why} but is not set`);
  }
  if (r.value.trim() === "") throw new UsageError(`${name} is empty or only whitespace`);
  if (r.value !== r.value.trim()) {
    throw new UsageError(`${name} has leading or trailing whitespace`);
  }
  checkControlCharacters(name, r.value);
  return r.value;
}

/**
 * Refuses a value holding a control character (CR, LF, NUL, ESC, DEL...). Every credential
 * and base URL of every venue is read through here: a CR or LF in a header value would be
 * refused by fetch mid-run (or worse, split a header), so it is refused at start, exit 2.
 * The message never shows the value.
 */
export function checkControlCharacters(name: string, value: string): void {
  // deno-lint-ignore no-control-regex
  const at = value.search(/[\u0000-\u001f\u007f-\u009f]/);
  if (at >= 0) {
    const code = value.charCodeAt(at);
    const what = code === 10
      ? "LF"
      : code === 13
      ? "CR"
      : `U+${code.toString(16).padStart(4, "0")}`;
    throw new UsageError(`${name} contains a control character (${what} at position ${at + 1})`);
  }
}

/** Reads an optional variable: the value, or undefined when unset or not permitted. */
export function optionalEnv(name: string): string | undefined {
  const r = readEnv(name);
  if (r.state !== "set") return undefined;
  if (r.value.trim() === "") throw new UsageError(`${name} is empty or only whitespace`);
  checkControlCharacters(name, r.value.trim());
  return r.value.trim();
}
