// The local agent API as the Electron main process starts it (electron/main/agent-api.ts), in plain Node with
// the real kiosk service, client store and HTTP server: the port setting as `chipid serve` reads it, paired
// clients served, and no UI (no page, no token) — the window talks over IPC.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPortSetting, DEFAULT_API_PORT, startAgentApi } from '../../../electron/main/agent-api.js';
import { apiLogLine } from '../../../electron/service/api/core.js';
import { openClientStore } from '../../../electron/service/api/clients.js';
import type { ApiServer } from '../../../electron/service/api/server.js';
import { createKioskService, type KioskService } from '../../../electron/service/kiosk.js';
import { createFileLog } from '../../../electron/service/log.js';
import { demoCards } from '../../helpers/demo-cards.js';

describe('the API port setting', () => {
  const cases: [string, string[], NodeJS.ProcessEnv, ReturnType<typeof apiPortSetting>][] = [
    ['default', [], {}, { ok: true, port: DEFAULT_API_PORT }],
    ['environment', [], { CHIPID_API_PORT: '8123' }, { ok: true, port: 8123 }],
    ['--api-port=N', ['--api-port=9001'], {}, { ok: true, port: 9001 }],
    ['--api-port N', ['--api-port', '9002'], {}, { ok: true, port: 9002 }],
    ['the command line wins', ['--api-port=9003'], { CHIPID_API_PORT: '8123' }, { ok: true, port: 9003 }],
    ['0 = a free port', [], { CHIPID_API_PORT: '0' }, { ok: true, port: 0 }],
    ['--no-api', ['--no-api'], { CHIPID_API_PORT: '8123' }, { ok: true, port: null }],
  ];
  it.each(cases)('%s', (_n, argv, env, want) => expect(apiPortSetting(['/opt/chipid', 'dist/electron/main.mjs', ...argv], env)).toEqual(want));

  const bad: [string, string[], NodeJS.ProcessEnv][] = [
    ['not a number', ['--api-port=http'], {}],
    ['too large', ['--api-port=65536'], {}],
    ['negative', [], { CHIPID_API_PORT: '-1' }],
    ['fractional', [], { CHIPID_API_PORT: '80.5' }],
    ['hex', [], { CHIPID_API_PORT: '0x50' }],
    ['empty', [], { CHIPID_API_PORT: '' }],
    ['missing value', ['--api-port'], {}],
    ['a flag as value', ['--api-port', '--demo'], {}],
  ];
  it.each(bad)('%s: refused with a reason', (_n, argv, env) => {
    const r = apiPortSetting(['/opt/chipid', 'main.mjs', ...argv], env);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/port/);
  });
});

describe('startAgentApi', () => {
  let dir: string;
  let kiosk: KioskService;
  let server: ApiServer;
  let token: string;
  const HIS = 'https://his.benhvien.example';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chipid-agent-'));
    token = openClientStore(dir).pair({ name: 'HIS', purpose: 'hospital', origins: [HIS] }).token;
    kiosk = await createKioskService({ dataDir: dir, demo: { cards: demoCards(), readers: 1 }, pcsc: false, env: {} });
    const started = await startAgentApi({ api: kiosk, dataDir: dir, argv: [], env: { CHIPID_API_PORT: '0' }, log: createFileLog(join(dir, 'logs')) });
    if (!started) throw new Error('the agent API did not start');
    server = started;
  });
  afterAll(async () => {
    await server?.close();
    await kiosk?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers status and serves a paired client from the data directory’s client store', async () => {
    const s = await fetch(`${server.url}/api/v1/status`);
    expect(s.status).toBe(200);
    expect((await s.json()).ok).toBe(true);
    const none = await fetch(`${server.url}/api/v1/readers`);
    expect(none.status).toBe(401);
    const r = await fetch(`${server.url}/api/v1/readers`, { headers: { authorization: `Bearer ${token}`, origin: HIS } });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { ok: boolean; value: unknown[] };
    expect(body.ok).toBe(true);
    expect(body.value.length).toBe(1);
  });

  it('serves no UI: no page at /, no token anywhere', async () => {
    for (const path of ['/', '/index.html', '/assets/index.js']) {
      const r = await fetch(`${server.url}${path}`);
      expect(r.status, path).toBe(404);
      expect(await r.text()).not.toMatch(/chipid-token|<html/i);
    }
  });

  it('logs like `chipid serve` (level, event, client, code; never a token)', async () => {
    await fetch(`${server.url}/api/v1/readers`, { headers: { authorization: 'Bearer wrong-token-0123456789abcdefghijklmnop', origin: HIS } });
    const text = readFileSync(join(dir, 'logs', 'chipid.log'), 'utf8');
    expect(text).toMatch(/\bapi\b.*warn http-refused API_UNAUTHORIZED/);
    expect(text).toMatch(/api listening 127\.0\.0\.1:\d+/);
    expect(text).not.toContain(token);
    expect(apiLogLine({ level: 'info', event: 'hello', clientId: 'c1', code: 'X', detail: 'd' })).toBe('info hello c1 X d');
  });

  it('a port already taken, a bad setting or --no-api: no API, the reason logged, never a throw (the window keeps running)', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    const lines: string[] = [];
    const log = (area: string, m: string): number => lines.push(`${area} ${m}`);
    try {
      expect(await startAgentApi({ api: kiosk, dataDir: dir, argv: [`--api-port=${port}`], env: {}, log })).toBeUndefined();
      expect(lines.at(-1)).toBe('api not started: API_PORT_IN_USE');
    } finally {
      blocker.close();
    }
    expect(await startAgentApi({ api: kiosk, dataDir: dir, argv: [], env: { CHIPID_API_PORT: 'x' }, log })).toBeUndefined();
    expect(lines.at(-1)).toBe('api not started: CHIPID_API_PORT must be a port number 0–65535');
    expect(await startAgentApi({ api: kiosk, dataDir: dir, argv: ['--no-api'], env: {}, log })).toBeUndefined();
    expect(lines.at(-1)).toBe('api off (--no-api)');
  });
});
