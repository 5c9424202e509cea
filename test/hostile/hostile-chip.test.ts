/**
 * Hostile chip: every misbehaviour ends in a typed ChipIdError with a stable code, within bounded time (the
 * transport's exchange timeout; each test also has a 5 s ceiling) and bounded memory (bytes accepted from the
 * channel and exchanges sent are capped). HOUSE_STYLE: cap file sizes and chunk counts, reject responses
 * longer than asked, verify every MAC.
 */
import { describe, expect, it } from 'vitest';
import { readDocument, ReadFailure } from '../../electron/emrtd/read.js';
import type { ReadStrategy } from '../../electron/emrtd/files.js';
import { concat } from '../../electron/emrtd/bytes.js';
import { ChipIdError, type ErrorCode } from '../../electron/emrtd/errors.js';
import { seededRng } from '../helpers/rng.js';
import {
  bacRig,
  fail,
  flipBit,
  forwardThen,
  garbage,
  insOf,
  interceptCard,
  isProtected,
  isReadBinary,
  replayEarlier,
  respond,
  stall,
  type ApduPredicate,
  type BacRig,
  type FaultRule,
} from '../helpers/hostile.js';

const STRATEGIES: ReadStrategy[] = ['extended', 'adaptive'];
const CEILING_MS = 5_000;

/** The n-th (1-based) protected READ BINARY. */
const nthProtectedRead =
  (n: number): ApduPredicate =>
  (apdu, _i, log) =>
    isProtected(apdu) && isReadBinary(apdu) && log.filter((x) => isProtected(x.c) && isReadBinary(x.c)).length === n;
const plainIns =
  (ins: number): ApduPredicate =>
  (apdu) =>
    !isProtected(apdu) && insOf(apdu) === ins;

interface Case {
  name: string;
  code: ErrorCode | ErrorCode[];
  rules?: () => FaultRule[];
  /** Card-level setup (patched files, intercepted dispatcher). */
  card?: (rig: BacRig) => void;
  strategies?: ReadStrategy[];
  /** What the detail message must say (where and why). */
  message?: RegExp;
  /** Further assertions on the channel log and the card's events. */
  check?: (rig: BacRig) => void;
}

