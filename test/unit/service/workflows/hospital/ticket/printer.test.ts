import { mkdtemp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePrinter, type FakePrinter } from '../../../../../../electron/devkit/fake-printer.js';
import { HospitalError } from '../../../../../../electron/service/workflows/hospital/errors.js';
import { encodeEscPos } from '../../../../../../electron/service/workflows/hospital/ticket/escpos.js';
import { ticketData } from '../../../../../../electron/service/workflows/hospital/ticket/layout.js';
import { isStatusByte, paperEnded, parsePrinterUrl, printBytes } from '../../../../../../electron/service/workflows/hospital/ticket/printer.js';
import { CFG, DEPT, PATIENT, visit } from './fixtures.js';

const job = encodeEscPos(ticketData(visit(), PATIENT, DEPT, CFG), { paperWidth: 80 });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(HospitalError);
    return (e as HospitalError).code;
  }
  throw new Error('expected a HospitalError');
}

describe('parsePrinterUrl', () => {
  it.each([
    ['tcp://192.168.1.50:9100', { kind: 'tcp', host: '192.168.1.50', port: 9100 }],
    ['tcp://printer-k01.local', { kind: 'tcp', host: 'printer-k01.local', port: 9100 }],
    ['  TCP://10.0.0.5:9101/ ', { kind: 'tcp', host: '10.0.0.5', port: 9101 }],
    ['tcp://[::1]:9100', { kind: 'tcp', host: '::1', port: 9100 }],
    ['usb:/dev/usb/lp0', { kind: 'usb', device: '/dev/usb/lp0' }],
    ['', { kind: 'none' }],
    ['   ', { kind: 'none' }],
    [undefined, { kind: 'none' }],
    [null, { kind: 'none' }],
  ])('%j', (url, want) => {
    expect(parsePrinterUrl(url)).toEqual(want);
  });

  it.each(['http://10.0.0.5:9100', 'tcp://', 'tcp://h:0', 'tcp://h:70000', 'tcp://h:9100/queue', 'tcp://u:p@h', 'tcp://h?x=1', 'usb:', 'lpt1', '/dev/usb/lp0'])('refuses %j', (url) => {
    try {
      parsePrinterUrl(url);
      expect.unreachable();
    } catch (e) {
      expect((e as HospitalError).code).toBe('HOSPITAL_PRINTER_NOT_CONFIGURED');
    }
  });
});

describe('status byte', () => {
  it.each([
    [0x12, true, false],
    [0x1e, true, false], // near end (bits 2, 3): still prints
    [0x72, true, true],
    [0x32, true, true],
    [0x52, true, true],
    [0x00, false, false],
    [0xff, false, true],
  ])('0x%s', (b, status, ended) => {
    expect(isStatusByte(b)).toBe(status);
    expect(paperEnded(b)).toBe(ended);
  });
});

describe('printBytes over TCP (fake printer on a real socket)', () => {
  let printer: FakePrinter | undefined;
  afterEach(async () => {
    await printer?.close();
    printer = undefined;
  });

  it('ok: the printer receives exactly the job', async () => {
    printer = await startFakePrinter();
    await printBytes(parsePrinterUrl(printer.url), job);
    expect(Array.from(await printer.nextJob())).toEqual(Array.from(job));
    expect(printer.jobs).toHaveLength(1);
  });

  it('no paper: HOSPITAL_PRINTER_NO_PAPER and nothing is sent', async () => {
    printer = await startFakePrinter({ mode: 'no-paper' });
    expect(await codeOf(printBytes(parsePrinterUrl(printer.url), job))).toBe('HOSPITAL_PRINTER_NO_PAPER');
    // Paper loaded again: the next job is the only one the printer ever got.
    printer.setMode('ok');
    const second = Uint8Array.of(0x1b, 0x40, 0x41, 0x0a);
    await printBytes(parsePrinterUrl(printer.url), second);
    expect(Array.from(await printer.nextJob())).toEqual(Array.from(second));
    expect(printer.jobs).toHaveLength(1);
  });

  it('silent (no status support): printed anyway', async () => {
    printer = await startFakePrinter({ mode: 'silent' });
    await printBytes(parsePrinterUrl(printer.url), job);
    expect(Array.from(await printer.nextJob())).toEqual(Array.from(job));
  });

  it('refuse (closes at once): HOSPITAL_PRINTER_OFFLINE', async () => {
    printer = await startFakePrinter({ mode: 'refuse' });
    expect(await codeOf(printBytes(parsePrinterUrl(printer.url), job))).toBe('HOSPITAL_PRINTER_OFFLINE');
    expect(printer.jobs).toHaveLength(0);
  });

  it('a closed port: HOSPITAL_PRINTER_OFFLINE', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    expect(await codeOf(printBytes({ kind: 'tcp', host: '127.0.0.1', port }, job))).toBe('HOSPITAL_PRINTER_OFFLINE');
  });

  it('a listener that never answers nor closes: OFFLINE after the timeout if the job cannot go out', async () => {
    // Accepts, never reads: a large job fills the socket buffers and stalls, as a hung printer does.
    const held: import('node:net').Socket[] = [];
    const server = createServer((s) => {
      held.push(s);
      s.pause();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const big = new Uint8Array(64 * 1024 * 1024);
      expect(await codeOf(printBytes({ kind: 'tcp', host: '127.0.0.1', port }, big, { timeoutMs: 2000 }))).toBe('HOSPITAL_PRINTER_OFFLINE');
    } finally {
      held.forEach((s) => s.destroy());
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('writes each job to a folder when given dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fake-printer-'));
    printer = await startFakePrinter({ dir });
    await printBytes(parsePrinterUrl(printer.url), job);
    await printer.nextJob();
    await printer.close();
    printer = undefined;
    expect(await readdir(dir)).toEqual(['job-001.bin']);
    expect(Array.from(await readFile(join(dir, 'job-001.bin')))).toEqual(Array.from(job));
  });

  it('no printer: HOSPITAL_PRINTER_NOT_CONFIGURED', async () => {
    expect(await codeOf(printBytes({ kind: 'none' }, job))).toBe('HOSPITAL_PRINTER_NOT_CONFIGURED');
  });
});

describe('printBytes to a USB device file', () => {
  it('writes the job to the device', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'usb-lp-'));
    const device = join(dir, 'lp0');
    await writeFile(device, new Uint8Array(0)); // the device node exists while the printer is plugged in
    await printBytes(parsePrinterUrl(`usb:${device}`), job);
    expect(Array.from(await readFile(device))).toEqual(Array.from(job));
  });

  it('a missing device is OFFLINE with texts that say what to check, and no file is made', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'usb-lp-'));
    const device = join(dir, 'lp0');
    const err = await printBytes({ kind: 'usb', device }, job).then(
      () => undefined,
      (e: unknown) => e as HospitalError,
    );
    expect(err?.code).toBe('HOSPITAL_PRINTER_OFFLINE');
    expect(err?.messageEn).toMatch(/plugged in.*"lp" group/);
    expect(err?.messageVi).toMatch(/cáp USB/);
    expect(err?.message).toMatch(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a path that is not a device (a folder) is OFFLINE', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'usb-lp-'));
    await mkdir(join(dir, 'lp0'));
    expect(await codeOf(printBytes({ kind: 'usb', device: join(dir, 'lp0') }, job))).toBe('HOSPITAL_PRINTER_OFFLINE');
  });
});
