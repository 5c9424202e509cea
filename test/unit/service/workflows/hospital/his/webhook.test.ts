// postBundle against real HTTP servers on 127.0.0.1: the headers it sends, and how each kind of answer is
// sorted (delivered, refused, unreachable).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeHis, type FakeHis } from '../../../../../../electron/devkit/fake-his.js';
import { HospitalError } from '../../../../../../electron/service/workflows/hospital/errors.js';
import { visitBundle } from '../../../../../../electron/service/workflows/hospital/his/fhir.js';
import { postBundle } from '../../../../../../electron/service/workflows/hospital/his/webhook.js';
import { DEPT, HOSPITAL, samplePatient, sampleVisit } from './his-helpers.js';

const BODY = JSON.stringify(visitBundle(samplePatient(), sampleVisit(), DEPT, HOSPITAL));
const KEY = 'LK261203-7QF3KD.aaabacadaeafagahaiajakal';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

interface Seen {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A server answering every request with `reply`; records what it got. */
async function server(reply: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const s = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', headers: req.headers, body });
      reply(req, res);
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        s.closeAllConnections();
        s.close(() => r());
      }),
  );
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`, seen };
}

async function codeOf(p: Promise<void>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(HospitalError);
    const he = e as HospitalError;
    // Errors a person may see: both languages, and no personal data from the body.
    expect(he.messageVi.length).toBeGreaterThan(10);
    expect(he.messageEn.length).toBeGreaterThan(10);
    expect(he.message).not.toMatch(/001099000123|Nguyễn/);
    return he.code;
  }
}

describe('postBundle', () => {
  it('POSTs application/fhir+json with the Idempotency-Key and the extra headers', async () => {
    const srv = await server((_q, res) => res.writeHead(201).end());
    await postBundle(srv.url, BODY, KEY, { headers: { Authorization: 'Bearer t0ken', 'idempotency-key': 'overridden?', 'content-type': 'text/plain' } });
    expect(srv.seen).toHaveLength(1);
    const got = srv.seen[0]!;
    expect(got.method).toBe('POST');
    expect(got.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(got.headers.accept).toBe('application/fhir+json');
    expect(got.headers['idempotency-key']).toBe(KEY); // extra headers cannot replace the key
    expect(got.headers.authorization).toBe('Bearer t0ken');
    expect(got.body).toBe(BODY);
  });

  it.each([200, 201, 202, 204])('%i → delivered', async (status) => {
    const srv = await server((_q, res) => res.writeHead(status).end());
    expect(await codeOf(postBundle(srv.url, BODY, KEY))).toBe('ok');
  });

  it('409 echoing our key → delivered (the receiver already holds this key)', async () => {
    const srv = await server((q, res) => res.writeHead(409, { 'Idempotency-Key': String(q.headers['idempotency-key']) }).end());
    expect(await codeOf(postBundle(srv.url, BODY, KEY))).toBe('ok');
  });

  it('409 without our key (a FHIR conflict) → refused', async () => {
    const other = await server((_q, res) => res.writeHead(409, { 'Idempotency-Key': 'another-key' }).end());
    expect(await codeOf(postBundle(other.url, BODY, KEY))).toBe('HOSPITAL_HIS_REFUSED');
    const none = await server((_q, res) => res.writeHead(409).end());
    expect(await codeOf(postBundle(none.url, BODY, KEY))).toBe('HOSPITAL_HIS_REFUSED');
  });

  it.each([400, 401, 403, 404, 413, 415, 422])('%i → refused', async (status) => {
    const srv = await server((_q, res) => res.writeHead(status, { 'Content-Type': 'application/fhir+json' }).end('{"resourceType":"OperationOutcome"}'));
    expect(await codeOf(postBundle(srv.url, BODY, KEY))).toBe('HOSPITAL_HIS_REFUSED');
  });

  it.each([408, 429, 500, 502, 503, 504])('%i → unreachable (retried)', async (status) => {
    const srv = await server((_q, res) => res.writeHead(status).end());
    expect(await codeOf(postBundle(srv.url, BODY, KEY))).toBe('HOSPITAL_HIS_UNREACHABLE');
  });

  it('a redirect is not followed (the bundle goes only where configured) → unreachable', async () => {
    const target = await server((_q, res) => res.writeHead(200).end());
    const srv = await server((_q, res) => res.writeHead(307, { Location: target.url }).end());
    expect(await codeOf(postBundle(srv.url, BODY, KEY))).toBe('HOSPITAL_HIS_UNREACHABLE');
    expect(target.seen).toHaveLength(0);
  });

  it('no answer within the timeout → unreachable', async () => {
    const srv = await server(() => undefined); // reads the request, never answers
    expect(await codeOf(postBundle(srv.url, BODY, KEY, { timeoutMs: 300 }))).toBe('HOSPITAL_HIS_UNREACHABLE');
    expect(srv.seen).toHaveLength(1);
  });

  it('connection refused → unreachable', async () => {
    const s = http.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    expect(await codeOf(postBundle(`http://127.0.0.1:${port}/hook`, BODY, KEY))).toBe('HOSPITAL_HIS_UNREACHABLE');
  });

  it('connection reset mid-answer → unreachable', async () => {
    const srv = await server((q) => q.socket.destroy());
    expect(await codeOf(postBundle(srv.url, BODY, KEY))).toBe('HOSPITAL_HIS_UNREACHABLE');
  });
});

