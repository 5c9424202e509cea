/** chipid trust import|list|remove — the kiosk's CSCA trust store (data directory), every change audited. */
import { parse } from './args.js';
import { ChipIdError } from '../emrtd/errors.js';
import { dataDir } from '../service/paths.js';
import { loadTrust, importTrustFile, removeTrustEntry, type ImportKind } from '../service/trust.js';
import { openStorage } from '../service/storage/index.js';

export async function cmdTrust(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(rest, {
    root: { type: 'string', multiple: true },
    kind: { type: 'string' },
    json: { type: 'boolean' },
  });
  const dirs = dataDir();
  const store = loadTrust(dirs.trust);
  switch (sub) {
    case 'list': {
      const certs = store.listCertificates().map((e) => ({
        id: e.id,
        subject: e.certificate.subject.text,
        notBefore: e.certificate.notBefore.toISOString().slice(0, 10),
        notAfter: e.certificate.notAfter.toISOString().slice(0, 10),
        explicitParameters: e.certificate.publicKey.kind === 'ec' && e.certificate.publicKey.explicitParams,
        sources: e.sources.map((s) => `${s.name}${s.verified ? '' : ' (unverified source)'}`),
      }));
      const crls = store.listCrls().map((e) => ({ id: e.id, issuer: e.crl.issuer.text, nextUpdate: e.crl.nextUpdate?.toISOString() ?? null, sources: e.sources.map((s) => s.name) }));
      if (values.json) process.stdout.write(JSON.stringify({ certificates: certs, crls }) + '\n');
      else {
        process.stdout.write(`${certs.length} CSCA certificate(s), ${crls.length} CRL(s) in ${dirs.trust}\n`);
        for (const c of certs) process.stdout.write(`${c.id.slice(0, 16)}  ${c.notBefore}..${c.notAfter}  ${c.subject}  [${c.sources.join('; ')}]\n`);
        for (const c of crls) process.stdout.write(`CRL ${c.id.slice(0, 16)}  ${c.issuer}  next ${c.nextUpdate ?? '—'}\n`);
      }
      return 0;
    }
    case 'import': {
      const file = positionals[0];
      if (!file) throw new ChipIdError('KEY_INVALID', 'usage: chipid trust import FILE [--root FILE] [--kind masterlist|ldif|cert|crl]');
      const storage = openStorage(dirs.root, { retention: false, checkpointIntervalMs: false });
      try {
        const r = importTrustFile(dirs.trust, store, storage, file, { kind: (values.kind as ImportKind | undefined) ?? 'auto', ...(values.root ? { roots: values.root } : {}) });
        const verified = r.verification ? r.verification.verified : undefined;
        if (values.json) process.stdout.write(JSON.stringify({ kind: r.kind, total: r.total, added: r.added, duplicates: r.duplicates, errors: r.errors ?? [], ...(verified !== undefined ? { verified } : {}) }) + '\n');
        else {
          process.stdout.write(`imported ${r.kind}: ${r.total} entries, ${r.added} added, ${r.duplicates} already present${r.errors?.length ? `, ${r.errors.length} errors` : ''}\n`);
          if (verified === false) process.stdout.write('warning: the list’s signature was NOT verified against a configured root; its certificates are marked "unverified source".\n');
        }
      } finally {
        storage.close();
      }
      return 0;
    }
    case 'remove': {
      const target = positionals[0];
      if (!target) throw new ChipIdError('KEY_INVALID', 'usage: chipid trust remove ID|SOURCE-NAME');
      const storage = openStorage(dirs.root, { retention: false, checkpointIntervalMs: false });
      try {
        const full = store.listCertificates().find((e) => e.id.startsWith(target.toUpperCase()) && target.length >= 8)?.id ?? target;
        const n = removeTrustEntry(dirs.trust, store, storage, full);
        process.stdout.write(values.json ? JSON.stringify({ removed: n }) + '\n' : `removed ${n} entr${n === 1 ? 'y' : 'ies'}\n`);
      } finally {
        storage.close();
      }
      return 0;
    }
    default:
      throw new ChipIdError('KEY_INVALID', 'usage: chipid trust import|list|remove …');
  }
}
