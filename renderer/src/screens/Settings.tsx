/**
 * Settings behind the admin PIN, all through the contract (IPC in Electron, the WebSocket in a browser):
 * adminUnlock gives an admin session (~10 minutes); reader labels and counters (configureReader), the result
 * timeout, the mode and the retention (updateSettings), a new PIN (changeAdminPin — required first while the
 * default PIN is in use), the trust store's status (trustStatus) and, in Electron, leaving kiosk mode
 * (exitKiosk). The service checks the PIN and persists everything; the page keeps nothing in browser storage.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { SETTINGS_LIMITS, type ErrorInfo, type KioskApi, type KioskMode, type KioskSettings, type ReaderView, type SettingsPatch, type TrustStatus } from '../../../electron/contract/types.js';
import { useUi } from '../context.js';
import { Dialog } from '../components/Dialog.js';
import { HistoryTable } from './History.js';
import type { HistoryEntry } from '../state/machine.js';
import type { ServiceStatus } from '../hooks.js';
import { toErrorInfo } from '../transport/ws.js';

interface Props {
  api: KioskApi;
  /** Electron only: the shell can leave kiosk mode. */
  canExitKiosk: boolean;
  readers: ReaderView[];
  status: ServiceStatus | null;
  settings: KioskSettings | null;
  history: HistoryEntry[];
  onClose(): void;
}

interface Draft {
  retentionDays: number;
  resultTimeoutSeconds: number;
  mode: KioskMode;
  readers: Record<string, { label: string; counter: string }>;
}

const clamp = (n: number, r: { min: number; max: number }, fallback: number): number => (Number.isFinite(n) ? Math.min(r.max, Math.max(r.min, Math.round(n))) : fallback);
const readerDraft = (r: ReaderView): { label: string; counter: string } => ({ label: r.label ?? '', counter: r.counter ?? '' });

