/**
 * A network ESC/POS printer for tests and demo mode: a real TCP listener that behaves as counter printers do on
 * their raw port (9100). A connection's bytes are one job, ended when the client closes its side. A real-time
 * paper status request (DLE EOT 4) at the start of a connection is answered with a status byte, as a printer does:
 * 0x12 (fixed bits 1 and 4) when paper is loaded, with bits 5 and 6 set as well when the roll has ended.
 *   ok        answers the status, records the job
 *   no-paper  answers "paper end"; a client that still sends data has it recorded (a real printer would not print it)
 *   silent    never answers a status request (printers and print servers without status support), records the job
 *   refuse    closes each connection at once (a printer busy with another host)
 * With `dir`, each job is also written there as job-NNN.bin (demo mode's "printed tickets").
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';

export type FakePrinterMode = 'ok' | 'no-paper' | 'silent' | 'refuse';

export interface FakePrinter {
  /** tcp://127.0.0.1:PORT */
  url: string;
  /** Every job received, in order (the leading status request removed). */
  jobs: Uint8Array[];
  setMode(m: FakePrinterMode): void;
  /** The next job not yet taken by nextJob (waits for it when none is there). */
  nextJob(): Promise<Uint8Array>;
  close(): Promise<void>;
}

const STATUS_REQUEST = [0x10, 0x04, 0x04];
const PAPER_OK = 0x12;
const PAPER_END = 0x12 | 0x60;

function startsWithStatusRequest(b: Buffer): boolean {
  return STATUS_REQUEST.every((x, i) => b[i] === x);
}

export async function startFakePrinter(opts: { port?: number; host?: string; mode?: FakePrinterMode; dir?: string } = {}): Promise<FakePrinter> {
  let mode: FakePrinterMode = opts.mode ?? 'ok';
  const jobs: Uint8Array[] = [];
  const waiters: ((job: Uint8Array) => void)[] = [];
  let taken = 0;
  const sockets = new Set<Socket>();
  const writes: Promise<void>[] = [];

  const record = (job: Uint8Array) => {
    jobs.push(job);
    if (opts.dir) writes.push(writeFile(join(opts.dir, `job-${String(jobs.length).padStart(3, '0')}.bin`), job).catch(() => undefined));
    const w = waiters.shift();
    if (w) {
      taken++;
      w(job);
    }
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (mode === 'refuse') {
      socket.destroy();
      return;
    }
    const connMode = mode;
    const chunks: Buffer[] = [];
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (answered || connMode === 'silent') return;
      const head = Buffer.concat(chunks);
      if (head.length < STATUS_REQUEST.length) return;
      answered = true;
      if (startsWithStatusRequest(head)) socket.write(Uint8Array.of(connMode === 'no-paper' ? PAPER_END : PAPER_OK));
    });
    socket.on('end', () => {
      let all = Buffer.concat(chunks);
      while (startsWithStatusRequest(all)) all = all.subarray(STATUS_REQUEST.length);
      if (all.length > 0) record(new Uint8Array(all));
      socket.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('fake printer: no TCP address');
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  return {
    url: `tcp://${host}:${addr.port}`,
    jobs,
    setMode: (m) => {
      mode = m;
    },
    nextJob: () => {
      const ready = jobs[taken];
      if (ready) {
        taken++;
        return Promise.resolve(ready);
      }
      return new Promise((resolve) => waiters.push(resolve));
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(writes);
    },
  };
}
