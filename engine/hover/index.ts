// The hover, without VS Code: analyse a Python source once per version, resolve the word under the
// cursor to a loss target, render it as Markdown. extension/hover adapts this to a HoverProvider.
export { analyze, type Analysis } from "./analyze";
export { mightHover, resolveAt, type HoverTarget } from "./resolve";
export { lossNear } from "./near";
export { renderHover, commands, userText, type RenderOptions } from "./render";
export { configure } from "./check";
export { versionNote } from "./version-note";
export { languageFor } from "./language";
