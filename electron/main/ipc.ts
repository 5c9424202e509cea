/**
 * The contract over IPC: one ipcMain.handle per KioskApi method. The renderer is untrusted: the sender must
 * be our window's main frame showing our own page (app://kiosk), and every argument is validated here with
 * the contract's validator (the same one the local API uses) before it reaches the service. Answers are Result<T>. The window is the
 * kiosk's own screen, so the settings and admin calls are open to it (the admin session guards changes).
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { ErrorInfo, KioskApi, Request, Result, ServiceEvent } from '../contract/types.js';
import { apiError, validateRequest } from '../contract/validate.js';
import { CH } from './channels.js';

export interface IpcOptions {
  api: KioskApi;
  /** The kiosk window's contents (the only allowed sender), once created. */
  contents(): WebContents | undefined;
  /** Whether a frame URL is the kiosk's own page (main.ts: isAppUrl, the app://kiosk origin only). */
  isTrustedUrl(url: string): boolean;
}

function toError(e: unknown): ErrorInfo {
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown; messageEn?: unknown; messageVi?: unknown; toJSON?: () => unknown };
    if (typeof o.code === 'string' && typeof o.messageVi === 'string') {
      return { code: o.code, message: typeof o.messageEn === 'string' ? o.messageEn : String(o.message), messageVi: o.messageVi };
    }
  }
  return apiError('INTERNAL');
}

export function registerIpc(o: IpcOptions): () => void {
  const trusted = (ev: IpcMainInvokeEvent): boolean => {
    const c = o.contents();
    const url = ev.senderFrame?.url ?? '';
    return !!c && ev.sender === c && ev.senderFrame === c.mainFrame && o.isTrustedUrl(url);
  };
  const handle = (channel: string, toRequest: (args: unknown[]) => Record<string, unknown>, run: (r: Request) => Promise<unknown>): void => {
    ipcMain.handle(channel, async (ev, ...args: unknown[]): Promise<Result<unknown>> => {
      if (!trusted(ev)) return { ok: false, error: apiError('API_UNAUTHORIZED') };
      const parsed = validateRequest({ ...toRequest(args), id: 'ipc' });
      if (!parsed.ok) return { ok: false, error: parsed.error };
      try {
        return { ok: true, value: await run(parsed.value) };
      } catch (e) {
        return { ok: false, error: toError(e) };
      }
    });
  };
  const { api } = o;
  handle(CH.listReaders, () => ({ type: 'listReaders' }), () => api.listReaders());
  handle(CH.status, () => ({ type: 'status' }), () => api.status());
  handle(CH.cancel, ([readerId]) => ({ type: 'cancel', readerId }), (r) => api.cancel((r as Extract<Request, { type: 'cancel' }>).readerId));
  handle(
    CH.startRead,
    ([readerId, key, opts]) => {
      const photo = opts && typeof opts === 'object' ? (opts as { photo?: unknown }).photo : undefined;
      return { type: 'startRead', readerId, key, ...(photo !== undefined ? { photo } : {}) };
    },
    (r) => {
      const q = r as Extract<Request, { type: 'startRead' }>;
      return api.startRead(q.readerId, q.key, q.photo !== undefined ? { photo: q.photo } : {});
    },
  );
  type Req<T extends Request['type']> = Extract<Request, { type: T }>;
  handle(CH.adminUnlock, ([pin]) => ({ type: 'adminUnlock', pin }), (r) => api.adminUnlock((r as Req<'adminUnlock'>).pin));
  handle(CH.getSettings, () => ({ type: 'getSettings' }), () => api.getSettings());
  handle(CH.trustStatus, () => ({ type: 'trustStatus' }), () => api.trustStatus());
  handle(
    CH.updateSettings,
    ([session, patch]) => ({ type: 'updateSettings', session, patch }),
    (r) => api.updateSettings((r as Req<'updateSettings'>).session, (r as Req<'updateSettings'>).patch),
  );
  handle(
    CH.configureReader,
    ([session, readerId, config]) => {
      const c = config && typeof config === 'object' ? (config as { label?: unknown; counter?: unknown; workflow?: unknown; operator?: unknown }) : {};
      return { type: 'configureReader', session, readerId, ...(c.label !== undefined ? { label: c.label } : {}), ...(c.counter !== undefined ? { counter: c.counter } : {}), ...(c.workflow !== undefined ? { workflow: c.workflow } : {}), ...(c.operator !== undefined ? { operator: c.operator } : {}) };
    },
    (r) => {
      const q = r as Req<'configureReader'>;
      return api.configureReader(q.session, q.readerId, { ...(q.label !== undefined ? { label: q.label } : {}), ...(q.counter !== undefined ? { counter: q.counter } : {}), ...(q.workflow !== undefined ? { workflow: q.workflow } : {}), ...(q.operator !== undefined ? { operator: q.operator } : {}) });
    },
  );
  handle(
    CH.changeAdminPin,
    ([session, newPin]) => ({ type: 'changeAdminPin', session, newPin }),
    (r) => api.changeAdminPin((r as Req<'changeAdminPin'>).session, (r as Req<'changeAdminPin'>).newPin),
  );
  handle(CH.setFirstAdminPin, ([newPin]) => ({ type: 'setFirstAdminPin', newPin }), (r) => api.setFirstAdminPin((r as Req<'setFirstAdminPin'>).newPin));
  // The service checks the admin session, then calls the shell's hook (main.ts) that leaves kiosk mode.
  handle(CH.exitKiosk, ([session]) => ({ type: 'exitKiosk', session }), (r) => api.exitKiosk((r as Req<'exitKiosk'>).session));
  handle(
    CH.demoCard,
    ([readerId, action, profile]) => ({ type: 'demoCard', readerId, action, ...(profile !== undefined ? { profile } : {}) }),
    (r) => {
      const q = r as Extract<Request, { type: 'demoCard' }>;
      return api.demoCard(q.readerId, q.action, q.profile);
    },
  );
  const off = api.subscribe((e: ServiceEvent) => {
    const c = o.contents();
    if (c && !c.isDestroyed()) c.send(CH.event, e);
  });
  return () => {
    off();
    for (const [k, ch] of Object.entries(CH)) if (k !== 'event') ipcMain.removeHandler(ch);
  };
}
