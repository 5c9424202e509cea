/**
 * The screens between the key and the read: a key given before the card ("place the card"), a card lifted
 * mid-read ("place it again": the service resumes with the keys it had, finished files kept) and the short
 * moment a cancel goes through. None of them shows personal data.
 */
import type { Screen } from '../state/machine.js';
import { useUi } from '../context.js';
import { stepLabel } from '../i18n/strings.js';
import { CancelAction } from '../components/Actions.js';

function CardArt({ lifted = false }: { lifted?: boolean }) {
  return (
    <div className={`card-art ${lifted ? 'card-art--lifted' : ''}`} aria-hidden="true">
      <div className="card-art__card">
        <div className="card-art__chip" />
      </div>
      <div className="card-art__reader" />
    </div>
  );
}

export function WaitingCardScreen({ onCancel }: { onCancel(): void }) {
  const { t } = useUi();
  return (
    <div className="screen screen--center" data-waiting="card">
      <CardArt />
      <h1 className="title" role="status">
        {t.waitingCardTitle}
      </h1>
      <p className="lead">{t.waitingCardHint}</p>
      <CancelAction onCancel={onCancel} autoFocus />
    </div>
  );
}

type Removed = Extract<Screen, { name: 'removed' }>;

export function RemovedScreen({ screen, onCancel }: { screen: Removed; onCancel(): void }) {
  const { t, lang } = useUi();
  const done = screen.progress ? screen.steps.slice(0, screen.progress.index).filter(Boolean) : [];
  return (
    <div className="screen screen--center screen--removed">
      <CardArt lifted />
      <h1 className="title" role="alert">
        {t.removedTitle}
      </h1>
      <p className="lead">{t.removedHint}</p>
      {done.length > 0 && (
        <p className="muted">
          {t.stepDone}: {done.map((s) => stepLabel(lang, s)).join(' · ')}
        </p>
      )}
      <CancelAction onCancel={onCancel} autoFocus />
    </div>
  );
}

export function CancellingScreen() {
  const { t } = useUi();
  return (
    <div className="screen screen--center">
      <p className="lead" role="status">
        {t.cancelling}
      </p>
    </div>
  );
}
