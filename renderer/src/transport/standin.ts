/**
 * DEVELOPMENT ONLY (Vite dev server): an in-browser stand-in for the service, for visual work before the
 * real service runs. Never bundled into a build (imported behind `import.meta.env.DEV`), so a kiosk can never
 * show invented results. Two virtual readers: 'virtual:0' holds a genuine card, 'virtual:1' a tampered one.
 * Keys that open both: ID 001099012345 or CAN 012345 (the synthetic CCCD of CCCD.md).
 * Requests are validated by the contract's validator, as the service does, so the screens meet the same
 * refusals; then run by a handler per method of the table.
 */
import { TIERS, type Check, type ErrorInfo, type KioskSettings, type ProgressView, type ReaderView, type ReadResultView, type ServiceEvent, type TierName } from '../../../electron/contract/types.js';
import type { Answer, CallableMethod, Params } from '../../../electron/contract/methods.js';
import { validateRequest } from '../../../electron/contract/validate.js';
import type { Transport } from './types.js';
import { clientFrom } from './client.js';

const STEPS = ['EF.CardAccess', 'access', 'EF.COM', 'EF.SOD', 'DG1', 'DG2', 'DG13', 'DG14', 'DG15', 'authenticity'];
const GOOD_ID = '001099012345';

type Emit = (e: ServiceEvent) => void;
type StandinHandlers<K extends CallableMethod> = { [M in K]: (p: Params<M>) => Promise<Answer<M>> };

const fault = (code: string, message: string, messageVi: string): ErrorInfo => ({ code, message, messageVi });
/** What the real service's database holds (operators, the dashboard's figures) is not in the stand-in. */
const NOT_HERE = fault('UNSUPPORTED', 'Not in the development stand-in: run the real service.', 'Bản thử giao diện không có chức năng này: hãy chạy dịch vụ thật.');
const NO_READER = fault('NO_READER', 'Reader not found.', 'Không thấy đầu đọc.');
const NOT_SET = fault(
  'ADMIN_PIN_NOT_SET',
  'No admin PIN is set yet. Set one on the kiosk’s Settings screen or with "chipid admin set-pin", then try again.',
  'Máy chưa có mã PIN quản trị. Đặt mã PIN ở màn hình Cài đặt của kiosk hoặc bằng lệnh "chipid admin set-pin", rồi thử lại.',
);
const ACCESS_DENIED = fault(
  'ACCESS_DENIED',
  'The card refused the key. Check the 12-digit ID number (or the date of birth) and try again.',
  'Thẻ không chấp nhận khóa. Hãy kiểm tra lại số CCCD 12 số (hoặc ngày sinh) rồi thử lại.',
);

