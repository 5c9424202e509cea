/**
 * SHA-256 digests of the files a read took off the chip (EF.SOD and each data group), as the bank's receipt
 * records them: an auditor holding the chip's files (or a saved read) can recompute them and see that the
 * receipt speaks of exactly those bytes. Digests of what came off the chip, not of the parsed fields.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { RawFiles } from '../emrtd/read.js';

export interface FileDigests {
  algorithm: 'SHA-256';
  /** Hex digest of EF.SOD, or null when it was not read. */
  sod: string | null;
  /** Data group number (as a decimal string) → hex digest, for every data group read. */
  dataGroups: Record<string, string>;
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function fileDigests(files: RawFiles): FileDigests {
  const dataGroups: Record<string, string> = {};
  for (const dg of [...files.dataGroups.keys()].sort((a, b) => a - b)) dataGroups[String(dg)] = hex(sha256(files.dataGroups.get(dg)!));
  return { algorithm: 'SHA-256', sod: files.sod ? hex(sha256(files.sod)) : null, dataGroups };
}
