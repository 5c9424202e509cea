/**
 * A modal panel: labelled, focus moved inside on open (to the field the content asks for, else its first
 * control, never the close button first) and given back on close (to what had it, or to the screen when
 * that is gone), Escape closes, Tab stays inside.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

const FOCUSABLE = 'input, button, select, textarea';

/** The control that opened the current run of dialogs (a dialog replaced by another keeps it). */
let opener: HTMLElement | null = null;

/** Where focus goes when the dialog closes and the element that opened it is gone. */
function screenFocus(): HTMLElement | null {
  return document.querySelector<HTMLElement>('main button:not([disabled]), main input, header button');
}

export function Dialog({ title, onClose, closeLabel, children }: { title: string; onClose(): void; closeLabel: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  // Taken while rendering, before the content's autoFocus moves the focus into the dialog.
  const [outside] = useState(() => document.activeElement as HTMLElement | null);
  useEffect(() => {
    if (outside && outside !== document.body && !outside.closest('.dialog')) opener = outside;
    const before = opener;
    // React's autoFocus ran already (children mount first): keep it; else the body's first control.
    if (!box.current?.contains(document.activeElement)) {
      const first = box.current?.querySelector<HTMLElement>(`.dialog__body :is(${FOCUSABLE}):not([disabled])`) ?? box.current?.querySelector<HTMLElement>(FOCUSABLE);
      first?.focus();
    }
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
      // After this dialog is gone (another may replace it: then that one keeps the focus).
      queueMicrotask(() => {
        if (document.querySelector('.dialog')) return;
        const to = before && before.isConnected ? before : screenFocus();
        to?.focus();
      });
    };
  }, [onClose, outside]);
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
