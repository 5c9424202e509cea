/**
 * After the decision: the outcome, the receipt's id and signing key id, the signed JSON saved (bankReceipt →
 * a download) and the PDF (bankReceiptPdf → a download: the UI's CSP has no frame source for a blob: PDF to
 * print from, so it is saved and printed from the viewer), "Khách hàng tiếp theo".
 */
import { useState } from 'react';
import type { ErrorInfo, KioskClient } from '../../../electron/contract/types.js';
import type { BankCheckView, ReceiptView } from '../../../electron/service/workflows/bank/contract.js';
import { useUi } from '../../src/context.js';
import { useErrorText } from '../../src/feature-hooks.js';
import { toErrorInfo } from '../../src/transport/ws.js';
import { bankClient } from './api.js';
import { bytesFromBase64, saveBlob } from '../../src/download.js';
import { bs } from './strings.js';

/** The signed receipt exactly as the service gives it (its signature covers these bytes' content). */
export async function downloadReceiptJson(api: KioskClient, checkId: string): Promise<void> {
  const r = await bankClient(api).bankReceipt({ checkId });
  saveBlob(new Blob([JSON.stringify(r, null, 2)], { type: 'application/json' }), `${r.receiptId}.json`);
}

export async function downloadReceiptPdf(api: KioskClient, checkId: string): Promise<void> {
  const { pdfBase64, fileName } = await bankClient(api).bankReceiptPdf({ checkId });
  saveBlob(new Blob([bytesFromBase64(pdfBase64)], { type: 'application/pdf' }), fileName);
}

export function ReceiptActions({ api, checkId, compact = false }: { api: KioskClient; checkId: string; compact?: boolean }) {
  const { lang } = useUi();
  const s = bs(lang);
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
  const cls = `btn ${compact ? 'btn--ghost' : 'btn--secondary'}`;
  return (
    <div className={`bk-receipt__actions ${compact ? 'bk-receipt__actions--compact' : ''}`}>
      <button type="button" className={cls} disabled={busy} onClick={() => run(() => downloadReceiptJson(api, checkId))}>
        {compact ? 'JSON' : s.saveJson}
      </button>
      <button type="button" className={cls} disabled={busy} onClick={() => run(() => downloadReceiptPdf(api, checkId))}>
        {compact ? 'PDF' : s.savePdf}
      </button>
      {error && (
        <p className="problem" role="alert">
          {errText(error)}
        </p>
      )}
    </div>
  );
}

export function ReceiptPanel({ api, check, receipt }: { api: KioskClient; check: BankCheckView; receipt: ReceiptView }) {
  const { lang } = useUi();
  const s = bs(lang);
  const ok = check.status === 'confirmed';
  return (
    <section className={`bk-receipt ${ok ? 'bk-box--ok' : 'bk-box--bad'}`} aria-labelledby="bk-receipt-h" data-testid="receipt" data-outcome={check.status}>
      <h2 id="bk-receipt-h" className="bk-box__title">
        {s.receiptTitle}: <span className="bk-verdict">{ok ? s.confirmed : s.refused}</span>
      </h2>
      {check.decision?.override && <p className="bk-override">{s.overridden}</p>}
      <dl className="bk-receipt__facts">
        <dt>{s.receiptId}</dt>
        <dd className="bk-receipt__id">{receipt.receiptId}</dd>
        <dt>{s.keyId}</dt>
        <dd className="bk-receipt__key">{receipt.signature.keyId}</dd>
      </dl>
      <ReceiptActions api={api} checkId={check.checkId} />
    </section>
  );
}
