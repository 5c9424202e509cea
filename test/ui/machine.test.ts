/** The renderer's state machine (pure) and the scanner-burst detector: table-driven, no browser. */
import { describe, expect, it } from 'vitest';
import type { ReaderView, ReadResultView, ServiceEvent } from '../../electron/contract/types.js';
import { initialState, reduce, type Action, type UiState } from '../../renderer/src/state/machine.js';
import { findQr, looksLikeCccdQr } from '../../renderer/src/scanner.js';

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
type SessionEv = Extract<ServiceEvent, { type: 'session' }>['session'];
const sessionOn = (readerId: string, session: SessionEv): Action => ev({ type: 'session', readerId, session });
/** A card placed on (or lifted from) a reader: one readerChanged. */
const card = (readerId: string, present: boolean): Action => ev({ type: 'readerChanged', reader: reader(readerId, { cardPresent: present }) });
const resultOn = (readerId: string, r: ReadResultView = result(readerId)): Action => sessionOn(readerId, { state: 'result', result: r });

describe('UI state machine', () => {
  it('selects the first reader and stays idle', () => {
    expect(withReaders.selectedReaderId).toBe('virtual:0');
    expect(withReaders.screen.name).toBe('idle');
  });
  it('idle → keyEntry → reading(step) → result → idle on card removal', () => {
    let s = run([card('virtual:0', true)], withReaders);
    // The card's presence alone changes no screen: the session's state does.
    expect(s.screen.name).toBe('idle');
    expect(s.readers.find((r) => r.id === 'virtual:0')?.cardPresent).toBe(true);
    s = run([sessionOn('virtual:0', { state: 'key_needed', pace: true })], s);
    expect(s.screen.name).toBe('keyEntry');
    s = run([{ type: 'keySubmitted' }, sessionOn('virtual:0', { state: 'reading', progress: { step: 'DG2', index: 5, count: 9 } })], s);
    expect(s.screen).toMatchObject({ name: 'reading', progress: { step: 'DG2' } });
    if (s.screen.name === 'reading') expect(s.screen.steps).toHaveLength(9);
    s = run([resultOn('virtual:0')], s);
    expect(s.screen.name).toBe('result');
    expect(s.history[0]).toMatchObject({ idLast4: '2345', verdict: 'verified' });
    expect(JSON.stringify(s.history)).not.toMatch(/001099012345|Nguy/);
    s = run([card('virtual:0', false)], s);
    expect(s.screen.name).toBe('idle');
    expect(JSON.stringify(s)).not.toMatch(/Nguy/);
  });
  it('ignores other readers except for the reader list', () => {
    const s = run([card('virtual:1', true), resultOn('virtual:1')], withReaders);
    expect(s.screen.name).toBe('idle');
    expect(s.history).toEqual([]);
    expect(s.readers.find((r) => r.id === 'virtual:1')?.cardPresent).toBe(true);
  });
  it('a session error shows with its resumable flag', () => {
    const error = { code: 'ACCESS_DENIED', message: 'm', messageVi: 'v' };
    const s = run([sessionOn('virtual:0', { state: 'error', error, resumable: true })], withReaders);
    expect(s.screen).toMatchObject({ name: 'error', resumable: true, error: { code: 'ACCESS_DENIED' } });
  });
  it('an error outside any session (PC/SC stopped) shows as a final error; it never covers a result', () => {
    const error = { code: 'PCSC_UNAVAILABLE', message: 'm', messageVi: 'v' };
    let s = run([ev({ type: 'error', error })], withReaders);
    expect(s.screen).toMatchObject({ name: 'error', readerId: null, resumable: false, error: { code: 'PCSC_UNAVAILABLE' } });
    s = run([resultOn('virtual:0'), ev({ type: 'error', readerId: 'virtual:0', error: { ...error, code: 'STORAGE_ERROR' } })], withReaders);
    expect(s.screen.name).toBe('result');
  });
  it('each result is one history entry: two reads of the same card are two entries', () => {
    const r = result('virtual:0', 'not_verified');
    const s = run([resultOn('virtual:0', r), { type: 'reset' }, resultOn('virtual:0', { ...r, readId: 'r-2' })], withReaders);
    expect(s.history.map((h) => h.readId)).toEqual(['r-2', r.readId]);
  });
  it('reset drops the result; removing the selected reader goes idle', () => {
    let s = run([resultOn('virtual:0'), { type: 'reset' }], withReaders);
    expect(s.screen.name).toBe('idle');
    s = run([resultOn('virtual:0'), ev({ type: 'readerRemoved', readerId: 'virtual:0' })], withReaders);
    expect(s.selectedReaderId).toBe('virtual:1');
    expect(s.screen.name).toBe('idle');
  });
});

