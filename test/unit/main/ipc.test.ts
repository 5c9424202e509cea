// The IPC side of the contract without an Electron binary: registerIpc registers one handler per callable
// method of the table, refuses a sender that is not the kiosk window, validates the params like the local
// API and runs the same dispatch as the kiosk's own UI.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const handlers = new Map<string, (ev: unknown, params?: unknown) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (ch: string, f: (ev: unknown, params?: unknown) => Promise<unknown>) => void handlers.set(ch, f),
    removeHandler: (ch: string) => void handlers.delete(ch),
  },
}));

const { registerIpc } = await import('../../../electron/main/ipc.js');
const { callableMethods } = await import('../../../electron/contract/methods.js');
// The core's methods and every workflow's (the hospital's included): one channel each.
const { API_METHODS } = await import('../../../electron/service/workflows/contracts.js');
import type { KioskApi } from '../../../electron/contract/types.js';

describe('registerIpc', () => {
  const mainFrame = { url: 'app://kiosk/index.html' };
  const contents = { mainFrame, isDestroyed: () => false, send: vi.fn() };
  const ev = { sender: contents, senderFrame: mainFrame };
  const api = {
    startRead: vi.fn(async () => ({ started: true })),
    getSettings: vi.fn(async () => ({ mode: 'assisted' })),
    subscribe: vi.fn(() => () => undefined),
  } as unknown as KioskApi;
  let off: () => void;
  beforeEach(() => {
    handlers.clear();
    off = registerIpc({ api, contents: () => contents as never, isTrustedUrl: (u) => u.startsWith('app://kiosk/') });
  });

  it('one channel per callable method; all removed again', () => {
    expect([...handlers.keys()].sort()).toEqual(callableMethods(API_METHODS).map((m) => `chipid:${m}`).sort());
    expect([...handlers.keys()]).toContain('chipid:hospitalCheckin');
    off();
    expect(handlers.size).toBe(0);
  });

  it('validates the params, then dispatches as the kiosk UI (settings allowed, the photo asked for)', async () => {
    const startRead = handlers.get('chipid:startRead')!;
    expect(await startRead(ev, { readerId: 'virtual:0', key: { can: '012345' }, photo: true })).toEqual({ ok: true, value: { started: true } });
    expect(api.startRead).toHaveBeenCalledWith('virtual:0', { can: '012345' }, { photo: true, client: { clientId: 'kiosk-ui', purpose: 'kiosk' } });
    const refused = (await startRead(ev, { readerId: 'virtual:0', key: { can: '1' } })) as { ok: boolean; error: { code: string } };
    expect(refused.error.code).toBe('KEY_INVALID');
    const extra = (await startRead(ev, { readerId: 'virtual:0', key: { can: '012345' }, type: 'getSettings' })) as { ok: boolean; error: { code: string } };
    expect(extra.ok).toBe(true); // `type` comes from the channel, never from the params
    expect(await handlers.get('chipid:getSettings')!(ev, undefined)).toEqual({ ok: true, value: { mode: 'assisted' } });
  });

  it('refuses another sender or page', async () => {
    const other = { sender: {}, senderFrame: mainFrame };
    expect(await handlers.get('chipid:getSettings')!(other, {})).toMatchObject({ ok: false, error: { code: 'API_UNAUTHORIZED' } });
    const elsewhere = { sender: contents, senderFrame: { url: 'https://evil.example/' } };
    expect(await handlers.get('chipid:getSettings')!(elsewhere, {})).toMatchObject({ ok: false, error: { code: 'API_UNAUTHORIZED' } });
  });
});
