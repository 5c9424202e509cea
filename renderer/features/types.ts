/**
 * A workflow's side of the renderer: its folder `renderer/features/<name>/` exports one `Feature` (the same
 * name as the service's `electron/service/workflows/<name>/`), registered by one line in features/index.ts.
 * The settings panel shows each feature's section; the result screen of a counter running the feature may
 * be replaced by the feature's own.
 */
import type { ComponentType } from 'react';
import type { ReadResultView, ReaderView } from '../../electron/contract/types.js';
import type { SectionProps } from '../src/screens/settings/types.js';

export interface FeatureResultProps {
  reader: ReaderView | undefined;
  result: ReadResultView;
  /** Seconds until the result clears, and the way back to idle. */
  secondsLeft: number;
  onDone(): void;
}

export interface Feature {
  /** The workflow's name, as the service registers it. */
  name: string;
  label: { vi: string; en: string };
  /** The feature's section of the settings panel (inside the settings form), if it has settings. */
  settingsSection?: ComponentType<SectionProps>;
  /** The screen after a read at a counter running this feature; absent = the core's result screen. */
  resultScreen?: ComponentType<FeatureResultProps>;
}
