// The hover tooltip: a small box over the chart with the values nearest the pointer. Text only (labels can be
// names from the user's code); rebuilt only when what it says changes, moved by a transform (no layout of the
// page), flipped to the pointer's other side past the middle so it stays inside the figure.

export interface TipRow {
  colour: string;
  text: string;
  /** A case's mark (a round swatch), not a curve. */
  mark?: boolean;
}

export class Tooltip {
  readonly el: HTMLDivElement;
  private said = "";

  constructor(parent: HTMLElement) {
    this.el = document.createElement("div");
    this.el.className = "chart-tooltip";
    this.el.hidden = true;
    parent.append(this.el);
  }

  show(title: string, rows: TipRow[], x: number, y: number, flipX: boolean, flipY: boolean): void {
    const said = JSON.stringify([title, rows]);
    if (said !== this.said) {
      this.said = said;
      const head = document.createElement("div");
      head.className = "title";
      head.textContent = title;
      const lines = rows.map((r) => {
        const line = document.createElement("div");
        const swatch = document.createElement("span");
        swatch.className = r.mark ? "swatch mark" : "swatch";
        swatch.style.background = r.colour;
        line.append(swatch, document.createTextNode(r.text));
        return line;
      });
      this.el.replaceChildren(head, ...lines);
    }
    const dx = flipX ? `calc(-100% - 12px)` : "12px";
    const dy = flipY ? `calc(-100% - 12px)` : "12px";
    this.el.style.transform = `translate(${x}px, ${y}px) translate(${dx}, ${dy})`;
    this.el.hidden = false;
  }

  hide(): void {
    this.el.hidden = true;
  }
}

/**
 * Calls `onHover` once per animation frame with the pointer's latest position over `target` (CSS pixels from
 * its top left), or null after it leaves: however many pointer events a frame brings, one redraw.
 */
export function trackPointer(target: HTMLElement, onHover: (at: { x: number; y: number } | null) => void): void {
  let at: { x: number; y: number } | null = null;
  let frame = 0;
  const schedule = () => {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      onHover(at);
    });
  };
  target.addEventListener("pointermove", (e) => {
    at = { x: e.offsetX, y: e.offsetY };
    schedule();
  });
  target.addEventListener("pointerleave", () => {
    at = null;
    schedule();
  });
}
