/**
 * The central view's server (`chipid fleet serve`): node:http on 127.0.0.1 only, the dashboard page from the
 * renderer build (central.html and its assets) and a small read-only API over the central database.
 * Every /api request needs `Authorization: Bearer <token>`; the token is random and reaches the page once, in
 * the URL's fragment (`#token=…`, never sent to a server). A Host header other than this address is refused
 * (DNS rebinding). Answers are no-store, nosniff, with a strict CSP.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import * as v from 'valibot';
import { DashboardQuerySchema, EXPORT_FORMATS, MAX_PERIOD_MS, type DashboardQuery } from '../contract/dashboard.js';
import { centralDashboard, centralKiosks } from './central/dashboard.js';
import { dashboardCsv, exportFileName } from './export.js';
import type { Dashboard } from '../contract/dashboard.js';
import type { CentralDb } from './central/db.js';
import { asFleetError, FleetError } from './central/errors.js';

export interface CentralServerOptions {
  db: CentralDb;
  /** 0 = any free port. */
  port?: number;
  /** The renderer build's folder holding central.html. */
  staticDir?: string;
  token?: string;
  /** Renders the PDF export (the command line passes the kiosk's PDF report); without it PDF answers 501. */
  pdf?: (d: Dashboard) => Promise<Uint8Array>;
}

