/**
 * A workflow's side of the renderer: its folder `renderer/features/<name>/` exports one `Feature` (the same
 * name as the service's `electron/service/workflows/<name>/`), registered by one line in features/index.ts.
 * The settings panel shows each feature's section; the result screen of a counter running the feature may
 * be replaced by the feature's own.
 */
import type { ComponentType } from 'react';
import type { KioskClient, ReadResultView, ReaderView } from '../../electron/contract/types.js';
import type { Lang } from '../src/i18n/strings.js';
import type { SectionProps } from '../src/screens/settings/types.js';

/** A workflow setting's value as getSettings shows it and updateSettings takes it. */
export type WorkflowSettingValue = string | number | boolean | null;

export interface FeatureResultProps {
  reader: ReaderView | undefined;
  result: ReadResultView;
  /** Seconds until the result clears, and the way back to idle. */
  secondsLeft: number;
  onDone(): void;
  /** The service (a feature calls its own methods through it, typed with ClientOf<its methods>). */
  api: KioskClient;
}

/** What a feature's part of the header gets: the counter the screen follows. */
export interface FeatureHeaderProps {
  api: KioskClient;
  reader: ReaderView;
}

export interface Feature {
  /** The workflow's name, as the service registers it. */
  name: string;
  label: { vi: string; en: string };
  /** The feature's section of the settings panel (inside the settings form), if it has settings. */
  settingsSection?: ComponentType<SectionProps>;
  /** The screen after a read at a counter running this feature; absent = the core's result screen. */
  resultScreen?: ComponentType<FeatureResultProps>;
  /** Buttons in the header while the selected counter runs this feature (its own screens open from there). */
  headerActions?: ComponentType<FeatureHeaderProps>;
  /**
   * Checks the feature's settings as drafted before anything is sent: a message per refused entry (in `lang`),
   * none when all is well. The service checks them again.
   */
  checkSettings?(values: Readonly<Record<string, WorkflowSettingValue>>, lang: Lang): string[];
}
