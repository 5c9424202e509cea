/** The layer table's `nodeFiles` exemption: the devkit's fake printer may use Node's built-ins, the rest of the devkit may not. */
import { ESLint } from 'eslint';
import { expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
const layerErrors = async (filePath: string, code: string) =>
  ((await eslint.lintText(code, { filePath }))[0]?.messages ?? []).filter((m) => m.ruleId === 'layers/imports').map((m) => m.message);
const NET = "import { createServer } from 'node:net';\nexport const s = createServer;\n";

it('electron/devkit/fake-printer.ts may import node:net', async () => {
  expect(await layerErrors('electron/devkit/fake-printer.ts', NET)).toEqual([]);
});

it('any other devkit file may not (the gateway fake and the HIS receiver are listed too)', async () => {
  const errors = await layerErrors('electron/devkit/other.ts', NET);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/no Node built-ins/);
});
