/**
 * The hospital section of the settings panel: the workflow's settings (draft.workflows.hospital, saved with
 * the panel by updateSettings; checked by checkHospitalSettings first) and the departments, each saved at
 * once by hospitalSaveDepartment (the service wants a supervisor or admin signed in at a hospital counter).
 * The gateway password is write-only and set by a method of its own that the lead adds: a marked placeholder.
 */
import { useState } from 'react';
import type { ErrorInfo } from '../../../electron/contract/types.js';
import type { DepartmentView } from '../../../electron/service/workflows/hospital/contract.js';
import type { SectionProps } from '../../src/screens/settings/types.js';
import { useUi } from '../../src/context.js';
import { toErrorInfo } from '../../src/transport/ws.js';
import { hospitalClient, workflow } from './api.js';
import { useErrorText, useLoad } from './hooks.js';
import { departmentOf } from './logic.js';
import { SelectField } from './parts.js';
import { hs } from './strings.js';

type Value = string | number | boolean | null;
const TEXT_KEYS = ['hospitalName', 'hospitalCode', 'gatewayUrl', 'gatewayUsername', 'printer', 'hisWebhookUrl', 'selfServiceDepartments'] as const;

export function HospitalSettings({ draft, edit, settings, readers, api, runAdmin }: SectionProps) {
  const { lang } = useUi();
  const s = hs(lang);
  const declared = settings.workflows?.[workflow.name];
  const values: Record<string, Value> = draft.workflows?.[workflow.name] ?? {};
  const set = (k: string, val: Value): void => edit((d) => ({ ...d, workflows: { ...d.workflows, [workflow.name]: { ...(d.workflows?.[workflow.name] ?? {}), [k]: val } } }));
  const str = (k: string): string => (values[k] === null || values[k] === undefined ? '' : String(values[k]));
  // The counter whose operator the department changes are made as: the first hospital counter.
  const counter = readers.find((r) => r.workflow === workflow.name) ?? readers[0];
  return (
    <fieldset className="form__group hset">
      <legend>{s.settingsTitle}</legend>
      {!declared && <p className="muted form__note">{lang === 'vi' ? 'Dịch vụ này chưa có cài đặt tiếp đón bệnh viện; các mục dưới đây chưa được lưu.' : 'This service has no hospital settings yet; the entries below are not saved.'}</p>}
      {TEXT_KEYS.map((k) => (
        <label key={k} className="field field--inline">
          <span className="field__label">{s[k]}</span>
          <input className="field__input" autoComplete="off" spellCheck={false} value={str(k)} onChange={(e) => set(k, e.target.value)} />
        </label>
      ))}
      <GatewayPassword api={api} runAdmin={runAdmin} />
      <SelectField inline label={s.paperWidth} value={str('paperWidth') || '80'} onChange={(x) => set('paperWidth', Number(x))}>
        <option value="58">58</option>
        <option value="80">80</option>
      </SelectField>
      <SelectField inline label={s.ticketFields} value={str('ticketFields') || 'initials-yob'} onChange={(x) => set('ticketFields', x)}>
          {(Object.keys(s.ticketFieldOpts) as (keyof typeof s.ticketFieldOpts)[]).map((k) => (
            <option key={k} value={k}>
              {s.ticketFieldOpts[k]}
            </option>
          ))}
      </SelectField>
      <label className="field field--inline">
        <span className="field__label">{s.patientRetentionDays}</span>
        <input
          className="field__input field__input--short"
          inputMode="numeric"
          value={str('patientRetentionDays')}
          // Kept as typed when it is not a whole number, so the check names it instead of a silent change.
          onChange={(e) => set('patientRetentionDays', /^\d{1,6}$/.test(e.target.value.trim()) ? Number(e.target.value.trim()) : e.target.value)}
        />
      </label>
      {counter && <Departments api={api} readerId={counter.id} />}
    </fieldset>
  );
}

/**
 * The gateway password: write-only (hospitalSetGatewayPassword stores only its MD5 and never shows it), set
 * with its own button so it never travels with the other settings.
 */
