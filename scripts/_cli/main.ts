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
    if (error instanceof DependencyError) {
      errLine(
        `error: the kill switch's dependencies are not in Deno's cache and could not be fetched (${error.message}); nothing was sent. Prepare this machine ahead with: deno cache ${cacheTarget()}`,
      );
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

/** The program's modules could not be loaded: a dependency is missing from Deno's cache. */
export class DependencyError extends Error {
  override readonly name = "DependencyError";
}

/**
 * Starts the dynamic imports `start` returns and maps a failure to load any of them (a
 * dependency neither cached nor fetchable, e.g. `npm:zod` on a machine that reaches only the
 * venues) to a {@linkcode DependencyError}, which {@linkcode runMain} reports in one line with
 * the command that prepares the cache. Nothing has been sent at that point.
 */
export function loadModules<T extends Record<string, Promise<unknown>>>(start: () => T): T {
  const started = start();
  const out: Record<string, Promise<unknown>> = {};
  for (const [name, promise] of Object.entries(started)) {
    promise.catch(() => {}); // Awaited (and reported) where used.
    out[name] = promise.catch((error: unknown) => {
      const why = error instanceof Error ? firstLine(error.message) : "unknown";
      throw new DependencyError(why);
    });
    out[name].catch(() => {});
  }
  return out as T;
}

/** The script being run, as `deno cache` should name it. */
function cacheTarget(): string {
  try {
    return Deno.mainModule.startsWith("file:")
      ? decodeURIComponent(new URL(Deno.mainModule).pathname)
      : Deno.mainModule;
  } catch {
    return "<the script>";
  }
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}
