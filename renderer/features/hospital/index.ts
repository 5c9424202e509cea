/**
 * hospital: the reception desk's screens (the result screen after a read, today's visits, patient search,
 * operator sign-in, self-service) and its settings section. The service side is
 * electron/service/workflows/hospital/; the methods and answers are its contract.ts.
 */
import { createElement } from 'react';
import type { Feature, FeatureResultProps } from '../types.js';
import { useUi } from '../../src/context.js';
import { workflow } from './api.js';
import { HospitalHeader } from './Header.js';
import { checkHospitalSettings } from './logic.js';
import { Reception } from './Reception.js';
import { SelfService } from './SelfService.js';
import { HospitalSettings } from './Settings.js';
import './hospital.css';

/** The counter's mode (the kiosk setting) chooses the desk or the self-service screen. */
function HospitalResult(props: FeatureResultProps) {
  const { settings } = useUi();
  return createElement(settings.mode === 'self-service' ? SelfService : Reception, props);
}

export const hospital: Feature = {
  name: workflow.name,
  label: workflow.label,
  resultScreen: HospitalResult,
  settingsSection: HospitalSettings,
  headerActions: HospitalHeader,
  checkSettings: checkHospitalSettings,
};
