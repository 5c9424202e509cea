/**
 * The verdict on every virtual-card profile, read in-process: genuine cards are verified with every tier
 * explained; each deliberately damaged card is NOT verified, failing in the right tier with the right reason.
 * (The damage is made by the test PKI builder and the personalisation code; the checks are the product's.)
 */
import { describe, expect, it } from 'vitest';
import { createVirtualCard, PROFILES, defaultPerson, type ProfileName } from '../../electron/vcard/profiles.js';
import { VirtualChannel } from '../../electron/vcard/channel.js';
import { readCard } from '../../electron/service/read-card.js';
import { planKeys } from '../../electron/service/access-keys.js';
import { addDemoAnchor, defaultTrustStore } from '../../electron/service/trust.js';
import { seededRng } from '../helpers/rng.js';
import { testPkiCerts } from '../../electron/devkit/test-pki.js';
import { TIERS, type TierName } from '../../electron/contract/tiers.js';

const trust = defaultTrustStore();
addDemoAnchor(trust, testPkiCerts().cscaDer);

async function read(profile: ProfileName, key?: Parameters<typeof planKeys>[0]) {
  const p = defaultPerson(profile);
  const { card } = createVirtualCard({ profile, rng: seededRng(11) });
  const plan = planKeys(key ?? { id: p.idNumber, dob: p.dateOfBirth, ...(p.dateOfExpiry ? { doe: p.dateOfExpiry } : {}) });
  return (await readCard(new VirtualChannel(card), { plan, rng: seededRng(12), trust, now: new Date('2026-11-22T10:00:00Z') })).output;
}

