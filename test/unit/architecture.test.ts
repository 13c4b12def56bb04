/**
 * The layering the design promises, read from the imports themselves (not by eye):
 *  - src/core (the LSTM library) imports nothing of src/protocol, src/extension, webview or vscode;
 *  - webview imports nothing of src/extension or vscode;
 *  - no import cycles in src and webview (type-only imports count: a cycle is a cycle).
 * Imports are found by TypeScript's own pre-processor (import, export … from, import(), require),
 * so comments and strings cannot fool it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const root = resolve(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The project file a relative specifier names, or undefined for a package or a missing file. */
function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => existsSync(p));
}

interface Edge {
  readonly from: string;
  /** A project file (repository-relative) or a package name. */
  readonly to: string;
}

const rel = (p: string) => relative(root, p).split('\\').join('/');

function importsOf(file: string): Edge[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map(({ fileName }) => {
    const target = resolveSpecifier(file, fileName);
    return { from: rel(file), to: target ? rel(target) : fileName };
  });
}

const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'webview'))];
const edges = files.flatMap(importsOf);

function offending(fromPrefix: string, forbidden: readonly string[]): string[] {
  return edges
    .filter((e) => e.from.startsWith(fromPrefix) && forbidden.some((f) => e.to === f || e.to.startsWith(`${f}/`) || e.to.startsWith(`${f}.`)))
    .map((e) => `${e.from} → ${e.to}`);
}

test('the import graph is read: every relative import of src and webview resolves to a file', () => {
  const unresolved = files.flatMap((f) =>
    ts.preProcessFile(readFileSync(f, 'utf8'), true, true).importedFiles
      .filter(({ fileName }) => fileName.startsWith('.') && !resolveSpecifier(f, fileName))
      .map(({ fileName }) => `${rel(f)} → ${fileName}`),
  );
  assert.deepEqual(unresolved, []);
  assert.ok(files.length > 100 && edges.length > files.length, `${files.length} files, ${edges.length} imports`);
});

test('src/core imports nothing of src/protocol, src/extension, webview or vscode', () => {
  assert.deepEqual(offending('src/core/', ['src/protocol', 'src/extension', 'webview', 'vscode']), []);
});

test('webview imports nothing of src/extension or vscode', () => {
  assert.deepEqual(offending('webview/', ['src/extension', 'vscode']), []);
});

/** Each import cycle among project files, as a path a → b → … → a (one per strongly connected component). */
function cycles(): string[] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (e.to.startsWith('src/') || e.to.startsWith('webview/')) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  // Tarjan's strongly connected components, iteratively (deep graphs must not overflow the stack).
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  for (const start of next.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; i: number }[] = [{ node: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const out = next.get(top.node) ?? [];
      if (top.i < out.length) {
        const w = out[top.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.node);
        if (component.length > 1 || (next.get(top.node) ?? []).includes(top.node)) components.push(component);
      }
    }
  }
  return components.map((component) => {
    // A path around the component: breadth-first from its first member back to it, within it.
    const members = new Set(component);
    const first = component[0];
    const cameFrom = new Map<string, string>();
    const queue = [first];
    while (queue.length > 0) {
      const n = queue.shift()!;
      for (const w of next.get(n) ?? []) {
        if (!members.has(w) || cameFrom.has(w)) continue;
        cameFrom.set(w, n);
        if (w === first) queue.length = 0;
        else queue.push(w);
      }
    }
    const path = [first];
    for (let n = cameFrom.get(first)!; n !== first; n = cameFrom.get(n)!) path.unshift(n);
    return [...path, first].join(' → ');
  });
}

test('no import cycles in src and webview', () => {
  assert.deepEqual(cycles(), []);
});

/**
 * Each `….postMessage(…)` call outside the core's thread pool, with the name of the property
 * whose value holds it (undefined when it is not inside an object literal's property).
 */
function postMessageCalls(): { at: string; property: string | undefined }[] {
  const found: { at: string; property: string | undefined }[] = [];
  for (const file of files.filter((f) => !rel(f).startsWith('src/core/'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node, property: string | undefined): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'postMessage') {
        found.push({ at: `${rel(file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`, property });
      }
      const inside = ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) ? node.name.text : property;
      ts.forEachChild(node, (child) => visit(child, inside));
    };
    visit(source, undefined);
  }
  return found;
}

test('no postMessage is untyped: each one is the raw end of a typed channel (a Port’s post, or a shard port’s postMessage)', () => {
  const calls = postMessageCalls();
  assert.ok(calls.length >= 5, `the host, panel, worker and thread ports are found (${calls.length})`);
  assert.deepEqual(
    calls.filter((c) => c.property !== 'post' && c.property !== 'postMessage').map((c) => c.at),
    [],
  );
});
