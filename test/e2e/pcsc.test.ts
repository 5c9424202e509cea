/**
 * PC/SC end to end: ReaderWatcher + PcscChannel → private pcscd → vpcd → card-host process → test applet.
 * Round-trip times are printed, never asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReaderWatcher, type ReaderWatcherEvents } from '../../native/pcsc.js';
import { ChipIdError } from '../../electron/emrtd/errors.js';
import { fromHex, toHex } from '../../electron/emrtd/bytes.js';
import { harnessUnavailableReason, startHarness, type CardHost, type PcscHarness } from './harness.js';
import { TEST_ATR_EXTENDED, patternBytes } from './fixtures/test-applet.js';

const reason = harnessUnavailableReason();
if (reason) console.warn(`[pcsc e2e] SKIPPED: ${reason}`);

type Ev = keyof ReaderWatcherEvents;
function next<E extends Ev>(
  w: ReaderWatcher,
  ev: E,
  pred: (...a: ReaderWatcherEvents[E]) => boolean = () => true,
  ms = 10_000,
): Promise<ReaderWatcherEvents[E][0]> {
  return new Promise((res, rej) => {
    const t = setTimeout(() => {
      w.off(ev, l as never);
      rej(new Error(`no ${ev} within ${ms} ms`));
    }, ms);
    function l(...a: ReaderWatcherEvents[E]): void {
      if (!pred(...a)) return;
      clearTimeout(t);
      w.off(ev, l as never);
      res(a[0]);
    }
    w.on(ev, l as never);
  });
}

async function rejection(p: Promise<unknown>): Promise<ChipIdError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ChipIdError);
    return e as ChipIdError;
  }
  throw new Error('expected a rejection');
}

const resp = (r: Uint8Array): { data: Uint8Array; sw: string } => ({ data: r.subarray(0, r.length - 2), sw: toHex(r.subarray(r.length - 2)) });

describe.skipIf(reason !== undefined)('PC/SC through real pcscd + vpcd', () => {
  let h: PcscHarness;
  let w: ReaderWatcher;
  const hosts = new Map<number, CardHost>();
  const reader = (slot: number): string => {
    const r = w.readers().find((x) => h.isReaderOfSlot(slot, x.name));
    if (!r) throw new Error(`no reader for slot ${slot}`);
    return r.name;
  };
  const cardIn = (slot: number): Promise<unknown> =>
    w.readers().some((r) => h.isReaderOfSlot(slot, r.name) && r.cardPresent)
      ? Promise.resolve()
      : next(w, 'card-inserted', (e) => h.isReaderOfSlot(slot, e.reader));
  /** Starts the card host of a slot, retiring the previous one (and waiting until pcscd saw that card go). */
  const host = async (args: Parameters<PcscHarness['startCardHost']>[0] & { slot: number }): Promise<CardHost> => {
    const old = hosts.get(args.slot);
    if (old) {
      const present = w.readers().some((r) => h.isReaderOfSlot(args.slot, r.name) && r.cardPresent);
      const removed = present ? next(w, 'card-removed', (e) => h.isReaderOfSlot(args.slot, e.reader)) : undefined;
      await old.exit();
      await removed;
    }
    const c = await h.startCardHost(args);
    hosts.set(args.slot, c);
    return c;
  };

  beforeAll(async () => {
    h = await startHarness({ lines: 1 });
    if (h.note) console.warn(`[pcsc e2e] ${h.note}`);
    w = new ReaderWatcher({ retryMinMs: 100, retryMaxMs: 400 });
    const two = new Promise<void>((res) => {
      let n = 0;
      w.on('reader-added', () => ++n === 2 && res());
    });
    w.start();
    await two;
  });

  afterAll(async () => {
    await w?.close();
    for (const c of hosts.values()) await c.exit();
    await h?.stop();
  });

  it('lists the vpcd readers of the private pcscd', () => {
    expect(w.available).toBe(true);
    const names = w.readers().map((r) => r.name);
    expect(names).toHaveLength(2);
    expect(names.some((n) => h.isReaderOfSlot(0, n))).toBe(true);
    expect(names.some((n) => h.isReaderOfSlot(1, n))).toBe(true);
  });

  it('reports card inserted and removed, with the ATR', async () => {
    const inserted = next(w, 'card-inserted', (e) => h.isReaderOfSlot(0, e.reader));
    const c = await host({ slot: 0 });
    expect(toHex((await inserted).atr)).toBe(toHex(TEST_ATR_EXTENDED));
    const removed = next(w, 'card-removed', (e) => h.isReaderOfSlot(0, e.reader));
    await c.remove();
    await removed;
    expect(w.readers().find((r) => h.isReaderOfSlot(0, r.name))?.cardPresent).toBe(false);
    const again = next(w, 'card-inserted', (e) => h.isReaderOfSlot(0, e.reader));
    await c.insert();
    await again;
  });

  it('transmits short and extended APDUs; reports the vpcd size limits', async () => {
    await cardIn(0);
    const ch = await w.connect(reader(0));
    try {
      expect(ch.extendedLength).toBe(true);
      expect(resp(await ch.transmit(fromHex('00A4040C07A0000002471001'))).sw).toBe('9000');
      const short = resp(await ch.transmit(fromHex('8010000A')));
      expect(toHex(short.data)).toBe(toHex(patternBytes(10)));
      const ext = resp(await ch.transmit(fromHex('801003E80003E8')));
      expect(ext.data.length).toBe(1000);
      // 65533 data bytes + SW = 65535 bytes = the largest vpcd frame.
      const max = resp(await ch.transmit(fromHex('8010FFFD00FFFD')));
      expect(max.sw).toBe('9000');
      expect(toHex(max.data.subarray(65500))).toBe(toHex(patternBytes(65533).subarray(65500)));
      // One more byte no longer fits a frame: the card host answers 6F00 instead.
      expect(resp(await ch.transmit(fromHex('8010FFFE00FFFE'))).sw).toBe('6F00');
      // Extended command: 4 + 3 + Lc + 2 <= 65535, so Lc <= 65526.
      const big = new Uint8Array(65526).fill(0x5a);
      const cmd = new Uint8Array(4 + 3 + big.length + 2);
      cmd.set([0x80, 0x12, 0, 0, 0, big.length >> 8, big.length & 0xff]);
      cmd.set(big, 7);
      const echo = resp(await ch.transmit(cmd));
      expect(echo.sw).toBe('9000');
      expect(echo.data.length).toBe(big.length);
    } finally {
      await ch.disconnect();
    }
  });

  it('rejects unknown readers, empty readers and a second exclusive user', async () => {
    expect((await rejection(w.connect('no such reader'))).code).toBe('NO_READER');
    expect((await rejection(w.connect(reader(1)))).code).toBe('NO_CARD');
    await cardIn(0);
    const ch = await w.connect(reader(0));
    const other = new ReaderWatcher();
    try {
      expect((await rejection(w.connect(reader(0)))).code).toBe('READER_BUSY');
      const added = next(other, 'card-inserted', (e) => h.isReaderOfSlot(0, e.reader));
      other.start();
      await added;
      expect((await rejection(other.connect(reader(0)))).code).toBe('READER_BUSY');
    } finally {
      await other.close();
      await ch.disconnect();
    }
  });

  it('fails with CARD_REMOVED/TRANSPORT_LOST when the card goes mid-exchange, and recovers', async () => {
    await host({ slot: 0, dropOnIns: 0xee });
    await cardIn(0);
    const ch = await w.connect(reader(0));
    expect(resp(await ch.transmit(fromHex('8010000A'))).sw).toBe('9000');
    const removed = next(w, 'card-removed', (e) => h.isReaderOfSlot(0, e.reader));
    const err = await rejection(ch.transmit(fromHex('80EE0000')));
    expect(['CARD_REMOVED', 'TRANSPORT_LOST']).toContain(err.code);
    expect(['CARD_REMOVED', 'TRANSPORT_LOST']).toContain((await rejection(ch.transmit(fromHex('8010000A')))).code);
    await removed;
    await ch.disconnect();
    // The card host comes back by itself (reinsert after 1 s): a fresh session works.
    await cardIn(0);
    const ch2 = await w.connect(reader(0));
    expect(resp(await ch2.transmit(fromHex('8010000A'))).sw).toBe('9000');
    await ch2.disconnect();
  });

  it('serves two readers with two card hosts at once', async () => {
    await host({ slot: 1, args: ['short'] });
    await cardIn(0);
    await cardIn(1);
    const a = await w.connect(reader(0));
    const b = await w.connect(reader(1));
    try {
      expect(a.extendedLength).toBe(true);
      expect(b.extendedLength).toBe(false);
      const run = async (ch: typeof a, n: number): Promise<string> => {
        for (let i = 0; i < n; i++) expect(resp(await ch.transmit(fromHex('8012000003010203'))).sw).toBe('9000');
        return toHex(resp(await ch.transmit(fromHex('80140000'))).data);
      };
      const [ca, cb] = await Promise.all([run(a, 7), run(b, 13)]);
      // Counters since the connect's power-up/reset: n echoes + the counter APDU itself.
      expect(ca).toBe('0008');
      expect(cb).toBe('000E');
    } finally {
      await a.disconnect();
      await b.disconnect();
    }
  });

  it('times out a card that never answers', async () => {
    const c = await host({ slot: 1, stallOnIns: 0xef });
    await cardIn(1);
    const ch = await w.connect(reader(1), { timeoutMs: 1500 });
    expect((await rejection(ch.transmit(fromHex('80EF0000')))).code).toBe('TIMEOUT');
    expect(ch.isOpen).toBe(false);
    await c.exit(); // closing the socket releases pcscd's reader thread
    hosts.delete(1);
    await ch.disconnect();
  });

  it('reports PCSC_UNAVAILABLE when pcscd dies, keeps running, and recovers after a restart', async () => {
    await cardIn(0);
    const ch = await w.connect(reader(0));
    const errors: string[] = [];
    const onError = (e: { code: string }): void => void errors.push(e.code);
    w.on('error', onError);
    const down = next(w, 'status', (s) => !s.available);
    const gone = next(w, 'reader-removed');
    await h.killPcscd('SIGKILL');
    const st = await down;
    expect(st.error?.code).toBe('PCSC_UNAVAILABLE');
    await gone;
    expect(errors).toContain('PCSC_UNAVAILABLE');
    expect(w.readers()).toHaveLength(0);
    expect((await rejection(ch.transmit(fromHex('8010000A')))).code).toBe('TRANSPORT_LOST');
    // A watcher started while pcscd is down reports it and keeps retrying.
    const late = new ReaderWatcher({ retryMinMs: 100, retryMaxMs: 400 });
    const lateDown = next(late, 'status');
    late.start();
    expect((await lateDown).available).toBe(false);
    const up = next(w, 'status', (s) => s.available);
    const lateUp = next(late, 'status', (s) => s.available);
    await h.startPcscd();
    await up;
    await lateUp;
    await late.close();
    await cardIn(0);
    const ch2 = await w.connect(reader(0));
    expect(resp(await ch2.transmit(fromHex('8010000A'))).sw).toBe('9000');
    await ch2.disconnect();
    await ch.disconnect();
    w.off('error', onError);
  });

  it('measures the per-APDU round trip with and without quickack (printed, not asserted)', async () => {
    const c = hosts.get(0)!;
    const measure = async (): Promise<string> => {
      await cardIn(0);
      const ch = await w.connect(reader(0));
      const t: number[] = [];
      try {
        for (let i = 0; i < 40; i++) {
          const t0 = process.hrtime.bigint();
          const r = await ch.transmit(fromHex('8010000A'));
          t.push(Number(process.hrtime.bigint() - t0) / 1e6);
          expect(resp(r).sw).toBe('9000');
        }
      } finally {
        await ch.disconnect();
      }
      t.sort((x, y) => x - y);
      return `median ${t[t.length >> 1]!.toFixed(2)} ms, p90 ${t[Math.floor(t.length * 0.9)]!.toFixed(2)} ms`;
    };
    const cycle = async (): Promise<void> => {
      const removed = next(w, 'card-removed', (e) => h.isReaderOfSlot(0, e.reader));
      await c.remove();
      await removed;
      await c.insert();
    };
    if (!h.netns) {
      console.log(`[pcsc e2e] round trip without namespace (no quickack): ${await measure()}`);
      return;
    }
    h.setQuickack(false);
    await cycle();
    const slow = await measure();
    h.setQuickack(true);
    await cycle();
    const fast = await measure();
    console.log(`[pcsc e2e] APDU round trip, 10-byte response: quickack off: ${slow}; quickack on: ${fast}`);
  });
});
