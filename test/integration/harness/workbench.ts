/**
 * Drives the code-server workbench in Debian's chromium through playwright-core, the way a
 * person would: the command palette, Quick Open, the keyboard and the mouse. Waits are on
 * what the page shows, never fixed sleeps.
 */
import { chromium, type BrowserContext, type Frame, type Locator, type Page } from 'playwright-core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHROMIUM, RESULTS_DIR } from './paths';
import type { CodeServer } from './codeServer';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** WebGPU on SwiftShader (Vulkan on the CPU), for pages on 127.0.0.1: how a machine without a GPU runs the WebGPU engine. */
export const SWIFTSHADER_WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'];

export interface WorkbenchOptions {
  /** Extra URL query (the extension-test payload, say). */
  readonly query?: string;
  /** Called from the page before navigation, e.g. to receive the tests' exit code. */
  readonly beforeGoto?: (page: Page) => Promise<void>;
  /** Chromium with WebGPU on SwiftShader (SWIFTSHADER_WEBGPU_ARGS); without it, navigator.gpu gives no adapter here. */
  readonly webgpu?: boolean;
}

/** A frame's page and, for a webview, whose it is: `index.html (extension publisher.name)`. */
function frameName(url: string): string {
  try {
    const u = new URL(url);
    const ext = u.searchParams.get('extensionId');
    return `${u.pathname.split('/').pop() || u.host}${ext ? ` (extension ${ext})` : ''}`;
  } catch {
    return url.slice(0, 80);
  }
}

