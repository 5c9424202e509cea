/**
 * HTTP plumbing of the local agent API: security headers, JSON answers, bounded bodies, the Host check
 * (DNS rebinding) and the static UI. No routing here (server.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ErrorInfo, Result } from '../../contract/types.js';
import { apiError, type ApiErrorCode } from '../../contract/validate.js';

/**
 * The UI's policy: own scripts and styles only, WebSocket back to this agent only, no framing. `port: null`
 * is the Electron window (app://kiosk, talks over IPC): the same policy without the WebSocket source.
 */
export function uiCsp(port: number | null, opts: { styleUnsafeInline?: boolean } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${opts.styleUnsafeInline ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data:",
    "font-src 'self'",
    port === null ? "connect-src 'self'" : `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** API answers are data, never documents. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** The security headers of every answer, as data (the Electron window's app:// protocol sends the same). */
export function securityHeaderEntries(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

export function securityHeaders(res: ServerResponse, csp: string): void {
  for (const [k, v] of Object.entries(securityHeaderEntries(csp))) res.setHeader(k, v);
}

export function sendJson(res: ServerResponse, status: number, body: Result<unknown>, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  res.end(text);
}

export const HTTP_STATUS: Partial<Record<string, number>> = {
  API_MALFORMED: 400,
  API_INVALID_FIELD: 400,
  API_UNKNOWN_TYPE: 400,
  KEY_INVALID: 400,
  API_UNAUTHORIZED: 401,
  API_FORBIDDEN_ORIGIN: 403,
  API_FORBIDDEN_HOST: 403,
  API_FORBIDDEN: 403,
  ADMIN_SESSION_INVALID: 401,
  ADMIN_PIN_NOT_SET: 409,
  ADMIN_PIN_ALREADY_SET: 409,
  ADMIN_LOCKED: 429,
  API_NOT_FOUND: 404,
  NO_READER: 404,
  API_METHOD_NOT_ALLOWED: 405,
  READER_BUSY: 409,
  API_TOO_LARGE: 413,
  API_RATE_LIMITED: 429,
  API_BUSY: 503,
  PCSC_UNAVAILABLE: 503,
  API_READ_TIMEOUT: 504,
  INTERNAL: 500,
};

export function sendError(res: ServerResponse, error: ErrorInfo, extra: Record<string, string> = {}): void {
  // A read that ended in a card error (ACCESS_DENIED, CARD_REMOVED…) is a well-formed answer: 422.
  sendJson(res, HTTP_STATUS[error.code] ?? 422, { ok: false, error }, extra);
}

export const sendApiError = (res: ServerResponse, code: ApiErrorCode, extra: Record<string, string> = {}): void =>
  sendError(res, apiError(code), extra);

/** Reads a body of at most `limit` bytes; 'too-large' as soon as it is exceeded (no buffering beyond). */
export function readBody(req: IncomingMessage, limit: number): Promise<string | 'too-large'> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > limit) {
      resolveBody('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let n = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      n += c.length;
      if (n > limit) {
        done = true;
        resolveBody('too-large');
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) resolveBody(Buffer.concat(chunks).toString('utf8'));
      done = true;
    });
    req.on('error', (e) => {
      if (!done) reject(e);
      done = true;
    });
  });
}

/** DNS rebinding: a page on evil.example resolved to 127.0.0.1 still sends `Host: evil.example`. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** A small fixed HTML page (never cached). */
export function sendHtml(res: ServerResponse, req: IncomingMessage, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(req.method === 'HEAD' ? undefined : html);
}

/** The Content-Type of a renderer file by its extension (also used by the Electron window's app:// protocol). */
export const contentTypeOf = (file: string): string => TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * Serves a file of the built renderer. Paths are resolved inside `root` only; unknown routes without an
 * extension fall back to index.html (client-side routing). Returns false when nothing matched.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): Promise<boolean> {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  if (rel.includes('\0')) return false;
  const base = resolve(root);
  let file = resolve(join(base, normalize(rel)));
  if (file !== base && !file.startsWith(base + sep)) return false;
  let st = await stat(file).catch(() => undefined);
  if (st?.isDirectory()) {
    file = join(file, 'index.html');
    st = await stat(file).catch(() => undefined);
  }
  if (!st && extname(rel) === '') {
    file = join(base, 'index.html');
    st = await stat(file).catch(() => undefined);
  }
  if (!st || !st.isFile()) return false;
  const ext = extname(file).toLowerCase();
  res.setHeader('Content-Type', TYPES[ext] ?? 'application/octet-stream');
  if (ext === '.html') {
    const html = await readFile(file, 'utf8');
    res.setHeader('Cache-Control', 'no-store');
    res.statusCode = 200;
    res.end(req.method === 'HEAD' ? undefined : html);
    return true;
  }
  res.setHeader('Cache-Control', 'no-cache');
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : await readFile(file));
  return true;
}
