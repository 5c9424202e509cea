/**
 * The kiosk's storage as the fleet sync's source (electron/fleet/sync.ts FleetSource): its outbox in order,
 * its high-water mark and last attempt (kept in its settings, so `chipid fleet status` in another process
 * sees them) and its audit chain's head.
 */
import { fleetAfter, fleetAuditHead, fleetHwm, fleetLastSeq, fleetStatusRecord, kioskId, saveFleetStatusRecord, setFleetHwm, type Storage } from './storage/index.js';

export function kioskFleetSource<R>(storage: Storage, opts: { appVersion: string; kioskName?: string | null }) {
  return {
    kioskId: kioskId(storage.write),
    kioskName: opts.kioskName ?? null,
    appVersion: opts.appVersion,
    after: (afterSeq: number, limit: number) => fleetAfter(storage.read, afterSeq, limit),
    hwm: () => fleetHwm(storage.read),
    setHwm: (seq: number) => setFleetHwm(storage.write, seq),
    lastSeq: () => fleetLastSeq(storage.read),
    auditHead: () => fleetAuditHead(storage.read),
    saveStatus: (s: R) => saveFleetStatusRecord(storage.write, s),
    loadStatus: () => fleetStatusRecord<R>(storage.read),
  };
}
