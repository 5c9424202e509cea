/**
 * The kiosk service: every PC/SC reader plus, in demo mode, in-process virtual readers; one read session
 * per reader; verdicts recorded (without personal data) in the audit-chained store; events for every front
 * end (IPC in Electron, WebSocket in a browser, the local agent API). Plain Node: no electron import.
 */
import { EventEmitter } from 'node:events';
import { toHex } from '../emrtd/bytes.js';
import { ChipIdError } from '../emrtd/errors.js';
import type { ReadCapabilities, ReadStrategy } from '../emrtd/files.js';
import type { TrustStore } from '../pki/truststore.js';
import { loadTrust } from './trust.js';
import { join } from 'node:path';
import type { CardChannel } from '../emrtd/channel.js';
import {
  CONTRACT_VERSION,
  SETTINGS_LIMITS,
  type AdminUnlockResult,
  type KeyInput,
  type KioskApi,
  type KioskSettings,
  type ReadClient,
  type ReaderConfig,
  type ReaderView,
  type ServiceEvent,
  type SessionState,
  type SettingsPatch,
  type TrustStatus,
} from '../contract/types.js';
import { validateSettingsPatch } from '../contract/validate.js';
import { ReaderWatcher } from '../../native/pcsc.js';
import type { DemoOptions } from './demo-cards.js';
import { ReaderSession } from './session.js';
import { toErrorInfo } from '../contract/errors.js';
import { recordCancelled, recordFailed, recordVerification, resultView } from './results.js';
import { fileDigests } from './file-digests.js';
import { kioskSigningKey, type KioskSigningKey } from './kiosk-signature.js';
import type { ReadCardResult } from './read-card.js';
import { systemRng } from './rng.js';
import { openStorage, getSetting, setSetting, purgeOlderThan, type Storage } from './storage/index.js';
import { openSecrets, type KioskSecrets, type SecretProtector } from './secrets.js';
import { AdminGuard, READER_CONFIG_KEYS, loadOperatorSettings, mergeReaderConfig, loadWorkflowSettings, saveOperatorSetting, saveReaderConfig, saveWorkflowSettings, trustSummary, type OperatorSettings } from './admin.js';
import { JobRegistry } from './jobs.js';
import { getOperator, listOperators, verifyOperatorPin, type OperatorView } from './operators.js';
import { adminPinCheck } from './admin-pin-check.js';
import { DashboardDesk } from './dashboard.js';
import { startKioskFleet, type KioskFleet } from './fleet-job.js';
import type { DashboardQuery, ExportFormat } from '../contract/dashboard.js';
import { DEFAULT_WORKFLOW, WORKFLOWS, WorkflowRegistry, type CounterView, type JobContext, type SettingValue, type Workflow, type WorkflowHandler } from './workflows/index.js';

export interface KioskServiceOptions {
  dataDir: string;
  /** Attach in-process virtual readers with cards from `demo.cards` (demo and training mode). */
  demo?: DemoOptions;
  /** Watch PC/SC readers (default true). */
  pcsc?: boolean;
  /** Counter recorded with each verification (unless the reader has its own). */
  counterId?: string;
  /** Who a read is recorded for when startRead names no client (IPC from the kiosk's own window). */
  defaultClient?: ReadClient;
  /** The installation's keys (default: openSecrets with `env` and `protector`). */
  secrets?: KioskSecrets;
  /** Seals the master key (Electron's safeStorage); see secrets.ts. */
  protector?: SecretProtector;
  /**
   * The result timeout until the operator sets one (getSettings().resultTimeoutSeconds, default 60 s).
   * 0 = never clear, whatever the setting says (tests and benchmarks only).
   */
  resultTimeoutMs?: number;
  /** Environment for the first-run admin PIN (CHIPID_ADMIN_PIN) and the key folder; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Leaves kiosk mode (the Electron main process); without it exitKiosk answers UNSUPPORTED. */
  exitKiosk?: () => boolean | Promise<boolean>;
  logger?: (msg: string) => void;
  /** READ BINARY strategy (default: extended length where reader and card allow it). */
  strategy?: ReadStrategy;
  /** Bound on one card exchange (default 15 s): a reader or card that stops answering is reported. */
  timeoutMs?: number;
  /** The workflows counters may run (default workflows/index.ts WORKFLOWS; tests add their own). */
  workflows?: readonly Workflow[];
  /** The workflow of a reader with none configured (default: the first registered, verify-only). */
  defaultWorkflow?: string;
}