const CASES: Case[] = [
  {
    name: 'a DG header announcing 1 MiB → LIMIT_EXCEEDED without reading it',
    code: 'LIMIT_EXCEEDED',
    card: (rig) => rig.card.patchFile(0x0102, concat(Uint8Array.of(0x75, 0x83, 0x10, 0x00, 0x00), new Uint8Array(200))),
    message: /^DG2: file announces 1048581 bytes/,
    check: (rig) => expect(rig.events.filter((e) => e.fid === 0x0102)).toHaveLength(1),
  },
  {
    name: 'a DG header announcing 4 GiB → LIMIT_EXCEEDED',
    code: 'LIMIT_EXCEEDED',
    card: (rig) => rig.card.patchFile(0x0101, concat(Uint8Array.of(0x61, 0x84, 0xff, 0xff, 0xff, 0xff), new Uint8Array(64))),
  },
  {
    name: 'a file that does not start with a TLV header → PARSE_ERROR',
    code: 'PARSE_ERROR',
    card: (rig) => rig.card.patchFile(0x0101, concat(Uint8Array.of(0x61, 0x85), new Uint8Array(64))),
  },
  {
    name: 'a 1-byte response to a protected READ BINARY → PROTOCOL_ERROR',
    code: 'PROTOCOL_ERROR',
    rules: () => [{ when: nthProtectedRead(1), fault: respond(Uint8Array.of(0x90)) }],
  },
  {
    name: 'a 1-byte response to GET CHALLENGE → PROTOCOL_ERROR',
    code: 'PROTOCOL_ERROR',
    rules: () => [{ when: plainIns(0x84), fault: respond(Uint8Array.of(0x90)) }],
  },
  {
    name: 'an empty response → PROTOCOL_ERROR',
    code: 'PROTOCOL_ERROR',
    rules: () => [{ when: nthProtectedRead(2), fault: respond(new Uint8Array(0)) }],
  },
  {
    name: 'plain GET CHALLENGE answering 20 bytes (8 asked) → PROTOCOL_ERROR',
    code: 'PROTOCOL_ERROR',
    rules: () => [{ when: plainIns(0x84), fault: respond(concat(new Uint8Array(20).fill(0x42), Uint8Array.of(0x90, 0x00))) }],
  },
  {
    name: 'a protected READ BINARY answer longer than Ne (validly MACed) → PROTOCOL_ERROR',
    code: 'PROTOCOL_ERROR',
    card: (rig) =>
      interceptCard(rig.card, (cmd, next) => {
        const r = next();
        return cmd.ins === 0xb0 && cmd.ne !== undefined && cmd.ne < 65536 ? { ...r, data: concat(r.data, new Uint8Array(cmd.ne + 1 - r.data.length)) } : r;
      }),
    strategies: ['adaptive'],
  },
  {
    name: 'a response longer than any APDU (70 000 bytes) → LIMIT_EXCEEDED',
    code: 'LIMIT_EXCEEDED',
    rules: () => [{ when: nthProtectedRead(1), fault: respond(concat(new Uint8Array(70_000), Uint8Array.of(0x90, 0x00))) }],
  },
  {
    name: 'a flipped bit in a protected response’s cryptogram → MAC_INVALID',
    code: 'MAC_INVALID',
    rules: () => [{ when: nthProtectedRead(2), fault: flipBit(17, 0x04) }],
  },
  {
    name: 'a flipped bit in a protected response’s MAC → MAC_INVALID',
    code: 'MAC_INVALID',
    rules: () => [{ when: nthProtectedRead(1), fault: flipBit(3, 0x80) }],
  },
  {
    name: 'a replayed earlier protected response (wrong SSC) → MAC_INVALID',
    code: 'MAC_INVALID',
    message: /MAC does not verify/,
    rules: () => [{ when: nthProtectedRead(2), fault: replayEarlier(1) }],
  },
  ...[1, 2, 3, 4, 5].map(
    (seed): Case => ({
      name: `random garbage ending 9000 under SM (seed ${seed}) → SM_ERROR or PROTOCOL_ERROR`,
      code: ['SM_ERROR', 'PROTOCOL_ERROR'],
      rules: () => [{ when: nthProtectedRead(1), fault: garbage(seededRng(seed), 300, 0x9000) }],
    }),
  ),
  ...[6, 7, 8].map(
    (seed): Case => ({
      name: `random garbage with a random status word under SM (seed ${seed}) → SM_ERROR or PROTOCOL_ERROR`,
      code: ['SM_ERROR', 'PROTOCOL_ERROR'],
      rules: () => [{ when: nthProtectedRead(1), fault: garbage(seededRng(seed), 300) }],
    }),
  ),
  {
    name: 'a card answering 61xx forever → LIMIT_EXCEEDED',
    code: 'LIMIT_EXCEEDED',
    rules: () => [{ when: (a, i, log) => nthProtectedRead(1)(a, i, log) || insOf(a) === 0xc0, times: Infinity, fault: respond(concat(new Uint8Array(16).fill(0xee), Uint8Array.of(0x61, 0x10))) }],
    message: /too many GET RESPONSE rounds/,
    check: (rig) => expect(rig.ch.log.filter((x) => insOf(x.c) === 0xc0)).toHaveLength(64),
  },
  {
    name: 'READ BINARY answering 9000 with no data (validly protected) → PROTOCOL_ERROR',
    code: 'PROTOCOL_ERROR',
    message: /returned no data/,
    card: (rig) => interceptCard(rig.card, (cmd, next) => (cmd.ins === 0xb0 ? { data: new Uint8Array(0), sw: 0x9000 } : next())),
  },
  {
    name: 'a bare 9000 (no SM objects) under SM → SM_ERROR',
    code: 'SM_ERROR',
    rules: () => [{ when: nthProtectedRead(1), fault: respond(Uint8Array.of(0x90, 0x00)) }],
  },
  {
    name: 'a protected response with DO87/DO99 stripped (DO8E kept) → MAC_INVALID',
    code: 'MAC_INVALID',
    rules: () => [{ when: nthProtectedRead(1), fault: forwardThen((r) => r.subarray(r.length - 12)) }],
  },
  {
    name: 'a stalled card → TIMEOUT',
    code: 'TIMEOUT',
    message: /no answer within 200 ms/,
    rules: () => [{ when: nthProtectedRead(2), fault: stall() }],
  },
  {
    name: 'a card stalling on GET CHALLENGE → TIMEOUT',
    code: 'TIMEOUT',
    rules: () => [{ when: plainIns(0x84), fault: stall() }],
  },
  {
    name: 'the card lifted mid-read → CARD_REMOVED',
    code: 'CARD_REMOVED',
    rules: () => [{ when: nthProtectedRead(2), fault: fail(new ChipIdError('CARD_REMOVED', 'lifted')) }],
  },
  {
    name: 'a driver throwing a non-ChipId error → TRANSPORT_LOST',
    code: 'TRANSPORT_LOST',
    rules: () => [{ when: nthProtectedRead(1), fault: fail(new Error('SCardTransmit: 0x80100017')) }],
  },
];

describe('hostile chip: typed errors, bounded time and memory', () => {
  for (const c of CASES) {
    for (const strategy of c.strategies ?? STRATEGIES) {
      it(
        `${strategy}: ${c.name}`,
        async () => {
          const rig = bacRig({ rules: c.rules?.() ?? [] });
          c.card?.(rig);
          let err: unknown;
          try {
            await readDocument(rig.ch, { keys: [rig.key], rng: seededRng(9), strategy, transport: { timeoutMs: 200 } });
          } catch (e) {
            err = e;
          }
          expect(err, 'the read must fail').toBeInstanceOf(ReadFailure);
          const codes = Array.isArray(c.code) ? c.code : [c.code];
          expect(codes, `${(err as ChipIdError).code}: ${(err as Error).message}`).toContain((err as ChipIdError).code);
          expect((err as ChipIdError).messageVi.length).toBeGreaterThan(0);
          if (c.rules) expect(rig.ch.log.some((x) => x.faulted), 'the fault fired').toBe(true);
          if (c.message) expect((err as Error).message).toMatch(c.message);
          c.check?.(rig);
          // Bounded: a few hundred exchanges and well under a megabyte taken from the channel.
          expect(rig.ch.log.length).toBeLessThan(200);
          expect(rig.ch.bytesIn).toBeLessThan(256 * 1024);
          // A hostile answer that breaks SM must not be followed by more file reads.
          const faultAt = rig.ch.log.findIndex((x) => x.faulted);
          if (faultAt >= 0 && codes.some((k) => k === 'MAC_INVALID' || k === 'SM_ERROR')) {
            expect(rig.ch.log.slice(faultAt + 1).filter((x) => isReadBinary(x.c))).toHaveLength(0);
          }
        },
        CEILING_MS,
      );
    }
  }
});
