/** The four ways to give the key: ID number, CAN, ID with dates, MRZ. */
import { useUi } from '../../context.js';
import type { Mode } from './entry.js';

export function ModeTabs({ mode, onMode }: { mode: Mode; onMode(m: Mode): void }) {
  const { t } = useUi();
  const modes: [Mode, string][] = [
    ['id', t.tabId],
    ['can', t.tabCan],
    ['dates', t.tabDates],
    ['mrz', t.tabMrz],
  ];
  return (
    <div className="segmented" role="group" aria-label={t.keyTitle}>
      {modes.map(([m, label]) => (
        <button key={m} type="button" className={`segmented__btn ${mode === m ? 'segmented__btn--on' : ''}`} aria-pressed={mode === m} onClick={() => onMode(m)}>
          {label}
        </button>
      ))}
    </div>
  );
}
