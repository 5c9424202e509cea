// The preload exposes one function per callable method of the table plus `subscribe`, each forwarding its
// params over the method's channel; an error answer is thrown as the plain ErrorInfo.
import { describe, expect, it, vi } from 'vitest';

let exposed: Record<string, (...a: unknown[]) => unknown> = {};
const invoke = vi.fn(async (ch: string, params: unknown) => (ch === 'chipid:cancel' ? { ok: false, error: { code: 'NO_READER', message: 'm', messageVi: 'v' } } : { ok: true, value: { ch, params } }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (_k: string, o: typeof exposed) => void (exposed = o) },
  ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn() },
}));
await import('../../../electron/preload/preload.js');
const { callableMethods } = await import('../../../electron/contract/methods.js');
// The core's methods and every workflow's (the hospital's included): one channel each.
const { API_METHODS } = await import('../../../electron/service/workflows/contracts.js');

describe('preload', () => {
  it('exposes exactly the callable methods and subscribe', () => {
    expect(Object.keys(exposed).sort()).toEqual([...callableMethods(API_METHODS), 'subscribe'].sort());
    expect(Object.keys(exposed)).toContain('hospitalCheckin');
  });
  it('forwards the params on the method channel and throws the error answer', async () => {
    expect(await exposed.startRead!({ readerId: 'virtual:0', key: { can: '012345' } })).toEqual({ ch: 'chipid:startRead', params: { readerId: 'virtual:0', key: { can: '012345' } } });
    expect(await exposed.status!()).toEqual({ ch: 'chipid:status', params: {} });
    await expect(exposed.cancel!({ readerId: 'virtual:0' })).rejects.toEqual({ code: 'NO_READER', message: 'm', messageVi: 'v' });
  });
});
