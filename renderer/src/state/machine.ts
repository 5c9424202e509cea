/**
 * The UI's one state machine: idle → keyEntry → reading(step, progress) → result | error → idle, fed by
 * ServiceEvents and a few UI actions. Pure (no React, no DOM), so it is unit-tested directly.
 * Besides: waitingCard (a key given before the card), removed (the card lifted mid-read: place it again, the
 * service resumes with the keys it had) and cancelling (Hủy pressed: nothing of that read is shown, whatever
 * still arrives, until the service is back at rest).
 * The screen follows ONE reader (the selected one); events of other readers only update the reader list.
 * Personal data (the result) lives only in `screen` and is dropped on every transition back to idle.
 */
import type { ErrorInfo, ProgressView, ReaderView, ReadResultView, ServiceEvent, SessionState, Verdict } from '../../../electron/contract/types.js';

export type Screen =
  | { name: 'idle' }
  | { name: 'keyEntry'; readerId: string; pace: boolean; submitting: boolean; hint?: ErrorInfo }
  | { name: 'reading'; readerId: string; progress: ProgressView | null; steps: string[]; verifying: boolean }
  /** A key was given and the service waits for the card. */
  | { name: 'waitingCard'; readerId: string }
  /** The card left mid-read; placed again, the service resumes (same keys, finished files kept). */
  | { name: 'removed'; readerId: string; progress: ProgressView | null; steps: string[] }
  /** Staff cancelled: the read's progress, result or error are dropped until the service is at rest. */
  | { name: 'cancelling'; readerId: string }
  | { name: 'result'; readerId: string; result: ReadResultView }
  | { name: 'error'; readerId: string | null; error: ErrorInfo; resumable: boolean };

/** What the operator's history keeps: never a name, a photo or more than the last 4 ID digits. */
export interface HistoryEntry {
  readId: string;
  at: string;
  readerId: string;
  readerName: string;
  verdict: Verdict;
  idLast4: string | null;
}

export interface UiState {
  screen: Screen;
  readers: ReaderView[];
  selectedReaderId: string | null;
  history: HistoryEntry[];
}

export type Action =
  | { type: 'service'; event: ServiceEvent }
  | { type: 'readers'; readers: ReaderView[] }
  | { type: 'selectReader'; readerId: string }
  /** Operator opens key entry before the card is placed (e.g. to type the ID first). */
  | { type: 'openKeyEntry' }
  | { type: 'keySubmitted' }
  | { type: 'startFailed'; error: ErrorInfo }
  /** Hủy during key entry, a read, a wait for the card or a lifted card: the service is told to cancel. */
  | { type: 'cancel' }
  /** The service answered the cancel (or could not be reached): leave `cancelling`. */
  | { type: 'cancelDone' }
  /** Back to idle: cancel, "done", timeout, inactivity. Drops all personal data. */
  | { type: 'reset' }
  /** From an error: back to key entry when the card is still there, else idle. */
  | { type: 'retry' };

export const HISTORY_MAX = 50;

/** Error codes of a read whose card left the reader (a card that merely stopped answering is TIMEOUT). */
const LIFTED = new Set(['CARD_REMOVED', 'TRANSPORT_LOST']);

export const initialState: UiState = { screen: { name: 'idle' }, readers: [], selectedReaderId: null, history: [] };

const readerName = (s: UiState, id: string): string => {
  const r = s.readers.find((x) => x.id === id);
  return r ? (r.label ?? r.name) : id;
};

function upsertReader(readers: ReaderView[], r: ReaderView): ReaderView[] {
  const i = readers.findIndex((x) => x.id === r.id);
  if (i < 0) return [...readers, r];
  const next = readers.slice();
  next[i] = r;
  return next;
}

function withSelection(s: UiState): UiState {
  if (s.selectedReaderId && s.readers.some((r) => r.id === s.selectedReaderId)) return s;
  const first = s.readers[0]?.id ?? null;
  const lost = s.selectedReaderId !== null && first !== s.selectedReaderId;
  return { ...s, selectedReaderId: first, ...(lost ? { screen: { name: 'idle' } as Screen } : {}) };
}

