// One playground panel: creates or revives the webview, speaks the typed protocol with the page, keeps the
// page's last state so a closed panel reopens as it was.
import * as vscode from "vscode";
import {
  describeRejected,
  isPageMessage,
  isPlaygroundState,
  type HostMessage,
  type OpenRequest,
  type PageMessage,
  type PlaygroundState,
  type RequestKind,
} from "../../webview/protocol";
import { onDidChangeVersion, pytorchVersion } from "../version/state";
import { makeNonce, playgroundHtml } from "./html";

export const viewType = "lossLens.playground";
const stateKey = "lossLens.playground.state";
const requestTimeoutMs = 10_000;

type Reply<K extends RequestKind> = Extract<PageMessage, { type: K }>;

interface Pending {
  what: RequestKind;
  resolve(m: PageMessage): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class PlaygroundPanel {
  static current: PlaygroundPanel | undefined;
  /** Called when the panel closes (the plot of a user loss stops following its document). */
  static onClosed: (() => void) | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ready = false;
  private readonly queued: HostMessage[] = [];
  /** Sent with the next "init" (the page asks for it when it (re)loads). */
  private openOnReady: OpenRequest | null;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    open: OpenRequest | null,
  ) {
    this.openOnReady = open;
    const root = vscode.Uri.joinPath(context.extensionUri, "dist", "webview");
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, "media", "icon.png");
    panel.webview.html = playgroundHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, "playground.js")).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, "playground.css")).toString(),
      nonce: makeNonce(),
      lang: pageLanguage(),
    });
    panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    // The page answers as the version compute and hover use; "init" carries it, later changes follow.
    onDidChangeVersion((c) => this.post({ type: "pytorch", version: c.version }), undefined, this.disposables);
    // Hidden, the page is discarded (no retainContextWhenHidden); shown again, it reloads and says "ready".
    panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    }, undefined, this.disposables);
    PlaygroundPanel.current = this;
    // The palette lists the playground's own commands only while there is a playground.
    void vscode.commands.executeCommand("setContext", "lossLens.playgroundOpen", true);
  }

  /** Opens the panel beside the editor, or reveals the open one and shows `open` in it. */
  static show(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, open: OpenRequest | null): PlaygroundPanel {
    const existing = PlaygroundPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (open) existing.post({ type: "open", open });
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      viewType,
      vscode.l10n.t("Loss Playground"),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      // The page reloads when hidden and restores itself from vscode.getState(): cheaper than keeping it alive.
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, "dist", "webview")] },
    );
    return new PlaygroundPanel(panel, context, log, open);
  }

  /** After a window reload: VS Code hands back the panel and the state the page last saved. */
  static revive(panel: vscode.WebviewPanel, state: unknown, context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
    PlaygroundPanel.current?.panel.dispose();
    if (isPlaygroundState(state)) void context.globalState.update(stateKey, state);
    new PlaygroundPanel(panel, context, log, null);
  }

  /** Asks the page for a PNG, its Python configuration or its state, and waits for the answer. */
  request<K extends RequestKind>(what: K): Promise<Reply<K>> {
    const id = this.nextId++;
    return new Promise<Reply<K>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the playground did not answer a "${what}" request`));
      }, requestTimeoutMs);
      this.pending.set(id, { what, resolve: resolve as (m: PageMessage) => void, reject, timer });
      this.post({ type: "request", id, what });
    });
  }

  /** Sends a message to the page (queued until it is ready). */
  notify(message: HostMessage): void {
    this.post(message);
  }

  private post(message: HostMessage): void {
    // Before the page says "ready" its listener may not exist yet: "init" carries the open request, and
    // requests wait for it.
    if (!this.ready) {
      if (message.type === "open") this.openOnReady = message.open;
      else this.queued.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private savedState(): PlaygroundState | null {
    const s = this.context.globalState.get<unknown>(stateKey);
    return isPlaygroundState(s) ? s : null;
  }

  private receive(m: unknown): void {
    if (!isPageMessage(m)) {
      this.log.warn(`playground: ${describeRejected(m)}`);
      return;
    }
    switch (m.type) {
      case "ready":
        this.ready = true;
        void this.panel.webview.postMessage({ type: "init", state: this.savedState(), open: this.openOnReady, pytorch: pytorchVersion().version } satisfies HostMessage);
        this.openOnReady = null;
        for (const q of this.queued.splice(0)) void this.panel.webview.postMessage(q);
        return;
      case "state":
        void this.context.globalState.update(stateKey, m.state);
        break;
      case "png":
        if (m.id === undefined) void savePng(m.dataUrl, this.log);
        break;
      case "python":
        if (m.id === undefined) void copyPython(m.code);
        break;
      case "log":
        this.log[m.level === "warn" ? "warn" : m.level === "error" ? "error" : "info"](`playground page: ${m.message}`);
        return;
    }
    if (m.id !== undefined) {
      const p = this.pending.get(m.id);
      if (!p || p.what !== m.type) {
        this.log.warn(`playground: an answer to no pending request (${m.type} #${m.id})`);
        return;
      }
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      p.resolve(m);
    }
  }

  private dispose(): void {
    if (PlaygroundPanel.current === this) {
      PlaygroundPanel.current = undefined;
      void vscode.commands.executeCommand("setContext", "lossLens.playgroundOpen", false);
      PlaygroundPanel.onClosed?.();
    }
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error("the playground was closed"));
    }
    this.pending.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function pageLanguage(): string {
  const setting = vscode.workspace.getConfiguration("lossLens").get<string>("language", "auto");
  if (setting === "en" || setting === "zh-cn") return setting;
  return vscode.env.language.toLowerCase().startsWith("zh") ? "zh-cn" : "en";
}

export async function savePng(dataUrl: string, log: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, "loss-playground.png") : undefined,
    filters: { PNG: ["png"] },
    saveLabel: vscode.l10n.t("Save Chart"),
  });
  if (!uri) return undefined;
  const base64 = dataUrl.slice(dataUrl.indexOf(",") + 1);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  await vscode.workspace.fs.writeFile(uri, bytes);
  log.info(`playground: saved ${uri.toString()} (${bytes.length} bytes)`);
  return uri;
}

export async function copyPython(code: string): Promise<void> {
  await vscode.env.clipboard.writeText(code);
  vscode.window.setStatusBarMessage(vscode.l10n.t("Copied: {0}", code.split("\n")[0] ?? code), 4000);
}
