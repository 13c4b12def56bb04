/**
 * The explorer's controls: step back, play / pause, step forward, the scrub slider and the step
 * readout, the speed, the layer picker and the unit sort. Keyboard: Space plays or pauses,
 * ← / → step, Home / End jump to the first / last step.
 */
import type { PanelStrings } from '../../../src/protocol/strings';
import { UNIT_SORTS, type UnitSort } from './unitStats';

export interface ControlActions {
  toggle(): void;
  step(t: number): void;
  by(delta: number): void;
  speed(stepsPerSecond: number): void;
  layer(layer: number): void;
  sort(by: UnitSort): void;
}

const SPEEDS = [1, 2, 5, 10, 20, 30, 60];
export const DEFAULT_SPEED = 10;

function button(parent: HTMLElement, testid: string, text: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = parent.appendChild(document.createElement('button'));
  b.dataset.testid = testid;
  b.textContent = text;
  b.title = title;
  b.setAttribute('aria-label', title);
  b.addEventListener('click', onClick);
  return b;
}

function picker<T extends string | number>(parent: HTMLElement, testid: string, label: string, options: readonly { value: T; text: string }[], initial: T, onPick: (v: T) => void): HTMLSelectElement {
  const wrap = parent.appendChild(document.createElement('label'));
  wrap.textContent = `${label} `;
  const select = wrap.appendChild(document.createElement('select'));
  select.dataset.testid = testid;
  for (const o of options) {
    const opt = select.appendChild(document.createElement('option'));
    opt.value = String(o.value);
    opt.textContent = o.text;
    opt.selected = o.value === initial;
  }
  select.addEventListener('change', () => onPick(options[select.selectedIndex].value));
  return select;
}

export class ExplorerControls {
  readonly root: HTMLElement;
  private readonly play: HTMLButtonElement;
  private readonly slider: HTMLInputElement;
  private readonly readout: HTMLElement;
  private readonly layerWrap: HTMLElement;

  constructor(parent: HTMLElement, private readonly strings: PanelStrings, private readonly actions: ControlActions) {
    this.root = parent.appendChild(document.createElement('div'));
    this.root.className = 'explorer-controls';
    button(this.root, 'step-back', '|◀', strings.stepBack, () => actions.by(-1));
    this.play = button(this.root, 'play', '▶', strings.play, () => actions.toggle());
    button(this.root, 'step-forward', '▶|', strings.stepForward, () => actions.by(1));
    this.slider = this.root.appendChild(document.createElement('input'));
    Object.assign(this.slider, { type: 'range', min: '0', step: '1', value: '0' });
    this.slider.dataset.testid = 'scrub';
    this.slider.setAttribute('aria-label', strings.scrub);
    this.slider.addEventListener('input', () => actions.step(Number(this.slider.value)));
    this.readout = this.root.appendChild(document.createElement('span'));
    this.readout.className = 'step-readout';
    this.readout.dataset.testid = 'step-readout';
    picker(this.root, 'speed', strings.speed, SPEEDS.map((s) => ({ value: s, text: `${s} ${strings.stepsPerSecond}` })), DEFAULT_SPEED, (s) => actions.speed(s));
    this.layerWrap = this.root.appendChild(document.createElement('span'));
    picker(this.root, 'sort', strings.sortUnits, UNIT_SORTS.map((s) => ({ value: s, text: strings[`sort_${s}`] })), 'index', (s) => actions.sort(s));
  }

  /** A new trace: `steps` steps, `layers` layers (the picker shows only for stacked models). */
  reset(steps: number, layers: number): void {
    this.slider.max = String(Math.max(steps - 1, 0));
    this.layerWrap.replaceChildren();
    if (layers > 1) {
      const options = Array.from({ length: layers }, (_, k) => ({ value: k, text: String(k + 1) }));
      picker(this.layerWrap, 'layer', this.strings.layer, options, 0, (k) => this.actions.layer(k));
    }
  }

  setStep(t: number, steps: number, token: string): void {
    this.slider.value = String(t);
    this.readout.textContent = `${this.strings.step} ${t + 1} / ${steps} · ${token}`;
  }

  setPlaying(playing: boolean): void {
    this.play.textContent = playing ? '■' : '▶';
    const label = playing ? this.strings.pause : this.strings.play;
    this.play.title = label;
    this.play.setAttribute('aria-label', label);
  }

  /** Space, ←, →, Home, End for the explorer while `active()`; form controls keep their own keys. */
  bindKeys(active: () => boolean, steps: () => number): void {
    document.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement;
      if (!active() || e.altKey || e.ctrlKey || e.metaKey || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
      // A focused button answers Space itself (a click).
      if (target.tagName === 'BUTTON' && e.key === ' ') return;
      const act: Record<string, () => void> = {
        ' ': () => this.actions.toggle(),
        ArrowLeft: () => this.actions.by(-1),
        ArrowRight: () => this.actions.by(1),
        Home: () => this.actions.step(0),
        End: () => this.actions.step(steps() - 1),
      };
      const f = act[e.key];
      if (!f) return;
      e.preventDefault();
      f();
    });
  }
}
