/** Pieces the reception screens share: the insurance band, the patient's card, the registry differences. */
import type { PhotoView } from '../../../electron/contract/types.js';
import type { InsuranceView, PendingView } from '../../../electron/service/workflows/hospital/contract.js';
import { useUi } from '../../src/context.js';
import { insuranceTone, KNOWN_CODES, showDate, validity } from './logic.js';
import { hs } from './strings.js';

/** The coloured insurance band: status label, the gateway's note verbatim, card code, validity. */
export function InsuranceBand({ insurance, waiting }: { insurance: InsuranceView; waiting?: string }) {
  const { lang } = useUi();
  const s = hs(lang);
  const tone = insuranceTone(insurance.status);
  const unknown = insurance.code !== null && !KNOWN_CODES.has(insurance.code);
  return (
    <section className={`hins hins--${tone}`} aria-label={s.insuranceTitle} data-status={insurance.status} aria-live="polite">
      <p className="hins__status">
        <span className="hins__dot" aria-hidden="true" />
        {waiting ?? s.insurance[insurance.status]}
        {unknown && insurance.code && <span className="hins__code"> · {s.unknownCode(insurance.code)}</span>}
      </p>
      {insurance.note && (
        // The gateway's ghiChu is Vietnamese whatever the screen's language.
        <p className="hins__note" lang="vi">
          {insurance.note}
        </p>
      )}
      {(insurance.cardCode || insurance.validFrom || insurance.validTo) && (
        <dl className="hins__facts">
          <dt>{s.cardCode}</dt>
          <dd>{insurance.cardCode ?? '—'}</dd>
          <dt>{s.validity}</dt>
          <dd>{validity(insurance)}</dd>
        </dl>
      )}
    </section>
  );
}

export function Photo({ photo }: { photo: PhotoView | undefined }) {
  const { t } = useUi();
  return (
    <div className="photo">
      {photo ? <img src={`data:${photo.mime};base64,${photo.data}`} alt={t.photoAlt} width={photo.width} height={photo.height} /> : <div className="photo__none">{t.noPhoto}</div>}
    </div>
  );
}

export function sexLabel(sex: string | null | undefined, t: { sexMale: string; sexFemale: string }): string {
  return sex === 'M' ? t.sexMale : sex === 'F' ? t.sexFemale : (sex ?? '—');
}

/** The patient as the chip has them. */
export function PatientFacts({ patient }: { patient: PendingView['patient'] }) {
  const { t } = useUi();
  const rows: [string, string, string?][] = [
    [t.fullName, patient.fullName, 'identity__name'],
    [t.idNumber, patient.cccd],
    [t.dateOfBirth, showDate(patient.dateOfBirth)],
    [t.sex, sexLabel(patient.sex, t)],
    [t.placeOfResidence, patient.address ?? '—'],
  ];
  return (
    <dl className="identity hosp-identity">
      {rows.map(([label, value, cls]) => (
        <div key={label} className="identity__row">
          <dt>{label}</dt>
          <dd className={cls ?? ''}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** "New patient", or the fields the registry has differently, with the confirm checkbox. */
export function RegistryDiffs({ pending, confirmed, onConfirm }: { pending: PendingView; confirmed: boolean; onConfirm(v: boolean): void }) {
  const { lang, t } = useUi();
  const s = hs(lang);
  if (pending.newPatient) return <p className="hosp-tag hosp-tag--new">{s.newPatient}</p>;
  if (pending.diffs.length === 0) return <p className="hosp-tag">{s.knownPatient}</p>;
  const show = (field: string, value: string | null): string => (value === null ? '—' : field === 'dateOfBirth' ? showDate(value) : field === 'sex' ? sexLabel(value, t) : value);
  return (
    <section className="hdiff" aria-labelledby="hdiff-h">
      <h2 id="hdiff-h" className="hdiff__title">
        {s.diffsTitle}
      </h2>
      <table className="history hdiff__table">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{s.diffStored}</th>
            <th scope="col">{s.diffRead}</th>
          </tr>
        </thead>
        <tbody>
          {pending.diffs.map((d) => (
            <tr key={d.field}>
              <th scope="row">{s.fields[d.field]}</th>
              <td>{show(d.field, d.stored)}</td>
              <td>{show(d.field, d.read)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="hcheck">
        <input type="checkbox" checked={confirmed} onChange={(e) => onConfirm(e.target.checked)} />
        <span>{s.confirmDiffs}</span>
      </label>
    </section>
  );
}

export { SelectField } from '../../src/components/SelectField.js';
