/**
 * DEVELOPMENT ONLY (Vite dev server): an in-browser stand-in for the service, for visual work before the
 * real service runs. Never bundled into a build (imported behind `import.meta.env.DEV`), so a kiosk can never
 * show invented results. Two virtual readers: 'virtual:0' holds a genuine card, 'virtual:1' a tampered one.
 * Keys that open both: ID 001099012345 or CAN 012345 (the synthetic CCCD of CCCD.md).
 */
import { TIERS, type Check, type KioskApi, type KioskSettings, type ProgressView, type ReaderView, type ReadResultView, type ServiceEvent, type TierName } from '../../../electron/contract/types.js';
import type { Transport } from './types.js';
import { validateSettingsPatch } from '../../../electron/contract/validate.js';

const STEPS = ['EF.CardAccess', 'access', 'EF.COM', 'EF.SOD', 'DG1', 'DG2', 'DG13', 'DG14', 'DG15', 'authenticity'];

export function standinTransport(): Transport & { tap(readerId: string): void; remove(readerId: string): void } {
  const listeners = new Set<(e: ServiceEvent) => void>();
  const emit = (e: ServiceEvent): void => {
    for (const l of listeners) l(e);
  };
  const readers: ReaderView[] = [
    { id: 'virtual:0', name: 'Thẻ mẫu (virtual) 0', kind: 'virtual', cardPresent: false, state: 'waiting', counter: 'Quầy 1', workflow: 'verify-only' },
    { id: 'virtual:1', name: 'Thẻ mẫu giả mạo (virtual) 1', kind: 'virtual', cardPresent: false, state: 'waiting', counter: 'Quầy 2', workflow: 'verify-only' },
  ];
  const timers = new Map<string, number[]>();
  const tampered = new Map<string, boolean>();
  const clear = (id: string): void => {
    for (const t of timers.get(id) ?? []) window.clearTimeout(t);
    timers.set(id, []);
  };
  const later = (id: string, ms: number, f: () => void): void => {
    timers.set(id, [...(timers.get(id) ?? []), window.setTimeout(f, ms)]);
  };

  const result = (readerId: string, tampered: boolean): ReadResultView => {
    const pass = (reason: string): Check => ({ status: 'pass', reason });
    const checks = Object.fromEntries(TIERS.map((t) => [t, pass('ok')])) as Record<TierName, Check>;
    checks.onlineConfirmed = { status: 'not_performed', reason: 'offline kiosk: online confirmation not configured' };
    if (tampered) checks.chipDataIntact = { status: 'fail', reason: 'DG13 hash does not match EF.SOD' };
    return {
      readId: `r-${Date.now()}`,
      readerId,
      verdict: tampered ? 'not_verified' : 'verified',
      checks,
      document: { type: 'CCCD-2021', issuingState: 'VNM', documentNumber: '099012345' },
      identity: {
        idNumber: '001099012345',
        fullName: 'Nguyễn Văn A',
        dateOfBirth: '15/03/1999',
        sex: 'Nam',
        nationality: 'Việt Nam',
        placeOfResidence: 'Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh',
        dateOfExpiry: '15/03/2039',
      },
      access: { protocol: 'PACE', keySource: 'can' },
      source: 'chip',
      timings: { totalMs: 2100, cardMs: 1800, hostMs: 300, apdus: 14 },
      finishedAt: new Date().toISOString(),
    };
  };

  function tap(readerId: string): void {
    const r = readers.find((x) => x.id === readerId);
    if (!r) return;
    r.cardPresent = true;
    emit({ type: 'cardInserted', readerId });
    emit({ type: 'session', readerId, session: { state: 'key_needed', pace: true } });
  }
  function remove(readerId: string): void {
    const r = readers.find((x) => x.id === readerId);
    if (!r) return;
    r.cardPresent = false;
    clear(readerId);
    emit({ type: 'cardRemoved', readerId });
    emit({ type: 'session', readerId, session: { state: 'waiting' } });
  }

  // Settings and the admin PIN, in memory: enough for visual work on the settings screen. Like the service,
  // there is no PIN at first: admin calls answer ADMIN_PIN_NOT_SET until setFirstAdminPin.
  const settings: KioskSettings = { retentionDays: 30, resultTimeoutSeconds: 60, mode: 'assisted', demo: true, readers: {}, pinSet: false, pinIsDefault: false, scannerPrefix: '', scannerSuffix: '' };
  let pin: string | undefined;
  const NOT_SET = {
    code: 'ADMIN_PIN_NOT_SET',
    message: 'No admin PIN is set yet. Set one on the kiosk’s Settings screen or with "chipid admin set-pin", then try again.',
    messageVi: 'Máy chưa có mã PIN quản trị. Đặt mã PIN ở màn hình Cài đặt của kiosk hoặc bằng lệnh "chipid admin set-pin", rồi thử lại.',
  };
  const sessions = new Set<string>();
  const newSession = (): string => {
    const session = `standin-session-${Date.now()}-${sessions.size}-abcdefghijklmnop`;
    sessions.add(session);
    return session;
  };
  const need = (s: string): void => {
    if (pin === undefined) throw NOT_SET;
    if (!sessions.has(s)) throw { code: 'ADMIN_SESSION_INVALID', message: 'The admin session has expired. Enter the PIN again.', messageVi: 'Phiên quản trị đã hết hạn. Nhập lại mã PIN.' };
  };
  const changed = (): KioskSettings => {
    const copy = structuredClone(settings);
    emit({ type: 'settingsChanged', settings: copy });
    return copy;
  };

  const api: KioskApi = {
    listReaders: async () => readers.map((r) => ({ ...r })),
    async startRead(readerId, key) {
      const r = readers.find((x) => x.id === readerId);
      if (!r) throw { code: 'NO_READER', message: 'Reader not found.', messageVi: 'Không thấy đầu đọc.' };
      const ok = key.id === '001099012345' || key.can === '012345' || (key.qr ?? '').startsWith('001099012345|') || (key.mrz ?? '').includes('0990123459');
      clear(readerId);
      STEPS.forEach((step, index) => {
        later(readerId, 120 + index * 180, () => {
          if (!ok && index === 1) {
            emit({
              type: 'session',
              readerId,
              session: {
                state: 'error',
                resumable: true,
                error: { code: 'ACCESS_DENIED', message: 'The card refused the key. Check the 12-digit ID number (or the date of birth) and try again.', messageVi: 'Thẻ không chấp nhận khóa. Hãy kiểm tra lại số CCCD 12 số (hoặc ngày sinh) rồi thử lại.' },
              },
            });
            clear(readerId);
            return;
          }
          const progress: ProgressView = { step, index, count: STEPS.length, ...(step === 'DG2' ? { bytesRead: 9000, bytesTotal: 18000 } : {}) };
          emit({ type: 'progress', readerId, progress });
        });
      });
      later(readerId, 120 + STEPS.length * 180, () => emit({ type: 'result', readerId, result: result(readerId, tampered.get(readerId) ?? readerId === 'virtual:1') }));
      return { started: true };
    },
    async cancel(readerId) {
      clear(readerId);
      return { cancelled: true };
    },
    status: async () => ({ version: 'stand-in', demo: true, readers: readers.length, pcsc: 'unavailable', pinSet: pin !== undefined }),
    async demoCard(readerId, action, profile) {
      if (action === 'remove') {
        remove(readerId);
        return { cardPresent: false };
      }
      tampered.set(readerId, profile === 'cccd-clone');
      tap(readerId);
      return { cardPresent: true };
    },
    async adminUnlock(p) {
      if (pin === undefined) throw NOT_SET;
      if (p !== pin) return { unlocked: false };
      return { unlocked: true, session: newSession() };
    },
    getSettings: async () => structuredClone(settings),
    async updateSettings(s, patch) {
      need(s);
      // Checked as the service checks it (a refused field is named), so the screen meets the same refusals.
      const p = validateSettingsPatch(patch);
      if (!p.ok) throw p.error;
      Object.assign(settings, p.value);
      return changed();
    },
    async configureReader(s, readerId, config) {
      need(s);
      const r = readers.find((x) => x.id === readerId);
      if (!r) throw { code: 'NO_READER', message: 'Reader not found.', messageVi: 'Không thấy đầu đọc.' };
      const c = { ...settings.readers[r.name] };
      for (const k of ['label', 'counter', 'workflow', 'operator'] as const) {
        const v = config[k];
        if (v === undefined) continue;
        if (v.trim() === '') delete c[k];
        else c[k] = v.trim();
        if (c[k] === undefined) delete r[k];
        else r[k] = c[k];
      }
      settings.readers[r.name] = c;
      emit({ type: 'readerChanged', reader: { ...r } });
      changed();
      return { ...r };
    },
    trustStatus: async () => ({
      certificates: 2,
      crls: 0,
      vietnamCsca: { present: true, notAfter: '2037-10-01T01:37:06.000Z', source: 'default: DE_ML_2026-05-28.ml' },
      sources: [{ name: 'default: DE_ML_2026-05-28.ml', kind: 'masterlist', verified: true, count: 1 }],
    }),
    async changeAdminPin(s, newPin) {
      need(s);
      pin = newPin;
      changed();
      return { changed: true };
    },
    async setFirstAdminPin(newPin) {
      if (pin !== undefined) {
        throw { code: 'ADMIN_PIN_ALREADY_SET', message: 'An admin PIN is already set. Unlock with it; to change it, use Settings → Change the admin PIN.', messageVi: 'Mã PIN quản trị đã được đặt. Mở khóa bằng mã PIN đó; muốn đổi thì vào Cài đặt → Đổi mã PIN.' };
      }
      pin = newPin;
      settings.pinSet = true;
      changed();
      return { set: true, session: newSession() };
    },
    async exitKiosk(s) {
      need(s);
      throw { code: 'UNSUPPORTED', message: 'Only the Electron app can leave kiosk mode.', messageVi: 'Chỉ ứng dụng Electron mới thoát được chế độ kiosk.' };
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };

  return {
    kind: 'standin',
    api,
    onConnection: () => () => undefined,
    connection: () => 'open',
    tap,
    remove,
  };
}
