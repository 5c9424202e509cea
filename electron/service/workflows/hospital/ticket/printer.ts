/**
 * Sends ticket bytes to a counter printer: a network ESC/POS printer (raw TCP, usually port 9100) or a USB
 * printer's device file (Linux /dev/usb/lp0). Every failure is a HospitalError with a code the desk shows.
 *
 * Network printers are asked for their paper status first (DLE EOT 4, "real-time status: roll paper sensor").
 * A printer that answers within STATUS_WAIT_MS is believed; one that stays silent (some cheap models and
 * print servers never answer) gets the job anyway: refusing to print on every such printer would be worse
 * than an occasional ticket lost to an empty roll, and the receptionist sees the paper either way.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { HospitalError, type HospitalErrorCode } from '../errors.js';

export type PrinterTarget = { kind: 'tcp'; host: string; port: number } | { kind: 'usb'; device: string } | { kind: 'none' };

export const DEFAULT_PORT = 9100;
export const DEFAULT_TIMEOUT_MS = 5000;
/** How long a status answer may take before the printer is taken to have no status support. */
export const STATUS_WAIT_MS = 800;
/** DLE EOT 4: transmit the roll paper sensor status. */
export const PAPER_STATUS_REQUEST = Uint8Array.of(0x10, 0x04, 0x04);

