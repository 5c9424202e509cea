/** Transcript recording and strict replay (electron/emrtd/replay.ts): same seed → same session, byte for byte. */
import { describe, expect, it } from 'vitest';
import { readDocument, type ReadResult } from '../../../electron/emrtd/read.js';
import { RecordingChannel, ReplayChannel, seededRng, type Transcript } from '../../../electron/emrtd/replay.js';
import { fromHex, toHex } from '../../../electron/emrtd/bytes.js';
import { ChipIdError } from '../../../electron/emrtd/errors.js';
import { expectFailure, bacRig } from '../../helpers/hostile.js';

const SEED = fromHex('00112233445566778899AABBCCDDEEFF');

const filesOf = (r: ReadResult): Record<string, string> => {
  const out: Record<string, string> = { com: toHex(r.files.com!), sod: toHex(r.files.sod!) };
  for (const [n, b] of r.files.dataGroups) out[`DG${n}`] = toHex(b);
  return out;
};

async function record(strategy: 'extended' | 'adaptive'): Promise<{ transcript: Transcript; result: ReadResult; key: ReturnType<typeof bacRig>['key'] }> {
  const rig = bacRig();
  const rec = new RecordingChannel(rig.vch, SEED);
  const result = await readDocument(rec, { keys: [rig.key], rng: seededRng(SEED), strategy });
  // A transcript is stored as JSON: replay what survives a round trip.
  return { transcript: JSON.parse(JSON.stringify(rec.transcript())) as Transcript, result, key: rig.key };
}

describe('seededRng (replay.ts)', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = seededRng(SEED);
    const b = seededRng(SEED);
    expect(toHex(a(40))).toBe(toHex(b(40)));
    expect(toHex(a(7))).toBe(toHex(b(7)));
    expect(toHex(seededRng(fromHex('01'))(32))).not.toBe(toHex(seededRng(fromHex('02'))(32)));
  });
  it('splits a stream consistently (8 + 16 bytes = 24 bytes)', () => {
    const a = seededRng(SEED);
    const joined = toHex(a(8)) + toHex(a(16));
    expect(joined).toBe(toHex(seededRng(SEED)(24)));
  });
});

for (const strategy of ['extended', 'adaptive'] as const) {
  describe(`record and replay (${strategy})`, () => {
    it('a recording holds the seed, the ATR and every exchange', async () => {
      const { transcript, result } = await record(strategy);
      expect(transcript.format).toBe('chipid-transcript/1');
      expect(transcript.seed).toBe(toHex(SEED));
      expect(transcript.atr).toBeDefined();
      expect(transcript.extendedLength).toBe(true);
      expect(transcript.exchanges).toHaveLength(result.stats.apdus);
    });

    it('replaying with the transcript’s rng gives the identical result and consumes the whole transcript', async () => {
      const { transcript, result, key } = await record(strategy);
      const replay = new ReplayChannel(transcript);
      const again = await readDocument(replay, { keys: [key], rng: replay.rng, strategy });
      expect(filesOf(again)).toEqual(filesOf(result));
      expect(again.access).toEqual(result.access);
      expect(again.capabilities).toEqual(result.capabilities);
      expect(again.stats.apdus).toBe(result.stats.apdus);
      expect(replay.finished).toBe(true);
    });

    it('a different seed → PROTOCOL_ERROR naming the first differing exchange (EXTERNAL AUTHENTICATE)', async () => {
      const { transcript, key } = await record(strategy);
      const replay = new ReplayChannel(transcript);
      const e = await expectFailure(readDocument(replay, { keys: [key], rng: seededRng(fromHex('FF')), strategy }), 'PROTOCOL_ERROR');
      // exchanges: SELECT 011C, SELECT AID, GET CHALLENGE, EXTERNAL AUTHENTICATE (carries RND.IFD, K.IFD)
      expect(e.message).toContain('replay: command 4 differs from the recording');
      expect(transcript.exchanges[3]!.c.startsWith('00820000')).toBe(true);
      expect(replay.finished).toBe(false);
    });

    it('a truncated transcript → PROTOCOL_ERROR beyond the end', async () => {
      const { transcript, key } = await record(strategy);
      const n = transcript.exchanges.length - 1;
      const cut: Transcript = { ...transcript, exchanges: transcript.exchanges.slice(0, n) };
      const replay = new ReplayChannel(cut);
      const e = await expectFailure(readDocument(replay, { keys: [key], rng: replay.rng, strategy }), 'PROTOCOL_ERROR');
      expect(e.message).toContain(`replay: command ${n + 1} beyond the end of the transcript`);
    });

    it('a tampered recorded response is still verified: MAC_INVALID', async () => {
      const { transcript, key } = await record(strategy);
      const ex = transcript.exchanges.map((x) => ({ ...x }));
      const i = ex.findIndex((x) => x.c.startsWith('0CB0'));
      const r = fromHex(ex[i]!.r);
      r[r.length - 3] = r[r.length - 3]! ^ 0x01; // a MAC byte
      ex[i]!.r = toHex(r);
      const replay = new ReplayChannel({ ...transcript, exchanges: ex });
      await expectFailure(readDocument(replay, { keys: [key], rng: replay.rng, strategy }), 'MAC_INVALID');
    });
  });
}

describe('transcript format', () => {
  it('an unknown format → PARSE_ERROR', () => {
    let err: unknown;
    try {
      new ReplayChannel({ format: 'other/1', seed: '00', exchanges: [] } as unknown as Transcript);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ChipIdError);
    expect((err as ChipIdError).code).toBe('PARSE_ERROR');
  });
});
