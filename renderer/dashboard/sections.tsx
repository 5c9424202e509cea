/** The dashboard's non-time parts: totals, alerts, failures, hospital, bank, readers, operators, kiosks. */
import type { ReactElement } from 'react';
import type { Dashboard } from '../../electron/contract/dashboard.js';
import { useDash } from './context.js';
import { Bars, DataTable, Section, Table, type Bar } from './parts.js';
import { agoText, failuresByCategory, timeText } from './series.js';
import { codeText, word } from './strings.js';

const TONES = ['a', 'b', 'c', 'd', 'e'] as const;

export function Totals({ d }: { d: Dashboard }): ReactElement {
  const { s } = useDash();
  const keys = ['reads', 'verified', 'notVerified', 'errors', 'checkins', 'bankChecks', 'overrides', 'alerts'] as const;
  return (
    <ul className="dash-totals" aria-label={s.title}>
      {keys.map((k) => (
        <li key={k} className={`dash-total dash-total--${k}${k === 'alerts' && d.totals.alerts > 0 ? ' dash-total--alarm' : ''}`}>
          <span className="dash-total__n">{d.totals[k]}</span>
          <span className="dash-total__label">{s.totals[k]}</span>
        </li>
      ))}
    </ul>
  );
}

export function Alerts({ d }: { d: Dashboard }): ReactElement {
  const { s, lang } = useDash();
  const tz = d.query.tzOffsetMin;
  const n = d.totals.alerts;
  const kioskName = (id: string): string => d.kiosks.find((k) => k.kiosk === id)?.name ?? id;
  return (
    <Section id="dash-alerts" title={s.alertsTitle} className={n > 0 ? 'dash-card--alarm' : ''}>
      {n === 0 ? (
        <p className="dash-none">{s.noAlerts}</p>
      ) : (
        <>
          <p className="dash-alarm-lead" role="alert">
            <span aria-hidden="true">⚠ </span>
            {s.alertsLead(n)}
          </p>
          <Table
            caption={s.alertsTitle}
            head={[s.time, s.alert, s.code, s.counter, s.reader, s.kiosk]}
            rows={d.alerts.map((a) => [timeText(a.atMs, tz), <strong key="a">{word(s.alerts, a.alert)}</strong>, <span key="c" title={a.code}>{codeText(a.code, lang)}</span>, a.counter || '—', a.reader || '—', a.kiosk ? kioskName(a.kiosk) : '—'])}
          />
        </>
      )}
    </Section>
  );
}

export function Failures({ d }: { d: Dashboard }): ReactElement {
  const { s, lang } = useDash();
  const cats = failuresByCategory(d);
  const total = cats.reduce((a, c) => a + c.count, 0);
  const top = d.failures[0];
  const bars: Bar[] = cats.map((c, i) => ({
    key: c.category,
    label: word(s.categories, c.category),
    count: c.count,
    tone: TONES[i % TONES.length],
    ...(c.codes.length ? { detail: c.codes.slice(0, 3).map((x) => `${codeText(x.code, lang)} (${x.count})`).join(' · ') } : {}),
  }));
  const label = s.failuresSummary(total, top ? codeText(top.code, lang) : '');
  return (
    <Section id="dash-failures" title={s.failuresTitle}>
      <Bars bars={bars} label={label} />
      <p className="dash-summary">{label}</p>
      <DataTable
        caption={s.failuresTitle}
        head={[s.reason, s.code, s.category, s.count]}
        rows={d.failures.map((f) => [codeText(f.code, lang), <code key="c">{f.code}</code>, word(s.categories, f.category), f.count])}
        numeric={[3]}
      />
    </Section>
  );
}

