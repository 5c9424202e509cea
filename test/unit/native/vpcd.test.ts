/** vpcd bridge against an in-process fake vpcd (a TCP server speaking the 2-byte-length framing). */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { FrameDecoder, attachToVpcd, encodeFrame, type VpcdAttachment } from '../../../native/vpcd.js';
import { TestApplet, TEST_ATR_EXTENDED } from '../../e2e/fixtures/test-applet.js';
import { fromHex, toHex } from '../../../electron/emrtd/bytes.js';

describe('FrameDecoder', () => {
  it('reassembles frames split anywhere and several frames per chunk', () => {
    const stream = new Uint8Array([...encodeFrame(Uint8Array.of(4)), ...encodeFrame(fromHex('8010000A')), ...encodeFrame(new Uint8Array(0))]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const d = new FrameDecoder();
      const frames = [...d.push(stream.slice(0, cut)), ...d.push(stream.slice(cut))].map(toHex);
      expect(frames).toEqual(['04', '8010000A', '']);
      expect(d.pending).toBe(0);
    }
    const d = new FrameDecoder();
    for (const b of stream.slice(0, 5)) d.push(Uint8Array.of(b));
    expect(d.pending).toBe(2); // "00 01 04" was the ATR frame; "00 04" waits for its payload
  });
  it('refuses frames over 65535 bytes', () => {
    expect(() => encodeFrame(new Uint8Array(65536))).toThrow(RangeError);
    expect(encodeFrame(new Uint8Array(65535)).length).toBe(65537);
  });
});

/** A fake vpcd: accepts one client, lets the test write raw bytes and read decoded frames. */
async function fakeVpcd(): Promise<{ server: Server; port: number; client: () => Promise<Socket>; frames: () => Promise<Uint8Array> }> {
  const queue: Uint8Array[] = [];
  const waiters: ((f: Uint8Array) => void)[] = [];
  const clients: ((s: Socket) => void)[] = [];
  const accepted: Socket[] = [];
  const server = createServer((s) => {
    s.setNoDelay(true);
    const d = new FrameDecoder();
    s.on('data', (c) => {
      for (const f of d.push(new Uint8Array(c))) {
        const w = waiters.shift();
        if (w) w(f);
        else queue.push(f);
      }
    });
    s.on('error', () => undefined);
    const c = clients.shift();
    if (c) c(s);
    else accepted.push(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return {
    server,
    port: addr.port,
    client: () => (accepted.length ? Promise.resolve(accepted.shift()!) : new Promise((r) => clients.push(r))),
    frames: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiters.push(r))),
  };
}

describe('attachToVpcd', () => {
  let att: VpcdAttachment | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await att?.detach();
    await new Promise((r) => server?.close(r));
  });

  it('answers ATR requests and APDUs, with length and payload arriving in separate writes', async () => {
    const v = await fakeVpcd();
    server = v.server;
    att = attachToVpcd(new TestApplet(), { port: v.port });
    const s = await v.client();
    await att.connected;
    s.write(Uint8Array.of(0, 1));
    await new Promise((r) => setTimeout(r, 20));
    s.write(Uint8Array.of(4));
    expect(toHex(await v.frames())).toBe(toHex(TEST_ATR_EXTENDED));
    s.write(Uint8Array.of(0, 4));
    await new Promise((r) => setTimeout(r, 20));
    s.write(fromHex('8010000A'));
    expect(toHex(await v.frames())).toBe('000102030405060708099000');
    // power on resets the applet: the APDU counter starts again
    s.write(encodeFrame(fromHex('80140000')));
    expect(toHex(await v.frames())).toBe('00029000');
    s.write(encodeFrame(Uint8Array.of(1)));
    s.write(encodeFrame(fromHex('80140000')));
    expect(toHex(await v.frames())).toBe('00019000');
  });

  it('reconnects after vpcd drops the connection, and stops when detached', async () => {
    const v = await fakeVpcd();
    server = v.server;
    const states: boolean[] = [];
    att = attachToVpcd(new TestApplet(), { port: v.port, reinsertDelayMs: 50, onState: (u) => states.push(u) });
    const s1 = await v.client();
    await att.connected;
    s1.destroy();
    const s2 = await v.client();
    await att.connected;
    expect(att.isConnected).toBe(true);
    s2.write(encodeFrame(fromHex('8010000A')));
    expect((await v.frames()).length).toBe(12);
    await att.detach();
    expect(att.isConnected).toBe(false);
    expect(states).toEqual([true, false, true, false]);
  });

  it('keeps retrying while vpcd is not listening yet', async () => {
    const probe = await fakeVpcd();
    const port = probe.port;
    await new Promise((r) => probe.server.close(r));
    att = attachToVpcd(new TestApplet(), { port, reconnectMs: 20, maxReconnectMs: 40 });
    await new Promise((r) => setTimeout(r, 100));
    expect(att.isConnected).toBe(false);
    const v2 = createServer((s) => s.on('error', () => undefined));
    server = v2;
    await new Promise<void>((r) => v2.listen(port, '127.0.0.1', r));
    await att.connected;
    expect(att.isConnected).toBe(true);
  });
});
