/**
 * READ BINARY strategies against the in-process virtual CCCD (BAC, 3DES SM), asserted on the APDUs that went over
 * the channel and on what the card saw. 7816-4 §11.3 (READ BINARY, short EF id, odd INS B1 with DO54/DO53);
 * 9303-10 §3.10; shared/CCCD.md for the SELECT MF quirk.
 */
import { describe, expect, it } from 'vitest';
import { readDocument, type ReadResult } from '../../../electron/emrtd/read.js';
import type { ReadStrategy } from '../../../electron/emrtd/files.js';
import { toHex } from '../../../electron/emrtd/bytes.js';
import { tlv } from '../../../electron/emrtd/tlv.js';
import { seededRng } from '../../helpers/rng.js';
import { bacRig, commandNe, expectFailure, insOf, interceptCard, isExtended, isProtected, segmentsBySelect } from '../../helpers/hostile.js';

const STRATEGIES: ReadStrategy[] = ['short224', 'adaptive', 'extended'];
/**
 * LDS files of the BAC-only profile in read order: EF.COM, EF.SOD, DG14 (first, so Chip Authentication can
 * follow it), DG1, DG2, DG13, DG15 (DG3 is EAC: never read).
 */
const LDS = [
  { fid: 0x011e, sfi: 0x1e },
  { fid: 0x011d, sfi: 0x1d },
  { fid: 0x010e, sfi: 0x0e },
  { fid: 0x0101, sfi: 0x01 },
  { fid: 0x0102, sfi: 0x02 },
  { fid: 0x010d, sfi: 0x0d },
  { fid: 0x010f, sfi: 0x0f },
];

function filesOf(r: ReadResult): Record<string, string> {
  const out: Record<string, string> = { com: toHex(r.files.com!), sod: toHex(r.files.sod!) };
  for (const [n, b] of r.files.dataGroups) out[`DG${n}`] = toHex(b);
  return out;
}

const expected = (rig: ReturnType<typeof bacRig>): Record<string, string> => ({
  com: toHex(rig.fileData(0x011e)),
  sod: toHex(rig.fileData(0x011d)),
  DG1: toHex(rig.fileData(0x0101)),
  DG2: toHex(rig.fileData(0x0102)),
  DG13: toHex(rig.fileData(0x010d)),
  DG14: toHex(rig.fileData(0x010e)),
  DG15: toHex(rig.fileData(0x010f)),
});

const readBinaries = (rig: ReturnType<typeof bacRig>) => rig.ch.log.filter((x) => isProtected(x.c) && (insOf(x.c) === 0xb0 || insOf(x.c) === 0xb1));

describe('read strategies', () => {
  it('short224, adaptive and extended return identical files, equal to the card’s', async () => {
    const results: Record<string, string>[] = [];
    for (const strategy of STRATEGIES) {
      const rig = bacRig();
      const r = await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy });
      expect(filesOf(r)).toEqual(expected(rig));
      expect(r.files.dataGroups.has(3)).toBe(false); // DG3 needs EAC: never read
      results.push(filesOf(r));
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('extended: one READ BINARY per LDS file, by short EF id (P1 = 80|SFI), extended Le 00 00, no SELECT', async () => {
    const rig = bacRig();
    const r = await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy: 'extended' });
    const rb = readBinaries(rig);
    expect(rb.map((x) => x.c[2])).toEqual(LDS.map((f) => 0x80 | f.sfi));
    for (const x of rb) {
      expect(x.c[3]).toBe(0x00); // P2 = offset 0
      expect(isExtended(x.c)).toBe(true);
      expect(commandNe(x.c)).toBe(65536); // DO97 = 00 00
    }
    expect(rig.ch.log.filter((x) => isProtected(x.c) && insOf(x.c) === 0xa4)).toHaveLength(0);
    // The card served each file whole in one command.
    const reads = rig.events.filter((e) => e.ins === 0xb0);
    expect(reads.map((e) => [e.fid, e.offset, e.length])).toEqual(LDS.map((f) => [f.fid, 0, rig.fileData(f.fid).length]));
    expect(r.capabilities).toMatchObject({ sfi: true, extended: true });
  });

  it('short224: 4-byte header read, then chunks of at most 224 bytes', async () => {
    const rig = bacRig();
    await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy: 'short224' });
    const segs = segmentsBySelect(rig.ch.log);
    expect(segs).toHaveLength(LDS.length);
    for (const seg of segs) {
      const nes = seg.slice(1).map((x) => commandNe(x.c)!);
      expect(nes[0]).toBe(4);
      expect(Math.max(...nes)).toBeLessThanOrEqual(224);
      expect(seg.slice(1).every((x) => !isExtended(x.c))).toBe(true);
    }
  });
});

