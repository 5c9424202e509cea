/**
 * The contract over IPC: one ipcMain.handle per callable method of the table, on its channel. The renderer
 * is untrusted: the sender must be our window's main frame showing our own page (app://kiosk), and the
 * params are validated with the contract's validator (the same one the local API uses) and run by the same
 * dispatch, as the kiosk's own UI (the admin session guards changes). Answers are Result<T>.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { KioskApi, Result, ServiceEvent } from '../contract/types.js';
import { callableMethods } from '../contract/methods.js';
import { apiError, validateRequest } from '../contract/validate.js';
import { dispatch, UI_PRINCIPAL } from '../service/api/core.js';
import { API_METHODS } from '../service/workflows/contracts.js';
import { IPC_EVENT_CHANNEL, ipcChannel } from './channels.js';

export interface IpcOptions {
  api: KioskApi;
  /** The kiosk window's contents (the only allowed sender), once created. */
  contents(): WebContents | undefined;
  /** Whether a frame URL is the kiosk's own page (main.ts: isAppUrl, the app://kiosk origin only). */
  isTrustedUrl(url: string): boolean;
}

export function registerIpc(o: IpcOptions): () => void {
  const trusted = (ev: IpcMainInvokeEvent): boolean => {
    const c = o.contents();
    const url = ev.senderFrame?.url ?? '';
    return !!c && ev.sender === c && ev.senderFrame === c.mainFrame && o.isTrustedUrl(url);
  };
  // The window shows the kiosk's own page: the photo may be shown there, so the map is not consulted.
  const photoWanted = new Map<string, boolean>();
  const methods = callableMethods(API_METHODS);
  for (const method of methods) {
    ipcMain.handle(ipcChannel(method), async (ev, params: unknown): Promise<Result<unknown>> => {
      if (!trusted(ev)) return { ok: false, error: apiError('API_UNAUTHORIZED') };
      const body = params && typeof params === 'object' && !Array.isArray(params) ? params : {};
      const parsed = validateRequest({ ...body, type: method, id: 'ipc' }, API_METHODS);
      if (!parsed.ok) return { ok: false, error: parsed.error };
      return dispatch(o.api, UI_PRINCIPAL, parsed.value, photoWanted);
    });
  }
  const off = o.api.subscribe((e: ServiceEvent) => {
    const c = o.contents();
    if (c && !c.isDestroyed()) c.send(IPC_EVENT_CHANNEL, e);
  });
  return () => {
    off();
    for (const method of methods) ipcMain.removeHandler(ipcChannel(method));
  };
}
