// Writes snippets/pytorch-losses.json from the catalog (scripts/snippets/generate.ts), or with --check
// fails when the file is out of date. The build runs it; the unit tests compare the file too.
//   node scripts/gen-snippets.mjs [--check]
import * as esbuild from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const snippetsPath = join(root, "snippets", "pytorch-losses.json");

/** The generator module (scripts/snippets/generate.ts), compiled on the fly: the catalog is TypeScript. */
export async function loadGenerator() {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["scripts/snippets/generate.ts"],
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    target: "es2022",
    logLevel: "warning",
  });
  const code = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
}

export async function generatedText() {
  return (await loadGenerator()).snippetsFileText();
}

export async function writeSnippets() {
  const text = await generatedText();
  let current = "";
  try {
    current = readFileSync(snippetsPath, "utf8");
  } catch {
    // first run
  }
  if (current !== text) {
    mkdirSync(dirname(snippetsPath), { recursive: true });
    writeFileSync(snippetsPath, text);
  }
  return current !== text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const same = readFileSync(snippetsPath, "utf8") === (await generatedText());
    console.log(same ? "snippets are up to date" : "snippets/pytorch-losses.json is out of date: run node scripts/gen-snippets.mjs");
    process.exitCode = same ? 0 : 1;
  } else {
    const changed = await writeSnippets();
    console.log(changed ? `wrote ${snippetsPath}` : "snippets unchanged");
  }
}
