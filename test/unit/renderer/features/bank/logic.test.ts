// The bank screens' pure rules: which events carry the check on screen, when Confirm needs the supervisor,
// the score bar, the frame's base64, the settings checks; and the two string tables have the same entries.
import { describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../../../../../electron/contract/types.js';
import type { BankCheckView } from '../../../../../electron/service/workflows/bank/contract.js';
import { barOf, base64Of, checkBankSettings, checkUpdate, confirmNeedsSupervisor, newer, secondsUntil, wantsFrames } from '../../../../../renderer/features/bank/logic.js';
import { BANK_STRINGS } from '../../../../../renderer/features/bank/strings.js';

function check(over: Partial<BankCheckView> = {}): BankCheckView {
  return {
    checkId: 'kyc_0123456789abcdef',
    readerId: 'virtual:0',
    counter: null,
    status: 'awaiting-face',
    verdict: 'verified',
    tiers: {},
    identity: { idNumber: null, fullName: null, dateOfBirth: null, sex: null, dateOfExpiry: null },
    referenceFace: 'ready',
    challenge: null,
    quality: null,
    hint: null,
    face: null,
    liveness: null,
    record: null,
    online: { status: 'not_configured', at: null, reference: null, note: null },
    requiresOverride: false,
    overrideReasons: [],
    decision: null,
    receiptId: null,
    readAt: '2026-12-03T10:00:00.000Z',
    updatedAt: '2026-12-03T10:00:00.000Z',
    ...over,
  };
}
const ev = (c: unknown, readerId = 'virtual:0'): ServiceEvent => ({ type: 'workflow', workflow: 'bank', name: 'check', readerId, data: { check: c } }) as ServiceEvent;
const running = { steps: ['blink' as const], step: 0, status: 'running' as const, startedAt: 0, deadline: 20_000, failure: null, prompt: null };

describe('bank screen logic', () => {
  it('takes a check event of this counter and this check only, and only a well-formed one', () => {
    expect(checkUpdate(ev(check()), 'virtual:0', null)?.checkId).toBe('kyc_0123456789abcdef');
    expect(checkUpdate(ev(check()), 'virtual:1', null)).toBeNull();
    expect(checkUpdate(ev(check()), 'virtual:0', 'kyc_ffffffffffffffff')).toBeNull();
    expect(checkUpdate(ev({ checkId: 'x' }), 'virtual:0', null)).toBeNull();
    expect(checkUpdate({ type: 'workflow', workflow: 'hospital', name: 'check', data: { check: check() } } as ServiceEvent, 'virtual:0', null)).toBeNull();
  });
  it('keeps the later view of one check, and a new check over an old one', () => {
    const a = check({ updatedAt: '2026-12-03T10:00:01.000Z', status: 'challenge' });
    const b = check({ updatedAt: '2026-12-03T10:00:00.500Z' });
    expect(newer(a, b)).toBe(a);
    expect(newer(b, a)).toBe(a);
    const other = check({ checkId: 'kyc_ffffffffffffffff', updatedAt: '2026-12-03T09:00:00.000Z' });
    expect(newer(a, other)).toBe(other);
  });
  it('wants frames only while the challenge runs', () => {
    expect(wantsFrames(check())).toBe(false);
    expect(wantsFrames(check({ status: 'challenge', challenge: running }))).toBe(true);
    expect(wantsFrames(check({ status: 'challenge', challenge: { ...running, status: 'passed' } }))).toBe(false);
    expect(wantsFrames(check({ status: 'compared', challenge: running }))).toBe(false);
  });
  it('asks the supervisor when the service says so or the face was not compared', () => {
    expect(confirmNeedsSupervisor(check({ status: 'compared' }))).toBe(false);
    expect(confirmNeedsSupervisor(check({ status: 'compared', requiresOverride: true }))).toBe(true);
    expect(confirmNeedsSupervisor(check({ status: 'awaiting-face' }))).toBe(true);
  });
  it('draws the bar clamped, the countdown never below 0, the frame base64 without its prefix', () => {
    expect(barOf(0.91, 0.87)).toEqual({ fill: 91, mark: 87 });
    expect(barOf(-0.2, 1.4)).toEqual({ fill: 0, mark: 100 });
    expect(secondsUntil(10_000, 8_100)).toBe(2);
    expect(secondsUntil(10_000, 12_000)).toBe(0);
    expect(base64Of('data:image/jpeg;base64,/9j/4A==')).toBe('/9j/4A==');
    expect(base64Of('data:,')).toBe('');
  });
  it('refuses settings out of the service bounds, in both languages', () => {
    expect(checkBankSettings({ keepImages: true, imageRetentionDays: 1825, challengeSeconds: 20 }, 'vi')).toEqual([]);
    expect(checkBankSettings({ imageRetentionDays: 0, challengeSeconds: 2 }, 'vi')).toHaveLength(2);
    expect(checkBankSettings({ imageRetentionDays: '12a' }, 'en')[0]).toMatch(/Image retention/);
    expect(checkBankSettings({ challengeSeconds: 121 }, 'en')[0]).toMatch(/5 to 120/);
  });
  it('has the same entries in Vietnamese and English', () => {
    const keys = (o: object): string[] => Object.keys(o).sort();
    expect(keys(BANK_STRINGS.en)).toEqual(keys(BANK_STRINGS.vi));
    expect(keys(BANK_STRINGS.en.failures)).toEqual(keys(BANK_STRINGS.vi.failures));
    expect(BANK_STRINGS.en.refuseReasons).toHaveLength(BANK_STRINGS.vi.refuseReasons.length);
  });
});
