/** Demo mode's card provider: one chip per reader, kept while lifted, replaced for another profile. */
import { describe, expect, it } from 'vitest';
import { testPkiCerts } from '../../../electron/devkit/test-pki.js';
import { seededRng } from '../../helpers/rng.js';
import { createDemoCards } from '../../../electron/vcard/demo-cards.js';

const SELECT_MF = Uint8Array.of(0x00, 0xa4, 0x00, 0x0c, 0x02, 0x3f, 0x00);

describe('createDemoCards', () => {
  it('lists the virtual profiles and trusts the TEST CSCA', () => {
    const cards = createDemoCards({ rng: seededRng(7) });
    expect(cards.profiles).toContain('cccd-2021');
    expect(cards.profiles).toContain('cccd-2024');
    expect(cards.trustAnchor()).toEqual(testPkiCerts().cscaDer);
  });

  it('places the same chip back for the same profile and a fresh chip for another', async () => {
    const cards = createDemoCards({ rng: seededRng(7) });
    const first = cards.insert('virtual:0', 'cccd-2021', 'Virtual reader 1');
    expect(first.readerName).toBe('Virtual reader 1');
    cards.remove('virtual:0');
    await expect(first.transmit(SELECT_MF)).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    const again = cards.insert('virtual:0', 'cccd-2021', 'Virtual reader 1');
    expect(again).toBe(first);
    expect((await again.transmit(SELECT_MF)).length).toBeGreaterThanOrEqual(2);
    cards.remove('virtual:0');
    expect(cards.insert('virtual:0', 'cccd-2024', 'Virtual reader 1')).not.toBe(first);
    expect(cards.insert('virtual:1', 'cccd-2021', 'Virtual reader 2')).not.toBe(first);
  });

  it('refuses an unknown profile', () => {
    const cards = createDemoCards({ rng: seededRng(7) });
    expect(() => cards.insert('virtual:0', 'passport-1999', 'Virtual reader 1')).toThrow(/unknown virtual card profile/);
  });
});
