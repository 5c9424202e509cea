/** The operator's history: this session's reads — time, reader, verdict and the last 4 ID digits only. */
import type { HistoryEntry } from '../state/machine.js';
import { useUi } from '../context.js';
import { Dialog } from '../components/Dialog.js';

export function HistoryTable({ history }: { history: HistoryEntry[] }) {
  const { t, lang } = useUi();
  if (history.length === 0) return <p className="lead">{t.historyEmpty}</p>;
  const fmt = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <table className="history">
      <thead>
        <tr>
          <th scope="col">{t.colTime}</th>
          <th scope="col">{t.colReader}</th>
          <th scope="col">{t.colVerdict}</th>
          <th scope="col">{t.colId}</th>
        </tr>
      </thead>
      <tbody>
        {history.map((h) => (
          <tr key={h.readId}>
            <td>{fmt.format(new Date(h.at))}</td>
            <td>{h.readerName}</td>
            <td className={`history__verdict history__verdict--${h.verdict}`}>{t.verdict[h.verdict]}</td>
            <td>{h.idLast4 ? `•••• ${h.idLast4}` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HistoryPanel({ history, onClose }: { history: HistoryEntry[]; onClose(): void }) {
  const { t } = useUi();
  return (
    <Dialog title={t.historyTitle} onClose={onClose} closeLabel={t.close}>
      <HistoryTable history={history} />
    </Dialog>
  );
}
