/**
 * Hooks the workflows' screens share (renderer/features/*): a call's answer with its error, the service's
 * events, the operators, an error's text in the screen's language.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorInfo, KioskClient, ServiceEvent } from '../../electron/contract/types.js';
import type * as v from 'valibot';
import type { OperatorViewSchema } from '../../electron/contract/views.js';
import { toErrorInfo } from './transport/ws.js';
import { useUi } from './context.js';

export type OperatorView = v.InferOutput<typeof OperatorViewSchema>;

export interface Loaded<T> {
  value: T | undefined;
  error: ErrorInfo | null;
  loading: boolean;
  reload(): void;
  set(v: T): void;
}

/** Runs `load` now and on every `reload()` (or change of `key`); a late answer of an older run is dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [loading, setLoading] = useState(true);
  const [n, setN] = useState(0);
  const f = useRef(load);
  f.current = load;
  useEffect(() => {
    let live = true;
    setLoading(true);
    f.current().then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(toErrorInfo(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [key, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { value, error, loading, reload, set: setValue };
}

/** Calls `on` for every event of the service while mounted (through the client's own subscribe). */
export function useEvents(api: KioskClient, on: (e: ServiceEvent) => void): void {
  const cb = useRef(on);
  cb.current = on;
  useEffect(() => api.subscribe((e) => cb.current(e)), [api]);
}

/** The operators (for the sign-in dialog, the supervisor picker and the header chip). */
export function useOperators(api: KioskClient): Loaded<OperatorView[]> {
  return useLoad(() => api.listOperators(), 'operators');
}

/** The error's text in the screen's language (the service's texts already say what to do next). */
export function useErrorText(): (e: ErrorInfo | null) => string {
  const { lang } = useUi();
  return (e) => (e ? (lang === 'vi' ? e.messageVi : e.message) : '');
}
