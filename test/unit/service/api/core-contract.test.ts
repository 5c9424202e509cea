// The contract of the local agent API: chipid-api.schema.json (generated from the method table) agrees with
// the request validation, and every message captured from the real server (demo mode) validates against it.
// A tiny validator for the subset of JSON Schema 2020-12 the schema uses; any other keyword in the schema
// fails the test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { API_LIMITS, CONTRACT_VERSION, SETTINGS_LIMITS, IDENTITY_FIELDS, PURPOSE_FIELDS, TIERS, type ReadResultView } from '../../../../electron/contract/types.js';
import { parseRequest, REQUEST_TYPES } from '../../../../electron/contract/validate.js';
import { filterResultForPurpose } from '../../../../electron/contract/filter.js';
import { createKioskService, type KioskService } from '../../../../electron/service/kiosk.js';
import { openClientStore } from '../../../../electron/service/api/clients.js';
import { startApiServer, type ApiServer } from '../../../../electron/service/api/server.js';
import { cookieFrom } from './helpers.js';
import { WORKFLOW_CONTRACTS } from '../../../../electron/service/workflows/contracts.js';
import { demoCards } from '../../../helpers/demo-cards.js';

type Json = any;
const schema: Json = JSON.parse(readFileSync(new URL('../../../../electron/contract/chipid-api.schema.json', import.meta.url), 'utf8'));

// ---- the validator ----
const KEYWORDS = new Set([
  '$schema', '$id', 'title', 'description', '$defs', '$ref', 'type', 'const', 'enum', 'properties', 'required', 'additionalProperties',
  'items', 'oneOf', 'anyOf', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'dependentRequired',
]);
const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' && Number.isInteger(v) ? 'integer' : typeof v);

/** Errors of `v` against `s` ([] = valid). */
function check(s: Json, v: unknown, at = '#'): string[] {
  if (s.$ref) return check(schema.$defs[String(s.$ref).replace('#/$defs/', '')], v, at);
  const errs: string[] = [];
  if (s.type) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    const t = typeOf(v);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return [`${at}: ${t} is not ${types.join('|')}`];
  }
  if ('const' in s && v !== s.const) errs.push(`${at}: not ${JSON.stringify(s.const)}`);
  if (s.enum && !s.enum.includes(v)) errs.push(`${at}: ${JSON.stringify(v)} not in enum`);
  if (typeof v === 'string') {
    if (s.minLength !== undefined && [...v].length < s.minLength) errs.push(`${at}: too short`);
    if (s.maxLength !== undefined && [...v].length > s.maxLength) errs.push(`${at}: too long`);
    if (s.pattern && !new RegExp(s.pattern, 'u').test(v)) errs.push(`${at}: does not match ${s.pattern}`);
  }
  if (typeof v === 'number' && s.minimum !== undefined && v < s.minimum) errs.push(`${at}: below ${s.minimum}`);
  if (typeof v === 'number' && s.maximum !== undefined && v > s.maximum) errs.push(`${at}: above ${s.maximum}`);
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in o)) errs.push(`${at}: missing ${r}`);
    for (const [k, deps] of Object.entries(s.dependentRequired ?? {})) if (k in o) for (const d of deps as string[]) if (!(d in o)) errs.push(`${at}: ${k} needs ${d}`);
    for (const [k, val] of Object.entries(o)) {
      if (s.properties?.[k]) errs.push(...check(s.properties[k], val, `${at}/${k}`));
      else if (s.additionalProperties === false) errs.push(`${at}: unexpected property ${k}`);
      else if (typeof s.additionalProperties === 'object') errs.push(...check(s.additionalProperties, val, `${at}/${k}`));
    }
  }
  if (Array.isArray(v) && s.items) v.forEach((x, i) => errs.push(...check(s.items, x, `${at}/${i}`)));
  if (s.anyOf && !s.anyOf.some((x: Json) => check(x, v, at).length === 0)) errs.push(`${at}: matches none of anyOf`);
  if (s.oneOf) {
    const n = s.oneOf.filter((x: Json) => check(x, v, at).length === 0).length;
    if (n !== 1) errs.push(`${at}: matches ${n} of oneOf`);
  }
  return errs;
}
const validate = (def: string, v: unknown): string[] => check({ $ref: `#/$defs/${def}` }, v);

