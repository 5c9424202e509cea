/** OpenSSL CLI cross-checks for PKI tests (test-only: node:child_process is fine here). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENSSL_AVAILABLE = spawnSync('openssl', ['version']).status === 0;

function withFiles<T>(files: Record<string, Uint8Array>, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'chipid-pki-'));
  try {
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `openssl cms -verify -noverify`: the CMS signature only (chain not checked). */
export function opensslCmsSignatureOk(contentInfo: Uint8Array): boolean {
  return withFiles({ 'in.p7': contentInfo }, (d) => spawnSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', join(d, 'in.p7'), '-noverify', '-binary', '-out', join(d, 'out.bin')]).status === 0);
}

/** `openssl dgst -<hash> -verify <spki>`: a raw signature (works for explicit-parameter EC keys too). */
export function opensslDgstOk(spkiDer: Uint8Array, hash: string, data: Uint8Array, sig: Uint8Array, pss?: { saltLen: number }): boolean {
  return withFiles({ 'k.der': spkiDer, 'd.bin': data, 's.bin': sig }, (d) => {
    const args = ['dgst', `-${hash}`, '-keyform', 'DER', '-verify', join(d, 'k.der'), '-signature', join(d, 's.bin')];
    if (pss) args.push('-sigopt', 'rsa_padding_mode:pss', '-sigopt', `rsa_pss_saltlen:${pss.saltLen}`);
    args.push(join(d, 'd.bin'));
    return spawnSync('openssl', args).status === 0;
  });
}

/** eContent of a CMS SignedData, extracted by OpenSSL (independent of our parser). */
export function opensslCmsContent(contentInfo: Uint8Array): Uint8Array {
  return withFiles({ 'in.p7': contentInfo }, (d) => {
    execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', join(d, 'in.p7'), '-noverify', '-binary', '-out', join(d, 'out.bin')]);
    return new Uint8Array(readFileSync(join(d, 'out.bin')));
  });
}

/** `openssl asn1parse` text of DER. */
export function opensslAsn1parse(der: Uint8Array): string {
  return withFiles({ 'in.der': der }, (d) => execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', join(d, 'in.der')], { maxBuffer: 64 << 20 }).toString());
}

/** `openssl x509 -noout <args>` on a DER certificate. */
export function opensslX509(der: Uint8Array, args: string[]): string {
  return withFiles({ 'c.der': der }, (d) => execFileSync('openssl', ['x509', '-inform', 'DER', '-in', join(d, 'c.der'), '-noout', ...args]).toString());
}

/** `openssl crl -noout -text` on a DER CRL. */
export function opensslCrlText(der: Uint8Array): string {
  return withFiles({ 'c.der': der }, (d) => execFileSync('openssl', ['crl', '-inform', 'DER', '-in', join(d, 'c.der'), '-noout', '-text']).toString());
}
