import { parse } from './args.js';
import { startWatcher } from '../service/pcsc-wait.js';
import { toHex } from '../emrtd/bytes.js';

export async function cmdReaders(argv: string[]): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' } });
  const w = await startWatcher();
  try {
    const readers = w.readers().map((r) => ({ name: r.name, cardPresent: r.cardPresent, ...(r.atr?.length ? { atr: toHex(r.atr) } : {}) }));
    if (values.json) process.stdout.write(JSON.stringify({ readers }) + '\n');
    else if (readers.length === 0) process.stdout.write('Không có đầu đọc nào / No readers attached.\n');
    else for (const r of readers) process.stdout.write(`${r.name}\t${r.cardPresent ? 'thẻ / card present' : 'trống / empty'}\n`);
    return 0;
  } finally {
    await w.close();
  }
}
