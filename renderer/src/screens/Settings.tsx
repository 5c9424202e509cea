/**
 * Settings behind the admin PIN. Wired: reader/counter labels, clear-after time, mode (this session only —
 * the contract has no settings channel yet); service version, demo and PC/SC state (read from status()).
 * Shown but not wired: retention days, trust-store import. In Electron the PIN is checked by the main
 * process (window.chipidShell), which also leaves kiosk mode; in a browser a development PIN is used.
 */
import { useState, type FormEvent } from 'react';
import type { ReaderView } from '../../../electron/contract/types.js';
import { useUi } from '../context.js';
import { Dialog } from '../components/Dialog.js';
import { HistoryTable } from './History.js';
import type { HistoryEntry } from '../state/machine.js';
import { BROWSER_DEFAULT_PIN, clampClearAfter, type KioskMode, type UiSettings } from '../settings.js';
import type { ServiceStatus } from '../hooks.js';
import type { ShellApi } from '../transport/types.js';

interface Props {
  readers: ReaderView[];
  status: ServiceStatus | null;
  shell: ShellApi | undefined;
  history: HistoryEntry[];
  onSave(s: UiSettings): void;
  onClose(): void;
}

export function SettingsPanel({ readers, status, shell, history, onSave, onClose }: Props) {
  const { t, settings } = useUi();
  const [pin, setPin] = useState('');
  const [unlocked, setUnlocked] = useState<string | null>(null);
  const [wrong, setWrong] = useState(false);
  const [draft, setDraft] = useState<UiSettings>(settings);
  const [saved, setSaved] = useState(false);

  const unlock = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const ok = shell ? await shell.verifyAdminPin(pin).catch(() => false) : pin === BROWSER_DEFAULT_PIN;
    setWrong(!ok);
    if (ok) setUnlocked(pin);
    setPin('');
  };
  const save = (e: FormEvent): void => {
    e.preventDefault();
    const next = { ...draft, clearAfterSec: clampClearAfter(draft.clearAfterSec) };
    setDraft(next);
    onSave(next);
    setSaved(true);
  };
  const label = (id: string, k: 'label' | 'counter', value: string): void => {
    setSaved(false);
    setDraft((d) => ({ ...d, readerLabels: { ...d.readerLabels, [id]: { ...d.readerLabels[id], [k]: value } } }));
  };

  if (unlocked === null) {
    return (
      <Dialog title={t.pinTitle} onClose={onClose} closeLabel={t.close}>
        <form onSubmit={unlock} className="form" noValidate>
          <label className="field">
            <span className="field__label">{t.pinLabel}</span>
            <input className="field__input field__input--digits" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 12))} />
          </label>
          <p className="problem" role="alert">
            {wrong ? t.pinWrong : ''}
          </p>
          {!shell && <p className="muted">{t.pinDefaultWarn}</p>}
          <button type="submit" className="btn btn--primary">
            {t.unlock}
          </button>
        </form>
      </Dialog>
    );
  }

  return (
    <Dialog title={t.settingsTitle} onClose={onClose} closeLabel={t.close}>
      <form onSubmit={save} className="form" noValidate>
        <fieldset className="form__group">
          <legend>{t.readerLabels}</legend>
          {readers.map((r) => (
            <div key={r.id} className="form__row">
              <span className="form__reader">{r.name}</span>
              <label className="field field--inline">
                <span className="field__label">{t.readerLabel}</span>
                <input className="field__input" value={draft.readerLabels[r.id]?.label ?? ''} onChange={(e) => label(r.id, 'label', e.target.value)} />
              </label>
              <label className="field field--inline">
                <span className="field__label">{t.counterLabel}</span>
                <input className="field__input" value={draft.readerLabels[r.id]?.counter ?? ''} onChange={(e) => label(r.id, 'counter', e.target.value)} />
              </label>
            </div>
          ))}
        </fieldset>
        <fieldset className="form__group">
          <legend>{t.mode}</legend>
          <label className="field field--inline">
            <span className="field__label">{t.clearAfter}</span>
            <input
              name="clearAfterSec"
              className="field__input field__input--short"
              type="number"
              min={3}
              max={600}
              value={draft.clearAfterSec}
              onChange={(e) => {
                setSaved(false);
                setDraft({ ...draft, clearAfterSec: Number(e.target.value) });
              }}
            />
          </label>
          <label className="field field--inline">
            <span className="field__label">{t.mode}</span>
            <select className="field__input" value={draft.mode} onChange={(e) => setDraft({ ...draft, mode: e.target.value as KioskMode })}>
              <option value="assisted">{t.modeAssisted}</option>
              <option value="self">{t.modeSelf}</option>
            </select>
          </label>
          <label className="field field--inline">
            <span className="field__label">
              {t.retention} {t.notWired}
            </span>
            <input className="field__input field__input--short" type="number" min={1} max={3650} value={draft.retentionDays} onChange={(e) => setDraft({ ...draft, retentionDays: Number(e.target.value) })} />
          </label>
        </fieldset>
        <dl className="facts">
          <dt>{t.demoMode}</dt>
          <dd>{status ? (status.demo ? t.demoOn : t.demoOff) : '—'}</dd>
          <dt>{t.serviceVersion}</dt>
          <dd>{status?.version ?? '—'}</dd>
          <dt>{t.pcsc}</dt>
          <dd>{status?.pcsc ?? '—'}</dd>
          <dt>{t.trustStore}</dt>
          <dd>
            <button type="button" className="btn btn--secondary" disabled>
              {t.trustImport}
            </button>
          </dd>
        </dl>
        <p className="problem" role="status">
          {saved ? t.saved : ''}
        </p>
        <div className="actions">
          {shell && (
            <button type="button" className="btn btn--secondary" onClick={() => void shell.exitKiosk(unlocked)}>
              {t.exitKiosk}
            </button>
          )}
          <button type="submit" className="btn btn--primary">
            {t.save}
          </button>
        </div>
      </form>
      {settings.mode === 'self' && <HistoryTable history={history} />}
    </Dialog>
  );
}
