/**
 * The kiosk's reporting to the central PostgreSQL, when one is configured (CHIPID_FLEET_URL=postgres://…):
 * the fleet sync (electron/fleet/sync.ts) over this kiosk's outbox, in the background for as long as the
 * service runs. It backs off while the server is down and records its last attempt in the kiosk's settings
 * (`chipid fleet status` reads them); nothing here ever blocks a read. Without a URL nothing runs.
 */
import { isCentralUrl } from '../fleet/central/db.js';
import { FleetSync, type FleetStatus, type FleetSyncRecord } from '../fleet/sync.js';
import { kioskFleetSource } from './fleet-source.js';
import type { Storage } from './storage/index.js';

export interface KioskFleet {
  status(): FleetStatus;
  /** Ships what is due now (the tests; a support visit). */
  syncNow(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the sync when the environment names a central database; undefined otherwise (or for a malformed URL, logged). */
export function startKioskFleet(storage: Storage, env: NodeJS.ProcessEnv, opts: { appVersion: string; logger?: (msg: string) => void }): KioskFleet | undefined {
  const url = env.CHIPID_FLEET_URL?.trim();
  if (!url) return undefined;
  if (!isCentralUrl(url)) {
    opts.logger?.('fleet: CHIPID_FLEET_URL is not a postgres:// or pglite: URL; reporting is off');
    return undefined;
  }
  const interval = Number(env.CHIPID_FLEET_INTERVAL_MS ?? 15_000);
  const sync = new FleetSync({
    source: kioskFleetSource<FleetSyncRecord>(storage, { appVersion: opts.appVersion, kioskName: env.CHIPID_KIOSK_NAME?.slice(0, 100) ?? null }),
    url,
    intervalMs: Number.isFinite(interval) && interval >= 200 ? interval : 15_000,
  });
  sync.start();
  return {
    status: () => sync.status(),
    syncNow: async () => {
      await sync.runDue({ force: true }).catch(() => undefined);
    },
    close: () => sync.close(),
  };
}
