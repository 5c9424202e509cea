/**
 * The dump parser and re-verification under hostile input (issue 10 points 2 and 15): any JSON value, and
 * any mutation of a valid dump, gives either a typed DUMP_INVALID naming the field or a result — never an
 * untyped error — and never `verified` for a dump whose content was changed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDump, parseDumpText } from '../../../electron/service/dump-parse.js';
import { reverifyDump, type ReverifyResult } from '../../../electron/service/reverify.js';
import { canonicalJson } from '../../../electron/service/kiosk-signature.js';
import { ChipIdError } from '../../../electron/emrtd/errors.js';
import { unwrapSod } from '../../../electron/pki/sod.js';
import { signedParts } from '../../fuzz/signed.js';
import type { ReadDump } from '../../../electron/service/read-card.js';
import { copy, dumpOf, flipBase64Byte, kioskA, signed, trust } from './dump-fixtures.js';

const NOW = new Date('2026-12-01T09:00:00Z');

/** Parse then re-verify; a thrown error must be DUMP_INVALID from the parser. */
function attempt(v: unknown): ReverifyResult | ChipIdError {
  let d: ReadDump;
  try {
    d = parseDump(v);
  } catch (e) {
    if (!(e instanceof ChipIdError) || e.code !== 'DUMP_INVALID') throw new Error(`untyped parse failure: ${String(e)}`);
    expect(e.message.startsWith('$') && e.message.includes(': ')).toBe(true);
    return e;
  }
  return reverifyDump(d, { trust, kioskKeys: [kioskA], now: NOW });
}

function errorOf(v: unknown): ChipIdError {
  const r = attempt(v);
  if (!(r instanceof ChipIdError)) throw new Error('expected DUMP_INVALID');
  return r;
}

