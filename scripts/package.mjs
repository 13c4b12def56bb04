#!/usr/bin/env node
// Packs the built extension into lstm-lens.vsix with vsce, then prints its size and contents'
// summary. Fails if anything outside the allowlist (sources, tests, node_modules) got in.
import { execFileSync } from 'node:child_process';
import { statSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const out = 'lstm-lens.vsix';
if (!existsSync('dist/extension.js')) {
  process.stderr.write('dist/ is missing: run npm run build first\n');
  process.exit(1);
}
// The marketplace page cannot show the README's relative screenshots without a repository
// URL to rewrite them against: the packaged README leaves the image lines out.
mkdirSync('build', { recursive: true });
const readme = readFileSync('README.md', 'utf8')
  .split('\n')
  .filter((l) => !/^!\[[^\]]*\]\((?!https:)/.test(l))
  .join('\n')
  .replace(/\]\((?!https?:|#)[^)]*\)/g, ']'); // relative links: plain text in the package

writeFileSync('build/README.md', readme);
execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--readme-path', 'build/README.md', '--out', out], { stdio: 'inherit' });
const listing = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const junk = listing.filter((f) => /^(src|test|webview|scripts|bench|wasm|node_modules|out)\//.test(f) || f.endsWith('.ts') || f.endsWith('.map'));
if (junk.length > 0) {
  process.stderr.write(`the .vsix would ship files outside the allowlist:\n${junk.join('\n')}\n`);
  process.exit(1);
}
const mb = statSync(out).size / 1024 / 1024;
process.stdout.write(`${out}: ${mb.toFixed(2)} MB, ${listing.length} files\n`);