export interface CentralServer {
  /** The page's URL with the token in its fragment. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const NOT_FOUND = { vi: 'Không có trang này. Mở lại địa chỉ mà lệnh chipid fleet serve đã in ra.', en: 'No such page. Open the address that chipid fleet serve printed again.' };
const NO_PAGE = {
  vi: 'Chưa có trang tổng hợp (central.html). Chạy npm run build:renderer rồi khởi động lại chipid fleet serve.',
  en: 'The central view page (central.html) is not built. Run npm run build:renderer, then start chipid fleet serve again.',
};
const UNAUTHORIZED = { vi: 'Thiếu hoặc sai mã truy cập. Mở lại địa chỉ (có #token=…) mà chipid fleet serve đã in ra.', en: 'Missing or wrong access token. Open the address (with #token=…) that chipid fleet serve printed again.' };
const NOT_ALLOWED = { vi: 'Chỉ hỗ trợ đọc (GET).', en: 'Only reading (GET) is supported.' };
const PDF_LATER = { vi: 'Xuất PDF có trên bảng điều khiển của kiosk; ở đây hãy xuất CSV.', en: 'PDF export is on the kiosk dashboard; export CSV here.' };
const BAD_HOST = { vi: 'Địa chỉ máy không hợp lệ. Mở đúng địa chỉ 127.0.0.1 mà chipid fleet serve đã in ra.', en: 'Wrong host. Open the 127.0.0.1 address that chipid fleet serve printed.' };

function headers(res: ServerResponse, type: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  headers(res, 'application/json; charset=utf-8');
  res.statusCode = status;
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, code: string, text: { vi: string; en: string }, detail = ''): void {
  sendJson(res, status, { error: { code, message: text.en, messageVi: text.vi, detail } });
}

/** The dashboard query of a request's search parameters, validated, or a FLEET_INVALID_QUERY error. */
export function parseDashboardQuery(params: URLSearchParams): DashboardQuery {
  const numOf = (k: string): number | undefined => {
    const s = params.get(k);
    if (s === null || s === '') return undefined;
    return /^-?\d+$/.test(s) ? Number(s) : Number.NaN;
  };
  const raw: Record<string, unknown> = { fromMs: numOf('fromMs'), toMs: numOf('toMs'), bucket: params.get('bucket') ?? 'hour' };
  const tz = numOf('tzOffsetMin');
  if (tz !== undefined) raw.tzOffsetMin = tz;
  const kiosk = params.get('kiosk');
  if (kiosk) raw.kiosk = kiosk;
  const r = v.safeParse(DashboardQuerySchema, raw);
  if (!r.success) {
    const where = r.issues.map((i) => i.path?.map((p) => String(p.key)).join('.') ?? '?').join(', ');
    throw new FleetError('FLEET_INVALID_QUERY', `invalid field: ${where}`);
  }
  const q = r.output;
  if (q.toMs <= q.fromMs) throw new FleetError('FLEET_INVALID_QUERY', 'toMs must be after fromMs');
  if (q.toMs - q.fromMs > MAX_PERIOD_MS) throw new FleetError('FLEET_INVALID_QUERY', `the period is longer than ${MAX_PERIOD_MS / 86_400_000} days`);
  return q;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export async function startCentralServer(o: CentralServerOptions): Promise<CentralServer> {
  const token = o.token ?? randomBytes(24).toString('base64url');
  const tokenHash = digest(token);
  const root = o.staticDir ? resolve(o.staticDir) : undefined;
  let port = 0;

  const authorized = (req: IncomingMessage): boolean => {
    const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(req.headers.authorization ?? '');
    return m !== null && timingSafeEqual(digest(m[1]!), tokenHash);
  };

  async function api(path: string, params: URLSearchParams, res: ServerResponse): Promise<void> {
    if (path === '/api/kiosks') return sendJson(res, 200, await centralKiosks(o.db));
    if (path === '/api/dashboard') return sendJson(res, 200, await centralDashboard(o.db, parseDashboardQuery(params)));
    if (path === '/api/export') {
      const format = params.get('format') ?? 'csv';
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new FleetError('FLEET_INVALID_QUERY', 'format must be csv or pdf');
      const q = parseDashboardQuery(params);
      if (format === 'pdf' && !o.pdf) return sendError(res, 501, 'FLEET_PDF_NOT_HERE', PDF_LATER);
      const d = await centralDashboard(o.db, q);
      if (format === 'pdf') {
        const pdf = await o.pdf!(d);
        headers(res, 'application/pdf');
        res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(d, 'pdf')}"`);
        res.end(Buffer.from(pdf));
        return;
      }
      headers(res, 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(d, 'csv')}"`);
      res.end(dashboardCsv(d));
      return;
    }
    sendError(res, 404, 'NOT_FOUND', NOT_FOUND);
  }

  async function file(path: string, res: ServerResponse, head: boolean): Promise<void> {
    if (!root) return sendError(res, 404, 'NOT_FOUND', NO_PAGE);
    const rel = path === '/' ? 'central.html' : decodeURIComponent(path.slice(1));
    const full = normalize(join(root, rel));
    if (!full.startsWith(root + sep) || rel.includes('\0')) return sendError(res, 404, 'NOT_FOUND', NOT_FOUND);
    const st = await stat(full).catch(() => undefined);
    if (!st?.isFile()) return sendError(res, 404, 'NOT_FOUND', path === '/' ? NO_PAGE : NOT_FOUND);
    headers(res, TYPES[extname(full).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Content-Length', st.size);
    res.end(head ? undefined : await readFile(full));
  }

  const server = createServer((req, res) => {
    void (async () => {
      const host = req.headers.host ?? '';
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return sendError(res, 421, 'BAD_HOST', BAD_HOST);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        return sendError(res, 405, 'METHOD_NOT_ALLOWED', NOT_ALLOWED);
      }
      const u = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (u.pathname.startsWith('/api/')) {
        if (!authorized(req)) return sendError(res, 401, 'UNAUTHORIZED', UNAUTHORIZED);
        return api(u.pathname, u.searchParams, res);
      }
      return file(u.pathname, res, req.method === 'HEAD');
    })().catch((e: unknown) => {
      const err = asFleetError(e);
      if (res.headersSent) return void res.destroy();
      const status = err.code === 'FLEET_INVALID_QUERY' ? 400 : err.code === 'FLEET_UNREACHABLE' ? 503 : 500;
      sendError(res, status, err.code, err.text, err.message);
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, '127.0.0.1', () => ok());
  });
  const a = server.address();
  port = typeof a === 'object' && a ? a.port : 0;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