let genuine: ReadDump;
let clone: ReadDump;
beforeAll(async () => {
  [genuine, clone] = await Promise.all([dumpOf('cccd-2021'), dumpOf('cccd-clone')]);
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every node of a JSON tree by its key path (the root excluded). */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return keys.flatMap((k) => [[...at, k], ...paths((v as Record<string | number, Json>)[k]!, [...at, k])]);
}

const mutation = fc.record({
  path: fc.nat(),
  op: fc.constantFrom('replace', 'delete', 'add', 'flip', 'char'),
  value: fc.jsonValue({ maxDepth: 2 }),
  index: fc.nat(),
  mask: fc.integer({ min: 1, max: 255 }),
});

function mutate(dump: ReadDump, m: { path: number; op: string; value: unknown; index: number; mask: number }): Json {
  const d = copy(dump) as unknown as Json;
  const all = paths(d);
  const p = all[m.path % all.length]!;
  let parent = d as Record<string | number, Json>;
  for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const key = p[p.length - 1]!;
  const node = parent[key]!;
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (m.op === 'add' && node !== null && typeof node === 'object' && !Array.isArray(node)) node[`x${m.index % 10}`] = m.value as Json;
  else if (m.op === 'flip' && typeof node === 'string' && node.length >= 4 && /^[A-Za-z0-9+/]+=*$/.test(node)) parent[key] = flipBase64Byte(node, m.index, m.mask);
  else if (m.op === 'char' && typeof node === 'string' && node.length) {
    const i = m.index % node.length;
    parent[key] = node.slice(0, i) + String.fromCharCode((node.charCodeAt(i) ^ m.mask) || 0x41) + node.slice(i + 1);
  } else parent[key] = m.value as Json;
  return d;
}

const content = (d: unknown): string => {
  const o = { ...(d as Record<string, unknown>) };
  delete o.signature;
  return canonicalJson(o);
};

describe('dump parser: typed errors naming the field', () => {
  it.each([
    ['$', null],
    ['$', []],
    ['$', 'chipid-dump/2'],
    ['$.format', { format: 'chipid-dump/9' }],
  ])('%s for %j', (path, v) => {
    const e = errorOf(v);
    expect(e.message.startsWith(`${path}`)).toBe(true);
  });

  it('each wrong type or value names its JSON path', () => {
    const cases: [string, (d: Record<string, any>) => void][] = [
      ['$.evidence: expected an object, got null', (d) => (d.evidence = null)],
      ['$.createdAt: expected a string, got number', (d) => (d.createdAt = 1)],
      ['$.createdAt: expected an ISO date-time', (d) => (d.createdAt = 'yesterday')],
      ['$.access.keySource: expected a string', (d) => (d.access.keySource = ['can'])],
      ['$.files.dataGroups.1: expected a base64 string', (d) => (d.files.dataGroups['1'] = 12)],
      ['$.files.dataGroups.17: unknown field', (d) => (d.files.dataGroups['17'] = 'AAAA')],
      ['$.files.sod: not base64', (d) => (d.files.sod = 'not base64!')],
      ['$.files.sod: not canonical base64', (d) => (d.files.sod = 'AAB=')],
      ['$.files: missing', (d) => delete d.files],
      ['$.evidence.chipAuthentication.status: expected "pass", "fail" or "not_performed"', (d) => (d.evidence.chipAuthentication.status = 'PASS')],
      ['$.evidence.chipAuthentication.reason: missing', (d) => delete d.evidence.chipAuthentication.reason],
      ['$.evidence.activeAuthentication.challenge: expected 8 bytes, got 7', (d) => (d.evidence.activeAuthentication.challenge = 'AAAAAAAAAA==')],
      ['$.evidence.activeAuthentication.signature: missing', (d) => delete d.evidence.activeAuthentication.signature],
      ['$.evidence.paceCamData: unknown field', (d) => (d.evidence.paceCamData = {})],
      ['$.evidence.DG3.status: expected "unreadable"', (d) => (d.evidence.DG3 = { status: 'pass' })],
      ['$.evidence.DG3.sw: expected a status word', (d) => (d.evidence.DG3 = { status: 'unreadable', sw: 1.5 })],
      ['$.signature.value: expected 64 bytes', (d) => (d.signature = { ...signed(genuine).signature, value: 'AAAA' })],
      ['$.signature.keyId: expected 16 lower-case hex digits', (d) => (d.signature = { ...signed(genuine).signature, keyId: 'ABC' })],
      ['$.access.fallbackReason: contains control characters', (d) => (d.access.fallbackReason = 'a\u0007b')],
      ['$.__proto__: unknown field', (d) => Object.defineProperty(d, '__proto__', { value: 1, enumerable: true })],
    ];
    for (const [msg, f] of cases) {
      const d = copy(genuine) as unknown as Record<string, any>;
      f(d);
      expect(errorOf(d).message, msg).toContain(msg);
    }
    expect(() => parseDumpText('{"format":')).toThrow(/^\$: not JSON$/);
  });

  it('any JSON value → DUMP_INVALID or a result, never an untyped error (property)', () => {
    const dumpLike = fc.record(
      {
        format: fc.oneof(fc.constantFrom('chipid-dump/1', 'chipid-dump/2'), fc.jsonValue()),
        createdAt: fc.oneof(fc.constant('2026-11-22T10:00:00.000Z'), fc.jsonValue()),
        access: fc.oneof(fc.record({ protocol: fc.jsonValue(), keySource: fc.jsonValue() }), fc.jsonValue()),
        files: fc.oneof(fc.record({ dataGroups: fc.dictionary(fc.constantFrom('1', '2', '13', '99'), fc.oneof(fc.base64String(), fc.jsonValue())), sod: fc.oneof(fc.base64String(), fc.jsonValue()) }), fc.jsonValue()),
        evidence: fc.oneof(fc.dictionary(fc.constantFrom('chipAuthentication', 'activeAuthentication', 'paceCam', 'DG3', 'other'), fc.jsonValue()), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), dumpLike), (v) => {
        const r = attempt(v);
        if (!(r instanceof ChipIdError)) expect(r.verdict).not.toBe('verified'); // no real SOD: never verified
        const text = JSON.stringify(v);
        if (text !== undefined) {
          try {
            parseDumpText(text);
          } catch (e) {
            expect(e instanceof ChipIdError && e.code).toBe('DUMP_INVALID');
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('mutations of a valid dump (properties)', () => {
  it('a signed dump: any single mutation is DUMP_INVALID or a result, and verified only if its content is unchanged', () => {
    const s = signed(genuine);
    expect((attempt(copy(s)) as ReverifyResult).verdict).toBe('verified');
    fc.assert(
      fc.property(mutation, (m) => {
        const d = mutate(s, m);
        const r = attempt(d);
        if (r instanceof ChipIdError) return;
        if (r.verdict === 'verified') expect(content(d)).toBe(content(s));
      }),
      { numRuns: 40 },
    );
  });

  it('an unsigned dump: a changed byte in a data group, the AA challenge/signature or a signed part of EF.SOD never verifies; EF.COM / EF.CardAccess are named as not covered', () => {
    const fields = fc.constantFrom('sod', '1', '2', '13', '14', '15', 'challenge', 'signature', 'com', 'cardAccess');
    fc.assert(
      fc.property(fields, fc.nat(), fc.integer({ min: 1, max: 255 }), (field, index, mask) => {
        const d = copy(genuine);
        if (field === 'sod' || field === 'com' || field === 'cardAccess') d.files[field] = flipBase64Byte(d.files[field]!, index, mask);
        else if (field === 'challenge' || field === 'signature') d.evidence.activeAuthentication![field] = flipBase64Byte(d.evidence.activeAuthentication![field]!, index, mask);
        else d.files.dataGroups[field] = flipBase64Byte(d.files.dataGroups[field]!, index, mask);
        const r = attempt(d);
        if (r instanceof ChipIdError) return;
        if (field === 'com' || field === 'cardAccess') expect(r.reverification.notCovered).toContain(field === 'com' ? 'EF.COM' : 'EF.CardAccess');
        else if (field === 'sod' && r.verdict === 'verified') {
          // Only bytes no signature covers may change and still verify (a name's string type in the signer
          // identifier, the SignedData version…): what the issuer signed must be the same (test/fuzz/signed.ts).
          const parts = (b64: string) => signedParts(unwrapSod(new Uint8Array(Buffer.from(b64, 'base64'))));
          expect(parts(d.files.sod!), `sod[${index}] ^ ${mask}`).toBe(parts(genuine.files.sod!));
        } else expect(r.verdict, `${field}[${index}] ^ ${mask}`).toBe('not_verified');
      }),
      { numRuns: 40 },
    );
  });

  it('a cloned chip’s unsigned dump: no single mutation of its record makes it verified', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const r = attempt(mutate(clone, m));
        if (!(r instanceof ChipIdError)) expect(r.verdict).toBe('not_verified');
      }),
      { numRuns: 40 },
    );
  });
});
