/**
 * A syncing kiosk as a child process, for the kill tests and the fault benchmark: syncs its SQLite stand-in outbox
 * (fleet-source.ts) to the central URL one batch at a time, printing `progress <hwm>` after each, reconnecting
 * while the server is down, and `done <hwm>` when the queue is empty.
 * Usage: node fleet-child.mjs OUTBOX.sqlite KIOSK URL BATCH
 */
import { openCentral, type CentralDb } from '../electron/fleet/central/db.js';
import { migrate } from '../electron/fleet/central/migrations/index.js';
import { syncOnce } from '../electron/fleet/sync.js';
import { SqliteFleetSource } from './fleet-source.js';

const [file, kiosk, url, batchArg] = process.argv.slice(2);
const batch = Number(batchArg ?? 2000);
const src = new SqliteFleetSource(file!, kiosk!);
let db: CentralDb | undefined;
for (;;) {
  try {
    db ??= await openCentral(url!, { max: 1, connectTimeoutMs: 3000 });
    await migrate(db);
    const r = await syncOnce(src, db, { batchSize: batch, maxEvents: batch });
    process.stdout.write(`progress ${r.hwm}\n`);
    if (r.left === 0) break;
  } catch (e) {
    process.stdout.write(`retry ${(e as { code?: string }).code ?? 'ERROR'}\n`);
    await db?.close().catch(() => undefined);
    db = undefined;
    await new Promise((ok) => setTimeout(ok, 200));
  }
}
process.stdout.write(`done ${src.hwm()}\n`);
await db?.close();
src.close();
