/**
 * Bundles compiled CommonJS modules (out/) for a browser page, the few lines a test needs
 * instead of webpack: every module reachable by relative require() from `entry`, each wrapped
 * in a function, and `globalThis[name]` set to the entry's exports. A require of anything but a
 * relative path (a Node built-in, a package) fails here, naming the module that asked.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function bundleCommonJs(entry: string, name: string): string {
  const modules = new Map<string, { source: string; deps: Record<string, string> }>();
  const visit = (file: string): void => {
    if (modules.has(file)) return;
    const source = readFileSync(file, 'utf8');
    const deps: Record<string, string> = {};
    modules.set(file, { source, deps });
    for (const [, spec] of source.matchAll(/require\("([^"]+)"\)/g)) {
      if (!spec.startsWith('.')) throw new Error(`${file} requires ${spec}, which a page cannot load`);
      deps[spec] = `${resolve(dirname(file), spec)}.js`;
      visit(deps[spec]);
    }
  };
  visit(resolve(entry));
  const defs = [...modules].map(([file, m]) => `${JSON.stringify(file)}: [${JSON.stringify(m.deps)}, function (module, exports, require) {\n${m.source}\n}]`);
  return `(() => {
const defs = {${defs.join(',\n')}};
const cache = {};
function load(file) {
  if (cache[file]) return cache[file].exports;
  const [deps, body] = defs[file];
  const module = (cache[file] = { exports: {} });
  body(module, module.exports, (spec) => load(deps[spec]));
  return module.exports;
}
globalThis[${JSON.stringify(name)}] = load(${JSON.stringify(resolve(entry))});
})();`;
}
