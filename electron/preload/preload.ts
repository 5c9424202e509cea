/**
 * The contextBridge facade: exposes the contract as `window.chipid` — one function per callable method of
 * the table (each takes the method's params and is forwarded over its IPC channel), plus `subscribe` —
 * nothing else. No logic: every call is validated on the main side. Bundled to CommonJS (sandboxed preloads
 * cannot be ES modules).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { KioskClient, Result, ServiceEvent } from '../contract/types.js';
import { callableMethods } from '../contract/methods.js';
import { API_METHODS } from '../service/workflows/contracts.js';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../contract/ipc.js';

async function call(method: string, params: unknown): Promise<unknown> {
  const r = (await ipcRenderer.invoke(ipcChannel(method), params)) as Result<unknown>;
  if (r.ok) return r.value;
  // A plain { code, message, messageVi } crosses the bridge intact (an Error would keep only its message).
  throw r.error;
}

const api = Object.fromEntries(callableMethods(API_METHODS).map((m) => [m, (params: unknown) => call(m, params ?? {})])) as Omit<KioskClient, 'subscribe'>;

const client: KioskClient = {
  ...api,
  subscribe(listener: (e: ServiceEvent) => void) {
    const h = (_ev: IpcRendererEvent, e: ServiceEvent): void => listener(e);
    ipcRenderer.on(IPC_EVENT_CHANNEL, h);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, h);
    };
  },
};

contextBridge.exposeInMainWorld('chipid', client);
