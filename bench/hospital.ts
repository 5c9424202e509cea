/**
 * chipid bench --hospital: tap → ticket at a hospital counter, against the read alone. The card is the
 * virtual CCCD under the read bench's latency model (or a real channel given by the caller: the PC/SC bench
 * script passes one), the gateway is the local fake on loopback (real HTTP), the printer the fake network
 * printer (real TCP), the HIS receiver real HTTP. Split: read (card + host, verification included), the
 * insurance lookup (started at read time: what it adds is only the part not hidden behind the read), the
 * check-in (registry, queue number, outbox) and the print.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planKeys } from '../electron/service/access-keys.js';
import { readCard } from '../electron/service/read-card.js';
import { fileDigests } from '../electron/service/file-digests.js';
import { systemRng } from '../electron/service/rng.js';
import { openStorage, type Storage } from '../electron/service/storage/index.js';
import { addDemoAnchor, defaultTrustStore } from '../electron/service/trust.js';
import { testPkiCerts } from '../electron/devkit/test-pki.js';
import { createVirtualCard } from '../electron/vcard/profiles.js';
import { DEFAULT_LATENCY, VirtualChannel } from '../electron/vcard/channel.js';
import type { CardChannel } from '../electron/emrtd/channel.js';
import { WORKFLOWS, WorkflowRegistry, type JobContext } from '../electron/service/workflows/index.js';
import { hospital } from '../electron/service/workflows/hospital/index.js';
import { HospitalDesk } from '../electron/service/workflows/hospital/desk.js';
import { saveDepartment } from '../electron/service/workflows/hospital/store/index.js';
import { addOperator, getOperator } from '../electron/service/operators.js';
import { startFakeGateway, DEMO_CARDS } from '../electron/devkit/bhyt-fake.js';
import { startFakePrinter } from '../electron/devkit/fake-printer.js';
import { startFakeHis } from '../electron/devkit/fake-his.js';
import { PERSON_A } from '../electron/vcard/person.js';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r1 = (x: number): number => Math.round(x * 10) / 10;

export interface HospitalBench {
  runs: number;
  readMs: number;
  tapToTicketMs: number;
  ratio: number;
  split: { readMs: number; lookupWaitMs: number; checkinMs: number; printMs: number };
  checkinsPerMinute: number;
}

/** Median figures over `runs` taps. `channel()` gives a fresh card each tap (default: the virtual card, latency modelled). */
export async function benchHospital(opts: { runs?: number; channel?: () => Promise<CardChannel> } = {}): Promise<HospitalBench> {
  const runs = opts.runs ?? 10;
  const home = mkdtempSync(join(tmpdir(), 'chipid-bench-hospital-'));
  const gw = await startFakeGateway({ username: 'bench', password: 'bench-pass', cards: DEMO_CARDS });
  const printer = await startFakePrinter();
  const his = await startFakeHis();
  const registry = new WorkflowRegistry(WORKFLOWS);
  const storage: Storage = openStorage(home, { retention: false, checkpointIntervalMs: false, components: registry.migrations() });
  const trust = defaultTrustStore();
  addDemoAnchor(trust, testPkiCerts().cscaDer);
  const channel = opts.channel ?? (async () => new VirtualChannel(createVirtualCard({ profile: 'cccd-2021', rng: systemRng }).card, { latency: DEFAULT_LATENCY }));
  try {
    saveDepartment(storage, { code: 'K01', name: 'Khám Nội', prefix: 'A', active: true }, 'bench');
    const op = await addOperator(storage, { name: 'Lê Thị Tiếp Đón', cccd: '001190000123', role: 'reception', pin: '482615' }, 'bench');
    const env = { CHIPID_BHYT_URL: gw.url, CHIPID_BHYT_USERNAME: 'bench', CHIPID_BHYT_PASSWORD: 'bench-pass', CHIPID_TICKET_PRINTER: printer.url, CHIPID_HIS_WEBHOOK: his.url };
    const ctx: JobContext = {
      storage,
      env,
      settings: () => ({}),
      counter: (readerId) => ({ readerId, readerName: 'bench', workflow: 'hospital', operator: op.id }),
      operator: (id) => getOperator(storage, id),
    };
    const desk = new HospitalDesk(ctx);
    const plan = planKeys({ id: PERSON_A.idNumber });
    const read = async () => readCard(await channel(), { plan, rng: systemRng, photo: true, trust, requiredTiers: hospital.requiredTiers });
    const readOnly: number[] = [];
    const total: number[] = [];
    const lookupWait: number[] = [];
    const checkin: number[] = [];
    const print: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      await read();
      if (i > 0) readOnly.push(performance.now() - t0);
    }
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      const res = await read();
      desk.holdRead({ workflow: 'hospital', readerId: 'bench', readerName: 'bench', output: res.output, digests: fileDigests(res.raw.files), storage });
      const t1 = performance.now();
      await desk.settle('bench', 10_000);
      const t2 = performance.now();
      const job = printer.nextJob();
      const r = await desk.checkIn({ readerId: 'bench', department: 'K01' });
      const t3 = performance.now();
      await job;
      if (!r.print.printed) throw new Error(`bench: the ticket was not printed (${r.print.errorCode ?? '?'})`);
      if (i === 0) continue;
      total.push(t3 - t0);
      lookupWait.push(t2 - t1);
      checkin.push(t3 - t2);
      print.push(desk.lastPrintMs);
    }
    const readMs = pct(readOnly, 50);
    const tapToTicketMs = pct(total, 50);
    return {
      runs,
      readMs: r1(readMs),
      tapToTicketMs: r1(tapToTicketMs),
      ratio: Math.round((tapToTicketMs / readMs) * 100) / 100,
      split: { readMs: r1(pct(total, 50) - pct(lookupWait, 50) - pct(checkin, 50)), lookupWaitMs: r1(pct(lookupWait, 50)), checkinMs: r1(pct(checkin, 50) - pct(print, 50)), printMs: r1(pct(print, 50)) },
      // One counter, back to back: limited by the card (the read) when the software's share is small.
      checkinsPerMinute: Math.floor(60_000 / tapToTicketMs),
    };
  } finally {
    storage.close();
    await Promise.allSettled([gw.close(), printer.close(), his.close()]);
    rmSync(home, { recursive: true, force: true });
  }
}

export function hospitalBenchLines(b: HospitalBench): string[] {
  return [
    `Hospital tap → ticket (virtual CCCD, latency model; gateway fake on loopback HTTP, printer fake on TCP; median of ${b.runs}):`,
    `  read alone ${b.readMs} ms; tap → ticket ${b.tapToTicketMs} ms = ${b.ratio}× the read (goal ≤ 1.3×)`,
    `  split: read ${b.split.readMs} ms, insurance lookup wait ${b.split.lookupWaitMs} ms (started at read time), check-in ${b.split.checkinMs} ms, print ${b.split.printMs} ms`,
    `  one counter back to back: ${b.checkinsPerMinute} check-ins per minute`,
  ];
}