export function SettingsPanel({ api, canExitKiosk, readers, status, settings, history, onClose }: Props) {
  const { t, lang } = useUi();
  const [pin, setPin] = useState('');
  const [session, setSession] = useState<string | null>(null);
  const [wrong, setWrong] = useState(false);
  const [problem, setProblem] = useState<ErrorInfo | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [trust, setTrust] = useState<TrustStatus | null>(null);
  const [newPin, setNewPin] = useState({ a: '', b: '' });
  const [pinChangedHere, setPinChangedHere] = useState(false);
  const say = (e: ErrorInfo | null): string => (e ? (lang === 'vi' ? e.messageVi : e.message) : '');

  useEffect(() => {
    if (session && settings && !draft) {
      setDraft({ retentionDays: settings.retentionDays, resultTimeoutSeconds: settings.resultTimeoutSeconds, mode: settings.mode, readers: {} });
    }
  }, [session, settings, draft]);
  useEffect(() => {
    if (session) api.trustStatus().then(setTrust, () => undefined);
  }, [api, session]);

  /** Runs an admin call; an expired session sends the operator back to the PIN. */
  const run = async (f: (s: string) => Promise<void>): Promise<void> => {
    if (!session) return;
    setBusy(true);
    setProblem(null);
    setNote('');
    try {
      await f(session);
    } catch (e) {
      const info = toErrorInfo(e);
      if (info.code === 'ADMIN_SESSION_INVALID') setSession(null);
      setProblem(info);
    } finally {
      setBusy(false);
    }
  };

  const unlock = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      const r = await api.adminUnlock(pin);
      setWrong(!r.unlocked);
      if (r.unlocked && r.session) setSession(r.session);
    } catch (err) {
      setWrong(false);
      setProblem(toErrorInfo(err));
    } finally {
      setBusy(false);
      setPin('');
    }
  };

  const changePin = (e: FormEvent): void => {
    e.preventDefault();
    if (newPin.a !== newPin.b) {
      setProblem(null);
      setNote(t.pinMismatch);
      return;
    }
    void run(async (s) => {
      await api.changeAdminPin(s, newPin.a);
      setPinChangedHere(true);
      setNewPin({ a: '', b: '' });
      setNote(t.pinChanged);
    });
  };

  const save = (e: FormEvent): void => {
    e.preventDefault();
    if (!draft || !settings) return;
    void run(async (s) => {
      const patch: SettingsPatch = {};
      const retention = clamp(draft.retentionDays, SETTINGS_LIMITS.retentionDays, settings.retentionDays);
      const timeout = clamp(draft.resultTimeoutSeconds, SETTINGS_LIMITS.resultTimeoutSeconds, settings.resultTimeoutSeconds);
      if (retention !== settings.retentionDays) patch.retentionDays = retention;
      if (timeout !== settings.resultTimeoutSeconds) patch.resultTimeoutSeconds = timeout;
      if (draft.mode !== settings.mode) patch.mode = draft.mode;
      setDraft({ ...draft, retentionDays: retention, resultTimeoutSeconds: timeout });
      if (Object.keys(patch).length > 0) await api.updateSettings(s, patch);
      for (const r of readers) {
        const d = draft.readers[r.id];
        const was = readerDraft(r);
        if (d && (d.label.trim() !== was.label || d.counter.trim() !== was.counter)) await api.configureReader(s, r.id, { label: d.label, counter: d.counter });
      }
      setNote(t.saved);
    });
  };

  const edit = (f: (d: Draft) => Draft): void => {
    setNote('');
    setDraft((d) => (d ? f(d) : d));
  };
  const editReader = (r: ReaderView, k: 'label' | 'counter', value: string): void =>
    edit((d) => ({ ...d, readers: { ...d.readers, [r.id]: { ...(d.readers[r.id] ?? readerDraft(r)), [k]: value } } }));

  const status_ = (
    <>
      <p className="problem" role="alert">
        {wrong ? t.pinWrong : say(problem)}
      </p>
      <p className="muted" role="status">
        {note}
      </p>
    </>
  );

  if (session === null) {
    return (
      <Dialog key="pin" title={t.pinTitle} onClose={onClose} closeLabel={t.close}>
        <form onSubmit={unlock} className="form" noValidate>
          <label className="field">
            <span className="field__label">{t.pinLabel}</span>
            <input className="field__input field__input--digits" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 12))} />
          </label>
          {status_}
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t.unlock}
          </button>
        </form>
      </Dialog>
    );
  }

  const mustChange = settings?.pinIsDefault === true && !pinChangedHere;
  const pinForm = (
    <form onSubmit={changePin} className="form" noValidate>
      <fieldset className="form__group">
        <legend>{t.changePin}</legend>
        {mustChange && <p className="problem">{t.pinDefaultWarn}</p>}
        {(['a', 'b'] as const).map((k) => (
          <label key={k} className="field field--inline">
            <span className="field__label">{k === 'a' ? t.newPin : t.newPinRepeat}</span>
            <input
              className="field__input field__input--digits"
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              value={newPin[k]}
              onChange={(e) => setNewPin({ ...newPin, [k]: e.target.value.replace(/\D/g, '').slice(0, 12) })}
            />
          </label>
        ))}
        <button type="submit" className="btn btn--secondary" disabled={busy || newPin.a.length < 6}>
          {t.changePin}
        </button>
      </fieldset>
    </form>
  );

  if (mustChange || !draft) {
    return (
      <Dialog key="change-pin" title={t.settingsTitle} onClose={onClose} closeLabel={t.close}>
        {draft ? pinForm : <p className="lead">{t.loading}</p>}
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
          {readers.map((r) => {
            const d = draft.readers[r.id] ?? readerDraft(r);
            return (
              <fieldset key={r.id} className="form__row">
                <legend className="form__reader">{r.name}</legend>
                <label className="field field--inline">
                  <span className="field__label">{t.readerLabel}</span>
                  <input className="field__input" maxLength={SETTINGS_LIMITS.labelMaxLength} value={d.label} onChange={(e) => editReader(r, 'label', e.target.value)} />
                </label>
                <label className="field field--inline">
                  <span className="field__label">{t.counterLabel}</span>
                  <input className="field__input" maxLength={SETTINGS_LIMITS.labelMaxLength} value={d.counter} onChange={(e) => editReader(r, 'counter', e.target.value)} />
                </label>
              </fieldset>
            );
          })}
        </fieldset>
        <fieldset className="form__group">
          <legend>{t.general}</legend>
          <label className="field field--inline">
            <span className="field__label">{t.clearAfter}</span>
            <input
              className="field__input field__input--short"
              type="number"
              min={SETTINGS_LIMITS.resultTimeoutSeconds.min}
              max={SETTINGS_LIMITS.resultTimeoutSeconds.max}
              value={draft.resultTimeoutSeconds}
              onChange={(e) => edit((x) => ({ ...x, resultTimeoutSeconds: Number(e.target.value) }))}
            />
          </label>
          <label className="field field--inline">
            <span className="field__label">{t.mode}</span>
            <select className="field__input" value={draft.mode} onChange={(e) => edit((x) => ({ ...x, mode: e.target.value as KioskMode }))}>
              <option value="assisted">{t.modeAssisted}</option>
              <option value="self-service">{t.modeSelf}</option>
            </select>
          </label>
          <label className="field field--inline">
            <span className="field__label">{t.retention}</span>
            <input
              className="field__input field__input--short"
              type="number"
              min={SETTINGS_LIMITS.retentionDays.min}
              max={SETTINGS_LIMITS.retentionDays.max}
              value={draft.retentionDays}
              onChange={(e) => edit((x) => ({ ...x, retentionDays: Number(e.target.value) }))}
            />
          </label>
        </fieldset>
        {status_}
        <div className="actions">
          {canExitKiosk && (
            <button type="button" className="btn btn--secondary" disabled={busy} onClick={() => void run(async (s) => void (await api.exitKiosk(s)))}>
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
        <dd>{status?.pcsc ?? '—'}</dd>
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