function addHistory(s: UiState, result: ReadResultView): HistoryEntry[] {
  const id = result.identity.idNumber ?? null;
  const entry: HistoryEntry = {
    readId: result.readId,
    at: result.finishedAt,
    readerId: result.readerId,
    readerName: readerName(s, result.readerId),
    verdict: result.verdict,
    idLast4: id && id.length >= 4 ? id.slice(-4) : null,
  };
  return [entry, ...s.history].slice(0, HISTORY_MAX);
}

function toReading(s: UiState, readerId: string, progress: ProgressView | null, verifying = false): Screen {
  const cur = s.screen;
  const prev = (cur.name === 'reading' || cur.name === 'removed') && cur.readerId === readerId ? { verifying: false, ...cur } : null;
  let steps = prev?.steps ?? [];
  if (progress) {
    steps = steps.slice();
    if (progress.steps?.length) steps = progress.steps.slice();
    steps[progress.index] = progress.step;
    steps.length = Math.max(steps.length, progress.count);
  }
  return { name: 'reading', readerId, progress: progress ?? prev?.progress ?? null, steps, verifying: verifying || (prev?.verifying ?? false) };
}

/** A read is under way on the screen (a submitted key included): a lifted card interrupts it. */
const midRead = (cur: Screen): boolean => cur.name === 'reading' || cur.name === 'removed' || (cur.name === 'keyEntry' && cur.submitting);

/**
 * The reader's view changed. On the selected reader, a card lifted mid-read says so and waits for it;
 * otherwise personal data leaves the screen with the card. A card placed changes nothing here: the
 * session's next state (key needed, or the resumed read) says what follows.
 */
function onReaderChanged(s: UiState, reader: ReaderView): UiState {
  const before = s.readers.find((r) => r.id === reader.id);
  const next = withSelection({ ...s, readers: upsertReader(s.readers, reader) });
  const lifted = before?.cardPresent === true && !reader.cardPresent;
  if (!lifted || reader.id !== next.selectedReaderId) return next;
  const cur = next.screen;
  if (cur.name === 'cancelling' || cur.name === 'waitingCard' || cur.name === 'idle') return next;
  if (midRead(cur) || (cur.name === 'error' && cur.resumable && LIFTED.has(cur.error.code))) return { ...next, screen: removedScreen(next, reader.id) };
  return { ...next, screen: { name: 'idle' } };
}

/** The selected reader's session has a new state: the one source of what its screen shows. */
function onSession(s: UiState, readerId: string, ss: SessionState): UiState {
  const cur = s.screen;
  const idle: UiState = { ...s, screen: { name: 'idle' } };
  if (cur.name === 'cancelling') {
    // Nothing of the cancelled read is shown; the service at rest ends the cancel.
    return ss.state === 'waiting' || ss.state === 'key_needed' ? idle : s;
  }
  switch (ss.state) {
    case 'waiting':
      // A key given with no card on the reader: the service holds it until the card comes.
      if ((cur.name === 'keyEntry' && cur.submitting) || cur.name === 'waitingCard') return { ...s, screen: { name: 'waitingCard', readerId } };
      return cur.name === 'idle' ? s : idle;
    case 'key_needed':
      if (cur.name === 'keyEntry') return { ...s, screen: { ...cur, pace: ss.pace, submitting: false } };
      if (cur.name === 'result' || cur.name === 'error') return s;
      return { ...s, screen: { name: 'keyEntry', readerId, pace: ss.pace, submitting: false } };
    case 'reading':
      if (cur.name === 'result') return s;
      return { ...s, screen: toReading(s, readerId, ss.progress) };
    case 'verifying':
      if (cur.name === 'result') return s;
      return { ...s, screen: toReading(s, readerId, null, true) };
    case 'result':
      return { ...s, screen: { name: 'result', readerId, result: ss.result }, history: addHistory(s, ss.result) };
    case 'error': {
      if (cur.name === 'result') return s;
      const present = s.readers.find((r) => r.id === readerId)?.cardPresent ?? false;
      // The read lost its card and the service keeps what it had: wait for the card, no error screen.
      const lost = LIFTED.has(ss.error.code) || (!present && ss.error.code === 'TIMEOUT');
      if (ss.resumable && lost && midRead(cur)) return { ...s, screen: removedScreen(s, readerId) };
      return { ...s, screen: { name: 'error', readerId, error: ss.error, resumable: ss.resumable } };
    }
  }
}