interface ReaderEntry {
  view: ReaderView;
  session: ReaderSession;
  caps: Map<string, ReadCapabilities>;
  atr?: Uint8Array;
  virtual?: { profile: string; channel: CardChannel | undefined };
  clearTimer?: NodeJS.Timeout;
  /** Who started the reader's current (or pending) read. */
  client?: ReadClient;
}

const KIOSK_UI: ReadClient = { clientId: 'kiosk-ui', purpose: 'kiosk' };

export class KioskService implements KioskApi {
  private readonly bus = new EventEmitter<{ event: [ServiceEvent] }>();
  private readonly readers = new Map<string, ReaderEntry>();
  private watcher: ReaderWatcher | undefined;
  private pcscAvailable = false;
  readonly storage: Storage;
  /** The CSCA trust store (data directory); in demo mode plus the virtual cards' TEST CSCA, in memory. */
  readonly trust: TrustStore;
  private closed = false;
  /** The admin PIN and sessions. */
  readonly admin: AdminGuard;
  private operator: OperatorSettings;
  /** The workflows counters may run; a verified read goes to its counter's. */
  readonly workflows: WorkflowRegistry;
  /** Background jobs (the storage's and the workflows'), started and stopped with the service. */
  readonly jobs: JobRegistry;
  /** The workflows' own API methods, by method name. */
  private readonly workflowHandlers: Map<string, WorkflowHandler>;
  private readonly secrets: KioskSecrets;
  private signing: KioskSigningKey | undefined;
  /** The managers' dashboard (supervisor sessions, this kiosk's figures). */
  private readonly dashboard: DashboardDesk;
  /** Reporting to the central PostgreSQL (CHIPID_FLEET_URL), when configured. */
  readonly fleet: KioskFleet | undefined;

  constructor(private readonly opts: KioskServiceOptions) {
    this.bus.setMaxListeners(100);
    const env = opts.env ?? process.env;
    const secrets = opts.secrets ?? openSecrets({ dataDir: opts.dataDir, env, ...(opts.protector ? { protector: opts.protector } : {}) });
    this.secrets = secrets;
    this.workflows = new WorkflowRegistry(opts.workflows ?? WORKFLOWS);
    this.jobs = new JobRegistry({ onError: (name) => opts.logger?.(`job ${name} failed`) });
    this.storage = openStorage(opts.dataDir, { secrets, components: this.workflows.migrations(), jobs: this.jobs });
    const ctx = (w: Workflow): JobContext => this.workflowContext(w);
    for (const job of this.workflows.jobs(ctx)) this.jobs.add(job);
    this.workflowHandlers = this.workflows.handlers(ctx);
    this.trust = loadTrust(join(opts.dataDir, 'trust'), opts.demo ? { demoAnchor: opts.demo.cards.trustAnchor() } : {});
    this.admin = new AdminGuard(this.storage, { env: opts.env ?? process.env });
    this.dashboard = new DashboardDesk(this.storage, adminPinCheck(this.admin), { kioskName: env.CHIPID_KIOSK_NAME ?? null });
    this.fleet = startKioskFleet(this.storage, env, { appVersion: CONTRACT_VERSION, ...(opts.logger ? { logger: opts.logger } : {}) });
    const { min, max } = SETTINGS_LIMITS.resultTimeoutSeconds;
    const fromOpts = opts.resultTimeoutMs ? Math.round(opts.resultTimeoutMs / 1000) : 60;
    this.operator = loadOperatorSettings(this.storage, { resultTimeoutSeconds: Math.min(max, Math.max(min, fromOpts)) });
  }

  get demo(): boolean {
    return !!this.opts.demo;
  }

  start(): this {
    const demo = this.opts.demo;
    if (demo) {
      const n = demo.readers ?? 2;
      const profiles = demo.profiles ?? ['cccd-2021', 'cccd-2024'];
      for (let i = 0; i < n; i++) this.addVirtualReader(i, profiles[i % profiles.length]!);
    }
    if (this.opts.pcsc !== false) this.startPcsc();
    if (!this.closed) this.jobs.start();
    return this;
  }

