// Where the status bar's pick writes lossLens.pytorchVersion (extension/version/target.ts): the value in force
// becomes the picked one, in the scope the user expects, without repeating what the scope below gives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pickWrite } from "../../extension/version/target";

const trustedFolder = { open: true, trusted: true };

test("nothing set and a trusted folder open: the workspace gets the pick; auto writes nothing new", () => {
  assert.deepEqual(pickWrite({}, "1.13", trustedFolder), { target: "workspace", value: "1.13" });
  assert.deepEqual(pickWrite({}, "auto", trustedFolder), { target: "workspace", value: undefined });
});

test("a workspace value is replaced where it is, and removed when the user settings already give the pick", () => {
  assert.deepEqual(pickWrite({ workspaceValue: "1.13" }, "2.13", trustedFolder), { target: "workspace", value: "2.13" });
  assert.deepEqual(pickWrite({ workspaceValue: "1.13" }, "auto", trustedFolder), { target: "workspace", value: undefined });
  assert.deepEqual(pickWrite({ workspaceValue: "1.13", globalValue: "2.13" }, "2.13", trustedFolder), { target: "workspace", value: undefined });
  // The user settings say 1.13: auto in this workspace must be written, or 1.13 would stay in force.
  assert.deepEqual(pickWrite({ workspaceValue: "2.13", globalValue: "1.13" }, "auto", trustedFolder), { target: "workspace", value: "auto" });
});

test("a user-settings value (and no workspace value) is replaced in the user settings", () => {
  assert.deepEqual(pickWrite({ globalValue: "1.13" }, "2.13", trustedFolder), { target: "global", value: "2.13" });
  assert.deepEqual(pickWrite({ globalValue: "1.13" }, "auto", trustedFolder), { target: "global", value: undefined });
});

test("no folder open, or an untrusted workspace (whose value of this restricted setting is ignored): the user settings", () => {
  assert.deepEqual(pickWrite({}, "1.13", { open: false, trusted: true }), { target: "global", value: "1.13" });
  assert.deepEqual(pickWrite({ workspaceValue: "2.13" }, "1.13", { open: true, trusted: false }), { target: "global", value: "1.13" });
  assert.deepEqual(pickWrite({ globalValue: "1.13", workspaceValue: "2.13" }, "auto", { open: true, trusted: false }), { target: "global", value: undefined });
});

test("package.json lists lossLens.pytorchVersion as restricted in untrusted workspaces", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8"));
  assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes("lossLens.pytorchVersion"));
});
