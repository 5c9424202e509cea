import { describe, expect, it } from 'vitest';
import { createVirtualCard } from '../../electron/vcard/profiles.js';
import { VirtualChannel } from '../../electron/vcard/channel.js';
import { readDocument } from '../../electron/emrtd/read.js';
import { describeDocument } from '../../electron/emrtd/document.js';
import { cccdBacKey } from '../../electron/emrtd/keys.js';
import { seededRng } from '../helpers/rng.js';

describe('virtual CCCD in-process', () => {
  it('reads with BAC from ID + dates', async () => {
    const { card, person } = createVirtualCard({ profile: 'cccd-bac-only', rng: seededRng(7) });
    const ch = new VirtualChannel(card);
    const key = cccdBacKey(person.idNumber, person.dateOfBirth, person.dateOfExpiry!);
    const r = await readDocument(ch, { keys: [key], rng: seededRng(9) });
    const d = describeDocument(r.files, r.access);
    expect(d.report.identity.idNumber).toBe('001099012345');
    expect(d.report.identity.fullName).toBe('Nguyễn Văn An');
    expect(d.report.access.protocol).toBe('BAC');
    expect(d.report.photo?.format).toBe('jpeg');
    console.log(r.stats);
  });
});
