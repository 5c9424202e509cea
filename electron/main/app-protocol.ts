/**
 * The kiosk window's own origin, app://kiosk: the renderer folder served with the same security headers as
 * browser mode (`chipid serve`), so the header CSP applies in Electron too (file:// carries no headers).
 * No electron import: main.ts registers the scheme and passes `handleAppRequest` to protocol.handle; the
 * tests call it in plain Node with real Request objects.
 *
 * Resolution, inside the renderer folder only: `/` → index.html; a file that exists → that file; a path
 * without an extension that is not a file (client-side route, folder) → index.html; anything else → 404.
 * Refused outright (404): another scheme, host, port or credentials; encoded slashes or backslashes, NUL,
 * malformed percent-encoding; `.`/`..`/dot-file segments; a symbolic link anywhere on the path. Only GET
 * and HEAD (405 otherwise).
 */
import { lstat, readFile, type Stats } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { contentTypeOf, securityHeaderEntries, uiCsp } from '../service/api/http.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * registerSchemesAsPrivileged: a standard, secure origin (relative URLs, 'self', secure context) that fetch
 * may use; CSP is never bypassed; no CORS privilege (nothing else can read it), no service workers.
 */
export const APP_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  bypassCSP: false,
  corsEnabled: false,
  allowServiceWorkers: false,
  stream: false,
  codeCache: false,
} as const;

// The callback API (promisified): Electron's ASAR support covers it for files inside app.asar.
const lstatP = promisify(lstat);
const readFileP = promisify(readFile);

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True only for a URL of exactly the app origin (no look-alike host, port, credentials or other scheme). */
export function isAppUrl(url: string | undefined): boolean {
  // The URL parser drops leading/trailing controls and spaces and tabs inside; a canonical URL has none.
  if (typeof url !== 'string' || /[\u0000-\u0020\u007f]/.test(url)) return false;
  const u = parse(url);
  return (
    !!u &&
    u.protocol === `${APP_SCHEME}:` &&
    u.host === APP_HOST &&
    u.username === '' &&
    u.password === '' &&
    u.port === '' &&
    (u.pathname === '' || u.pathname.startsWith('/'))
  );
}

/** The path's segments, or undefined when the path is refused. */
function segments(pathname: string): string[] | undefined {
  if (/%2f|%5c/i.test(pathname)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const parts = decoded.split('/').filter((p) => p !== '');
  if (parts.some((p) => p.startsWith('.'))) return undefined;
  return parts;
}

const statOf = (p: string): Promise<Stats | undefined> => lstatP(p).catch(() => undefined);

/** The file an app:// URL names inside `root`, or undefined (→ 404). */
export async function resolveAppFile(url: string, root: string): Promise<string | undefined> {
  const u = parse(url);
  if (!u || !isAppUrl(url)) return undefined;
  const parts = segments(u.pathname);
  if (!parts) return undefined;
  const base = resolve(root);
  const index = resolve(base, 'index.html');
  const indexOk = async (): Promise<string | undefined> => ((await statOf(index))?.isFile() ? index : undefined);
  if (parts.length === 0) return indexOk();
  // Walk the path: every component must be a real directory or file, never a symbolic link.
  let at = base;
  let st: Stats | undefined;
  for (const part of parts) {
    at = resolve(at, part);
    if (!at.startsWith(base + sep)) return undefined;
    st = await statOf(at);
    if (!st) break;
    if (st.isSymbolicLink()) return undefined;
    if (!st.isDirectory()) break;
  }
  if (st?.isFile() && at === resolve(base, ...parts)) return at;
  return extname(parts[parts.length - 1]!) === '' ? indexOk() : undefined;
}

/** The protocol handler: the file with the browser mode's security headers (CSP without the WebSocket). */
export async function handleAppRequest(req: Request, root: string): Promise<Response> {
  const headers = securityHeaderEntries(uiCsp(null));
  if (req.method !== 'GET' && req.method !== 'HEAD') return new Response(null, { status: 405, headers: { ...headers, Allow: 'GET, HEAD' } });
  const notFound = (): Response => new Response('Not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  const file = await resolveAppFile(req.url, root);
  if (!file) return notFound();
  const body = await readFileP(file).catch(() => undefined);
  if (!body) return notFound();
  const type = contentTypeOf(file);
  return new Response(req.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...headers, 'Content-Type': type, 'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache' },
  });
}
