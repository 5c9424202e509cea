/**
 * chipid admin set-pin [--replace]: sets the admin PIN of this data directory. The PIN is read from stdin
 * (one line, for scripts) or asked twice at a TTY without echo — never from the command line, where every
 * user could read it in the process list. Without --replace only while no PIN is set (first start);
 * --replace resets a forgotten PIN (the account that owns the data directory is trusted with it). Audited.
 */
import { parse } from './args.js';
import { ChipIdError } from '../emrtd/errors.js';
import { dataDir } from '../service/paths.js';
import { openStorage } from '../service/storage/index.js';
import { AdminGuard } from '../service/admin.js';

function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let s = '';
    const done = (err?: Error): void => {
      stdin.off('data', on);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(s);
    };
    const on = (d: Buffer): void => {
      for (const ch of d.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new ChipIdError('CANCELLED', 'cancelled'));
        if (ch === '\u007f' || ch === '\b') s = s.slice(0, -1);
        else s += ch;
      }
    };
    stdin.on('data', on);
  });
}

export async function readStdinLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n') || text.length > 256) break;
  }
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

/** A new PIN: one line of stdin for scripts, or asked twice without echo at a terminal. */
export async function readNewPin(prompt = 'Mã PIN quản trị mới / New admin PIN (6–12 digits): '): Promise<string> {
  if (!process.stdin.isTTY) return readStdinLine();
  const a = await readHidden(prompt);
  const b = await readHidden('Nhập lại / Again: ');
  if (a !== b) throw new ChipIdError('KEY_INVALID', 'the two PINs differ');
  return a;
}

export async function cmdAdmin(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'set-pin') throw new ChipIdError('KEY_INVALID', 'usage: chipid admin set-pin [--replace]');
  const { values, positionals } = parse(rest, { replace: { type: 'boolean' }, json: { type: 'boolean' } });
  if (positionals.length > 0) throw new ChipIdError('KEY_INVALID', 'the PIN is read from stdin or the terminal, never from the command line');
  const pin = await readNewPin();
  const storage = openStorage(dataDir().root, { retention: false, checkpointIntervalMs: false });
  try {
    const done = await new AdminGuard(storage, { env: {} }).setPinFromCli(pin, { replace: values.replace === true });
    if (values.json) process.stdout.write(JSON.stringify({ pin: done }) + '\n');
    else process.stdout.write(done === 'set' ? 'Đã đặt mã PIN quản trị. / Admin PIN set.\n' : 'Đã thay mã PIN quản trị. / Admin PIN replaced.\n');
    return 0;
  } finally {
    storage.close();
  }
}
