/** One digit field (ID, CAN, a date) driven by the keyboard or the keypad. */
import type { RefObject } from 'react';
import { showDate, type DigitField } from './entry.js';

interface Props {
  field: DigitField;
  label: string;
  value: string;
  date?: boolean;
  active: boolean;
  invalid: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  onDigits(f: DigitField, text: string): void;
  onFocus(f: DigitField): void;
}

export function DigitInput({ field, label, value, date = false, active, invalid, inputRef, onDigits, onFocus }: Props) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        ref={inputRef}
        className="field__input field__input--digits"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        autoFocus={active}
        value={date ? showDate(value) : value}
        onChange={(e) => onDigits(field, e.target.value)}
        onFocus={() => onFocus(field)}
        aria-invalid={invalid}
      />
    </label>
  );
}
