// Shrinks the chosen person-level screenshots (test-results/, from `npm run screenshots`) into the images the
// README / Marketplace page (docs/screenshots/) and the walkthrough (media/walkthrough/, shipped in the .vsix)
// show: cropped to the part that matters, scaled down, 32-colour PNGs. Needs ImageMagick's `convert`.
//   node scripts/screenshots/publish.mjs
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const shots = join(root, "test-results");

/** [source in test-results, crop WxH+X+Y or null, width, destination] */
const plan = [
  ["hover/hover-CrossEntropyLoss-en.png", "940x500+350+60", 800, "docs/screenshots/hover.png"],
  ["compute-hover.png", "750x820+350+40", 640, "docs/screenshots/compute.png"],
  ["playground/vscode-dark.png", "850x830+352+40", 700, "docs/screenshots/playground.png"],
  ["hover/hover-CrossEntropyLoss-en.png", "940x500+350+60", 560, "media/walkthrough/hover.png"],
  ["compute-hover.png", "750x560+350+40", 520, "media/walkthrough/compute.png"],
  ["playground/vscode-dark.png", "850x830+352+40", 520, "media/walkthrough/playground.png"],
  ["marketplace/snippets.png", "640x300+350+280", 560, "media/walkthrough/snippets.png"],
];

for (const [from, crop, width, to] of plan) {
  const src = join(shots, from);
  if (!existsSync(src)) {
    console.error(`missing ${src}: run npm run screenshots first`);
    process.exitCode = 1;
    continue;
  }
  mkdirSync(dirname(join(root, to)), { recursive: true });
  const args = [src, ...(crop ? ["-crop", crop, "+repage"] : []), "-resize", `${width}x`, "-strip", "-colors", "32", "-define", "png:compression-level=9", join(root, to)];
  execFileSync("convert", args);
  console.log(`${to}: ${(statSync(join(root, to)).size / 1024).toFixed(0)} KB`);
}
