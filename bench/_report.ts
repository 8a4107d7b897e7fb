// The bench's output: the markdown table of its rows, and the machine it ran on.

import { rows } from "./_runs.ts";
import { formatSummary } from "./_stats.ts";

/** The rows as one markdown table. */
export function table(): string {
  const header = ["Figure", "Median [min-max]", "Floor", "Ratio", "Target", "Met", "Notes"];
  const body = rows.map((r) => {
    const digits = r.unit === "MiB" ? 1 : 0;
    const measured = `${formatSummary(r.measured, digits)} ${r.unit}`;
    const floor = r.floor === undefined ? "" : `${r.floor.toFixed(digits)} ${r.unit}`;
    const ratio = r.floor === undefined ? "" : `${(r.measured.median / r.floor).toFixed(2)}x`;
    let target = "";
    let met = "";
    if (r.target !== undefined && r.cap) {
      target = `<= ${r.target} ${r.unit}`;
      met = r.measured.median <= r.target ? "yes" : "NO";
    } else if (r.target !== undefined && r.floor !== undefined) {
      target = `<= ${r.target}x`;
      met = r.measured.median / r.floor <= r.target ? "yes" : "NO";
    }
    return [r.figure, measured, floor, ratio, target, met, r.note ?? ""];
  });
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((row) => row[i]?.length ?? 0))
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...body.map(line),
  ].join("\n");
}

/** The machine: cores, CPU model, RAM, OS, Deno version. */
export async function machine(): Promise<string> {
  // Deno asks for --allow-all to read /proc directly; ask grep (under --allow-run) instead.
  let cpu = "unknown CPU";
  try {
    const out = await new Deno.Command("grep", {
      args: ["-m1", "^model name", "/proc/cpuinfo"],
      stdout: "piped",
      stderr: "null",
    }).output();
    cpu = new TextDecoder().decode(out.stdout).split(":")[1]?.trim() || cpu;
  } catch {
    // no grep or no /proc
  }
  const memGiB = (Deno.systemMemoryInfo().total / 2 ** 30).toFixed(1);
  const cores = navigator.hardwareConcurrency;
  return `${cores} cores (${cpu}), ${memGiB} GiB RAM, ${Deno.build.os}/${Deno.build.arch}, Deno ${Deno.version.deno}`;
}
