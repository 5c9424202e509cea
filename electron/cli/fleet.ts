/**
 * chipid fleet serve | sync | status: the central view's server over the central PostgreSQL, and the kiosk's
 * sync run by hand (support, tests). The central URL comes from --url or CHIPID_FLEET_URL (postgres://… or
 * pglite:FOLDER); it is never printed with its password.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from './args.js';
import { CodedError } from '../emrtd/errors.js';
import { dataDir } from '../service/paths.js';
import { openStorage, type Storage } from '../service/storage/index.js';
import { kioskFleetSource } from '../service/fleet-source.js';
import { openCentral } from '../fleet/central/db.js';
import { FleetError } from '../fleet/central/errors.js';
import { migrate } from '../fleet/central/migrations/index.js';
import { startCentralServer } from '../fleet/serve.js';
import { dashboardPdf } from '../service/dashboard-pdf.js';
import { FleetSync, type FleetSyncRecord } from '../fleet/sync.js';

/** The app's version (package.json beside the bundle's folder), for the central kiosk list. */
export function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A FleetError as the command line's CodedError (its VN/EN text kept). */
function coded(e: unknown): unknown {
  return e instanceof FleetError ? new CodedError(e.code, e.text, e.message, { cause: e }) : e;
}

function centralUrl(flag: string | undefined): string {
  const url = flag ?? process.env.CHIPID_FLEET_URL;
  if (!url) throw new FleetError('FLEET_CONFIG', 'no --url and no CHIPID_FLEET_URL');
  return url;
}

const iso = (ms: number | null | undefined): string => (ms ? new Date(ms).toISOString() : '—');

async function withKiosk<T>(f: (s: Storage) => Promise<T>): Promise<T> {
  const s = openStorage(dataDir().root, { retention: false, checkpointIntervalMs: false });
  try {
    return await f(s);
  } finally {
    s.close();
  }
}

async function serve(argv: string[]): Promise<number> {
  const { values } = parse(argv, { url: { type: 'string' }, port: { type: 'string' }, json: { type: 'boolean' } });
  const port = values.port === undefined ? 7788 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FleetError('FLEET_CONFIG', '--port must be 0–65535');
  const db = await openCentral(centralUrl(values.url), { max: 8 });
  await migrate(db);
  const staticDir = fileURLToPath(new URL('./renderer/', import.meta.url));
  const srv = await startCentralServer({ db, port, staticDir, pdf: (d) => dashboardPdf(d, { title: 'BÁO CÁO TOÀN HỆ THỐNG / FLEET REPORT' }) });
  process.stdout.write(values.json ? JSON.stringify({ url: srv.url, port: srv.port, database: db.label }) + '\n' : `Central view / Trang tổng hợp: ${srv.url}\n(database ${db.label}; Ctrl+C stops)\n`);
  await new Promise<void>((done) => {
    const stop = (): void => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await srv.close();
  await db.close();
  return 0;
}

async function sync(argv: string[]): Promise<number> {
  const { values } = parse(argv, { url: { type: 'string' }, json: { type: 'boolean' }, max: { type: 'string' } });
  const url = centralUrl(values.url);
  const maxEvents = values.max === undefined ? undefined : Number(values.max);
  return withKiosk(async (s) => {
    const fs = new FleetSync({ source: kioskFleetSource<FleetSyncRecord>(s, { appVersion: appVersion() }), url });
    try {
      const r = await fs.runDue({ force: true, ...(maxEvents !== undefined && Number.isSafeInteger(maxEvents) && maxEvents > 0 ? { maxEvents } : {}) });
      const x = r ?? { sent: 0, inserted: 0, present: 0, left: 0, hwm: 0, batches: 0, ms: 0 };
      process.stdout.write(
        values.json ? JSON.stringify(x) + '\n' : `Đã gửi / sent: ${x.sent} (mới / new ${x.inserted}, đã có / already present ${x.present}); còn lại / left: ${x.left}; hwm ${x.hwm}; ${x.batches} batches in ${x.ms} ms\n`,
      );
      return 0;
    } finally {
      await fs.close();
    }
  });
}

async function status(argv: string[]): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' } });
  return withKiosk(async (s) => {
    const src = kioskFleetSource<FleetSyncRecord>(s, { appVersion: appVersion() });
    const st = new FleetSync({ source: src }).status();
    const out = { kiosk: src.kioskId, configured: Boolean(process.env.CHIPID_FLEET_URL), ...st };
    if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
    else {
      const err = st.lastError ? `${st.lastError.code} at ${iso(st.lastError.atMs)}` : '—';
      process.stdout.write(
        `kiosk ${out.kiosk}\nhwm ${st.hwm} / last seq ${st.lastSeq}; hàng đợi / queue ${st.queue}\nlần gửi được cuối / last success ${iso(st.lastSuccessMs)}; lỗi cuối / last error ${err}; failures ${st.failures}; next attempt ${iso(st.nextAttemptMs)}\n`,
      );
    }
    return 0;
  });
}

export async function cmdFleet(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'serve') return await serve(rest);
    if (sub === 'sync') return await sync(rest);
    if (sub === 'status') return await status(rest);
  } catch (e) {
    throw coded(e);
  }
  throw coded(new FleetError('FLEET_CONFIG', 'usage: chipid fleet serve|sync|status [--json] (--help shows more)'));
}
