/**
 * The admin session of the settings panel: the first PIN, unlocking, and running an admin call (an expired
 * session sends the operator back to the PIN). Also the panel's last problem, refusals and note.
 */
import { useState } from 'react';
import type { ErrorInfo, KioskClient } from '../../../../electron/contract/types.js';
import { useUi } from '../../context.js';
import { toErrorInfo } from '../../transport/ws.js';

export function useAdminSession(api: KioskClient) {
  const { t } = useUi();
  const [session, setSession] = useState<string | null>(null);
  const [wrong, setWrong] = useState(false);
  const [problem, setProblem] = useState<ErrorInfo | null>(null);
  const [refused, setRefused] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [noPin, setNoPin] = useState(false);

  /** Runs `f` with the busy flag; a thrown error becomes the problem shown. True when it succeeded. */
  const attempt = async (f: () => Promise<void>, onError: (info: ErrorInfo) => void): Promise<boolean> => {
    setBusy(true);
    setProblem(null);
    try {
      await f();
      return true;
    } catch (e) {
      onError(toErrorInfo(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  /** An admin call; an expired session sends the operator back to the PIN. */
  const run = async (f: (s: string) => Promise<void>): Promise<boolean> => {
    if (!session) return false;
    setRefused([]);
    setNote('');
    return attempt(
      () => f(session),
      (info) => {
        if (info.code === 'ADMIN_SESSION_INVALID') setSession(null);
        setProblem(info);
      },
    );
  };

  const unlock = (pin: string): Promise<boolean> =>
    attempt(
      async () => {
        const r = await api.adminUnlock({ pin });
        setWrong(!r.unlocked);
        if (r.unlocked && r.session) setSession(r.session);
      },
      (info) => {
        setWrong(false);
        if (info.code === 'ADMIN_PIN_NOT_SET') setNoPin(true);
        else setProblem(info);
      },
    );

  const setFirst = (pin: string): Promise<boolean> => {
    setNote('');
    return attempt(
      async () => {
        const r = await api.setFirstAdminPin({ newPin: pin });
        setSession(r.session);
        setNoPin(false);
        setNote(t.pinSetDone);
      },
      (info) => {
        // Someone else set it meanwhile: unlock with that PIN.
        if (info.code === 'ADMIN_PIN_ALREADY_SET') setNoPin(false);
        setProblem(info);
      },
    );
  };

  const changePin = (pin: string): Promise<boolean> =>
    run(async (s) => {
      await api.changeAdminPin({ session: s, newPin: pin });
      setNote(t.pinChanged);
    });

  const mismatch = (): void => {
    setProblem(null);
    setNote(t.pinMismatch);
  };

  /** Refusals found before sending: nothing is sent, the entries stay as typed. */
  const refuse = (problems: string[]): void => {
    setProblem(null);
    setNote('');
    setRefused(problems);
  };

  const clearMessages = (): void => {
    setNote('');
    setRefused([]);
  };

  return { session, wrong, problem, refused, note, setNote, busy, noPin, run, unlock, setFirst, changePin, mismatch, refuse, clearMessages };
}
