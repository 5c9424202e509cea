#!/usr/bin/env node
// Which source files have a test file of their own, and which tests reach the others through their imports.
// A source file's own test sits in the mirrored folder and is named after it:
//   electron/<layer>/<dir>/<name>.ts  →  test/unit/<layer>/<dir>/<name>.test.ts (or <name>-<aspect>.test.ts)
//   native/<name>.ts                  →  test/unit/native/<name>.test.ts
//   renderer/src/<dir>/<name>.tsx     →  test/unit/renderer/<dir>/<name>.test.ts
// For the others the table lists the test files whose import graph reaches them (unit, integration, e2e, ui,
// fuzz, hostile, …). Tests that drive a built bundle in a child process (dist/cli.mjs, the Electron app, the
// browser UI) are not traced: a file reached only that way shows as "not imported by any test".
//   node scripts/test-coverage-map.mjs [--all] [--json]
import { existsSync, readdirSync } from 'node:fs';
import { posix } from 'node:path';
import { parseArgs } from 'node:util';
import { importGraph, listSources } from './lib/import-graph.mjs';

const { values } = parseArgs({ options: { all: { type: 'boolean' }, json: { type: 'boolean' } } });
const root = process.cwd();
const SOURCES = ['electron', 'native', 'renderer'];

function mirrorDir(src) {
  const dir = posix.dirname(src);
  if (dir === 'electron' || dir.startsWith('electron/')) return posix.join('test/unit', dir.slice('electron/'.length));
  if (dir.startsWith('renderer/src')) return posix.join('test/unit/renderer', dir.slice('renderer/src'.length));
  return posix.join('test/unit', dir);
}

function ownTests(src) {
  const dir = mirrorDir(src);
  if (!existsSync(dir)) return [];
  const name = posix.basename(src).replace(/\.tsx?$/, '');
  return readdirSync(dir)
    .filter((f) => /\.test\.tsx?$/.test(f) && (f.startsWith(`${name}.`) || f.startsWith(`${name}-`)))
    .map((f) => posix.join(dir, f));
}

const graph = importGraph(root, [...SOURCES, 'test', 'bench']);
const reach = (start) => {
  const seen = new Set();
  const todo = [start];
  while (todo.length) {
    for (const d of graph.get(todo.pop()) ?? []) {
      if (seen.has(d)) continue;
      seen.add(d);
      todo.push(d);
    }
  }
  return seen;
};
const tests = [...graph.keys()].filter((f) => f.startsWith('test/') && /\.test\.tsx?$/.test(f));
const reachedBy = new Map();
for (const t of tests) for (const f of reach(t)) reachedBy.set(f, [...(reachedBy.get(f) ?? []), t]);

const kind = (t) => t.split('/')[1];
const rows = listSources(root, SOURCES).map((src) => {
  const own = ownTests(src);
  const by = (reachedBy.get(src) ?? []).filter((t) => !own.includes(t));
  return { source: src, own, coveredBy: by };
});

if (values.json) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  process.exit(0);
}
const withOwn = rows.filter((r) => r.own.length).length;
const indirect = rows.filter((r) => !r.own.length && r.coveredBy.length);
const none = rows.filter((r) => !r.own.length && !r.coveredBy.length);
const shown = values.all ? rows : rows.filter((r) => !r.own.length);
const summarise = (ts) => {
  if (!ts.length) return 'not imported by any test';
  const kinds = {};
  for (const t of ts) kinds[kind(t)] = (kinds[kind(t)] ?? 0) + 1;
  const first = ts.slice(0, 2).map((t) => t.replace(/^test\//, '')).join(', ');
  return `${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}  (${first}${ts.length > 2 ? ', …' : ''})`;
};
const w = Math.max(...shown.map((r) => r.source.length), 6);
process.stdout.write(`${'source'.padEnd(w)}  ${values.all ? 'own test'.padEnd(8) + '  ' : ''}reached by (tests importing it, directly or not)\n`);
for (const r of shown) {
  process.stdout.write(`${r.source.padEnd(w)}  ${values.all ? (r.own.length ? 'yes' : '-').padEnd(8) + '  ' : ''}${summarise(r.coveredBy)}\n`);
}
process.stdout.write(
  `\n${rows.length} source files: ${withOwn} with a test of their own, ${indirect.length} reached only through other tests, ${none.length} not imported by any test.\n`,
);
