/** The on-screen numeric pad: digits, clear and backspace for the focused digit field. */
import { useUi } from '../../context.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'];

export function Keypad({ onKey }: { onKey(k: string): void }) {
  const { t } = useUi();
  return (
    <div className="keypad" role="group" aria-label={t.keypad}>
      {KEYS.map((k) => (
        <button
          key={k}
          type="button"
          className={`keypad__key ${k.length > 1 ? 'keypad__key--fn' : ''}`}
          onClick={() => onKey(k)}
          aria-label={k === 'back' ? t.backspace : k === 'clear' ? t.clear : k}
          tabIndex={-1}
        >
          {k === 'back' ? '⌫' : k === 'clear' ? 'C' : k}
        </button>
      ))}
    </div>
  );
}
