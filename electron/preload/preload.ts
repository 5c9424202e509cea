/**
 * The contextBridge facade: exposes the KioskApi contract as `window.chipid` — nothing else (the admin PIN,
 * settings and leaving kiosk mode are contract calls too). No logic: every call is forwarded over IPC and
 * validated on the main side. Bundled to CommonJS (sandboxed preloads cannot be ES modules).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { KeyInput, KioskApi, ReaderConfig, Result, ServiceEvent, SettingsPatch } from '../contract/types.js';
import { IPC_CHANNELS } from '../contract/ipc.js';

const CH = IPC_CHANNELS;

async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
  const r = (await ipcRenderer.invoke(channel, ...args)) as Result<T>;
  if (r.ok) return r.value;
  // A plain { code, message, messageVi } crosses the bridge intact (an Error would keep only its message).
  throw r.error;
}

const api: KioskApi = {
  listReaders: () => call(CH.listReaders),
  startRead: (readerId: string, key: KeyInput, opts?: { photo?: boolean }) => call(CH.startRead, readerId, key, opts),
  cancel: (readerId: string) => call(CH.cancel, readerId),
  status: () => call(CH.status),
  demoCard: (readerId: string, action: 'insert' | 'remove', profile?: string) => call(CH.demoCard, readerId, action, profile),
  adminUnlock: (pin: string) => call(CH.adminUnlock, pin),
  getSettings: () => call(CH.getSettings),
  updateSettings: (session: string, patch: SettingsPatch) => call(CH.updateSettings, session, patch),
  configureReader: (session: string, readerId: string, config: ReaderConfig) => call(CH.configureReader, session, readerId, config),
  trustStatus: () => call(CH.trustStatus),
  changeAdminPin: (session: string, newPin: string) => call(CH.changeAdminPin, session, newPin),
  setFirstAdminPin: (newPin: string) => call(CH.setFirstAdminPin, newPin),
  exitKiosk: (session: string) => call(CH.exitKiosk, session),
  subscribe(listener: (e: ServiceEvent) => void) {
    const h = (_ev: IpcRendererEvent, e: ServiceEvent): void => listener(e);
    ipcRenderer.on(CH.event, h);
    return () => {
      ipcRenderer.removeListener(CH.event, h);
    };
  },
};

contextBridge.exposeInMainWorld('chipid', api);
