// Strict flag parsing shared by the scripts. An unknown or misspelled flag is an error, never
// ignored: a typo must not turn a dry run into a real one.
//
// Hand-written rather than node:util's parseArgs: importing any node: module starts Deno's
// Node compatibility layer, about 20 ms of every run's cold start (bench/main.ts).

import { UsageError } from "./errors.ts";

/** A flag definition. */
export interface FlagSpec {
  /** `boolean` (no value) or `string` (one value, or a comma list when `list`). */
  readonly type: "boolean" | "string";
  /** Accepts a comma-separated list, or the flag repeated. */
  readonly list?: boolean;
  /** Help text. */
  readonly help: string;
  /** Placeholder in help (`SECONDS`). */
  readonly value?: string;
}

/** Parsed flags: booleans, single strings, and lists. */
export interface ParsedFlags {
  readonly booleans: ReadonlySet<string>;
  readonly strings: ReadonlyMap<string, string>;
  readonly lists: ReadonlyMap<string, readonly string[]>;
}

/** The flags both scripts share: deadline and the run modes. */
export const MODE_FLAGS: Readonly<Record<string, FlagSpec>> = {
  "deadline": {
    type: "string",
    value: "SECONDS",
    help: "stop verifying after this long (default 10)",
  },
  "dry-run": { type: "boolean", help: "print the plan and permissions; send nothing" },
  "yes": { type: "boolean", help: "do not ask for confirmation" },
  "json": { type: "boolean", help: "write exactly one JSON document to stdout" },
  "quiet": { type: "boolean", help: "no progress lines on stderr" },
  "print-permissions": {
    type: "boolean",
    help: "print the exact deno run line this configuration needs",
  },
  "help": { type: "boolean", help: "show this help" },
};

/** Parses `args` against `specs`; throws UsageError naming the problem. */
export function parseFlags(args: readonly string[], specs: Record<string, FlagSpec>): ParsedFlags {
  const raw = scan(args, specs);
  const booleans = new Set<string>();
  const strings = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (const [name, texts] of raw) {
    const spec = specs[name];
    if (!spec) continue;
    if (spec.type === "boolean") {
      if (texts.length > 1) throw new UsageError(`--${name} given more than once`);
      booleans.add(name);
      continue;
    }
    if (spec.list) {
      const items = texts.flatMap((t) => t.split(",")).map((s) => s.trim());
      if (items.some((s) => s === "")) throw new UsageError(`--${name} has an empty item`);
      const dup = items.find((s, i) => items.indexOf(s) !== i);
      if (dup !== undefined) throw new UsageError(`--${name} names "${dup}" twice`);
      lists.set(name, items);
    } else {
      if (texts.length > 1) throw new UsageError(`--${name} given more than once`);
      const value = texts[0] ?? "";
      if (value.trim() === "") throw new UsageError(`--${name} needs a value`);
      if (value.startsWith("--")) throw new UsageError(`--${name} needs a value, got ${value}`);
      strings.set(name, value);
    }
  }
  return { booleans, strings, lists };
}

/**
 * Strict scan: `--name`, `--name=value`, `--name value` (a value that starts with `-` must
 * use `=`); no short flags, no positionals. Returns each flag's values in order.
 */
function scan(args: readonly string[], specs: Record<string, FlagSpec>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const push = (name: string, value: string) => {
    const list = out.get(name) ?? [];
    list.push(value);
    out.set(name, list);
  };
  const unknown = (flag: string, name: string): UsageError => {
    const hint = suggest(name, Object.keys(specs));
    return new UsageError(`unknown flag ${flag}${hint ? ` (did you mean --${hint}?)` : ""}`);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      const next = args[i + 1];
      if (next !== undefined) throw new UsageError(`unexpected argument "${next}"`);
      break;
    }
    if (!arg.startsWith("-") || arg === "-") throw new UsageError(`unexpected argument "${arg}"`);
    if (!arg.startsWith("--")) throw unknown(arg.slice(0, 2), arg.slice(1, 2));
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) throw unknown(`--${name}`, name);
    if (spec.type === "boolean") {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      push(name, "");
    } else if (eq !== -1) {
      push(name, arg.slice(eq + 1));
    } else {
      const value = args[i + 1];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      if (value.startsWith("-") && value !== "-") {
        const hint = value.startsWith("--") ? "" : ` (to pass it, write --${name}=${value})`;
        throw new UsageError(`--${name} needs a value, got ${value}${hint}`);
      }
      push(name, value);
      i++;
    }
  }
  return out;
}

function suggest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min(
        (row[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

/** The help text for `specs`. */
export function formatHelp(specs: Record<string, FlagSpec>): string {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `--${name}${s.type === "string" ? ` ${s.value ?? "VALUE"}` : ""}`;
    return [left, s.help] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, h]) => `  ${l.padEnd(width)}  ${h}`).join("\n");
}

/** Parses a deadline in seconds (0 < s <= 600). */
export function parseDeadline(value: string | undefined, fallbackSeconds: number): number {
  if (value === undefined) return fallbackSeconds * 1000;
  if (!/^\d+(\.\d+)?$/.test(value)) {
    throw new UsageError(`--deadline must be a number of seconds, got "${value}"`);
  }
  const seconds = Number(value);
  if (!(seconds > 0 && seconds <= 600)) {
    throw new UsageError(`--deadline must be more than 0 and at most 600 seconds, got ${value}`);
  }
  return Math.round(seconds * 1000);
}

/** Checks each item of a list flag against the allowed values. */
export function oneOf<T extends string>(
  flag: string,
  values: readonly string[],
  allowed: readonly T[],
): T[] {
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v)) {
      throw new UsageError(`--${flag} "${v}" is not one of ${allowed.join(", ")}`);
    }
  }
  return values as T[];
}

/** Scope and environment flags worth repeating in a printed command line (not the modes). */
export function passthrough(flags: ParsedFlags): string[] {
  const out: string[] = [];
  const skip = new Set(["print-permissions", "dry-run", "json", "help", "yes", "quiet", "doctor"]);
  for (const [k, v] of flags.lists) if (!skip.has(k)) out.push(`--${k}=${v.join(",")}`);
  for (const [k, v] of flags.strings) if (!skip.has(k)) out.push(`--${k}=${v}`);
  for (const k of flags.booleans) if (!skip.has(k)) out.push(`--${k}`);
  return out;
}
