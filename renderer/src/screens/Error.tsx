/** Errors that say what to do next: the service's ErrorInfo in the chosen language, then the next action. */
import type { Screen } from '../state/machine.js';
import { useUi } from '../context.js';

type ErrorScreenState = Extract<Screen, { name: 'error' }>;

export function ErrorScreen({ screen, cardPresent, onRetry, onHome }: { screen: ErrorScreenState; cardPresent: boolean; onRetry(): void; onHome(): void }) {
  const { t, lang } = useUi();
  const e = screen.error;
  const keyProblem = e.code === 'ACCESS_DENIED' || e.code === 'KEY_INVALID' || e.code === 'MRZ_INVALID' || e.code === 'WRONG_CARD';
  return (
    <div className="screen screen--center screen--error">
      <div className="icon icon--warn" aria-hidden="true">!</div>
      <h1 className="title">{t.errorTitle}</h1>
      <p className="lead error-message" role="alert">
        {lang === 'vi' ? e.messageVi : e.message}
      </p>
      <p className="muted">
        {t.errorCode}: <code>{e.code}</code>
      </p>
      <div className="actions">
        {(screen.resumable || keyProblem || cardPresent) && (
          <button type="button" className="btn btn--primary" onClick={onRetry} autoFocus>
            {keyProblem ? t.retryKey : t.retry}
          </button>
        )}
        <button type="button" className="btn btn--secondary" onClick={onHome} autoFocus={!(screen.resumable || keyProblem || cardPresent)}>
          {t.backHome}
        </button>
      </div>
    </div>
  );
}
