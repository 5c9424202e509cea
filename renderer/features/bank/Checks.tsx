/**
 * "Lịch sử kiểm tra": today's checks (bankChecks), newest first: time, the customer as the list shows them
 * (name, last 4 ID digits), face score and match, liveness, outcome (overridden marked), the receipt's JSON
 * and PDF. Reloads on every bank event; closes itself after the kiosk's clear-after time without activity.
 */
import type { KioskClient } from '../../../electron/contract/types.js';
import { Dialog } from '../../src/components/Dialog.js';
import { useUi } from '../../src/context.js';
import { useErrorText, useEvents, useLoad } from '../../src/feature-hooks.js';
import { useClearTimer } from '../../src/hooks.js';
import { bankClient } from './api.js';
import { showScore, showTime } from './logic.js';
import { ReceiptActions } from './Receipt.js';
import { bs } from './strings.js';

export function ChecksPanel({ api, onClose }: { api: KioskClient; onClose(): void }) {
  const { lang, t, settings } = useUi();
  const s = bs(lang);
  const errText = useErrorText();
  const rows = useLoad(() => bankClient(api).bankChecks({}), 'checks');
  useEvents(api, (e) => e.type === 'workflow' && e.workflow === 'bank' && rows.reload());
  useClearTimer(true, settings.clearAfterSec, null, onClose);
  return (
    <Dialog title={s.checksTitle} onClose={onClose} closeLabel={t.close}>
      {rows.error && (
        <p className="problem" role="alert">
          {errText(rows.error)}
        </p>
      )}
      {rows.value && rows.value.length === 0 && <p className="muted">{s.noChecks}</p>}
      {rows.value && rows.value.length > 0 && (
        <table className="history bk-checks">
          <thead>
            <tr>
              <th scope="col">{s.colTime}</th>
              <th scope="col">{s.colCustomer}</th>
              <th scope="col">{s.colFace}</th>
              <th scope="col">{s.colLiveness}</th>
              <th scope="col">{s.colStatus}</th>
              <th scope="col">{s.colReceipt}</th>
            </tr>
          </thead>
          <tbody>
            {rows.value.map((r) => (
              <tr key={r.checkId} data-check={r.checkId} data-status={r.status}>
                <td>{showTime(r.readAt)}</td>
                <td>
                  {r.fullName ?? '—'} {r.idLast4 && <span className="muted">··{r.idLast4}</span>}
                </td>
                <td>{r.score === null ? '—' : `${showScore(r.score)} ${r.match ? s.match : s.noMatch}`}</td>
                <td>{r.livenessPass === null ? '—' : r.livenessPass ? s.pass : s.fail}</td>
                <td>
                  {s.status[r.status] ?? r.status}
                  {r.overridden && <span className="bk-badge">{s.overridden}</span>}
                </td>
                <td>{r.receiptId ? <ReceiptActions api={api} checkId={r.checkId} compact /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
