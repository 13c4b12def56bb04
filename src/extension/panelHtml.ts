/**
 * The panel's HTML: a strict CSP with a per-load nonce. Scripts only by nonce; WASM compiles
 * need 'wasm-unsafe-eval'; the worker starts from blob: and fetches its WASM from blob:.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    'worker-src blob:',
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `connect-src ${webview.cspSource} blob:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('media', 'panel.css')}">
<title>LSTM Lens</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${asset('dist', 'panel.js')}"></script>
</body>
</html>`;
}
