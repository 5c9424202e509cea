/** A modal panel: labelled, focus moved inside on open and restored on close, Escape closes, Tab stays inside. */
import { useEffect, useRef, type ReactNode } from 'react';

export function Dialog({ title, onClose, closeLabel, children }: { title: string; onClose(): void; closeLabel: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = box.current?.querySelector<HTMLElement>('input, button, select, textarea');
    first?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      } else if (e.key === 'Tab' && box.current) {
        const items = Array.from(box.current.querySelectorAll<HTMLElement>('input, button, select, textarea')).filter((x) => !x.hasAttribute('disabled'));
        const a = items[0];
        const z = items[items.length - 1];
        if (!a || !z) return;
        if (e.shiftKey && document.activeElement === a) {
          e.preventDefault();
          z.focus();
        } else if (!e.shiftKey && document.activeElement === z) {
          e.preventDefault();
          a.focus();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      before?.focus?.();
    };
  }, [onClose]);
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" ref={box}>
        <div className="dialog__head">
          <h2 id="dialog-title">{title}</h2>
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {closeLabel}
          </button>
        </div>
        <div className="dialog__body">{children}</div>
      </div>
    </div>
  );
}
