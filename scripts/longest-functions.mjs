#!/usr/bin/env node
// Prints the N longest functions and components (name, file, lines) of electron/, native/ and renderer/,
// read with the TypeScript compiler API. Lines run from the function's first line to its last.
//   node scripts/longest-functions.mjs [--top N] [--json] [--root DIR]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { listSources } from './lib/import-graph.mjs';

const { values } = parseArgs({ options: { top: { type: 'string', default: '15' }, json: { type: 'boolean' }, root: { type: 'string', default: '.' } } });
const root = values.root;
const top = Number(values.top);

/** A readable name for a function-like node: `Class.method`, `const name = () => …`, `{ key: function … }`. */
function nameOf(node) {
  const own = node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name)) ? node.name.text : undefined;
  if (ts.isConstructorDeclaration(node)) return `${className(node) ?? '?'}.constructor`;
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    const cls = className(node);
    return cls ? `${cls}.${own ?? '?'}` : (own ?? '(method)');
  }
  if (own) return own;
  const p = node.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return p.name.text;
  if (p && ts.isPropertyDeclaration(p) && ts.isIdentifier(p.name)) return `${className(p) ?? '?'}.${p.name.text}`;
  if (p && ts.isCallExpression(p)) {
    const callee = p.expression.getText().slice(0, 40);
    return `(callback of ${callee})`;
  }
  return '(anonymous)';
}

function className(node) {
  const c = node.parent;
  return c && (ts.isClassDeclaration(c) || ts.isClassExpression(c)) && c.name ? c.name.text : undefined;
}

const rows = [];
for (const file of listSources(root, ['electron', 'native', 'renderer'])) {
  const text = readFileSync(join(root, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      rows.push({ name: nameOf(node), file, line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
rows.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
const shown = rows.slice(0, top);
if (values.json) {
  process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
} else {
  const w = Math.max(...shown.map((r) => r.name.length), 4);
  process.stdout.write(`${'lines'.padStart(5)}  ${'name'.padEnd(w)}  file\n`);
  for (const r of shown) process.stdout.write(`${String(r.lines).padStart(5)}  ${r.name.padEnd(w)}  ${r.file}:${r.line}\n`);
  process.stdout.write(`(${rows.length} functions in electron/, native/, renderer/)\n`);
}
