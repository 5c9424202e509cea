/** The fake network printer, driven by a plain socket (not by printer.ts), so that its own behaviour is checked. */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePrinter, type FakePrinter, type FakePrinterMode } from '../../../electron/devkit/fake-printer.js';

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect({ host: hostname, port: Number(port) }, () => resolve(s));
    s.resume(); // flowing, so the end of the stream (and 'close') comes even when no one reads the status
    s.once('error', reject);
  });
}
const firstByte = (s: Socket) => new Promise<number>((resolve) => s.once('data', (d: Buffer) => resolve(d[0]!)));
const closed = (s: Socket) => new Promise<void>((resolve) => s.once('close', () => resolve()));

describe('fake printer', () => {
  let p: FakePrinter | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it.each([
    ['ok', 0x12],
    ['no-paper', 0x72],
  ] as [FakePrinterMode, number][])('%s answers DLE EOT 4 with 0x%s', async (mode, status) => {
    p = await startFakePrinter({ mode });
    expect(p.url).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    const s = await open(p.url);
    const answer = firstByte(s);
    s.write(Uint8Array.of(0x10, 0x04, 0x04));
    expect(await answer).toBe(status);
    s.end();
    await closed(s);
  });

  it('records a connection\u2019s bytes as one job, without the leading status request, in order', async () => {
    p = await startFakePrinter();
    for (const body of [[0x1b, 0x40, 0x41], [0x42, 0x0a]]) {
      const s = await open(p.url);
      s.write(Uint8Array.of(0x10, 0x04, 0x04));
      s.end(Uint8Array.from(body));
      await closed(s);
    }
    expect(Array.from(await p.nextJob())).toEqual([0x1b, 0x40, 0x41]);
    expect(Array.from(await p.nextJob())).toEqual([0x42, 0x0a]);
    expect(p.jobs).toHaveLength(2);
  });

  it('silent never answers the status request but records the job', async () => {
    p = await startFakePrinter({ mode: 'silent' });
    const s = await open(p.url);
    let answered = false;
    s.on('data', () => (answered = true));
    s.write(Uint8Array.of(0x10, 0x04, 0x04));
    s.end(Uint8Array.of(0x41));
    expect(Array.from(await p.nextJob())).toEqual([0x41]);
    await closed(s);
    expect(answered).toBe(false);
  });

  it('refuse closes each connection at once; setMode switches between connections', async () => {
    p = await startFakePrinter({ mode: 'refuse' });
    const s = await open(p.url);
    s.on('error', () => undefined);
    await closed(s);
    p.setMode('ok');
    const s2 = await open(p.url);
    const answer = firstByte(s2);
    s2.write(Uint8Array.of(0x10, 0x04, 0x04));
    expect(await answer).toBe(0x12);
    s2.end();
    await closed(s2);
    expect(p.jobs).toHaveLength(0);
  });
});
