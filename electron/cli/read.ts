import { writeFileSync } from 'node:fs';
import { parse } from './args.js';
import { ChipIdError, asChipIdError } from '../emrtd/errors.js';
import type { CardChannel } from '../emrtd/channel.js';
import type { ReadStrategy } from '../emrtd/files.js';
import { planKeys } from '../service/access-keys.js';
import { readCard, toDump, type ReadCardResult, type ReadOutput } from '../service/read-card.js';
import { recordFailed, recordVerification } from '../service/results.js';
import { openStorage } from '../service/storage/index.js';
import { WorkflowRegistry } from '../service/workflows/registry.js';
import { WORKFLOWS } from '../service/workflows/index.js';
import type { ReaderView, ServiceEvent } from '../contract/types.js';
import { signDocument, thisKioskSigningKey } from '../service/kiosk-signature.js';
import { systemRng } from '../service/rng.js';
import { startWatcher, waitForCard } from '../service/pcsc-wait.js';
import { createVirtualCard, isProfileName } from '../vcard/profiles.js';
import { dataDir } from '../service/paths.js';
import { loadTrust } from '../service/trust.js';
import { testPkiCerts } from '../devkit/test-pki.js';
import { addTrustPaths } from './verify.js';
import { VirtualChannel } from '../vcard/channel.js';
import { checkLabel, checkList } from '../contract/tiers.js';

const STRATEGIES: ReadStrategy[] = ['extended', 'adaptive', 'short224'];

/** The card to read: the built-in virtual card in-process (--virtual), or the one on a PC/SC reader. */
export async function openCard(o: { virtual?: string | undefined; reader?: string | undefined; wait?: string | undefined }): Promise<{ channel: CardChannel; close(): Promise<void> }> {
  if (o.virtual !== undefined) {
    if (!isProfileName(o.virtual)) throw new ChipIdError('KEY_INVALID', `unknown virtual profile "${o.virtual}"`);
    return { channel: new VirtualChannel(createVirtualCard({ profile: o.virtual, rng: systemRng }).card), close: async () => undefined };
  }
  const w = await startWatcher();
  try {
    const ch = await waitForCard(w, o.reader, Number(o.wait ?? 15) * 1000);
    return {
      channel: ch,
      close: async () => {
        await ch.disconnect('reset');
        await w.close();
      },
    };
  } catch (e) {
    await w.close();
    throw e;
  }
}

/** The kiosk's trust store (data directory); --virtual adds the virtual cards' TEST CSCA in memory only. */
export function cliTrust(virtual: boolean, extra?: string[]): ReturnType<typeof loadTrust> {
  const trust = loadTrust(dataDir().trust, virtual ? { demoAnchor: testPkiCerts().cscaDer } : {});
  if (extra?.length) addTrustPaths(trust, extra);
  return trust;
}

