/**
 * Every tier's Vietnamese reason says the same as its English one: a pass reads as a pass in both languages
 * (hợp lệ / đạt / khớp), a fail as a fail (không … / hết hạn / thu hồi), on every virtual-card profile.
 * The English words people see are plain: no status words or other protocol jargon.
 */
import { describe, expect, it } from 'vitest';
import { createVirtualCard, PROFILES, defaultPerson, type ProfileName } from '../../electron/vcard/profiles.js';
import { VirtualChannel } from '../../electron/vcard/channel.js';
import { readCard } from '../../electron/service/read-card.js';
import { planKeys } from '../../electron/service/access-keys.js';
import { addDemoAnchor, defaultTrustStore } from '../../electron/service/trust.js';
import { seededRng } from '../helpers/rng.js';
import { CHECK_NAMES, REASONS, REASON_CODES, reasonText } from '../../electron/contract/reasons.js';
import { testPkiCerts } from '../../electron/devkit/test-pki.js';

const trust = defaultTrustStore();
addDemoAnchor(trust, testPkiCerts().cscaDer);

/** Words that negate or warn, in each language. A pass reason holds none; a fail reason at least one. */
const VI_NEGATIVE = /không|chưa|hết hạn|thu hồi|bị sửa|bị chèn|bị hỏng|sao chép/i;
const EN_NEGATIVE = /\bnot\b|\bno\b|invalid|fail|does not|doesn't|mismatch|differs|expired|revoked|unknown|clone|cannot|unreadable/i;
/** What the person at the counter must never read: status words, hex, protocol internals. */
const JARGON = /\bSW\b|status word|\b6[0-9A-F]{3}\b|RND\.IFD|CA_IC|INTERNAL AUTHENTICATE|\bMAC\b|ISO9796|ECDH/;

async function read(profile: ProfileName) {
  const p = defaultPerson(profile);
  const { card, personalised } = createVirtualCard({ profile, rng: seededRng(21) });
  const key = profile === 'passport-td3' ? { mrz: personalised.mrz.join('\n') } : { id: p.idNumber, dob: p.dateOfBirth, ...(p.dateOfExpiry ? { doe: p.dateOfExpiry } : {}) };
  return (await readCard(new VirtualChannel(card), { plan: planKeys(key), rng: seededRng(22), trust, now: new Date('2026-11-22T10:00:00Z') })).output;
}

describe('Vietnamese and English reasons agree, tier by tier, on every profile', () => {
  it.each(Object.keys(PROFILES) as ProfileName[])('%s', async (profile) => {
    const o = await read(profile);
    for (const [tier, check] of Object.entries(o.checks)) {
      // A certificate name is the issuer's words, not ours: judge the sentence around it.
      const csca = check.params?.csca;
      const c = csca ? { ...check, reason: check.reason.split(csca).join('X'), reasonVi: check.reasonVi?.split(csca).join('X') } : check;
      const where = `${profile} ${tier} ${c.status}: "${c.reason}" / "${c.reasonVi}"`;
      expect(check.code, where).toBeTruthy();
      expect(REASONS[check.code].status, where).toBe(check.status);
      expect(REASONS[check.code].checks as readonly string[], where).toContain(tier);
      expect(c.reasonVi, where).toBeTruthy();
      if (c.status === 'pass') {
        expect(c.reasonVi, where).not.toMatch(VI_NEGATIVE);
        expect(c.reason, where).not.toMatch(EN_NEGATIVE);
      } else if (c.status === 'fail') {
        expect(c.reasonVi, where).toMatch(VI_NEGATIVE);
        expect(c.reason, where).toMatch(EN_NEGATIVE);
      }
      expect(c.reason, where).not.toMatch(JARGON);
    }
  });
});

describe('the reason table', () => {
  it.each(REASON_CODES)('%s: English and Vietnamese say the same (status, parameters)', (code) => {
    const e = REASONS[code];
    const params = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(params(e.vi)).toEqual(params(e.en));
    const en = reasonText(code, {}, 'en');
    const vi = reasonText(code, {}, 'vi');
    if (e.status === 'pass') {
      expect(vi).not.toMatch(VI_NEGATIVE);
      expect(en).not.toMatch(EN_NEGATIVE);
    } else if (e.status === 'fail') {
      expect(vi).toMatch(VI_NEGATIVE);
      expect(en).toMatch(EN_NEGATIVE);
    } else {
      // not performed: says it was not checked (or cannot be), never that it passed
      expect(vi).toMatch(/chưa|không/i);
      expect(en).toMatch(EN_NEGATIVE);
    }
    expect(en).not.toMatch(JARGON);
  });

  it('every tier has a pass and a fail code (onlineConfirmed: not performed)', () => {
    for (const name of CHECK_NAMES) {
      const statuses = new Set(REASON_CODES.filter((c) => !c.startsWith('LEGACY_') && (REASONS[c].checks as readonly string[]).includes(name)).map((c) => REASONS[c].status));
      expect([...statuses].sort(), name).toEqual(name === 'onlineConfirmed' ? ['not_performed'] : name === 'paceCam' ? ['fail', 'not_performed', 'pass'] : expect.arrayContaining(['fail', 'pass']));
    }
  });
});