describe('Le fallback', () => {
  /** A chip that refuses (6700, protected) any READ BINARY asking more than 128 bytes. */
  const refuseAbove128 = (rig: ReturnType<typeof bacRig>): void =>
    interceptCard(rig.card, (cmd, next) => ((cmd.ins === 0xb0 || cmd.ins === 0xb1) && (cmd.ne ?? 256) > 128 ? { data: new Uint8Array(0), sw: 0x6700 } : next()));

  it('adaptive steps down 231 → … → 128, remembers it, and starts the next file at the learnt size', async () => {
    const rig = bacRig();
    refuseAbove128(rig);
    const r = await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy: 'adaptive' });
    expect(filesOf(r)).toEqual(expected(rig));
    expect(r.capabilities.shortChunk).toBe(128);
    const segs = segmentsBySelect(rig.ch.log);
    const nes = segs.map((seg) => seg.slice(1).map((x) => commandNe(x.c)!));
    expect(nes[0]).toEqual([231, 223, 208, 192, 160, 128]); // EF.COM: the step-down
    expect(nes[1]![0]).toBe(128); // EF.SOD starts at the learnt size
    for (const n of nes.slice(1)) expect(Math.max(...n)).toBeLessThanOrEqual(128);
    // DG2 (the 5th file: COM, SOD, DG14, DG1, DG2) is read in ceil(size / 128) commands, none refused
    const dg2 = rig.fileData(0x0102).length;
    expect(nes[LDS.findIndex((f) => f.fid === 0x0102)]).toHaveLength(Math.ceil(dg2 / 128));
  });

  it('a learnt size passed in capabilities is used from the first file on', async () => {
    const rig = bacRig();
    refuseAbove128(rig);
    await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy: 'adaptive', capabilities: { shortChunk: 128 } });
    const nes = readBinaries(rig).map((x) => commandNe(x.c)!);
    expect(Math.max(...nes)).toBeLessThanOrEqual(128);
    expect(rig.events.filter((e) => e.sw === 0x6700)).toHaveLength(0);
  });

  it('extended refused by the card (quirks.extendedLength = false) → short reads, caps.extended = false', async () => {
    const rig = bacRig({ quirks: { extendedLength: false } });
    const r = await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy: 'extended' });
    expect(filesOf(r)).toEqual(expected(rig));
    expect(r.capabilities.extended).toBe(false);
    const rb = readBinaries(rig);
    // exactly one extended attempt (the first file), then only short APDUs
    expect(rb.filter((x) => isExtended(x.c))).toHaveLength(1);
    expect(isExtended(rb[0]!.c)).toBe(true);
    expect(rb.slice(1).every((x) => !isExtended(x.c) && commandNe(x.c)! <= 256)).toBe(true);
  });

  it('extended refused for the reader (channel.extendedLength = false) → never sends an extended APDU', async () => {
    for (const strategy of [undefined, 'extended'] as const) {
      const rig = bacRig({ extendedLength: false });
      const r = await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), ...(strategy ? { strategy } : {}) });
      expect(filesOf(r)).toEqual(expected(rig));
      expect(r.capabilities.extended).toBe(false);
      expect(rig.ch.log.some((x) => isExtended(x.c))).toBe(false);
    }
  });
});