describe('cancel, a lifted card, a key before the card', () => {
  const R = 'virtual:0';
  const session = (ss: SessionEv): Action => sessionOn(R, ss);
  const progress = (step: string, index: number): Action =>
    session({ state: 'reading', progress: { step, index, count: 9, steps: ['EF.CardAccess', 'access', 'EF.COM', 'EF.SOD', 'DG14', 'DG1', 'DG2', 'DG13', 'DG15'] } });
  const reading = run([card(R, true), session({ state: 'key_needed', pace: true }), { type: 'keySubmitted' }, progress('DG2', 6)], withReaders);
  const removedErr = { code: 'CARD_REMOVED', message: 'm', messageVi: 'v' };

  it('cancel mid-read: whatever of the read still arrives is never shown, nor kept in the history', () => {
    expect(reading.screen.name).toBe('reading');
    let s = run([{ type: 'cancel' }], reading);
    expect(s.screen.name).toBe('cancelling');
    s = run([progress('DG13', 7), session({ state: 'verifying' }), session({ state: 'result', result: result(R) })], s);
    expect(s.screen.name).toBe('cancelling');
    expect(s.history).toEqual([]);
    expect(JSON.stringify(s)).not.toMatch(/Nguy/);
    // the service at rest (card still there) ends the cancel on the idle screen, not in a fresh key entry
    s = run([session({ state: 'key_needed', pace: true })], s);
    expect(s.screen.name).toBe('idle');
  });
  it('cancel ends when the service answers even if it sends nothing else', () => {
    const s = run([{ type: 'cancel' }, { type: 'cancelDone' }], reading);
    expect(s.screen.name).toBe('idle');
  });
  it('card lifted mid-read → "removed" (steps kept), card back → reading resumes without key entry', () => {
    let s = run([card(R, false)], reading);
    expect(s.screen).toMatchObject({ name: 'removed', progress: { step: 'DG2' } });
    s = run([session({ state: 'error', error: removedErr, resumable: true })], s);
    expect(s.screen).toMatchObject({ name: 'removed', progress: { step: 'DG2' } });
    if (s.screen.name === 'removed') expect(s.screen.steps).toHaveLength(9);
    s = run([card(R, true)], s);
    expect(s.screen.name).toBe('removed');
    s = run([session({ state: 'reading', progress: { step: 'connect', index: 0, count: 1 } })], s);
    expect(s.screen.name).toBe('reading');
    s = run([progress('DG13', 7), session({ state: 'result', result: result(R) })], s);
    expect(s.screen.name).toBe('result');
    expect(s.history).toHaveLength(1);
  });
  it('the session error may come before the card event: still "removed", never the error screen', () => {
    const s = run([session({ state: 'error', error: removedErr, resumable: true }), card(R, false)], reading);
    expect(s.screen.name).toBe('removed');
  });
  it('another card on the reader after a lift: the service asks for its key', () => {
    const s = run([card(R, false), card(R, true), session({ state: 'key_needed', pace: true })], reading);
    expect(s.screen).toMatchObject({ name: 'keyEntry', submitting: false });
  });
  it('a lift without anything to resume is an error that says so', () => {
    const s = run([session({ state: 'error', error: { code: 'PROTOCOL_ERROR', message: 'm', messageVi: 'v' }, resumable: false })], reading);
    expect(s.screen.name).toBe('error');
  });
  it('an ID typed with no card: "waiting for the card", then the read starts when it comes', () => {
    let s = run([{ type: 'openKeyEntry' }, { type: 'keySubmitted' }, session({ state: 'waiting' })], withReaders);
    expect(s.screen.name).toBe('waitingCard');
    s = run([card(R, true)], s);
    expect(s.screen.name).toBe('waitingCard');
    s = run([session({ state: 'reading', progress: { step: 'connect', index: 0, count: 1 } })], s);
    expect(s.screen.name).toBe('reading');
  });
  it('cancel while waiting for the card goes idle', () => {
    const s = run([{ type: 'openKeyEntry' }, { type: 'keySubmitted' }, session({ state: 'waiting' }), { type: 'cancel' }, session({ state: 'waiting' })], withReaders);
    expect(s.screen.name).toBe('idle');
  });
});

describe('keyboard-wedge QR detection: by content shape, not by typing speed', () => {
  const qr = '001099012345||Nguyễn Văn An|15031999|Nam|Số 12 Ngõ 34 Phố Huế, Hà Nội|01012021';
  const qrOld = '001099012345|099012345|NGUYEN VAN A|15031999|Nam|Ha Noi|01012021';
  it.each([
    ['a 2021 QR, old ID empty', qr, qr],
    ['a 2021 QR with the 9-digit old ID', qrOld, qrOld],
    ['digits typed into the field before the scan are not part of it', `0010990${qr}`, qr],
    ['a 12-digit ID typed alone', '001099012345', null],
    ['a bar but not the shape', '0010|99', null],
    ['a name with digits', '001099012345||NGUYEN 2|15031999|Nam|Ha Noi|01012021', null],
    ['a date that is not 8 digits', '001099012345||NGUYEN VAN A|1503199|Nam|Ha Noi|01012021', null],
    ['empty', '', null],
  ])('%s', (_n, typed, want) => {
    expect(findQr(typed)).toBe(want);
  });
  it('a configured prefix and suffix frame the code; without the prefix nothing is taken', () => {
    const framing = { prefix: ']Q1', suffix: '#' };
    expect(findQr(`12]Q1${qr}#`, framing)).toBe(qr);
    expect(findQr(`${qr}#`, framing)).toBeNull();
    expect(findQr(`]Q1junk|${qr}`, framing)).toBeNull();
  });
  it('looksLikeCccdQr checks the whole text', () => {
    expect(looksLikeCccdQr(qr)).toBe(true);
    expect(looksLikeCccdQr(`x${qr}`)).toBe(false);
  });
});