function keywordsUsed(s: Json, out = new Set<string>()): Set<string> {
  if (Array.isArray(s)) s.forEach((x) => keywordsUsed(x, out));
  else if (s && typeof s === 'object') {
    for (const [k, v] of Object.entries(s)) {
      if (k.startsWith('x-')) continue;
      out.add(k);
      if (k === 'properties' || k === '$defs' || k === 'dependentRequired') Object.values(v as object).forEach((x) => keywordsUsed(x, out));
      else if (k !== 'const' && k !== 'enum') keywordsUsed(v, out);
    }
  }
  return out;
}

describe('chipid-api.schema.json', () => {
  it('is draft 2020-12, uses only keywords the validator knows, and carries the contract version and limits', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const unknown = [...keywordsUsed(schema)].filter((k) => !KEYWORDS.has(k));
    expect(unknown).toEqual([]);
    expect(schema['x-contractVersion']).toBe(CONTRACT_VERSION);
    expect(schema.$id).toContain(CONTRACT_VERSION);
    expect(schema['x-limits']).toEqual(API_LIMITS);
  });

  it('agrees with types.ts: request and event types, identity fields, tiers', () => {
    const consts = (def: string): string[] => schema.$defs[def].oneOf.map((x: Json) => x.properties.type.const);
    expect(consts('Request').sort()).toEqual([...REQUEST_TYPES, ...WORKFLOW_CONTRACTS.flatMap((w) => Object.keys(w.methods))].sort());
    const events = ['readerAdded', 'readerRemoved', 'readerChanged', 'session', 'error', 'settingsChanged', 'workflow'];
    expect(consts('ServiceEvent').sort()).toEqual(events.sort());
    expect(Object.keys(schema.$defs.IdentityView.properties)).toEqual([...IDENTITY_FIELDS]);
    expect(Object.keys(schema.$defs.ReadResultView.properties.checks.properties)).toEqual([...TIERS]);
  });

  // Each row: a request, and the code parseRequest must give (undefined = valid). The schema must agree.
  const ok = undefined;
  const rows: [string, unknown, string | undefined][] = [
    ['hello', { type: 'hello', id: 'a1', token: 'A'.repeat(43) }, ok],
    ['hello+client', { type: 'hello', id: 'a1', token: 'A'.repeat(43), client: 'HIS Bạch Mai' }, ok],
    ['hello without a token (the kiosk UI)', { type: 'hello', id: 'a1', client: 'chipid-ui' }, ok],
    ['setFirstAdminPin', { type: 'setFirstAdminPin', id: '1', newPin: '482913' }, ok],
    ['setFirstAdminPin short', { type: 'setFirstAdminPin', id: '1', newPin: '4829' }, 'API_INVALID_FIELD'],
    ['setFirstAdminPin with a session', { type: 'setFirstAdminPin', id: '1', newPin: '482913', session: 'S'.repeat(43) }, 'API_MALFORMED'],
    ['status', { type: 'status', id: 'x' }, ok],
    ['listReaders', { type: 'listReaders', id: 'x:1' }, ok],
    ['startRead id', { type: 'startRead', id: '1', readerId: 'virtual:0', key: { id: '001 099 012 345' } }, ok],
    ['startRead bac', { type: 'startRead', id: '1', readerId: 'pcsc:ACS ACR1252 (1) 00 00', key: { id: '001099012345', dob: '15/03/1999', doe: '2039-03-15' }, photo: true }, ok],
    ['startRead can', { type: 'startRead', id: '1', readerId: 'virtual:1', key: { can: '012345' } }, ok],
    ['startRead qr', { type: 'startRead', id: '1', readerId: 'virtual:1', key: { qr: '001090123456|012345678|NGUYEN VAN A|01011990|Nam|Phường Bến Nghé|15042021' } }, ok],
    ['cancel', { type: 'cancel', id: '1', readerId: 'virtual:0' }, ok],
    ['demoCard', { type: 'demoCard', id: '1', readerId: 'virtual:0', action: 'insert', profile: 'cccd-2021' }, ok],
    ['adminUnlock', { type: 'adminUnlock', id: '1', pin: '123456' }, ok],
    ['getSettings', { type: 'getSettings', id: '1' }, ok],
    ['trustStatus', { type: 'trustStatus', id: '1' }, ok],
    ['updateSettings', { type: 'updateSettings', id: '1', session: 'S'.repeat(43), patch: { retentionDays: 90, resultTimeoutSeconds: 30, mode: 'self-service' } }, ok],
    ['updateSettings scanner framing', { type: 'updateSettings', id: '1', session: 'S'.repeat(43), patch: { scannerPrefix: ']Q1', scannerSuffix: '' } }, ok],
    ['scanner prefix of 9', { type: 'updateSettings', id: '1', session: 'S'.repeat(43), patch: { scannerPrefix: '#########' } }, 'API_INVALID_FIELD'],
    ['ETX as scanner suffix', { type: 'updateSettings', id: '1', session: 'S'.repeat(43), patch: { scannerSuffix: '\u0003' } }, 'API_INVALID_FIELD'],
    ['space in scanner prefix', { type: 'updateSettings', id: '1', session: 'S'.repeat(43), patch: { scannerPrefix: 'Q ' } }, 'API_INVALID_FIELD'],
    ['scanner suffix not text', { type: 'updateSettings', id: '1', session: 'S'.repeat(43), patch: { scannerSuffix: 3 } }, 'API_INVALID_FIELD'],
    ['configureReader', { type: 'configureReader', id: '1', session: 'S'.repeat(43), readerId: 'virtual:0', label: 'Quầy tiếp đón', counter: '' }, ok],
    ['configureReader workflow+operator', { type: 'configureReader', id: '1', session: 'S'.repeat(43), readerId: 'virtual:0', workflow: 'verify-only', operator: 'Lan (lễ tân)' }, ok],
    ['configureReader default workflow', { type: 'configureReader', id: '1', session: 'S'.repeat(43), readerId: 'virtual:0', workflow: '' }, ok],
    ['workflow not a name', { type: 'configureReader', id: '1', session: 'S'.repeat(43), readerId: 'virtual:0', workflow: 'Verify Only' }, 'API_INVALID_FIELD'],
    ['ID number as operator', { type: 'configureReader', id: '1', session: 'S'.repeat(43), readerId: 'virtual:0', operator: '001099012345' }, 'API_INVALID_FIELD'],
    ['changeAdminPin', { type: 'changeAdminPin', id: '1', session: 'S'.repeat(43), newPin: '482913' }, ok],
    ['exitKiosk', { type: 'exitKiosk', id: '1', session: 'S'.repeat(43) }, ok],
    ['pin with letters', { type: 'adminUnlock', id: '1', pin: '12ab56' }, 'API_INVALID_FIELD'],
    ['retention 0', { type: 'updateSettings', id: '1', session: 'S'.repeat(43), patch: { retentionDays: 0 } }, 'API_INVALID_FIELD'],
    ['timeout 601', { type: 'updateSettings', id: '1', session: 'S'.repeat(43), patch: { resultTimeoutSeconds: 601 } }, 'API_INVALID_FIELD'],
    ['demo is read-only', { type: 'updateSettings', id: '1', session: 'S'.repeat(43), patch: { demo: false } }, 'API_MALFORMED'],
    ['unknown mode', { type: 'updateSettings', id: '1', session: 'S'.repeat(43), patch: { mode: 'self' } }, 'API_INVALID_FIELD'],
    ['ID number in a label', { type: 'configureReader', id: '1', session: 'S'.repeat(43), readerId: 'virtual:0', label: 'CCCD 001099012345' }, 'API_INVALID_FIELD'],
    ['control char in a counter', { type: 'configureReader', id: '1', session: 'S'.repeat(43), readerId: 'virtual:0', counter: 'a\u0007' }, 'API_INVALID_FIELD'],
    ['short new pin', { type: 'changeAdminPin', id: '1', session: 'S'.repeat(43), newPin: '12345' }, 'API_INVALID_FIELD'],
    ['no session', { type: 'exitKiosk', id: '1' }, 'API_INVALID_FIELD'],
    ['not an object', [1, 2], 'API_MALFORMED'],
    ['no id', { type: 'status' }, 'API_MALFORMED'],
    ['bad id', { type: 'status', id: 'has space' }, 'API_INVALID_FIELD'],
    ['unknown type', { type: 'reboot', id: '1' }, 'API_UNKNOWN_TYPE'],
    ['extra property', { type: 'status', id: '1', x: 1 }, 'API_MALFORMED'],
    ['short token', { type: 'hello', id: '1', token: 'abc' }, 'API_UNAUTHORIZED'],
    ['11 digits', { type: 'startRead', id: '1', readerId: 'virtual:0', key: { id: '00109901234' } }, 'KEY_INVALID'],
    ['letters in id', { type: 'startRead', id: '1', readerId: 'virtual:0', key: { id: '00109901234X' } }, 'KEY_INVALID'],
    ['dob alone', { type: 'startRead', id: '1', readerId: 'virtual:0', key: { dob: '1999-03-15' } }, 'KEY_INVALID'],
    ['bad date', { type: 'startRead', id: '1', readerId: 'virtual:0', key: { id: '001099012345', dob: 'March 1999' } }, 'KEY_INVALID'],
    ['5-digit can', { type: 'startRead', id: '1', readerId: 'virtual:0', key: { can: '12345' } }, 'KEY_INVALID'],
    ['empty key', { type: 'startRead', id: '1', readerId: 'virtual:0', key: {} }, 'KEY_INVALID'],
    ['unknown key field', { type: 'startRead', id: '1', readerId: 'virtual:0', key: { id: '001099012345', pin: '1234' } }, 'KEY_INVALID'],
    ['photo not boolean', { type: 'startRead', id: '1', readerId: 'virtual:0', key: { can: '123456' }, photo: 'yes' }, 'API_INVALID_FIELD'],
    ['bad reader id', { type: 'cancel', id: '1', readerId: 'usb:0' }, 'API_INVALID_FIELD'],
    ['control char reader', { type: 'cancel', id: '1', readerId: 'pcsc:a\u0000b' }, 'API_INVALID_FIELD'],
    ['demoCard action', { type: 'demoCard', id: '1', readerId: 'virtual:0', action: 'shake' }, 'API_INVALID_FIELD'],
  ];
  it.each(rows)('%s: parseRequest and the schema agree', (_name, req, code) => {
    const r = parseRequest(JSON.stringify(req));
    const errs = validate('Request', req);
    if (code === undefined) {
      expect(r.ok ? 'ok' : r.error.code).toBe('ok');
      expect(errs).toEqual([]);
    } else {
      expect(r.ok ? 'ok' : r.error.code).toBe(code);
      expect(errs.length).toBeGreaterThan(0);
    }
  });

  it('parseRequest: not JSON → API_MALFORMED, oversized → API_TOO_LARGE (counted in UTF-8 bytes)', () => {
    expect(parseRequest('{"type":').ok ? '' : (parseRequest('{"type":') as Json).error.code).toBe('API_MALFORMED');
    const big = JSON.stringify({ type: 'status', id: '1', pad: 'ư'.repeat(API_LIMITS.maxMessageBytes / 2) });
    expect(big.length).toBeLessThan(API_LIMITS.maxMessageBytes * 1.2);
    expect((parseRequest(big) as Json).error.code).toBe('API_TOO_LARGE');
  });

  it('updateSettings: a refused setting is named in both languages, and the limits are the contract\'s', () => {
    const at = (patch: Json, field: string): void => {
      const r = parseRequest(JSON.stringify({ type: 'updateSettings', id: '1', session: 'S'.repeat(43), patch })) as Json;
      expect(r.error.code).toBe('API_INVALID_FIELD');
      expect(r.error.message).toContain(field);
      expect(r.error.messageVi).toContain(field);
    };
    at({ scannerPrefix: 'A'.repeat(SETTINGS_LIMITS.scannerFramingMaxLength + 1) }, 'scannerPrefix');
    at({ scannerSuffix: '\u0002' }, 'scannerSuffix');
    at({ scannerPrefix: '', scannerSuffix: 'é' }, 'scannerSuffix');
    at({ retentionDays: 0 }, 'retentionDays');
    expect(SETTINGS_LIMITS.scannerFramingMaxLength).toBe(8);
    expect(schema.$defs.SettingsPatch.properties.scannerPrefix.maxLength).toBe(SETTINGS_LIMITS.scannerFramingMaxLength);
  });
});

