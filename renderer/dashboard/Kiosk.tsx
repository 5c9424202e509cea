/**
 * The dashboard on the kiosk: a supervisor or an admin unlocks it with their PIN (dashboardUnlock; the service
 * refuses a reception operator with DASHBOARD_FORBIDDEN), then the view asks through the kiosk API with the
 * session it got, redrawing as reads finish. Locking (or the session running out) asks for the PIN again.
 */
import { useMemo, useState, type FormEvent, type ReactElement } from 'react';
import type { ErrorInfo, KioskClient, ServiceEvent } from '../../electron/contract/types.js';
import { Dialog } from '../src/components/Dialog.js';
import { SelectField } from '../src/components/SelectField.js';
import { ops } from '../src/components/operator-strings.js';
import { useUi } from '../src/context.js';
import { useErrorText, useOperators } from '../src/feature-hooks.js';
import { toErrorInfo } from '../src/transport/ws.js';
import { DashCtx } from './context.js';
import { DashboardView } from './DashboardView.js';
import { dashStrings } from './strings.js';
import type { DashboardDataSource, DashboardKioskApi, DashboardUnlock } from './types.js';
import './dashboard.css';

/** The kiosk's dashboard methods, when this client has them (a client built from an older method table has not). */
export function dashboardApi(api: KioskClient): DashboardKioskApi | null {
  const a = api as Partial<DashboardKioskApi>;
  return typeof a.dashboardUnlock === 'function' && typeof a.dashboardQuery === 'function' ? (a as DashboardKioskApi) : null;
}

/** The codes that mean the session is gone: the view locks and asks for the PIN again. */
const SESSION_ENDED = new Set(['DASHBOARD_SESSION_INVALID', 'DASHBOARD_FORBIDDEN']);

/** A read that ended (result or error) or a workflow's outcome: the figures may have changed. */
export function changesFigures(e: ServiceEvent): boolean {
  if (e.type === 'session') return e.session.state === 'result' || e.session.state === 'error';
  return e.type === 'workflow' || e.type === 'readerAdded' || e.type === 'readerRemoved';
}

export function kioskSource(api: KioskClient, d: DashboardKioskApi, session: string): DashboardDataSource {
  return {
    load: (q) => d.dashboardQuery({ session, ...q }),
    exportFile: (q, format) => d.dashboardExport({ session, ...q, format }),
    showKioskFilter: false,
    subscribe(onChange) {
      const timers = new Set<ReturnType<typeof setTimeout>>();
      const off = api.subscribe((e) => {
        if (!changesFigures(e)) return;
        onChange();
        // Once more a moment later, for an outcome recorded just after the event that announced it.
        const t = setTimeout(() => {
          timers.delete(t);
          onChange();
        }, 1500);
        timers.add(t);
      });
      return () => {
        off();
        for (const t of timers) clearTimeout(t);
      };
    },
  };
}

function UnlockDialog({ api, d, onUnlocked, onClose }: { api: KioskClient; d: DashboardKioskApi; onUnlocked(u: DashboardUnlock): void; onClose(): void }): ReactElement {
  const { lang, t } = useUi();
  const s = dashStrings(lang);
  const o = ops(lang);
  const errText = useErrorText();
  const list = useOperators(api);
  const [operatorId, setOperator] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!operatorId || pin.length < 4) return;
    setBusy(true);
    setError(null);
    d.dashboardUnlock({ operatorId, pin })
      .then(onUnlocked, (x: unknown) => {
        setError(toErrorInfo(x));
        setPin('');
      })
      .finally(() => setBusy(false));
  };
  // Every active operator is listed: the service, not the list, decides who may see the dashboard.
  return (
    <Dialog title={s.unlockTitle} onClose={onClose} closeLabel={t.close}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted">{s.unlockHint}</p>
        <SelectField label={o.operator} value={operatorId} autoFocus onChange={setOperator}>
          <option value="">{o.pickOperator}</option>
          {(list.value ?? [])
            .filter((x) => x.active)
            .map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} ({o.roles[x.role] ?? x.role})
              </option>
            ))}
        </SelectField>
        <label className="field">
          <span className="field__label">{o.pin}</span>
          <input className="field__input field__input--short" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 12))} />
        </label>
        <p className="problem" role="alert">
          {errText(error ?? list.error)}
        </p>
        <div className="actions">
          <button type="submit" className="btn btn--primary" disabled={busy || !operatorId || pin.length < 4}>
            {s.unlock}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The dashboard screen of the kiosk (in place of the counter's screen while open). */
export function KioskDashboard({ api, onClose }: { api: KioskClient; onClose(): void }): ReactElement {
  const { lang } = useUi();
  const s = dashStrings(lang);
  const errText = useErrorText();
  const d = useMemo(() => dashboardApi(api), [api]);
  const [unlock, setUnlock] = useState<DashboardUnlock | null>(null);
  const source = useMemo(() => (d && unlock ? kioskSource(api, d, unlock.session) : null), [api, d, unlock]);
  const ctx = useMemo(() => ({ lang, s }), [lang, s]);
  if (!d)
    return (
      <div className="dash-screen">
        <div className="screen screen--center">
          <p className="lead" role="alert">
            {s.notAvailable}
          </p>
          <button type="button" className="btn btn--secondary" onClick={onClose}>
            {s.close}
          </button>
        </div>
      </div>
    );
  if (!unlock || !source) return <UnlockDialog api={api} d={d} onUnlocked={setUnlock} onClose={onClose} />;
  return (
    <DashCtx.Provider value={ctx}>
      <div className="dash-screen" data-dashboard="kiosk">
        <div className="dash-screen__bar">
          <h1>{s.title}</h1>
          <span className="dash-screen__who">
            {unlock.operator.name} ({ops(lang).roles[unlock.operator.role] ?? unlock.operator.role})
          </span>
          <button type="button" className="btn btn--secondary" onClick={() => setUnlock(null)}>
            {s.signOut}
          </button>
          <button type="button" className="btn btn--primary" onClick={onClose}>
            {s.close}
          </button>
        </div>
        <DashboardView
          source={source}
          errorText={(e) => errText(toErrorInfo(e))}
          onDenied={(e) => {
            if (SESSION_ENDED.has(toErrorInfo(e).code)) setUnlock(null);
          }}
        />
      </div>
    </DashCtx.Provider>
  );
}
