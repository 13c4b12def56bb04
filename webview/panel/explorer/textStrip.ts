/**
 * The explored text as the model read it, one box per step, the current one highlighted.
 * Click: go to that step; Shift+click: select the steps from the current one to it (for sorting
 * units by correlation); double-click: show the step's text in the editor.
 */
import type { StepRange } from './unitStats';

export interface StripActions {
  step(t: number): void;
  select(range: StepRange): void;
  reveal(t: number): void;
}

/** A token with its whitespace made visible. */
export function visibleToken(token: string): string {
  return token.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\r/g, '␍').replace(/\t/g, '⇥');
}

export class TextStrip {
  readonly root: HTMLElement;
  private boxes: HTMLElement[] = [];
  private current = -1;

  constructor(parent: HTMLElement, title: string, private readonly actions: StripActions) {
    this.root = parent.appendChild(document.createElement('div'));
    this.root.className = 'text-strip';
    this.root.dataset.testid = 'text-strip';
    this.root.title = title;
    this.root.addEventListener('click', (e) => {
      const t = this.stepOf(e);
      if (t === undefined) return;
      if (e.shiftKey) {
        const from = Math.max(this.current, 0);
        this.actions.select({ start: Math.min(from, t), end: Math.max(from, t) + 1 });
      } else this.actions.step(t);
    });
    this.root.addEventListener('dblclick', (e) => {
      const t = this.stepOf(e);
      if (t !== undefined) this.actions.reveal(t);
    });
  }

  /** Shows `tokens`, one box each. */
  setTokens(tokens: readonly string[]): void {
    this.root.replaceChildren();
    this.boxes = tokens.map((tok, t) => {
      const box = this.root.appendChild(document.createElement('span'));
      box.className = tok === '\n' ? 'tok tok-break' : 'tok';
      box.textContent = visibleToken(tok);
      box.dataset.step = String(t);
      return box;
    });
    this.current = -1;
  }

  setStep(t: number): void {
    this.boxes[this.current]?.classList.remove('current');
    this.current = t;
    const box = this.boxes[t];
    if (!box) return;
    box.classList.add('current');
    const strip = this.root.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    if (b.top < strip.top || b.bottom > strip.bottom) this.root.scrollTop += b.top - strip.top - strip.height / 2;
  }

  /**
   * Shades each step by how much it moves the current step's prediction (one value in [0, 1]
   * per step), or clears the shading.
   */
  setConnectivity(shade: Float32Array | undefined): void {
    this.boxes.forEach((box, t) => {
      const v = shade?.[t] ?? 0;
      if (v > 0) {
        box.style.setProperty('--connectivity', v.toFixed(3));
        box.dataset.connectivity = v.toFixed(3);
      } else {
        box.style.removeProperty('--connectivity');
        delete box.dataset.connectivity;
      }
    });
  }

  /** Marks each step where a reading holds (class reading-<kind>), or clears every mark. */
  setReadingMarks(marks: ReadonlyMap<string, Uint8Array> | undefined): void {
    this.boxes.forEach((box, t) => {
      const kinds = marks ? [...marks].filter(([, m]) => m[t] === 1).map(([k]) => k) : [];
      for (const c of [...box.classList]) if (c.startsWith('reading-')) box.classList.remove(c);
      for (const k of kinds) box.classList.add(`reading-${k}`);
      if (kinds.length > 0) box.dataset.readings = kinds.join(' ');
      else delete box.dataset.readings;
    });
  }

  /** Marks the steps in `range` as selected. */
  setSelection(range: StepRange | undefined): void {
    this.boxes.forEach((box, t) => box.classList.toggle('selected', range !== undefined && t >= range.start && t < range.end));
  }

  private stepOf(e: MouseEvent): number | undefined {
    const t = (e.target as HTMLElement).dataset?.step;
    return t === undefined ? undefined : Number(t);
  }
}
