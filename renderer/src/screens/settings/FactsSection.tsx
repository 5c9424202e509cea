/** What the operator can read but not change here: demo mode, versions, PC/SC and the trust store. */
import { useUi } from '../../context.js';
import type { FactsProps } from './types.js';

export function FactsSection({ status, trust }: FactsProps) {
  const { t, lang } = useUi();
  const date = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'medium' });
  return (
    <dl className="facts">
      <dt>{t.demoMode}</dt>
      <dd>{status ? (status.demo ? t.demoOn : t.demoOff) : '—'}</dd>
      <dt>{t.serviceVersion}</dt>
      <dd>{status?.version ?? '—'}</dd>
      <dt>{t.pcsc}</dt>
      <dd>{status ? (status.pcsc === 'available' ? t.pcscAvailable : t.pcscUnavailable) : '—'}</dd>
      <dt>{t.vnCsca}</dt>
      <dd>{trust ? (trust.vietnamCsca.present ? t.vnCscaPresent(trust.vietnamCsca.notAfter ? date.format(new Date(trust.vietnamCsca.notAfter)) : '—') : t.vnCscaMissing) : t.loading}</dd>
      <dt>{t.trustStore}</dt>
      <dd>{trust ? `${t.trustCerts}: ${trust.certificates} · ${t.trustCrls}: ${trust.crls}` : t.loading}</dd>
      <dt>{t.trustSources}</dt>
      <dd>
        {trust && (
          <ul className="sources">
            {trust.sources.map((s) => (
              <li key={`${s.kind}:${s.name}`}>
                {s.name} ({s.kind}, {s.count}) — {s.verified ? t.sourceVerified : t.sourceUnverified}
              </li>
            ))}
          </ul>
        )}
        <p className="muted">{t.trustImportHint}</p>
      </dd>
    </dl>
  );
}
