// The integration suite's entry: the same run() for @vscode/test-electron (desktop) and for
// code-server driven by Chromium (scripts/vscode-test.mjs). Mocha reports through the extension
// host's console; the last line carries the counts for the test command's summary.
import * as path from "node:path";
import * as fs from "node:fs";
import Mocha from "mocha";

export function run(): Promise<void> {
  // LOSS_LENS_INTEGRATION_GREP runs the matching tests only (while working on one area).
  const grep = process.env.LOSS_LENS_INTEGRATION_GREP;
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: 20000, reporter: "spec", ...(grep ? { grep } : {}) });
  const dir = path.resolve(__dirname, "..");
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".test.js")).sort()) {
    mocha.addFile(path.join(dir, file));
  }
  console.log("LOSS_LENS_INTEGRATION_START");
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, failures: failed = 0 } = runner.stats ?? {};
      console.log(`LOSS_LENS_INTEGRATION ${JSON.stringify({ passed: passes, failed })}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
