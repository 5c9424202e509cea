/** The kiosk app: one state machine (state/machine.ts), one screen at a time, overlays for history/settings. */
import { useCallback, useEffect, useMemo, useReducer, useState, type Dispatch, type ReactElement } from 'react';
import type { KeyInput, KioskClient } from '../../electron/contract/types.js';
import { Ctx, type UiContext } from './context.js';
import { useClearTimer, useService } from './hooks.js';
import { STRINGS, type Lang } from './i18n/strings.js';
import { Header } from './components/Header.js';
import { DemoBar } from './components/DemoBar.js';
import { holdsPersonalData, initialState, reduce, type Action, type UiState } from './state/machine.js';
import { uiSettings } from './settings.js';
import { IdleScreen } from './screens/Idle.js';
import { KeyEntryScreen } from './screens/KeyEntry.js';
import { ReadingScreen } from './screens/Reading.js';
import { ResultScreen } from './screens/Result.js';
import { ErrorScreen } from './screens/Error.js';
import { CancellingScreen, RemovedScreen, WaitingCardScreen } from './screens/Waiting.js';
import { HistoryPanel } from './screens/History.js';
import { SettingsPanel } from './screens/Settings.js';
import { featureOf } from '../features/index.js';
import type { Transport } from './transport/types.js';
import { toErrorInfo } from './transport/ws.js';
import { KioskDashboard } from '../dashboard/Kiosk.js';

type Overlay = 'none' | 'history' | 'settings' | 'dashboard';

/** Starting a read with a key, and cancelling it, on the selected reader. */
function useReadActions(transport: Transport | null, readerId: string | null, dispatch: Dispatch<Action>): { start(key: KeyInput): void; cancel(): void } {
  const start = useCallback(
    (key: KeyInput) => {
      if (!transport || !readerId) return;
      dispatch({ type: 'keySubmitted' });
      transport.api.startRead({ readerId, key, photo: true }).catch((e: unknown) => dispatch({ type: 'startFailed', error: toErrorInfo(e) }));
    },
    [transport, readerId, dispatch],
  );
  /** Hủy: the service stops the read at its next APDU; nothing of it is shown while the cancel goes through. */
  const cancel = useCallback(() => {
    dispatch({ type: 'cancel' });
    if (!transport || !readerId) return void dispatch({ type: 'cancelDone' });
    transport.api.cancel({ readerId }).then(
      () => dispatch({ type: 'cancelDone' }),
      () => dispatch({ type: 'cancelDone' }),
    );
  }, [transport, readerId, dispatch]);
  return { start, cancel };
}

/** Escape leaves any screen that holds personal data (overlays handle their own Escape). */
function useEscape(screenName: UiState['screen']['name'], overlay: Overlay, cancel: () => void, reset: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      // A dialog open on the screen (a workflow's own included) takes its Escape itself.
      if (e.key !== 'Escape' || overlay !== 'none' || e.defaultPrevented || document.querySelector('.dialog')) return;
      if (screenName === 'keyEntry' || screenName === 'reading' || screenName === 'waitingCard' || screenName === 'removed') cancel();
      else if (screenName === 'result' || screenName === 'error') reset();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [screenName, overlay, cancel, reset]);
}

/** The one screen the state machine is on. */
function ScreenBody({ state, dispatch, secondsLeft, start, cancel, reset, api }: { state: UiState; dispatch: Dispatch<Action>; secondsLeft: number; start(key: KeyInput): void; cancel(): void; reset(): void; api: KioskClient }): ReactElement {
  const { screen, readers, selectedReaderId: readerId } = state;
  const selected = readers.find((r) => r.id === readerId) ?? null;
  if (screen.name === 'idle')
    return (
      <IdleScreen
        readers={readers}
        selectedId={readerId}
        onSelect={(id) => dispatch({ type: 'selectReader', readerId: id })}
        onEnterKey={() => dispatch({ type: 'openKeyEntry' })}
        onQr={(qr) => {
          // With no card yet the service keeps the key and reads as soon as the card is placed.
          dispatch({ type: 'openKeyEntry' });
          start({ qr });
        }}
      />
    );
  if (screen.name === 'keyEntry')
    return <KeyEntryScreen key={screen.readerId} screen={screen} readerName={selected ? (selected.label ?? selected.name) : ''} onSubmit={start} onCancel={cancel} />;
  if (screen.name === 'reading') return <ReadingScreen screen={screen} onCancel={cancel} />;
  if (screen.name === 'waitingCard') return <WaitingCardScreen onCancel={cancel} />;
  if (screen.name === 'removed') return <RemovedScreen screen={screen} onCancel={cancel} />;
  if (screen.name === 'cancelling') return <CancellingScreen />;
  if (screen.name === 'result') {
    // A counter whose workflow has a screen of its own shows it; the others show the core's result.
    const reader = readers.find((r) => r.id === screen.result.readerId);
    const Screen = featureOf(reader?.workflow).resultScreen;
    return Screen ? <Screen key={screen.result.readId} reader={reader} result={screen.result} secondsLeft={secondsLeft} onDone={reset} api={api} /> : <ResultScreen key={screen.result.readId} result={screen.result} secondsLeft={secondsLeft} onDone={reset} />;
  }
  return <ErrorScreen screen={screen} cardPresent={selected?.cardPresent ?? false} onRetry={() => dispatch({ type: 'retry' })} onHome={reset} />;
}

