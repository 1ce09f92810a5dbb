// Renders media/icon.svg to the 128x128 media/icon.png the marketplace needs (run by hand after editing the SVG).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./vscode/workbench.mjs";

const media = join(dirname(fileURLToPath(import.meta.url)), "..", "media");
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<body style="margin:0;background:transparent">${readFileSync(join(media, "icon.svg"), "utf8")}</body>`);
await page.screenshot({ path: join(media, "icon.png"), omitBackground: true });
await browser.close();
