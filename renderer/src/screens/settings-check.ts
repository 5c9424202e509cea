/**
 * The operator's entries in Settings, checked before anything is sent: a value out of range or a label the
 * service would refuse gets a VN/EN message and stays as typed (never clamped, never cut).
 */
import { SCANNER_FRAMING_RE, SETTINGS_LIMITS } from '../../../electron/contract/types.js';
import type { Strings } from '../i18n/strings.js';

/** One reader's entries as typed ('' = none; workflow '' = the default). */
export interface ReaderDraft {
  label: string;
  counter: string;
  workflow: string;
  operator: string;
}

export interface Draft {
  /** As typed, so an entry that is refused stays on screen unchanged. */
  retentionDays: string;
  resultTimeoutSeconds: string;
  scannerPrefix: string;
  scannerSuffix: string;
  readers: Record<string, ReaderDraft>;
  /** Workflow name → its settings as drafted (a feature's section edits its own; checked by the feature). */
  workflows?: Record<string, Record<string, string | number | boolean | null>>;
}

/** A whole number in the range, or null. */
export function wholeIn(text: string, r: { min: number; max: number }): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= r.min && n <= r.max ? n : null;
}

/** The first problem with a label or counter, or null (trimmed length ≤ 64, no run of 9+ digits). */
export function labelProblem(t: Strings, label: string, value: string): string | null {
  const v = value.trim();
  const len = [...v].length;
  if (len > SETTINGS_LIMITS.labelMaxLength) return t.labelTooLong(label, SETTINGS_LIMITS.labelMaxLength, len);
  if (/\d{9,}/.test(v)) return t.labelDigits(label);
  return null;
}

/** A scanner prefix/suffix the service would refuse → the message, else null ('' = none is fine). */
export function framingProblem(t: Strings, label: string, value: string): string | null {
  return SCANNER_FRAMING_RE.test(value) ? null : t.framingBad(label, SETTINGS_LIMITS.scannerFramingMaxLength);
}

export interface Checked {
  retentionDays: number;
  resultTimeoutSeconds: number;
  scannerPrefix: string;
  scannerSuffix: string;
}

/** The checked numbers, or the messages (one per refused entry). */
export function checkDraft(t: Strings, d: Draft): { ok: true; value: Checked } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const timeout = wholeIn(d.resultTimeoutSeconds, SETTINGS_LIMITS.resultTimeoutSeconds);
  const retention = wholeIn(d.retentionDays, SETTINGS_LIMITS.retentionDays);
  if (timeout === null) problems.push(t.outOfRange(t.clearAfter, SETTINGS_LIMITS.resultTimeoutSeconds.min, SETTINGS_LIMITS.resultTimeoutSeconds.max));
  if (retention === null) problems.push(t.outOfRange(t.retention, SETTINGS_LIMITS.retentionDays.min, SETTINGS_LIMITS.retentionDays.max));
  for (const [label, v] of [
    [t.scannerPrefix, d.scannerPrefix],
    [t.scannerSuffix, d.scannerSuffix],
  ] as const) {
    const p = framingProblem(t, label, v);
    if (p) problems.push(p);
  }
  for (const r of Object.values(d.readers)) {
    for (const [label, v] of [
      [t.readerLabel, r.label],
      [t.counterLabel, r.counter],
      [t.operatorLabel, r.operator],
    ] as const) {
      const p = labelProblem(t, label, v);
      if (p) problems.push(p);
    }
  }
  if (problems.length > 0 || timeout === null || retention === null) return { ok: false, problems };
  return { ok: true, value: { retentionDays: retention, resultTimeoutSeconds: timeout, scannerPrefix: d.scannerPrefix, scannerSuffix: d.scannerSuffix } };
}
