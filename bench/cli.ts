/**
 * chipid bench: a full read of the virtual CCCD under a latency model, three read strategies side by side.
 * Figures: APDUs, bytes, host CPU ms (reader side only: the virtual card's own CPU time is subtracted),
 * modelled card ms, and the ratio to the floor (every file byte at link rate plus one APDU per file).
 */
import { parse } from '../electron/cli/args.js';
import { ChipIdError } from '../electron/emrtd/errors.js';
import type { ReadStrategy } from '../electron/emrtd/files.js';
import { planKeys } from '../electron/service/access-keys.js';
import { readCard } from '../electron/service/read-card.js';
import { systemRng } from '../electron/service/rng.js';
import { createVirtualCard, isProfileName, type ProfileName } from '../electron/vcard/profiles.js';
import { DEFAULT_LATENCY, VirtualChannel, type LatencyModel } from '../electron/vcard/channel.js';
import { addDemoAnchor, defaultTrustStore } from '../electron/service/trust.js';
import { testPkiCerts } from '../electron/devkit/test-pki.js';
import { benchActiveAuthentication, benchChipAuthentication, benchPace } from './pace.js';
import { benchPassiveAuth } from './pki.js';
import { benchServiceReport } from './service.js';
import { benchHospital, hospitalBenchLines } from './hospital.js';
import { benchFace, faceBenchLines } from './face.js';
import { benchLocalDashboard } from './dashboard-local.js';
import { benchFleet, fleetBenchLines } from './fleet.js';