function sampleResult(readerId: string, tampered: boolean): ReadResultView {
  const checks = Object.fromEntries(TIERS.map((t) => [t, { status: 'pass', reason: 'ok' } satisfies Check])) as Record<TierName, Check>;
  checks.onlineConfirmed = { status: 'not_performed', reason: 'offline kiosk: online confirmation not configured' };
  if (tampered) checks.chipDataIntact = { status: 'fail', reason: 'DG13 hash does not match EF.SOD' };
  return {
    readId: `r-${Date.now()}`,
    readerId,
    verdict: tampered ? 'not_verified' : 'verified',
    checks,
    document: { type: 'CCCD-2021', issuingState: 'VNM', documentNumber: '099012345' },
    identity: {
      idNumber: GOOD_ID,
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
}

/** Two virtual readers, their cards and a read that plays its steps out on timers. */
function standinReaders(emit: Emit) {
  const readers: ReaderView[] = [
    { id: 'virtual:0', name: 'Thẻ mẫu (virtual) 0', kind: 'virtual', cardPresent: false, state: 'waiting', counter: 'Quầy 1', workflow: 'verify-only' },
    { id: 'virtual:1', name: 'Thẻ mẫu giả mạo (virtual) 1', kind: 'virtual', cardPresent: false, state: 'waiting', counter: 'Quầy 2', workflow: 'verify-only' },
  ];
  const timers = new Map<string, number[]>();
  const tampered = new Map<string, boolean>();
  const find = (id: string): ReaderView => {
    const r = readers.find((x) => x.id === id);
    if (!r) throw NO_READER;
    return r;
  };
  const clear = (id: string): void => {
    for (const t of timers.get(id) ?? []) window.clearTimeout(t);
    timers.set(id, []);
  };
  const later = (id: string, ms: number, f: () => void): void => void timers.set(id, [...(timers.get(id) ?? []), window.setTimeout(f, ms)]);
  const place = (readerId: string, present: boolean): void => {
    const r = readers.find((x) => x.id === readerId);
    if (!r) return;
    r.cardPresent = present;
    if (!present) clear(readerId);
    emit({ type: 'readerChanged', reader: { ...r } });
    emit({ type: 'session', readerId, session: present ? { state: 'key_needed', pace: true } : { state: 'waiting' } });
  };
  const play = (readerId: string, opens: boolean): void => {
    clear(readerId);
    STEPS.forEach((step, index) =>
      later(readerId, 120 + index * 180, () => {
        if (opens || index !== 1) {
          const progress: ProgressView = { step, index, count: STEPS.length, ...(step === 'DG2' ? { bytesRead: 9000, bytesTotal: 18000 } : {}) };
          return emit({ type: 'session', readerId, session: { state: 'reading', progress } });
        }
        emit({ type: 'session', readerId, session: { state: 'error', resumable: true, error: ACCESS_DENIED } });
        clear(readerId);
      }),
    );
    later(readerId, 120 + STEPS.length * 180, () => emit({ type: 'session', readerId, session: { state: 'result', result: sampleResult(readerId, tampered.get(readerId) ?? readerId === 'virtual:1') } }));
  };
  const handlers: StandinHandlers<'listReaders' | 'startRead' | 'cancel' | 'demoCard'> = {
    listReaders: async () => readers.map((r) => ({ ...r })),
    async startRead({ readerId, key }) {
      find(readerId);
      play(readerId, key.id === GOOD_ID || key.can === '012345' || (key.qr ?? '').startsWith(`${GOOD_ID}|`) || (key.mrz ?? '').includes('0990123459'));
      return { started: true };
    },
    async cancel({ readerId }) {
      clear(readerId);
      return { cancelled: true };
    },
    async demoCard({ readerId, action, profile }) {
      if (action === 'insert') tampered.set(readerId, profile === 'cccd-clone');
      place(readerId, action === 'insert');
      return { cardPresent: action === 'insert' };
    },
  };
  return { readers, find, handlers, tap: (id: string) => place(id, true), remove: (id: string) => place(id, false) };
}

/**
 * Settings and the admin PIN, in memory: enough for visual work on the settings screen. Like the service,
 * there is no PIN at first: admin calls answer ADMIN_PIN_NOT_SET until setFirstAdminPin.
 */
function standinAdmin(emit: Emit, r: ReturnType<typeof standinReaders>) {
  const settings: KioskSettings = { retentionDays: 30, resultTimeoutSeconds: 60, mode: 'assisted', demo: true, readers: {}, pinSet: false, pinIsDefault: false, scannerPrefix: '', scannerSuffix: '' };
  let pin: string | undefined;
  const sessions = new Set<string>();
  const newSession = (): string => {
    const session = `standin-session-${Date.now()}-${sessions.size}-abcdefghijklmnop`;
    sessions.add(session);
    return session;
  };
  const need = (s: string): void => {
    if (pin === undefined) throw NOT_SET;
    if (!sessions.has(s)) throw fault('ADMIN_SESSION_INVALID', 'The admin session has expired. Enter the PIN again.', 'Phiên quản trị đã hết hạn. Nhập lại mã PIN.');
  };
  const changed = (): KioskSettings => {
    const copy = structuredClone(settings);
    emit({ type: 'settingsChanged', settings: copy });
    return copy;
  };
  const handlers: StandinHandlers<Exclude<CallableMethod, 'listReaders' | 'startRead' | 'cancel' | 'demoCard'>> = {
    status: async () => ({ version: 'stand-in', demo: true, readers: r.readers.length, pcsc: 'unavailable', pinSet: pin !== undefined }),
    async adminUnlock({ pin: p }) {
      if (pin === undefined) throw NOT_SET;
      return p === pin ? { unlocked: true, session: newSession() } : { unlocked: false };
    },
    getSettings: async () => structuredClone(settings),
    async updateSettings({ session, patch }) {
      need(session);
      Object.assign(settings, patch);
      return changed();
    },
    async configureReader({ session, readerId, ...config }) {
      need(session);
      const view = r.find(readerId);
      const c = { ...settings.readers[view.name] };
      for (const k of ['label', 'counter', 'workflow', 'operator'] as const) {
        const val = config[k]?.trim();
        if (val === undefined) continue;
        if (val === '') delete c[k];
        else c[k] = val;
        if (c[k] === undefined) delete view[k];
        else view[k] = c[k];
      }
      settings.readers[view.name] = c;
      emit({ type: 'readerChanged', reader: { ...view } });
      changed();
      return { ...view };
    },
    trustStatus: async () => ({
      certificates: 2,
      crls: 0,
      vietnamCsca: { present: true, notAfter: '2037-10-01T01:37:06.000Z', source: 'default: DE_ML_2026-05-28.ml' },
      sources: [{ name: 'default: DE_ML_2026-05-28.ml', kind: 'masterlist', verified: true, count: 1 }],
    }),
    async changeAdminPin({ session, newPin }) {
      need(session);
      pin = newPin;
      changed();
      return { changed: true };
    },
    async setFirstAdminPin({ newPin }) {
      if (pin !== undefined) {
        throw fault('ADMIN_PIN_ALREADY_SET', 'An admin PIN is already set. Unlock with it; to change it, use Settings → Change the admin PIN.', 'Mã PIN quản trị đã được đặt. Mở khóa bằng mã PIN đó; muốn đổi thì vào Cài đặt → Đổi mã PIN.');
      }
      pin = newPin;
      settings.pinSet = true;
      changed();
      return { set: true, session: newSession() };
    },
    async exitKiosk({ session }) {
      need(session);
      throw fault('UNSUPPORTED', 'Only the Electron app can leave kiosk mode.', 'Chỉ ứng dụng Electron mới thoát được chế độ kiosk.');
    },
    // Operators live in the real service's database: the stand-in has none.
    async listOperators() {
      return [];
    },
    async signIn() {
      throw NOT_HERE;
    },
    async signOut() {
      throw NOT_HERE;
    },
    // The dashboard's figures come from the real service's database only.
    async dashboardUnlock() {
      throw NOT_HERE;
    },
    async dashboardQuery() {
      throw NOT_HERE;
    },
    async dashboardExport() {
      throw NOT_HERE;
    },
  };
  return handlers;
}

export function standinTransport(): Transport & { tap(readerId: string): void; remove(readerId: string): void } {
  const listeners = new Set<(e: ServiceEvent) => void>();
  const emit: Emit = (e) => listeners.forEach((l) => l(e));
  const readers = standinReaders(emit);
  const handlers: StandinHandlers<CallableMethod> = { ...readers.handlers, ...standinAdmin(emit, readers) };
  const api = clientFrom(
    async (method, params) => {
      const parsed = validateRequest({ ...params, type: method, id: 'standin' });
      if (!parsed.ok) throw parsed.error;
      const { type: _type, id: _id, ...valid } = parsed.value;
      // The stand-in plays the core only: a workflow's methods need the real service.
      const h = (handlers as Partial<Record<string, (p: object) => Promise<unknown>>>)[method];
      if (h === undefined) throw NOT_HERE;
      return h(valid);
    },
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  );
  return { kind: 'standin', api, onConnection: () => () => undefined, connection: () => 'open', tap: readers.tap, remove: readers.remove };
}
