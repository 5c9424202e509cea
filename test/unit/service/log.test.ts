import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileLog, logServiceEvents } from '../../../electron/service/log.js';
import { createKioskService } from '../../../electron/service/kiosk.js';
import { PERSON_A } from '../../../electron/vcard/person.js';
import { demoCards } from '../../helpers/demo-cards.js';

const home = mkdtempSync(join(tmpdir(), 'chipid-log-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('service log', () => {
  it('records readers, sessions and verdicts without personal data', async () => {
    const log = createFileLog(join(home, 'logs'));
    const svc = await createKioskService({ dataDir: home, demo: { cards: demoCards(), readers: 1 }, pcsc: false, resultTimeoutMs: 0 });
    logServiceEvents((l) => svc.subscribe(l), log);
    const done = new Promise<void>((resolve) => svc.subscribe((e) => e.type === 'session' && e.session.state === 'result' && resolve()));
    await svc.demoCard('virtual:0', 'insert', 'cccd-2021');
    await svc.startRead('virtual:0', { id: PERSON_A.idNumber });
    await done;
    await svc.close();
    log('test', `an ID ${PERSON_A.idNumber} slipping into a message`);
    const text = readFileSync(join(home, 'logs', 'chipid.log'), 'utf8');
    expect(text).toMatch(/result virtual:0 verified PACE-ECDH-GM-AES-128\/brainpoolP256r1 apdus=\d+/);
    expect(text).toMatch(/session virtual:0 reading/);
    expect(text).toMatch(/reader virtual:0 card=present/);
    expect(text).not.toContain(PERSON_A.idNumber);
    expect(text).not.toContain('Nguyễn');
    expect(text).toContain('############');
  });

  it('rotates at 5 MB and keeps three old files', () => {
    const dir = join(home, 'rot');
    const log = createFileLog(dir);
    const chunk = 'x'.repeat(100_000);
    for (let i = 0; i < 220; i++) log('t', chunk);
    expect(existsSync(join(dir, 'chipid.log.1'))).toBe(true);
    expect(existsSync(join(dir, 'chipid.log.4'))).toBe(false);
    expect(readFileSync(join(dir, 'chipid.log')).length).toBeLessThanOrEqual(5 * 1024 * 1024);
  });
});
