/**
 * Key entry: the 12-digit ID (PACE with the CAN derived from it), the 6-digit CAN, the ID with dates (BAC),
 * or the MRZ; a QR code from a keyboard-wedge scanner is recognised and read at once. A numeric pad drives
 * the focused digit field; the physical keyboard works too (Enter reads, Escape cancels). The parts live in
 * keyentry/ (the pure check of what was typed, the tabs, the digit field, the keypad).
 */
import { useRef, useState, type FormEvent } from 'react';
import type { KeyInput } from '../../../electron/contract/types.js';
import type { Screen } from '../state/machine.js';
import { useUi } from '../context.js';
import { useWedgeScanner } from '../hooks.js';
import { DigitInput } from './keyentry/DigitInput.js';
import { keyFromEntry, MAX, NO_DIGITS, type DigitField, type Digits, type Mode } from './keyentry/entry.js';
import { Keypad } from './keyentry/Keypad.js';
import { ModeTabs } from './keyentry/ModeTabs.js';

export { toDate } from './keyentry/entry.js';

type KeyEntry = Extract<Screen, { name: 'keyEntry' }>;

export function KeyEntryScreen({ screen, readerName, onSubmit, onCancel }: { screen: KeyEntry; readerName: string; onSubmit(k: KeyInput): void; onCancel(): void }) {
  const { t, lang, settings } = useUi();
  const [mode, setMode] = useState<Mode>('id');
  const [v, setV] = useState<Digits>(NO_DIGITS);
  const [mrz, setMrz] = useState('');
  const [active, setActive] = useState<DigitField>('id');
  const [problem, setProblem] = useState<string | null>(null);
  const [qrSeen, setQrSeen] = useState(false);
  const refs = { id: useRef<HTMLInputElement>(null), can: useRef<HTMLInputElement>(null), dob: useRef<HTMLInputElement>(null), doe: useRef<HTMLInputElement>(null) };

  useWedgeScanner(!screen.submitting, (qr) => {
    // The burst also typed into the focused field: forget it, the QR replaces everything.
    setV(NO_DIGITS);
    setMrz('');
    setQrSeen(true);
    onSubmit({ qr });
  }, settings.scanner);

  const setDigits = (f: DigitField, s: string): void => {
    setV((old) => ({ ...old, [f]: s.replace(/\D/g, '').slice(0, MAX[f]) }));
    setProblem(null);
  };
  const press = (k: string): void => {
    const cur = v[active];
    if (k === 'back') setDigits(active, cur.slice(0, -1));
    else if (k === 'clear') setDigits(active, '');
    else setDigits(active, cur + k);
    refs[active].current?.focus();
  };
  const switchMode = (m: Mode): void => {
    setMode(m);
    setProblem(null);
    setActive(m === 'can' ? 'can' : 'id');
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (screen.submitting) return;
    const r = keyFromEntry(t, mode, v, mrz);
    if ('problem' in r) setProblem(r.problem);
    else onSubmit(r.key);
  };

  const digitInput = (f: DigitField, label: string, date = false) => (
    <DigitInput field={f} label={label} value={v[f]} date={date} active={f === active} invalid={problem !== null && f === active} inputRef={refs[f]} onDigits={setDigits} onFocus={setActive} />
  );
  const hint = screen.hint ? (lang === 'vi' ? screen.hint.messageVi : screen.hint.message) : null;
  return (
    <form className="screen keyentry" onSubmit={submit} noValidate>
      <h1 className="title title--small">{t.keyTitle}</h1>
      <p className="lead">
        {t.keyHintPace} {readerName && <span className="muted">({readerName})</span>}
      </p>
      <ModeTabs mode={mode} onMode={switchMode} />
      <div className="keyentry__body">
        <div className="keyentry__fields">
          {mode === 'id' && digitInput('id', t.idLabel)}
          {mode === 'can' && digitInput('can', t.canLabel)}
          {mode === 'dates' && (
            <>
              {digitInput('id', t.idLabel)}
              {digitInput('dob', t.dobLabel, true)}
              {digitInput('doe', t.doeLabel, true)}
            </>
          )}
          {mode === 'mrz' && (
            <label className="field">
              <span className="field__label">{t.mrzLabel}</span>
              <textarea className="field__input field__input--mrz" rows={3} cols={30} autoFocus spellCheck={false} autoComplete="off" value={mrz} onChange={(e) => setMrz(e.target.value.toUpperCase())} />
            </label>
          )}
          <p className="problem" role="alert">
            {qrSeen && screen.submitting ? t.qrScanned : (problem ?? hint ?? '')}
          </p>
          <p className="muted">{t.qrHint}</p>
        </div>
        {mode !== 'mrz' && <Keypad onKey={press} />}
      </div>
      <div className="actions">
        <button type="button" className="btn btn--secondary" onClick={onCancel}>
          {t.cancel}
        </button>
        <button type="submit" className="btn btn--primary" disabled={screen.submitting}>
          {t.read}
        </button>
      </div>
    </form>
  );
}