describe('filterResultForPurpose', () => {
  const full = {
    readId: 'r1', readerId: 'virtual:0', verdict: 'verified', source: 'chip', finishedAt: '2026-01-01T00:00:00.000Z',
    checks: Object.fromEntries(TIERS.map((t) => [t, { status: 'pass', reason: t === 'documentValid' ? 'valid until 2039-03-15' : 'ok' }])),
    document: { type: 'ID', issuingState: 'VNM', documentNumber: '099012345' },
    identity: Object.fromEntries(IDENTITY_FIELDS.map((f) => [f, f === 'idNumber' ? '001099012345' : f === 'dateOfExpiry' ? '2039-03-15' : `v-${f}`])),
    otherFields: [{ fieldNo: 17, value: 'x' }],
    access: { protocol: 'PACE', keySource: 'can' },
    photo: { mime: 'image/jpeg', data: 'AAAA', width: 1, height: 1 },
    timings: { totalMs: 1, cardMs: 1, hostMs: 0, apdus: 3 },
    rawDg13: 'must never travel',
  } as unknown as ReadResultView;

  it.each([
    ['kiosk', true, true],
    ['hospital', true, true],
    ['hospital', false, false],
    ['bank', true, true],
    ['verify-only', true, false],
  ] as const)('%s, photo asked %s → photo %s; only the purpose fields; unknown fields removed', (purpose, ask, photo) => {
    const r = filterResultForPurpose(full, purpose, ask);
    expect(Object.keys(r.identity).sort()).toEqual([...PURPOSE_FIELDS[purpose]].sort());
    expect(r.photo !== undefined).toBe(photo);
    expect('rawDg13' in r).toBe(false);
    expect(r.otherFields !== undefined).toBe(purpose === 'kiosk');
    expect(r.idLast4).toBe('2345');
    expect(validate('ReadResultView', r)).toEqual([]);
  });

  it('verify-only: no identity, no document number, no withheld value in the check reasons', () => {
    const r = filterResultForPurpose(full, 'verify-only', true);
    expect(r.identity).toEqual({});
    expect('documentNumber' in r.document).toBe(false);
    expect(JSON.stringify(r)).not.toMatch(/2039|099012345|v-/);
    expect(r.checks.documentValid.status).toBe('pass');
  });
});

