/**
 * A fake hospital information system (HIS) for tests and demos: a real HTTP server on 127.0.0.1 that takes the
 * kiosk's webhook the way docs/his-handoff.md documents it — POST application/fhir+json, one FHIR R4
 * transaction Bundle, an Idempotency-Key header — and dedupes by that key:
 *   first request with a key           → 200 + a transaction-response Bundle, recorded in `received`
 *   same key, same body again          → 200 again (the same answer), not recorded twice
 *   same key, different body           → 422 (a key is never reused for other content)
 *   no key, wrong media type, not a transaction Bundle → 400 / 415
 * It can fail the first N requests (503 unless `status` says otherwise) and be told to fail more (setFail).
 * Every request is logged in `requests` in arrival order (key and the status answered).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeHisOptions {
  port?: number;
  /** Answer the first N requests with `status` (default 503) before looking at them. */
  failFirst?: number;
  /** The status of those failing answers (e.g. 400 to test a refusal). */
  status?: number;
  /** Called for each request with its key before it is answered (tests: kill the sender mid-delivery). */
  onRequest?: (key: string, n: number) => void;
}

export interface FakeHisRequest {
  key: string;
  status: number;
  /** True when this key had already been answered 200 before (a repeat the receiver deduped). */
  repeat: boolean;
}

export interface FakeHis {
  url: string;
  /** Bundles accepted, once per key, in order. */
  received: { key: string; bundle: unknown }[];
  requests: FakeHisRequest[];
  uniqueKeys(): string[];
  setFail(n: number): void;
  close(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function isTransaction(x: unknown): x is { resourceType: 'Bundle'; type: 'transaction'; entry: { request?: { method?: string; url?: string } }[] } {
  if (typeof x !== 'object' || x === null) return false;
  const b = x as { resourceType?: unknown; type?: unknown; entry?: unknown };
  return b.resourceType === 'Bundle' && b.type === 'transaction' && Array.isArray(b.entry);
}

function responseBundle(b: { entry: { request?: { method?: string } }[] }): string {
  return JSON.stringify({
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: b.entry.map((e) => ({ response: { status: e.request?.method === 'PUT' ? '200 OK' : '201 Created' } })),
  });
}

export async function startFakeHis(opts: FakeHisOptions = {}): Promise<FakeHis> {
  let failLeft = opts.failFirst ?? 0;
  const failStatus = opts.status ?? 503;
  const received: FakeHis['received'] = [];
  const requests: FakeHisRequest[] = [];
  /** key → the body first accepted and the answer given, to repeat it. */
  const accepted = new Map<string, { body: string; answer: string }>();

  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const keyHeader = req.headers['idempotency-key'];
      const key = typeof keyHeader === 'string' ? keyHeader : '';
      opts.onRequest?.(key, requests.length + 1);
      const answer = (status: number, json?: string, repeat = false): void => {
        requests.push({ key, status, repeat });
        res.writeHead(status, json === undefined ? {} : { 'Content-Type': 'application/fhir+json; charset=utf-8' });
        res.end(json);
      };
      if (failLeft > 0) {
        failLeft--;
        return answer(failStatus, JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }));
      }
      if (req.method !== 'POST') return answer(405);
      if (!(req.headers['content-type'] ?? '').startsWith('application/fhir+json')) return answer(415);
      if (key === '' || body === null) return answer(400);
      const seen = accepted.get(key);
      if (seen !== undefined) return seen.body === body ? answer(200, seen.answer, true) : answer(422);
      let bundle: unknown;
      try {
        bundle = JSON.parse(body);
      } catch {
        return answer(400);
      }
      if (!isTransaction(bundle)) return answer(400);
      const reply = responseBundle(bundle);
      accepted.set(key, { body, answer: reply });
      received.push({ key, bundle });
      answer(200, reply);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/fhir`,
    received,
    requests,
    uniqueKeys: () => [...new Set(received.map((r) => r.key))],
    setFail: (n) => {
      failLeft = n;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
