import { expect, it } from 'vitest';
import { FONT_FILES, ticketFonts } from '../../../../../../electron/service/pdf-fonts.js';

it('finds Noto Sans Regular and Bold through module resolution', () => {
  const f = ticketFonts();
  // TrueType files start with the sfnt version 0x00010000; the name table holds the family name (UTF-16BE).
  for (const b of [f.regular, f.bold]) {
    expect(Array.from(b.subarray(0, 4))).toEqual([0, 1, 0, 0]);
    expect(b.includes(Buffer.from('Noto Sans', 'utf16le').swap16())).toBe(true);
  }
  expect(f.regular.equals(f.bold)).toBe(false);
  expect(FONT_FILES.regular).toMatch(/^@expo-google-fonts\/noto-sans\//);
});
