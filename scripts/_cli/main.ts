// The scripts' entry wrapper: maps usage errors to exit 2 with one line on stderr. Kept free
// of heavy imports so that --help and usage errors answer without loading the program.

import { InputError } from "../../venues/errors.ts";
import { UsageError } from "./errors.ts";
import { errLine } from "./output.ts";

/** Runs a script's main, mapping usage errors to exit 2 with one line on stderr. */
export async function runMain(main: () => Promise<number>): Promise<number> {
  try {
    return await main();
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError) {
      errLine(`error: ${error.message}`);
      return 2;
    }
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      errLine(`error: missing permission: ${firstLine(error.message)}`);
      return 2;
    }
    errLine(`error: internal failure: ${error instanceof Error ? error.name : "unknown"}`);
    return 1;
  }
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}
