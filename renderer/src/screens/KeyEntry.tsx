/**
 * Key entry: the 12-digit ID (PACE with the CAN derived from it), the 6-digit CAN, the ID with dates (BAC),
 * or the MRZ; a QR code from a keyboard-wedge scanner is recognised and read at once. A numeric pad drives
 * the focused digit field; the physical keyboard works too (Enter reads, Escape cancels).
 */
import { useRef, useState, type FormEvent } from 'react';
import type { KeyInput } from '../../../electron/contract/types.js';
import type { Screen } from '../state/machine.js';
import { useUi } from '../context.js';
import { useWedgeScanner } from '../hooks.js';

type Mode = 'id' | 'can' | 'dates' | 'mrz';
type DigitField = 'id' | 'can' | 'dob' | 'doe';
const MAX: Record<DigitField, number> = { id: 12, can: 6, dob: 8, doe: 8 };
type KeyEntry = Extract<Screen, { name: 'keyEntry' }>;

/** ddmmyyyy digits → 'dd/mm/yyyy' when it is a real calendar date, else null. */
export function toDate(d: string): string | null {
  if (!/^\d{8}$/.test(d)) return null;
  const day = Number(d.slice(0, 2));
  const month = Number(d.slice(2, 4));
  const year = Number(d.slice(4));
  const dt = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2200 || dt.getUTCMonth() !== month - 1 || dt.getUTCDate() !== day) return null;
  return `${d.slice(0, 2)}/${d.slice(2, 4)}/${d.slice(4)}`;
}
const showDate = (d: string): string => [d.slice(0, 2), d.slice(2, 4), d.slice(4, 8)].filter(Boolean).join('/');

export function KeyEntryScreen({ screen, readerName, onSubmit, onCancel }: { screen: KeyEntry; readerName: string; onSubmit(k: KeyInput): void; onCancel(): void }) {
  const { t, lang, settings } = useUi();
  const [mode, setMode] = useState<Mode>('id');
  const [v, setV] = useState<Record<DigitField, string>>({ id: '', can: '', dob: '', doe: '' });
  const [mrz, setMrz] = useState('');
  const [active, setActive] = useState<DigitField>('id');
  const [problem, setProblem] = useState<string | null>(null);
  const [qrSeen, setQrSeen] = useState(false);
  const refs = { id: useRef<HTMLInputElement>(null), can: useRef<HTMLInputElement>(null), dob: useRef<HTMLInputElement>(null), doe: useRef<HTMLInputElement>(null) };

  useWedgeScanner(!screen.submitting, (qr) => {
    // The burst also typed into the focused field: forget it, the QR replaces everything.
    setV({ id: '', can: '', dob: '', doe: '' });
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
    if (mode === 'mrz') {
      const lines = mrz.toUpperCase().split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      if (lines.length !== 3 || lines.some((l) => l.length !== 30)) return setProblem(t.mrzInvalid);
      return onSubmit({ mrz: lines.join('\n') });
    }
    if (mode === 'can') {
      if (v.can.length !== 6) return setProblem(t.digitsNeeded(6, v.can.length));
      return onSubmit({ can: v.can });
    }
    if (v.id.length !== 12) return setProblem(t.digitsNeeded(12, v.id.length));
    if (mode === 'id') return onSubmit({ id: v.id });
    const dob = toDate(v.dob);
    const doe = v.doe ? toDate(v.doe) : undefined;
    if (!dob || doe === null) return setProblem(t.dateInvalid);
    return onSubmit({ id: v.id, dob, ...(doe ? { doe } : {}) });
  };

  const digitInput = (f: DigitField, label: string, date = false) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        ref={refs[f]}
        className="field__input field__input--digits"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        autoFocus={f === active}
        value={date ? showDate(v[f]) : v[f]}
        onChange={(e) => setDigits(f, e.target.value)}
        onFocus={() => setActive(f)}
        aria-invalid={problem !== null && f === active}
      />
    </label>
  );

  const modes: [Mode, string][] = [
    ['id', t.tabId],
    ['can', t.tabCan],
    ['dates', t.tabDates],
    ['mrz', t.tabMrz],
  ];
  const hint = screen.hint ? (lang === 'vi' ? screen.hint.messageVi : screen.hint.message) : null;
  return (
    <form className="screen keyentry" onSubmit={submit} noValidate>
      <h1 className="title title--small">{t.keyTitle}</h1>
      <p className="lead">
        {t.keyHintPace} {readerName && <span className="muted">({readerName})</span>}
      </p>
      <div className="segmented" role="group" aria-label={t.keyTitle}>
        {modes.map(([m, label]) => (
          <button key={m} type="button" className={`segmented__btn ${mode === m ? 'segmented__btn--on' : ''}`} aria-pressed={mode === m} onClick={() => switchMode(m)}>
            {label}
          </button>
        ))}
      </div>
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
        {mode !== 'mrz' && (
          <div className="keypad" role="group" aria-label={t.keypad}>
            {['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'].map((k) => (
              <button
                key={k}
                type="button"
                className={`keypad__key ${k.length > 1 ? 'keypad__key--fn' : ''}`}
                onClick={() => press(k)}
                aria-label={k === 'back' ? t.backspace : k === 'clear' ? t.clear : k}
                tabIndex={-1}
              >
                {k === 'back' ? '⌫' : k === 'clear' ? 'C' : k}
              </button>
            ))}
          </div>
        )}
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