  /** A counter runs a workflow whose screens use the camera (electron/main/permissions.ts asks this). */
  cameraWorkflowActive(): boolean {
    return [...this.readers.values()].some((e) => this.workflows.get(e.view.workflow).camera === true);
  }

  // ---- KioskApi ----

  async listReaders(): Promise<ReaderView[]> {
    return [...this.readers.values()].map((e) => ({ ...e.view }));
  }

  async startRead(readerId: string, key: KeyInput, opts: { photo?: boolean; client?: ReadClient } = {}): Promise<{ started: true }> {
    const e = this.entry(readerId);
    e.session.start(key, opts.photo !== false);
    // Only once the session took the read (a busy reader keeps the client of the read it is doing).
    e.client = opts.client ?? this.opts.defaultClient ?? KIOSK_UI;
    return { started: true };
  }

  async cancel(readerId: string): Promise<{ cancelled: boolean }> {
    return { cancelled: this.entry(readerId).session.cancel() };
  }

  async status(): Promise<{ version: string; demo: boolean; readers: number; pcsc: 'available' | 'unavailable'; pinSet: boolean }> {
    return { version: CONTRACT_VERSION, demo: this.demo, readers: this.readers.size, pcsc: this.pcscAvailable ? 'available' : 'unavailable', pinSet: this.admin.pinSet };
  }

  async demoCard(readerId: string, action: 'insert' | 'remove', profile?: string): Promise<{ cardPresent: boolean }> {
    const e = this.entry(readerId);
    const cards = this.opts.demo?.cards;
    if (!e.virtual || !cards) throw new ChipIdError('UNSUPPORTED', 'only virtual readers have a demo card');
    if (action === 'remove') {
      // The card keeps its chip (keys, EF.SOD) while lifted: placed again, an interrupted read resumes.
      cards.remove(readerId);
      this.setPresent(e, false);
      return { cardPresent: false };
    }
    if (profile !== undefined) {
      if (!cards.profiles.includes(profile)) throw new ChipIdError('KEY_INVALID', 'unknown virtual card profile');
      e.virtual.profile = profile;
    }
    if (!e.view.cardPresent) {
      e.virtual.channel = cards.insert(readerId, e.virtual.profile, e.view.name);
      this.setPresent(e, true);
    }
    return { cardPresent: true };
  }

  // ---- operator settings and the admin PIN ----

  async adminUnlock(pin: string): Promise<AdminUnlockResult> {
    return this.admin.unlock(pin, 'operator');
  }

  async getSettings(): Promise<KioskSettings> {
    await this.admin.init();
    const readers: Record<string, ReaderConfig> = {};
    for (const [name, c] of Object.entries(this.operator.readers)) readers[name] = { ...c };
    return {
      retentionDays: getSetting(this.storage.read, 'retentionDays'),
      resultTimeoutSeconds: this.operator.resultTimeoutSeconds,
      mode: this.operator.mode,
      demo: this.demo,
      readers,
      pinSet: this.admin.pinSet,
      pinIsDefault: this.admin.pinIsDefault,
      scannerPrefix: this.operator.scannerPrefix,
      scannerSuffix: this.operator.scannerSuffix,
      workflows: this.workflowSettings(),
    };
  }

  /** Each workflow that declares settings → its settings (defaults, overlaid with what was saved). */
  private workflowSettings(): Record<string, Record<string, SettingValue>> {
    const out: Record<string, Record<string, SettingValue>> = {};
    for (const w of this.workflows.list()) if (w.settings) out[w.name] = loadWorkflowSettings(this.storage, w.name, w.settings);
    return out;
  }

