// Text from venues and users made safe for a terminal: one line, no control sequences. Private.

/**
 * Control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides:
 * anything that could start a new line, move the cursor, recolour or reorder what follows.
 */
// deno-lint-ignore no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * `text` with every control character escaped (`\n`, `\r`, `\t`, `\x1b`, `\u2028`), so that
 * venue text printed in a table can neither start a line of its own (a forged `FLAT` verdict)
 * nor send terminal escapes.
 *
 * @example Escape a venue message
 * ```ts
 * import { printable } from "./_text.ts";
 * printable("busy\nFLAT: 4/4 accounts flat"); // "busy\\nFLAT: 4/4 accounts flat"
 * ```
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
