/**
 * A page with WebGPU for the engine's tests: Debian's chromium, headless, on SwiftShader (no GPU
 * needed), loading a bundle of compiled modules from a server of the test's own on 127.0.0.1
 * (WebGPU needs a secure context, and localhost is one).
 */
import { existsSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { bundleCommonJs } from './commonJsBundle';

export const CHROMIUM = process.env.LSTM_LENS_CHROMIUM || '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export const noChromium: string | undefined = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (set LSTM_LENS_CHROMIUM)`;

const WEBGPU_ON_SWIFTSHADER = ['--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'];
const QUIET = ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export interface WebGpuPage {
  readonly page: Page;
  close(): Promise<void>;
}

/** Opens a page whose `globalThis[name]` holds the exports of the compiled module `entry`. */
export async function openWebGpuPage(entry: string, name: string): Promise<WebGpuPage> {
  const script = bundleCommonJs(entry, name);
  const server: Server = createServer((req, res) => {
    const isScript = req.url === '/bundle.js';
    res.setHeader('content-type', isScript ? 'text/javascript' : 'text/html');
    res.end(isScript ? script : '<!doctype html><script src="/bundle.js"></script>');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...QUIET, ...WEBGPU_ON_SWIFTSHADER] });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const opened = browser;
    return { page, close: async () => { await opened.close(); server.close(); } };
  } catch (e) {
    await browser?.close();
    server.close();
    throw e;
  }
}
