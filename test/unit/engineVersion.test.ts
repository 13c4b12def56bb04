/**
 * engines.vscode is as low as the API the extension uses allows, and that is proven: the
 * extension is type-checked (npm run typecheck) against @types/vscode of exactly the version
 * engines.vscode names, so a newer API in the code fails the type check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const read = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));

test('@types/vscode is pinned to the version engines.vscode claims, and that is what is installed', () => {
  const manifest = read('package.json');
  const engine = /^\^(\d+\.\d+\.\d+)$/.exec(manifest.engines.vscode);
  assert.ok(engine, `engines.vscode is ^x.y.z, got ${manifest.engines.vscode}`);
  assert.equal(manifest.devDependencies['@types/vscode'], engine[1], 'pinned exactly, not a range');
  assert.equal(read('node_modules/@types/vscode/package.json').version, engine[1]);
});
