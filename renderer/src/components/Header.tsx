/** Top bar: app name, the reader this screen follows, connection state, history, dashboard, settings, language. */
import type { ReactNode } from 'react';
import type { ReaderView } from '../../../electron/contract/types.js';
import { useUi } from '../context.js';
import type { ConnectionState } from '../transport/types.js';
import { dashStrings } from '../../dashboard/strings.js';

interface Props {
  connection: ConnectionState;
  reader: ReaderView | null;
  showHistory: boolean;
  onLang(): void;
  onHistory(): void;
  onSettings(): void;
  /** The managers' dashboard (renderer/dashboard); absent: no button. */
  onDashboard?(): void;
  /** The selected counter's workflow's own buttons (features/<name> headerActions), before the core's. */
  children?: ReactNode;
}

export function Header({ connection, reader, showHistory, onLang, onHistory, onSettings, onDashboard, children }: Props) {
  const { t, lang } = useUi();
  const d = dashStrings(lang);
  return (
    <header className="header">
      <div className="header__bar">
        <div className="header__brand">
          <span className="header__logo" aria-hidden="true">ID</span>
          <span className="header__name">{t.appName}</span>
          {reader && (
            // One line whatever the label's length (up to 64 characters each): the rest is elided, the whole in the tooltip.
            <span className="header__reader" title={`${reader.label ?? reader.name}${reader.counter ? ` · ${reader.counter}` : ''}`}>
              {reader.label ?? reader.name}
              {reader.counter ? ` · ${reader.counter}` : ''}
            </span>
          )}
        </div>
        <nav className="header__actions" aria-label={t.settings}>
          {children}
          {showHistory && (
            <button type="button" className="btn btn--ghost" onClick={onHistory}>
              {t.history}
            </button>
          )}
          {onDashboard && (
            <button type="button" className="btn btn--ghost" onClick={onDashboard} title={d.openLabel}>
              {d.open}
            </button>
          )}
          <button type="button" className="btn btn--ghost" onClick={onSettings}>
            {t.settings}
          </button>
          <button type="button" className="btn btn--ghost" onClick={onLang} aria-label={t.langSwitchLabel} lang={lang === 'vi' ? 'en' : 'vi'}>
            {t.langSwitch}
          </button>
        </nav>
      </div>
      {connection !== 'open' && (
        <div className="banner banner--warn" role="status">
          {connection === 'connecting' ? t.connecting : t.disconnected}
        </div>
      )}
    </header>
  );
}
