/**
 * The service log: `<data dir>/logs/chipid.log`, rotated at 5 MB (3 old files kept). Lines are
 * `ISO-time area message`. Never personal data: callers pass reader names, status words, APDU headers,
 * error codes — no keys, MRZ, CAN, ID numbers, names or photos (the API and PC/SC layers already log so).
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type LogFn = (area: string, message: string) => void;

const MAX_BYTES = 5 * 1024 * 1024;
const KEEP = 3;

/** A long digit run (an ID number slipping into a message) is masked before anything is written. */
const scrub = (s: string): string => s.replace(/\d{9,}/g, (m) => '#'.repeat(m.length)).replace(/[\r\n]+/g, ' ');

export function createFileLog(logsDir: string, name = 'chipid.log'): LogFn {
  mkdirSync(logsDir, { recursive: true, mode: 0o700 });
  const file = join(logsDir, name);
  let size = existsSync(file) ? statSync(file).size : 0;
  const rotate = (): void => {
    rmSync(`${file}.${KEEP}`, { force: true });
    for (let i = KEEP - 1; i >= 1; i--) if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    if (existsSync(file)) renameSync(file, `${file}.1`);
    size = 0;
  };
  return (area, message) => {
    const line = `${new Date().toISOString()} ${area} ${scrub(message)}\n`;
    try {
      if (size + line.length > MAX_BYTES) rotate();
      appendFileSync(file, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch {
      // A full disk must not stop a verification; the audit log in the database is the record.
    }
  };
}

/** What a support engineer needs from the service's events, without personal data. */
export function logServiceEvents(subscribe: (l: (e: import('../contract/types.js').ServiceEvent) => void) => () => void, log: LogFn): () => void {
  return subscribe((e) => {
    switch (e.type) {
      case 'readerAdded':
        return log('reader', `added ${e.reader.id}`);
      case 'readerRemoved':
        return log('reader', `removed ${e.readerId}`);
      case 'readerChanged':
        return log('reader', `${e.reader.id} card=${e.reader.cardPresent ? 'present' : 'absent'}${e.reader.fault ? ` fault=${e.reader.fault.code}` : ''}`);
      case 'session': {
        const s = e.session;
        // A read's start is logged; its progress steps are not worth a line each.
        if (s.state === 'reading' && s.progress.step !== 'connect') return undefined;
        if (s.state !== 'result') return log('session', `${e.readerId} ${s.state}${s.state === 'error' ? ` ${s.error.code}${s.resumable ? ' resumable' : ''}` : ''}`);
        const failing = Object.entries(s.result.checks)
          .filter(([k, c]) => k !== 'onlineConfirmed' && c.status !== 'pass')
          .map(([k, c]) => `${k}=${c.status}`);
        log('session', `${e.readerId} result`);
        return log('result', `${e.readerId} ${s.result.verdict} ${s.result.access.protocol} apdus=${s.result.timings.apdus} totalMs=${Math.round(s.result.timings.totalMs)}${failing.length ? ` ${failing.join(' ')}` : ''}`);
      }
      case 'error':
        return log('error', `${e.readerId ?? '-'} ${e.error.code}`);
      default:
        return undefined;
    }
  });
}
