/** Pieces of the bank's result screen: the face score bar, liveness, the bank-record comparison, online status, the chip's tiers. */
import { TIERS, type ReadResultView } from '../../../electron/contract/types.js';
import { TIER_TABLE } from '../../../electron/contract/tiers.js';
import type { FaceResultView, LivenessView, OnlineConfirmationView, RecordComparisonView } from '../../../electron/service/workflows/bank/contract.js';
import { useUi } from '../../src/context.js';
import { TierRow } from '../../src/screens/Result.js';
import { barOf, showScore } from './logic.js';
import { bs } from './strings.js';

/** Score against the threshold: a bar with the threshold's mark, and "Khớp" / "Không khớp". */
export function FaceScore({ face }: { face: FaceResultView }) {
  const { lang } = useUi();
  const s = bs(lang);
  const { fill, mark } = barOf(face.score, face.threshold);
  return (
    <section className={`bk-box ${face.match ? 'bk-box--ok' : 'bk-box--bad'}`} aria-labelledby="bk-face-h" data-match={face.match}>
      <h2 id="bk-face-h" className="bk-box__title">
        {s.faceTitle}: <span className="bk-verdict">{face.match ? s.match : s.noMatch}</span>
      </h2>
      <div className="bk-bar" role="meter" aria-valuemin={0} aria-valuemax={1} aria-valuenow={face.score} aria-label={s.scoreLabel(showScore(face.score), showScore(face.threshold))}>
        <div className="bk-bar__fill" style={{ width: `${fill}%` }} />
        <div className="bk-bar__mark" style={{ left: `${mark}%` }} aria-hidden="true" />
      </div>
      <p className="bk-box__line">
        {s.score} <strong>{showScore(face.score)}</strong> · {s.threshold} {showScore(face.threshold)}
      </p>
    </section>
  );
}

export function Liveness({ liveness }: { liveness: LivenessView }) {
  const { lang } = useUi();
  const s = bs(lang);
  const act = liveness.active.status;
  return (
    <section className={`bk-box ${liveness.pass ? 'bk-box--ok' : 'bk-box--bad'}`} aria-labelledby="bk-live-h" data-pass={liveness.pass}>
      <h2 id="bk-live-h" className="bk-box__title">
        {s.livenessTitle}: <span className="bk-verdict">{liveness.pass ? s.pass : s.fail}</span>
      </h2>
      <p className="bk-box__line">
        {s.passive}: {liveness.passive.pass ? s.pass : s.fail}
        {liveness.passive.antispoof !== null && ` (${showScore(liveness.passive.antispoof)})`} · {s.challenge}: {act === 'passed' ? s.pass : act === 'failed' ? s.fail : s.notPerformed}
      </p>
    </section>
  );
}

export function RecordBox({ record }: { record: RecordComparisonView }) {
  const { lang } = useUi();
  const s = bs(lang);
  return (
    <section className={`bk-box ${record.drift ? 'bk-box--warn' : 'bk-box--ok'}`} aria-labelledby="bk-rec-h" data-drift={record.drift}>
      <h2 id="bk-rec-h" className="bk-box__title">
        {s.recordTitle}: <span className="bk-verdict">{record.drift ? s.drift : s.noDrift}</span>
      </h2>
      <table className="bk-rec">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{s.chip}</th>
            <th scope="col">{s.bank}</th>
          </tr>
        </thead>
        <tbody>
          {record.fields.map((f) => (
            <tr key={f.field} className={f.match ? '' : 'bk-rec--diff'}>
              <th scope="row">{s.fields[f.field] ?? f.field}</th>
              <td>{f.chip ?? '—'}</td>
              <td>
                {f.bank}
                {!f.match && <span className="bk-rec__flag"> ≠</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Online({ online }: { online: OnlineConfirmationView }) {
  const { lang } = useUi();
  const s = bs(lang);
  return (
    <p className="bk-online" data-status={online.status}>
      {s.onlineTitle}: <strong>{s.online[online.status] ?? online.status}</strong>
      {online.note && <span className="muted"> · {online.note}</span>}
    </p>
  );
}

/** The chip's verification tiers, as the core's result screen draws them. */
export function ChipTiers({ result }: { result: ReadResultView }) {
  const { lang } = useUi();
  const s = bs(lang);
  const ok = result.verdict === 'verified';
  return (
    <section className="tiers bk-tiers" aria-labelledby="bk-tiers-h">
      <h2 id="bk-tiers-h" className="tiers__title">
        {s.tiersTitle}
      </h2>
      <ul>
        {TIERS.map((tier) => (
          <TierRow key={tier} label={TIER_TABLE[tier][lang]} check={result.checks[tier]} verified={ok} />
        ))}
      </ul>
    </section>
  );
}
