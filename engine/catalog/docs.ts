// The long texts, one module per language, loaded on first use (a hover, the playground's help) so that
// activation never parses them. esbuild keeps each behind its own lazy initialiser.
import type { DocsBundle, Lang } from "./types";

const cache = new Map<Lang, Promise<DocsBundle>>();

export function loadDocs(lang: Lang): Promise<DocsBundle> {
  let docs = cache.get(lang);
  if (!docs) {
    docs = lang === "zh-cn" ? import("./docs/zh-cn").then((m) => m.docs) : import("./docs/en").then((m) => m.docs);
    cache.set(lang, docs);
  }
  return docs;
}
