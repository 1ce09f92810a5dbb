// The same integration suite through @vscode/test-electron, on machines that can download desktop VS Code.
// (Offline, npm test runs it in code-server instead: see scripts/vscode/.)
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runTests } from "@vscode/test-electron";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" }).status !== 0) process.exit(1);
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, "dist/test/integration/suite/index"),
    launchArgs: [join(root, "test/integration/workspace"), "--disable-extensions", "--disable-workspace-trust"],
  });
} catch (error) {
  console.error(`test:electron: ${error.message ?? error}`);
  process.exit(1);
}
