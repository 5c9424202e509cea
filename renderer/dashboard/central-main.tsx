/**
 * The central page (dist/renderer/central.html, served by `chipid fleet serve`): the dashboard across the
 * fleet's kiosks from the central PostgreSQL. The link carries its access token in the fragment
 * (`#token=…`, never sent to a server or kept in the history: it is taken and removed from the address at
 * once); each request sends it as `Authorization: Bearer`. A refused token (401) says what to do.
 */
import { StrictMode, useMemo, useState, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { Lang } from '../src/i18n/strings.js';
import { DashCtx } from './context.js';
import { DashboardView } from './DashboardView.js';
import { CentralError, centralSource, takeToken } from './central.js';
import { dashStrings } from './strings.js';
import './dashboard.css';

function CentralApp({ token }: { token: string | null }): ReactElement {
  const [lang, setLang] = useState<Lang>('vi');
  const s = dashStrings(lang);
  const ctx = useMemo(() => ({ lang, s }), [lang, s]);
  const [denied, setDenied] = useState(false);
  const source = useMemo(() => (token ? centralSource(token) : null), [token]);
  document.documentElement.lang = lang;
  document.title = s.centralTitle;
  const errorText = (e: unknown): string => (e instanceof CentralError && e.status === 401 ? s.unauthorized : s.loadFailed);
  return (
    <DashCtx.Provider value={ctx}>
      <div className="central">
        <header className="header">
          <div className="header__bar">
            <div className="header__brand">
              <span className="header__logo" aria-hidden="true">ID</span>
              <h1 className="header__name dash-central-title">{s.centralTitle}</h1>
            </div>
            <nav className="header__actions" aria-label={s.title}>
              <button type="button" className="btn btn--ghost" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')} aria-label={s.langSwitchLabel} lang={lang === 'vi' ? 'en' : 'vi'}>
                {s.langSwitch}
              </button>
            </nav>
          </div>
        </header>
        <main className="central__main">
          {!source ? (
            <p className="central__notice lead" role="alert">
              {s.noToken}
            </p>
          ) : denied ? (
            <p className="central__notice lead" role="alert">
              {s.unauthorized}
            </p>
          ) : (
            <DashboardView source={source} errorText={errorText} onDenied={(e) => setDenied(e instanceof CentralError && e.status === 401)} initial={{ kind: '7d' }} />
          )}
        </main>
      </div>
    </DashCtx.Provider>
  );
}

const rootEl = document.getElementById('root');
if (rootEl) {
  const token = takeToken(location, history);
  createRoot(rootEl).render(
    <StrictMode>
      <CentralApp token={token} />
    </StrictMode>,
  );
}
