/**
 * The local agent API: HTTP + WebSocket on 127.0.0.1 only, for the kiosk's own UI (served from staticDir,
 * purpose 'kiosk', same origin) and for paired web systems (hospital HIS, core banking), each limited to
 * its purpose's fields.
 *
 *   GET  /api/v1/status    no token, no personal data
 *   GET  /api/v1/readers   Authorization: Bearer <token>
 *   POST /api/v1/read      Authorization: Bearer <token>; { readerId, key, photo? } → the filtered result
 *   WS   /api/v1/ws        hello { token } first (or the token as Authorization: Bearer on the upgrade),
 *                          then the contract's requests; events pushed (settings, admin PIN, exitKiosk:
 *                          the kiosk UI only, else API_FORBIDDEN)
 *   GET  /launch?k=SECRET  the kiosk UI's one-time launch secret → HttpOnly SameSite=Strict session cookie
 *   GET  /…                the built renderer, only with that cookie; without it a page saying how to open
 *                          the kiosk (launch.ts). The page holds no credential: its WebSocket is authenticated
 *                          by the cookie and Origin = this agent.
 *
 * 401 or 403 (HTTP and WebSocket alike, core.ts authenticate): an Origin this agent knows nothing of is 403
 * whatever the token; then a missing or wrong token is 401; then a token used from an Origin its
 * registration does not list is 403.
 * Every answer carries the security headers; API answers are `Cache-Control: no-store`. A request with a
 * Host other than 127.0.0.1:PORT / localhost:PORT is refused (DNS rebinding).
 */
import { ApiError } from './errors.js';
import { toErrorInfo } from '../../contract/errors.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChipIdError } from '../../emrtd/errors.js';
import { API_LIMITS, type KioskApi, type ReadResultView, type Result, type ServiceEvent } from '../../contract/types.js';
import { apiError, validateRequest } from '../../contract/validate.js';
import { filterResultForPurpose } from '../../contract/filter.js';
import { normaliseOrigin, type ClientStore } from './clients.js';
import {
  authenticate,
  DEFAULT_RATE_LIMIT,
  dispatch,
  originKnown,
  RateLimiter,
  stillActive,
  type ApiLogger,
  type AuthContext,
  type Principal,
  type RateLimit,
} from './core.js';
import { API_CSP, hostAllowed, readBody, securityHeaders, sendApiError, sendError, sendHtml, sendJson, serveStatic, uiCsp } from './http.js';
import { DEFAULT_WS_LIMITS, rejectUpgrade, WsFront, type WsLimits } from './ws.js';
import { HOW_TO_OPEN_HTML, LAUNCH_PATH, UiSessions } from './launch.js';

export const API_HOST = '127.0.0.1';
export const WS_PATH = '/api/v1/ws';

export interface ApiServerOptions {
  api: KioskApi;
  /** 0 (default) = a free port chosen by the OS. */
  port?: number;
  /** Only '127.0.0.1' is accepted: the agent is never reachable from the network. */
  host?: string;
  clients: ClientStore;
  /** Site-wide allowlist: when given, a client's Origin must be in it as well as in its registration. */
  allowedOrigins?: readonly string[];
  logger?: ApiLogger;
  /** The built renderer, served at `/` to the holder of a launch session cookie. */
  staticDir?: string;
  /** How long a WebSocket may stay without a hello. Default 1000 ms. */
  helloTimeoutMs?: number;
  /** Default API_LIMITS; `false` only for benchmarks. */
  rateLimit?: RateLimit | false;
  /** WebSocket pools (unauthenticated 16, authenticated 64, per client 8 by default). */
  wsLimits?: Partial<WsLimits>;
  /** How long POST /api/v1/read waits for the result. Default 60 000 ms. */
  readTimeoutMs?: number;
  /** Allow inline styles in the UI's CSP (only if the renderer needs it). Default false. */
  styleUnsafeInline?: boolean;
}

