// Runs a `deno` child process the way an operator does and measures it from the outside:
// wall time from spawn to exit (parent's monotonic clock), and peak resident memory from the
// kernel's own accounting (GNU time's %M, i.e. wait4's ru_maxrss), when /usr/bin/time exists.

/** What one timed run gives. */
export interface TimedRun {
  /** Exit code. */
  readonly code: number;
  /** Spawn to exit, ms. */
  readonly wallMs: number;
  /** Peak resident set size of the child, KiB; undefined when not measurable here. */
  readonly peakKiB: number | undefined;
  /** Standard output. */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
}

/** Options of {@linkcode runDeno}. */
export interface RunOptions {
  /** Variables the child sees, on top of HOME, PATH, DENO_DIR, XDG_CACHE_HOME, NO_COLOR. */
  readonly env?: Record<string, string>;
  /** Working directory; default the repository root. */
  readonly cwd?: string;
}

const TIME = "/usr/bin/time";
const ROOT = new URL("../", import.meta.url).pathname;
let timeUsable: boolean | undefined;

/** Whether GNU time is there to read the child's peak RSS. */
export async function peakRssMethod(): Promise<string> {
  return (await hasTime()) ? `${TIME} -f %M (wait4 ru_maxrss)` : "not measured (no /usr/bin/time)";
}

async function hasTime(): Promise<boolean> {
  if (timeUsable !== undefined) return timeUsable;
  try {
    const out = await new Deno.Command(TIME, {
      args: ["-f", "%M", "true"],
      stdout: "null",
      stderr: "piped",
    }).output();
    timeUsable = out.success && /^\d+\s*$/.test(new TextDecoder().decode(out.stderr));
  } catch {
    timeUsable = false;
  }
  return timeUsable;
}

/** The clean environment the child starts from (no credentials of the caller leak in). */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const k of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  return env;
}

/**
 * Runs `deno <args>` once and measures it.
 *
 * @example Time a bare start
 * ```ts
 * import { runDeno } from "./_proc.ts";
 * const r = await runDeno(["run", "--no-prompt", "bench/fixtures/empty.ts"]);
 * r.wallMs;
 * ```
 */
export async function runDeno(
  args: readonly string[],
  options: RunOptions = {},
): Promise<TimedRun> {
  const deno = Deno.execPath();
  const useTime = await hasTime();
  const rssFile = useTime ? await Deno.makeTempFile({ dir: "/tmp", prefix: "ks-bench-rss-" }) : "";
  const command = useTime ? TIME : deno;
  const argv = useTime ? ["-f", "%M", "-o", rssFile, deno, ...args] : [...args];
  const child = new Deno.Command(command, {
    args: argv,
    env: { ...baseEnv(), ...options.env },
    clearEnv: true,
    cwd: options.cwd ?? ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
  const started = performance.now();
  const out = await child.output();
  const wallMs = performance.now() - started;
  let peakKiB: number | undefined;
  if (useTime) {
    const text = await Deno.readTextFile(rssFile);
    await Deno.remove(rssFile);
    const last = text.trim().split("\n").at(-1) ?? "";
    peakKiB = /^\d+$/.test(last) ? Number(last) : undefined;
  }
  return {
    code: out.code,
    wallMs,
    peakKiB,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}
