/** Access to the team's shared material beside the repo (../shared), read directly by tests. */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { fromHex } from '../../electron/emrtd/bytes.js';

export const SHARED_DIR = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));

export function sharedPath(rel: string): string {
  const p = join(SHARED_DIR, rel);
  if (!existsSync(p)) throw new Error(`shared material missing: ../shared/${rel} (CI must have ../shared beside the repo)`);
  return p;
}

export function sharedBytes(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(sharedPath(rel)));
}

type Json = any;
let cached: Json | undefined;
/** ../shared/vectors/icao9303.json (upper-case hex strings). */
export function icaoVectors(): Json {
  cached ??= JSON.parse(readFileSync(sharedPath('vectors/icao9303.json'), 'utf8'));
  return cached;
}

export const h = (s: string): Uint8Array => fromHex(s);
