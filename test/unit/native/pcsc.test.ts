/** PC/SC adapter logic that needs no pcscd: ATR capabilities, error mapping, watcher resilience (fake addon). */
import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { ReaderWatcher, atrExtendedLength, mapPcscError, type NativePcsc, type NativeReader } from '../../../native/pcsc.js';
import { fromHex } from '../../../electron/emrtd/bytes.js';
import { TEST_ATR_EXTENDED, TEST_ATR_SHORT } from '../../e2e/fixtures/test-applet.js';

describe('atrExtendedLength (7816-4 §8.1.1.2.7, card capabilities byte 3 bit 0x40)', () => {
  const cases: [string, string, boolean | undefined][] = [
    ['test ATR with extended bit', '3B8580018073FE21C0' + 'E8', true],
    ['contactless pseudo-ATR, capabilities without extended', '3B8580018073FE2180' + '00', false],
    ['capabilities with only 2 bytes', '3B8480018072FE21' + '00', false],
    ['category 00: TLV before the 3 status bytes', '3B88800100730000C0009000' + '00', true],
    ['no card capabilities (storage card, tag 4 AID only)', '3B8F8001804F0CA000000306030001000000006A', undefined],
    ['proprietary historical bytes (type B ATQB)', '3B8880010000000000718100' + '00', undefined],
    ['no historical bytes', '3B00', undefined],
    ['truncated', '3B8F80', undefined],
  ];
  for (const [name, hex, want] of cases) it(name, () => expect(atrExtendedLength(fromHex(hex))).toBe(want));
  it('matches the test applet ATRs', () => {
    expect(atrExtendedLength(TEST_ATR_EXTENDED)).toBe(true);
    expect(atrExtendedLength(TEST_ATR_SHORT)).toBe(false);
  });
});

describe('mapPcscError', () => {
  const err = (code: string): Error => new Error(`SCardX error: text.(0x${code})`);
  const cases: [string, 'establish' | 'connect' | 'transmit', string][] = [
    ['8010001d', 'establish', 'PCSC_UNAVAILABLE'],
    ['8010001d', 'transmit', 'TRANSPORT_LOST'],
    ['8010000b', 'connect', 'READER_BUSY'],
    ['8010000c', 'connect', 'NO_CARD'],
    ['80100069', 'transmit', 'CARD_REMOVED'],
    ['80100069', 'connect', 'CARD_REMOVED'],
    ['80100016', 'transmit', 'TRANSPORT_LOST'],
    ['80100017', 'connect', 'NO_READER'],
    ['80100017', 'transmit', 'TRANSPORT_LOST'],
    ['8010000a', 'transmit', 'TIMEOUT'],
    ['80100008', 'transmit', 'LIMIT_EXCEEDED'],
    ['80100003', 'transmit', 'TRANSPORT_LOST'],
  ];
  for (const [code, phase, want] of cases)
    it(`0x${code} during ${phase} → ${want}`, () => {
      const e = mapPcscError(err(code), phase, 'R');
      expect(e.code).toBe(want);
      expect(e.message).toContain('"R"');
    });
  it('maps errors without a PC/SC code (e.g. "Card Reader not connected")', () => {
    expect(mapPcscError(new Error('Card Reader not connected'), 'transmit').code).toBe('TRANSPORT_LOST');
  });
});

class FakeReader extends EventEmitter {
  connected = false;
  constructor(readonly name: string) {
    super();
  }
  connect(): void {}
  disconnect(_d: number, cb: (e: Error | null) => void): void {
    cb(null);
  }
  transmit(): void {}
  close(): void {
    this.emit('end');
  }
}
class FakePcsc extends EventEmitter {
  readonly readers: Record<string, NativeReader> = {};
  closed = false;
  close(): void {
    this.closed = true;
  }
}

describe('ReaderWatcher with a fake addon', () => {
  it('reports PCSC_UNAVAILABLE without throwing, retries, and follows readers and cards once up', async () => {
    let up = false;
    let attempts = 0;
    const made: FakePcsc[] = [];
    const w = new ReaderWatcher({
      retryMinMs: 5,
      retryMaxMs: 10,
      factory: () => {
        attempts++;
        if (!up) throw new Error('SCardEstablishContext error: Service not available.(0x8010001d)');
        const p = new FakePcsc();
        made.push(p);
        return p as unknown as NativePcsc;
      },
    });
    const log: string[] = [];
    w.on('status', (s) => log.push(`status ${s.available} ${s.error?.code ?? ''}`.trim()));
    w.on('reader-added', (e) => log.push(`+reader ${e.name}`));
    w.on('reader-removed', (e) => log.push(`-reader ${e.name}`));
    w.on('card-inserted', (e) => log.push(`+card ${e.reader} ${e.atr.length}`));
    w.on('card-removed', (e) => log.push(`-card ${e.reader}`));
    w.start(); // no 'error' listener: must not crash
    await new Promise((r) => setTimeout(r, 40));
    expect(attempts).toBeGreaterThan(1);
    expect(log).toEqual(['status false PCSC_UNAVAILABLE']);
    up = true;
    await new Promise((r) => setTimeout(r, 30));
    const p = made[0]!;
    const r = new FakeReader('R1');
    p.emit('reader', r);
    r.emit('status', { state: 0x10022, atr: Buffer.from([0x3b, 0x00]) });
    r.emit('status', { state: 0x10122 }); // in use: no event
    r.emit('status', { state: 0x20012 });
    r.emit('status', { state: 0x30022, atr: Buffer.from([0x3b, 0x00]) });
    r.emit('status', { state: 0x40022, atr: Buffer.from([0x3b, 0x01]) }); // swapped between polls
    r.emit('error', new Error('SCardGetStatusChange error: x.(0x8010001d)')); // must not crash
    const errs: string[] = [];
    w.on('error', (e) => errs.push(e.code));
    p.emit('error', new Error('SCardGetStatusChange error: Service not available.(0x8010001d)'));
    expect(errs).toEqual(['PCSC_UNAVAILABLE']);
    expect(p.closed).toBe(true);
    await w.close();
    expect(log).toEqual([
      'status false PCSC_UNAVAILABLE',
      'status true',
      '+reader R1',
      '+card R1 2',
      '-card R1',
      '+card R1 2',
      '-card R1',
      '+card R1 2',
      '-card R1',
      '-reader R1',
      'status false PCSC_UNAVAILABLE',
    ]);
    await expect(w.connect('R1')).rejects.toMatchObject({ code: 'PCSC_UNAVAILABLE' });
  });
});
