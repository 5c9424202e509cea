/**
 * The sections of the settings form, in order: the core's (readers, general, scanner), then each
 * workflow's (features/index.ts). The panel renders this list and names no section itself.
 */
import type { ComponentType } from 'react';
import { FEATURES } from '../../../features/index.js';
import { GeneralSection } from './GeneralSection.js';
import { ReadersSection } from './ReadersSection.js';
import { ScannerSection } from './ScannerSection.js';
import type { SectionProps } from './types.js';

export interface Section {
  id: string;
  Component: ComponentType<SectionProps>;
}

export const SECTIONS: readonly Section[] = [
  { id: 'readers', Component: ReadersSection },
  { id: 'general', Component: GeneralSection },
  { id: 'scanner', Component: ScannerSection },
  ...FEATURES.flatMap((f) => (f.settingsSection ? [{ id: `workflow:${f.name}`, Component: f.settingsSection }] : [])),
];
