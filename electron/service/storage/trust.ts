/**
 * The local trust store's persistence: CSCA certificates (public data) keyed by the SHA-256 of their DER.
 * Parsing and validating certificates is electron/pki's job; this module stores bytes and audits every
 * change in the same transaction.
 */
import { createHash } from 'node:crypto';
import { appendAuditInTx } from './audit.js';
import { checkText, invalid, isoUtc } from './guard.js';
import { clockMs, sqlDeleteAnchor, sqlInsertAnchor, sqlListAnchors, transaction } from './sql.js';
import type { ReadableDb, TrustAnchor, WritableDb } from './types.js';

const MAX_DER = 16 * 1024;

export function anchorFingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** Adds a certificate; returns its fingerprint and whether it was new (re-adding is not audited). */
export function addTrustAnchor(
  w: WritableDb,
  a: { der: Uint8Array; label: string; source: string },
  opts: { actor?: string } = {},
): { fingerprint: string; added: boolean } {
  if (!(a.der instanceof Uint8Array) || a.der.length === 0 || a.der.length > MAX_DER) {
    throw invalid(`trust anchor must be 1..${MAX_DER} bytes of DER`);
  }
  const label = checkText('trust anchor label', a.label);
  const source = checkText('trust anchor source', a.source);
  const fingerprint = anchorFingerprint(a.der);
  const atMs = clockMs(w);
  const added = transaction(w, () => {
    const isNew = sqlInsertAnchor(w, { fingerprint, label, source, der: Buffer.from(a.der), addedAt: isoUtc(atMs) });
    if (isNew) {
      appendAuditInTx(w, {
        actor: opts.actor ?? 'system',
        action: 'trust.anchor_added',
        atMs,
        details: { fingerprint, label, source },
      });
    }
    return isNew;
  });
  return { fingerprint, added };
}

export function removeTrustAnchor(w: WritableDb, fingerprint: string, opts: { actor?: string } = {}): boolean {
  if (!/^[0-9a-f]{64}$/.test(fingerprint)) throw invalid('fingerprint must be 64 hex digits');
  return transaction(w, () => {
    const removed = sqlDeleteAnchor(w, fingerprint);
    if (removed) {
      appendAuditInTx(w, { actor: opts.actor ?? 'system', action: 'trust.anchor_removed', details: { fingerprint } });
    }
    return removed;
  });
}

export function listTrustAnchors(r: ReadableDb): TrustAnchor[] {
  return sqlListAnchors(r).map((row) => ({
    fingerprint: row.fingerprint,
    label: row.label,
    source: row.source,
    der: new Uint8Array(row.der),
    addedAt: row.addedAt,
  }));
}
