/**
 * The WebSocket front of the local agent API (`/api/v1/ws`): hello with a token within the deadline,
 * Origin checked against the client's registration, then requests per the contract and events pushed,
 * filtered by the client's purpose. A misbehaving client is answered and closed; it never stalls others.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { API_LIMITS, type ErrorInfo, type KioskApi, type Response, type ServiceEvent } from '../../contract/types.js';
import { apiError, parseRequest, type ParsedRequest } from '../../contract/validate.js';
import { filterEventForPurpose } from '../../contract/filter.js';
import { authenticate, dispatch, helloValue, originKnown, stillActive, type ApiLogger, type AuthContext, type Principal, type RateLimiter } from './core.js';

/** Close codes (4xxx = application). */
export const CLOSE = { tooLarge: 1009, policy: 1008, tryAgain: 1013, unauthorized: 4401, forbidden: 4403 } as const;

export interface WsOptions {
  api: KioskApi;
  auth: AuthContext;
  limiter: RateLimiter;
  log: ApiLogger;
  helloTimeoutMs: number;
  maxConnections: number;
  /** Frames above this are refused by ws itself (1009 without an answer); default 256 KiB. */
  hardMaxBytes?: number;
  /** A client whose unread output passes this is too slow and is dropped. */
  maxBufferedBytes?: number;
}

interface Conn {
  ws: WebSocket;
  origin: string | undefined;
  principal?: Principal;
  photoWanted: Map<string, boolean>;
  limited: number;
  alive: boolean;
}

export class WsFront {
  private readonly wss: WebSocketServer;
  private readonly conns = new Set<Conn>();
  private readonly unsubscribe: () => void;
  private readonly pinger: NodeJS.Timeout;

  constructor(private readonly o: WsOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: o.hardMaxBytes ?? 256 * 1024, perMessageDeflate: false, clientTracking: false });
    this.unsubscribe = o.api.subscribe((e) => this.broadcast(e));
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
    if (this.conns.size >= this.o.maxConnections) return rejectUpgrade(socket, 503, apiError('API_BUSY'));
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, origin));
  }

  private accept(ws: WebSocket, origin: string | undefined): void {
    const c: Conn = { ws, origin, photoWanted: new Map(), limited: 0, alive: true };
    this.conns.add(c);
    const timer = setTimeout(() => {
      if (!c.principal) this.fail(c, '', apiError('API_UNAUTHORIZED'), CLOSE.unauthorized);
    }, this.o.helloTimeoutMs);
    ws.on('pong', () => (c.alive = true));
    ws.on('error', () => undefined); // ws closes the socket itself (e.g. 1009 above the hard limit)
    ws.on('close', () => {
      clearTimeout(timer);
      this.conns.delete(c);
      if (c.principal) this.o.log({ level: 'info', event: 'ws-closed', clientId: c.principal.clientId });
    });
    ws.on('message', (data, isBinary) => {
      try {
        this.onMessage(c, data, isBinary, timer);
      } catch {
        this.fail(c, '', apiError('INTERNAL'), 1011);
      }
    });
  }

  private onMessage(c: Conn, data: RawData, isBinary: boolean, timer: NodeJS.Timeout): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (buf.length > API_LIMITS.maxMessageBytes) {
      this.o.log({ level: 'warn', event: 'ws-too-large', code: 'API_TOO_LARGE', ...(c.principal ? { clientId: c.principal.clientId } : {}) });
      return this.fail(c, '', apiError('API_TOO_LARGE'), CLOSE.tooLarge);
    }
    const parsed: ParsedRequest = isBinary ? { ok: false, error: apiError('API_MALFORMED') } : parseRequest(buf.toString('utf8'));
    if (!c.principal) {
      // Before hello: the only acceptable message is a well-formed hello.
      if (!parsed.ok) return this.fail(c, parsed.id ?? '', parsed.error, CLOSE.unauthorized);
      const req = parsed.value;
      if (req.type !== 'hello') return this.fail(c, req.id, apiError('API_UNAUTHORIZED'), CLOSE.unauthorized);
      const who = authenticate(this.o.auth, req.token, c.origin);
      if (!who.ok) {
        this.o.log({ level: 'warn', event: 'ws-hello-refused', code: who.error.code });
        return this.fail(c, req.id, who.error, who.error.code === 'API_FORBIDDEN_ORIGIN' ? CLOSE.forbidden : CLOSE.unauthorized);
      }
      clearTimeout(timer);
      c.principal = who.value;
      this.o.log({ level: 'info', event: 'ws-hello', clientId: who.value.clientId });
      return this.send(c, { type: 'response', id: req.id, ok: true, value: helloValue(who.value) });
    }
    const p = c.principal;
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
    if (!stillActive(this.o.auth, p)) return this.fail(c, id, apiError('API_UNAUTHORIZED'), CLOSE.unauthorized);
    const req = parsed.value;
    void dispatch(this.o.api, p, req, c.photoWanted, this.o.log)
      .then((r) => this.send(c, { type: 'response', id: req.id, ...r }))
      .catch(() => c.ws.terminate());
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
    // A peer that never completes the closing handshake is cut off.
    setTimeout(() => c.ws.terminate(), 2000).unref();
  }

  private broadcast(e: ServiceEvent): void {
    const cache = new Map<string, string | null>();
    for (const c of this.conns) {
      const p = c.principal;
      if (!p) continue;
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
    for (const c of this.conns) c.ws.close(1001, 'server closing');
    for (const c of this.conns) setTimeout(() => c.ws.terminate(), 500).unref();
    this.wss.close();
  }
}

export function rejectUpgrade(socket: Duplex, status: number, error: ErrorInfo): void {
  const body = JSON.stringify({ ok: false, error });
  const reason = status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : status === 503 ? 'Service Unavailable' : 'Bad Request';
  socket.on('error', () => undefined);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\n` +
      `X-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), 1000).unref();
}