export function Hospital({ d }: { d: Dashboard }): ReactElement {
  const { s } = useDash();
  const h = d.hospital;
  const depts: Bar[] = h.byDepartment.map((x) => ({ key: x.department, label: x.department, count: x.count, tone: 'a' }));
  const lookups: Bar[] = h.lookups.map((x, i) => ({ key: x.code, label: word(s.lookups, x.code), count: x.count, tone: TONES[(i + 1) % TONES.length] }));
  return (
    <Section id="dash-hospital" title={s.hospitalTitle}>
      <Bars bars={depts} label={`${s.hospitalTitle}: ${d.totals.checkins}`} />
      <DataTable caption={s.hospitalTitle} head={[s.department, s.count]} rows={h.byDepartment.map((x) => [x.department, x.count])} numeric={[1]} />
      <h3 className="dash-card__sub">{s.lookupsTitle}</h3>
      <Bars bars={lookups} label={s.lookupsTitle} />
      <DataTable caption={s.lookupsTitle} head={[s.lookup, s.code, s.count]} rows={h.lookups.map((x) => [word(s.lookups, x.code), <code key="c">{x.code}</code>, x.count])} numeric={[2]} />
      <p className="dash-summary">
        {s.overrides}: <strong>{h.overrides}</strong>
      </p>
    </Section>
  );
}

export function Bank({ d }: { d: Dashboard }): ReactElement {
  const { s } = useDash();
  const b = d.bank;
  const bars: Bar[] = b.outcomes.map((o, i) => ({ key: `${o.outcome}|${o.face}`, label: `${word(s.outcomes, o.outcome)} · ${s.face}: ${word(s.faces, o.face)}`, count: o.count, tone: TONES[i % TONES.length] }));
  return (
    <Section id="dash-bank" title={s.bankTitle}>
      <Bars bars={bars} label={`${s.bankTitle}: ${d.totals.bankChecks}`} />
      <DataTable caption={s.bankTitle} head={[s.outcome, s.face, s.count]} rows={b.outcomes.map((o) => [word(s.outcomes, o.outcome), word(s.faces, o.face), o.count])} numeric={[2]} />
      <p className="dash-summary">
        {s.overrides}: <strong>{b.overrides}</strong>
      </p>
    </Section>
  );
}

export function Readers({ d, nowMs }: { d: Dashboard; nowMs: number }): ReactElement {
  const { s, lang } = useDash();
  const many = new Set(d.readers.map((r) => r.kiosk)).size > 1;
  const head = [s.reader, s.counter, ...(many ? [s.kiosk] : []), s.reads, s.errors, s.readerErrors, s.apdus, s.lastSeen];
  const off = many ? 1 : 0;
  return (
    <Section id="dash-readers" title={s.readersTitle}>
      <Table
        caption={s.readersTitle}
        head={head}
        numeric={[2 + off, 3 + off, 4 + off, 5 + off]}
        rows={d.readers.map((r) => [
          r.reader || '—',
          r.counter || '—',
          ...(many ? [r.kiosk] : []),
          r.reads,
          <span key="e" className={r.errors > 0 ? 'dash-bad' : undefined}>{r.errors}</span>,
          <span key="r" className={r.readerErrors > 0 ? 'dash-bad' : undefined}>{r.readerErrors}</span>,
          r.meanApdus === null ? '—' : Math.round(r.meanApdus),
          <span key="l" title={timeText(r.lastSeenMs, d.query.tzOffsetMin)}>{agoText(r.lastSeenMs || null, nowMs, lang)}</span>,
        ])}
      />
    </Section>
  );
}

export function Operators({ d }: { d: Dashboard }): ReactElement {
  const { s } = useDash();
  return (
    <Section id="dash-operators" title={s.operatorsTitle}>
      <Table caption={s.operatorsTitle} head={[s.operator, s.checkins, s.bankChecks, s.overrides]} numeric={[1, 2, 3]} rows={d.operators.map((o) => [o.name ?? o.operator, o.checkins, o.bankChecks, o.overrides])} />
    </Section>
  );
}

export function Kiosks({ d, nowMs }: { d: Dashboard; nowMs: number }): ReactElement {
  const { s, lang } = useDash();
  const tz = d.query.tzOffsetMin;
  return (
    <Section id="dash-kiosks" title={s.kiosksTitle}>
      <Table
        caption={s.kiosksTitle}
        head={[s.kiosk, s.events, s.lastContact, s.auditSeq]}
        numeric={[1, 3]}
        rows={d.kiosks.map((k) => [
          k.name ? `${k.name} (${k.kiosk})` : k.kiosk,
          k.events,
          <span key="c" title={k.lastContactMs === null ? undefined : timeText(k.lastContactMs, tz)}>{agoText(k.lastContactMs, nowMs, lang)}</span>,
          k.auditSeq ?? '—',
        ])}
      />
    </Section>
  );
}
