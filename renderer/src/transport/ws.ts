/**
 * Browser: the local API's WebSocket (`/api/v1/ws` on the serving origin). The page holds no credential:
 * the browser sends the HttpOnly session cookie (set when the launch URL was opened) with the upgrade, and
 * the first message is a `hello` without a token. Requests are answered by `{type:'response', id, ok,
 * value|error}`; every other message is a ServiceEvent. Reconnects with backoff.
 */
import { toErrorInfo } from '../../../electron/contract/errors.js';
import type { ErrorInfo, ServiceEvent } from '../../../electron/contract/types.js';
import type { ConnectionState, Transport } from './types.js';
import { clientFrom, type Call } from './client.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: number };

/** An error carrying the service's ErrorInfo (code + both languages). */
/** An error answer of the service, thrown by the client: a coded error the contract's one converter reads. */
export class ApiError extends Error {
  readonly code: string;
  readonly messageEn: string;
  readonly messageVi: string;
  constructor(readonly info: ErrorInfo) {
    super(info.message);
    this.code = info.code;
    this.messageEn = info.message;
    this.messageVi = info.messageVi;
  }
}

const REQUEST_TIMEOUT_MS = 15_000;

function isEvent(m: Record<string, unknown>): m is ServiceEvent & Record<string, unknown> {
  return typeof m.type === 'string' && m.type !== 'response';
}

/** A text frame as a JSON object, or null for anything else (binary, malformed, not an object). */
function parseMessage(data: unknown): Record<string, unknown> | null {
  if (typeof data !== 'string') return null;
  let msg: unknown;
  try {
    msg = JSON.parse(data);
  } catch {
    return null;
  }
  return msg && typeof msg === 'object' ? (msg as Record<string, unknown>) : null;
}

/** Answers the pending request `id` with a response message; an unknown id is ignored. */
function settle(pending: Map<string, Pending>, id: string, m: Record<string, unknown>): void {
  const p = pending.get(id);
  if (!p) return;
  pending.delete(id);
  window.clearTimeout(p.timer);
  if (m.ok === true) p.resolve(m.value);
  else p.reject(new ApiError(toErrorInfo(m.error)));
}

export function wsTransport(url: string): Transport {
  let ws: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let ready = false;
  let seq = 0;
  let backoff = 500;
  const pending = new Map<string, Pending>();
  const queue: string[] = [];
  const eventListeners = new Set<(e: ServiceEvent) => void>();
  const connListeners = new Set<(s: ConnectionState) => void>();

  const setState = (s: ConnectionState): void => {
    if (s === state) return;
    state = s;
    for (const l of connListeners) l(s);
  };
  const nextId = (): string => `ui-${++seq}`;

  const failAll = (why: string): void => {
    for (const [id, p] of pending) {
      window.clearTimeout(p.timer);
      p.reject(new ApiError({ code: 'TRANSPORT_LOST', message: why, messageVi: 'Mất kết nối với dịch vụ đọc thẻ. Đang kết nối lại…' }));
      pending.delete(id);
    }
  };

  const connect = (): void => {
    setState('connecting');
    ready = false;
    const sock = new WebSocket(url);
    ws = sock;
    const helloId = nextId();
    sock.onopen = () => {
      sock.send(JSON.stringify({ type: 'hello', id: helloId, client: 'chipid-ui' }));
    };
    sock.onmessage = (ev: MessageEvent) => {
      const m = parseMessage(ev.data);
      if (!m) return;
      if (m.type === 'response' && typeof m.id === 'string') {
        if (m.id === helloId) {
          if (m.ok === true) {
            ready = true;
            backoff = 500;
            setState('open');
            while (queue.length) sock.send(queue.shift() as string);
          } else {
            sock.close();
          }
          return;
        }
        settle(pending, m.id, m);
        return;
      }
      if (isEvent(m)) for (const l of eventListeners) l(m);
    };
    sock.onclose = () => {
      if (ws !== sock) return;
      ws = null;
      ready = false;
      failAll('Connection to the reader service lost. Reconnecting…');
      setState('closed');
      window.setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 10_000);
    };
  };

  const call: Call = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId();
      // The wire request is flat: the method's params beside `type` and `id`.
      const text = JSON.stringify({ ...params, type: method, id });
      const timer = window.setTimeout(() => {
        pending.delete(id);
        reject(new ApiError({ code: 'TIMEOUT', message: 'The reader service did not answer. Try again.', messageVi: 'Dịch vụ đọc thẻ không trả lời. Hãy thử lại.' }));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      if (ws && ready) ws.send(text);
      else queue.push(text);
    });

  const api = clientFrom(call, (listener) => {
    eventListeners.add(listener);
    return () => eventListeners.delete(listener);
  });

  connect();
  return {
    kind: 'ws',
    api,
    onConnection(l) {
      connListeners.add(l);
      return () => connListeners.delete(l);
    },
    connection: () => state,
  };
}

/** Any error of a call → the wire error shown to staff (the contract's one converter). */
export { toErrorInfo };
