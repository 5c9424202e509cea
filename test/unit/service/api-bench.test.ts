// benchApi runs end to end and prints its figures (timings are printed, never asserted).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createKioskService } from '../../../electron/service/kiosk.js';
import { benchApi } from '../../../electron/service/api/bench.js';

it('benchApi measures WebSocket and HTTP keep-alive series over the real service (figures printed)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chipid-api-bench-test-'));
  const kiosk = await createKioskService({ dataDir: dir, demo: { readers: 2 }, pcsc: false });
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
