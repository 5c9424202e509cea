/**
 * Demo mode only (status().demo): place or lift the virtual card ("thẻ mẫu") on the selected virtual reader,
 * including the cloned card whose chip is not genuine. Never shown for a PC/SC reader.
 */
import type { ReaderView } from '../../../electron/contract/types.js';
import { useUi } from '../context.js';

export const DEMO_ID = '001099012345';

export function DemoBar({ reader, onCard }: { reader: ReaderView | null; onCard(action: 'insert' | 'remove', profile?: string): void }) {
  const { t } = useUi();
  if (!reader || reader.kind !== 'virtual') return null;
  return (
    <aside className="demobar" aria-label={t.demoTitle}>
      <span className="demobar__title">{t.demoTitle}</span>
      {reader.cardPresent ? (
        <button type="button" className="btn btn--ghost" onClick={() => onCard('remove')}>
          {t.demoRemove}
        </button>
      ) : (
        <>
          <button type="button" className="btn btn--ghost" onClick={() => onCard('insert', 'cccd-2021')}>
            {t.demoInsert}
          </button>
          <button type="button" className="btn btn--ghost" onClick={() => onCard('insert', 'cccd-clone')}>
            {t.demoInsertClone}
          </button>
        </>
      )}
      <span className="demobar__hint">{t.demoKeyHint(DEMO_ID)}</span>
    </aside>
  );
}
