/**
 * One reader's read session over the in-process virtual CCCD: cancel stops the read at the next APDU and
 * nothing of it is reported; a card lifted mid-read resumes with the keys it had, without re-reading files.
 */
import { describe, expect, it } from 'vitest';
import { ForwardingChannel, type CardChannel } from '../../../electron/emrtd/channel.js';
import { VirtualChannel } from '../../../electron/vcard/channel.js';
import { createVirtualCard } from '../../../electron/vcard/profiles.js';
import { ReaderSession } from '../../../electron/service/session.js';
import type { SessionState } from '../../../electron/contract/types.js';
import { seededRng } from '../../helpers/rng.js';

const ID = '001099012345';

/** Counts the APDUs that reach the card and remembers which files were selected. */
class Counting extends ForwardingChannel {
  apdus = 0;
  /** READ BINARY commands (INS B0/B1; secure messaging keeps the INS byte in clear). */
  reads = 0;
  constructor(inner: CardChannel, private readonly onApdu: (n: number) => void = () => undefined) {
    super(inner);
  }
  override async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    this.apdus++;
    if (apdu[1] === 0xb0 || apdu[1] === 0xb1) this.reads++;
    this.onApdu(this.apdus);
    return super.transmit(apdu);
  }
}

function setup(onApdu?: (n: number) => void) {
  const rng = seededRng(7);
  const card = new VirtualChannel(createVirtualCard({ profile: 'cccd-2021', rng }).card, { readerName: 'test reader' });
  const counting = new Counting(card, onApdu);
  let releases = 0;
  const session = new ReaderSession({ rng, connect: async () => counting, release: async () => void releases++, capabilities: () => ({}) });
  const states: SessionState['state'][] = [];
  const finished: unknown[] = [];
  const cancelled: unknown[] = [];
  session.on('state', (s) => states.push(s.state));
  session.on('finished', (f) => {
    finished.push(f);
    // the service turns it into a result view; here the session only needs to leave 'verifying'
    session.showResult({ state: 'key_needed', pace: true });
  });
  session.on('cancelled', (c) => cancelled.push(c));
  /** Resolves when the run has ended (its channel released): whatever it was going to report, it has. */
  const ended = (n = 1): Promise<void> => until(() => releases >= n);
  return { card, counting, session, states, finished, cancelled, ended };
}

/** Resolves once the session is back to a resting state (nothing left running). */
const settle = (ms = 50): Promise<void> => new Promise((r) => setTimeout(r, ms));
const until = async (f: () => boolean): Promise<void> => {
  while (!f()) await settle(5);
};

describe('ReaderSession cancel', () => {
  it('a read runs to its result when nobody cancels (the baseline the cancel tests rely on)', async () => {
    const t = setup();
    t.session.cardInserted();
    t.session.start({ id: ID }, false);
    await until(() => t.finished.length > 0);
    expect(t.cancelled).toEqual([]);
  });

  it('cancel mid-read: no APDU after the cancel reaches the card, no result, one cancelled event', async () => {
    let at = -1;
    const t = setup((n) => {
      if (n === 12) {
        at = n;
        t.session.cancel();
      }
    });
    t.session.cardInserted();
    t.session.start({ id: ID }, false);
    await t.ended();
    // the APDU in flight when the cancel came is the last one
    expect(t.counting.apdus).toBe(at);
    expect(t.finished).toEqual([]);
    expect(t.cancelled).toHaveLength(1);
    expect(t.session.state.state).toBe('key_needed');
  });

  it('cancel while verifying (no APDU left to refuse): the result is dropped all the same', async () => {
    const t = setup();
    t.session.on('state', (s) => {
      if (s.state === 'verifying') t.session.cancel();
    });
    t.session.cardInserted();
    t.session.start({ id: ID }, false);
    await t.ended();
    await settle(10);
    expect(t.finished).toEqual([]);
    expect(t.cancelled).toHaveLength(1);
    expect(t.session.state.state).toBe('key_needed');
  });

  it('cancel with nothing running reports no cancelled read', () => {
    const t = setup();
    t.session.cardInserted();
    t.session.cancel();
    expect(t.cancelled).toEqual([]);
  });
});

describe('ReaderSession card lifted mid-read', () => {
  it('resumes on the re-tap with the same keys, without re-reading the files already read', async () => {
    let lift = 0;
    const t = setup((n) => {
      if (n === lift) t.card.remove();
    });
    // baseline: how many APDUs and file reads a whole read takes
    t.session.cardInserted();
    t.session.start({ id: ID }, false);
    await until(() => t.finished.length > 0);
    const whole = { apdus: t.counting.apdus, reads: t.counting.reads };
    t.session.clear();
    lift = whole.apdus + Math.floor(whole.apdus * 0.7);
    t.session.start({ id: ID }, false);
    await until(() => t.session.state.state === 'error');
    const s = t.session.state;
    expect(s).toMatchObject({ state: 'error', resumable: true, error: { code: 'CARD_REMOVED' } });
    const before = { apdus: t.counting.apdus, reads: t.counting.reads };
    t.session.cardRemoved();
    t.card.insert();
    lift = -1;
    // the same keys, no new start(): the re-tap alone resumes
    t.session.cardInserted();
    await until(() => t.finished.length > 1);
    const resumed = { apdus: t.counting.apdus - before.apdus, reads: t.counting.reads - before.reads };
    const readBeforeLift = before.reads - whole.reads;
    console.log(`[session] figures: whole read ${whole.apdus} APDUs / ${whole.reads} READ BINARY; lifted after ${before.apdus - whole.apdus} APDUs (${readBeforeLift} reads); the resume: ${resumed.apdus} APDUs / ${resumed.reads} READ BINARY`);
    // Finished files are not read again: the resume reads fewer files than a whole read by at least the
    // files finished before the lift, less EF.SOD (read again to prove it is the same chip) and the file cut.
    expect(resumed.reads).toBeLessThanOrEqual(whole.reads - readBeforeLift + 2);
    expect(resumed.reads).toBeLessThan(whole.reads);
  });

  it('a card lifted before any file was read still comes back with the keys it had', async () => {
    const t = setup((n) => {
      if (n === 2) t.card.remove();
    });
    t.session.cardInserted();
    t.session.start({ id: ID }, false);
    await until(() => t.session.state.state === 'error');
    expect(t.session.state).toMatchObject({ state: 'error', resumable: true });
    t.session.cardRemoved();
    t.card.insert();
    t.session.cardInserted();
    await until(() => t.finished.length > 0 || t.session.state.state === 'key_needed');
    expect(t.finished).toHaveLength(1);
  });
});
