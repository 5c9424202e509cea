/** ApduTransport: 61xx GET RESPONSE and 6Cxx resend (7816-4 §5.1.3), typed transport failures, caps, header-only logs. */
import { describe, expect, it } from 'vitest';
import { ApduTransport, swError, type ApduLogger } from '../../../electron/emrtd/transport.js';
import type { CardChannel } from '../../../electron/emrtd/channel.js';
import { fromHex, toHex } from '../../../electron/emrtd/bytes.js';
import { ChipIdError } from '../../../electron/emrtd/errors.js';
import { expectFailure } from '../../helpers/hostile.js';

/** A channel that answers from a script and records the commands. */
function scripted(answers: (string | ((c: Uint8Array) => Promise<Uint8Array>))[]): CardChannel & { sent: string[] } {
  const sent: string[] = [];
  let i = 0;
  return {
    readerName: 'scripted',
    sent,
    async transmit(apdu) {
      sent.push(toHex(apdu));
      const a = answers[i++];
      if (a === undefined) throw new Error('script exhausted');
      return typeof a === 'string' ? fromHex(a) : a(apdu);
    },
  };
}

const READ4 = { cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, ne: 4 };

describe('ApduTransport', () => {
  it('follows 61xx with GET RESPONSE (Le = SW2) and joins the data', async () => {
    const ch = scripted(['AABB6103', 'CCDDEE9000']);
    const r = await new ApduTransport(ch).send({ ...READ4, ne: 5 });
    expect(ch.sent).toEqual(['00B0000005', '00C0000003']);
    expect(toHex(r.data)).toBe('AABBCCDDEE');
    expect(r.sw).toBe(0x9000);
  });

  it('61xx without end → LIMIT_EXCEEDED after 64 GET RESPONSE rounds', async () => {
    const ch = scripted(Array.from({ length: 100 }, () => '016101'));
    await expectFailure(new ApduTransport(ch).send(READ4), 'LIMIT_EXCEEDED');
    expect(ch.sent.filter((c) => c.startsWith('00C0'))).toHaveLength(64);
  });

  it('6Cxx: resends once with Ne = SW2 (6C00 → 256)', async () => {
    const ch = scripted(['6C02', 'AABB9000']);
    const r = await new ApduTransport(ch).send(READ4);
    expect(ch.sent).toEqual(['00B0000004', '00B0000002']);
    expect(toHex(r.data)).toBe('AABB');
    const ch2 = scripted(['6C00', '9000']);
    await new ApduTransport(ch2).send(READ4);
    expect(ch2.sent[1]).toBe('00B0000000');
  });

  it('6Cxx twice: the second status word is returned, not looped on', async () => {
    const ch = scripted(['6C02', '6C01', '9000']);
    const r = await new ApduTransport(ch).send(READ4);
    expect(r.sw).toBe(0x6c01);
    expect(ch.sent).toHaveLength(2);
  });

  it('a response shorter than a status word → PROTOCOL_ERROR; longer than maxResponse → LIMIT_EXCEEDED', async () => {
    await expectFailure(new ApduTransport(scripted(['90'])).send(READ4), 'PROTOCOL_ERROR');
    await expectFailure(new ApduTransport(scripted(['00000000009000']), { maxResponse: 6 }).send(READ4), 'LIMIT_EXCEEDED');
  });

  it('a driver error becomes TRANSPORT_LOST with the cause kept; a ChipIdError passes through', async () => {
    const boom = new Error('SCARD_E_NO_SMARTCARD');
    const e = await expectFailure(new ApduTransport(scripted([async () => Promise.reject(boom)])).send(READ4), 'TRANSPORT_LOST');
    expect(e.cause).toBe(boom);
    await expectFailure(new ApduTransport(scripted([async () => Promise.reject(new ChipIdError('CARD_REMOVED', 'x'))])).send(READ4), 'CARD_REMOVED');
  });

  it('an exchange that never answers → TIMEOUT', async () => {
    const never = scripted([() => new Promise<Uint8Array>(() => undefined)]);
    await expectFailure(new ApduTransport(never, { timeoutMs: 50 }).send(READ4), 'TIMEOUT');
  });

  it('counts APDUs and bytes; logs headers and status words only, never data', async () => {
    const entries: Parameters<ApduLogger>[0][] = [];
    const t = new ApduTransport(scripted(['31323334359000']), { logger: (e) => entries.push(e), now: () => 0 });
    await t.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: fromHex('A0000002471001'), ne: 5 });
    expect(t.stats).toEqual({ apdus: 1, bytesSent: 13, bytesReceived: 7, cardMs: 0 });
    expect(entries).toEqual([
      { dir: 'C', header: '00A4040C', len: 13 },
      { dir: 'R', sw: '9000', len: 7 },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/A0000002471001|3132333435/);
  });
});

describe('swError', () => {
  const ROWS: [number, string][] = [
    [0x6982, 'SECURITY_NOT_SATISFIED'],
    [0x6a82, 'FILE_NOT_FOUND'],
    [0x6987, 'SM_ERROR'],
    [0x6988, 'SM_ERROR'],
    [0x6700, 'SW_ERROR'],
  ];
  for (const [sw, code] of ROWS) {
    it(`${sw.toString(16).toUpperCase()} → ${code}, keeping the status word`, () => {
      const e = swError(sw, 'READ BINARY');
      expect(e.code).toBe(code);
      expect(e.sw).toBe(sw);
      expect(e.message).toContain('READ BINARY');
    });
  }
});
