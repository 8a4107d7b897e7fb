// The README's TypeScript examples type-check against this checkout: each ```ts block is
// written out with its published import URL pointed at the local module, and `deno check`ed.

import { assert, assertEquals } from "@std/assert";

const ROOT = new URL("../", import.meta.url);
const PUBLISHED = "https://raw.githubusercontent.com/OWNER/killswitch/main/";

/** The ```ts blocks of a Markdown text, with the line each starts on. */
function tsBlocks(markdown: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== "```ts") continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== "```") end++;
    out.push({ line: start + 1, code: lines.slice(start, end).join("\n") });
    i = end;
  }
  return out;
}

Deno.test("every TypeScript example in the README type-checks against this checkout", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const blocks = tsBlocks(readme);
  assert(blocks.length > 0, "the README has TypeScript examples");
  const dir = await Deno.makeTempDir({ prefix: "killswitch-readme-" });
  try {
    for (const { line, code } of blocks) {
      const file = `${dir}/readme_${line}.ts`;
      await Deno.writeTextFile(file, code.replaceAll(PUBLISHED, ROOT.href) + "\n");
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["check", "--quiet", `--config=${new URL("deno.json", ROOT).pathname}`, file],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      assertEquals(out.code, 0, `README.md line ${line}:\n${stderr}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
