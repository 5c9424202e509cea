// The repository's import graph, read with the TypeScript compiler's pre-processor (static imports,
// re-exports, dynamic import() and `import type`), for the cycle check (test/lint/cycles.test.ts) and the
// coverage map (scripts/test-coverage-map.mjs). Paths are repository-relative with forward slashes.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|tsx)$/;

/** Every .ts/.tsx file (not .d.ts) under the given folders of `root`. */
export function listSources(root, folders) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  for (const f of folders) if (existsSync(join(root, f))) walk(join(root, f));
  return out.sort();
}

/** The module specifiers a file imports (static, re-exported, dynamic, type-only). */
export function importsOf(root, file) {
  const info = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** The repository file a relative specifier names (`./x.js` → `x.ts`/`x.tsx`), or undefined. */
export function resolveImport(root, from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  const stem = base.replace(/\.(m?js|jsx)$/, '');
  for (const c of [base, `${stem}.ts`, `${stem}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (SOURCE.test(c) && existsSync(join(root, c)) && statSync(join(root, c)).isFile()) return c;
  }
  return undefined;
}

/** file → the repository files it imports (relative imports only). */
export function importGraph(root, folders) {
  const graph = new Map();
  for (const file of listSources(root, folders)) {
    const deps = new Set();
    for (const spec of importsOf(root, file)) {
      const to = resolveImport(root, file, spec);
      if (to) deps.add(to);
    }
    graph.set(file, [...deps].sort());
  }
  return graph;
}

/** The import cycles: strongly connected components of more than one file, or a file importing itself. */
export function findCycles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return cycles;
}
