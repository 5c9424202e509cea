/**
 * Shared by the local API tests: a recording WebSocket client, a raw HTTP call, and the kiosk UI's way in
 * (a fresh launch URL exchanged for the session cookie, as a browser opened by `chipid serve` would).
 */
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';

export type Msg = Record<string, any>;

export interface HttpAnswer {
  status: number;
  headers: Record<string, any>;
  json: any;
  text: string;
}

export function http(url: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + path, { method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Opens `launchUrl` like a browser would and returns the `name=value` of the session cookie it set. */
export async function cookieFrom(launchUrl: string): Promise<string> {
  const u = new URL(launchUrl);
  const r = await http(u.origin, u.pathname + u.search);
  const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
  if (r.status !== 303 || set.length !== 1) throw new Error(`launch URL answered ${r.status} with ${set.length} cookies`);
  return set[0]!.split(';')[0]!;
}

/** A WebSocket client that records every message and how the connection closed. */
export class WsClient {
  readonly msgs: Msg[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  private seq = 0;
  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((r) => ws.on('close', (code, reason) => r({ code, reason: String(reason) })));
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as Msg;
      this.msgs.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
  }
  /** Rejects with `status` set when the upgrade is refused. */
  static open(url: string, opts: { origin?: string; headers?: Record<string, string>; protocols?: string[] } = {}): Promise<WsClient> {
    const ws = new WebSocket(url.replace('http', 'ws') + '/api/v1/ws', opts.protocols ?? [], { ...(opts.origin ? { origin: opts.origin } : {}), headers: opts.headers ?? {} });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsClient(ws)));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body })));
      });
      ws.once('error', reject);
    });
  }
  next(pred: (m: Msg) => boolean): Promise<Msg> {
    const found = this.msgs.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }
  request(body: Msg): Promise<Msg> {
    const id = (body.id as string | undefined) ?? `t-${++this.seq}`;
    this.ws.send(JSON.stringify({ ...body, id }));
    return this.next((m) => m.type === 'response' && m.id === id);
  }
  close(): void {
    this.ws.close();
  }
}

/** The kiosk's own UI: cookie from a fresh launch URL, Origin = the agent, hello without a token. */
export async function openUi(server: { url: string; launchUrl(): string }): Promise<WsClient> {
  const cookie = await cookieFrom(server.launchUrl());
  const c = await WsClient.open(server.url, { origin: server.url, headers: { Cookie: cookie } });
  const r = await c.request({ type: 'hello' });
  if (r.ok !== true) throw new Error(`UI hello refused: ${JSON.stringify(r)}`);
  return c;
}
