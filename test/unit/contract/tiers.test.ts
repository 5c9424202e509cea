// The tier table is the one place the verdict's words live: every tier and check is labelled in both
// languages, every reason code words at least one of them, and no two texts say the same thing.
import { describe, expect, it } from 'vitest';
import {
  CHECK_NAMES,
  CHECK_STATUSES,
  REASONS,
  REASON_CODES,
  SUB_CHECK_TABLE,
  TIERS,
  TIER_TABLE,
  VIA_CHECK,
  checkLabel,
  checkList,
  codesOf,
  reasonText,
  type Checks,
  type CodedCheck,
} from '../../../electron/contract/tiers.js';
import { OUTCOME_STATUSES } from '../../../electron/emrtd/outcome.js';
import { TIER_NAMES, TIER_STATUSES, VERDICTS as STORED_VERDICTS } from '../../../electron/service/storage/types.js';
import { VERDICTS } from '../../../electron/contract/tiers.js';

/** Letters only Vietnamese writes (tone marks, ă â đ ê ô ơ ư). */
const VI_DIACRITIC = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

const labels = [...Object.entries(TIER_TABLE), ...Object.entries(SUB_CHECK_TABLE)];

describe('the tier table', () => {
  it('lists the five tiers in the order they are shown, then the checks behind them', () => {
    expect(TIERS).toEqual(['chipDataIntact', 'chipGenuine', 'issuerTrusted', 'documentValid', 'onlineConfirmed']);
    expect(CHECK_NAMES).toEqual([...TIERS, 'chipAuthentication', 'activeAuthentication', 'paceCam', 'kioskSignature']);
  });

  it.each(labels)('%s has an English and a Vietnamese label', (name, l) => {
    expect(l.en.trim(), name).not.toBe('');
    expect(l.vi.trim(), name).not.toBe('');
    // A protocol's own name (PACE-CAM) reads the same in both languages; anything else is written in Vietnamese.
    if (l.vi !== l.en) expect(l.vi, name).toMatch(VI_DIACRITIC);
  });

  it('labels are the ones the counter reads', () => {
    expect(checkLabel('chipDataIntact', 'vi')).toBe('Dữ liệu trên chip nguyên vẹn');
    expect(checkLabel('chipGenuine', 'en')).toBe('Genuine chip (not a copy)');
    expect(checkLabel('activeAuthentication', 'vi')).toBe('Xác thực chủ động');
  });

  it('no two tiers or checks share a label', () => {
    for (const lang of ['en', 'vi'] as const) {
      const all = labels.map(([, l]) => l[lang]);
      expect(new Set(all).size, lang).toBe(all.length);
    }
  });

  it('every tier and check has its reason codes, and every code belongs to at least one of them', () => {
    for (const name of CHECK_NAMES) expect(codesOf(name).length, name).toBeGreaterThan(0);
    for (const code of REASON_CODES) {
      expect(REASONS[code].checks.length, code).toBeGreaterThan(0);
      for (const c of REASONS[code].checks) expect(CHECK_NAMES, code).toContain(c);
      expect(CHECK_STATUSES, code).toContain(REASONS[code].status);
    }
    expect(codesOf('chipDataIntact')).toContain('DG_HASH_MISMATCH');
    expect(codesOf('chipDataIntact')).not.toContain('CA_FAILED');
    expect(codesOf('chipAuthentication')).toContain('CA_FAILED');
  });

  it.each(REASON_CODES)('%s: the Vietnamese text is Vietnamese', (code) => {
    expect(REASONS[code].vi).toMatch(VI_DIACRITIC);
    expect(reasonText(code, {}, 'vi')).toMatch(VI_DIACRITIC);
  });

  it('no two codes have the same text, in either language', () => {
    for (const lang of ['en', 'vi'] as const) {
      const seen = new Map<string, string>();
      for (const code of REASON_CODES) {
        const text = REASONS[code][lang];
        expect(seen.get(text), `${code} (${lang}) repeats ${seen.get(text)}`).toBeUndefined();
        seen.set(text, code);
      }
    }
  });

  it('a genuineness check is worded by its label', () => {
    for (const [via, name] of Object.entries(VIA_CHECK)) {
      expect(reasonText('CHIP_GENUINE', { via: [via as keyof typeof VIA_CHECK] }, 'en')).toContain(SUB_CHECK_TABLE[name].en);
      expect(reasonText('CHIP_GENUINE', { via: [via as keyof typeof VIA_CHECK] }, 'vi')).toContain(SUB_CHECK_TABLE[name].vi);
    }
  });

  it('the protocol outcome and the stored tiers use the same statuses, tiers and verdicts as the contract', () => {
    expect([...OUTCOME_STATUSES]).toEqual([...CHECK_STATUSES]);
    expect([...TIER_STATUSES]).toEqual([...CHECK_STATUSES]);
    expect([...TIER_NAMES]).toEqual([...TIERS]);
    expect([...STORED_VERDICTS]).toEqual([...VERDICTS]);
  });

  it('checkList gives the checks that were made in table order, whatever order they were written in', () => {
    const c = (code: CodedCheck['code']): CodedCheck => ({ status: REASONS[code].status, code, reason: reasonText(code) });
    const checks: Checks = {
      activeAuthentication: c('AA_PASSED'),
      onlineConfirmed: c('ONLINE_NOT_CONFIGURED'),
      documentValid: c('NO_EXPIRY'),
      issuerTrusted: c('ISSUER_TRUSTED'),
      chipGenuine: c('CHIP_GENUINE'),
      chipDataIntact: c('SOD_VALID'),
    };
    expect(checkList(checks).map(([n]) => n)).toEqual([...TIERS, 'activeAuthentication']);
  });
});
