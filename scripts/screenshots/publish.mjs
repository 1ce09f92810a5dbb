// Shrinks the chosen person-level screenshots (test-results/, from `npm run screenshots`) into the images the
// README / Marketplace page (docs/screenshots/) and the walkthrough (media/walkthrough/, shipped in the .vsix)
// show: cropped to the part that matters, scaled down, small PNGs or JPEGs
// (the walkthrough's images ship in the .vsix, whose budget is 500 KB). Needs ImageMagick's `convert`.
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
  ["hover/hover-CrossEntropyLoss-en.png", "940x500+350+60", 460, "media/walkthrough/hover.png"],
  ["compute-hover.png", "750x560+350+40", 460, "media/walkthrough/compute.png"],
  ["playground/vscode-dark.png", "850x830+352+40", 460, "media/walkthrough/playground.jpg"],
  ["marketplace/snippets.png", "640x300+350+280", 460, "media/walkthrough/snippets.jpg"],
];

for (const [from, crop, width, to] of plan) {
  const src = join(shots, from);
  if (!existsSync(src)) {
    console.error(`missing ${src}: run npm run screenshots first`);
    process.exitCode = 1;
    continue;
  }
  mkdirSync(dirname(join(root, to)), { recursive: true });
  // Curves and photos-like antialiasing compress better as JPEG; text on flat colours as a 32-colour PNG.
  // The walkthrough's images ship in the .vsix: fewer colours there.
  const colours = to.startsWith("media/") ? "16" : "32";
  const encode = to.endsWith(".jpg") ? ["-quality", "70"] : ["-colors", colours, "-define", "png:compression-level=9"];
  const args = [src, ...(crop ? ["-crop", crop, "+repage"] : []), "-resize", `${width}x`, "-strip", ...encode, join(root, to)];
  execFileSync("convert", args);
  console.log(`${to}: ${(statSync(join(root, to)).size / 1024).toFixed(0)} KB`);
}
