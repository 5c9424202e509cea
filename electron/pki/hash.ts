/** Hash functions by name and OID (RFC 5754 / FIPS 180-4). SHA-1 is kept for legacy documents only. */
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { ChipIdError } from '../emrtd/errors.js';
import { OID } from './oids.js';

export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface HashFn {
  (msg: Uint8Array): Uint8Array;
  outputLen: number;
  blockLen: number;
}

const FNS: Record<HashName, HashFn> = { sha1, sha224, sha256, sha384, sha512 };

const BY_OID: Readonly<Record<string, HashName>> = {
  [OID.sha1]: 'sha1',
  [OID.sha224]: 'sha224',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

export const HASH_OID: Readonly<Record<HashName, string>> = {
  sha1: OID.sha1,
  sha224: OID.sha224,
  sha256: OID.sha256,
  sha384: OID.sha384,
  sha512: OID.sha512,
};

export function hashFn(name: HashName): HashFn {
  return FNS[name];
}

export function hash(name: HashName, data: Uint8Array): Uint8Array {
  return FNS[name](data);
}

export function hashNameFromOid(oid: string): HashName | undefined {
  return BY_OID[oid];
}

export function requireHashOid(oid: string, where: string): HashName {
  const n = BY_OID[oid];
  if (!n) throw new ChipIdError('UNSUPPORTED', `${where}: hash algorithm ${oid} not supported`);
  return n;
}
