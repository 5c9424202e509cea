/** No import cycles in the product code: the walker finds them (checked on a made-up graph), and finds none. */
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, importsOf } from '../../scripts/lib/import-graph.mjs';

describe('import cycles', () => {
  it('the walker reports a cycle and a self-import, and not a diamond', () => {
    const g = new Map<string, string[]>([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
      ['f.ts', ['g.ts', 'h.ts']],
      ['g.ts', ['i.ts']],
      ['h.ts', ['i.ts']],
      ['i.ts', []],
    ]);
    expect(findCycles(g)).toEqual(expect.arrayContaining([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]));
    expect(findCycles(g)).toHaveLength(2);
  });

  it('the walker sees type-only, re-exported and dynamic imports', () => {
    const specs = importsOf(process.cwd(), 'native/pcsc.ts');
    expect(specs).toContain('./reader-watcher.js');
    expect(importsOf(process.cwd(), 'electron/main/main.ts')).toContain('../vcard/demo-cards.js');
    expect(importsOf(process.cwd(), 'electron/vcard/personalise.ts')).toContain('./profile-spec.js');
  });

  it('electron/, native/ and renderer/ have none', () => {
    const graph = importGraph(process.cwd(), ['electron', 'native', 'renderer']);
    expect(graph.size).toBeGreaterThan(100);
    expect(findCycles(graph)).toEqual([]);
  });
});