/** A HospitalError whose texts say exactly what to check for this failure (e.g. a USB device's permissions). */
export class PrinterError extends HospitalError {
  readonly #text: { vi: string; en: string } | undefined;
  constructor(code: HospitalErrorCode, detail: string, opts: { cause?: unknown; text?: { vi: string; en: string } } = {}) {
    super(code, detail, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.#text = opts.text;
  }
  override get messageVi(): string {
    return this.#text?.vi ?? super.messageVi;
  }
  override get messageEn(): string {
    return this.#text?.en ?? super.messageEn;
  }
}

/** 'tcp://HOST[:PORT]', 'usb:/dev/usb/lp0', '' or nothing (no printer). Anything else is refused. */
export function parsePrinterUrl(url: string | undefined | null): PrinterTarget {
  const s = (url ?? '').trim();
  if (s === '') return { kind: 'none' };
  const refuse = (why: string) => new HospitalError('HOSPITAL_PRINTER_NOT_CONFIGURED', `printer URL: ${why} (expected tcp://HOST:9100 or usb:/dev/usb/lp0)`);
  if (/^usb:/i.test(s)) {
    const device = s.slice(4);
    if (device === '') throw refuse('usb: without a device path');
    return { kind: 'usb', device };
  }
  if (!/^tcp:\/\//i.test(s)) throw refuse('unknown scheme');
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw refuse('not a URL');
  }
  if (u.username || u.password || u.search || u.hash || (u.pathname !== '' && u.pathname !== '/')) throw refuse('only a host and a port may be given');
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw refuse('no host');
  const port = u.port === '' ? DEFAULT_PORT : Number(u.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw refuse('port out of range');
  return { kind: 'tcp', host, port };
}

/** Paper end: bits 5 and 6 of the DLE EOT 4 answer (bits 2 and 3 are "near end", which still prints). */
export function paperEnded(status: number): boolean {
  return (status & 0x60) !== 0;
}

/** A real-time status byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is not one. */
export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export async function printBytes(target: PrinterTarget, bytes: Uint8Array, opts: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  switch (target.kind) {
    case 'none':
      throw new HospitalError('HOSPITAL_PRINTER_NOT_CONFIGURED', 'no printer configured');
    case 'usb':
      return printUsb(target.device, bytes, timeoutMs);
    case 'tcp':
      return printTcp(target.host, target.port, bytes, timeoutMs);
  }
}

const USB_CHECK = {
  vi: 'Không mở được máy in USB. Kiểm tra máy in đã bật và cắm cáp USB, và tài khoản chạy kiosk có quyền ghi vào thiết bị máy in (trên Linux: nhóm "lp"). Sau đó bấm In lại.',
  en: 'The USB printer cannot be opened. Check that it is on and plugged in, and that the kiosk\u2019s user may write to the printer device (on Linux: the "lp" group). Then press Reprint.',
};

async function printUsb(device: string, bytes: Uint8Array, timeoutMs: number): Promise<void> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    // No O_CREAT: a missing device (printer unplugged) must fail, not become a regular file that "prints".
    fh = await open(device, constants.O_WRONLY | constants.O_APPEND);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
    throw new PrinterError('HOSPITAL_PRINTER_OFFLINE', `usb ${device}: open failed (${code})`, { cause: e, text: USB_CHECK });
  }
  let timer: NodeJS.Timeout | undefined;
  // A USB printer that is off-line can block a write in the kernel for ever; report it instead of waiting.
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HospitalError('HOSPITAL_PRINTER_OFFLINE', `usb ${device}: write did not finish in ${timeoutMs} ms`)), timeoutMs);
  });
  const write = fh.write(bytes, 0, bytes.length).then(
    () => fh.close(),
    (e: unknown) => {
      void fh.close().catch(() => undefined);
      throw new HospitalError('HOSPITAL_PRINTER_ERROR', `usb ${device}: write failed (${(e as NodeJS.ErrnoException).code ?? 'unknown'})`, { cause: e });
    },
  );
  try {
    await Promise.race([write, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** Socket errors before the job went out: the printer is unreachable. */
const offline = (where: string, e?: unknown) =>
  new HospitalError('HOSPITAL_PRINTER_OFFLINE', `tcp ${where}: ${(e as NodeJS.ErrnoException | undefined)?.code ?? 'no connection'}`, e === undefined ? undefined : { cause: e });

function printTcp(host: string, port: number, bytes: Uint8Array, timeoutMs: number): Promise<void> {
  const where = `${host}:${port}`;
  return new Promise<void>((resolve, reject) => {
    let phase: 'connecting' | 'status' | 'writing' | 'done' = 'connecting';
    let statusTimer: NodeJS.Timeout | undefined;
    const socket: Socket = connect({ host, port });
    const finish = (err?: Error) => {
      if (phase === 'done') return;
      phase = 'done';
      clearTimeout(overall);
      clearTimeout(statusTimer);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    const overall = setTimeout(() => {
      if (phase === 'connecting' || phase === 'status') finish(offline(where, Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      // The job was handed to the network and the printer keeps the connection open: it has the bytes.
      else if (socket.writableFinished) finish();
      else finish(offline(`${where} (the printer stopped taking data)`, Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    }, timeoutMs);

    const sendJob = () => {
      if (phase !== 'status') return;
      phase = 'writing';
      clearTimeout(statusTimer);
      socket.end(bytes);
    };
    socket.once('connect', () => {
      phase = 'status';
      socket.write(PAPER_STATUS_REQUEST);
      statusTimer = setTimeout(sendJob, STATUS_WAIT_MS);
    });
    socket.on('data', (chunk: Buffer) => {
      if (phase !== 'status') return; // later bytes (automatic status back) are not asked for
      const b = chunk[0];
      if (b !== undefined && isStatusByte(b) && paperEnded(b)) {
        finish(new HospitalError('HOSPITAL_PRINTER_NO_PAPER', `tcp ${where}: paper end (status 0x${b.toString(16)})`));
      } else sendJob();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (phase === 'writing') finish(new HospitalError('HOSPITAL_PRINTER_ERROR', `tcp ${where}: connection failed during the job (${e.code ?? 'unknown'})`, { cause: e }));
      else finish(offline(where, e));
    });
    socket.on('close', () => {
      if (phase === 'writing' && socket.writableFinished) finish();
      else if (phase === 'writing') finish(new HospitalError('HOSPITAL_PRINTER_ERROR', `tcp ${where}: the printer closed the connection during the job`));
      else finish(offline(`${where} (the printer closed the connection)`));
    });
  });
}