// ---- real messages from the server ----
let dir: string;
let kiosk: KioskService;
let server: ApiServer;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chipid-contract-'));
  kiosk = await createKioskService({ dataDir: dir, demo: { cards: demoCards(), readers: 2 }, pcsc: false });
  const clients = openClientStore(dir);
  token = clients.pair({ name: 'HIS', purpose: 'hospital', origins: ['https://his.example'] }).token;
  server = await startApiServer({ api: kiosk, clients });
});
afterAll(async () => {
  await server?.close();
  await kiosk?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `tok` undefined: the kiosk's own UI (its launch cookie on the upgrade, a hello without a token). */
async function capture(tok: string | undefined, origin: string, photo: boolean): Promise<Json[]> {
  const headers = tok === undefined ? { Cookie: await cookieFrom(server.launchUrl()) } : {};
  const ws = new WebSocket(server.url.replace('http', 'ws') + '/api/v1/ws', { origin, headers });
  const msgs: Json[] = [];
  let onMsg: (m: Json) => void = () => undefined;
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    msgs.push(m);
    onMsg(m);
  });
  await new Promise((r) => ws.once('open', r));
  const done = new Promise<void>((resolve) => (onMsg = (m) => m.type === 'session' && m.session.state === 'result' && resolve()));
  const send = (m: Json): void => ws.send(JSON.stringify(m));
  send(tok === undefined ? { type: 'hello', id: 'h' } : { type: 'hello', id: 'h', token: tok });
  send({ type: 'status', id: 's' });
  send({ type: 'listReaders', id: 'l' });
  send({ type: 'demoCard', id: 'd0', readerId: 'virtual:0', action: 'remove' });
  send({ type: 'startRead', id: 'r', readerId: 'virtual:0', key: { id: '001099012345' }, photo });
  send({ type: 'demoCard', id: 'd1', readerId: 'virtual:0', action: 'insert', profile: 'cccd-2021' });
  send({ type: 'cancel', id: 'c', readerId: 'virtual:1' });
  send({ type: 'startRead', id: 'bad', readerId: 'virtual:0', key: { id: '1' } });
  await done;
  ws.close();
  return msgs;
}

