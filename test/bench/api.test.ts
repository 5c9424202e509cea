// benchApi runs end to end and prints its figures (timings are printed, never asserted).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createKioskService } from '../../electron/service/kiosk.js';
import { benchApi, benchFlood } from '../../bench/api.js';
import { demoCards } from '../helpers/demo-cards.js';

it('benchApi measures WebSocket and HTTP keep-alive series over the real service (figures printed)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chipid-api-bench-test-'));
  const kiosk = await createKioskService({ dataDir: dir, demo: { cards: demoCards(), readers: 2 }, pcsc: false });
  try {
    const f = await benchApi(kiosk, { requests: 1000, warmup: 100 });
    console.log(`[bench api] ${JSON.stringify(f)}`);
    for (const s of [f.ws, f.wsPipelined16, f.httpKeepAlive]) {
      expect(s.requests).toBe(1000);
      expect(s.p50Ms).toBeLessThanOrEqual(s.p99Ms);
      expect(s.p99Ms).toBeLessThanOrEqual(s.maxMs);
    }
    expect(f.target).toEqual({ perSecond: 1000, p99Ms: 10 });
  } finally {
    await kiosk.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('benchFlood measures legitimate hellos while 80 reconnect loops flood the WebSocket (figures printed)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chipid-api-flood-test-'));
  const kiosk = await createKioskService({ dataDir: dir, demo: { cards: demoCards(), readers: 1 }, pcsc: false });
  try {
    const f = await benchFlood(kiosk, { attemptsPerClient: 10 });
    console.log(`[bench flood] ${JSON.stringify(f)}`);
    expect(f.floodLoops).toBe(80);
    // The flood really ran: more upgrades than loops (each loop reconnects when refused or displaced).
    expect(f.floodAttempts).toBeGreaterThan(f.floodLoops);
    for (const s of [f.bearerOnUpgrade, f.tokenInSubprotocol, f.tokenInHello]) {
      expect(s.attempts).toBe(40);
      expect(s.succeeded).toBeLessThanOrEqual(s.attempts);
      expect(s.successRate).toBe(Math.round((s.succeeded / s.attempts) * 10_000) / 10_000);
    }
    expect(f.target).toEqual({ successRate: 0.99, p99Ms: 50 });
  } finally {
    await kiosk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
