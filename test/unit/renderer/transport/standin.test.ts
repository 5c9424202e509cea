// The development stand-in is built from the method table like the real clients: it refuses what the service
// refuses (same validator, same codes) and plays a read out as events.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServiceEvent } from '../../../../electron/contract/types.js';

beforeAll(() => {
  // The stand-in runs in a browser; its timers are window's.
  (globalThis as { window?: unknown }).window ??= globalThis;
});
afterEach(() => vi.useRealTimers());

const load = async () => (await import('../../../../renderer/src/transport/standin.js')).standinTransport();

describe('standinTransport', () => {
  it('refuses like the service: a malformed key, an out-of-range setting named, an unknown field', async () => {
    const { api } = await load();
    await expect(api.startRead({ readerId: 'virtual:0', key: { can: '12' } })).rejects.toMatchObject({ code: 'KEY_INVALID' });
    const { session } = await api.setFirstAdminPin({ newPin: '482913' });
    await expect(api.updateSettings({ session, patch: { scannerPrefix: 'Q ' } })).rejects.toMatchObject({ code: 'API_INVALID_FIELD', message: expect.stringContaining('scannerPrefix') });
    await expect(api.cancel({ readerId: 'virtual:0', extra: 1 } as never)).rejects.toMatchObject({ code: 'API_MALFORMED' });
    expect(await api.updateSettings({ session, patch: { retentionDays: 90 } })).toMatchObject({ retentionDays: 90 });
  });

  it('a tap and a read with the sample key end in a verified result; the tampered reader does not verify', async () => {
    vi.useFakeTimers();
    const t = await load();
    const events: ServiceEvent[] = [];
    t.api.subscribe((e) => events.push(e));
    await t.api.demoCard({ readerId: 'virtual:0', action: 'insert' });
    await t.api.startRead({ readerId: 'virtual:0', key: { id: '001099012345' } });
    await t.api.startRead({ readerId: 'virtual:1', key: { can: '012345' } });
    vi.runAllTimers();
    expect(events[0]).toMatchObject({ type: 'readerChanged', reader: { id: 'virtual:0', cardPresent: true } });
    const verdicts = Object.fromEntries(events.flatMap((e) => (e.type === 'session' && e.session.state === 'result' ? [[e.readerId, e.session.result.verdict]] : [])));
    expect(verdicts).toEqual({ 'virtual:0': 'verified', 'virtual:1': 'not_verified' });
  });
});