export async function cmdRead(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    reader: { type: 'string' },
    virtual: { type: 'string' },
    id: { type: 'string' },
    dob: { type: 'string' },
    doe: { type: 'string' },
    mrz: { type: 'string' },
    can: { type: 'string' },
    qr: { type: 'string' },
    'no-photo': { type: 'boolean' },
    'photo-out': { type: 'string' },
    dump: { type: 'string' },
    strategy: { type: 'string' },
    strict: { type: 'boolean' },
    trust: { type: 'string', multiple: true },
    wait: { type: 'string' },
    record: { type: 'boolean' },
    counter: { type: 'string' },
    json: { type: 'boolean' },
  });
  const strategy = values.strategy as ReadStrategy | undefined;
  if (strategy && !STRATEGIES.includes(strategy)) throw new ChipIdError('KEY_INVALID', `--strategy must be one of ${STRATEGIES.join(', ')}`);
  const plan = planKeys({ id: values.id, dob: values.dob, doe: values.doe, mrz: values.mrz, can: values.can, qr: values.qr });

  // --trust FILE adds anchors for this read only.
  const trust = cliTrust(values.virtual !== undefined, values.trust);

  const { channel, close } = await openCard(values);
  // --record: stored as an event of this kiosk like any read at a counter (and so in its fleet outbox).
  const record = values.record ? cliRecorder(values.virtual !== undefined ? `virtual ${values.virtual}` : (values.reader ?? 'PC/SC'), values.counter ?? 'cli') : undefined;
  const started = performance.now();
  try {
    const res = await readCard(channel, {
      plan,
      rng: systemRng,
      photo: !values['no-photo'],
      ...(strategy ? { strategy } : {}),
      allowBacFallback: !values.strict,
      trust,
    }).catch((e: unknown) => {
      record?.failed(asChipIdError(e).code, performance.now() - started);
      throw e;
    });
    record?.finished(res);
    if (values['photo-out'] && res.photoBytes) writeFileSync(values['photo-out'], res.photoBytes, { mode: 0o600 });
    // The dump is signed with this kiosk's key: elsewhere it vouches for what cannot be re-proved offline.
    if (values.dump) writeFileSync(values.dump, JSON.stringify(signDocument(toDump(res.raw), thisKioskSigningKey(dataDir().root)), null, 1), { mode: 0o600 });
    if (values.json) process.stdout.write(JSON.stringify(res.output) + '\n');
    else printHuman(res.output);
    return res.output.verdict === 'verified' ? 0 : 5;
  } finally {
    record?.close();
    await close();
  }
}

/** Records a command-line read in this kiosk's storage, as the service records a counter's read. */
function cliRecorder(readerName: string, counter: string) {
  const storage = openStorage(dataDir().root, { retention: false, checkpointIntervalMs: false, components: new WorkflowRegistry(WORKFLOWS).migrations() });
  const reader: ReaderView = { id: 'cli', name: readerName, kind: 'virtual', counter, workflow: 'verify-only', cardPresent: true, state: 'reading' };
  const opts = { client: { clientId: 'cli', purpose: 'cli' as const } };
  const onError = (e: ServiceEvent): void => {
    if (e.type === 'error') throw new ChipIdError('INTERNAL', `the read could not be recorded: ${e.error.code}`);
  };
  return {
    finished: (res: ReadCardResult) => recordVerification(storage, reader, res, opts, onError),
    failed: (code: string, elapsedMs: number) => {
      try {
        recordFailed(storage, reader, { code, elapsedMs }, opts, onError);
      } catch {
        // The read's own error is what the caller reports.
      }
    },
    close: () => storage.close(),
  };
}

function printHuman(o: ReadOutput): void {
  const id = o.identity;
  const lines = [
    o.verdict === 'verified' ? '✔ ĐÃ XÁC THỰC / VERIFIED' : '✘ CHƯA XÁC THỰC / NOT VERIFIED',
    `Họ tên / Name:            ${id.fullName ?? '—'}`,
    `Số định danh / ID:        ${id.idNumber ?? o.document.documentNumber ?? '—'}`,
    `Ngày sinh / Born:         ${id.dateOfBirth ?? '—'}`,
    `Giới tính / Sex:          ${id.sex ?? '—'}`,
    `Nơi thường trú / Address: ${id.placeOfResidence ?? '—'}`,
    `Có giá trị đến / Expires: ${id.dateOfExpiry ?? '—'}`,
    `Truy cập / Access:        ${o.access.protocol}${o.access.fallbackReason ? ` (fallback: ${o.access.fallbackReason})` : ''}`,
    ...checkList(o.checks).map(([k, c]) => `  ${c.status === 'pass' ? '✔' : c.status === 'fail' ? '✘' : '·'} ${checkLabel(k, 'en')}: ${c.status} — ${c.reason}`),
    `APDUs ${o.stats.apdus}, ${o.stats.bytesReceived} B in, card ${o.stats.cardMs} ms, host ${o.stats.hostMs} ms, total ${o.stats.totalMs} ms`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
