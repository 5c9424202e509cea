/**
 * The kiosk's UI settings. Held in memory only (the contract has no settings channel yet), so they reset
 * when the app restarts; none of them is personal data.
 */
export type KioskMode = 'assisted' | 'self';

export interface UiSettings {
  /** Personal data leaves the screen after this many seconds without activity. */
  clearAfterSec: number;
  mode: KioskMode;
  /** Shown only; the service's storage owns retention (not yet reachable through the contract). */
  retentionDays: number;
  /** Operator labels per reader id. */
  readerLabels: Record<string, { label?: string; counter?: string }>;
}

export const DEFAULT_SETTINGS: UiSettings = { clearAfterSec: 60, mode: 'assisted', retentionDays: 30, readerLabels: {} };

export const CLEAR_AFTER_MIN = 3;
export const CLEAR_AFTER_MAX = 600;

export function clampClearAfter(n: number): number {
  if (!Number.isFinite(n)) return DEFAULT_SETTINGS.clearAfterSec;
  return Math.min(CLEAR_AFTER_MAX, Math.max(CLEAR_AFTER_MIN, Math.round(n)));
}

/** The PIN a browser session accepts when no Electron shell checks it (development / demo only). */
export const BROWSER_DEFAULT_PIN = '123456';
