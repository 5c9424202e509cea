/**
 * The renderer's only way out: a KioskApi from the contract, carried over IPC (Electron preload,
 * `window.chipid`) or over the local API's WebSocket (browser). Screens never know which.
 */
import type { KioskApi } from '../../../electron/contract/types.js';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * Kiosk-shell functions that exist only in Electron (`window.chipidShell`, see electron/preload). Not part of
 * KioskApi: the admin PIN is checked and kiosk mode left on the main side.
 */
export interface ShellApi {
  verifyAdminPin(pin: string): Promise<boolean>;
  exitKiosk(pin: string): Promise<boolean>;
}

export interface Transport {
  readonly kind: 'ipc' | 'ws' | 'standin';
  readonly api: KioskApi;
  readonly shell?: ShellApi;
  /** Connection changes (IPC is always open). Returns the unsubscribe function. */
  onConnection(listener: (s: ConnectionState) => void): () => void;
  connection(): ConnectionState;
}

declare global {
  interface Window {
    chipid?: KioskApi;
    chipidShell?: ShellApi;
  }
}
