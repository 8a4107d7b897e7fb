// Terminal interaction: progress lines on stderr, the confirmation prompt.

import { printable } from "../../engine/_text.ts";
import type { ProgressEvent } from "../../engine/run.ts";

const encoder = new TextEncoder();

/** Set once stderr failed (closed pipe, full disk): it is not written again. */
let stderrFailure: string | undefined;

/**
 * Writes one line to stderr. Never throws: progress and notices must never stop a kill
 * switch, so when stderr cannot be written (a closed pipe, `2>/dev/full`) the failure is
 * remembered (see {@linkcode stderrFailed}) and later lines are dropped.
 */
export function errLine(text: string): void {
  errLines(text);
}

function errLines(text: string): void {
  if (stderrFailure !== undefined) return;
  try {
    writeAll(Deno.stderr, encoder.encode(text + "\n"));
  } catch (error) {
    stderrFailure = error instanceof Error ? error.name : "write failed";
  }
}

/** Why stderr could not be written, once it failed; undefined while it works. */
export function stderrFailed(): string | undefined {
  return stderrFailure;
}

/**
 * Writes text to stdout (the report). A failure is noted on stderr, if it still works, and
 * never thrown: the exit code still tells the outcome.
 */
export function outText(text: string): boolean {
  try {
    writeAll(Deno.stdout, encoder.encode(text.endsWith("\n") ? text : text + "\n"));
    return true;
  } catch (error) {
    errLines(
      `error: could not write the report to stdout (${
        error instanceof Error ? error.name : "write failed"
      })`,
    );
    return false;
  }
}

function writeAll(file: { writeSync(p: Uint8Array): number }, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
}

/** A progress printer for stderr: what each venue is waiting on. */
export function progressPrinter(): (e: ProgressEvent) => void {
  // Venue codes and labels are escaped: a progress line is always exactly one line.
  const errLine = (text: string) => errLines(printable(text));
  return (e) => {
    switch (e.type) {
      case "phase":
        errLine(`[${e.venue}/${e.account}] ${e.phase}`);
        break;
      case "verified":
        errLine(
          `[${e.venue}/${e.account}] ${e.status.replace("_", " ")}${
            e.remaining ? ` (${e.remaining} open)` : ""
          }`,
        );
        break;
      case "transport": {
        const t = e.event;
        if (t.type === "retry") {
          const code = t.error.code
            ? ` ${t.error.code}`
            : t.error.status
            ? ` HTTP ${t.error.status}`
            : "";
          errLine(
            `[${t.venue}/${e.account}] waiting ${t.delayMs} ms to retry ${t.endpoint} (${t.error.kind}${code}, retry ${t.attempt})`,
          );
        } else if (t.type === "clock-sync") {
          errLine(`[${t.venue}/${e.account}] clock resynced: offset ${t.offsetMs} ms`);
        }
        break;
      }
    }
  };
}

/** Asks on the terminal; resolves true only for "yes". */
export async function confirm(question: string): Promise<boolean> {
  try {
    writeAll(Deno.stderr, encoder.encode(`${question} Type "yes" to proceed: `));
  } catch {
    // A question that cannot be shown cannot be answered.
    return false;
  }
  const buf = new Uint8Array(256);
  const n = await Deno.stdin.read(buf);
  if (n === null) return false;
  return new TextDecoder().decode(buf.subarray(0, n)).trim().toLowerCase() === "yes";
}
