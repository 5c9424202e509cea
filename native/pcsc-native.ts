/**
 * The edge with the `pcsclite` native addon: its typed surface, loading it, constants and the mapping of its
 * errors (messages ending in `(0x8010xxxx)`) to stable ChipIdError codes. Only native/ imports this.
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { ChipIdError, type ErrorCode } from '../electron/emrtd/errors.js';

/** What we use of pcsclite's CardReader (lib/pcsclite.js + src/cardreader.cpp). */
export interface NativeReader extends EventEmitter {
  readonly name: string;
  /** JS-side flag; stays true after a failed SCardDisconnect. connect() while true calls back without a protocol. */
  connected: boolean;
  connect(opts: { share_mode?: number; protocol?: number }, cb: (err: Error | null | undefined, protocol?: number) => void): void;
  disconnect(disposition: number, cb: (err: Error | null | undefined) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, cb: (err: Error | null | undefined, resp?: Buffer) => void): void;
  /** Stops the status thread (joins it: blocks the event loop briefly). Emits 'end'. */
  close(): void;
}

/** What we use of the PCSCLite object returned by `pcsclite()`. */
export interface NativePcsc extends EventEmitter {
  readonly readers: Record<string, NativeReader>;
  close(): void;
}

/** `pcsclite()`: throws synchronously when SCardEstablishContext fails (pcscd not running). */
export type NativePcscFactory = () => NativePcsc;

// pcsc-lite values (PCSC/pcsclite.h); the addon exposes the same numbers on CardReader.prototype.
export const SCARD = {
  SHARE_EXCLUSIVE: 1,
  SHARE_SHARED: 2,
  PROTOCOL_T0: 1,
  PROTOCOL_T1: 2,
  LEAVE_CARD: 0,
  RESET_CARD: 1,
  UNPOWER_CARD: 2,
  STATE_CHANGED: 0x2,
  STATE_UNAVAILABLE: 0x8,
  STATE_EMPTY: 0x10,
  STATE_PRESENT: 0x20,
  STATE_MUTE: 0x200,
} as const;

let cachedFactory: NativePcscFactory | undefined;

/** Loads the addon lazily, so a missing or unbuilt binary is a PCSC_UNAVAILABLE error, not an import crash. */
export function loadPcscLite(): NativePcscFactory {
  if (cachedFactory) return cachedFactory;
  try {
    const require = createRequire(import.meta.url);
    cachedFactory = require('pcsclite') as NativePcscFactory;
    return cachedFactory;
  } catch (e) {
    throw new ChipIdError('PCSC_UNAVAILABLE', 'the pcsclite native module could not be loaded', { cause: e });
  }
}

/**
 * Points libpcsclite at a pcscd socket. Must run before the first PC/SC call of the process: the client library
 * reads PCSCLITE_CSOCK_NAME once and caches it (pcsc-lite 1.9.9 winscard_msg.c getSocketName). Note that pcscd
 * 1.9.9 itself ignores the variable and always binds /run/pcscd/pcscd.comm (see test/e2e/harness.ts).
 */
export function usePcscSocket(path: string): void {
  process.env['PCSCLITE_CSOCK_NAME'] = path;
}

export type PcscPhase = 'establish' | 'connect' | 'transmit' | 'disconnect';

/** Extracts the PC/SC return code from an addon error message, e.g. `SCardConnect error: …(0x8010000b)`. */
export function pcscCode(e: unknown): number | undefined {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /\(0x([0-9a-fA-F]{8})\)/.exec(msg);
  return m ? parseInt(m[1]!, 16) : undefined;
}

const NAMES: Record<number, string> = {
  0x80100002: 'SCARD_E_CANCELLED',
  0x80100003: 'SCARD_E_INVALID_HANDLE',
  0x80100008: 'SCARD_E_INSUFFICIENT_BUFFER',
  0x80100009: 'SCARD_E_UNKNOWN_READER',
  0x8010000a: 'SCARD_E_TIMEOUT',
  0x8010000b: 'SCARD_E_SHARING_VIOLATION',
  0x8010000c: 'SCARD_E_NO_SMARTCARD',
  0x8010000f: 'SCARD_E_PROTO_MISMATCH',
  0x80100016: 'SCARD_E_NOT_TRANSACTED',
  0x80100017: 'SCARD_E_READER_UNAVAILABLE',
  0x8010001d: 'SCARD_E_NO_SERVICE',
  0x8010001e: 'SCARD_E_SERVICE_STOPPED',
  0x8010002e: 'SCARD_E_NO_READERS_AVAILABLE',
  0x80100066: 'SCARD_W_UNRESPONSIVE_CARD',
  0x80100067: 'SCARD_W_UNPOWERED_CARD',
  0x80100068: 'SCARD_W_RESET_CARD',
  0x80100069: 'SCARD_W_REMOVED_CARD',
};

export function pcscCodeName(code: number | undefined): string {
  if (code === undefined) return 'no PC/SC code';
  return NAMES[code] ?? `0x${code.toString(16).toUpperCase()}`;
}

function codeFor(code: number | undefined, phase: PcscPhase): ErrorCode {
  const opening = phase === 'establish' || phase === 'connect';
  switch (code) {
    case 0x8010001d: // no service
    case 0x8010001e: // service stopped
      return opening ? 'PCSC_UNAVAILABLE' : 'TRANSPORT_LOST';
    case 0x8010000b:
      return 'READER_BUSY';
    case 0x8010000c:
      return opening ? 'NO_CARD' : 'CARD_REMOVED';
    case 0x80100069:
      return 'CARD_REMOVED';
    case 0x80100066: // unresponsive: no ATR
      return opening ? 'NO_CARD' : 'TRANSPORT_LOST';
    case 0x80100009:
    case 0x80100017:
    case 0x8010002e:
      return opening ? 'NO_READER' : 'TRANSPORT_LOST';
    case 0x8010000a:
      return 'TIMEOUT';
    case 0x80100002:
      return 'CANCELLED';
    case 0x80100008:
      return 'LIMIT_EXCEEDED';
    case 0x8010000f:
      return 'UNSUPPORTED';
    default:
      // invalid handle, not transacted, reset/unpowered card, "Card Reader not connected", unknown codes
      return phase === 'establish' ? 'PCSC_UNAVAILABLE' : 'TRANSPORT_LOST';
  }
}

/** Maps an addon error to a ChipIdError whose message names the PC/SC code (no APDU data, no personal data). */
export function mapPcscError(e: unknown, phase: PcscPhase, reader?: string): ChipIdError {
  if (e instanceof ChipIdError) return e;
  const code = pcscCode(e);
  const where = reader === undefined ? phase : `${phase} on "${reader}"`;
  return new ChipIdError(codeFor(code, phase), `PC/SC ${where}: ${pcscCodeName(code)}`, { cause: e });
}
