/**
 * The result: verdict band, portrait, the identity as printed on the card, and each verification tier in
 * plain words. A result that is not `verified` uses red only (band, frame, icon, wording): no green anywhere.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { TIERS, type Check, type ReadResultView } from '../../../electron/contract/types.js';
import { TIER_TABLE } from '../../../electron/contract/tiers.js';
import { useUi } from '../context.js';

export function ResultScreen({ result, secondsLeft, onDone }: { result: ReadResultView; secondsLeft: number; onDone(): void }) {
  const { t, lang } = useUi();
  const ok = result.verdict === 'verified';
  const id = result.identity;
  const done = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    // Measurement only (no personal data): service event arrival → this commit, and → the next frame.
    if (performance.getEntriesByName('chipid:result-event').length === 0) return;
    performance.measure('chipid:result-commit', 'chipid:result-event');
    requestAnimationFrame(() => performance.measure('chipid:result-paint', 'chipid:result-event'));
  }, []);
  const tiers = useRef<HTMLElement>(null);
  useEffect(() => {
    done.current?.focus({ preventScroll: true });
    // On a short screen the checks may not all fit: what failed is the line staff must read, so it is
    // brought into view (the first failing one) above the sticky actions.
    tiers.current?.querySelector('.tier--fail')?.scrollIntoView({ block: 'nearest' });
  }, []);

  const rows: [string, string | null | undefined][] = [
    [t.fullName, id.fullName],
    [t.idNumber, id.idNumber],
    [t.dateOfBirth, showDate(id.dateOfBirth)],
    [t.sex, id.sex === 'M' ? t.sexMale : id.sex === 'F' ? t.sexFemale : id.sex],
    [t.dateOfExpiry, showDate(id.dateOfExpiry)],
    [t.placeOfResidence, id.placeOfResidence],
  ];
  return (
    <div className={`screen result ${ok ? 'result--ok' : 'result--bad'}`} data-verdict={result.verdict}>
      <div className="verdict" role="status">
        <span className="verdict__icon" aria-hidden="true">
          {ok ? '✓' : '✕'}
        </span>
        <div>
          <h1 className="verdict__title">{ok ? t.verifiedTitle : result.verdict === 'error' ? t.errorVerdictTitle : t.notVerifiedTitle}</h1>
          <p className="verdict__sub">{ok ? t.verifiedSub : t.notVerifiedSub}</p>
        </div>
      </div>
      <div className="result__body">
        <div className="photo">
          {result.photo ? (
            <img src={`data:${result.photo.mime};base64,${result.photo.data}`} alt={t.photoAlt} width={result.photo.width} height={result.photo.height} />
          ) : (
            <div className="photo__none">{t.noPhoto}</div>
          )}
        </div>
        <dl className="identity">
          {rows.map(([label, value]) => (
            <div key={label} className="identity__row">
              <dt>{label}</dt>
              <dd className={label === t.fullName ? 'identity__name' : ''}>{value ?? '—'}</dd>
            </div>
          ))}
        </dl>
      </div>
      <section ref={tiers} className="tiers" aria-labelledby="tiers-h">
        <h2 id="tiers-h" className="tiers__title">
          {t.checksTitle}
        </h2>
        <ul>
          {TIERS.map((tier) => (
            <TierRow key={tier} label={TIER_TABLE[tier][lang]} check={result.checks[tier]} verified={ok} />
          ))}
        </ul>
      </section>
      <div className="actions actions--spread">
        <p className="muted" aria-live="off">
          {t.clearsIn(secondsLeft)}
        </p>
        <button ref={done} type="button" className="btn btn--primary" onClick={onDone}>
          {t.done}
        </button>
      </div>
    </div>
  );
}

/** ISO dates from the service are shown as printed on the card (dd/mm/yyyy); other text as is. */
function showDate(v: string | null | undefined): string | null | undefined {
  const m = v?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : v;
}

export function TierRow({ label, check, verified }: { label: string; check: Check | undefined; verified: boolean }) {
  const { t, lang } = useUi();
  const status = check?.status ?? 'not_performed';
  // In a NOT VERIFIED result even passing tiers are drawn neutral: no green anywhere.
  const tone = status === 'fail' ? 'fail' : status === 'pass' ? (verified ? 'pass' : 'neutral') : 'skip';
  const icon = status === 'pass' ? '✓' : status === 'fail' ? '✕' : '–';
  return (
    <li className={`tier tier--${tone}`}>
      <span className="tier__icon" aria-hidden="true">
        {icon}
      </span>
      <span className="tier__label">{label}</span>
      <span className="tier__status">{t.status[status]}</span>
      {check?.reason && status !== 'pass' && <span className="tier__reason">{lang === 'vi' && check.reasonVi ? check.reasonVi : check.reason}</span>}
    </li>
  );
}
