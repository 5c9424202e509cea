/** The renderer's state machine (pure) and the scanner-burst detector: table-driven, no browser. */
import { describe, expect, it } from 'vitest';
import type { ReaderView, ReadResultView, ServiceEvent } from '../../electron/contract/types.js';
import { initialState, reduce, type Action, type UiState } from '../../renderer/src/state/machine.js';
import { detectWedge } from '../../renderer/src/hooks.js';

const reader = (id: string, extra: Partial<ReaderView> = {}): ReaderView => ({ id, name: id, kind: 'virtual', cardPresent: false, state: 'waiting', ...extra });
const result = (readerId: string, verdict: ReadResultView['verdict'] = 'verified'): ReadResultView => ({
  readId: `r-${readerId}-${verdict}`,
  readerId,
  verdict,
  checks: {
    chipDataIntact: { status: 'pass', reason: '' },
    chipGenuine: { status: 'pass', reason: '' },
    issuerTrusted: { status: 'pass', reason: '' },
    documentValid: { status: 'pass', reason: '' },
    onlineConfirmed: { status: 'not_performed', reason: '' },
  },
  document: { type: 'CCCD', issuingState: 'VNM' },
  identity: { idNumber: '001099012345', fullName: 'Nguyễn Văn An' },
  access: { protocol: 'PACE', keySource: 'can' },
  source: 'chip',
  timings: { totalMs: 1, cardMs: 1, hostMs: 0, apdus: 1 },
  finishedAt: '2026-01-01T00:00:00.000Z',
});
const ev = (event: ServiceEvent): Action => ({ type: 'service', event });
const run = (actions: Action[], s: UiState = initialState): UiState => actions.reduce(reduce, s);
const withReaders = run([{ type: 'readers', readers: [reader('virtual:0'), reader('virtual:1')] }]);

describe('UI state machine', () => {
  it('selects the first reader and stays idle', () => {
    expect(withReaders.selectedReaderId).toBe('virtual:0');
    expect(withReaders.screen.name).toBe('idle');
  });
  it('idle → keyEntry → reading(step) → result → idle on card removal', () => {
    let s = run([ev({ type: 'cardInserted', readerId: 'virtual:0' }), ev({ type: 'session', readerId: 'virtual:0', session: { state: 'key_needed', pace: true } })], withReaders);
    expect(s.screen.name).toBe('keyEntry');
    s = run([{ type: 'keySubmitted' }, ev({ type: 'progress', readerId: 'virtual:0', progress: { step: 'DG2', index: 5, count: 9 } })], s);
    expect(s.screen).toMatchObject({ name: 'reading', progress: { step: 'DG2' } });
    if (s.screen.name === 'reading') expect(s.screen.steps).toHaveLength(9);
    s = run([ev({ type: 'result', readerId: 'virtual:0', result: result('virtual:0') })], s);
    expect(s.screen.name).toBe('result');
    expect(s.history[0]).toMatchObject({ idLast4: '2345', verdict: 'verified' });
    expect(JSON.stringify(s.history)).not.toMatch(/001099012345|Nguy/);
    s = run([ev({ type: 'cardRemoved', readerId: 'virtual:0' })], s);
    expect(s.screen.name).toBe('idle');
    expect(JSON.stringify(s)).not.toMatch(/Nguy/);
  });
  it('ignores other readers except for the reader list', () => {
    const s = run([ev({ type: 'cardInserted', readerId: 'virtual:1' }), ev({ type: 'result', readerId: 'virtual:1', result: result('virtual:1') })], withReaders);
    expect(s.screen.name).toBe('idle');
    expect(s.readers.find((r) => r.id === 'virtual:1')?.cardPresent).toBe(true);
  });
  it('keeps the resumable flag of the session error over the duplicate error event', () => {
    const error = { code: 'ACCESS_DENIED', message: 'm', messageVi: 'v' };
    const s = run([ev({ type: 'session', readerId: 'virtual:0', session: { state: 'error', error, resumable: true } }), ev({ type: 'error', readerId: 'virtual:0', error })], withReaders);
    expect(s.screen).toMatchObject({ name: 'error', resumable: true });
  });
  it('a session result is recorded once even when the result event came first', () => {
    const r = result('virtual:0', 'not_verified');
    const s = run([ev({ type: 'result', readerId: 'virtual:0', result: r }), ev({ type: 'session', readerId: 'virtual:0', session: { state: 'result', result: r } })], withReaders);
    expect(s.history).toHaveLength(1);
  });
  it('reset drops the result; removing the selected reader goes idle', () => {
    let s = run([ev({ type: 'result', readerId: 'virtual:0', result: result('virtual:0') }), { type: 'reset' }], withReaders);
    expect(s.screen.name).toBe('idle');
    s = run([ev({ type: 'result', readerId: 'virtual:0', result: result('virtual:0') }), ev({ type: 'readerRemoved', readerId: 'virtual:0' })], withReaders);
    expect(s.selectedReaderId).toBe('virtual:1');
    expect(s.screen.name).toBe('idle');
  });
});

describe('keyboard-wedge QR detection', () => {
  const keys = (text: string, gap: number) => [...text].map((key, i) => ({ key, t: 1000 + i * gap }));
  const qr = '001099012345||NGUYEN VAN A|15031999|Nam|Ha Noi|01012021';
  it.each([
    ['scanner burst', keys(qr, 5), qr],
    ['human typing', keys(qr, 120), null],
    ['fast but too short', keys('0010|99', 5), null],
    ['fast without a bar', keys('001099012345001099012345', 5), null],
  ])('%s', (_n, k, want) => {
    expect(detectWedge(k)).toBe(want);
  });
});