  async updateSettings(adminSession: string, patch: SettingsPatch): Promise<KioskSettings> {
    this.admin.require(adminSession);
    const p = validateSettingsPatch(patch);
    if (!p.ok) throw new ChipIdError('INTERNAL', 'invalid settings patch');
    const actor = 'operator';
    const v = p.value;
    if (v.retentionDays !== undefined && setSetting(this.storage.write, 'retentionDays', v.retentionDays, { actor })) {
      // The new retention applies now, not at the next scheduled purge.
      purgeOlderThan(this.storage.write, v.retentionDays, undefined, { actor });
    }
    if (v.resultTimeoutSeconds !== undefined && v.resultTimeoutSeconds !== this.operator.resultTimeoutSeconds) {
      saveOperatorSetting(this.storage, actor, 'resultTimeoutSeconds', this.operator.resultTimeoutSeconds, v.resultTimeoutSeconds);
      this.operator.resultTimeoutSeconds = v.resultTimeoutSeconds;
    }
    if (v.mode !== undefined && v.mode !== this.operator.mode) {
      saveOperatorSetting(this.storage, actor, 'mode', this.operator.mode, v.mode);
      this.operator.mode = v.mode;
    }
    for (const k of ['scannerPrefix', 'scannerSuffix'] as const) {
      const to = v[k];
      if (to === undefined || to === this.operator[k]) continue;
      saveOperatorSetting(this.storage, actor, k, this.operator[k], to);
      this.operator[k] = to;
    }
    if (v.workflows) this.updateWorkflowSettings(v.workflows, actor);
    return this.settingsChanged();
  }

  /** Checks every key and value against the workflow's declaration before anything is stored. */
  private updateWorkflowSettings(patch: Readonly<Record<string, Readonly<Record<string, SettingValue>>>>, actor: string): void {
    const changes: { name: string; from: Record<string, SettingValue>; to: Record<string, SettingValue> }[] = [];
    for (const [name, values] of Object.entries(patch)) {
      const spec = this.workflows.has(name) ? this.workflows.get(name).settings : undefined;
      if (!spec) throw new ChipIdError('UNSUPPORTED', `workflow ${name} has no settings`);
      for (const [k, val] of Object.entries(values)) {
        if (!(k in spec.defaults) || !spec.accepts(k, val)) throw new ChipIdError('UNSUPPORTED', `workflow setting ${name}.${k.slice(0, 64)} refused`);
      }
      const from = loadWorkflowSettings(this.storage, name, spec);
      changes.push({ name, from, to: { ...from, ...values } });
    }
    for (const c of changes) saveWorkflowSettings(this.storage, actor, c.name, c.from, c.to);
  }

  async configureReader(adminSession: string, readerId: string, config: ReaderConfig): Promise<ReaderView> {
    this.admin.require(adminSession);
    const e = this.entry(readerId);
    const name = e.view.name;
    const before = this.operator.readers[name] ?? {};
    const next = mergeReaderConfig(before, config, (w) => this.workflows.has(w));
    if (READER_CONFIG_KEYS.some((k) => before[k] !== next[k])) {
      const readers = { ...this.operator.readers };
      if (Object.keys(next).length === 0) delete readers[name];
      else readers[name] = next;
      saveReaderConfig(this.storage, 'operator', readers, name, next);
      this.operator.readers = readers;
      this.applyConfig(e.view);
      this.emit({ type: 'readerChanged', reader: { ...e.view } });
      await this.settingsChanged();
    }
    return { ...e.view };
  }

  async trustStatus(): Promise<TrustStatus> {
    return trustSummary(this.trust);
  }

  async changeAdminPin(adminSession: string, newPin: string): Promise<{ changed: true }> {
    await this.admin.changePin(adminSession, newPin, 'operator');
    await this.settingsChanged();
    return { changed: true };
  }

  async setFirstAdminPin(newPin: string): Promise<{ set: true; session: string }> {
    const r = await this.admin.setFirstPin(newPin, 'operator');
    await this.settingsChanged();
    return r;
  }

  async exitKiosk(adminSession: string): Promise<{ exited: boolean }> {
    this.admin.require(adminSession);
    const hook = this.opts.exitKiosk;
    if (!hook) throw new ChipIdError('UNSUPPORTED', 'only the Electron shell can leave kiosk mode');
    const exited = await hook();
    if (exited) this.admin.audit('operator', 'kiosk.exited', {});
    return { exited };
  }

  // ---- operators at the counters ----

  async listOperators(): Promise<OperatorView[]> {
    return listOperators(this.storage);
  }

