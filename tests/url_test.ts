// Run it like users will: by URL, from an empty folder, with no deno.json in sight. The
// repository is served over loopback HTTP with TypeScript content types.

import { assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { SimControl } from "../sim/control.ts";
import { startSimulator } from "../sim/mod.ts";
import { runScript, simEnv, simHost } from "./_script.ts";

const ROOT = new URL("../", import.meta.url);

function serveRepository(): { origin: string; close: () => Promise<void> } {
  const controller = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: controller.signal, onListen: () => {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      if (path.includes("..") || !path.endsWith(".ts")) {
        return new Response("not found", { status: 404 });
      }
      try {
        const body = await Deno.readFile(new URL(`.${path}`, ROOT));
        return new Response(body, {
          headers: { "content-type": "application/typescript; charset=utf-8" },
        });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  );
  const addr = server.addr as Deno.NetAddr;
  return {
    origin: `http://127.0.0.1:${addr.port}`,
    close: async () => {
      controller.abort();
      await server.finished;
    },
  };
}

Deno.test("scripts run by URL from an empty folder, and mod.ts imports by URL", async () => {
  const repo = serveRepository();
  const sim = await startSimulator({ ordersPerMarket: 2 });
  const empty = await Deno.makeTempDir({ prefix: "killswitch-url-" });
  const importHost = new URL(repo.origin).host;
  try {
    const scriptUrl = `${repo.origin}/scripts/cancel_all_everywhere.ts`;
    const denoFlags = [`--allow-import=${importHost}`];

    const help = await runScript("cancel_all_everywhere", ["--help"], {
      scriptUrl,
      denoFlags,
      cwd: empty,
    });
    assertEquals(help.code, 0, help.stderr);
    assertStringIncludes(help.stdout, "cancel_all_everywhere: cancel every open order in scope");

    const run = await runScript("cancel_all_everywhere", ["--yes", "--json"], {
      scriptUrl,
      denoFlags,
      cwd: empty,
      env: simEnv(sim),
      allowNet: [simHost(sim)],
    });
    assertEquals(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assertEquals(report.outcome, "FLAT");
    // Printed permissions name the script by its URL.
    assertStringIncludes(report.permissions, scriptUrl);
    const control = new SimControl(sim.origin);
    for (const v of ["okx", "bybit", "bitget", "p99"] as const) {
      assertEquals((await control.orders(v, 0)).length, 0);
    }

    const probe = `${empty}/probe.ts`;
    await Deno.writeTextFile(
      probe,
      `import { Scope, plan, REPORT_VERSION } from "${repo.origin}/mod.ts";\n` +
        `console.log(REPORT_VERSION, String(Scope.all()), plan(Scope.all(), []).hosts.length);\n`,
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", `--allow-import=${importHost}`, probe],
      cwd: empty,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 0, stderr);
    assertMatch(new TextDecoder().decode(out.stdout), /^1 all orders on all venues 0$/m);
    // Nothing was written to the empty folder but our probe: no deno.json, no lockfile.
    const names = [];
    for await (const e of Deno.readDir(empty)) names.push(e.name);
    assertEquals(names, ["probe.ts"]);
  } finally {
    await sim.close();
    await repo.close();
    await Deno.remove(empty, { recursive: true });
  }
});
