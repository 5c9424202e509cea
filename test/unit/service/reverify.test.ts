/**
 * Re-verification of saved reads (service/reverify.ts): what the bytes prove is re-proved (passive
 * authentication, Active Authentication from the stored challenge and signature), what only the reading
 * kiosk saw counts only under a trusted kiosk signature, and the check date is never the file's own word.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { reverifyDump } from '../../../electron/service/reverify.js';
import { parseDump } from '../../../electron/service/dump-parse.js';
import type { ReadDump } from '../../../electron/service/read-card.js';
import { copy, dumpOf, flipBase64Byte, kioskA, kioskB, signed, trust } from './dump-fixtures.js';

const NOW = new Date('2026-12-01T09:00:00Z');
const keysA = [kioskA];
const rv = (d: ReadDump, kioskKeys = keysA, at?: Date) => reverifyDump(parseDump(copy(d)), { trust, kioskKeys, now: NOW, ...(at ? { at } : {}) });

let genuine: ReadDump;
let clone: ReadDump;
let cam: ReadDump;
beforeAll(async () => {
  [genuine, clone, cam] = await Promise.all([dumpOf('cccd-2021'), dumpOf('cccd-clone'), dumpOf('cccd-pace-cam')]);
});

describe('reverifyDump', () => {
  it('an unsigned genuine dump: chip data, issuer and AA re-proved; CA only "recorded"; verified through AA', () => {
    const r = rv(genuine);
    expect(r.checks.chipDataIntact.status).toBe('pass');
    expect(r.checks.issuerTrusted.status).toBe('pass');
    expect(r.checks.activeAuthentication).toMatchObject({ status: 'pass' });
    expect(r.checks.activeAuthentication.detail).toMatch(/^re-proved offline from the stored challenge/);
    expect(r.checks.chipAuthentication).toMatchObject({ status: 'not_performed', code: 'RECORDED_NOT_REPROVABLE', detail: 'recorded by the reading kiosk: pass (not re-provable offline)' });
    expect(r.checks.chipAuthentication.reasonVi).toMatch(/không thể kiểm chứng lại/);
    expect(r.checks.kioskSignature.status).toBe('not_performed');
    expect(r.reverification).toMatchObject({ checkDateSource: 'now', vouchedBySignature: false, recorded: ['chipAuthentication'] });
    expect(r.reverification.reproved).toContain('activeAuthentication');
    expect(r.reverification.notCovered).toEqual(['EF.COM', 'EF.CardAccess']);
    expect(r.verifiedAt).toBe(NOW.toISOString());
    expect(r.verdict).toBe('verified');
  });

  it('AA tampering fails: one byte of the stored challenge, or of the chip’s signature', () => {
    for (const field of ['challenge', 'signature'] as const) {
      for (const i of [0, 5, 7]) {
        const d = copy(genuine);
        d.evidence.activeAuthentication![field] = flipBase64Byte(d.evidence.activeAuthentication![field]!, i);
        const r = rv(d);
        expect(r.checks.activeAuthentication.status, `${field}[${i}]`).toBe('fail');
        expect(r.checks.chipGenuine.status).toBe('fail');
        expect(r.verdict).toBe('not_verified');
      }
    }
  });

  it('a cloned chip: AA fails against DG15 from its own stored answer, whatever its recorded statuses say', () => {
    expect(clone.evidence.chipAuthentication?.status).toBe('fail');
    const d = copy(clone);
    d.evidence.chipAuthentication = { status: 'pass', reason: 'Chip Authentication passed' };
    d.evidence.activeAuthentication = { ...d.evidence.activeAuthentication!, status: 'pass', reason: 'ok' };
    const r = rv(d);
    expect(r.checks.activeAuthentication.status).toBe('fail');
    expect(r.checks.chipAuthentication.status).toBe('not_performed');
    expect(r.verdict).toBe('not_verified');
    // the unedited clone: its recorded CA failure counts even unsigned
    expect(rv(clone).checks.chipAuthentication.status).toBe('fail');
  });

  it('a signed dump counts CA only with the signing kiosk’s key trusted; an unknown key is reported as such', () => {
    const s = signed(genuine);
    const t = rv(s, [kioskB, kioskA]);
    expect(t.checks.kioskSignature).toMatchObject({ status: 'pass', algorithm: 'Ed25519' });
    expect(t.checks.chipAuthentication.status).toBe('pass');
    expect(t.checks.chipAuthentication.detail).toMatch(new RegExp(`covered by its trusted signature \\(key ${kioskA.keyId}\\)`));
    expect(t.reverification.vouchedBySignature).toBe(true);
    expect(t.reverification.notCovered).toEqual([]);
    const u = rv(s, [kioskB]);
    expect(u.checks.kioskSignature.status).toBe('not_performed');
    expect(u.checks.kioskSignature.detail).toContain(`kiosk key ${kioskA.keyId}, which is not trusted here`);
    expect(u.checks.chipAuthentication.status).toBe('not_performed');
    expect(u.reverification.signature.status).toBe('untrusted');
  });

  it('PACE-CAM cannot be re-proved: unsigned → chipGenuine not performed (not verified); under a trusted signature → verified', () => {
    expect(cam.evidence.paceCam?.status).toBe('pass');
    const u = rv(cam);
    expect(u.checks.paceCam?.status).toBe('not_performed');
    expect(u.checks.chipGenuine.status).toBe('not_performed');
    expect(u.verdict).toBe('not_verified');
    const t = rv(signed(cam));
    expect(t.checks.paceCam?.status).toBe('pass');
    expect(t.verdict).toBe('verified');
  });

  it('the check date: --at, else createdAt under a trusted signature only, else now', async () => {
    const expired = await dumpOf('cccd-expired', new Date('2023-06-01T08:00:00Z'));
    const s = signed(expired);
    const t = rv(s);
    expect(t.reverification.checkDateSource).toBe('signed createdAt');
    expect(t.verifiedAt).toBe('2023-06-01T08:00:00.000Z');
    expect(t.checks.documentValid.status).toBe('pass');
    const u = rv(s, [kioskB]);
    expect(u.reverification.checkDateSource).toBe('now');
    expect(u.checks.documentValid.status).toBe('fail');
    const bare = rv(expired);
    expect(bare.verifiedAt).toBe(NOW.toISOString());
    expect(bare.checks.documentValid.reason).toMatch(/expired on 2024-03-15/);
    const given = rv(s, [kioskA], new Date('2025-01-01T00:00:00Z'));
    expect(given.reverification.checkDateSource).toBe('given');
    expect(given.checks.documentValid.status).toBe('fail');
    // back-dating a signed dump breaks its signature
    const b = copy(s);
    b.createdAt = '2022-01-01T00:00:00.000Z';
    const r = rv(b);
    expect(r.checks.kioskSignature.status).toBe('fail');
    expect(r.verifiedAt).toBe(NOW.toISOString());
    expect(r.verdict).toBe('not_verified');
  });

  it('a broken signature fails the dump even when everything else re-proves', () => {
    const s = copy(signed(genuine));
    s.signature!.value = flipBase64Byte(s.signature!.value, 10);
    const r = rv(s);
    expect(r.checks.kioskSignature.status).toBe('fail');
    expect(r.checks.chipDataIntact.status).toBe('pass');
    expect(r.verdict).toBe('not_verified');
    // the key id must be the public key's
    const k = copy(signed(genuine));
    k.signature!.keyId = kioskB.keyId;
    expect(rv(k, [kioskA, kioskB]).checks.kioskSignature.status).toBe('fail');
    // a valid signature by another key over the same content, with the first kiosk's id: refused
    const swapped = copy(signed(genuine, kioskB));
    swapped.signature!.keyId = kioskA.keyId;
    expect(rv(swapped).checks.kioskSignature.status).toBe('fail');
  });

  it('a chipid-dump/1 (no AA bytes, no signature) still parses; its AA is only recorded, so it no longer verifies alone', () => {
    const v1 = copy(genuine) as unknown as Record<string, any>;
    v1.format = 'chipid-dump/1';
    delete v1.evidence.activeAuthentication.challenge;
    delete v1.evidence.activeAuthentication.signature;
    const r = rv(v1 as ReadDump);
    expect(r.checks.activeAuthentication).toMatchObject({ status: 'not_performed', code: 'RECORDED_NOT_REPROVABLE' });
    expect(r.checks.activeAuthentication.detail).toMatch(/recorded by the reading kiosk: pass \(not re-provable offline: no stored challenge and signature\)/);
    expect(r.checks.chipGenuine.status).toBe('not_performed');
    expect(r.verdict).toBe('not_verified');
  });
});