function GatewayPassword({ api, runAdmin }: Pick<SectionProps, 'api' | 'runAdmin'>) {
  const { lang } = useUi();
  const s = hs(lang);
  const [pw, setPw] = useState('');
  const [note, setNote] = useState('');
  const save = (): void => {
    setNote('');
    void runAdmin(async (session) => {
      await hospitalClient(api).hospitalSetGatewayPassword({ session, password: pw });
      setPw('');
      setNote(pw === '' ? s.passwordCleared : s.passwordSet);
    });
  };
  return (
    <div className="field field--inline hset__pw">
      <label className="field__label" htmlFor="hset-pw">
        {s.gatewayPassword}
      </label>
      <div className="hset__pwrow">
        <input id="hset-pw" className="field__input" type="password" autoComplete="new-password" maxLength={128} value={pw} aria-describedby="hset-pw-hint" onChange={(e) => setPw(e.target.value)} />
        <button type="button" className="btn btn--ghost" onClick={save}>
          {s.passwordSave}
        </button>
      </div>
      <span id="hset-pw-hint" className="muted">
        {note || s.passwordHint}
      </span>
    </div>
  );
}

interface Row {
  code: string;
  name: string;
  prefix: string;
  active: boolean;
}

function Departments({ api, readerId }: { api: SectionProps['api']; readerId: string }) {
  const { lang } = useUi();
  const s = hs(lang);
  const errText = useErrorText();
  const depts = useLoad(() => hospitalClient(api).hospitalDepartments(), 'departments');
  const [edits, setEdits] = useState<Record<string, Row>>({});
  const [fresh, setFresh] = useState<Row>({ code: '', name: '', prefix: '', active: true });
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [note, setNote] = useState('');
  const save = (row: Row, after: () => void): void => {
    const d = departmentOf(row);
    setNote('');
    setError(null);
    if (!d) return setNote(lang === 'vi' ? 'Mã khoa 2–10 chữ in hoa hoặc số, tên không để trống, tiền tố tối đa 3 chữ in hoa.' : 'A code of 2–10 capital letters or digits, a name, a prefix of at most 3 capital letters.');
    hospitalClient(api)
      .hospitalSaveDepartment({ readerId, department: d })
      .then(() => {
        setNote(s.deptSaved);
        after();
        depts.reload();
      }, (e: unknown) => setError(toErrorInfo(e)));
  };
  const rowOf = (d: DepartmentView): Row => edits[d.code] ?? d;
  const change = (code: string, r: Row): void => setEdits((x) => ({ ...x, [code]: r }));
  const fields = (r: Row, on: (r: Row) => void, isNew: boolean) => (
    <>
      <label className="field field--inline hset__code">
        <span className="field__label">{s.deptCode}</span>
        <input className="field__input" value={r.code} readOnly={!isNew} maxLength={10} onChange={(e) => on({ ...r, code: e.target.value.toUpperCase() })} />
      </label>
      <label className="field field--inline">
        <span className="field__label">{s.deptName}</span>
        <input className="field__input" value={r.name} maxLength={80} onChange={(e) => on({ ...r, name: e.target.value })} />
      </label>
      <label className="field field--inline hset__code">
        <span className="field__label">{s.deptPrefix}</span>
        <input className="field__input" value={r.prefix} maxLength={3} onChange={(e) => on({ ...r, prefix: e.target.value.toUpperCase() })} />
      </label>
      <label className="hcheck">
        <input type="checkbox" checked={r.active} onChange={(e) => on({ ...r, active: e.target.checked })} />
        <span>{s.deptActive}</span>
      </label>
    </>
  );
  return (
    <fieldset className="form__row hset__depts">
      <legend className="form__reader">{s.departments}</legend>
      {(depts.value ?? []).map((d) => (
        <div key={d.code} className="form__row hset__row">
          {fields(rowOf(d), (r) => change(d.code, r), false)}
          <button type="button" className="btn btn--ghost" onClick={() => save(rowOf(d), () => setEdits(({ [d.code]: _, ...rest }) => rest))}>
            {s.deptSave}
          </button>
        </div>
      ))}
      <div className="form__row hset__row">
        {fields(fresh, setFresh, true)}
        <button type="button" className="btn btn--ghost" onClick={() => save(fresh, () => setFresh({ code: '', name: '', prefix: '', active: true }))}>
          {s.deptAdd}
        </button>
      </div>
      {/* Shown only when there is one: the panel's own alert stays the one alert of the settings form. */}
      {error && (
        <p className="problem form__note" role="alert">
          {errText(error)}
        </p>
      )}
      {depts.error && <p className="muted form__note">{errText(depts.error)}</p>}
      {note && <p className="muted form__note">{note}</p>}
    </fieldset>
  );
}
