/** Reading: one progress bar per step reported by the reader (ProgressView), and an overall bar. */
import type { Screen } from '../state/machine.js';
import { useUi } from '../context.js';
import { stepLabel } from '../i18n/strings.js';
import { CancelAction } from '../components/Actions.js';

type Reading = Extract<Screen, { name: 'reading' }>;

export function ReadingScreen({ screen, onCancel }: { screen: Reading; onCancel(): void }) {
  const { t, lang } = useUi();
  const p = screen.progress;
  const count = Math.max(screen.steps.length, p?.count ?? 0);
  const current = screen.verifying ? count : (p?.index ?? 0);
  const overall = count ? Math.min(1, (current + stepFraction(p)) / count) : 0;
  return (
    <div className="screen">
      <h1 className="title">{screen.verifying ? t.verifying : t.readingTitle}</h1>
      <p className="lead">{t.readingHint}</p>
      <progress className="progress progress--overall" max={1} value={overall} aria-label={t.readingTitle} />
      <ol className="steps">
        {Array.from({ length: count }, (_, i) => {
          const name = screen.steps[i];
          const state = i < current ? 'done' : i === current ? 'now' : 'waiting';
          const value = state === 'done' ? 1 : state === 'now' ? stepFraction(p) : 0;
          const label = name ? stepLabel(lang, name) : '…';
          return (
            <li key={i} className={`steps__item steps__item--${state}`} aria-current={state === 'now' ? 'step' : undefined}>
              <span className="steps__label">{label}</span>
              <progress className="progress" max={1} value={value} aria-label={label} />
              <span className="steps__state">{state === 'done' ? t.stepDone : state === 'now' ? t.stepNow : t.stepWaiting}</span>
            </li>
          );
        })}
      </ol>
      <CancelAction onCancel={onCancel} />
    </div>
  );
}

function stepFraction(p: { bytesRead?: number; bytesTotal?: number } | null): number {
  if (!p || !p.bytesTotal || p.bytesRead === undefined) return 0.5;
  return Math.min(1, Math.max(0, p.bytesRead / p.bytesTotal));
}
