/**
 * The layer rule guards itself: ESLint runs on small sources placed (by file path) in a layer, and each
 * forbidden import must fail with the layer rule while allowed ones pass.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return (r?.messages ?? []).filter((m) => m.ruleId === 'layers/imports').map((m) => m.message);
}

describe('layer rule (eslint.config.js LAYERS)', () => {
  it.each([
    ['a pure layer importing node:fs', 'electron/emrtd/fixture.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", /no Node built-ins/],
    ['a pure layer importing a bare built-in', 'electron/pki/fixture.ts', "import * as fs from 'fs';\nexport const f = fs;\n", /no Node built-ins/],
    ['a pure layer importing an unlisted package', 'electron/emrtd/fixture.ts', "import WebSocket from 'ws';\nexport const w = WebSocket;\n", /package ws/],
    ['the contract importing an unlisted scoped package', 'electron/contract/fixture.ts', "import { sha256 } from '@noble/hashes/sha2.js';\nexport const h = sha256;\n", /package @noble\/hashes/],
    ['the service importing the devkit', 'electron/service/fixture.ts', "import { testPkiCerts } from '../devkit/test-pki.js';\nexport const t = testPkiCerts;\n", /production code.*electron\/devkit/],
    ['the service importing the virtual card', 'electron/service/fixture.ts', "export { createVirtualCard } from '../vcard/profiles.js';\n", /production code.*electron\/vcard/],
    ['a relative import that climbs into a forbidden layer', 'electron/emrtd/pace/fixture.ts', "import { KioskService } from '../../service/kiosk.js';\nexport type K = KioskService;\n", /electron\/emrtd may not import from electron\/service/],
    ['a folder that only shares the last name of a layer', 'electron/emrtd/fixture.ts', "import { x } from '../../renderer/src/service/x.js';\nexport const y = x;\n", /electron\/emrtd may not import from renderer/],
    ['the renderer importing main-side code', 'renderer/src/fixture.ts', "import { systemRng } from '../../electron/service/rng.js';\nexport const r = systemRng;\n", /renderer may not import from electron\/service/],
    ['a type-only import across layers', 'electron/pki/fixture.ts', "import type { Storage } from '../service/storage/index.js';\nexport type S = Storage;\n", /may not import from electron\/service/],
    ['an import type of a forbidden layer', 'electron/pki/fixture.ts', "export type K = import('../service/kiosk.js').KioskService;\n", /electron\/pki may not import from electron\/service/],
    ['a dynamic import of a forbidden layer', 'native/fixture.ts', "export const m = () => import('../electron/service/kiosk.js');\n", /native may not import from electron\/service/],
    ['the service importing electron', 'electron/service/fixture.ts', "import { app } from 'electron';\nexport const a = app;\n", /may not import electron/],
    ['a workflow\'s contract importing node:fs', 'electron/service/workflows/hospital/contract.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", /no Node built-ins/],
    ['a workflow\'s contract importing the service beside it', 'electron/service/workflows/hospital/contract.ts', "import { REQUIRED_TIERS } from '../../verify.js';\nexport const t = REQUIRED_TIERS;\n", /may not import from electron\/service/],
    ['the renderer importing a workflow\'s service side', 'renderer/features/fixture.ts', "import { verifyOnly } from '../../electron/service/workflows/verify-only/index.js';\nexport const w = verifyOnly;\n", /renderer may not import from electron\/service/],
    ['the main process importing benchmarks', 'electron/main/fixture.ts', "import { benchPace } from '../../bench/pace.js';\nexport const b = benchPace;\n", /electron\/main may not import from bench/],
  ])('%s fails', async (_name, filePath, code, message) => {
    const errors = await layerErrors(filePath, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('allowed imports pass', async () => {
    expect(await layerErrors('electron/pki/fixture.ts', "import { sha256 } from '@noble/hashes/sha2.js';\nimport { toHex } from '../emrtd/bytes.js';\nimport { TrustStore } from './truststore.js';\nexport const x = [sha256, toHex, TrustStore];\n")).toEqual([]);
    expect(await layerErrors('electron/service/fixture.ts', "import { join } from 'node:path';\nimport { ReaderWatcher } from '../../native/pcsc.js';\nimport type { KioskApi } from '../contract/types.js';\nexport type A = KioskApi;\nexport const y = [join, ReaderWatcher];\n")).toEqual([]);
    expect(await layerErrors('electron/main/fixture.ts', "export const d = () => import('../vcard/demo-cards.js');\n")).toEqual([]);
    expect(await layerErrors('renderer/features/fixture.ts', "import { workflow } from '../../electron/service/workflows/verify-only/contract.js';\nimport { API_METHODS } from '../../electron/service/workflows/contracts.js';\nexport const w = [workflow, API_METHODS];\n")).toEqual([]);
    expect(await layerErrors('electron/vcard/fixture.ts', "import { testPkiCerts } from '../devkit/test-pki.js';\nexport const t = testPkiCerts;\n")).toEqual([]);
    expect(await layerErrors('bench/fixture.ts', "import { readFileSync } from 'node:fs';\nimport { createVirtualCard } from '../electron/vcard/profiles.js';\nexport const z = [readFileSync, createVirtualCard];\n")).toEqual([]);
  });

  it('the repository itself passes the layer rule', async () => {
    const results = await eslint.lintFiles(['electron', 'native', 'renderer']);
    const broken = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'layers/imports').map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(broken).toEqual([]);
  });
});
