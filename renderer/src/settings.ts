/**
 * What the screens need of the operator settings. The service owns and persists them (getSettings,
 * settingsChanged); the page keeps only this in-memory view and never writes browser storage.
 */
import type { KioskMode, KioskSettings } from '../../electron/contract/types.js';
import { NO_FRAMING, type ScannerFraming } from './scanner.js';

export type { KioskMode };

export interface UiSettings {
  /** Personal data leaves the screen after this many seconds without activity (resultTimeoutSeconds). */
  clearAfterSec: number;
  mode: KioskMode;
  /** The QR scanner's configured prefix/suffix (the service's scannerPrefix/scannerSuffix; '' = none). */
  scanner: ScannerFraming;
  /** Each workflow's settings as the service has them (getSettings().workflows; defaults filled in). */
  workflows: Readonly<Record<string, Readonly<Record<string, string | number | boolean | null>>>>;
}

/** Until the service answers: the service's own defaults. */
export const DEFAULT_SETTINGS: UiSettings = { clearAfterSec: 60, mode: 'assisted', scanner: NO_FRAMING, workflows: {} };

export function uiSettings(s: KioskSettings | null): UiSettings {
  if (!s) return DEFAULT_SETTINGS;
  // An older service without the fields: no framing.
  const scanner = s.scannerPrefix || s.scannerSuffix ? { prefix: s.scannerPrefix ?? '', suffix: s.scannerSuffix ?? '' } : NO_FRAMING;
  return { clearAfterSec: s.resultTimeoutSeconds, mode: s.mode, scanner, workflows: s.workflows ?? {} };
}
