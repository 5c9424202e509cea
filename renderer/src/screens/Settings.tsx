/**
 * Settings behind the admin PIN, all through the contract (IPC in Electron, the WebSocket in a browser):
 * at first start (no PIN set yet) the operator chooses the admin PIN, twice; afterwards adminUnlock gives an
 * admin session (~10 minutes); reader labels and counters (configureReader), the result timeout, the mode
 * and the retention (updateSettings), a new PIN (changeAdminPin), the trust store's status (trustStatus)
 * and, in Electron, leaving kiosk mode (exitKiosk). Entries out of range are refused with a message and kept
 * as typed. The service checks the PIN and persists everything; the page keeps nothing in browser storage.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { type ErrorInfo, type KioskClient, type KioskMode, type KioskSettings, type ReaderView, type SettingsPatch, type TrustStatus } from '../../../electron/contract/types.js';
import { useUi } from '../context.js';
import { Dialog } from '../components/Dialog.js';
import { HistoryTable } from './History.js';
import type { HistoryEntry } from '../state/machine.js';
import type { ServiceStatus } from '../hooks.js';
import { toErrorInfo } from '../transport/ws.js';
import { checkDraft, type Draft } from './settings-check.js';
import { NewPinForm, UnlockForm } from './AdminPin.js';

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

const readerDraft = (r: ReaderView): { label: string; counter: string } => ({ label: r.label ?? '', counter: r.counter ?? '' });

export function SettingsPanel({ api, canExitKiosk, readers, status, settings, history, onClose }: Props) {
  const { t, lang } = useUi();
  const [session, setSession] = useState<string | null>(null);
  const [wrong, setWrong] = useState(false);
  const [problem, setProblem] = useState<ErrorInfo | null>(null);
  const [refused, setRefused] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [mode, setMode] = useState<KioskMode>('assisted');
  const [trust, setTrust] = useState<TrustStatus | null>(null);
  const [noPin, setNoPin] = useState(false);
  const say = (e: ErrorInfo | null): string => (e ? (lang === 'vi' ? e.messageVi : e.message) : '');
  const firstPin = !session && (noPin || pinSetOf(settings, status) === false);

  useEffect(() => {
    if (session && settings && !draft) {
      setDraft({ retentionDays: String(settings.retentionDays), resultTimeoutSeconds: String(settings.resultTimeoutSeconds), scannerPrefix: settings.scannerPrefix, scannerSuffix: settings.scannerSuffix, readers: {} });
      setMode(settings.mode);
    }
  }, [session, settings, draft]);
  useEffect(() => {
    if (session) api.trustStatus().then(setTrust, () => undefined);
  }, [api, session]);

  /** Runs an admin call; an expired session sends the operator back to the PIN. True when it succeeded. */
  const run = async (f: (s: string) => Promise<void>): Promise<boolean> => {
    if (!session) return false;
    setBusy(true);
    setProblem(null);
    setRefused([]);
    setNote('');
    try {
      await f(session);
      return true;
    } catch (e) {
      const info = toErrorInfo(e);
      if (info.code === 'ADMIN_SESSION_INVALID') setSession(null);
      setProblem(info);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const unlock = async (pin: string): Promise<void> => {
    setProblem(null);
    setBusy(true);
    try {
      const r = await api.adminUnlock({ pin });
      setWrong(!r.unlocked);
      if (r.unlocked && r.session) setSession(r.session);
    } catch (err) {
      const info = toErrorInfo(err);
      setWrong(false);
      if (info.code === 'ADMIN_PIN_NOT_SET') setNoPin(true);
      else setProblem(info);
    } finally {
      setBusy(false);
    }
  };

  const mismatch = (): void => {
    setProblem(null);
    setNote(t.pinMismatch);
  };

  const setFirst = async (pin: string): Promise<boolean> => {
    setProblem(null);
    setNote('');
    setBusy(true);
    try {
      const r = await api.setFirstAdminPin({ newPin: pin });
      setSession(r.session);
      setNoPin(false);
      setNote(t.pinSetDone);
      return true;
    } catch (err) {
      const info = toErrorInfo(err);
      // Someone else set it meanwhile: unlock with that PIN.
      if (info.code === 'ADMIN_PIN_ALREADY_SET') setNoPin(false);
      setProblem(info);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const changePin = (pin: string): Promise<boolean> =>
    run(async (s) => {
      await api.changeAdminPin({ session: s, newPin: pin });
      setNote(t.pinChanged);
    });

  const save = (e: FormEvent): void => {
    e.preventDefault();
    if (!draft || !settings) return;
    const checked = checkDraft(t, { ...draft, readers: Object.fromEntries(readers.map((r) => [r.id, draft.readers[r.id] ?? readerDraft(r)])) });
    if (!checked.ok) {
      // Nothing is sent and nothing on screen changes: the entry stays as typed, with what to fix.
      setProblem(null);
      setNote('');
      setRefused(checked.problems);
      return;
    }
    void run(async (s) => {
      const v = checked.value;
      const patch: SettingsPatch = {};
      if (v.retentionDays !== settings.retentionDays) patch.retentionDays = v.retentionDays;
      if (v.resultTimeoutSeconds !== settings.resultTimeoutSeconds) patch.resultTimeoutSeconds = v.resultTimeoutSeconds;
      if (mode !== settings.mode) patch.mode = mode;
      if (v.scannerPrefix !== settings.scannerPrefix) patch.scannerPrefix = v.scannerPrefix;
      if (v.scannerSuffix !== settings.scannerSuffix) patch.scannerSuffix = v.scannerSuffix;
      if (Object.keys(patch).length > 0) await api.updateSettings({ session: s, patch });
      for (const r of readers) {
        const d = draft.readers[r.id];
        const was = readerDraft(r);
        if (d && (d.label.trim() !== was.label || d.counter.trim() !== was.counter)) await api.configureReader({ session: s, readerId: r.id, label: d.label, counter: d.counter });
      }
      setNote(t.saved);
    });
  };

  const edit = (f: (d: Draft) => Draft): void => {
    setNote('');
    setRefused([]);
    setDraft((d) => (d ? f(d) : d));
  };
  const editReader = (r: ReaderView, k: 'label' | 'counter', value: string): void =>
    edit((d) => ({ ...d, readers: { ...d.readers, [r.id]: { ...(d.readers[r.id] ?? readerDraft(r)), [k]: value } } }));

  const status_ = (
    <>
      <div className="problem" role="alert">
        {wrong ? t.pinWrong : say(problem)}
        {refused.map((p) => (
          <p key={p} className="problem__item">
            {p}
          </p>
        ))}
      </div>
      <p className="muted" role="status">
        {note}
      </p>
    </>
  );

  if (firstPin) {
    return (
      <Dialog key="first-pin" title={t.firstPinTitle} onClose={onClose} closeLabel={t.later}>
        <p className="lead">{t.firstPinIntro}</p>
        <NewPinForm legend={t.firstPinTitle} submitLabel={t.setFirstPin} busy={busy} autoFocus onPin={setFirst} onMismatch={mismatch} />
        {status_}
      </Dialog>
    );
  }

  if (session === null) {
    return (
      <Dialog key="pin" title={t.pinTitle} onClose={onClose} closeLabel={t.close}>
        <UnlockForm busy={busy} onUnlock={(p) => void unlock(p)}>
          {status_}
        </UnlockForm>
      </Dialog>
    );
  }

  const pinForm = <NewPinForm legend={t.changePin} submitLabel={t.changePin} busy={busy} onPin={changePin} onMismatch={mismatch} />;

  if (!draft) {
    return (
      <Dialog key="loading" title={t.settingsTitle} onClose={onClose} closeLabel={t.close}>
        <p className="lead">{t.loading}</p>
        {status_}
      </Dialog>
    );
  }

  const date = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'medium' });
  return (
    <Dialog key="settings" title={t.settingsTitle} onClose={onClose} closeLabel={t.close}>
      <form onSubmit={save} className="form" noValidate>
        <fieldset className="form__group">
          <legend>{t.readerLabels}</legend>
          {readers.map((r, i) => {
            const d = draft.readers[r.id] ?? readerDraft(r);
            return (
              <fieldset key={r.id} className="form__row">
                <legend className="form__reader">{r.name}</legend>
                <label className="field field--inline">
                  <span className="field__label">{t.readerLabel}</span>
                  <input className="field__input" autoFocus={i === 0} value={d.label} onChange={(e) => editReader(r, 'label', e.target.value)} />
                </label>
                <label className="field field--inline">
                  <span className="field__label">{t.counterLabel}</span>
                  <input className="field__input" value={d.counter} onChange={(e) => editReader(r, 'counter', e.target.value)} />
                </label>
              </fieldset>
            );
          })}
        </fieldset>
        <fieldset className="form__group">
          <legend>{t.general}</legend>
          <label className="field field--inline">
            <span className="field__label">{t.clearAfter}</span>
            <input className="field__input field__input--short" inputMode="numeric" value={draft.resultTimeoutSeconds} onChange={(e) => edit((x) => ({ ...x, resultTimeoutSeconds: e.target.value }))} />
          </label>
          <label className="field field--inline">
            <span className="field__label">{t.mode}</span>
            <select className="field__input" value={mode} onChange={(e) => setMode(e.target.value as KioskMode)}>
              <option value="assisted">{t.modeAssisted}</option>
              <option value="self-service">{t.modeSelf}</option>
            </select>
          </label>
          <label className="field field--inline">
            <span className="field__label">{t.retention}</span>
            <input className="field__input field__input--short" inputMode="numeric" value={draft.retentionDays} onChange={(e) => edit((x) => ({ ...x, retentionDays: e.target.value }))} />
          </label>
        </fieldset>
        <fieldset className="form__group">
          <legend>{t.scannerTitle}</legend>
          <p className="muted">{t.scannerHint}</p>
          <label className="field field--inline">
            <span className="field__label">{t.scannerPrefix}</span>
            <input className="field__input field__input--short" autoComplete="off" spellCheck={false} value={draft.scannerPrefix} onChange={(e) => edit((x) => ({ ...x, scannerPrefix: e.target.value }))} />
          </label>
          <label className="field field--inline">
            <span className="field__label">{t.scannerSuffix}</span>
            <input className="field__input field__input--short" autoComplete="off" spellCheck={false} value={draft.scannerSuffix} onChange={(e) => edit((x) => ({ ...x, scannerSuffix: e.target.value }))} />
          </label>
        </fieldset>
        {status_}
        <div className="actions">
          {canExitKiosk && (
            <button type="button" className="btn btn--secondary" disabled={busy} onClick={() => void run(async (s) => void (await api.exitKiosk({ session: s })))}>
              {t.exitKiosk}
            </button>
          )}
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t.save}
          </button>
        </div>
      </form>
      {pinForm}
      <dl className="facts">
        <dt>{t.demoMode}</dt>
        <dd>{status ? (status.demo ? t.demoOn : t.demoOff) : '—'}</dd>
        <dt>{t.serviceVersion}</dt>
        <dd>{status?.version ?? '—'}</dd>
        <dt>{t.pcsc}</dt>
        <dd>{status ? (status.pcsc === 'available' ? t.pcscAvailable : t.pcscUnavailable) : '—'}</dd>
        <dt>{t.vnCsca}</dt>
        <dd>{trust ? (trust.vietnamCsca.present ? t.vnCscaPresent(trust.vietnamCsca.notAfter ? date.format(new Date(trust.vietnamCsca.notAfter)) : '—') : t.vnCscaMissing) : t.loading}</dd>
        <dt>{t.trustStore}</dt>
        <dd>{trust ? `${t.trustCerts}: ${trust.certificates} · ${t.trustCrls}: ${trust.crls}` : t.loading}</dd>
        <dt>{t.trustSources}</dt>
        <dd>
          {trust && (
            <ul className="sources">
              {trust.sources.map((s) => (
                <li key={`${s.kind}:${s.name}`}>
                  {s.name} ({s.kind}, {s.count}) — {s.verified ? t.sourceVerified : t.sourceUnverified}
                </li>
              ))}
            </ul>
          )}
          <p className="muted">{t.trustImportHint}</p>
        </dd>
      </dl>
      {settings?.mode === 'self-service' && <HistoryTable history={history} />}
    </Dialog>
  );
}
