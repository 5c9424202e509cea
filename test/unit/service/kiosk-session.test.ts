/**
 * The kiosk service (demo mode, in-process virtual readers, a real SQLite store): a cancelled read emits no
 * result and is recorded as cancelled; the demo card lifted mid-read and placed again resumes to a result;
 * every change is sent once (the session state carries progress, result and error).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKioskService, type KioskService } from '../../../electron/service/kiosk.js';
import { listEvents } from '../../../electron/service/storage/index.js';
import type { ServiceEvent } from '../../../electron/contract/types.js';
import { demoCards } from '../../helpers/demo-cards.js';

const ID = '001099012345';
const R = 'virtual:0';
let dir: string;
let kiosk: KioskService;
let events: ServiceEvent[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chipid-kiosk-session-'));
  kiosk = await createKioskService({ dataDir: dir, demo: { cards: demoCards(), readers: 1 }, pcsc: false, resultTimeoutMs: 0, env: {} });
  events = [];
  kiosk.subscribe((e) => events.push(e));
});
afterEach(async () => {
  await kiosk.close();
  rmSync(dir, { recursive: true, force: true });
});

const until = async (f: () => boolean): Promise<void> => {
  while (!f()) await new Promise((r) => setTimeout(r, 5));
};
const results = (): Extract<ServiceEvent, { type: 'session' }>[] => events.flatMap((e) => (e.type === 'session' && e.session.state === 'result' ? [e] : []));
const sessionStates = (): string[] => events.flatMap((e) => (e.type === 'session' ? [e.session.state] : []));

describe('kiosk service: cancel', () => {
  it('cancel while verifying: no result event, the read stored as cancelled (verdict error, code CANCELLED)', async () => {
    let cancelled = false;
    kiosk.subscribe((e) => {
      if (!cancelled && e.type === 'session' && e.session.state === 'verifying') {
        cancelled = true;
        void kiosk.cancel(R);
      }
    });
    await kiosk.demoCard(R, 'insert', 'cccd-2021');
    await kiosk.startRead(R, { id: ID }, { photo: false });
    await until(() => listEvents(kiosk.storage.read).length > 0);
    const [ev] = listEvents(kiosk.storage.read);
    expect(ev).toMatchObject({ verdict: 'error', errorCode: 'CANCELLED', clientId: 'kiosk-ui', purpose: 'kiosk' });
    expect(ev!.tiers.chipDataIntact).toMatchObject({ status: 'not_performed', code: 'READ_CANCELLED' });
    // The same card read again, to its result: the cancelled read never surfaces, before or after it.
    await kiosk.startRead(R, { id: ID }, { photo: false });
    await until(() => results().length > 0);
    expect(results()).toHaveLength(1);
    const stored = listEvents(kiosk.storage.read);
    expect(stored.map((e) => e.errorCode ?? e.verdict).sort()).toEqual(['CANCELLED', 'verified']);
  });
});

describe('kiosk service: demo card lifted mid-read', () => {
  it('the same demo card placed again resumes with the keys it had, to a verified result', async () => {
    let lifted = false;
    kiosk.subscribe((e) => {
      if (!lifted && e.type === 'session' && e.session.state === 'reading' && e.session.progress.step === 'DG13') {
        lifted = true;
        void kiosk.demoCard(R, 'remove');
      }
    });
    await kiosk.demoCard(R, 'insert', 'cccd-2021');
    await kiosk.startRead(R, { id: ID }, { photo: false });
    await until(() => events.some((e) => e.type === 'session' && e.session.state === 'error'));
    expect(events.find((e) => e.type === 'session' && e.session.state === 'error')).toMatchObject({ session: { resumable: true } });
    await kiosk.demoCard(R, 'insert');
    await until(() => results().length > 0 || sessionStates().slice(-1)[0] === 'key_needed');
    expect(results()).toHaveLength(1);
    expect(results()[0]).toMatchObject({ session: { result: { verdict: 'verified' } } });
  });
});

describe('kiosk service: each change is sent once', () => {
  it('a card placed, read and lifted: one readerChanged per card move, the result and every step only in session', async () => {
    await kiosk.demoCard(R, 'insert', 'cccd-2021');
    await kiosk.startRead(R, { id: ID }, { photo: false });
    await until(() => results().length > 0);
    await kiosk.demoCard(R, 'remove');
    const types = new Set(events.map((e) => e.type));
    expect([...types].sort()).toEqual(['readerChanged', 'session']);
    const presence = events.flatMap((e) => (e.type === 'readerChanged' ? [e.reader.cardPresent] : []));
    expect(presence).toEqual([true, false]);
    // The result travels once: no other event holds its read id.
    const first = results()[0]!;
    const readId = first.session.state === 'result' ? first.session.result.readId : 'none';
    expect(events.filter((e) => JSON.stringify(e).includes(readId))).toHaveLength(1);
    // Progress is part of the session state: each step is one session event in state reading.
    const steps = events.flatMap((e) => (e.type === 'session' && e.session.state === 'reading' ? [e.session.progress.step] : []));
    expect(steps[0]).toBe('connect');
    expect(steps).toContain('DG13');
    expect(sessionStates().filter((x) => x === 'verifying')).toHaveLength(1);
    expect(sessionStates().slice(-2)).toEqual(['result', 'waiting']);
  });

  it('a read that fails sends its error once, in the session state', async () => {
    await kiosk.demoCard(R, 'insert', 'cccd-2021');
    await kiosk.startRead(R, { id: '079199000001' }, { photo: false });
    await until(() => sessionStates().includes('error'));
    expect(events.some((e) => e.type === 'error')).toBe(false);
    expect(events.filter((e) => e.type === 'session' && e.session.state === 'error')).toHaveLength(1);
  });
});
