import { describe, expect, it } from 'vitest';
import { rasterCommands, rasterText, type Bitmap } from '../../../../../../electron/service/workflows/hospital/ticket/raster.js';

const dot = (b: Bitmap, x: number, y: number) => (b.data[y * (b.width / 8) + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
/** Rows that have ink, and the ink's columns. */
function ink(b: Bitmap): { rows: number[]; minX: number; maxX: number; count: number } {
  const rows: number[] = [];
  let [minX, maxX, count] = [Infinity, -1, 0];
  for (let y = 0; y < b.height; y++) {
    let any = false;
    for (let x = 0; x < b.width; x++) {
      if (!dot(b, x, y)) continue;
      any = true;
      count++;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
    }
    if (any) rows.push(y);
  }
  return { rows, minX, maxX, count };
}

describe('rasterText', () => {
  it('draws a letter as a filled shape: "I" is a solid bar, "O" has a hole', () => {
    const i = rasterText([{ text: 'I', size: 48 }], 64);
    const o = rasterText([{ text: 'O', size: 48 }], 64);
    const bi = ink(i);
    const bo = ink(o);
    const midI = bi.rows[Math.floor(bi.rows.length / 2)]!;
    expect(dot(i, Math.round((bi.minX + bi.maxX) / 2), midI)).toBe(true);
    const midO = bo.rows[Math.floor(bo.rows.length / 2)]!;
    expect(dot(o, Math.round((bo.minX + bo.maxX) / 2), midO)).toBe(false); // the counter of the O is white
    expect(dot(o, bo.minX + 1, midO)).toBe(true);
  });

  it('places Vietnamese marks: "Ộ" has ink above and below where "O" has none', () => {
    const o = ink(rasterText([{ text: 'O', size: 48 }], 64));
    const oo = ink(rasterText([{ text: 'Ộ', size: 48 }], 64));
    expect(Math.min(...oo.rows)).toBeLessThan(Math.min(...o.rows) - 3);
    expect(Math.max(...oo.rows)).toBeGreaterThan(Math.max(...o.rows) + 3);
  });

  it('centres each line and wraps to the width', () => {
    const b = rasterText([{ text: 'A', size: 30 }], 384);
    const a = ink(b);
    expect(Math.abs((a.minX + a.maxX) / 2 - 192)).toBeLessThan(4);
    const one = rasterText([{ text: 'Bệnh viện Đa khoa', size: 26 }], 384);
    const wrapped = rasterText([{ text: 'Bệnh viện Đa khoa Trung ương Cần Thơ – Khoa Khám bệnh theo yêu cầu', size: 26 }], 384);
    expect(wrapped.height).toBeGreaterThanOrEqual(one.height * 3);
    expect(ink(wrapped).maxX).toBeLessThan(384);
  });

  it('a blank line keeps its height', () => {
    const one = rasterText([{ text: 'A', size: 30 }], 64).height;
    expect(rasterText([{ text: 'A', size: 30 }, { text: ' ', size: 30 }, { text: 'A', size: 30 }], 64).height).toBe(3 * one);
  });

  it('bold has more ink than regular', () => {
    expect(ink(rasterText([{ text: 'Khám Nội', size: 30, bold: true }], 384)).count).toBeGreaterThan(ink(rasterText([{ text: 'Khám Nội', size: 30 }], 384)).count);
  });
});

describe('rasterCommands', () => {
  it('GS v 0 bands carry the bitmap row for row', () => {
    const b = rasterText([{ text: 'Ưu tiên', size: 60 }, { text: 'A007', size: 60 }], 200);
    expect(b.width).toBe(200);
    const cmds = rasterCommands(b, 50);
    expect(cmds.length).toBe(Math.ceil(b.height / 50));
    const joined: number[] = [];
    for (const c of cmds) {
      expect(Array.from(c.subarray(0, 4))).toEqual([0x1d, 0x76, 0x30, 0]);
      const stride = c[4]! + 256 * c[5]!;
      const rows = c[6]! + 256 * c[7]!;
      expect(stride).toBe(25);
      expect(c.length).toBe(8 + stride * rows);
      joined.push(...c.subarray(8));
    }
    expect(joined).toEqual(Array.from(b.data));
  });
});
