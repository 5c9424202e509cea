/**
 * The WebSocket front of the local agent API (`/api/v1/ws`). Who is calling is settled in one order (core.ts
 * `authenticate`): an unknown Origin is refused at the upgrade (403); credentials given on the upgrade — a
 * paired client's `Authorization: Bearer`, or the kiosk UI's session cookie with this agent's Origin — are
 * checked there (401 / 403); otherwise the token comes in the `hello`. Every socket must say hello within a
 * short deadline (1 s by default). A browser page of a paired client gives its token on the upgrade as the
 * subprotocols `chipid.v1, chipid.bearer.<token>` (the server answers `chipid.v1`).
 *
 * Pools, so that one local process cannot lock the API: sockets not yet authenticated live in their own
 * small pool (16), where a newcomer displaces the oldest socket still silent after 250 ms (close 1013):
 * holding a place is useless, and a client that says hello at once gets through a flood. When every silent
 * socket is younger, the newcomer is held for a second before its 503 (a tarpit: a reconnect loop then
 * costs the agent about one answer per second instead of spinning). Authenticated sockets have their
 * own pool (64), at most 8 per client; full, it answers 503 at the upgrade (or API_BUSY + 1013 after hello). Revoking a client, or changing its purpose or origins,
 * closes its sockets at once (4401 / 4409): the client store tells us when its file changes.
 * A misbehaving client is answered and closed; it never stalls others.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { API_LIMITS, type ErrorInfo, type KioskApi, type Response, type ServiceEvent } from '../../contract/types.js';
import { apiError, largestRequestBytes, parseRequest, type ParsedRequest } from '../../contract/validate.js';
import { filterEventForPurpose } from '../../contract/filter.js';
import { API_METHODS, type ApiRequest } from '../workflows/contracts.js';
import { authenticate, authenticateUi, dispatch, helloValue, originKnown, principalState, type ApiLogger, type AuthContext, type Principal, type RateLimiter } from './core.js';

/** Close codes (4xxx = application). */
export const CLOSE = { tooLarge: 1009, policy: 1008, tryAgain: 1013, unauthorized: 4401, forbidden: 4403, changed: 4409 } as const;

export interface WsLimits {
  /** Sockets that have not authenticated yet (no credential on the upgrade). Default 16. */
  unauthenticated: number;
  /** Authenticated sockets in all. Default 64. */
  authenticated: number;
  /** Authenticated sockets of one client (the kiosk UI counts as one client). Default 8. */
  perClient: number;
}
export const DEFAULT_WS_LIMITS: WsLimits = { unauthenticated: 16, authenticated: 64, perClient: 8 };
/** A silent socket younger than this is not displaced (a client needs a moment to send its hello). */
const SILENT_GRACE_MS = 250;
/** The largest request of any method (a camera frame); ws's own maxPayload stays above it. */
const LARGEST_REQUEST = largestRequestBytes(API_METHODS);
/** A refused upgrade waits this long for its 503 while the pool is full of young sockets; at most TARPIT_MAX at once. */
const TARPIT_MS = 1000;
const TARPIT_MAX = 256;

export interface WsOptions {
  api: KioskApi;
  auth: AuthContext;
  limiter: RateLimiter;
  log: ApiLogger;
  helloTimeoutMs: number;
  limits: WsLimits;
  /** Frames above this are refused by ws itself (1009 without an answer); default 256 KiB. */
  hardMaxBytes?: number;
  /** A client whose unread output passes this is too slow and is dropped. */
  maxBufferedBytes?: number;
}

interface Conn {
  ws: WebSocket;
  origin: string | undefined;
  /** Set at the upgrade (credentials there) or at hello; counted in its client's pool from then on. */
  principal?: Principal;
  /** The hello was answered: requests may follow. */
  greeted: boolean;
  /** Displaced from the unauthenticated pool (already counted out). */
  evicted?: boolean;
  /** performance.now() when accepted. */
  since: number;
  photoWanted: Map<string, boolean>;
  limited: number;
  alive: boolean;
}

/** The WebSocket subprotocol a client offers beside `chipid.bearer.<token>` (and the one the server answers). */
export const WS_PROTOCOL = 'chipid.v1';
const BEARER_PROTOCOL = 'chipid.bearer.';

/**
 * A token given on the upgrade: `Authorization: Bearer <token>` (non-browser clients), or for browser pages,
 * which cannot set headers on a WebSocket, the subprotocols `chipid.v1, chipid.bearer.<token>`. Undefined:
 * none given; false: given but malformed.
 */