  /** The operator's own PIN signs them in at the counter (kept by the reader's name, audited). */
  async signIn(readerId: string, operatorId: string, pin: string): Promise<ReaderView> {
    const e = this.entry(readerId);
    const op = await verifyOperatorPin(this.storage, operatorId, pin, adminPinCheck(this.admin));
    return this.setCounterOperator(e, op.id, op.id);
  }

  // ---- the managers' dashboard (dashboard.ts) ----

  dashboardUnlock(operatorId: string, pin: string) {
    return this.dashboard.unlock(operatorId, pin);
  }

  dashboardQuery(session: string, q: DashboardQuery) {
    return this.dashboard.query(session, q);
  }

  dashboardExport(session: string, q: DashboardQuery, format: ExportFormat) {
    return this.dashboard.export(session, q, format);
  }

  async signOut(readerId: string): Promise<ReaderView> {
    const e = this.entry(readerId);
    return this.setCounterOperator(e, undefined, e.view.operator ?? 'operator');
  }

  private async setCounterOperator(e: ReaderEntry, operatorId: string | undefined, actor: string): Promise<ReaderView> {
    const name = e.view.name;
    const before = this.operator.readers[name] ?? {};
    const next = mergeReaderConfig(before, { operator: operatorId ?? '' }, (w) => this.workflows.has(w));
    const readers = { ...this.operator.readers };
    if (Object.keys(next).length === 0) delete readers[name];
    else readers[name] = next;
    saveReaderConfig(this.storage, actor, readers, name, next);
    this.operator.readers = readers;
    this.applyConfig(e.view);
    this.emit({ type: 'readerChanged', reader: { ...e.view } });
    return { ...e.view };
  }

  async callWorkflow(method: string, params: Readonly<Record<string, unknown>>, caller: ReadClient): Promise<unknown> {
    const handler = this.workflowHandlers.get(method);
    if (!handler) throw new ChipIdError('UNSUPPORTED', `no workflow handles ${method.slice(0, 64)}`);
    return handler(params, caller);
  }

  /** What a workflow's jobs and handlers are given: its own events, settings, the counters and the operators. */
  private workflowContext(w: Workflow): JobContext {
    return {
      storage: this.storage,
      emit: (e) => this.emit({ type: 'workflow', workflow: w.name, name: e.name, ...(e.readerId !== undefined ? { readerId: e.readerId } : {}), data: e.data }),
      counter: (readerId) => {
        const r = this.readers.get(readerId);
        return r ? counterOf(r.view) : undefined;
      },
      settings: () => (w.settings ? loadWorkflowSettings(this.storage, w.name, w.settings) : {}),
      env: this.opts.env ?? process.env,
      demo: this.demo,
      requireAdmin: (session) => this.admin.require(session),
      signingKey: () => (this.signing ??= kioskSigningKey(this.secrets.signingSeed)),
      operator: (id) => getOperator(this.storage, id),
      verifyOperator: (id, pin) => verifyOperatorPin(this.storage, id, pin, adminPinCheck(this.admin)),
      ...(this.opts.logger ? { logger: this.opts.logger } : {}),
    };
  }

  private async settingsChanged(): Promise<KioskSettings> {
    const settings = await this.getSettings();
    this.emit({ type: 'settingsChanged', settings });
    return settings;
  }

  /**
   * The operator's label, counter, workflow and signed-in operator for this reader's name (else the
   * service's default counter and the default workflow). A stored workflow no longer registered reads as the default.
   */
  private applyConfig(view: ReaderView): void {
    const c = this.operator.readers[view.name];
    if (c?.label !== undefined) view.label = c.label;
    else delete view.label;
    const counter = c?.counter ?? this.opts.counterId;
    if (counter !== undefined) view.counter = counter;
    else delete view.counter;
    view.workflow = this.workflows.get(c?.workflow ?? this.opts.defaultWorkflow ?? DEFAULT_WORKFLOW).name;
    if (c?.operator !== undefined) view.operator = c.operator;
    else delete view.operator;
  }

