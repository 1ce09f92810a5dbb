// Loads the evaluator bundle (evaluator.js, beside playground.js) on first use. The page's CSP allows scripts by
// nonce only, so the new <script> carries the nonce of the script that loaded the page.
import type { UserLossApi } from "./api";

const self = document.currentScript as HTMLScriptElement | null;
const nonce = self?.nonce ?? "";
const src = self?.src ? self.src.replace(/playground\.js(\?.*)?$/, "evaluator.js") : "evaluator.js";

let loading: Promise<UserLossApi> | undefined;

export function loadUserLossApi(): Promise<UserLossApi> {
  loading ??= new Promise<UserLossApi>((resolve, reject) => {
    if (globalThis.lossLensUserLoss) return resolve(globalThis.lossLensUserLoss);
    const script = document.createElement("script");
    script.nonce = nonce;
    script.src = src;
    script.addEventListener("load", () => (globalThis.lossLensUserLoss ? resolve(globalThis.lossLensUserLoss) : reject(new Error("evaluator.js did not register"))));
    script.addEventListener("error", () => reject(new Error(`could not load ${src}`)));
    document.head.append(script);
  });
  loading.catch(() => (loading = undefined));
  return loading;
}
