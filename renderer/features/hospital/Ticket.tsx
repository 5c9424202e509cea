/**
 * The ticket preview after a check-in: hospital, department, the big queue label, the time, a QR of the visit
 * id (the qrcode package's browser build, drawn to a data: URL — the UI's CSP allows data: images), what the
 * printer did (printed, or its error with Reprint) and the PDF download. An unverified visit says so on it.
 */
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { ErrorInfo, KioskClient } from '../../../electron/contract/types.js';
import type { VisitSchema } from '../../../electron/service/workflows/hospital/contract.js';
import type * as v from 'valibot';
import { useUi } from '../../src/context.js';
import { toErrorInfo } from '../../src/transport/ws.js';
import { hospitalClient } from './api.js';
import { useErrorText } from './hooks.js';
import { isUnverified, showTime } from './logic.js';
import { bytesFromBase64, saveBlob } from '../../src/download.js';
import { hs } from './strings.js';

type Visit = v.InferOutput<typeof VisitSchema>;
export interface PrintState {
  printed: boolean;
  errorCode?: string;
}

/** A data: URL of the QR code of `text` (empty until drawn). */
export function useQr(text: string, width = 200): string {
  const [src, setSrc] = useState('');
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { margin: 1, width, errorCorrectionLevel: 'M' }).then(
      (u) => live && setSrc(u),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [text, width]);
  return src;
}

/** Saves a visit's PDF ticket: the service's base64 → a Blob → a download link clicked once. */
export async function downloadTicketPdf(api: KioskClient, visitId: string): Promise<void> {
  const { pdfBase64, fileName } = await hospitalClient(api).hospitalTicketPdf({ visitId });
  saveBlob(new Blob([bytesFromBase64(pdfBase64)], { type: 'application/pdf' }), fileName);
}

/** Reprint and PDF for one visit, with the outcome shown beside them. */
export function TicketActions({ api, readerId, visitId, print, onPrint, compact = false }: { api: KioskClient; readerId: string | null; visitId: string; print?: PrintState; onPrint(p: PrintState): void; compact?: boolean }) {
  const { lang } = useUi();
  const s = hs(lang);
  const errText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const run = (f: () => Promise<void>): void => {
    setBusy(true);
    setError(null);
    f()
      .catch((e: unknown) => setError(toErrorInfo(e)))
      .finally(() => setBusy(false));
  };
  const failed = print && !print.printed;
  return (
    <div className={`htk-actions ${compact ? 'htk-actions--compact' : ''}`}>
      {!compact && print && (
        <p className={failed ? 'problem' : 'hosp-ok'} role="status">
          {failed ? `${s.printFailed}: ${(print.errorCode && s.printer_errors[print.errorCode]) || print.errorCode || ''}` : s.printed}
        </p>
      )}
      {readerId && (
        <button type="button" className={`btn ${compact ? 'btn--ghost' : 'btn--secondary'}`} disabled={busy} onClick={() => run(async () => onPrint(await hospitalClient(api).hospitalReprint({ readerId, visitId })))}>
          {s.reprint}
        </button>
      )}
      <button type="button" className={`btn ${compact ? 'btn--ghost' : 'btn--secondary'}`} disabled={busy} onClick={() => run(() => downloadTicketPdf(api, visitId))}>
        {s.pdf}
      </button>
      {error && (
        <p className="problem" role="alert">
          {errText(error)}
        </p>
      )}
    </div>
  );
}

export function TicketPreview({ visit, departmentName, hospitalName, big = false }: { visit: Visit; departmentName: string; hospitalName: string; big?: boolean }) {
  const { lang } = useUi();
  const s = hs(lang);
  const qr = useQr(visit.visitId, big ? 240 : 180);
  const unverified = isUnverified(visit.identitySource);
  return (
    <section className={`htk ${big ? 'htk--big' : ''} ${unverified ? 'htk--unverified' : ''}`} aria-label={s.ticketTitle} data-testid="ticket">
      {hospitalName && <p className="htk__hospital">{hospitalName}</p>}
      <p className="htk__dept">{departmentName}</p>
      <p className="htk__label" aria-label={`${s.queue} ${visit.queueLabel}`}>
        {visit.queueLabel}
      </p>
      <p className="htk__time">
        {s.time}: {showTime(visit.createdAt)}
      </p>
      {unverified && <p className="htk__unverified">{s.unverifiedMark}</p>}
      {qr && <img className="htk__qr" src={qr} alt={s.qrAlt(visit.visitId)} width={big ? 240 : 180} height={big ? 240 : 180} />}
      <p className="htk__code">
        {s.visitCode}: {visit.visitId}
      </p>
    </section>
  );
}
