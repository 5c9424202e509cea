/**
 * X.501 distinguished names (RFC 5280 §4.1.2.4). Names keep their RDN order for display, and offer an
 * order-insensitive key: real SignerInfos exist whose issuer lists the RDNs in a different order from the
 * certificate (vectors/README), and RFC 5280 §7.1 comparison is case- and space-insensitive.
 */
import { ParseError } from '../emrtd/errors.js';
import { type Asn1, child, expectSequence, expectUniversal, readOid, readString, T } from './asn1.js';
import { ATTR_SHORT, OID } from './oids.js';

export interface NameAttribute {
  /** Attribute type OID. */
  type: string;
  /** Short name (C, O, OU, CN, …) or the OID when unknown. */
  short: string;
  value: string;
}

export interface DistinguishedName {
  /** RDNs in encoded order; each RDN is a set of attributes (almost always one). */
  rdns: NameAttribute[][];
  /** "C=VN, O=…, CN=…" in encoded order. */
  text: string;
  /** Order-, case- and space-insensitive comparison key. */
  key: string;
  /** The exact DER of the Name. */
  der: Uint8Array;
}

export function parseName(node: Asn1, where: string): DistinguishedName {
  const s = expectSequence(node, where);
  const rdns: NameAttribute[][] = [];
  for (const [i, set] of s.children.entries()) {
    const w = `${where}.rdn[${i}]`;
    expectUniversal(set, T.SET, w);
    const rdn: NameAttribute[] = [];
    for (const atv of set.children) {
      expectSequence(atv, w);
      const type = readOid(child(atv, 0, w), w);
      const value = readString(child(atv, 1, w), w);
      rdn.push({ type, short: ATTR_SHORT[type] ?? type, value });
    }
    if (rdn.length === 0) throw new ParseError(w, 'empty RDN');
    rdns.push(rdn);
  }
  const text = rdns.map((r) => r.map((a) => `${a.short}=${a.value}`).join('+')).join(', ');
  return { rdns, text, key: nameKeyOf(rdns), der: node.raw };
}

/** RFC 5280 §7.1 / RFC 4518-style normalisation: trim, collapse inner spaces, case-fold. */
function normValue(v: string): string {
  return v.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function nameKeyOf(rdns: NameAttribute[][]): string {
  return rdns
    .flat()
    .map((a) => `${a.type}=${normValue(a.value)}`)
    .sort()
    .join('\u0001');
}

/** Order-insensitive equality of two names (see module comment). */
export function sameName(a: DistinguishedName, b: DistinguishedName): boolean {
  return a.key === b.key;
}

/** The first value of an attribute type (e.g. the country). */
export function nameAttr(n: DistinguishedName, type: string): string | undefined {
  for (const r of n.rdns) for (const a of r) if (a.type === type) return a.value;
  return undefined;
}

export function countryOf(n: DistinguishedName): string | undefined {
  return nameAttr(n, OID.countryName);
}
