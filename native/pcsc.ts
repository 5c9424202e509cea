/**
 * PC/SC over pcsclite, the native layer's face: `PcscChannel` (one exclusive connection to a card,
 * implements CardChannel, pcsc-channel.ts) and `ReaderWatcher` (readers and cards coming and going,
 * surviving a missing or restarted pcscd, reader-watcher.ts).
 */
export { MAX_RESPONSE, PcscChannel, atrExtendedLength } from './pcsc-channel.js';
export type { Disposition, PcscChannelOptions, PcscLogger } from './pcsc-channel.js';
export { loadPcscLite, mapPcscError, pcscCode, usePcscSocket } from './pcsc-native.js';
export type { NativePcsc, NativePcscFactory, NativeReader } from './pcsc-native.js';
export { ReaderWatcher } from './reader-watcher.js';
export type { ReaderWatcherEvents, ReaderWatcherOptions, ReaderInfo } from './reader-watcher.js';
