/**
 * The admin PIN forms of Settings: unlock with the PIN, choose a new PIN twice (the first PIN at first
 * start, or a change). The PIN rules are shown before typing; the service checks them (ADMIN_PIN_WEAK).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { SETTINGS_LIMITS } from '../../../electron/contract/types.js';
import { useUi } from '../context.js';
import { SubmitAction } from '../components/Actions.js';

const digits = (v: string): string => v.replace(/\D/g, '').slice(0, SETTINGS_LIMITS.pinMaxLength);

export function UnlockForm({ busy, onUnlock, children }: { busy: boolean; onUnlock(pin: string): void; children: ReactNode }) {
  const { t } = useUi();
  const [pin, setPin] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    onUnlock(pin);
    setPin('');
  };
  return (
    <form onSubmit={submit} className="form" noValidate>
      <label className="field">
        <span className="field__label">{t.pinLabel}</span>
        <input className="field__input field__input--digits" type="password" inputMode="numeric" autoComplete="off" autoFocus value={pin} onChange={(e) => setPin(digits(e.target.value))} />
      </label>
      {children}
      <SubmitAction label={t.unlock} disabled={busy} primary />
    </form>
  );
}

/** Two entries of the new PIN; a mismatch is said here, the strength by the rules text and the service. */
export function NewPinForm({ legend, submitLabel, busy, autoFocus, onPin, onMismatch }: { legend: string; submitLabel: string; busy: boolean; autoFocus?: boolean; onPin(pin: string): Promise<boolean>; onMismatch(): void }) {
  const { t } = useUi();
  const [pin, setPin] = useState({ a: '', b: '' });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (pin.a !== pin.b) return onMismatch();
    void onPin(pin.a).then((ok) => {
      if (ok) setPin({ a: '', b: '' });
    });
  };
  return (
    <form onSubmit={submit} className="form" noValidate>
      <fieldset className="form__group">
        <legend>{legend}</legend>
        <p className="muted form__note" id="pin-rules">
          {t.pinRules}
        </p>
        {(['a', 'b'] as const).map((k) => (
          <label key={k} className="field field--inline">
            <span className="field__label">{k === 'a' ? t.newPin : t.newPinRepeat}</span>
            <input
              className="field__input field__input--digits"
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              aria-describedby="pin-rules"
              autoFocus={autoFocus === true && k === 'a'}
              value={pin[k]}
              onChange={(e) => setPin({ ...pin, [k]: digits(e.target.value) })}
            />
          </label>
        ))}
        <SubmitAction label={submitLabel} disabled={busy || pin.a.length < SETTINGS_LIMITS.newPinMinLength} />
      </fieldset>
    </form>
  );
}
