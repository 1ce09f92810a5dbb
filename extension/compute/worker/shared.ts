// The one compute worker of this extension host, shared by everything that evaluates: Compute Loss, the loss
// doctor's effect hovers, the user-loss plot's check. Made at activation (spawned on first use).
import type * as vscode from "vscode";
import { ComputeClient } from "./client";
import { spawner } from "./spawn";

let shared: ComputeClient | undefined;

export function startComputeClient(context: vscode.ExtensionContext): ComputeClient {
  shared?.dispose();
  const client = new ComputeClient(spawner(context.extensionUri));
  context.subscriptions.push({ dispose: () => client.dispose() });
  shared = client;
  return client;
}

export function computeClient(): ComputeClient {
  if (!shared) throw new Error("Loss Lens: the compute worker was not started");
  return shared;
}
