/**
 * The renderer's only way out: a KioskClient from the contract, carried over IPC (Electron preload,
 * `window.chipid`) or over the local API's WebSocket (browser). Screens never know which.
 */
import type { KioskClient } from '../../../electron/contract/types.js';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface Transport {
  readonly kind: 'ipc' | 'ws' | 'standin';
  readonly api: KioskClient;
  /** Connection changes (IPC is always open). Returns the unsubscribe function. */
  onConnection(listener: (s: ConnectionState) => void): () => void;
  connection(): ConnectionState;
}

declare global {
  interface Window {
    chipid?: KioskClient;
  }
}