function onEvent(s: UiState, e: ServiceEvent): UiState {
  switch (e.type) {
    case 'readerAdded':
      return withSelection({ ...s, readers: upsertReader(s.readers, e.reader) });
    case 'readerChanged':
      return onReaderChanged(s, e.reader);
    case 'readerRemoved':
      return withSelection({ ...s, readers: s.readers.filter((r) => r.id !== e.readerId) });
    case 'session':
      return e.readerId === s.selectedReaderId ? onSession(s, e.readerId, e.session) : s;
    case 'error': {
      // An error outside a read's session (PC/SC stopped, a verification not recorded): a read's own
      // errors come in its session state.
      if (e.readerId !== undefined && e.readerId !== s.selectedReaderId) return s;
      const cur = s.screen;
      if (cur.name === 'cancelling' || cur.name === 'result' || cur.name === 'error' || cur.name === 'removed') return s;
      return { ...s, screen: { name: 'error', readerId: e.readerId ?? null, error: e.error, resumable: false } };
    }
    case 'settingsChanged':
    case 'workflow':
      // A workflow's news is its feature's business (renderer/features/<name>/), not the screen machine's.
      return s;
  }
}

function removedScreen(s: UiState, readerId: string): Screen {
  const cur = s.screen;
  const prev = (cur.name === 'reading' || cur.name === 'removed') && cur.readerId === readerId ? cur : null;
  return { name: 'removed', readerId, progress: prev?.progress ?? null, steps: prev?.steps ?? [] };
}

export function reduce(s: UiState, a: Action): UiState {
  switch (a.type) {
    case 'service':
      return onEvent(s, a.event);
    case 'readers': {
      // On (re)connection: a card already waiting for its key on the selected reader opens key entry.
      const next = withSelection({ ...s, readers: a.readers });
      const sel = next.readers.find((r) => r.id === next.selectedReaderId);
      if (next.screen.name === 'idle' && sel?.cardPresent && sel.state === 'key_needed') {
        return { ...next, screen: { name: 'keyEntry', readerId: sel.id, pace: true, submitting: false } };
      }
      return next;
    }
    case 'selectReader':
      if (!s.readers.some((r) => r.id === a.readerId)) return s;
      return { ...s, selectedReaderId: a.readerId, screen: { name: 'idle' } };
    case 'openKeyEntry': {
      const id = s.selectedReaderId;
      if (!id || s.screen.name !== 'idle') return s;
      return { ...s, screen: { name: 'keyEntry', readerId: id, pace: true, submitting: false } };
    }
    case 'keySubmitted':
      if (s.screen.name !== 'keyEntry') return s;
      return { ...s, screen: { ...s.screen, submitting: true } };
    case 'startFailed':
      if (s.screen.name === 'keyEntry') return { ...s, screen: { ...s.screen, submitting: false, hint: a.error } };
      return { ...s, screen: { name: 'error', readerId: s.selectedReaderId, error: a.error, resumable: true } };
    case 'cancel': {
      const c = s.screen;
      if (c.name === 'reading' || c.name === 'removed' || c.name === 'waitingCard' || c.name === 'keyEntry') return { ...s, screen: { name: 'cancelling', readerId: c.readerId } };
      return s;
    }
    case 'cancelDone':
      return s.screen.name === 'cancelling' ? { ...s, screen: { name: 'idle' } } : s;
    case 'reset':
      return { ...s, screen: { name: 'idle' } };
    case 'retry': {
      const id = s.selectedReaderId;
      const card = s.readers.find((r) => r.id === id)?.cardPresent ?? false;
      if (id && card) return { ...s, screen: { name: 'keyEntry', readerId: id, pace: true, submitting: false } };
      return { ...s, screen: { name: 'idle' } };
    }
  }
}

/** True when the screen shows personal data (for the clear-after timer). */
export function holdsPersonalData(screen: Screen): boolean {
  return screen.name === 'result' || screen.name === 'keyEntry' || screen.name === 'error';
}
