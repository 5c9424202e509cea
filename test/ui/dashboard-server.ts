/**
 * The test's stand-in for `chipid fleet serve` (until the central server lands): the built central page with
 * its CSP, GET /api/dashboard and GET /api/export (CSV) answered from a fleet fixture, a bearer token.
 * Shared by test/ui/dashboard.test.ts and bench/dashboard-render.ts.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import * as v from 'valibot';
import { DashboardQuerySchema } from '../../electron/contract/dashboard.js';
import type { FleetFixture } from './dashboard-fixture.js';
import { ROOT } from './harness.js';

export const CENTRAL_TOKEN = 'tok_4f9c2a7e1b';
const TOKEN = CENTRAL_TOKEN;
const DIST = join(ROOT, 'dist/renderer');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.ico': 'image/x-icon' };

function cspOf(html: string): string {
  const m = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  if (!m) throw new Error('central.html has no CSP meta');
  return m[1]!;
}

/** The test's stand-in for `chipid fleet serve`: the built page, the two API routes, a bearer token. */
export function serveCentral(fleet: FleetFixture, seen: string[] = []): Promise<{ server: Server; url: string }> {
  const csp = cspOf(readFileSync(join(DIST, 'central.html'), 'utf8'));
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    seen.push(u.pathname + u.search);
    if (u.pathname.startsWith('/api/')) {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
        return;
      }
      const p = Object.fromEntries(u.searchParams);
      const q = v.safeParse(DashboardQuerySchema, { fromMs: Number(p.fromMs), toMs: Number(p.toMs), bucket: p.bucket, tzOffsetMin: Number(p.tzOffsetMin), ...(p.kiosk ? { kiosk: p.kiosk } : {}) });
      if (!q.success) return void res.writeHead(400).end();
      fleet.query(q.output).then(
        (d) => {
          if (u.pathname === '/api/dashboard') return void res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(d));
          const csv = `metric,count\n${Object.entries(d.totals).map(([k, n]) => `${k},${n}`).join('\n')}\n`;
          res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="chipid-dashboard.csv"' }).end(csv);
        },
        () => res.writeHead(500).end(),
      );
      return;
    }
    const path = normalize(u.pathname === '/' ? '/central.html' : u.pathname).replace(/^(\.\.[/\\])+/, '');
    const file = join(DIST, path);
    if (!file.startsWith(DIST) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': csp }).end(readFileSync(file));
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}
