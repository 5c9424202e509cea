/** What every part of the dashboard needs: the language and its words (the kiosk's Lang, or the central page's). */
import { createContext, useContext } from 'react';
import type { Lang } from '../src/i18n/strings.js';
import { dashStrings, type DashStrings } from './strings.js';

export interface DashContext {
  lang: Lang;
  s: DashStrings;
}

export const DashCtx = createContext<DashContext>({ lang: 'vi', s: dashStrings('vi') });
export const useDash = (): DashContext => useContext(DashCtx);