describe('messages captured from the server validate against the schema', () => {
  it.each([
    ['kiosk UI', (): string | undefined => undefined, (): string => server.url, true],
    ['hospital client', (): string | undefined => token, (): string => 'https://his.example', false],
  ] as const)('%s', async (_n, tok, origin, photo) => {
    const msgs = await capture(tok(), origin(), photo);
    const types = new Set(msgs.map((m) => m.type));
    for (const t of ['response', 'session', 'readerChanged']) expect(types).toContain(t);
    const states = new Set(msgs.flatMap((m) => (m.type === 'session' ? [m.session.state] : [])));
    for (const st of ['reading', 'verifying', 'result']) expect(states).toContain(st);
    expect(msgs.filter((m) => m.type === 'response' && m.ok === false).map((m) => m.id)).toContain('bad');
    for (const m of msgs) expect(check(schema, m), JSON.stringify(m).slice(0, 200)).toEqual([]);
    // The schema is strict enough to notice a leak: a result with an extra field fails.
    const result = msgs.find((m) => m.type === 'session' && m.session.state === 'result');
    expect(check(schema, { ...result, session: { ...result.session, result: { ...result.session.result, rawDg13: 'x' } } }).length).toBeGreaterThan(0);
    // Event kinds of contract 1.x are gone from the schema: a 1.x `result` event does not validate.
    expect(check(schema, { type: 'result', readerId: 'virtual:0', result: result.session.result }).length).toBeGreaterThan(0);
  });

  it('HTTP answers validate as HttpResult', async () => {
    const get = (path: string, headers: Record<string, string> = {}): Promise<Json> =>
      new Promise((resolve, reject) => {
        httpRequest(server.url + path, { headers }, (res) => {
          let t = '';
          res.on('data', (c) => (t += c));
          res.on('end', () => resolve(JSON.parse(t)));
        })
          .on('error', reject)
          .end();
      });
    const answers = [await get('/api/v1/status'), await get('/api/v1/readers', { Authorization: `Bearer ${token}`, Origin: 'https://his.example' }), await get('/api/v1/readers'), await get('/nope')];
    for (const a of answers) expect(validate('HttpResult', a)).toEqual([]);
  });
});
