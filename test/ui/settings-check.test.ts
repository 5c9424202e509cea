/** The Settings entries are checked, never clamped: table-driven, no browser. */
import { describe, expect, it } from 'vitest';
import { STRINGS } from '../../renderer/src/i18n/strings.js';
import { checkDraft, framingProblem, labelProblem, wholeIn } from '../../renderer/src/screens/settings-check.js';

const t = STRINGS.vi;
const range = { min: 3, max: 600 };

describe('settings entries', () => {
  it.each([
    ['3', 3],
    ['600', 600],
    [' 60 ', 60],
    ['2', null],
    ['601', null],
    ['2.5', null],
    ['-5', null],
    ['', null],
    ['1e2', null],
  ])('wholeIn(%j) = %j', (text, want) => {
    expect(wholeIn(text, range)).toBe(want);
  });
  it('a label is refused past 64 characters or with a 9-digit run, never cut', () => {
    expect(labelProblem(t, 'Tên', 'a'.repeat(64))).toBeNull();
    expect(labelProblem(t, 'Tên', 'ễ'.repeat(65))).toContain('đang có 65');
    expect(labelProblem(t, 'Tên', 'Quầy 123456789')).toContain('9 chữ số');
  });
  it('out-of-range values come back as messages in both languages, with the range', () => {
    const d = { retentionDays: '99999', resultTimeoutSeconds: '2', scannerPrefix: '', scannerSuffix: '', readers: {} };
    const vi = checkDraft(STRINGS.vi, d);
    const en = checkDraft(STRINGS.en, d);
    expect(vi.ok).toBe(false);
    if (!vi.ok && !en.ok) {
      expect(vi.problems.join(' ')).toMatch(/từ 3 đến 600.*từ 1 đến 3650/);
      expect(en.problems.join(' ')).toMatch(/from 3 to 600.*from 1 to 3650/);
    }
    expect(checkDraft(t, { retentionDays: '30', resultTimeoutSeconds: '60', scannerPrefix: ']Q1', scannerSuffix: '', readers: {} })).toEqual({
      ok: true,
      value: { retentionDays: 30, resultTimeoutSeconds: 60, scannerPrefix: ']Q1', scannerSuffix: '' },
    });
  });
  it('a scanner prefix/suffix: up to 8 printable ASCII characters, no space or control character, in both languages', () => {
    expect(framingProblem(t, 'Tiền tố', '')).toBeNull();
    expect(framingProblem(t, 'Tiền tố', '~'.repeat(8))).toBeNull();
    for (const bad of ['~'.repeat(9), 'Q 1', '\u0002', 'ễ']) expect(framingProblem(t, 'Tiền tố', bad)).toContain('Tiền tố: tối đa 8 ký tự');
    expect(framingProblem(STRINGS.en, 'Prefix', '\u0003')).toContain('Prefix: at most 8');
    const r = checkDraft(t, { retentionDays: '30', resultTimeoutSeconds: '60', scannerPrefix: '', scannerSuffix: '# ', readers: {} });
    expect(r.ok ? [] : r.problems).toEqual([t.framingBad(t.scannerSuffix, 8)]);
  });
  it("a reader's operator is checked like its label (no ID number), its workflow is not a label", () => {
    const base = { retentionDays: '30', resultTimeoutSeconds: '60', scannerPrefix: '', scannerSuffix: '' };
    const reader = { label: 'Quầy 1', counter: '', workflow: 'verify-only', operator: '001099012345' };
    const r = checkDraft(t, { ...base, readers: { 'virtual:0': reader } });
    expect(r.ok ? [] : r.problems).toEqual([t.labelDigits(t.operatorLabel)]);
    expect(checkDraft(t, { ...base, readers: { 'virtual:0': { ...reader, operator: 'Lan' } } }).ok).toBe(true);
  });
});