describe('fake HIS (the receiver the outbox tests use)', () => {
  let his: FakeHis;
  afterEach(async () => his.close());

  it('dedupes by Idempotency-Key: a repeat with the same body is 200 and recorded once', async () => {
    his = await startFakeHis();
    await postBundle(his.url, BODY, KEY);
    await postBundle(his.url, BODY, KEY);
    expect(his.received).toHaveLength(1);
    expect(his.uniqueKeys()).toEqual([KEY]);
    expect(his.requests.map((r) => [r.status, r.repeat])).toEqual([
      [200, false],
      [200, true],
    ]);
    expect(his.received[0]?.bundle).toEqual(JSON.parse(BODY));
  });

  it('a key reused with another body is refused (422)', async () => {
    his = await startFakeHis();
    await postBundle(his.url, BODY, KEY);
    expect(await codeOf(postBundle(his.url, BODY.replace('Khám Nội', 'Khám Ngoại'), KEY))).toBe('HOSPITAL_HIS_REFUSED');
    expect(his.received).toHaveLength(1);
  });

  it('fails the first N with 503, or with the status given; setFail adds more', async () => {
    his = await startFakeHis({ failFirst: 2 });
    expect(await codeOf(postBundle(his.url, BODY, KEY))).toBe('HOSPITAL_HIS_UNREACHABLE');
    expect(await codeOf(postBundle(his.url, BODY, KEY))).toBe('HOSPITAL_HIS_UNREACHABLE');
    expect(await codeOf(postBundle(his.url, BODY, KEY))).toBe('ok');
    his.setFail(1);
    expect(await codeOf(postBundle(his.url, BODY, 'k2'))).toBe('HOSPITAL_HIS_UNREACHABLE');
    expect(his.requests.map((r) => r.status)).toEqual([503, 503, 200, 503]);
    await his.close();
    his = await startFakeHis({ failFirst: 1, status: 400 });
    expect(await codeOf(postBundle(his.url, BODY, KEY))).toBe('HOSPITAL_HIS_REFUSED');
  });

  it('refuses what is not a FHIR transaction, or has no key', async () => {
    his = await startFakeHis();
    expect(await codeOf(postBundle(his.url, '{"resourceType":"Patient"}', 'k3'))).toBe('HOSPITAL_HIS_REFUSED');
    expect(await codeOf(postBundle(his.url, 'not json', 'k4'))).toBe('HOSPITAL_HIS_REFUSED');
    expect(await codeOf(postBundle(his.url, BODY, ''))).toBe('HOSPITAL_HIS_REFUSED');
    expect(his.received).toHaveLength(0);
  });
});
