/**
 * Settings behind the admin PIN, all through the contract (IPC in Electron, the WebSocket in a browser):
 * at first start (no PIN set yet) the operator chooses the admin PIN, twice; afterwards adminUnlock gives an
 * admin session (~10 minutes). The form is assembled from sections (settings/sections.ts: the core's readers,
 * general and scanner sections, then each workflow's); a new PIN (changeAdminPin), the trust store's status
 * (trustStatus) and, in Electron, leaving kiosk mode (exitKiosk) follow. Entries out of range are refused with
 * a message and kept as typed. The service checks the PIN and persists everything; the page keeps nothing in
 * browser storage.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { KioskClient, KioskMode, KioskSettings, ReaderView, SettingsPatch, TrustStatus } from '../../../electron/contract/types.js';
import { useUi } from '../context.js';
import { Dialog } from '../components/Dialog.js';
import { HistoryTable } from './History.js';
import type { HistoryEntry } from '../state/machine.js';
import type { ServiceStatus } from '../hooks.js';
import { checkDraft, type Checked, type Draft, type ReaderDraft } from './settings-check.js';
import { NewPinForm, UnlockForm } from './AdminPin.js';
import { DEFAULT_FEATURE, FEATURES } from '../../features/index.js';
import { FactsSection } from './settings/FactsSection.js';
import { SECTIONS } from './settings/sections.js';
import type { SectionProps } from './settings/types.js';
import { useAdminSession } from './settings/useAdminSession.js';

interface Props {
  api: KioskClient;
  /** Electron only: the shell can leave kiosk mode. */
  canExitKiosk: boolean;
  readers: ReaderView[];
  status: ServiceStatus | null;
  settings: KioskSettings | null;
  history: HistoryEntry[];
  onClose(): void;
}

/** No admin PIN yet (first start), as far as the service told. */
const pinSetOf = (s: KioskSettings | null, st: ServiceStatus | null): boolean | undefined => s?.pinSet ?? st?.pinSet;

const readerDraftOf = (r: ReaderView): ReaderDraft => ({ label: r.label ?? '', counter: r.counter ?? '', workflow: r.workflow ?? DEFAULT_FEATURE, operator: r.operator ?? '' });

const draftOf = (s: KioskSettings): Draft => ({ retentionDays: String(s.retentionDays), resultTimeoutSeconds: String(s.resultTimeoutSeconds), scannerPrefix: s.scannerPrefix, scannerSuffix: s.scannerSuffix, readers: {}, workflows: structuredClone(s.workflows ?? {}) });

/** The workflows' settings that differ from the service's (only keys the service declared). */
function workflowPatchOf(d: Draft, settings: KioskSettings): NonNullable<SettingsPatch['workflows']> {
  const out: NonNullable<SettingsPatch['workflows']> = {};
  for (const [name, values] of Object.entries(d.workflows ?? {})) {
    const was = settings.workflows?.[name] ?? {};
    const changed = Object.entries(values).filter(([k, val]) => k in was && was[k] !== val);
    if (changed.length > 0) out[name] = Object.fromEntries(changed);
  }
  return out;
}

/** Each feature's refusals of its drafted settings. */
const featureProblems = (d: Draft, lang: 'vi' | 'en'): string[] => FEATURES.flatMap((f) => (f.checkSettings && d.workflows?.[f.name] ? f.checkSettings(d.workflows[f.name]!, lang) : []));

/** What updateSettings must change: the checked entries that differ from the service's. */
function patchOf(v: Checked, mode: KioskMode, settings: KioskSettings): SettingsPatch {
  const patch: SettingsPatch = {};
  if (v.retentionDays !== settings.retentionDays) patch.retentionDays = v.retentionDays;
  if (v.resultTimeoutSeconds !== settings.resultTimeoutSeconds) patch.resultTimeoutSeconds = v.resultTimeoutSeconds;
  if (v.scannerPrefix !== settings.scannerPrefix) patch.scannerPrefix = v.scannerPrefix;
  if (v.scannerSuffix !== settings.scannerSuffix) patch.scannerSuffix = v.scannerSuffix;
  if (mode !== settings.mode) patch.mode = mode;
  return patch;
}