function bearerOf(req: IncomingMessage): string | undefined | false {
  const h = req.headers.authorization;
  if (h !== undefined) {
    const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(h);
    return m ? m[1] : false;
  }
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((x) => x.trim());
  const p = offered.find((x) => x.startsWith(BEARER_PROTOCOL));
  if (p === undefined) return undefined;
  const token = p.slice(BEARER_PROTOCOL.length);
  return offered.includes(WS_PROTOCOL) && /^[A-Za-z0-9_-]{1,200}$/.test(token) ? token : false;
}

export class WsFront {
  private readonly wss: WebSocketServer;
  private readonly conns = new Set<Conn>();
  /** Accepted sockets without a principal yet, oldest first. */
  private readonly silent = new Set<Conn>();
  private readonly perClient = new Map<string, number>();
  private unauthenticated = 0;
  /** Upgrades held back before their 503 (ended at close, so closing the server never waits on them). */
  private readonly tarpit = new Set<Duplex>();
  private authenticatedCount = 0;
  private readonly unsubscribe: () => void;
  private readonly unwatch: () => void;
  private readonly pinger: NodeJS.Timeout;

  constructor(private readonly o: WsOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: o.hardMaxBytes ?? 256 * 1024,
      perMessageDeflate: false,
      clientTracking: false,
      // Never echo the token-bearing subprotocol: answer chipid.v1 when offered.
      handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
    });
    this.unsubscribe = o.api.subscribe((e) => this.broadcast(e));
    this.unwatch = o.auth.clients.watch(() => this.recheck());
    this.pinger = setInterval(() => this.ping(), 30_000);
    this.pinger.unref();
  }

  get connections(): number {
    return this.conns.size;
  }

  /** Called for an upgrade on `/api/v1/ws` whose Host header was already checked. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    if (!originKnown(this.o.auth, origin)) {
      this.o.log({ level: 'warn', event: 'ws-origin-refused', code: 'API_FORBIDDEN_ORIGIN' });
      return rejectUpgrade(socket, 403, apiError('API_FORBIDDEN_ORIGIN'));
    }
    let principal: Principal | undefined;
    const bearer = bearerOf(req);
    if (bearer !== undefined) {
      const who = authenticate(this.o.auth, bearer === false ? undefined : bearer, origin);
      if (!who.ok) {
        this.o.log({ level: 'warn', event: 'ws-upgrade-refused', code: who.error.code });
        return rejectUpgrade(socket, who.error.code === 'API_FORBIDDEN_ORIGIN' ? 403 : 401, who.error);
      }
      principal = who.value;
    } else {
      principal = authenticateUi(this.o.auth, req.headers.cookie, origin);
    }
    if (principal) {
      if (!this.roomFor(principal)) return rejectUpgrade(socket, 503, apiError('API_BUSY'));
    } else if (this.unauthenticated >= this.o.limits.unauthenticated && !this.evictOldestSilent()) {
      if (this.tarpit.size >= TARPIT_MAX) return rejectUpgrade(socket, 503, apiError('API_BUSY'));
      this.tarpit.add(socket);
      socket.on('error', () => undefined);
      socket.once('close', () => this.tarpit.delete(socket));
      setTimeout(() => {
        if (this.tarpit.delete(socket) && !socket.destroyed) rejectUpgrade(socket, 503, apiError('API_BUSY'));
      }, TARPIT_MS).unref();
      return;
    }
    // Counted now, so upgrades in flight cannot overshoot a pool; uncounted if the handshake never completes.
    if (principal) this.countIn(principal);
    else this.unauthenticated++;
    let accepted = false;
    socket.once('close', () => {
      if (accepted) return;
      if (principal) this.countOut(principal);
      else this.unauthenticated--;
    });
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      accepted = true;
      this.accept(ws, origin, principal);
    });
  }

  /** Makes room in the unauthenticated pool by closing its oldest silent socket; false if none can go. */
  private evictOldestSilent(): boolean {
    const oldest = this.silent.values().next().value as Conn | undefined;
    if (!oldest || performance.now() - oldest.since < SILENT_GRACE_MS) return false;
    this.silent.delete(oldest);
    oldest.evicted = true;
    this.unauthenticated--;
    this.fail(oldest, '', apiError('API_BUSY'), CLOSE.tryAgain);
    oldest.ws.terminate();
    return true;
  }

  private roomFor(p: Principal): boolean {
    return this.authenticatedCount < this.o.limits.authenticated && (this.perClient.get(p.clientId) ?? 0) < this.o.limits.perClient;
  }

  private countIn(p: Principal): void {
    this.authenticatedCount++;
    this.perClient.set(p.clientId, (this.perClient.get(p.clientId) ?? 0) + 1);
  }

  private countOut(p: Principal): void {
    this.authenticatedCount--;
    const n = (this.perClient.get(p.clientId) ?? 1) - 1;
    if (n <= 0) this.perClient.delete(p.clientId);
    else this.perClient.set(p.clientId, n);
  }

  private accept(ws: WebSocket, origin: string | undefined, principal: Principal | undefined): void {
    const c: Conn = { ws, origin, ...(principal ? { principal } : {}), greeted: false, photoWanted: new Map(), limited: 0, alive: true, since: performance.now() };
    this.conns.add(c);
    if (!principal) this.silent.add(c);
    const timer = setTimeout(() => {
      if (!c.greeted) this.fail(c, '', apiError('API_UNAUTHORIZED'), CLOSE.unauthorized);
    }, this.o.helloTimeoutMs);
    ws.on('pong', () => (c.alive = true));
    ws.on('error', () => undefined); // ws closes the socket itself (e.g. 1009 above the hard limit)
    ws.on('close', () => {
      clearTimeout(timer);
      this.conns.delete(c);
      this.silent.delete(c);
      if (c.principal) this.countOut(c.principal);
      else if (!c.evicted) this.unauthenticated--;
      if (c.principal && c.greeted) this.o.log({ level: 'info', event: 'ws-closed', clientId: c.principal.clientId });
    });
    ws.on('message', (data, isBinary) => {
      try {
        this.onMessage(c, data, isBinary, timer);
      } catch {
        this.fail(c, '', apiError('INTERNAL'), 1011);
      }
    });
  }

  /** The hello: completes the upgrade's credentials, or authenticates the token it carries. */
  private onHello(c: Conn, id: string, token: string | undefined, timer: NodeJS.Timeout): void {
    if (c.principal) {
      // Credentials came with the upgrade; a token in the hello must name the same client.
      if (token !== undefined) {
        const again = authenticate(this.o.auth, token, c.origin);
        if (!again.ok || again.value.clientId !== c.principal.clientId) return this.fail(c, id, apiError('API_UNAUTHORIZED'), CLOSE.unauthorized);
      }
    } else {
      const who = authenticate(this.o.auth, token, c.origin);
      if (!who.ok) {
        this.o.log({ level: 'warn', event: 'ws-hello-refused', code: who.error.code });
        return this.fail(c, id, who.error, who.error.code === 'API_FORBIDDEN_ORIGIN' ? CLOSE.forbidden : CLOSE.unauthorized);
      }
      if (!this.roomFor(who.value)) {
        this.o.log({ level: 'warn', event: 'ws-client-busy', clientId: who.value.clientId, code: 'API_BUSY' });
        return this.fail(c, id, apiError('API_BUSY'), CLOSE.tryAgain);
      }
      this.unauthenticated--;
      this.silent.delete(c);
      this.countIn(who.value);
      c.principal = who.value;
    }
    clearTimeout(timer);
    c.greeted = true;
    this.o.log({ level: 'info', event: 'ws-hello', clientId: c.principal.clientId });
    this.send(c, { type: 'response', id, ok: true, value: helloValue(c.principal) });
  }

  private onMessage(c: Conn, data: RawData, isBinary: boolean, timer: NodeJS.Timeout): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    // Before hello every message is held to the default; after it, to the largest method's cap (each
    // method's own cap is checked by parseRequest).
    const cap = c.greeted ? LARGEST_REQUEST : API_LIMITS.maxMessageBytes;
    if (buf.length > cap) {
      this.o.log({ level: 'warn', event: 'ws-too-large', code: 'API_TOO_LARGE', ...(c.principal ? { clientId: c.principal.clientId } : {}) });
      return this.fail(c, '', apiError('API_TOO_LARGE'), CLOSE.tooLarge);
    }
    const parsed: ParsedRequest<ApiRequest> = isBinary ? { ok: false, error: apiError('API_MALFORMED') } : parseRequest(buf.toString('utf8'), cap, API_METHODS);
    // Larger than its method allows: answered and closed, as a message over the transport's cap is.
    if (!parsed.ok && parsed.error.code === 'API_TOO_LARGE') return this.fail(c, parsed.id ?? '', parsed.error, CLOSE.tooLarge);
    if (!c.greeted) {
      // Before hello: the only acceptable message is a well-formed hello.
      if (!parsed.ok) return this.fail(c, parsed.id ?? '', parsed.error, CLOSE.unauthorized);
      const req = parsed.value;
      if (req.type !== 'hello') return this.fail(c, req.id, apiError('API_UNAUTHORIZED'), CLOSE.unauthorized);
      return this.onHello(c, req.id, req.token, timer);
    }
    const p = c.principal as Principal;
    const id = parsed.ok ? parsed.value.id : (parsed.id ?? '');
    if (!this.o.limiter.take(p.clientId)) {
      // A flood is answered while it is moderate, then the connection goes (others keep being served).
      // `limited` counts refusals minus accepted requests, so a trickle of refills does not reset it.
      if (++c.limited > API_LIMITS.burst * 4) {
        this.o.log({ level: 'warn', event: 'ws-flood-closed', clientId: p.clientId, code: 'API_RATE_LIMITED' });
        return this.fail(c, id, apiError('API_RATE_LIMITED'), CLOSE.policy);
      }
      return this.send(c, { type: 'response', id, ok: false, error: apiError('API_RATE_LIMITED') });
    }
    if (c.limited > 0) c.limited--;
    if (!parsed.ok) return this.send(c, { type: 'response', id, ok: false, error: parsed.error });
    if (!this.stillValid(c, id)) return;
    const req = parsed.value;
    void dispatch(this.o.api, p, req, c.photoWanted, this.o.log)
      .then((r) => this.send(c, { type: 'response', id: req.id, ...r }))
      .catch(() => c.ws.terminate());
  }

  /** Closes the socket of a revoked (4401) or changed (4409) client; true while it still holds. */
  private stillValid(c: Conn, id: string): boolean {
    if (!c.principal) return true;
    let state: ReturnType<typeof principalState>;
    try {
      state = principalState(this.o.auth, c.principal, c.origin);
    } catch {
      state = 'revoked'; // the client file cannot be read: fail closed
    }
    if (state === 'ok') return true;
    this.o.log({ level: 'info', event: state === 'revoked' ? 'ws-revoked' : 'ws-client-changed', clientId: c.principal.clientId });
    if (state === 'revoked') this.fail(c, id, apiError('API_UNAUTHORIZED'), CLOSE.unauthorized);
    else this.fail(c, id, apiError('API_CLIENT_CHANGED'), CLOSE.changed);
    return false;
  }

  /** The client file changed: every paired client's socket is checked at once. */
  private recheck(): void {
    for (const c of this.conns) if (c.principal && !c.principal.ui) this.stillValid(c, '');
  }

  private send(c: Conn, msg: Response | ServiceEvent): void {
    this.sendText(c, JSON.stringify(msg));
  }

  private sendText(c: Conn, text: string): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (c.ws.bufferedAmount > (this.o.maxBufferedBytes ?? 4 * 1024 * 1024)) {
      this.o.log({ level: 'warn', event: 'ws-slow-consumer', ...(c.principal ? { clientId: c.principal.clientId } : {}) });
      c.ws.terminate();
      return;
    }
    c.ws.send(text);
  }

  /** Answers with the error, then closes with `code`. */
  private fail(c: Conn, id: string, error: ErrorInfo, code: number): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    c.ws.send(JSON.stringify({ type: 'response', id, ok: false, error } satisfies Response));
    c.ws.close(code, error.code);
    // Nothing more reaches a socket being closed (events included).
    c.greeted = false;
    // A peer that never completes the closing handshake is cut off.
    setTimeout(() => c.ws.terminate(), 2000).unref();
  }

  private broadcast(e: ServiceEvent): void {
    const cache = new Map<string, string | null>();
    for (const c of this.conns) {
      const p = c.principal;
      if (!p || !c.greeted) continue;
      const readerId = 'readerId' in e && typeof e.readerId === 'string' ? e.readerId : '';
      const photo = c.photoWanted.get(readerId) === true;
      const k = `${p.purpose}|${photo}`;
      let text = cache.get(k);
      if (text === undefined) {
        const f = filterEventForPurpose(e, p.purpose, () => photo);
        text = f ? JSON.stringify(f) : null;
        cache.set(k, text);
      }
      if (text !== null) this.sendText(c, text);
    }
  }

  private ping(): void {
    for (const c of this.conns) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }

  close(): void {
    clearInterval(this.pinger);
    this.unsubscribe();
    this.unwatch();
    for (const s of this.tarpit) rejectUpgrade(s, 503, apiError('API_BUSY'));
    this.tarpit.clear();
    for (const c of this.conns) c.ws.close(1001, 'server closing');
    // Not unref'd: the HTTP server's close waits for these sockets (a peer may never answer the close).
    for (const c of this.conns) setTimeout(() => c.ws.terminate(), 500);
    this.wss.close();
  }
}

export function rejectUpgrade(socket: Duplex, status: number, error: ErrorInfo): void {
  const body = JSON.stringify({ ok: false, error });
  const reason = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : status === 503 ? 'Service Unavailable' : 'Bad Request';
  socket.on('error', () => undefined);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\n` +
      `X-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // Not unref'd: closing the server waits for this socket, so the timer must be able to end it.
  setTimeout(() => socket.destroy(), 1000);
}