interface Row {
  strategy: ReadStrategy;
  protocol: string;
  apdus: number;
  bytesSent: number;
  bytesReceived: number;
  hostMsMedian: number;
  hostMsMin: number;
  cardMs: number;
  floorMs: number;
  ratio: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const r2 = (x: number): number => Math.round(x * 100) / 100;

export async function benchRead(
  profile: ProfileName,
  strategy: ReadStrategy,
  model: LatencyModel,
  runs: number,
  mode: 'bac' | 'pace' = 'bac',
): Promise<Row> {
  const host: number[] = [];
  let last: Omit<Row, 'hostMsMedian' | 'hostMsMin'> | undefined;
  const trust = defaultTrustStore();
  addDemoAnchor(trust, testPkiCerts().cscaDer);
  for (let i = 0; i < runs + 1; i++) {
    const bundle = createVirtualCard({ profile, rng: systemRng });
    const person = bundle.person;
    const ch = new VirtualChannel(bundle.card, { latency: model });
    // 'bac': BAC from ID + dates, no Chip/Active Authentication — the common library path.
    // 'pace': PACE by the CAN alone, then Chip Authentication and Active Authentication.
    const plan = mode === 'pace' ? planKeys({ can: person.idNumber.slice(-6) }) : planKeys({ id: person.idNumber, dob: person.dateOfBirth, ...(person.dateOfExpiry ? { doe: person.dateOfExpiry } : {}) });
    const protocols = mode === 'pace' ? {} : { pace: false, chipAuthentication: false, activeAuthentication: false };
    const t0 = performance.now();
    const res = await readCard(ch, { plan, rng: systemRng, strategy, protocols, trust });
    const wall = performance.now() - t0;
    if (i > 0) host.push(wall - ch.cardCpuMs); // first run warms up the JIT
    const files = [res.raw.files.com, res.raw.files.sod, ...res.raw.files.dataGroups.values()].filter((f): f is Uint8Array => f !== undefined);
    const bytes = files.reduce((n, f) => n + f.length, 0);
    const floorMs = (bytes * 8 * 1000) / model.bitsPerSecond + files.length * model.perApduMs;
    last = {
      strategy,
      protocol: res.output.access.protocol,
      apdus: res.output.stats.apdus,
      bytesSent: res.output.stats.bytesSent,
      bytesReceived: res.output.stats.bytesReceived,
      cardMs: r2(ch.modelledMs),
      floorMs: r2(floorMs),
      ratio: r2(ch.modelledMs / floorMs),
    };
  }
  return { ...last!, hostMsMedian: r2(median(host)), hostMsMin: r2(Math.min(...host)) };
}

export async function cmdBench(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    profile: { type: 'string' },
    rate: { type: 'string' },
    'apdu-ms': { type: 'string' },
    runs: { type: 'string' },
    service: { type: 'boolean' },
    storage: { type: 'boolean' },
    events: { type: 'string' },
    hospital: { type: 'boolean' },
    face: { type: 'boolean' },
    fleet: { type: 'boolean' },
    'no-leak': { type: 'boolean' },
    dashboard: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.dashboard) {
    const b = await benchLocalDashboard({ events: Number(values.events ?? 1_000_000), runs: Math.max(1, Number(values.runs ?? 50)) });
    const lines = [
      `kiosk dashboard over ${b.events} fleet events (90 days, SQLite): ${b.rollupRows} rollup rows, database ${(b.dbBytes / 1e6).toFixed(1)} MB`,
      `  fill ${b.fillPerSec} events/s in batches; one event in its own transaction ${b.singleAppendUs} µs (event row + rollup upsert)`,
      `  90 days by day:  first ${b.day90.firstMs} ms, p50 ${b.day90.p50Ms} ms, p95 ${b.day90.p95Ms} ms`,
      `  7 days by hour:  p50 ${b.hour7.p50Ms} ms, p95 ${b.hour7.p95Ms} ms`,
    ];
    process.stdout.write(values.json ? JSON.stringify(b) + '\n' : lines.join('\n') + '\n');
    return 0;
  }
  if (values.fleet) {
    // --events scales the fault run (default 1,000,000); --runs the dashboard's repetitions (default 50).
    const b = await benchFleet({ ...(values.events ? { faultEvents: Number(values.events) } : {}), dashboardRuns: Math.max(1, Number(values.runs ?? 50)) });
    process.stdout.write(values.json ? JSON.stringify(b) + '\n' : fleetBenchLines(b).join('\n') + '\n');
    return 0;
  }
  if (values.face) {
    const b = await benchFace({ runs: Math.max(1, Number(values.runs ?? 50)), leakRuns: values['no-leak'] ? 0 : 1000 });
    process.stdout.write(values.json ? JSON.stringify(b) + '\n' : faceBenchLines(b).join('\n') + '\n');
    return 0;
  }
  if (values.hospital) {
    const b = await benchHospital({ runs: Math.max(1, Number(values.runs ?? 10)) });
    process.stdout.write(values.json ? JSON.stringify(b) + '\n' : hospitalBenchLines(b).join('\n') + '\n');
    return 0;
  }
  if (values.service || values.storage) {
    const r = await benchServiceReport({ storage: !!values.storage, events: Number(values.events ?? 1_000_000) });
    process.stdout.write(values.json ? JSON.stringify(r.json) + '\n' : r.lines.join('\n') + '\n');
    return 0;
  }
  const profile = values.profile ?? 'cccd-2021';
  if (!isProfileName(profile)) throw new ChipIdError('KEY_INVALID', `unknown profile "${profile}"`);
  const model: LatencyModel = {
    ...DEFAULT_LATENCY,
    ...(values.rate ? { bitsPerSecond: Number(values.rate) } : {}),
    ...(values['apdu-ms'] ? { perApduMs: Number(values['apdu-ms']) } : {}),
  };
  const runs = Math.max(1, Number(values.runs ?? 7));
  const rows: Row[] = [];
  for (const s of ['short224', 'adaptive', 'extended'] as ReadStrategy[]) rows.push(await benchRead(profile, s, model, runs));
  const protocolRows = [await benchRead(profile, 'extended', model, runs, 'bac'), await benchRead(profile, 'extended', model, runs, 'pace')];
  const crypto = [await benchPace(20), await benchChipAuthentication(20), benchActiveAuthentication(50)];
  const pa = benchPassiveAuth(20);
  if (values.json) {
    process.stdout.write(JSON.stringify({ profile, model, runs, reads: rows, protocols: protocolRows, crypto, passiveAuthentication: pa }) + '\n');
    return 0;
  }
  const out: string[] = [];
  out.push(`Full read of the virtual ${profile} (${model.bitsPerSecond / 1000} kbit/s, ${model.perApduMs} ms per APDU, ${model.publicKeyOpMs} ms per public-key step; median of ${runs} runs)`);
  out.push('strategy   protocol                               APDUs  sent B  recv B  host ms (med/min)  card ms  floor ms  ratio');
  for (const r of rows) {
    out.push(
      `${r.strategy.padEnd(10)} ${r.protocol.padEnd(38)} ${String(r.apdus).padStart(5)} ${String(r.bytesSent).padStart(7)} ${String(r.bytesReceived).padStart(7)}  ${`${r.hostMsMedian}/${r.hostMsMin}`.padStart(17)} ${String(r.cardMs).padStart(8)} ${String(r.floorMs).padStart(9)} ${r.ratio.toFixed(2).padStart(6)}`,
    );
  }
  out.push('floor = every file byte at link rate + one APDU per file; host ms excludes the virtual card’s own CPU time.');
  out.push('');
  out.push('Access protocols, extended length (BAC alone vs PACE by the CAN + Chip Authentication + Active Authentication):');
  for (const r of protocolRows) {
    out.push(`${r.protocol.padEnd(40)} ${String(r.apdus).padStart(4)} APDUs  card ${String(r.cardMs).padStart(8)} ms  host ${r.hostMsMedian} ms (median)`);
  }
  out.push('');
  out.push('Host crypto (reader side, chip time excluded):');
  for (const c of crypto) out.push(`  ${c.name.padEnd(44)} median ${c.medianMs.toFixed(2)} ms  max ${c.maxMs.toFixed(2)} ms  (target ≤ ${c.targetMs} ms)`);
  out.push(`  ${'passive authentication (CCCD-like SOD, P-512 chain)'.padEnd(44)} median ${pa.passiveAuthMedianMs.toFixed(2)} ms  cold ${pa.passiveAuthColdMs.toFixed(2)} ms  (target ≤ 25 ms)`);
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