export class Workbench {
  /** Console lines from every frame, for CSP and error assertions. */
  readonly console: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly profileDir: string,
  ) {}

  static async open(server: CodeServer, opts: WorkbenchOptions = {}): Promise<Workbench> {
    const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-lens-chromium-'));
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: opts.webgpu ? [...CHROMIUM_ARGS, ...SWIFTSHADER_WEBGPU_ARGS] : CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const wb = new Workbench(context, page, profileDir);
    page.on('console', (m) => wb.console.push(`[${m.type()}] ${m.text()}`));
    await opts.beforeGoto?.(page);
    const folder = encodeURIComponent(server.workspace);
    await page.goto(`${server.url}/?folder=${folder}${opts.query ?? ''}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    return wb;
  }

  /**
   * When a webview has the keyboard, gives it to the text editor of the first editor group that
   * shows one (a click on its tab, which leaves the cursor where it is) and waits until it has it.
   * Quick inputs must not start from a webview: each one that closes hands the focus back to
   * what had it, and for a webview the workbench then sends its frame a "focus" message 50 ms
   * later, which the frame (in a process of its own) carries out when it gets to it. Under load
   * that lands after the next QuickPick or InputBox of the same command has opened, takes the
   * focus from it, and a quick input that loses the focus closes: the command is cancelled.
   */
  async leaveWebview(): Promise<void> {
    const inWebview = () => this.page.evaluate(() => document.activeElement?.tagName === 'IFRAME');
    if (!(await inWebview())) return;
    const tab = this.page.locator('.editor-group-container:has(.monaco-editor) .tabs-container .tab.active').first();
    if ((await tab.count()) === 0) return; // no text editor to go to
    await tab.click();
    await this.page.waitForFunction(() => Boolean(document.activeElement?.closest('.monaco-editor')), undefined, { timeout: 15000 });
  }

  /**
   * F1, type the command's title, wait for its row, Enter (from the editor when a webview has
   * the keyboard: see leaveWebview). The first palette search of a fresh workbench can be slow
   * while extensions register, so a search that shows nothing is retried.
   */
  async runCommand(title: string, attempts = 3): Promise<void> {
    await this.paletteRow(title, attempts);
    await this.page.keyboard.press('Enter');
  }

  /** F1 and the command's title, as runCommand does: the palette's row of the command, shown (the palette stays open). */
  async paletteRow(title: string, attempts = 3): Promise<Locator> {
    await this.leaveWebview();
    const input = this.page.locator('.quick-input-widget input');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      try {
        await row.waitFor({ state: 'visible', timeout: 15000 });
        return row;
      } catch (e) {
        await this.page.keyboard.press('Escape');
        if (attempt >= attempts) throw e;
      }
    }
  }

  /** In an open QuickPick: filters by `label`, waits for its row, Enter. */
  async pick(label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(label);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible' });
    await this.page.keyboard.press('Enter');
  }

  /** Ctrl+P, type the path, wait for the row, Enter, wait for the editor tab. */
  async openFile(relPath: string): Promise<void> {
    await this.leaveWebview();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relPath);
    const name = path.basename(relPath);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 30000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ state: 'visible' });
    await this.page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible' });
  }

  /** Puts the cursor at a 1-based line and column with Go to Line (Ctrl+G, "line:col"). */
  async goTo(line: number, column: number): Promise<void> {
    await this.leaveWebview();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  /** Selects `length` characters starting at a 1-based line and column. */
  async selectText(line: number, column: number, length: number): Promise<void> {
    await this.goTo(line, column);
    for (let i = 0; i < length; i++) await this.page.keyboard.press('Shift+ArrowRight');
  }

  /** Types into the focused editor, like a person. */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 20 });
  }

  /**
   * Moves the mouse over the `occurrence`-th appearance of `text` in the visible editor lines
   * and returns the hover widget's text once it shows. Monaco renders spaces as U+00A0, so
   * the search runs on the DOM text with a Range to find the exact glyph box.
   */
  async hoverText(text: string, occurrence = 0): Promise<string> {
    const box = await this.page.evaluate(
      ({ needle, nth }) => {
        const want = needle.replace(/ /g, '\u00a0');
        let seen = 0;
        for (const line of Array.from(document.querySelectorAll('.monaco-editor .view-line'))) {
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const s = node.textContent ?? '';
            let at = s.indexOf(want);
            while (at >= 0) {
              if (seen++ === nth) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + 1);
                const r = range.getBoundingClientRect();
                return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
              }
              at = s.indexOf(want, at + 1);
            }
          }
        }
        return undefined;
      },
      { needle: text, nth: occurrence },
    );
    if (!box) throw new Error(`"${text}" is not in the visible editor lines`);
    await this.page.mouse.move(box.x, box.y);
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor({ state: 'visible', timeout: 15000 });
    return (await hover.innerText()).trim();
  }

  /**
   * The frame of the extension's webview whose document has `selector`. Webviews are nested
   * iframes (a host frame, then the content frame); this polls every frame until one has it.
   */
  async webviewFrame(selector: string, timeoutMs = 60000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        const found = await frame.$(selector).catch(() => null);
        if (found) return frame;
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no webview frame has ${selector} after ${timeoutMs} ms; the frames had:\n${await this.describeFrames()}`);
  }

  /**
   * What each frame below the workbench shows, for a failure message: the data-testid of each
   * outermost element that has one, and of nested ones that carry other data-* attributes, with
   * those attributes: e.g. `explorer{traceId=trace-1,steps=43,step=9} explorer > cell-diagram{cell=lstm}`.
   */
  async describeFrames(): Promise<string> {
    const lines: string[] = [];
    for (const frame of this.page.frames()) {
      if (frame === this.page.mainFrame()) continue;
      const read = frame
        .evaluate(() => {
          const described: string[] = [];
          for (const e of Array.from(document.querySelectorAll<HTMLElement>('[data-testid]'))) {
            const outer: string[] = [];
            for (let p = e.parentElement?.closest<HTMLElement>('[data-testid]'); p; p = p.parentElement?.closest<HTMLElement>('[data-testid]')) outer.unshift(p.dataset.testid ?? '');
            const attrs = Object.entries(e.dataset)
              .filter(([k]) => k !== 'testid')
              .map(([k, v]) => `${k}=${(v ?? '').slice(0, 24)}`);
            if (outer.length > 0 && attrs.length === 0) continue;
            if (e.hidden) attrs.push('hidden');
            described.push(`${[...outer, e.dataset.testid].join(' > ')}${attrs.length ? `{${attrs.join(',')}}` : ''}`);
          }
          return described.length ? described.join(' ') : `no [data-testid] (${document.querySelectorAll('*').length} elements)`;
        })
        .catch((e: unknown) => `unreadable (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
      // A frame whose page is busy (a training worker's host, say) must not hold up the report.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const what = await Promise.race([read, new Promise<string>((r) => (timer = setTimeout(() => r('no answer within 5 s'), 5000)))]);
      clearTimeout(timer);
      lines.push(`  ${frame.isDetached() ? '(detached) ' : ''}${frameName(frame.url())}: ${what.slice(0, 1500)}`);
    }
    return lines.length ? lines.join('\n') : '  (no frame but the workbench)';
  }

  /** Saves a PNG under test-results/ and returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    fs.rmSync(this.profileDir, { recursive: true, force: true });
  }
}
