/**
 * Keyboard-wedge QR scanners type the code into the page like a keyboard, then (usually) Enter. A CCCD QR is
 * recognised by its content, not by typing speed (a loaded machine delivers keys late and in clumps):
 * `ID12|oldID (9 or 12 digits, or empty)|name|ddmmyyyy|…` (shared/CCCD.md § QR code), optionally framed
 * by a prefix and a suffix the scanner is configured to add. The text is checked again by the service.
 */

export interface ScannerFraming {
  /** Characters the scanner sends before the code ('' = none). */
  prefix: string;
  /** Characters the scanner sends after the code ('' = none; Enter always ends a code). */
  suffix: string;
}

export const NO_FRAMING: ScannerFraming = { prefix: '', suffix: '' };

/** Longer typed text is not a CCCD QR (the 2021 one is well under 300 characters). */
export const SCAN_MAX = 2000;

/** The start of a CCCD QR: the 12-digit ID, the old ID or nothing, a name without digits, a ddmmyyyy date. */
const CCCD_QR_START = /\d{12}\|(?:\d{9}|\d{12})?\|[^|\d\r\n]+\|\d{8}(?:\||$)/u;

/** True when the whole text has the shape of a CCCD QR. */
export function looksLikeCccdQr(text: string): boolean {
  const m = CCCD_QR_START.exec(text);
  return m !== null && m.index === 0;
}

/**
 * What was typed since the last Enter → the QR text in it, or null. With a prefix, the code is what follows
 * its last occurrence; without one, it starts at the first place where the CCCD shape begins (digits the
 * person typed into a field before scanning are not part of it). A configured suffix is dropped.
 */
export function findQr(typed: string, framing: ScannerFraming = NO_FRAMING): string | null {
  let text = typed.length > SCAN_MAX ? typed.slice(-SCAN_MAX) : typed;
  if (framing.suffix && text.endsWith(framing.suffix)) text = text.slice(0, -framing.suffix.length);
  if (framing.prefix) {
    const at = text.lastIndexOf(framing.prefix);
    if (at < 0) return null;
    text = text.slice(at + framing.prefix.length);
  }
  const m = CCCD_QR_START.exec(text);
  if (!m || (framing.prefix && m.index !== 0)) return null;
  const qr = text.slice(m.index).trim();
  return qr.length > 0 ? qr : null;
}
