/** readDocument: resume after a lifted card (re-tap), identity check on resume, wrong key. */
import { describe, expect, it } from 'vitest';
import { readDocument, ReadFailure, type ReadResult } from '../../../electron/emrtd/read.js';
import { toHex } from '../../../electron/emrtd/bytes.js';
import { ChipIdError } from '../../../electron/emrtd/errors.js';
import { cccdBacKey } from '../../../electron/emrtd/keys.js';
import { tlv } from '../../../electron/emrtd/tlv.js';
import { PERSON_B } from '../../../electron/vcard/person.js';
import { VirtualChannel } from '../../../electron/vcard/channel.js';
import { seededRng } from '../../helpers/rng.js';
import { bacRig, expectFailure, fail, HostileChannel } from '../../helpers/hostile.js';

const filesOf = (r: ReadResult): Record<string, string> => {
  const out: Record<string, string> = { com: toHex(r.files.com!), sod: toHex(r.files.sod!) };
  for (const [n, b] of r.files.dataGroups) out[`DG${n}`] = toHex(b);
  return out;
};

/** Reads until the card has served DG2 past offset 2000, then the card is lifted (CARD_REMOVED). */
async function interruptedRead(rig: ReturnType<typeof bacRig>): Promise<ReadFailure> {
  rig.ch.addRule({
    when: () => rig.events.some((e) => e.fid === 0x0102 && (e.offset ?? 0) >= 2000),
    fault: fail(new ChipIdError('CARD_REMOVED', 'card lifted (test)')),
  });
  const e = await expectFailure(readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy: 'adaptive' }), 'CARD_REMOVED');
  expect(e).toBeInstanceOf(ReadFailure);
  return e as ReadFailure;
}

describe('resume after an interrupted read', () => {
  it('the failure carries the finished files and the partial DG2', async () => {
    const rig = bacRig();
    const f = await interruptedRead(rig);
    expect(f.step).toBe('DG2');
    expect(toHex(f.partial.com!)).toBe(toHex(rig.fileData(0x011e)));
    expect(toHex(f.partial.dataGroups.get(1)!)).toBe(toHex(rig.fileData(0x0101)));
    expect(f.partial.dataGroups.has(2)).toBe(false);
    expect(f.partialFile?.fid).toBe(0x0102);
    const dg2 = rig.fileData(0x0102);
    const got = f.partialFile!.bytes;
    expect(got.length).toBeGreaterThan(2000);
    expect(got.length).toBeLessThan(dg2.length);
    expect(toHex(got)).toBe(toHex(dg2.subarray(0, got.length)));
  });

  it('a re-tap of the same card re-reads only EF.SOD, continues DG2 from the partial offset, and equals a clean read', async () => {
    const rig = bacRig();
    const f = await interruptedRead(rig);
    const clean = await readDocument(bacRig().ch, { keys: [rig.key], rng: seededRng(9), strategy: 'adaptive' });

    rig.card.reset(); // re-tap: a fresh session on the same card
    rig.events.length = 0;
    const ch2 = new HostileChannel(new VirtualChannel(rig.card));
    const r = await readDocument(ch2, {
      keys: [rig.key],
      rng: seededRng(10),
      strategy: 'adaptive',
      resume: { files: f.partial, ...(f.partialFile ? { partialFile: f.partialFile } : {}) },
    });
    expect(filesOf(r)).toEqual(filesOf(clean));
    const fidsRead = new Set(rig.events.map((e) => e.fid));
    expect(fidsRead.has(0x011d)).toBe(true); // EF.SOD: re-read to check identity
    expect(fidsRead.has(0x011e)).toBe(false); // EF.COM: not re-read
    expect(fidsRead.has(0x0101)).toBe(false); // DG1: not re-read
    const dg2 = rig.events.filter((e) => e.fid === 0x0102);
    expect(dg2[0]!.offset).toBe(f.partialFile!.bytes.length);
    expect(dg2.every((e) => e.offset! >= f.partialFile!.bytes.length)).toBe(true);
  });

  it('a different card on resume → WRONG_CARD, nothing of the first card is returned', async () => {
    const rig = bacRig();
    const f = await interruptedRead(rig);
    const other = bacRig({ person: PERSON_B, seed: 8 });
    // The test PKI may sign both cards' SODs alike; make this card's EF.SOD its own.
    other.card.patchFile(0x011d, tlv(0x77, tlv(0x04, Uint8Array.of(0x0b))));
    const e = await expectFailure(
      readDocument(other.ch, { keys: [other.key], rng: seededRng(10), strategy: 'adaptive', resume: { files: f.partial, ...(f.partialFile ? { partialFile: f.partialFile } : {}) } }),
      'WRONG_CARD',
    );
    expect((e as ReadFailure).partial.dataGroups.size).toBe(0);
    expect(other.events.some((ev) => ev.fid === 0x0102)).toBe(false);
    expect(e.messageVi).toContain('Thẻ đặt lại không phải thẻ đang đọc');
  });
});

describe('access control', () => {
  it('wrong key → ReadFailure ACCESS_DENIED with a Vietnamese message, no file read', async () => {
    const rig = bacRig();
    const wrong = cccdBacKey(rig.person.idNumber, '1999-03-16', rig.person.dateOfExpiry!);
    const e = await expectFailure(readDocument(rig.ch, { keys: [wrong], rng: seededRng(9) }), 'ACCESS_DENIED');
    expect(e).toBeInstanceOf(ReadFailure);
    expect((e as ReadFailure).step).toBe('access');
    expect(e.messageVi).toBe('Thẻ từ chối khóa truy cập. Kiểm tra lại số định danh, ngày sinh và ngày hết hạn (hoặc mã CAN) rồi thử lại.');
    expect(e.messageVi).toMatch(/[àáảãạăâđèéêìíòóôơùúưỳý]/);
    expect(e.message).not.toContain(rig.person.idNumber.slice(3)); // no key material in messages
    expect(rig.events).toHaveLength(0);
  });

  it('a wrong key first, the right key second: reads with the second', async () => {
    const rig = bacRig();
    const wrong = cccdBacKey(rig.person.idNumber, '1999-03-16', rig.person.dateOfExpiry!);
    const r = await readDocument(rig.ch, { keys: [wrong, rig.key], rng: seededRng(9) });
    expect(r.access.protocol).toBe('BAC');
    expect(toHex(r.files.dataGroups.get(1)!)).toBe(toHex(rig.fileData(0x0101)));
  });

  it('no key → KEY_INVALID before any APDU', async () => {
    const rig = bacRig();
    await expectFailure(readDocument(rig.ch, { keys: [], rng: seededRng(9) }), 'KEY_INVALID');
    expect(rig.ch.log).toHaveLength(0);
  });
});
