// Chart colours from VS Code's theme variables (light, dark, high contrast), re-read when the theme changes:
// VS Code swaps the body class (vscode-light / vscode-dark / vscode-high-contrast[-light]) and the variables.

export interface Palette {
  kind: "light" | "dark" | "high-contrast" | "high-contrast-light";
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  fontSize: number;
  /** One colour per curve, in order. */
  series: string[];
  /** Marks of a computed case. */
  mark: string;
  lineWidth: number;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * The colour without its alpha: some themes give chart colours as translucent tints (Dark/Light Modern's
 * charts.orange is rgba(234, 92, 0, 0.33)), which would vanish as a 2 px line.
 */
export function opaque(colour: string): string {
  const c = colour.trim();
  const rgba = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*[\d.]+\s*\)$/i.exec(c);
  if (rgba) return `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})`;
  if (/^#[0-9a-f]{8}$/i.test(c)) return c.slice(0, 7);
  if (/^#[0-9a-f]{4}$/i.test(c)) return c.slice(0, 4);
  return c;
}

export function themeKind(body: HTMLElement = document.body): Palette["kind"] {
  if (body.classList.contains("vscode-high-contrast-light")) return "high-contrast-light";
  if (body.classList.contains("vscode-high-contrast")) return "high-contrast";
  if (body.classList.contains("vscode-light")) return "light";
  return "dark";
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const kind = themeKind();
  const light = kind === "light" || kind === "high-contrast-light";
  const hc = kind.startsWith("high-contrast");
  const foreground = cssVar(style, "--vscode-foreground", light ? "#3b3b3b" : "#cccccc");
  const v = (name: string, fallback: string) => cssVar(style, name, fallback);
  return {
    kind,
    foreground,
    muted: v("--vscode-descriptionForeground", foreground),
    grid: hc ? v("--vscode-contrastBorder", foreground) : v("--vscode-editorWidget-border", light ? "#c8c8c8" : "#454545"),
    background: v("--vscode-editor-background", light ? "#ffffff" : "#1e1e1e"),
    font: v("--vscode-font-family", "system-ui, sans-serif"),
    fontSize: parseFloat(v("--vscode-font-size", "13px")) || 13,
    series: [
      v("--vscode-charts-blue", "#3794ff"),
      v("--vscode-charts-red", "#f14c4c"),
      v("--vscode-charts-green", "#89d185"),
      v("--vscode-charts-orange", "#d18616"),
      v("--vscode-charts-purple", "#b180d7"),
      v("--vscode-charts-yellow", "#cca700"),
    ].map(opaque),
    mark: opaque(v("--vscode-charts-foreground", foreground)),
    lineWidth: hc ? 3 : 2,
  };
}

/** Calls `onChange` with the new palette whenever the body's theme class changes. */
export function watchTheme(onChange: (p: Palette) => void): MutationObserver {
  let last = document.body.className;
  const observer = new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    onChange(readPalette());
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ["class"] });
  return observer;
}