describe('files beyond offset 32767 (7816-4 §11.3.3: odd INS B1 with DO54)', () => {
  for (const strategy of ['adaptive', 'short224'] as const) {
    it(`${strategy}: a 40 000-byte DG2 is read with B1 past 32767 and comes back identical`, async () => {
      const rig = bacRig();
      const big = tlv(0x75, new Uint8Array(40_000).map((_, i) => (i * 7) & 0xff));
      rig.card.patchFile(0x0102, big);
      const r = await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy });
      expect(toHex(r.files.dataGroups.get(2)!)).toBe(toHex(big));
      const dg2 = rig.events.filter((e) => e.fid === 0x0102);
      expect(dg2.filter((e) => e.ins === 0xb0).every((e) => e.offset! <= 0x7fff)).toBe(true);
      const b1 = dg2.filter((e) => e.ins === 0xb1);
      expect(b1.length).toBeGreaterThan(0);
      expect(b1.every((e) => e.offset! > 0x7fff)).toBe(true);
      expect(rig.ch.log.some((x) => isProtected(x.c) && insOf(x.c) === 0xb1)).toBe(true);
    });
  }

  it('extended: a 70 000-byte DG2 takes one 64 KiB READ BINARY, then B1 with a 3-byte DO54 offset', async () => {
    const rig = bacRig();
    const big = tlv(0x75, new Uint8Array(70_000).map((_, i) => (i * 13) & 0xff));
    rig.card.patchFile(0x0102, big);
    const r = await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy: 'extended' });
    expect(toHex(r.files.dataGroups.get(2)!)).toBe(toHex(big));
    const dg2 = rig.events.filter((e) => e.fid === 0x0102);
    expect(dg2[0]).toMatchObject({ ins: 0xb0, offset: 0, length: 65536 });
    expect(dg2.slice(1).every((e) => e.ins === 0xb1 && e.offset! >= 65536)).toBe(true);
  });

  it('extended refused by the card: a 40 000-byte DG2 read by short EF id, then B0, then B1, comes back identical', async () => {
    const rig = bacRig({ quirks: { extendedLength: false } });
    const big = tlv(0x75, new Uint8Array(40_000).map((_, i) => (i * 11) & 0xff));
    rig.card.patchFile(0x0102, big);
    const r = await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy: 'extended' });
    expect(toHex(r.files.dataGroups.get(2)!)).toBe(toHex(big));
    const dg2 = rig.events.filter((e) => e.fid === 0x0102);
    expect(dg2.filter((e) => e.ins === 0xb1).every((e) => e.offset! > 0x7fff)).toBe(true);
  });

  it('extended: a 40 000-byte DG2 still comes in one command', async () => {
    const rig = bacRig();
    const big = tlv(0x75, new Uint8Array(40_000).fill(0x5a));
    rig.card.patchFile(0x0102, big);
    const r = await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy: 'extended' });
    expect(toHex(r.files.dataGroups.get(2)!)).toBe(toHex(big));
    expect(rig.events.filter((e) => e.fid === 0x0102)).toHaveLength(1);
  });
});

describe('CCCD quirk (shared/CCCD.md): SELECT MF answers 6D00', () => {
  for (const strategy of STRATEGIES) {
    it(`${strategy}: never sends SELECT MF; selects EF.CardAccess by file id 011C`, async () => {
      const rig = bacRig();
      await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy });
      const cmds = rig.ch.log.map((x) => toHex(x.c));
      expect(cmds).not.toContain('00A4000C023F00');
      expect(rig.ch.log.some((x) => insOf(x.c) === 0xa4 && x.c[2] === 0x00)).toBe(false); // no SELECT with P1 = 00 at all
      expect(cmds[0]).toBe('00A4020C02011C');
    });
  }
});

describe('hostile-chip caps', () => {
  const NAMES = ['EF.COM', 'EF.SOD', 'DG14', 'DG1', 'DG2', 'DG13', 'DG15'];
  /** The first LDS file (in read order) for which `over` holds: the read must stop there. */
  const firstOver = (rig: ReturnType<typeof bacRig>, over: (len: number) => boolean): number => {
    const i = LDS.findIndex((f) => over(rig.fileData(f.fid).length));
    expect(i, 'some file must exceed the cap').toBeGreaterThanOrEqual(0);
    return i;
  };

  it('maxFileSize exceeded → LIMIT_EXCEEDED before the file is read', async () => {
    for (const strategy of STRATEGIES) {
      const rig = bacRig();
      const i = firstOver(rig, (len) => len > 1000);
      const e = await expectFailure(readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy, fileLimits: { maxFileSize: 1000 } }), 'LIMIT_EXCEEDED');
      expect(e.message.startsWith(`${NAMES[i]}: file announces`)).toBe(true);
      // only the first chunk of that file came off the chip, and nothing after it
      expect(rig.events.filter((ev) => ev.fid === LDS[i]!.fid)).toHaveLength(1);
      expect(rig.events.at(-1)!.fid).toBe(LDS[i]!.fid);
    }
  });

  it('maxChunks exceeded → LIMIT_EXCEEDED after exactly maxChunks READ BINARY', async () => {
    const rig = bacRig();
    // short224: a 4-byte header read, then 224-byte chunks
    const i = firstOver(rig, (len) => 1 + Math.ceil((len - 4) / 224) > 3);
    const e = await expectFailure(readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy: 'short224', fileLimits: { maxChunks: 3 } }), 'LIMIT_EXCEEDED');
    expect(e.message).toMatch(new RegExp(`^${NAMES[i]}: .*more than 3 READ BINARY`));
    expect(rig.events.filter((ev) => ev.fid === LDS[i]!.fid)).toHaveLength(3);
  });
});
