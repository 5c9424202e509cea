/** What every section of the settings panel is given: the draft being edited and the service's view. */
import type { KioskClient, KioskMode, KioskSettings, ReaderView, TrustStatus } from '../../../../electron/contract/types.js';
import type { ServiceStatus } from '../../hooks.js';
import type { Draft, ReaderDraft } from '../settings-check.js';

export interface SectionProps {
  draft: Draft;
  /** Changes the draft (clears the last note and refusals). */
  edit(f: (d: Draft) => Draft): void;
  readers: ReaderView[];
  /** The reader's entries as drafted, or as the service has them. */
  readerDraft(r: ReaderView): ReaderDraft;
  editReader(r: ReaderView, k: keyof ReaderDraft, value: string): void;
  mode: KioskMode;
  setMode(m: KioskMode): void;
  settings: KioskSettings;
  /** The service, for a section whose entries are saved by methods of their own (a workflow's lists). */
  api: KioskClient;
  /** Runs an admin call with the panel's admin session (an expired one sends back to the PIN; an error is shown). */
  runAdmin(f: (session: string) => Promise<void>): Promise<boolean>;
}

export interface FactsProps {
  status: ServiceStatus | null;
  trust: TrustStatus | null;
}