  subscribe(listener: (e: ServiceEvent) => void): () => void {
    this.bus.on('event', listener);
    return () => this.bus.off('event', listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.jobs.stop();
    for (const e of this.readers.values()) {
      e.session.cancel();
      if (e.clearTimer) clearTimeout(e.clearTimer);
    }
    await this.watcher?.close();
    await this.fleet?.close().catch(() => undefined);
    this.storage.close();
    this.bus.removeAllListeners();
  }

  // ---- readers ----

  private emit(e: ServiceEvent): void {
    if (!this.closed) this.bus.emit('event', e);
  }

  private entry(readerId: string): ReaderEntry {
    const e = this.readers.get(readerId);
    if (!e) throw new ChipIdError('NO_READER', 'no reader with that id');
    return e;
  }

  private addReader(id: string, name: string, kind: 'pcsc' | 'virtual', connect: () => Promise<CardChannel>, release: (ch: CardChannel) => Promise<void>): ReaderEntry {
    const caps = new Map<string, ReadCapabilities>();
    const entry: ReaderEntry = {
      view: { id, name, kind, cardPresent: false, state: 'waiting' },
      caps,
      session: new ReaderSession({
        rng: systemRng,
        trust: this.trust,
        ...(this.opts.strategy ? { strategy: this.opts.strategy } : {}),
        requiredTiers: () => this.workflows.get(entry.view.workflow).requiredTiers,
        connect,
        release,
        capabilities: () => {
          const k = entry.atr ? toHex(entry.atr) : '-';
          let c = caps.get(k);
          if (!c) caps.set(k, (c = {}));
          return c;
        },
      }),
    };
    this.applyConfig(entry.view);
    entry.session.on('state', (s) => this.onState(entry, s));
    entry.session.on('finished', (f) => void this.onFinished(entry, f.res, f.photo));
    entry.session.on('cancelled', (c) => {
      const client = entry.client ?? this.opts.defaultClient ?? KIOSK_UI;
      recordCancelled(this.storage, entry.view, c, { ...(this.opts.counterId ? { counterId: this.opts.counterId } : {}), client }, (ev) => this.emit(ev));
    });
    entry.session.on('failed', (f) => {
      const client = entry.client ?? this.opts.defaultClient ?? KIOSK_UI;
      recordFailed(this.storage, entry.view, f, { ...(this.opts.counterId ? { counterId: this.opts.counterId } : {}), client }, (ev) => this.emit(ev));
    });
    this.readers.set(id, entry);
    this.emit({ type: 'readerAdded', reader: { ...entry.view } });
    return entry;
  }

  private addVirtualReader(i: number, profile: string): void {
    const id = `virtual:${i}`;
    const e = this.addReader(
      id,
      `Đầu đọc ảo ${i + 1} / Virtual reader ${i + 1}`,
      'virtual',
      async () => {
        const r = this.readers.get(id);
        const ch = r?.view.cardPresent ? r.virtual?.channel : undefined;
        if (!ch) throw new ChipIdError('NO_CARD', 'no virtual card on the reader');
        return ch;
      },
      async () => undefined,
    );
    e.virtual = { profile, channel: undefined };
  }

  private startPcsc(): void {
    const w = new ReaderWatcher({
      ...(this.opts.logger ? { logger: this.opts.logger } : {}),
      ...(this.opts.timeoutMs ? { channel: { timeoutMs: this.opts.timeoutMs } } : {}),
    });
    this.watcher = w;
    w.on('error', () => undefined);
    w.on('status', (s) => {
      this.pcscAvailable = s.available;
      if (!s.available && s.error) this.emit({ type: 'error', error: toErrorInfo(s.error) });
    });
    w.on('reader-added', ({ name }) => {
      const id = `pcsc:${name}`;
      if (this.readers.has(id)) return;
      this.addReader(id, name, 'pcsc', () => w.connect(name), async (ch) => {
        await (ch as unknown as { disconnect(d: string): Promise<void> }).disconnect('leave');
      });
    });
    w.on('reader-removed', ({ name }) => {
      const id = `pcsc:${name}`;
      const e = this.readers.get(id);
      if (!e) return;
      e.session.cancel();
      this.readers.delete(id);
      this.emit({ type: 'readerRemoved', readerId: id });
    });
    w.on('card-inserted', ({ reader, atr }) => {
      const e = this.readers.get(`pcsc:${reader}`);
      if (!e) return;
      e.atr = atr;
      this.setPresent(e, true);
    });
    w.on('card-removed', ({ reader }) => {
      const e = this.readers.get(`pcsc:${reader}`);
      if (e) this.setPresent(e, false);
    });
    w.start();
  }

  private setPresent(e: ReaderEntry, present: boolean): void {
    e.view.cardPresent = present;
    if (present) delete e.view.fault; // a new card: the reader answers again
    // The card's presence is a change of the reader (sent once, before what the session makes of it).
    this.emit({ type: 'readerChanged', reader: { ...e.view } });
    if (present) e.session.cardInserted();
    else e.session.cardRemoved();
  }

  private onState(e: ReaderEntry, s: SessionState): void {
    e.view.state = s.state;
    // A reader (or card) that stopped answering is reported on the reader itself, not only on the session.
    const fault = s.state === 'error' && (s.error.code === 'TIMEOUT' || s.error.code === 'PCSC_UNAVAILABLE') ? s.error : undefined;
    if (fault || (s.state === 'result' && e.view.fault)) {
      if (fault) e.view.fault = fault;
      else delete e.view.fault;
      this.emit({ type: 'readerChanged', reader: { ...e.view } });
    }
    // The session state is the one event of a read: its progress, result and error are not sent again.
    this.emit({ type: 'session', readerId: e.view.id, session: s });
    if (e.clearTimer) clearTimeout(e.clearTimer);
    e.clearTimer = undefined;
    const timeout = this.opts.resultTimeoutMs === 0 ? 0 : this.operator.resultTimeoutSeconds * 1000;
    if ((s.state === 'result' || s.state === 'error') && timeout > 0) {
      e.clearTimer = setTimeout(() => e.session.clear(), timeout);
      e.clearTimer.unref();
    }
  }

  /**
   * A finished read goes to the workflow of its counter (its onRead steps; a verified one also its
   * afterVerifiedRead steps); a failing step is reported, the read keeps its verdict.
   */
  private async handOff(e: ReaderEntry, res: ReadCardResult): Promise<void> {
    const v = e.view;
    const c = counterOf(v);
    const failures = await this.workflows.afterRead({
      workflow: this.workflows.get(v.workflow).name,
      readerId: c.readerId,
      readerName: c.readerName,
      ...(c.counter !== undefined ? { counter: c.counter } : {}),
      ...(c.operator !== undefined ? { operator: c.operator } : {}),
      output: res.output,
      ...(res.photoBytes ? { photoBytes: res.photoBytes } : {}),
      digests: fileDigests(res.raw.files),
      storage: this.storage,
    });
    for (const f of failures) {
      this.opts.logger?.(`workflow ${v.workflow ?? DEFAULT_WORKFLOW} step ${f.step} failed`);
      this.emit({ type: 'error', readerId: v.id, error: toErrorInfo(new ChipIdError('INTERNAL', `workflow step ${f.step} failed`, { cause: f.error })) });
    }
  }

  private async onFinished(e: ReaderEntry, res: ReadCardResult, photo: boolean): Promise<void> {
    try {
      const view = await resultView(e.view, res, photo);
      const client = e.client ?? this.opts.defaultClient ?? KIOSK_UI;
      const requiredTiers = this.workflows.get(e.view.workflow).requiredTiers;
      recordVerification(this.storage, e.view, res, { ...(this.opts.counterId ? { counterId: this.opts.counterId } : {}), client, requiredTiers }, (ev) => this.emit(ev));
      await this.handOff(e, res);
      e.session.showResult({ state: 'result', result: view });
    } catch (err) {
      e.session.showResult({ state: 'error', error: toErrorInfo(err), resumable: false });
    }
  }
}

function counterOf(v: ReaderView): CounterView {
  return {
    readerId: v.id,
    readerName: v.name,
    workflow: v.workflow ?? DEFAULT_WORKFLOW,
    ...(v.counter !== undefined ? { counter: v.counter } : {}),
    ...(v.operator !== undefined ? { operator: v.operator } : {}),
  };
}

export async function createKioskService(opts: KioskServiceOptions): Promise<KioskService> {
  const svc = new KioskService(opts);
  try {
    // First run: the admin PIN's hash is created now, not on the first unlock.
    await svc.admin.init();
  } catch (e) {
    await svc.close();
    throw e;
  }
  return svc.start();
}
