/**
 * One training run where users train, in the LSTM Lens panel's worker inside a real VS Code
 * (code-server + chromium), with the engine forced by `lstmLens.backend`: the tokens/s the
 * dashboard shows (its running figure, median of a few readings after a warm-up), and what ran.
 * Shared by bench/webview/trainInWebview.ts and bench/webview/webgpuInWebview.ts.
 */
import { openUiSession } from '../../test/integration/harness/session';
import type { WebviewReading } from '../webviewReading';

export interface WebviewRun {
  readonly backend: string;
  readonly seconds: number;
  /** Train LSTM's preset row: 'd2l', or 'from settings' with `settings` giving the model. */
  readonly preset: string;
  readonly settings?: Record<string, unknown>;
  /** Chromium with WebGPU on SwiftShader (see WorkbenchOptions.webgpu). */
  readonly webgpu?: boolean;
  /** How long the run may take to start (its engine probe trains a few minibatches first); 120 s unless set. */
  readonly startSeconds?: number;
}

function parseRate(text: string): number | null {
  const m = /^([\d.]+)(k?)$/.exec(text.trim());
  return m ? Number(m[1]) * (m[2] ? 1000 : 1) : null;
}

/** Trains the sample corpus (d2l's time machine) as `run` says and reads the dashboard's speed. */
export async function measureInWebview(run: WebviewRun): Promise<WebviewReading> {
  const engine = run.backend;
  const session = await openUiSession({ settings: { 'lstmLens.backend': engine, ...run.settings }, webgpu: run.webgpu });
  const { wb } = session;
  try {
    await wb.runCommand('LSTM Lens: Train LSTM');
    await wb.pick('Sample corpus');
    await wb.pick(run.preset);
    await wb.page.waitForFunction(() => document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value === 'timemachine');
    await wb.page.keyboard.press('Enter');
    const startMs = (run.startSeconds ?? 120) * 1000;
    const frame = await wb.webviewFrame('[data-testid=dashboard]', startMs);
    await frame.waitForFunction(() => document.querySelector('[data-testid=dashboard]')?.getAttribute('data-running') !== null, undefined, { timeout: startMs });
    const ran = (await frame.locator('[data-testid=engine-badge]').innerText()).trim();
    const adapter = (await frame.locator('[data-testid=engine-adapter]').textContent())?.trim() || undefined;
    const outcome = await frame.locator('[data-testid=outcome]').getAttribute('data-outcome');
    if (outcome !== 'running') return { engine, ran, adapter, tokensPerSec: null, note: (await frame.locator('.notice').innerText()).trim() };
    // The first minibatches carry compilation and shader warm-up: read after a while.
    await frame.waitForFunction(() => (document.querySelector('[data-testid=stat-speed]')?.textContent ?? '—') !== '—', undefined, { timeout: 300000 });
    await wb.page.waitForTimeout(run.seconds * 1000);
    const readings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = parseRate(await frame.locator('[data-testid=stat-speed]').innerText());
      if (r !== null) readings.push(r);
      await wb.page.waitForTimeout(1000);
    }
    readings.sort((a, b) => a - b);
    const notice = (await frame.locator('.notice').innerText()).trim();
    return { engine, ran, adapter, tokensPerSec: readings.length ? readings[Math.floor(readings.length / 2)] : null, ...(notice && { note: notice }) };
  } finally {
    await session.close();
  }
}
