/** Support commands: chipid audit verify, chipid events, chipid clients pair|list|revoke. */
import { parse } from './args.js';
import { ChipIdError } from '../emrtd/errors.js';
import { dataDir } from '../service/paths.js';
import { appendAudit, auditHead, listEvents, openStorage, verifyAuditChain, type Storage } from '../service/storage/index.js';
import { openClientStore } from '../service/api/clients.js';
import type { Purpose } from '../contract/types.js';

function withStorage<T>(f: (s: Storage, root: string) => T): T {
  const root = dataDir().root;
  const s = openStorage(root, { retention: false, checkpointIntervalMs: false });
  try {
    return f(s, root);
  } finally {
    s.close();
  }
}

export async function cmdAudit(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parse(rest, { json: { type: 'boolean' }, anchor: { type: 'string' } });
  if (sub === 'head') {
    // Copy this somewhere else (a printout, another system): later `audit verify --anchor` proves that no
    // entry up to it was removed or rewritten.
    const head = withStorage((s) => auditHead(s.read));
    process.stdout.write(values.json ? JSON.stringify(head) + '\n' : `${head.seq}:${head.hash}\n`);
    return 0;
  }
  if (sub !== 'verify') throw new ChipIdError('KEY_INVALID', 'usage: chipid audit verify [--anchor SEQ:HASH] [--json] | audit head [--json]');
  let anchor: { seq: number; hash: string } | undefined;
  if (values.anchor) {
    const m = /^(\d+):([0-9a-f]{64})$/.exec(values.anchor);
    if (!m) throw new ChipIdError('KEY_INVALID', '--anchor takes SEQ:HASH as printed by `chipid audit head`');
    anchor = { seq: Number(m[1]), hash: m[2]! };
  }
  const r = withStorage((s) => verifyAuditChain(s.read, anchor));
  if (values.json) process.stdout.write(JSON.stringify(r) + '\n');
  else if (r.ok) process.stdout.write(`audit chain intact: ${r.entries} entries\n`);
  else process.stdout.write(`AUDIT CHAIN BROKEN at entry ${r.firstBrokenSeq}: ${r.reason}\n`);
  return r.ok ? 0 : 6;
}

export async function cmdEvents(argv: string[]): Promise<number> {
  const { values } = parse(argv, { since: { type: 'string' }, limit: { type: 'string' }, verdict: { type: 'string' }, json: { type: 'boolean' } });
  let since: number | undefined;
  if (values.since) {
    const rel = /^(\d+)([dhm])$/.exec(values.since);
    since = rel ? Date.now() - Number(rel[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[2] as 'd' | 'h' | 'm'] : Date.parse(values.since);
    if (Number.isNaN(since)) throw new ChipIdError('KEY_INVALID', '--since takes an ISO date or 7d / 12h / 30m');
  }
  const verdict = values.verdict as 'verified' | 'not_verified' | 'error' | undefined;
  const events = withStorage((s) => listEvents(s.read, { ...(since !== undefined ? { since } : {}), limit: Number(values.limit ?? 100), ...(verdict ? { verdict } : {}) }));
  if (values.json) {
    process.stdout.write(JSON.stringify({ events }) + '\n');
    return 0;
  }
  for (const e of events) {
    const failing = Object.entries(e.tiers)
      .filter(([k, c]) => k !== 'onlineConfirmed' && (c as { status: string }).status !== 'pass')
      .map(([k]) => k);
    process.stdout.write(`${e.atIso}  ${e.readerName}  ${e.verdict.padEnd(12)} ID …${e.idLast4 ?? '????'}  ${failing.length ? `failing: ${failing.join(', ')}` : ''}\n`);
  }
  if (events.length === 0) process.stdout.write('no verification events\n');
  return 0;
}

const PURPOSES: Purpose[] = ['kiosk', 'hospital', 'bank', 'verify-only'];

export async function cmdClients(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(rest, {
    name: { type: 'string' },
    purpose: { type: 'string' },
    origin: { type: 'string', multiple: true },
    'no-origin': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const root = dataDir().root;
  const store = openClientStore(root);
  switch (sub) {
    case 'pair': {
      if (!values.name || !values.purpose || !PURPOSES.includes(values.purpose as Purpose)) {
        throw new ChipIdError('KEY_INVALID', `usage: chipid clients pair --name NAME --purpose ${PURPOSES.join('|')} [--origin https://…]… [--no-origin]`);
      }
      const r = store.pair({ name: values.name, purpose: values.purpose as Purpose, origins: values.origin ?? [], allowNoOrigin: !!values['no-origin'] });
      withStorage((s) => appendAudit(s.write, { actor: 'operator', action: 'api.client.paired', details: { clientId: r.clientId, purpose: values.purpose!, origins: values.origin?.length ?? 0 } }));
      if (values.json) process.stdout.write(JSON.stringify(r) + '\n');
      else process.stdout.write(`client ${r.clientId} paired (${values.purpose}).\nToken (shown once; give it to the integrator, keep it secret):\n${r.token}\n`);
      return 0;
    }
    case 'list': {
      const list = store.list();
      if (values.json) process.stdout.write(JSON.stringify({ clients: list }) + '\n');
      else for (const c of list) process.stdout.write(`${c.clientId}  ${c.name}  ${c.purpose}  ${c.origins.join(' ') || '(no origin)'}  ${c.revokedAt ? `revoked ${c.revokedAt}` : 'active'}\n`);
      return 0;
    }
    case 'revoke': {
      const id = positionals[0];
      if (!id || !store.revoke(id)) throw new ChipIdError('KEY_INVALID', 'no active client with that id');
      withStorage((s) => appendAudit(s.write, { actor: 'operator', action: 'api.client.revoked', details: { clientId: id } }));
      process.stdout.write(`client ${id} revoked\n`);
      return 0;
    }
    default:
      throw new ChipIdError('KEY_INVALID', 'usage: chipid clients pair|list|revoke …');
  }
}
