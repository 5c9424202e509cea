/**
 * End to end: examples/web-client.mjs (another process, plain JS + ws) reads a virtual CCCD through the local
 * agent API of the real kiosk service in demo mode, and prints only what its purpose allows.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSE_FIELDS, IDENTITY_FIELDS, type Purpose } from '../../electron/contract/types.js';
import { createKioskService, type KioskService } from '../../electron/service/kiosk.js';
import { openClientStore, type ClientStore } from '../../electron/service/api/clients.js';
import { startApiServer, type ApiServer } from '../../electron/service/api/server.js';
import { REPO_DIR } from '../helpers/shared.js';
import { demoCards } from '../helpers/demo-cards.js';

let dir: string;
let kiosk: KioskService;
let clients: ClientStore;
let server: ApiServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chipid-api-e2e-'));
  kiosk = await createKioskService({ dataDir: dir, demo: { cards: demoCards(), readers: 1 }, pcsc: false });
  clients = openClientStore(dir);
  server = await startApiServer({ api: kiosk, clients });
});
afterAll(async () => {
  await server?.close();
  await kiosk?.close();
  rmSync(dir, { recursive: true, force: true });
});

function example(token: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO_DIR, 'examples/web-client.mjs'), '--url', server.url, ...args], { env: { ...process.env, CHIPID_TOKEN: token }, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const printedFields = (stdout: string): string[] => IDENTITY_FIELDS.filter((f) => new RegExp(`^${f}: `, 'm').test(stdout));

describe('examples/web-client.mjs', () => {
  it.each(['hospital', 'bank', 'verify-only'] as const)('a %s client reads the virtual card and sees only its fields', async (purpose: Purpose) => {
    await kiosk.demoCard('virtual:0', 'remove');
    const { token } = clients.pair({ name: `example ${purpose}`, purpose, origins: [], allowNoOrigin: true });
    const r = await example(token, ['--id', '001099012345', '--demo-insert', '--photo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`purpose ${purpose}`);
    expect(r.stdout).toMatch(/^reader virtual:0 /m);
    expect(r.stdout).toMatch(/^progress /m);
    expect(r.stdout).toMatch(/^verdict (verified|not_verified)$/m);
    expect(r.stdout).toContain('idLast4 2345');
    expect(printedFields(r.stdout).sort()).toEqual([...PURPOSE_FIELDS[purpose]].sort());
    expect(/^photo image\/jpeg/m.test(r.stdout)).toBe(purpose !== 'verify-only');
  });

  it('a browser-only client without an Origin is refused with the bilingual message', async () => {
    const { token } = clients.pair({ name: 'browser only', purpose: 'hospital', origins: ['https://his.example'] });
    const r = await example(token, ['--id', '001099012345']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('API_FORBIDDEN_ORIGIN');
    expect(r.stderr).toMatch(/Địa chỉ web/);
  });
});