export function SettingsPanel({ api, canExitKiosk, readers, status, settings, history, onClose }: Props) {
  const { t, lang } = useUi();
  const admin = useAdminSession(api);
  const { session, busy } = admin;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [mode, setMode] = useState<KioskMode>('assisted');
  const [trust, setTrust] = useState<TrustStatus | null>(null);
  const firstPin = !session && (admin.noPin || pinSetOf(settings, status) === false);

  useEffect(() => {
    if (session && settings && !draft) {
      setDraft(draftOf(settings));
      setMode(settings.mode);
    }
  }, [session, settings, draft]);
  useEffect(() => {
    if (session) api.trustStatus().then(setTrust, () => undefined);
  }, [api, session]);

  const readerDraft = (r: ReaderView): ReaderDraft => draft?.readers[r.id] ?? readerDraftOf(r);

  const save = (e: FormEvent): void => {
    e.preventDefault();
    if (!draft || !settings) return;
    const checked = checkDraft(t, { ...draft, readers: Object.fromEntries(readers.map((r) => [r.id, readerDraft(r)])) });
    const theirs = featureProblems(draft, lang);
    if (!checked.ok || theirs.length > 0) return admin.refuse([...(checked.ok ? [] : checked.problems), ...theirs]);
    void admin.run(async (s) => {
      const patch = patchOf(checked.value, mode, settings);
      const workflows = workflowPatchOf(draft, settings);
      if (Object.keys(workflows).length > 0) patch.workflows = workflows;
      if (Object.keys(patch).length > 0) await api.updateSettings({ session: s, patch });
      for (const r of readers) {
        const d = draft.readers[r.id];
        const was = readerDraftOf(r);
        if (d && (Object.keys(was) as (keyof ReaderDraft)[]).some((k) => d[k].trim() !== was[k])) await api.configureReader({ session: s, readerId: r.id, ...d });
      }
      admin.setNote(t.saved);
    });
  };

  const edit = (f: (d: Draft) => Draft): void => {
    admin.clearMessages();
    setDraft((d) => (d ? f(d) : d));
  };
  const editReader = (r: ReaderView, k: keyof ReaderDraft, value: string): void =>
    edit((d) => ({ ...d, readers: { ...d.readers, [r.id]: { ...(d.readers[r.id] ?? readerDraftOf(r)), [k]: value } } }));

  const messages = (
    <>
      <div className="problem" role="alert">
        {admin.wrong ? t.pinWrong : admin.problem ? (lang === 'vi' ? admin.problem.messageVi : admin.problem.message) : ''}
        {admin.refused.map((p) => (
          <p key={p} className="problem__item">
            {p}
          </p>
        ))}
      </div>
      <p className="muted" role="status">
        {admin.note}
      </p>
    </>
  );
  const dialog = (key: string, title: string, body: ReactNode, closeLabel = t.close) => (
    <Dialog key={key} title={title} onClose={onClose} closeLabel={closeLabel}>
      {body}
    </Dialog>
  );

  if (firstPin) {
    const form = <NewPinForm legend={t.firstPinTitle} submitLabel={t.setFirstPin} busy={busy} autoFocus onPin={admin.setFirst} onMismatch={admin.mismatch} />;
    return dialog('first-pin', t.firstPinTitle, <><p className="lead">{t.firstPinIntro}</p>{form}{messages}</>, t.later);
  }
  if (session === null) return dialog('pin', t.pinTitle, <UnlockForm busy={busy} onUnlock={(p) => void admin.unlock(p)}>{messages}</UnlockForm>);
  if (!draft || !settings) return dialog('loading', t.settingsTitle, <><p className="lead">{t.loading}</p>{messages}</>);

  const props: SectionProps = { draft, edit, readers, readerDraft, editReader, mode, setMode, settings, api, runAdmin: admin.run };
  return dialog(
    'settings',
    t.settingsTitle,
    <>
      <form onSubmit={save} className="form" noValidate>
        {SECTIONS.map(({ id, Component }) => (
          <Component key={id} {...props} />
        ))}
        {messages}
        <div className="actions">
          {canExitKiosk && (
            <button type="button" className="btn btn--secondary" disabled={busy} onClick={() => void admin.run(async (s) => void (await api.exitKiosk({ session: s })))}>
              {t.exitKiosk}
            </button>
          )}
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t.save}
          </button>
        </div>
      </form>
      <NewPinForm legend={t.changePin} submitLabel={t.changePin} busy={busy} onPin={admin.changePin} onMismatch={admin.mismatch} />
      <FactsSection status={status} trust={trust} />
      {settings.mode === 'self-service' && <HistoryTable history={history} />}
    </>,
  );
}
