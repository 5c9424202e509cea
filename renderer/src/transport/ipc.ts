/** Electron: the preload exposes the contract as `window.chipid` (contextBridge); nothing else. */
import type { KioskClient } from '../../../electron/contract/types.js';
import type { Transport } from './types.js';

export function ipcTransport(api: KioskClient): Transport {
  return {
    kind: 'ipc',
    api,
    onConnection: () => () => undefined,
    connection: () => 'open',
  };
}
