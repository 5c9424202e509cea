/**
 * chipid bench --service: the kiosk service's own cost per read (excluding card I/O and the read itself),
 * the local agent API under load, and (with --storage) the store's insert and lookup latencies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKioskService } from '../electron/service/kiosk.js';
import { benchApi, benchFlood } from './api.js';
import { benchStorage } from './storage.js';
import type { ReadResultView, ServiceEvent } from '../electron/contract/types.js';
import { PERSON_A } from '../electron/vcard/person.js';
import { createDemoCards } from '../electron/vcard/demo-cards.js';
import { systemRng } from '../electron/service/rng.js';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Service overhead = startRead → the session's result event, minus the read's own total (card I/O + protocol + verify). */
export async function benchServiceOverhead(runs = 20): Promise<{ runs: number; p50Ms: number; p99Ms: number; maxMs: number }> {
  const home = mkdtempSync(join(tmpdir(), 'chipid-bench-svc-'));
  const svc = await createKioskService({ dataDir: home, demo: { cards: createDemoCards({ rng: systemRng }), readers: 1 }, pcsc: false, resultTimeoutMs: 0, defaultClient: { clientId: 'cli', purpose: 'cli' } });
  const overhead: number[] = [];
  try {
    const reader = 'virtual:0';
    for (let i = 0; i < runs + 2; i++) {
      await svc.demoCard(reader, 'insert', 'cccd-2021');
      const done = new Promise<ReadResultView>((resolve) => {
        const off = svc.subscribe((e: ServiceEvent) => {
          if (e.type === 'session' && e.readerId === reader && e.session.state === 'result') {
            off();
            resolve(e.session.result);
          }
        });
      });
      const t0 = performance.now();
      await svc.startRead(reader, { id: PERSON_A.idNumber });
      const res = await done;
      const wall = performance.now() - t0;
      if (i >= 2) overhead.push(Math.max(0, wall - res.timings.totalMs));
      await svc.demoCard(reader, 'remove');
    }
  } finally {
    await svc.close();
    rmSync(home, { recursive: true, force: true });
  }
  return { runs, p50Ms: r2(pct(overhead, 50)), p99Ms: r2(pct(overhead, 99)), maxMs: r2(Math.max(...overhead)) };
}

export async function benchServiceReport(opts: { storage: boolean; events: number }): Promise<{ lines: string[]; json: Record<string, unknown> }> {
  const service = await benchServiceOverhead(20);
  const home = mkdtempSync(join(tmpdir(), 'chipid-bench-api-'));
  const svc = await createKioskService({ dataDir: home, demo: { cards: createDemoCards({ rng: systemRng }), readers: 2 }, pcsc: false });
  let api;
  let flood;
  try {
    api = await benchApi(svc, { requests: 5000 });
    flood = await benchFlood(svc);
  } finally {
    await svc.close();
    rmSync(home, { recursive: true, force: true });
  }
  const lines = [
    `Service overhead per read (start → result event, minus the read itself; ${service.runs} reads): p50 ${service.p50Ms} ms, p99 ${service.p99Ms} ms (target ≤ 20 ms)`,
    `Local agent API, loopback: WebSocket ${Math.round(api.ws.perSecond)} req/s p99 ${api.ws.p99Ms} ms; 16 in flight ${Math.round(api.wsPipelined16.perSecond)} req/s p99 ${api.wsPipelined16.p99Ms} ms; HTTP keep-alive ${Math.round(api.httpKeepAlive.perSecond)} req/s p99 ${api.httpKeepAlive.p99Ms} ms (target ≥ 1000 req/s, p99 ≤ 10 ms)`,
  ];
  const pc = (x: number): string => `${(x * 100).toFixed(1)} %`;
  lines.push(
    `Local flood (${flood.floodLoops} reconnect loops, ${flood.floodAttempts} upgrades meanwhile): legitimate hellos with the token on the upgrade ${pc(flood.bearerOnUpgrade.successRate)} ok, p99 ${flood.bearerOnUpgrade.p99Ms} ms; as a browser subprotocol ${pc(flood.tokenInSubprotocol.successRate)} ok, p99 ${flood.tokenInSubprotocol.p99Ms} ms (target ≥ 99 %, p99 ≤ 50 ms); token only in the hello ${pc(flood.tokenInHello.successRate)} ok, p99 ${flood.tokenInHello.p99Ms} ms`,
  );
  const json: Record<string, unknown> = { serviceOverhead: service, api, flood };
  if (opts.storage) {
    const st = benchStorage({ events: opts.events });
    json.storage = st;
    lines.push(
      `Event insert (event + audit entry): synchronous=FULL p50 ${st.insert.full.p50Ms} ms p99 ${st.insert.full.p99Ms} ms; NORMAL p50 ${st.insert.normal.p50Ms} ms p99 ${st.insert.normal.p99Ms} ms (target p99 ≤ 1 ms)`,
      `Keyed ID-hash lookup among ${st.lookupHit.among.toLocaleString('en')} events: hit p50 ${st.lookupHit.p50Ms} ms p99 ${st.lookupHit.p99Ms} ms; miss p99 ${st.lookupMiss.p99Ms} ms (target p99 ≤ 1 ms); bulk load ${st.bulkLoad.seconds} s`,
    );
  }
  return { lines, json };
}