describe('verdict on the virtual profiles', () => {
  it.each(['cccd-2021', 'cccd-2024', 'cccd-bac-only'] as ProfileName[])('%s → verified, all four tiers pass with a reason', async (profile) => {
    const o = await read(profile);
    expect(o.verdict).toBe('verified');
    for (const t of ['chipDataIntact', 'chipGenuine', 'issuerTrusted', 'documentValid'] as const) {
      expect(o.checks[t].status, `${t}: ${o.checks[t].reason}`).toBe('pass');
      expect(o.checks[t].reason.length).toBeGreaterThan(10);
    }
    expect(o.checks.onlineConfirmed.status).toBe('not_performed');
    expect(o.checks.chipDataIntact.algorithm).toMatch(/ecdsa-with-SHA512/);
    expect(o.checks.issuerTrusted.reason).toMatch(/TEST CSCA/);
  });

  it.each([
    ['cccd-pace-cam', 'PACE-ECDH-CAM-AES-128/brainpoolP256r1', 'PACE-CAM'],
    ['cccd-pace-im', 'PACE-ECDH-IM-AES-128/brainpoolP256r1', 'CA'],
  ] as [ProfileName, string, string][])('%s by the CAN → %s, verified', async (profile, protocol, genuine) => {
    const o = await read(profile, { id: defaultPerson(profile).idNumber });
    expect(o.access.protocol).toBe(protocol);
    expect(o.checks.chipGenuine.code).toBe('CHIP_GENUINE');
    expect(o.checks.chipGenuine.params?.via).toContain(genuine);
    if (profile === 'cccd-pace-cam') expect(o.checks.paceCam?.status).toBe('pass');
    expect(o.verdict).toBe('verified');
  });

  it('passport-td3 (BAC, AA only) → verified through Active Authentication', async () => {
    const p = defaultPerson('passport-td3');
    const { card, personalised } = createVirtualCard({ profile: 'passport-td3', rng: seededRng(11) });
    const o = (await readCard(new VirtualChannel(card), { plan: planKeys({ mrz: personalised.mrz.join('\n') }), rng: seededRng(12), trust })).output;
    expect(o.document.documentNumber).toBe(p.documentNumber);
    expect(o.checks.chipGenuine.params?.via).toEqual(['AA']);
    expect(o.checks.chipGenuine.reason).toMatch(/Active Authentication passed/);
    expect(o.verdict).toBe('verified');
  });

  const cases: [ProfileName, TierName, string, RegExp][] = [
    ['cccd-tampered-dg13', 'chipDataIntact', 'DG_HASH_MISMATCH', /DG13 does not match/],
    ['cccd-injected-dg', 'chipDataIntact', 'DG_NOT_SIGNED', /DG11 was read but the issuer did not sign it/],
    ['cccd-bad-signature', 'chipDataIntact', 'SOD_SIGNATURE_INVALID', /signature/i],
    ['cccd-foreign-signer', 'issuerTrusted', 'CSCA_UNKNOWN', /UNKNOWN CSCA/],
    ['cccd-expired', 'documentValid', 'EXPIRED', /expired on 2024-03-15/],
    ['cccd-clone', 'chipGenuine', 'CA_FAILED', /Chip Authentication failed/],
  ];
  it.each(cases)('%s → not_verified, %s: %s', async (profile, tier, code, reason) => {
    const o = await read(profile, { id: defaultPerson(profile).idNumber });
    expect(o.verdict).toBe('not_verified');
    expect(o.checks[tier]!.status).not.toBe('pass');
    expect(o.checks[tier]!.code).toBe(code);
    expect(o.checks[tier]!.reason).toMatch(reason);
    // the damage shows in its own tier only (a clone's data is still intact and trusted)
    const others = (['chipDataIntact', 'chipGenuine', 'issuerTrusted', 'documentValid'] as const).filter((t) => t !== tier);
    const failing = others.filter((t) => o.checks[t]!.status !== 'pass');
    expect(failing, JSON.stringify(o.checks)).toEqual(profile === 'cccd-tampered-dg13' ? ['documentValid'] : []);
  });

  it('what staff entered must agree with the chip: a wrong QR name → documentValid fails', async () => {
    const p = defaultPerson('cccd-2021');
    const qr = `${p.idNumber}|${p.oldIdNumber}|LÊ VĂN KHÁC|15031999|Nam|${p.placeOfResidence}|15042021`;
    const o = await read('cccd-2021', { qr });
    expect(o.checks.documentValid.status).toBe('fail');
    expect(o.checks.documentValid.code).toBe('QR_NAME_MISMATCH');
  });

  it('every profile is covered by a test above', () => {
    const tested = new Set(['cccd-2021', 'cccd-2024', 'cccd-bac-only', 'passport-td3', 'cccd-cardaccess-6982', 'cccd-pace-cam', 'cccd-pace-im', ...cases.map((c) => c[0])]);
    expect(Object.keys(PROFILES).filter((p) => !tested.has(p))).toEqual([]);
  });
});

describe('Vietnamese reasons', () => {
  it('every tier has a plain Vietnamese reason, specific for the damaged profiles', async () => {
    const ok = await read('cccd-2021');
    for (const t of TIERS) {
      expect(ok.checks[t]!.reasonVi, t).toBeTruthy();
    }
    expect(ok.checks.documentValid.reasonVi).toContain('15/03/2039');
    const tampered = await read('cccd-tampered-dg13', { id: defaultPerson('cccd-tampered-dg13').idNumber });
    expect(tampered.checks.chipDataIntact.reasonVi).toBe('Dữ liệu DG13 không khớp bản ký của cơ quan cấp: dữ liệu có thể đã bị sửa.');
    const clone = await read('cccd-clone', { id: defaultPerson('cccd-clone').idNumber });
    expect(clone.checks.chipGenuine.reasonVi).toMatch(/thẻ sao chép/);
    const foreign = await read('cccd-foreign-signer', { id: defaultPerson('cccd-foreign-signer').idNumber });
    expect(foreign.checks.issuerTrusted.reasonVi).toMatch(/kho tin cậy/);
    const expired = await read('cccd-expired', { id: defaultPerson('cccd-expired').idNumber });
    expect(expired.checks.documentValid.reasonVi).toBe('Thẻ đã hết hạn ngày 15/03/2024.');
  });
});
