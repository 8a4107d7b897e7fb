// Auditable permissions: the exact `deno run` line a configuration needs, and a check, before
// sending, that Deno already grants each host (so nothing ever waits on a prompt).

/** `host[:port]` of a base URL, as `--allow-net` names it. */
export function hostOf(baseUrl: string): string {
  return new URL(baseUrl).host;
}

/** Whether Deno already grants network access to `host` (no prompt is ever shown). */
export function netGranted(host: string): boolean {
  return Deno.permissions.querySync({ name: "net", host }).state === "granted";
}

/** The script reference to print: its URL when run by URL, else its path from the cwd. */
export function scriptRef(moduleUrl: string): string {
  const url = new URL(moduleUrl);
  if (url.protocol !== "file:") return url.href;
  const path = decodeURIComponent(url.pathname);
  let cwd: string | undefined;
  try {
    cwd = Deno.cwd();
  } catch {
    cwd = undefined;
  }
  return cwd && path.startsWith(cwd + "/") ? path.slice(cwd.length + 1) : path;
}

/** The exact command line: hosts and variables listed one by one, no wildcard. */
export function permissionLine(
  script: string,
  hosts: readonly string[],
  envNames: readonly string[],
  readPaths: readonly string[] = [],
  extraArgs: readonly string[] = [],
): string {
  const parts = ["deno run --no-prompt"];
  if (hosts.length) parts.push(`--allow-net=${[...new Set(hosts)].sort().join(",")}`);
  if (envNames.length) parts.push(`--allow-env=${[...new Set(envNames)].sort().join(",")}`);
  if (readPaths.length) parts.push(`--allow-read=${[...new Set(readPaths)].join(",")}`);
  parts.push(script, ...extraArgs);
  return parts.join(" ");
}