export function App({ transport }: { transport: Transport | null }) {
  const [state, dispatch] = useReducer(reduce, initialState);
  const [lang, setLang] = useState<Lang>('vi');
  const [overlay, setOverlay] = useState<Overlay>('none');
  const { connection, status, settings: kiosk } = useService(transport, dispatch);
  const settings = useMemo(() => uiSettings(kiosk), [kiosk]);
  const closeOverlay = useCallback(() => setOverlay('none'), []);
  const t = STRINGS[lang];
  const ctx = useMemo<UiContext>(() => ({ lang, t, settings }), [lang, t, settings]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t.appName}`;
  }, [lang, t]);

  const screen = state.screen;
  const readerId = state.selectedReaderId;
  const reset = useCallback(() => {
    dispatch({ type: 'reset' });
    setOverlay((o) => (o === 'history' ? 'none' : o));
  }, []);
  const secondsLeft = useClearTimer(holdsPersonalData(screen) || overlay === 'history', settings.clearAfterSec, screen, reset);

  const { start, cancel } = useReadActions(transport, readerId, dispatch);

  useEscape(screen.name, overlay, cancel, reset);

  // Labels and counters come with the readers from the service (configureReader → readerChanged).
  const readers = state.readers;
  const selected = readers.find((r) => r.id === readerId) ?? null;

  // The selected counter's workflow may add its own buttons (its screens open from there).
  const FeatureActions = selected && transport ? featureOf(selected.workflow).headerActions : undefined;
  const verdictClass = screen.name === 'result' ? (screen.result.verdict === 'verified' ? 'app--verified' : 'app--not-verified') : '';
  return (
    <Ctx.Provider value={ctx}>
      <div className={`app ${verdictClass}`} data-screen={screen.name}>
        <Header
          connection={transport ? connection : 'closed'}
          reader={selected}
          showHistory={settings.mode === 'assisted'}
          onLang={() => setLang(lang === 'vi' ? 'en' : 'vi')}
          onHistory={() => setOverlay('history')}
          onSettings={() => setOverlay('settings')}
          onDashboard={
            transport
              ? () => {
                  // A result on screen is cleared first: the dashboard is not a way round the clear-after timer.
                  if (screen.name === 'result' || screen.name === 'error') reset();
                  setOverlay('dashboard');
                }
              : undefined
          }
        >
          {FeatureActions && selected && transport && <FeatureActions api={transport.api} reader={selected} />}
        </Header>
        <main className="main">
          {overlay === 'dashboard' && transport ? <KioskDashboard api={transport.api} onClose={closeOverlay} /> : transport ? <ScreenBody state={state} dispatch={dispatch} secondsLeft={secondsLeft} start={start} cancel={cancel} reset={reset} api={transport.api} /> : <div className="screen screen--center"><p className="lead" role="alert">{t.noService}</p></div>}
        </main>
        {status?.demo && transport && (
          <DemoBar
            reader={selected}
            onCard={(action, profile) => {
              if (!readerId) return;
              transport.api.demoCard({ readerId, action, ...(profile !== undefined ? { profile } : {}) }).catch((e: unknown) => dispatch({ type: 'startFailed', error: toErrorInfo(e) }));
            }}
          />
        )}
        {overlay === 'history' && <HistoryPanel history={state.history} onClose={closeOverlay} />}
        {overlay === 'settings' && transport && (
          <SettingsPanel
            api={transport.api}
            canExitKiosk={transport.kind === 'ipc'}
            readers={state.readers}
            status={status}
            settings={kiosk}
            history={state.history}
            onClose={closeOverlay}
          />
        )}
      </div>
    </Ctx.Provider>
  );
}
