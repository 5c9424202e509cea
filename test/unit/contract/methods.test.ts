// The method table is the one declaration of the API: what is derived from it (admin-only calls, IPC
// channels, the client facade, request validation of a table a workflow adds to) follows it.
import { describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { ADMIN_REQUEST_TYPES, type KioskApi } from '../../../electron/contract/types.js';
import { CORE_METHODS, callableMethods, type MethodTable } from '../../../electron/contract/methods.js';
import { ipcChannels } from '../../../electron/contract/ipc.js';
import { validateRequest } from '../../../electron/contract/validate.js';
import { dispatch, UI_PRINCIPAL, type Principal } from '../../../electron/service/api/core.js';
import { clientFrom } from '../../../renderer/src/transport/client.js';
import { API_METHODS } from '../../../electron/service/workflows/contracts.js';

describe('the method table', () => {
  it('admin-only calls and IPC channels come from it', () => {
    expect([...ADMIN_REQUEST_TYPES].sort()).toEqual(['adminUnlock', 'changeAdminPin', 'configureReader', 'dashboardExport', 'dashboardQuery', 'dashboardUnlock', 'exitKiosk', 'getSettings', 'listOperators', 'setFirstAdminPin', 'signIn', 'signOut', 'trustStatus', 'updateSettings']);
    expect(ipcChannels(CORE_METHODS)).toEqual(Object.keys(CORE_METHODS).filter((m) => m !== 'hello').map((m) => `chipid:${m}`));
  });

  it('the client facade has one function per callable method and sends the flat params', async () => {
    const call = vi.fn(async () => ({ started: true as const }));
    const client = clientFrom(call, () => () => undefined);
    expect(Object.keys(client).sort()).toEqual([...callableMethods(API_METHODS), 'subscribe'].sort());
    expect(Object.keys(client)).toContain('hospitalCheckin');
    await client.startRead({ readerId: 'virtual:0', key: { can: '012345' } });
    await client.listReaders();
    expect(call.mock.calls).toEqual([
      ['startRead', { readerId: 'virtual:0', key: { can: '012345' } }],
      ['listReaders', {}],
    ]);
  });

  it('validates the methods of a table a workflow adds, with the codes its fields name', () => {
    const table = {
      ...CORE_METHODS,
      checkIn: {
        description: 'test',
        params: { ward: v.pipe(v.string('API_MALFORMED'), v.regex(/^[A-Z]{2}$/, 'API_INVALID_FIELD')) },
        answer: v.strictObject({ queued: v.boolean() }),
        purposes: ['hospital'],
        uiOnly: false,
        events: [],
      },
    } as const satisfies MethodTable;
    expect(validateRequest({ type: 'checkIn', id: '1', ward: 'ER' }, table)).toEqual({ ok: true, value: { type: 'checkIn', id: '1', ward: 'ER' } });
    const bad = validateRequest({ type: 'checkIn', id: '1', ward: 'er' }, table);
    expect(bad.ok ? '' : `${bad.error.code} ${bad.error.message}`).toMatch(/^API_INVALID_FIELD .*\(ward\)$/);
    const missing = validateRequest({ type: 'checkIn', id: '1' }, table);
    expect(missing.ok ? '' : missing.error.code).toBe('API_MALFORMED');
    // The core table alone does not know it.
    const unknown = validateRequest({ type: 'checkIn', id: '1', ward: 'ER' });
    expect(unknown.ok ? '' : unknown.error.code).toBe('API_UNKNOWN_TYPE');
  });

  it('dispatch: the table decides who may call, then the bound handler runs with the params', async () => {
    const api = { getSettings: vi.fn(async () => ({})), cancel: vi.fn(async () => ({ cancelled: true })) } as unknown as KioskApi;
    const client: Principal = { clientId: 'c1', name: 'HIS', purpose: 'hospital', ui: false };
    const forbidden = await dispatch(api, client, { type: 'getSettings', id: '1' }, new Map());
    expect(forbidden.ok ? '' : forbidden.error.code).toBe('API_FORBIDDEN');
    expect(api.getSettings).not.toHaveBeenCalled();
    // A paired client with purpose 'kiosk' is still not the kiosk's own screen.
    const notUi = await dispatch(api, { ...client, purpose: 'kiosk' }, { type: 'getSettings', id: '1' }, new Map());
    expect(notUi.ok ? '' : notUi.error.code).toBe('API_FORBIDDEN');
    expect(await dispatch(api, UI_PRINCIPAL, { type: 'getSettings', id: '1' }, new Map())).toEqual({ ok: true, value: {} });
    expect(await dispatch(api, client, { type: 'cancel', id: '2', readerId: 'virtual:0' }, new Map())).toEqual({ ok: true, value: { cancelled: true } });
    expect(api.cancel).toHaveBeenCalledWith('virtual:0');
    const hello = await dispatch(api, client, { type: 'hello', id: '3' }, new Map());
    expect(hello.ok ? '' : hello.error.code).toBe('API_ALREADY_AUTHENTICATED');
  });
});
