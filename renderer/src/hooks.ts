/** Small React hooks: the service subscription, the clear-after timer, the barcode-scanner listener. */
import { useEffect, useRef, useState, type Dispatch } from 'react';
import { findQr, NO_FRAMING, SCAN_MAX, type ScannerFraming } from './scanner.js';
import type { KioskSettings, ServiceEvent } from '../../electron/contract/types.js';
import type { Action } from './state/machine.js';
import type { ConnectionState, Transport } from './transport/types.js';

export type ServiceStatus = Awaited<ReturnType<Transport['api']['status']>>;

/** Subscribes to service events, loads readers, status and the operator settings on every (re)connection. */
export function useService(
  transport: Transport | null,
  dispatch: Dispatch<Action>,
): { connection: ConnectionState; status: ServiceStatus | null; settings: KioskSettings | null } {
  const [connection, setConnection] = useState<ConnectionState>(transport?.connection() ?? 'closed');
  const [status, setStatus] = useState<ServiceStatus | null>(null);
  const [settings, setSettings] = useState<KioskSettings | null>(null);
  useEffect(() => {
    if (!transport) return;
    const load = (): void => {
      transport.api.listReaders().then((readers) => dispatch({ type: 'readers', readers }), () => undefined);
      transport.api.status().then(setStatus, () => undefined);
      transport.api.getSettings().then(setSettings, () => undefined);
    };
    const offEvents = transport.api.subscribe((event: ServiceEvent) => {
      if (event.type === 'session' && event.session.state === 'result') {
        // Measurement (no personal data): event arrival → result commit, see screens/Result.tsx.
        performance.clearMarks('chipid:result-event');
        performance.mark('chipid:result-event');
      }
      if (event.type === 'settingsChanged') setSettings(event.settings);
      else dispatch({ type: 'service', event });
    });
    const offConn = transport.onConnection((s) => {
      setConnection(s);
      if (s === 'open') load();
    });
    setConnection(transport.connection());
    if (transport.connection() === 'open') load();
    return () => {
      offEvents();
      offConn();
    };
  }, [transport, dispatch]);
  return { connection, status, settings };
}

/**
 * Calls `onExpire` after `seconds` without pointer or key activity while `active`. Returns the seconds left
 * (for the countdown shown on the result screen).
 */
export function useClearTimer(active: boolean, seconds: number, resetKey: unknown, onExpire: () => void): number {
  const [left, setLeft] = useState(seconds);
  const expire = useRef(onExpire);
  expire.current = onExpire;
  useEffect(() => {
    if (!active) return;
    let deadline = Date.now() + seconds * 1000;
    setLeft(seconds);
    const bump = (): void => {
      deadline = Date.now() + seconds * 1000;
    };
    const tick = window.setInterval(() => {
      const ms = deadline - Date.now();
      setLeft(Math.max(0, Math.ceil(ms / 1000)));
      if (ms <= 0) {
        window.clearInterval(tick);
        expire.current();
      }
    }, 250);
    const hide = (): void => {
      if (document.visibilityState === 'hidden') expire.current();
    };
    window.addEventListener('pointerdown', bump, true);
    window.addEventListener('keydown', bump, true);
    document.addEventListener('visibilitychange', hide);
    return () => {
      window.clearInterval(tick);
      window.removeEventListener('pointerdown', bump, true);
      window.removeEventListener('keydown', bump, true);
      document.removeEventListener('visibilitychange', hide);
    };
  }, [active, seconds, resetKey]);
  return left;
}

/**
 * Listens on the whole window for a keyboard-wedge QR scan while `enabled`: the typed characters since the
 * last Enter are checked for the CCCD QR shape (scanner.ts) on Enter, or as soon as a configured suffix
 * arrives. Typing speed plays no part, so a scan is recognised on a loaded machine too.
 */
export function useWedgeScanner(enabled: boolean, onScan: (text: string) => void, framing: ScannerFraming = NO_FRAMING): void {
  const cb = useRef(onScan);
  cb.current = onScan;
  const { prefix, suffix } = framing;
  useEffect(() => {
    if (!enabled) return;
    let typed = '';
    // A character that is not on the keyboard layout (e.g. 'ễ') arrives as text input without a keydown:
    // take it from `beforeinput`, and skip the beforeinput that merely echoes a keydown we already have.
    let echo = false;
    const scan = (e: Event | null): boolean => {
      const text = findQr(typed, { prefix, suffix });
      if (!text) return false;
      typed = '';
      if (e) {
        e.preventDefault();
        e.stopPropagation();
      }
      cb.current(text);
      return true;
    };
    const push = (chars: string, e: Event | null): void => {
      typed += chars;
      if (typed.length > SCAN_MAX * 2) typed = typed.slice(-SCAN_MAX);
      if (suffix && typed.endsWith(suffix)) scan(e);
    };
    const onKey = (e: KeyboardEvent): void => {
      echo = false;
      if (e.key === 'Enter') {
        scan(e);
        typed = '';
        return;
      }
      if (e.key.length !== 1) return;
      echo = true;
      push(e.key, e);
    };
    const onInput = (e: Event): void => {
      const ie = e as InputEvent;
      if (ie.inputType !== 'insertText' || !ie.data) return;
      if (echo) {
        echo = false;
        return;
      }
      push(ie.data, null);
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('beforeinput', onInput, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('beforeinput', onInput, true);
    };
  }, [enabled, prefix, suffix]);
}
