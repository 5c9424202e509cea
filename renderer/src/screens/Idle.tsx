/** Idle: "place the card on the reader", with a reader picker when several readers are attached. */
import { useEffect, useRef } from 'react';
import type { ReaderView } from '../../../electron/contract/types.js';
import { useUi } from '../context.js';
import { useWedgeScanner } from '../hooks.js';

interface Props {
  readers: ReaderView[];
  selectedId: string | null;
  onSelect(id: string): void;
  onEnterKey(): void;
  onQr(qr: string): void;
}

export function IdleScreen({ readers, selectedId, onSelect, onEnterKey, onQr }: Props) {
  const { t, settings, lang } = useUi();
  const faulty = readers.find((r) => r.id === selectedId && r.fault) ?? (readers.length === 1 && readers[0]!.fault ? readers[0] : undefined);
  // A card already on the selected reader (e.g. after "Xong"): say so instead of asking for it.
  const cardThere = readers.find((r) => r.id === selectedId)?.cardPresent === true;
  useWedgeScanner(true, onQr, settings.scanner);
  // A scanner types letters such as 'ễ' as text input, which only an editable field receives: the first
  // printable key typed with nothing editable focused moves the focus to this field, so the whole scan lands.
  const sink = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const a = document.activeElement;
      const editable = a instanceof HTMLInputElement || a instanceof HTMLTextAreaElement || a instanceof HTMLSelectElement;
      if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && !editable && !document.querySelector('.dialog')) sink.current?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return (
    <div className="screen screen--center">
      <div className="card-art" aria-hidden="true">
        <div className="card-art__card">
          <div className="card-art__chip" />
        </div>
        <div className="card-art__reader" />
      </div>
      <input ref={sink} className="scan-sink" tabIndex={-1} aria-label={t.scannerTitle} autoComplete="off" spellCheck={false} value="" onChange={() => undefined} />
      <h1 className="title">{cardThere ? t.idleCardTitle : t.idleTitle}</h1>
      <p className="lead">{readers.length === 0 ? t.noReaders : cardThere ? t.idleCardHint : t.idleHint}</p>
      {faulty?.fault && (
        <p className="lead error-message" role="alert">
          {t.readerFault}: {lang === 'vi' ? faulty.fault.messageVi : faulty.fault.message}
        </p>
      )}
      {readers.length > 1 && (
        <fieldset className="picker">
          <legend>{t.readerPicker}</legend>
          {readers.map((r) => (
            <label key={r.id} className={`picker__item ${r.id === selectedId ? 'picker__item--on' : ''}`}>
              <input type="radio" name="reader" value={r.id} checked={r.id === selectedId} onChange={() => onSelect(r.id)} />
              <span className="picker__name">{r.label ?? r.name}</span>
              <span className="picker__meta">
                {r.counter ? `${r.counter} · ` : ''}
                {r.fault ? t.readerFault : r.cardPresent ? t.cardPresent : t.noCard}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {selectedId && (cardThere || settings.mode === 'assisted') && (
        <div className="actions">
          <button type="button" className={`btn ${cardThere ? 'btn--primary' : 'btn--secondary'}`} onClick={onEnterKey}>
            {cardThere ? t.enterKey : t.enterKeyFirst}
          </button>
        </div>
      )}
    </div>
  );
}
