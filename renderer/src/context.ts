/** What every screen needs: the language table and the settings. */
import { createContext, useContext } from 'react';
import { STRINGS, type Lang, type Strings } from './i18n/strings.js';
import { DEFAULT_SETTINGS, type UiSettings } from './settings.js';

export interface UiContext {
  lang: Lang;
  t: Strings;
  settings: UiSettings;
}

export const Ctx = createContext<UiContext>({ lang: 'vi', t: STRINGS.vi, settings: DEFAULT_SETTINGS });
export const useUi = (): UiContext => useContext(Ctx);