export interface ApiServer {
  url: string;
  port: number;
  /** A fresh one-time launch URL for the kiosk UI (print it or open it; never log it). */
  launchUrl(): string;
  close(): Promise<void>;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const host = opts.host ?? API_HOST;
  if (host !== API_HOST) throw new ApiError('API_HOST_REFUSED', `refusing to listen on ${JSON.stringify(host)}: 127.0.0.1 only`);
  const log: ApiLogger = opts.logger ?? (() => undefined);
  const selfOrigins = new Set<string>();
  const ui = new UiSessions();
  const allowedOrigins = opts.allowedOrigins ? new Set(opts.allowedOrigins.map(normaliseOrigin)) : undefined;
  const auth: AuthContext = { clients: opts.clients, ui, selfOrigins, allowedOrigins };
  const limiter = new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const limits = { ...DEFAULT_WS_LIMITS, ...opts.wsLimits };
  const ws = new WsFront({ api: opts.api, auth, limiter, log, helloTimeoutMs: opts.helloTimeoutMs ?? 1000, limits });
  const http = new HttpFront(opts, auth, limiter, log);
  const server = createApiHttpServer(http, ws, log);
  const port = await listen(server, host, opts.port ?? 0);
  http.port = port;
  ui.bindPort(port);
  selfOrigins.add(`http://127.0.0.1:${port}`);
  selfOrigins.add(`http://localhost:${port}`);
  const url = `http://127.0.0.1:${port}`;
  log({ level: 'info', event: 'listening', detail: url });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    launchUrl: () => `${url}${LAUNCH_PATH}?k=${ui.mint()}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        ws.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      return closing;
    },
  };
}

/** The node:http server: bounded headers and times, HTTP requests to `http`, upgrades on WS_PATH to `ws`. */
function createApiHttpServer(http: HttpFront, ws: WsFront, log: ApiLogger): Server {
  const server: Server = createServer((req, res) => {
    http.handle(req, res).catch((e: unknown) => {
      log({ level: 'error', event: 'http-failed', code: toErrorInfo(e).code });
      if (!res.headersSent) sendApiError(res, 'INTERNAL');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.maxHeadersCount = 64;
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    if (!hostAllowed(req.headers.host, http.port)) return rejectUpgrade(socket, 403, apiError('API_FORBIDDEN_HOST'));
    if (new URL(req.url ?? '/', 'http://x').pathname !== WS_PATH) return rejectUpgrade(socket, 404, apiError('API_NOT_FOUND'));
    ws.upgrade(req, socket, head);
  });
  return server;
}

/** Listens on host:port (exclusive); the port the OS gave. */
function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      reject(
        e.code === 'EADDRINUSE'
          ? new ApiError('API_PORT_IN_USE', `port ${port} is in use`, { cause: e })
          : new ChipIdError('INTERNAL', `cannot listen: ${e.code ?? e.message}`, { cause: e }),
      );
    };
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const corsHeaders = (origin: string): Record<string, string> => ({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });

/** The HTTP side: the launch exchange, the built renderer, and the REST endpoints under /api/v1/. */
class HttpFront {
  /** Set once listening (Host checks and the UI's CSP name it). */
  port = 0;
  constructor(
    private readonly opts: ApiServerOptions,
    private readonly auth: AuthContext,
    private readonly limiter: RateLimiter,
    private readonly log: ApiLogger,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const isApi = url.pathname.startsWith('/api/');
    securityHeaders(res, isApi ? API_CSP : uiCsp(this.port, { styleUnsafeInline: this.opts.styleUnsafeInline === true }));
    if (!hostAllowed(req.headers.host, this.port)) return sendApiError(res, 'API_FORBIDDEN_HOST');
    if (!isApi) return this.page(req, res, url);
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    if (req.method === 'OPTIONS') return this.preflight(req, res, origin);
    switch (url.pathname) {
      case '/api/v1/status': {
        if (req.method !== 'GET') return sendApiError(res, 'API_METHOD_NOT_ALLOWED', { Allow: 'GET' });
        const cors = origin !== undefined && originKnown(this.auth, origin) ? corsHeaders(origin) : {};
        if (!this.limiter.take('anonymous')) return sendApiError(res, 'API_RATE_LIMITED', { ...cors, 'Retry-After': '1' });
        return sendJson(res, 200, { ok: true, value: await this.opts.api.status() }, cors);
      }
      case '/api/v1/readers':
      case '/api/v1/read':
        return this.authenticated(req, res, url.pathname === '/api/v1/read' ? 'POST' : 'GET', origin);
      case WS_PATH:
        return sendApiError(res, 'API_METHOD_NOT_ALLOWED', { Upgrade: 'websocket' });
      default:
        return sendApiError(res, 'API_NOT_FOUND');
    }
  }

  /** The launch exchange and the built renderer (only with the session cookie). */
  private async page(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendApiError(res, 'API_METHOD_NOT_ALLOWED', { Allow: 'GET, HEAD' });
    const ui = this.auth.ui;
    if (url.pathname === LAUNCH_PATH) {
      const value = ui.exchange(url.searchParams.get('k'));
      if (value === undefined) {
        this.log({ level: 'warn', event: 'launch-refused' });
        return sendHtml(res, req, 403, HOW_TO_OPEN_HTML);
      }
      this.log({ level: 'info', event: 'launch-opened' });
      res.statusCode = 303;
      res.setHeader('Set-Cookie', ui.setCookie(value));
      res.setHeader('Location', '/');
      res.setHeader('Cache-Control', 'no-store');
      return void res.end();
    }
    if (!this.opts.staticDir) return sendApiError(res, 'API_NOT_FOUND');
    if (!ui.valid(req.headers.cookie)) return sendHtml(res, req, 403, HOW_TO_OPEN_HTML);
    if (await serveStatic(req, res, this.opts.staticDir, url.pathname)) return;
    return sendApiError(res, 'API_NOT_FOUND');
  }

  /** GET /api/v1/readers and POST /api/v1/read: a paired client's bearer token, its rate limit. */
  private async authenticated(req: IncomingMessage, res: ServerResponse, want: 'GET' | 'POST', origin: string | undefined): Promise<void> {
    if (req.method !== want) return sendApiError(res, 'API_METHOD_NOT_ALLOWED', { Allow: want });
    const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(req.headers.authorization ?? '');
    const who = authenticate(this.auth, m?.[1], origin);
    if (!who.ok) {
      this.log({ level: 'warn', event: 'http-refused', code: who.error.code });
      return sendError(res, who.error, who.error.code === 'API_UNAUTHORIZED' ? { 'WWW-Authenticate': 'Bearer' } : {});
    }
    const cors = origin !== undefined ? corsHeaders(origin) : {};
    if (!this.limiter.take(who.value.clientId)) return sendApiError(res, 'API_RATE_LIMITED', { ...cors, 'Retry-After': '1' });
    if (want === 'GET') return sendJson(res, 200, { ok: true, value: await this.opts.api.listReaders() }, cors);
    return this.read(req, res, who.value, cors);
  }

  private preflight(req: IncomingMessage, res: ServerResponse, origin: string | undefined): void {
    if (origin === undefined || !originKnown(this.auth, origin)) return sendApiError(res, 'API_FORBIDDEN_ORIGIN');
    res.statusCode = 204;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
    res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type');
    res.setHeader('Access-Control-Max-Age', '600');
    // Chrome's Private Network Access: a public page calling the agent on loopback asks first.
    if (req.headers['access-control-request-private-network'] === 'true') res.setHeader('Access-Control-Allow-Private-Network', 'true');
    res.setHeader('Cache-Control', 'no-store');
    res.end();
  }

  /** POST /api/v1/read: the startRead params as the body; answers the result filtered for the purpose. */
  private async read(req: IncomingMessage, res: ServerResponse, p: Principal, cors: Record<string, string>): Promise<void> {
    const body = await readBody(req, API_LIMITS.maxMessageBytes);
    if (body === 'too-large') return sendApiError(res, 'API_TOO_LARGE', { ...cors, Connection: 'close' });
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return sendApiError(res, 'API_MALFORMED', cors);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json) || 'type' in json || 'id' in json) return sendApiError(res, 'API_MALFORMED', cors);
    const parsed = validateRequest({ ...json, type: 'startRead', id: 'http' });
    if (!parsed.ok) return sendError(res, parsed.error, cors);
    const r = parsed.value;
    if (r.type !== 'startRead') return sendApiError(res, 'API_MALFORMED', cors);
    const photo = new Map<string, boolean>();
    const waiter = waitForResult(this.opts.api, r.readerId, this.opts.readTimeoutMs ?? 60_000);
    res.on('close', () => waiter.cancel());
    const started = await dispatch(this.opts.api, p, r, photo, this.log);
    if (!started.ok) {
      waiter.cancel();
      return sendError(res, started.error, cors);
    }
    const out = await waiter.result;
    // Revoked while waiting: the result is not handed over.
    if (!stillActive(this.auth, p)) return sendApiError(res, 'API_UNAUTHORIZED', cors);
    if (!out.ok) return sendError(res, out.error, cors);
    return sendJson(res, 200, { ok: true, value: filterResultForPurpose(out.value, p.purpose, photo.get(r.readerId) === true) }, cors);
  }
}

/**
 * Waits for the end of the read on `readerId`: its result, a final error, or a cancel (a reading session
 * that goes back to waiting / key_needed). A card lifted mid-read (resumable error) keeps waiting for the
 * re-tap.
 */
function waitForResult(api: KioskApi, readerId: string, timeoutMs: number): { result: Promise<Result<ReadResultView>>; cancel(): void } {
  let finish: (r: Result<ReadResultView>) => void = () => undefined;
  const result = new Promise<Result<ReadResultView>>((resolve) => (finish = resolve));
  let began = false;
  let done = false;
  const end = (r: Result<ReadResultView>): void => {
    if (done) return;
    done = true;
    unsubscribe();
    clearTimeout(timer);
    finish(r);
  };
  const unsubscribe = api.subscribe((e: ServiceEvent) => {
    if (e.type === 'readerRemoved' && e.readerId === readerId) return end({ ok: false, error: toErrorInfo(new ChipIdError('NO_READER', 'reader removed')) });
    if (e.type !== 'session' || e.readerId !== readerId) return;
    const s = e.session;
    if (s.state === 'result') end({ ok: true, value: s.result });
    else if (s.state === 'reading' || s.state === 'verifying') began = true;
    else if (s.state === 'error' && !s.resumable) end({ ok: false, error: s.error });
    else if (began && (s.state === 'waiting' || s.state === 'key_needed')) end({ ok: false, error: toErrorInfo(new ChipIdError('CANCELLED', 'read ended')) });
  });
  const timer = setTimeout(() => end({ ok: false, error: apiError('API_READ_TIMEOUT') }), timeoutMs);
  timer.unref();
  return { result, cancel: () => end({ ok: false, error: toErrorInfo(new ChipIdError('CANCELLED', 'caller went away')) }) };
}
