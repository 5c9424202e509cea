/**
 * EF.COM (ICAO 9303-10 §4.6.1): tag 60 { 5F01 LDS version "aabb", 5F36 Unicode version "aabbcc", 5C tag list }.
 * EF.COM is not covered by the SOD: treat its list as a hint, and trust the SOD's hash list instead.
 */
import { asciiBytes, bytesToAscii } from '../bytes.js';
import { ParseError } from '../errors.js';
import { expectTlv, readTlvs, tlv } from '../tlv.js';
import { COM_TAG, dgNumberOfTag, dgTag } from './files.js';

export { DG_TAG_TO_NUMBER, dgTag, dgNumberOfTag, dgFile } from './files.js';

const WHERE = 'EF.COM';
const TAG_LDS_VERSION = 0x5f01;
const TAG_UNICODE_VERSION = 0x5f36;
const TAG_LIST = 0x5c;
/** More entries than data groups exist means a hostile or broken file. */
const MAX_TAG_LIST = 32;

export interface Com {
  raw: Uint8Array;
  /** "1.7" from 5F01 "0107". */
  ldsVersion: string;
  /** "4.0.0" from 5F36 "040000". */
  unicodeVersion: string;
  /** Data-group numbers, ascending, without duplicates. */
  dataGroups: number[];
  /** Tags in the list that name no data group (kept, never fatal). */
  unknownTags: number[];
}

function digits(v: Uint8Array, n: number, what: string): string {
  const s = bytesToAscii(v);
  if (v.length !== n || !/^[0-9]+$/.test(s)) throw new ParseError(`${WHERE}(${what})`, `expected ${n} ASCII digits`);
  return s;
}

const pairs = (s: string): string =>
  s
    .match(/../g)!
    .map((p) => String(Number(p)))
    .join('.');

export function parseCom(bytes: Uint8Array): Com {
  const outer = expectTlv(bytes, COM_TAG, WHERE);
  if (outer.end !== bytes.length) throw new ParseError(WHERE, `${bytes.length - outer.end} trailing bytes after the template`);
  let lds: string | undefined;
  let uni: string | undefined;
  let list: Uint8Array | undefined;
  for (const t of readTlvs(outer.value, WHERE)) {
    if (t.tag === TAG_LDS_VERSION) lds = digits(t.value, 4, 'LDS version');
    else if (t.tag === TAG_UNICODE_VERSION) uni = digits(t.value, 6, 'Unicode version');
    else if (t.tag === TAG_LIST) list = t.value;
    // Other tags are RFU: ignored (9303-10 allows extension).
  }
  if (lds === undefined) throw new ParseError(WHERE, 'LDS version (5F01) missing');
  if (uni === undefined) throw new ParseError(WHERE, 'Unicode version (5F36) missing');
  if (list === undefined) throw new ParseError(WHERE, 'tag list (5C) missing');
  if (list.length > MAX_TAG_LIST) throw new ParseError(`${WHERE}(tag list)`, `${list.length} entries, at most ${MAX_TAG_LIST}`);
  const dgs = new Set<number>();
  const unknown = new Set<number>();
  for (const tag of list) {
    const n = dgNumberOfTag(tag);
    if (n === undefined) unknown.add(tag);
    else dgs.add(n);
  }
  return {
    raw: bytes,
    ldsVersion: pairs(lds),
    unicodeVersion: pairs(uni),
    dataGroups: [...dgs].sort((a, b) => a - b),
    unknownTags: [...unknown],
  };
}

function versionDigits(v: string, parts: number): Uint8Array {
  const p = v.split('.');
  if (p.length !== parts || p.some((x) => !/^[0-9]{1,2}$/.test(x))) throw new RangeError(`buildCom: bad version "${v}"`);
  return asciiBytes(p.map((x) => x.padStart(2, '0')).join(''));
}

/** Builds EF.COM listing `dataGroups` (order kept as given; LDS 1.7, Unicode 4.0.0 unless told). */
export function buildCom(dataGroups: number[], opts: { ldsVersion?: string; unicodeVersion?: string } = {}): Uint8Array {
  const tags = Uint8Array.from(dataGroups.map((n) => dgTag(n)));
  return tlv(
    COM_TAG,
    tlv(TAG_LDS_VERSION, versionDigits(opts.ldsVersion ?? '1.7', 2)),
    tlv(TAG_UNICODE_VERSION, versionDigits(opts.unicodeVersion ?? '4.0.0', 3)),
    tlv(TAG_LIST, tags),
  );
}
