// Terminal interaction: progress lines on stderr, the confirmation prompt.

import type { ProgressEvent } from "../../engine/run.ts";

const encoder = new TextEncoder();

/** Writes one line to stderr. */
export function errLine(text: string): void {
  Deno.stderr.writeSync(encoder.encode(text + "\n"));
}

/** Writes text to stdout. */
export function outText(text: string): void {
  const bytes = encoder.encode(text.endsWith("\n") ? text : text + "\n");
  let written = 0;
  while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
}

/** A progress printer for stderr: what each venue is waiting on. */
export function progressPrinter(): (e: ProgressEvent) => void {
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
  Deno.stderr.writeSync(encoder.encode(`${question} Type "yes" to proceed: `));
  const buf = new Uint8Array(256);
  const n = await Deno.stdin.read(buf);
  if (n === null) return false;
  return new TextDecoder().decode(buf.subarray(0, n)).trim().toLowerCase() === "yes";
}
