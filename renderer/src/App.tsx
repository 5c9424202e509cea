/** The kiosk app: one state machine (state/machine.ts), one screen at a time, overlays for history/settings. */
import { useCallback, useEffect, useMemo, useReducer, useState, type ReactElement } from 'react';
import type { KeyInput } from '../../electron/contract/types.js';
import { Ctx, type UiContext } from './context.js';
import { useClearTimer, useService } from './hooks.js';
import { STRINGS, type Lang } from './i18n/strings.js';
import { Header } from './components/Header.js';
import { DemoBar } from './components/DemoBar.js';
import { holdsPersonalData, initialState, reduce } from './state/machine.js';
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

type Overlay = 'none' | 'history' | 'settings';

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

  const start = useCallback(
    (key: KeyInput) => {
      if (!transport || !readerId) return;
      dispatch({ type: 'keySubmitted' });
      transport.api.startRead({ readerId, key, photo: true }).catch((e: unknown) => dispatch({ type: 'startFailed', error: toErrorInfo(e) }));
    },
    [transport, readerId],
  );
  /** Hủy: the service stops the read at its next APDU; nothing of it is shown while the cancel goes through. */
  const cancel = useCallback(() => {
    dispatch({ type: 'cancel' });
    if (!transport || !readerId) return void dispatch({ type: 'cancelDone' });
    transport.api.cancel({ readerId }).then(
      () => dispatch({ type: 'cancelDone' }),
      () => dispatch({ type: 'cancelDone' }),
    );
  }, [transport, readerId]);

  // Escape leaves any screen that holds personal data (overlays handle their own Escape).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || overlay !== 'none' || e.defaultPrevented) return;
      if (screen.name === 'keyEntry' || screen.name === 'reading' || screen.name === 'waitingCard' || screen.name === 'removed') cancel();
      else if (screen.name === 'result' || screen.name === 'error') reset();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [screen.name, overlay, cancel, reset]);

  // Labels and counters come with the readers from the service (configureReader → readerChanged).
  const readers = state.readers;
  const selected = readers.find((r) => r.id === readerId) ?? null;

  let body: ReactElement;
  if (!transport) body = <div className="screen screen--center"><p className="lead" role="alert">{t.noService}</p></div>;
  else if (screen.name === 'idle')
    body = (
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
  else if (screen.name === 'keyEntry')
    body = <KeyEntryScreen key={screen.readerId} screen={screen} readerName={selected ? (selected.label ?? selected.name) : ''} onSubmit={start} onCancel={cancel} />;
  else if (screen.name === 'reading') body = <ReadingScreen screen={screen} onCancel={cancel} />;
  else if (screen.name === 'waitingCard') body = <WaitingCardScreen onCancel={cancel} />;
  else if (screen.name === 'removed') body = <RemovedScreen screen={screen} onCancel={cancel} />;
  else if (screen.name === 'cancelling') body = <CancellingScreen />;
  else if (screen.name === 'result') {
    // A counter whose workflow has a screen of its own shows it; the others show the core's result.
    const reader = readers.find((r) => r.id === screen.result.readerId);
    const Screen = featureOf(reader?.workflow).resultScreen;
    body = Screen ? <Screen key={screen.result.readId} reader={reader} result={screen.result} secondsLeft={secondsLeft} onDone={reset} /> : <ResultScreen key={screen.result.readId} result={screen.result} secondsLeft={secondsLeft} onDone={reset} />;
  }
  else body = <ErrorScreen screen={screen} cardPresent={selected?.cardPresent ?? false} onRetry={() => dispatch({ type: 'retry' })} onHome={reset} />;

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
        />
        <main className="main">{body}</main>
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
